// Code generated once from /usr/include/linux/if_bridge.h and
// /usr/include/linux/lwtunnel.h (Linux 6.1 UAPI); edited by hand since.
// Names are the kernel's.

package uapi

// Bridge attributes nested in IFLA_AF_SPEC of AF_BRIDGE link messages.
const (
	IFLA_BRIDGE_FLAGS            = 0
	IFLA_BRIDGE_MODE             = 1
	IFLA_BRIDGE_VLAN_INFO        = 2
	IFLA_BRIDGE_VLAN_TUNNEL_INFO = 3
	IFLA_BRIDGE_MRP              = 4
	IFLA_BRIDGE_CFM              = 5
	IFLA_BRIDGE_MST              = 6
)

// Lightweight tunnel encapsulation types (RTA_ENCAP_TYPE).
const (
	LWTUNNEL_ENCAP_NONE       = 0
	LWTUNNEL_ENCAP_MPLS       = 1
	LWTUNNEL_ENCAP_IP         = 2
	LWTUNNEL_ENCAP_ILA        = 3
	LWTUNNEL_ENCAP_IP6        = 4
	LWTUNNEL_ENCAP_SEG6       = 5
	LWTUNNEL_ENCAP_BPF        = 6
	LWTUNNEL_ENCAP_SEG6_LOCAL = 7
	LWTUNNEL_ENCAP_RPL        = 8
	LWTUNNEL_ENCAP_IOAM6      = 9
	LWTUNNEL_ENCAP_XFRM       = 10
)

// MPLS lightweight tunnel attributes, RTA_ENCAP of LWTUNNEL_ENCAP_MPLS.
const (
	MPLS_IPTUNNEL_UNSPEC = 0
	MPLS_IPTUNNEL_DST    = 1
	MPLS_IPTUNNEL_TTL    = 2
)
