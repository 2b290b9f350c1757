//go:build !linux

package sys

import (
	"errors"
	"syscall"
)

// Tun describes a tun or tap device; see the Linux documentation.
type Tun struct {
	Name  string
	Flags uint16
	Owner int
	Group int
}

// The ifr_flags bits of tun devices (linux/if_tun.h).
const (
	TunFlagTun        = 0x1
	TunFlagTap        = 0x2
	TunFlagNoPI       = 0x1000
	TunFlagMultiQueue = 0x100
	TunFlagVnetHdr    = 0x4000
)

// ErrNetNSAmbiguous: see the Linux documentation.
var ErrNetNSAmbiguous = errors.New("sys: several netlink sockets with that port id live in different namespaces")

// TunCreate is Linux only.
func TunCreate(NetNS, Tun) (string, error) { return "", wrap("TUNSETIFF", syscall.ENOTSUP) }

// NetlinkNetNS is Linux only.
func NetlinkNetNS(uint32) (NetNS, func(), error) {
	return NetNS{}, nil, wrap("SIOCGSKNS", syscall.ENOTSUP)
}
