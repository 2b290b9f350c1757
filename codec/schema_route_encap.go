package codec

import "github.com/nlroute/nlroute/internal/uapi"

// RTA_ENCAP tables, chosen by RTA_ENCAP_TYPE (and NHA_ENCAP by
// NHA_ENCAP_TYPE): one per lightweight tunnel type. Segment routing
// headers (struct ipv6_sr_hdr and struct seg6_iptunnel_encap, variable
// length) and the IOAM6 trace header stay binary.

// encapTables maps LWTUNNEL_ENCAP_* to the table of RTA_ENCAP.
var encapTables = map[uint64]*Table{
	uapi.LWTUNNEL_ENCAP_MPLS:       mplsEncapAttrs,
	uapi.LWTUNNEL_ENCAP_IP:         ipEncapAttrs,
	uapi.LWTUNNEL_ENCAP_ILA:        ilaEncapAttrs,
	uapi.LWTUNNEL_ENCAP_IP6:        ip6EncapAttrs,
	uapi.LWTUNNEL_ENCAP_SEG6:       seg6EncapAttrs,
	uapi.LWTUNNEL_ENCAP_BPF:        bpfEncapAttrs,
	uapi.LWTUNNEL_ENCAP_SEG6_LOCAL: seg6LocalAttrs,
	uapi.LWTUNNEL_ENCAP_RPL:        rplEncapAttrs,
	uapi.LWTUNNEL_ENCAP_IOAM6:      ioam6EncapAttrs,
	uapi.LWTUNNEL_ENCAP_XFRM:       xfrmEncapAttrs,
}

// mplsEncapAttrs is RTA_ENCAP of LWTUNNEL_ENCAP_MPLS: the label stack as
// big-endian label stack entries.
var mplsEncapAttrs = NewTable("mpls_encap", "MPLS_IPTUNNEL_",
	array(uapi.MPLS_IPTUNNEL_DST, "MPLS_IPTUNNEL_DST", KindBE32),
	attr(uapi.MPLS_IPTUNNEL_TTL, "MPLS_IPTUNNEL_TTL", KindU8),
)

// ipEncapAttrs is RTA_ENCAP of LWTUNNEL_ENCAP_IP (metadata for a
// collect_md tunnel device).
var ipEncapAttrs = NewTable("ip_encap", "LWTUNNEL_IP_",
	attr(uapi.LWTUNNEL_IP_ID, "LWTUNNEL_IP_ID", KindBE64),
	attr(uapi.LWTUNNEL_IP_DST, "LWTUNNEL_IP_DST", KindAddr),
	attr(uapi.LWTUNNEL_IP_SRC, "LWTUNNEL_IP_SRC", KindAddr),
	attr(uapi.LWTUNNEL_IP_TTL, "LWTUNNEL_IP_TTL", KindU8),
	attr(uapi.LWTUNNEL_IP_TOS, "LWTUNNEL_IP_TOS", KindU8),
	attr(uapi.LWTUNNEL_IP_FLAGS, "LWTUNNEL_IP_FLAGS", KindBE16),
	attr(uapi.LWTUNNEL_IP_PAD, "LWTUNNEL_IP_PAD", KindBinary),
	nested(uapi.LWTUNNEL_IP_OPTS, "LWTUNNEL_IP_OPTS", ipEncapOptsAttrs),
)

// ip6EncapAttrs is RTA_ENCAP of LWTUNNEL_ENCAP_IP6.
var ip6EncapAttrs = NewTable("ip6_encap", "LWTUNNEL_IP6_",
	attr(uapi.LWTUNNEL_IP6_ID, "LWTUNNEL_IP6_ID", KindBE64),
	attr(uapi.LWTUNNEL_IP6_DST, "LWTUNNEL_IP6_DST", KindAddr),
	attr(uapi.LWTUNNEL_IP6_SRC, "LWTUNNEL_IP6_SRC", KindAddr),
	attr(uapi.LWTUNNEL_IP6_HOPLIMIT, "LWTUNNEL_IP6_HOPLIMIT", KindU8),
	attr(uapi.LWTUNNEL_IP6_TC, "LWTUNNEL_IP6_TC", KindU8),
	attr(uapi.LWTUNNEL_IP6_FLAGS, "LWTUNNEL_IP6_FLAGS", KindBE16),
	attr(uapi.LWTUNNEL_IP6_PAD, "LWTUNNEL_IP6_PAD", KindBinary),
	nested(uapi.LWTUNNEL_IP6_OPTS, "LWTUNNEL_IP6_OPTS", ipEncapOptsAttrs),
)

// ipEncapOptsAttrs is LWTUNNEL_IP_OPTS and LWTUNNEL_IP6_OPTS.
var ipEncapOptsAttrs = NewTable("ip_encap_opts", "LWTUNNEL_IP_OPTS_",
	nested(uapi.LWTUNNEL_IP_OPTS_GENEVE, "LWTUNNEL_IP_OPTS_GENEVE", ipEncapGeneveAttrs),
	nested(uapi.LWTUNNEL_IP_OPTS_VXLAN, "LWTUNNEL_IP_OPTS_VXLAN", ipEncapVxlanAttrs),
	nested(uapi.LWTUNNEL_IP_OPTS_ERSPAN, "LWTUNNEL_IP_OPTS_ERSPAN", ipEncapErspanAttrs),
)

