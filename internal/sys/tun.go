//go:build linux

package sys

import (
	"errors"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// Tun describes a tun or tap device for [TunCreate]: pyroute2's tuntap
// keywords, the flags of struct ifreq's ifr_flags (IFF_TUN/IFF_TAP,
// IFF_NO_PI, IFF_MULTI_QUEUE, IFF_VNET_HDR) and its owner.
type Tun struct {
	Name  string // the device name, at most 15 bytes; "" lets the kernel pick tunN/tapN
	Flags uint16 // ifr_flags; IFF_TUN or IFF_TAP must be set
	Owner int    // uid allowed to attach, or -1 for none (TUNSETOWNER)
	Group int    // gid allowed to attach, or -1 for none (TUNSETGROUP)
}

// The ifr_flags bits of tun devices (linux/if_tun.h).
const (
	TunFlagTun        = unix.IFF_TUN
	TunFlagTap        = unix.IFF_TAP
	TunFlagNoPI       = unix.IFF_NO_PI
	TunFlagMultiQueue = unix.IFF_MULTI_QUEUE
	TunFlagVnetHdr    = unix.IFF_VNET_HDR
)

// TunCreate creates a persistent tun or tap device in namespace ns the
// way ip-tuntap(8) does: it opens /dev/net/tun inside ns (the device is
// created in the namespace the descriptor was opened in), sets the
// interface with TUNSETIFF, its owner and group, marks it persistent and
// closes the descriptor. It returns the device's name (the kernel's
// choice when t.Name is empty). Errors are *Error values naming the
// step ("open /dev/net/tun", "TUNSETIFF" …) and wrapping the errno.
func TunCreate(ns NetNS, t Tun) (string, error) {
	if len(t.Name) >= unix.IFNAMSIZ {
		return "", wrap("tun name", unix.EINVAL)
	}
	fd := -1
	err := ns.Do(func() error {
		var err error
		fd, err = unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_CLOEXEC, 0)
		return wrap("open /dev/net/tun", err)
	})
	if err != nil {
		return "", err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq(t.Name)
	if err != nil {
		return "", wrap("tun name", err)
	}
	ifr.SetUint16(t.Flags)
	if err := unix.IoctlIfreq(fd, unix.TUNSETIFF, ifr); err != nil {
		return "", wrap("TUNSETIFF", err)
	}
	name := ifr.Name()
	if t.Owner >= 0 {
		if err := unix.IoctlSetInt(fd, unix.TUNSETOWNER, t.Owner); err != nil {
			return name, wrap("TUNSETOWNER", err)
		}
	}
	if t.Group >= 0 {
		if err := unix.IoctlSetInt(fd, unix.TUNSETGROUP, t.Group); err != nil {
			return name, wrap("TUNSETGROUP", err)
		}
	}
	if err := unix.IoctlSetInt(fd, unix.TUNSETPERSIST, 1); err != nil {
		return name, wrap("TUNSETPERSIST", err)
	}
	return name, nil
}

// ErrNetNSAmbiguous is returned by [NetlinkNetNS] when the process has
// several NETLINK_ROUTE sockets with the port id asked for, in different
// namespaces.
var ErrNetNSAmbiguous = errors.New("sys: several netlink sockets with that port id live in different namespaces")

// NetlinkNetNS finds the network namespace of this process's
// NETLINK_ROUTE socket bound to port id port: it looks through the
// process's descriptors for netlink sockets with that port id and asks
// the kernel for each one's namespace (SIOCGSKNS). It returns the
// namespace as a NetNSFD over a new descriptor, which the caller closes
// with the returned function. Port ids are unique within a namespace
// only, so several matching sockets in different namespaces are
// ErrNetNSAmbiguous; none is an *Error wrapping ENOENT.
func NetlinkNetNS(port uint32) (NetNS, func(), error) {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return NetNS{}, nil, wrap("read /proc/self/fd", err)
	}
	found, ino := -1, uint64(0)
	for _, e := range ents {
		fd, err := strconv.Atoi(e.Name())
		if err != nil || !isNetlinkRoute(fd, port) {
			continue
		}
		nsfd, err := unix.IoctlRetInt(fd, unix.SIOCGSKNS)
		if err != nil {
			continue // closed meanwhile, or not ours to ask
		}
		var st unix.Stat_t
		if unix.Fstat(nsfd, &st) != nil {
			unix.Close(nsfd)
			continue
		}
		switch {
		case found < 0:
			found, ino = nsfd, st.Ino
		case st.Ino == ino:
			unix.Close(nsfd)
		default:
			unix.Close(nsfd)
			unix.Close(found)
			return NetNS{}, nil, ErrNetNSAmbiguous
		}
	}
	if found < 0 {
		return NetNS{}, nil, wrap("find netlink socket", unix.ENOENT)
	}
	return NetNSFD(found), func() { unix.Close(found) }, nil
}

func isNetlinkRoute(fd int, port uint32) bool {
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return false
	}
	nl, ok := sa.(*unix.SockaddrNetlink)
	if !ok || nl.Pid != port {
		return false
	}
	proto, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PROTOCOL)
	return err == nil && proto == unix.NETLINK_ROUTE
}
