// Code generated once from /usr/include/linux/if_tunnel.h (Linux 6.1 UAPI) by extracting its enums
// and defines; edited by hand since. Members newer than 6.1 are added by
// hand with the kernel release that introduced them. Names are the
// kernel's.

package uapi

// IP tunnel attributes, IFLA_INFO_DATA of kinds "ipip", "sit" and "ip6tnl".
const (
	IFLA_IPTUN_UNSPEC              = 0
	IFLA_IPTUN_LINK                = 1
	IFLA_IPTUN_LOCAL               = 2
	IFLA_IPTUN_REMOTE              = 3
	IFLA_IPTUN_TTL                 = 4
	IFLA_IPTUN_TOS                 = 5
	IFLA_IPTUN_ENCAP_LIMIT         = 6
	IFLA_IPTUN_FLOWINFO            = 7
	IFLA_IPTUN_FLAGS               = 8
	IFLA_IPTUN_PROTO               = 9
	IFLA_IPTUN_PMTUDISC            = 10
	IFLA_IPTUN_6RD_PREFIX          = 11
	IFLA_IPTUN_6RD_RELAY_PREFIX    = 12
	IFLA_IPTUN_6RD_PREFIXLEN       = 13
	IFLA_IPTUN_6RD_RELAY_PREFIXLEN = 14
	IFLA_IPTUN_ENCAP_TYPE          = 15
	IFLA_IPTUN_ENCAP_FLAGS         = 16
	IFLA_IPTUN_ENCAP_SPORT         = 17
	IFLA_IPTUN_ENCAP_DPORT         = 18
	IFLA_IPTUN_COLLECT_METADATA    = 19
	IFLA_IPTUN_FWMARK              = 20
)

// Tunnel encapsulation types (IFLA_*_ENCAP_TYPE).
const (
	TUNNEL_ENCAP_NONE = 0
	TUNNEL_ENCAP_FOU  = 1
	TUNNEL_ENCAP_GUE  = 2
	TUNNEL_ENCAP_MPLS = 3
)

// GRE attributes, IFLA_INFO_DATA of kinds "gre", "gretap", "erspan", "ip6gre", "ip6gretap" and "ip6erspan".
const (
	IFLA_GRE_UNSPEC           = 0
	IFLA_GRE_LINK             = 1
	IFLA_GRE_IFLAGS           = 2
	IFLA_GRE_OFLAGS           = 3
	IFLA_GRE_IKEY             = 4
	IFLA_GRE_OKEY             = 5
	IFLA_GRE_LOCAL            = 6
	IFLA_GRE_REMOTE           = 7
	IFLA_GRE_TTL              = 8
	IFLA_GRE_TOS              = 9
	IFLA_GRE_PMTUDISC         = 10
	IFLA_GRE_ENCAP_LIMIT      = 11
	IFLA_GRE_FLOWINFO         = 12
	IFLA_GRE_FLAGS            = 13
	IFLA_GRE_ENCAP_TYPE       = 14
	IFLA_GRE_ENCAP_FLAGS      = 15
	IFLA_GRE_ENCAP_SPORT      = 16
	IFLA_GRE_ENCAP_DPORT      = 17
	IFLA_GRE_COLLECT_METADATA = 18
	IFLA_GRE_IGNORE_DF        = 19
	IFLA_GRE_FWMARK           = 20
	IFLA_GRE_ERSPAN_INDEX     = 21
	IFLA_GRE_ERSPAN_VER       = 22
	IFLA_GRE_ERSPAN_DIR       = 23
	IFLA_GRE_ERSPAN_HWID      = 24
)

// VTI attributes, IFLA_INFO_DATA of kinds "vti" and "vti6".
const (
	IFLA_VTI_UNSPEC = 0
	IFLA_VTI_LINK   = 1
	IFLA_VTI_IKEY   = 2
	IFLA_VTI_OKEY   = 3
	IFLA_VTI_LOCAL  = 4
	IFLA_VTI_REMOTE = 5
	IFLA_VTI_FWMARK = 6
)

// Tunnel encapsulation flags.
const (
	TUNNEL_ENCAP_FLAG_CSUM    = (1 << 0)
	TUNNEL_ENCAP_FLAG_CSUM6   = (1 << 1)
	TUNNEL_ENCAP_FLAG_REMCSUM = (1 << 2)
)

// SIT and GRE flags.
const (
	SIT_ISATAP = 0x0001
)