var ipEncapGeneveAttrs = NewTable("ip_encap_geneve", "LWTUNNEL_IP_OPT_GENEVE_",
	attr(uapi.LWTUNNEL_IP_OPT_GENEVE_CLASS, "LWTUNNEL_IP_OPT_GENEVE_CLASS", KindBE16),
	attr(uapi.LWTUNNEL_IP_OPT_GENEVE_TYPE, "LWTUNNEL_IP_OPT_GENEVE_TYPE", KindU8),
	attr(uapi.LWTUNNEL_IP_OPT_GENEVE_DATA, "LWTUNNEL_IP_OPT_GENEVE_DATA", KindBinary),
)

var ipEncapVxlanAttrs = NewTable("ip_encap_vxlan", "LWTUNNEL_IP_OPT_VXLAN_",
	attr(uapi.LWTUNNEL_IP_OPT_VXLAN_GBP, "LWTUNNEL_IP_OPT_VXLAN_GBP", KindU32),
)

var ipEncapErspanAttrs = NewTable("ip_encap_erspan", "LWTUNNEL_IP_OPT_ERSPAN_",
	attr(uapi.LWTUNNEL_IP_OPT_ERSPAN_VER, "LWTUNNEL_IP_OPT_ERSPAN_VER", KindU8),
	attr(uapi.LWTUNNEL_IP_OPT_ERSPAN_INDEX, "LWTUNNEL_IP_OPT_ERSPAN_INDEX", KindBE32),
	attr(uapi.LWTUNNEL_IP_OPT_ERSPAN_DIR, "LWTUNNEL_IP_OPT_ERSPAN_DIR", KindU8),
	attr(uapi.LWTUNNEL_IP_OPT_ERSPAN_HWID, "LWTUNNEL_IP_OPT_ERSPAN_HWID", KindU8),
)

// ilaEncapAttrs is RTA_ENCAP of LWTUNNEL_ENCAP_ILA.
var ilaEncapAttrs = NewTable("ila_encap", "ILA_ATTR_",
	attr(uapi.ILA_ATTR_LOCATOR, "ILA_ATTR_LOCATOR", KindU64),
	attr(uapi.ILA_ATTR_IDENTIFIER, "ILA_ATTR_IDENTIFIER", KindU64),
	attr(uapi.ILA_ATTR_LOCATOR_MATCH, "ILA_ATTR_LOCATOR_MATCH", KindU64),
	attr(uapi.ILA_ATTR_IFINDEX, "ILA_ATTR_IFINDEX", KindU32),
	attr(uapi.ILA_ATTR_DIR, "ILA_ATTR_DIR", KindU32),
	attr(uapi.ILA_ATTR_PAD, "ILA_ATTR_PAD", KindBinary),
	attr(uapi.ILA_ATTR_CSUM_MODE, "ILA_ATTR_CSUM_MODE", KindU8),
	attr(uapi.ILA_ATTR_IDENT_TYPE, "ILA_ATTR_IDENT_TYPE", KindU8),
	attr(uapi.ILA_ATTR_HOOK_TYPE, "ILA_ATTR_HOOK_TYPE", KindU8),
)

// seg6EncapAttrs is RTA_ENCAP of LWTUNNEL_ENCAP_SEG6: SEG6_IPTUNNEL_SRH is
// struct seg6_iptunnel_encap (an int mode, then the routing header).
var seg6EncapAttrs = NewTable("seg6_encap", "SEG6_IPTUNNEL_",
	attr(uapi.SEG6_IPTUNNEL_SRH, "SEG6_IPTUNNEL_SRH", KindBinary),
)

// seg6LocalAttrs is RTA_ENCAP of LWTUNNEL_ENCAP_SEG6_LOCAL.
var seg6LocalAttrs = NewTable("seg6local", "SEG6_LOCAL_",
	attr(uapi.SEG6_LOCAL_ACTION, "SEG6_LOCAL_ACTION", KindU32),
	attr(uapi.SEG6_LOCAL_SRH, "SEG6_LOCAL_SRH", KindBinary),
	attr(uapi.SEG6_LOCAL_TABLE, "SEG6_LOCAL_TABLE", KindU32),
	attr(uapi.SEG6_LOCAL_NH4, "SEG6_LOCAL_NH4", KindAddr),
	attr(uapi.SEG6_LOCAL_NH6, "SEG6_LOCAL_NH6", KindAddr),
	attr(uapi.SEG6_LOCAL_IIF, "SEG6_LOCAL_IIF", KindU32),
	attr(uapi.SEG6_LOCAL_OIF, "SEG6_LOCAL_OIF", KindU32),
	nested(uapi.SEG6_LOCAL_BPF, "SEG6_LOCAL_BPF", seg6LocalBPFAttrs),
	attr(uapi.SEG6_LOCAL_VRFTABLE, "SEG6_LOCAL_VRFTABLE", KindU32),
	nested(uapi.SEG6_LOCAL_COUNTERS, "SEG6_LOCAL_COUNTERS", seg6LocalCountersAttrs),
	nested(uapi.SEG6_LOCAL_FLAVORS, "SEG6_LOCAL_FLAVORS", seg6LocalFlavorsAttrs),
)

