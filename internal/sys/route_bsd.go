//go:build freebsd || openbsd || darwin

package sys

import (
	"errors"
	"syscall"

	"golang.org/x/sys/unix"
)

// Routing sysctl operations (net/route.h), the fifth element of the MIB
// {CTL_NET, PF_ROUTE, 0, af, op, arg}.
const (
	RouteDump   = unix.NET_RT_DUMP   // the routing tables
	RouteFlags  = unix.NET_RT_FLAGS  // the entries whose flags include arg
	RouteIfList = unix.NET_RT_IFLIST // interfaces and their addresses
	RTFLLInfo   = unix.RTF_LLINFO    // arg of RouteFlags selecting ARP/NDP entries
)

// RoutingSysctl reads the routing sysctl {CTL_NET, PF_ROUTE, 0, 0, op,
// arg} (every address family) into a new buffer. The table can grow
// between the call that sizes the buffer and the call that fills it; the
// read is retried on ENOMEM, three times at most. Errors are *Error
// naming "sysctl".
//
// The call goes through the standard library's syscall.RouteRIB: x/sys/unix
// no longer exports a routing-sysctl call, and its SysctlRaw cannot name
// net.route on OpenBSD (its name table lacks it).
func RoutingSysctl(op, arg int) ([]byte, error) {
	var err error
	for range 3 {
		var b []byte
		//nolint:staticcheck // RouteRIB is deprecated in favour of x/net/route, which we do not use.
		b, err = syscall.RouteRIB(op, arg)
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, syscall.ENOMEM) {
			break
		}
	}
	return nil, &Error{Op: "sysctl", Err: err}
}
