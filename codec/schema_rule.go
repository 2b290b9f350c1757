package codec

import "github.com/nlroute/nlroute/internal/uapi"

// Rule is the schema of RTM_NEWRULE/RTM_DELRULE/RTM_GETRULE messages:
// struct fib_rule_hdr and the FRA_* attributes (pyroute2's fibmsg).
// "src"/"dst" with a prefix set src_len/dst_len too; "table" sets both
// the header's table and FRA_TABLE.
var Rule = &Schema{
	Name:   "rule",
	Header: FibRuleHdr,
	Attrs:  ruleAttrs,
	Events: []Event{
		{uapi.RTM_NEWRULE, "RTM_NEWRULE"},
		{uapi.RTM_DELRULE, "RTM_DELRULE"},
		{uapi.RTM_GETRULE, "RTM_GETRULE"},
	},
	FamilyField: "family",
}

// ruleAttrs: FRA_UNUSED2 to FRA_UNUSED5 are not listed (the kernel never
// sends them).
var ruleAttrs = NewTable("rule", "FRA_",
	AttrSpec{Type: uapi.FRA_DST, Name: "FRA_DST", Kind: KindAddr, PrefixField: "dst_len"},
	AttrSpec{Type: uapi.FRA_SRC, Name: "FRA_SRC", Kind: KindAddr, PrefixField: "src_len"},
	attr(uapi.FRA_IIFNAME, "FRA_IIFNAME", KindString),
	attr(uapi.FRA_GOTO, "FRA_GOTO", KindU32),
	attr(uapi.FRA_PRIORITY, "FRA_PRIORITY", KindU32),
	attr(uapi.FRA_FWMARK, "FRA_FWMARK", KindU32),
	attr(uapi.FRA_FLOW, "FRA_FLOW", KindU32),
	attr(uapi.FRA_TUN_ID, "FRA_TUN_ID", KindBE64),
	attr(uapi.FRA_SUPPRESS_IFGROUP, "FRA_SUPPRESS_IFGROUP", KindU32),
	attr(uapi.FRA_SUPPRESS_PREFIXLEN, "FRA_SUPPRESS_PREFIXLEN", KindU32),
	attr(uapi.FRA_TABLE, "FRA_TABLE", KindU32),
	attr(uapi.FRA_FWMASK, "FRA_FWMASK", KindU32),
	attr(uapi.FRA_OIFNAME, "FRA_OIFNAME", KindString),
	attr(uapi.FRA_PAD, "FRA_PAD", KindBinary),
	attr(uapi.FRA_L3MDEV, "FRA_L3MDEV", KindU8),
	rangeAttr(uapi.FRA_UID_RANGE, "FRA_UID_RANGE", FibRuleUIDRange),
	attr(uapi.FRA_PROTOCOL, "FRA_PROTOCOL", KindU8),
	attr(uapi.FRA_IP_PROTO, "FRA_IP_PROTO", KindU8),
	rangeAttr(uapi.FRA_SPORT_RANGE, "FRA_SPORT_RANGE", FibRulePortRange),
	rangeAttr(uapi.FRA_DPORT_RANGE, "FRA_DPORT_RANGE", FibRulePortRange),
	attr(uapi.FRA_DSCP, "FRA_DSCP", KindU8),
	attr(uapi.FRA_FLOWLABEL, "FRA_FLOWLABEL", KindBE32),
	attr(uapi.FRA_FLOWLABEL_MASK, "FRA_FLOWLABEL_MASK", KindBE32),
	attr(uapi.FRA_SPORT_MASK, "FRA_SPORT_MASK", KindU16),
	attr(uapi.FRA_DPORT_MASK, "FRA_DPORT_MASK", KindU16),
	attr(uapi.FRA_DSCP_MASK, "FRA_DSCP_MASK", KindU8),
)
