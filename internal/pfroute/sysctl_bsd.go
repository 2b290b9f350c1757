//go:build freebsd || openbsd || darwin

package pfroute

import (
	"fmt"
	"runtime"

	"github.com/nlroute/nlroute/internal/rtemu"
	"github.com/nlroute/nlroute/internal/sys"
	"github.com/nlroute/nlroute/wire"
)

// Host is the system this binary runs on.
var Host = func() OS {
	switch runtime.GOOS {
	case "freebsd":
		return FreeBSD
	case "openbsd":
		return OpenBSD
	}
	return Darwin
}()

// is64 reports a 64-bit port: the layouts are those of LP64, where long
// (rt_metrics on FreeBSD, sockaddr rounding) is 8 bytes.
const is64 = ^uint(0)>>63 == 1

// fetch reads one routing sysctl.
func fetch(s Sysctl) ([]byte, error) {
	if !is64 {
		return nil, fmt.Errorf("pfroute: %s on a 32-bit port: %w", runtime.GOOS, ErrOS)
	}
	op, arg := sys.RouteIfList, 0
	switch s {
	case SysctlDump:
		op = sys.RouteDump
	case SysctlLLInfo:
		op, arg = sys.RouteFlags, sys.RTFLLInfo
	}
	buf, err := sys.RoutingSysctl(op, arg)
	if err != nil {
		return nil, fmt.Errorf("pfroute: %w", err)
	}
	return buf, nil
}

// HostTransport returns the ring.Transport of this system: rtnetlink
// requests answered from the routing sysctl, read afresh for each dump
// (the buffer is allocated per read, the size of the table), and
// notifications read from a routing socket, which the first JoinGroup
// opens and Close closes (see Watch). See NewTransport.
func HostTransport() *rtemu.Transport {
	tab := Tables(Host, fetch)
	tab.Watch = Watch(Host, openRouteSocket)
	return rtemu.New(tab)
}

// openRouteSocket opens the routing socket a watcher reads.
func openRouteSocket() (Source, error) {
	if !is64 {
		return nil, fmt.Errorf("pfroute: %s on a 32-bit port: %w", runtime.GOOS, ErrOS)
	}
	s, err := sys.OpenRouteSocket()
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Links reads NET_RT_IFLIST and appends an RTM_NEWLINK per interface to
// b, each stamped with seq. It allocates the sysctl buffer (the size of
// the interface list). Errors: the sysctl's *sys.Error, ErrOS on a 32-bit
// port, or a translation error wrapping ErrMalformed or ErrVersion.
func Links(b *wire.Builder, seq uint32) error {
	buf, err := fetch(SysctlIfList)
	if err != nil {
		return err
	}
	return AppendLinks(b, Host, buf, seq)
}

// Addrs reads NET_RT_IFLIST and appends an RTM_NEWADDR per IPv4 and IPv6
// address to b. Costs and errors as Links.
func Addrs(b *wire.Builder, seq uint32) error {
	buf, err := fetch(SysctlIfList)
	if err != nil {
		return err
	}
	return AppendAddrs(b, Host, buf, seq)
}

// Routes reads NET_RT_DUMP and appends an RTM_NEWROUTE per IPv4 and IPv6
// route to b. Costs and errors as Links.
func Routes(b *wire.Builder, seq uint32) error {
	buf, err := fetch(SysctlDump)
	if err != nil {
		return err
	}
	return AppendRoutes(b, Host, buf, seq)
}

// Neighbours reads NET_RT_FLAGS with RTF_LLINFO and appends an
// RTM_NEWNEIGH per ARP and NDP entry to b. Costs and errors as Links.
func Neighbours(b *wire.Builder, seq uint32) error {
	buf, err := fetch(SysctlLLInfo)
	if err != nil {
		return err
	}
	return AppendNeighbours(b, Host, buf, seq)
}
