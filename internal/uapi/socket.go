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
	IFF_UP        = 0x1
	IFF_BROADCAST = 0x2
	IFF_LOOPBACK  = 0x8
	IFF_RUNNING   = 0x40
	IFF_MULTICAST = 0x1000
	IFF_LOWER_UP  = 0x10000
)
