// Code generated once from /usr/include/linux/nexthop.h (Linux 6.1 UAPI) by extracting its enums
// and defines; edited by hand since. Members newer than 6.1 are added by
// hand with the kernel release that introduced them. Names are the
// kernel's.

package uapi

// Nexthop attributes (NHA_*).
const (
	NHA_ID                         = 1
	NHA_GROUP                      = 2
	NHA_GROUP_TYPE                 = 3
	NHA_BLACKHOLE                  = 4
	NHA_OIF                        = 5
	NHA_GATEWAY                    = 6
	NHA_ENCAP_TYPE                 = 7
	NHA_ENCAP                      = 8
	NHA_GROUPS                     = 9
	NHA_MASTER                     = 10
	NHA_FDB                        = 11
	NHA_RES_GROUP                  = 12
	NHA_RES_BUCKET                 = 13
	NHA_RES_GROUP_UNSPEC           = 0
	NHA_RES_GROUP_PAD              = 0
	NHA_RES_GROUP_BUCKETS          = 1
	NHA_RES_GROUP_IDLE_TIMER       = 2
	NHA_RES_GROUP_UNBALANCED_TIMER = 3
	NHA_RES_GROUP_UNBALANCED_TIME  = 4
	NHA_RES_BUCKET_UNSPEC          = 0
	NHA_RES_BUCKET_PAD             = 0
	NHA_RES_BUCKET_INDEX           = 1
	NHA_RES_BUCKET_IDLE_TIME       = 2
	NHA_RES_BUCKET_NH_ID           = 3
)

// Nexthop group types (NHA_GROUP_TYPE).
const (
	NEXTHOP_GRP_TYPE_MPATH = 0
	NEXTHOP_GRP_TYPE_RES   = 1
)

// Nexthop attributes added after Linux 6.1 (numbers from the 6.18 UAPI).
const (
	NHA_OP_FLAGS        = 14 // 6.9, u32 (requests only)
	NHA_GROUP_STATS     = 15 // 6.9, nested NHA_GROUP_STATS_ENTRY
	NHA_HW_STATS_ENABLE = 16 // 6.9, u32
	NHA_HW_STATS_USED   = 17 // 6.9, u32

	NHA_GROUP_STATS_UNSPEC = 0
	NHA_GROUP_STATS_ENTRY  = 1 // nested NHA_GROUP_STATS_ENTRY_*

	NHA_GROUP_STATS_ENTRY_UNSPEC     = 0
	NHA_GROUP_STATS_ENTRY_ID         = 1 // u32
	NHA_GROUP_STATS_ENTRY_PACKETS    = 2 // uint
	NHA_GROUP_STATS_ENTRY_PACKETS_HW = 3 // uint
)

// NHA_OP_FLAGS bits (6.9).
const (
	NHA_OP_FLAG_DUMP_STATS       = 1 << 0
	NHA_OP_FLAG_DUMP_HW_STATS    = 1 << 1
	NHA_OP_FLAG_RESP_GRP_RESVD_0 = 1 << 31
)
