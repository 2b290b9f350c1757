// Code generated once from /usr/include/linux/rtnetlink.h (TCA_*), gen_stats.h and pkt_sched.h (Linux 6.1 UAPI) by extracting its enums
// and defines; edited by hand since. Members newer than 6.1 are added by
// hand with the kernel release that introduced them. Names are the
// kernel's.

package uapi

// Traffic control attributes (TCA_*), of struct tcmsg messages.
const (
	TCA_KIND           = 1
	TCA_OPTIONS        = 2
	TCA_STATS          = 3
	TCA_XSTATS         = 4
	TCA_RATE           = 5
	TCA_FCNT           = 6
	TCA_STATS2         = 7
	TCA_STAB           = 8
	TCA_PAD            = 9
	TCA_DUMP_INVISIBLE = 10
	TCA_CHAIN          = 11
	TCA_HW_OFFLOAD     = 12
	TCA_INGRESS_BLOCK  = 13
	TCA_EGRESS_BLOCK   = 14
	TCA_DUMP_FLAGS     = 15
	TCA_EXT_WARN_MSG   = 16
)

// TCA_DUMP_FLAGS bits.
const (
	TCA_DUMP_FLAGS_TERSE   = (1 << 0)
	TCA_FLAG_LARGE_DUMP_ON = (1 << 0)
)

// Generic statistics, nested in TCA_STATS2 (gen_stats.h).
const (
	TCA_STATS_UNSPEC     = 0
	TCA_STATS_BASIC      = 1
	TCA_STATS_RATE_EST   = 2
	TCA_STATS_QUEUE      = 3
	TCA_STATS_APP        = 4
	TCA_STATS_RATE_EST64 = 5
	TCA_STATS_PAD        = 6
	TCA_STATS_BASIC_HW   = 7
	TCA_STATS_PKT64      = 8
)

// Size tables, nested in TCA_STAB.
const (
	TCA_STAB_UNSPEC = 0
	TCA_STAB_BASE   = 1
	TCA_STAB_DATA   = 2
)
