// Written by hand from include/linux/socket.h (address families) and
// include/uapi/linux/if.h (interface flags). Names are the kernel's.

package uapi

// Address families (AF_*) that rtnetlink uses in family fields and as
// attribute types inside IFLA_AF_SPEC.
const (
	AF_UNSPEC = 0
	AF_INET   = 2
	AF_BRIDGE = 7
	AF_INET6  = 10
	AF_PACKET = 17
	AF_MPLS   = 28
	AF_MCTP   = 45
)

// Interface flags (ifi_flags, enum net_device_flags).
const (
	IFF_UP          = 0x1
	IFF_BROADCAST   = 0x2
	IFF_DEBUG       = 0x4
	IFF_LOOPBACK    = 0x8
	IFF_POINTOPOINT = 0x10
	IFF_NOTRAILERS  = 0x20
	IFF_RUNNING     = 0x40
	IFF_NOARP       = 0x80
	IFF_PROMISC     = 0x100
	IFF_ALLMULTI    = 0x200
	IFF_MASTER      = 0x400
	IFF_SLAVE       = 0x800
	IFF_MULTICAST   = 0x1000
	IFF_PORTSEL     = 0x2000
	IFF_AUTOMEDIA   = 0x4000
	IFF_DYNAMIC     = 0x8000
	IFF_LOWER_UP    = 0x10000
	IFF_DORMANT     = 0x20000
	IFF_ECHO        = 0x40000
)