var seg6LocalBPFAttrs = NewTable("seg6local_bpf", "SEG6_LOCAL_BPF_",
	attr(uapi.SEG6_LOCAL_BPF_PROG, "SEG6_LOCAL_BPF_PROG", KindU32),
	attr(uapi.SEG6_LOCAL_BPF_PROG_NAME, "SEG6_LOCAL_BPF_PROG_NAME", KindString),
)

var seg6LocalCountersAttrs = NewTable("seg6local_counters", "SEG6_LOCAL_CNT_",
	attr(uapi.SEG6_LOCAL_CNT_PAD, "SEG6_LOCAL_CNT_PAD", KindBinary),
	attr(uapi.SEG6_LOCAL_CNT_PACKETS, "SEG6_LOCAL_CNT_PACKETS", KindU64),
	attr(uapi.SEG6_LOCAL_CNT_BYTES, "SEG6_LOCAL_CNT_BYTES", KindU64),
	attr(uapi.SEG6_LOCAL_CNT_ERRORS, "SEG6_LOCAL_CNT_ERRORS", KindU64),
)

var seg6LocalFlavorsAttrs = NewTable("seg6local_flavors", "SEG6_LOCAL_FLV_",
	attr(uapi.SEG6_LOCAL_FLV_OPERATION, "SEG6_LOCAL_FLV_OPERATION", KindU32),
	attr(uapi.SEG6_LOCAL_FLV_LCBLOCK_BITS, "SEG6_LOCAL_FLV_LCBLOCK_BITS", KindU8),
	attr(uapi.SEG6_LOCAL_FLV_LCNODE_FN_BITS, "SEG6_LOCAL_FLV_LCNODE_FN_BITS", KindU8),
)

// bpfEncapAttrs is RTA_ENCAP of LWTUNNEL_ENCAP_BPF.
var bpfEncapAttrs = NewTable("bpf_encap", "LWT_BPF_",
	nested(uapi.LWT_BPF_IN, "LWT_BPF_IN", bpfEncapProgAttrs),
	nested(uapi.LWT_BPF_OUT, "LWT_BPF_OUT", bpfEncapProgAttrs),
	nested(uapi.LWT_BPF_XMIT, "LWT_BPF_XMIT", bpfEncapProgAttrs),
	attr(uapi.LWT_BPF_XMIT_HEADROOM, "LWT_BPF_XMIT_HEADROOM", KindU32),
)

var bpfEncapProgAttrs = NewTable("bpf_encap_prog", "LWT_BPF_PROG_",
	attr(uapi.LWT_BPF_PROG_FD, "LWT_BPF_PROG_FD", KindU32),
	attr(uapi.LWT_BPF_PROG_NAME, "LWT_BPF_PROG_NAME", KindString),
)

// rplEncapAttrs is RTA_ENCAP of LWTUNNEL_ENCAP_RPL.
var rplEncapAttrs = NewTable("rpl_encap", "RPL_IPTUNNEL_",
	attr(uapi.RPL_IPTUNNEL_SRH, "RPL_IPTUNNEL_SRH", KindBinary),
)

// ioam6EncapAttrs is RTA_ENCAP of LWTUNNEL_ENCAP_IOAM6.
var ioam6EncapAttrs = NewTable("ioam6_encap", "IOAM6_IPTUNNEL_",
	attr(uapi.IOAM6_IPTUNNEL_MODE, "IOAM6_IPTUNNEL_MODE", KindU8),
	attr(uapi.IOAM6_IPTUNNEL_DST, "IOAM6_IPTUNNEL_DST", KindAddr),
	attr(uapi.IOAM6_IPTUNNEL_TRACE, "IOAM6_IPTUNNEL_TRACE", KindBinary),
	attr(uapi.IOAM6_IPTUNNEL_FREQ_K, "IOAM6_IPTUNNEL_FREQ_K", KindU32),
	attr(uapi.IOAM6_IPTUNNEL_FREQ_N, "IOAM6_IPTUNNEL_FREQ_N", KindU32),
)

// xfrmEncapAttrs is RTA_ENCAP of LWTUNNEL_ENCAP_XFRM.
var xfrmEncapAttrs = NewTable("xfrm_encap", "LWT_XFRM_",
	attr(uapi.LWT_XFRM_IF_ID, "LWT_XFRM_IF_ID", KindU32),
	attr(uapi.LWT_XFRM_LINK, "LWT_XFRM_LINK", KindU32),
)
