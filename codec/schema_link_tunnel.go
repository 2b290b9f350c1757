package codec

import "github.com/nlroute/nlroute/internal/uapi"

// IFLA_INFO_DATA tables of the IP tunnel kinds (if_tunnel.h). Address
// attributes hold 4 bytes for the IPv4 kinds and 16 for the IPv6 ones.

// greDataAttrs: kinds "gre", "gretap", "erspan", "ip6gre", "ip6gretap" and
// "ip6erspan".
var greDataAttrs = NewTable("gre_data", "IFLA_",
	attr(uapi.IFLA_GRE_LINK, "IFLA_GRE_LINK", KindU32),
	attr(uapi.IFLA_GRE_IFLAGS, "IFLA_GRE_IFLAGS", KindBE16),
	attr(uapi.IFLA_GRE_OFLAGS, "IFLA_GRE_OFLAGS", KindBE16),
	attr(uapi.IFLA_GRE_IKEY, "IFLA_GRE_IKEY", KindBE32),
	attr(uapi.IFLA_GRE_OKEY, "IFLA_GRE_OKEY", KindBE32),
	attr(uapi.IFLA_GRE_LOCAL, "IFLA_GRE_LOCAL", KindAddr),
	attr(uapi.IFLA_GRE_REMOTE, "IFLA_GRE_REMOTE", KindAddr),
	attr(uapi.IFLA_GRE_TTL, "IFLA_GRE_TTL", KindU8),
	attr(uapi.IFLA_GRE_TOS, "IFLA_GRE_TOS", KindU8),
	attr(uapi.IFLA_GRE_PMTUDISC, "IFLA_GRE_PMTUDISC", KindU8),
	attr(uapi.IFLA_GRE_ENCAP_LIMIT, "IFLA_GRE_ENCAP_LIMIT", KindU8),
	attr(uapi.IFLA_GRE_FLOWINFO, "IFLA_GRE_FLOWINFO", KindBE32),
	attr(uapi.IFLA_GRE_FLAGS, "IFLA_GRE_FLAGS", KindU32),
	attr(uapi.IFLA_GRE_ENCAP_TYPE, "IFLA_GRE_ENCAP_TYPE", KindU16),
	attr(uapi.IFLA_GRE_ENCAP_FLAGS, "IFLA_GRE_ENCAP_FLAGS", KindU16),
	attr(uapi.IFLA_GRE_ENCAP_SPORT, "IFLA_GRE_ENCAP_SPORT", KindBE16),
	attr(uapi.IFLA_GRE_ENCAP_DPORT, "IFLA_GRE_ENCAP_DPORT", KindBE16),
	attr(uapi.IFLA_GRE_COLLECT_METADATA, "IFLA_GRE_COLLECT_METADATA", KindFlag),
	attr(uapi.IFLA_GRE_IGNORE_DF, "IFLA_GRE_IGNORE_DF", KindU8),
	attr(uapi.IFLA_GRE_FWMARK, "IFLA_GRE_FWMARK", KindU32),
	attr(uapi.IFLA_GRE_ERSPAN_INDEX, "IFLA_GRE_ERSPAN_INDEX", KindU32),
	attr(uapi.IFLA_GRE_ERSPAN_VER, "IFLA_GRE_ERSPAN_VER", KindU8),
	attr(uapi.IFLA_GRE_ERSPAN_DIR, "IFLA_GRE_ERSPAN_DIR", KindU8),
	attr(uapi.IFLA_GRE_ERSPAN_HWID, "IFLA_GRE_ERSPAN_HWID", KindU16),
)

// iptunDataAttrs: kinds "ipip" and "ip6tnl" (IFLA_IPTUN_FLAGS a u32).
var iptunDataAttrs = NewTable("iptun_data", "IFLA_",
	attr(uapi.IFLA_IPTUN_LINK, "IFLA_IPTUN_LINK", KindU32),
	attr(uapi.IFLA_IPTUN_LOCAL, "IFLA_IPTUN_LOCAL", KindAddr),
	attr(uapi.IFLA_IPTUN_REMOTE, "IFLA_IPTUN_REMOTE", KindAddr),
	attr(uapi.IFLA_IPTUN_TTL, "IFLA_IPTUN_TTL", KindU8),
	attr(uapi.IFLA_IPTUN_TOS, "IFLA_IPTUN_TOS", KindU8),
	attr(uapi.IFLA_IPTUN_ENCAP_LIMIT, "IFLA_IPTUN_ENCAP_LIMIT", KindU8),
	attr(uapi.IFLA_IPTUN_FLOWINFO, "IFLA_IPTUN_FLOWINFO", KindBE32),
	attr(uapi.IFLA_IPTUN_FLAGS, "IFLA_IPTUN_FLAGS", KindU32),
	attr(uapi.IFLA_IPTUN_PROTO, "IFLA_IPTUN_PROTO", KindU8),
	attr(uapi.IFLA_IPTUN_PMTUDISC, "IFLA_IPTUN_PMTUDISC", KindU8),
	attr(uapi.IFLA_IPTUN_6RD_PREFIX, "IFLA_IPTUN_6RD_PREFIX", KindAddr),
	attr(uapi.IFLA_IPTUN_6RD_RELAY_PREFIX, "IFLA_IPTUN_6RD_RELAY_PREFIX", KindAddr),
	attr(uapi.IFLA_IPTUN_6RD_PREFIXLEN, "IFLA_IPTUN_6RD_PREFIXLEN", KindU16),
	attr(uapi.IFLA_IPTUN_6RD_RELAY_PREFIXLEN, "IFLA_IPTUN_6RD_RELAY_PREFIXLEN", KindU16),
	attr(uapi.IFLA_IPTUN_ENCAP_TYPE, "IFLA_IPTUN_ENCAP_TYPE", KindU16),
	attr(uapi.IFLA_IPTUN_ENCAP_FLAGS, "IFLA_IPTUN_ENCAP_FLAGS", KindU16),
	attr(uapi.IFLA_IPTUN_ENCAP_SPORT, "IFLA_IPTUN_ENCAP_SPORT", KindBE16),
	attr(uapi.IFLA_IPTUN_ENCAP_DPORT, "IFLA_IPTUN_ENCAP_DPORT", KindBE16),
	attr(uapi.IFLA_IPTUN_COLLECT_METADATA, "IFLA_IPTUN_COLLECT_METADATA", KindFlag),
	attr(uapi.IFLA_IPTUN_FWMARK, "IFLA_IPTUN_FWMARK", KindU32),
)

