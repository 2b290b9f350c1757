// Code generated once from /usr/include/linux/fib_rules.h (Linux 6.1 UAPI) by extracting its enums
// and defines; edited by hand since. Members newer than 6.1 are added by
// hand with the kernel release that introduced them. Names are the
// kernel's.

package uapi

// Rule attributes (FRA_*).
const (
	FRA_DST                = 1
	FRA_SRC                = 2
	FRA_IIFNAME            = 3
	FRA_GOTO               = 4
	FRA_PRIORITY           = 6
	FRA_FWMARK             = 10
	FRA_FLOW               = 11
	FRA_TUN_ID             = 12
	FRA_SUPPRESS_IFGROUP   = 13
	FRA_SUPPRESS_PREFIXLEN = 14
	FRA_TABLE              = 15
	FRA_FWMASK             = 16
	FRA_OIFNAME            = 17
	FRA_PAD                = 18
	FRA_L3MDEV             = 19
	FRA_UID_RANGE          = 20
	FRA_PROTOCOL           = 21
	FRA_IP_PROTO           = 22
	FRA_SPORT_RANGE        = 23
	FRA_DPORT_RANGE        = 24
)

// Rule actions (fib_rule_hdr.action).
const (
	FR_ACT_UNSPEC      = 0
	FR_ACT_TO_TBL      = 1
	FR_ACT_GOTO        = 2
	FR_ACT_NOP         = 3
	FR_ACT_BLACKHOLE   = 6
	FR_ACT_UNREACHABLE = 7
	FR_ACT_PROHIBIT    = 8
)

// Rule flags.
const (
	FIB_RULE_PERMANENT    = 0x00000001
	FIB_RULE_INVERT       = 0x00000002
	FIB_RULE_UNRESOLVED   = 0x00000004
	FIB_RULE_IIF_DETACHED = 0x00000008
	FIB_RULE_OIF_DETACHED = 0x00000010
	FIB_RULE_FIND_SADDR   = 0x00010000
)

// Rule attributes added after Linux 6.1 (numbers from the 6.18 UAPI).
const (
	FRA_DSCP           = 25 // 6.12, u8
	FRA_FLOWLABEL      = 26 // 6.14, be32
	FRA_FLOWLABEL_MASK = 27 // 6.14, be32
	FRA_SPORT_MASK     = 28 // 6.15, u16
	FRA_DPORT_MASK     = 29 // 6.15, u16
	FRA_DSCP_MASK      = 30 // 6.15, u8
)