// sitDataAttrs: kind "sit", whose IFLA_IPTUN_FLAGS is a u16.
var sitDataAttrs = NewTable("sit_data", "IFLA_",
	attr(uapi.IFLA_IPTUN_LINK, "IFLA_IPTUN_LINK", KindU32),
	attr(uapi.IFLA_IPTUN_LOCAL, "IFLA_IPTUN_LOCAL", KindAddr),
	attr(uapi.IFLA_IPTUN_REMOTE, "IFLA_IPTUN_REMOTE", KindAddr),
	attr(uapi.IFLA_IPTUN_TTL, "IFLA_IPTUN_TTL", KindU8),
	attr(uapi.IFLA_IPTUN_TOS, "IFLA_IPTUN_TOS", KindU8),
	attr(uapi.IFLA_IPTUN_ENCAP_LIMIT, "IFLA_IPTUN_ENCAP_LIMIT", KindU8),
	attr(uapi.IFLA_IPTUN_FLOWINFO, "IFLA_IPTUN_FLOWINFO", KindBE32),
	attr(uapi.IFLA_IPTUN_FLAGS, "IFLA_IPTUN_FLAGS", KindU16),
	attr(uapi.IFLA_IPTUN_PROTO, "IFLA_IPTUN_PROTO", KindU8),
	attr(uapi.IFLA_IPTUN_PMTUDISC, "IFLA_IPTUN_PMTUDISC", KindU8),
	attr(uapi.IFLA_IPTUN_6RD_PREFIX, "IFLA_IPTUN_6RD_PREFIX", KindAddr),
	attr(uapi.IFLA_IPTUN_6RD_RELAY_PREFIX, "IFLA_IPTUN_6RD_RELAY_PREFIX", KindAddr),
	attr(uapi.IFLA_IPTUN_6RD_PREFIXLEN, "IFLA_IPTUN_6RD_PREFIXLEN", KindU16),
	attr(uapi.IFLA_IPTUN_6RD_RELAY_PREFIXLEN, "IFLA_IPTUN_6RD_RELAY_PREFIXLEN", KindU16),
	attr(uapi.IFLA_IPTUN_ENCAP_TYPE, "IFLA_IPTUN_ENCAP_TYPE", KindU16),
	attr(uapi.IFLA_IPTUN_ENCAP_FLAGS, "IFLA_IPTUN_ENCAP_FLAGS", KindU16),
	attr(uapi.IFLA_IPTUN_ENCAP_SPORT, "IFLA_IPTUN_ENCAP_SPORT", KindBE16),
	attr(uapi.IFLA_IPTUN_ENCAP_DPORT, "IFLA_IPTUN_ENCAP_DPORT", KindBE16),
	attr(uapi.IFLA_IPTUN_COLLECT_METADATA, "IFLA_IPTUN_COLLECT_METADATA", KindFlag),
	attr(uapi.IFLA_IPTUN_FWMARK, "IFLA_IPTUN_FWMARK", KindU32),
)

// vtiDataAttrs: kinds "vti" and "vti6".
var vtiDataAttrs = NewTable("vti_data", "IFLA_",
	attr(uapi.IFLA_VTI_LINK, "IFLA_VTI_LINK", KindU32),
	attr(uapi.IFLA_VTI_IKEY, "IFLA_VTI_IKEY", KindBE32),
	attr(uapi.IFLA_VTI_OKEY, "IFLA_VTI_OKEY", KindBE32),
	attr(uapi.IFLA_VTI_LOCAL, "IFLA_VTI_LOCAL", KindAddr),
	attr(uapi.IFLA_VTI_REMOTE, "IFLA_VTI_REMOTE", KindAddr),
	attr(uapi.IFLA_VTI_FWMARK, "IFLA_VTI_FWMARK", KindU32),
)
