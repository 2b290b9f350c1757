package codec

import "github.com/nlroute/nlroute/internal/uapi"

// Nexthop is the schema of RTM_NEWNEXTHOP/RTM_DELNEXTHOP/RTM_GETNEXTHOP
// and RTM_*NEXTHOPBUCKET messages: struct nhmsg and the NHA_* attributes
// (pyroute2's nhmsg). NHA_GROUP is an array of struct nexthop_grp; NHA_ENCAP
// is chosen by NHA_ENCAP_TYPE as RTA_ENCAP is.
var Nexthop = &Schema{
	Name:   "nexthop",
	Header: NhMsg,
	Attrs:  nexthopAttrs,
	Events: []Event{
		{uapi.RTM_NEWNEXTHOP, "RTM_NEWNEXTHOP"},
		{uapi.RTM_DELNEXTHOP, "RTM_DELNEXTHOP"},
		{uapi.RTM_GETNEXTHOP, "RTM_GETNEXTHOP"},
		{uapi.RTM_NEWNEXTHOPBUCKET, "RTM_NEWNEXTHOPBUCKET"},
		{uapi.RTM_DELNEXTHOPBUCKET, "RTM_DELNEXTHOPBUCKET"},
		{uapi.RTM_GETNEXTHOPBUCKET, "RTM_GETNEXTHOPBUCKET"},
	},
	FamilyField: "family",
}

var nexthopAttrs = NewTable("nexthop", "NHA_",
	attr(uapi.NHA_ID, "NHA_ID", KindU32),
	structArray(uapi.NHA_GROUP, "NHA_GROUP", NexthopGrp),
	attr(uapi.NHA_GROUP_TYPE, "NHA_GROUP_TYPE", KindU16),
	attr(uapi.NHA_BLACKHOLE, "NHA_BLACKHOLE", KindFlag),
	attr(uapi.NHA_OIF, "NHA_OIF", KindU32),
	attr(uapi.NHA_GATEWAY, "NHA_GATEWAY", KindAddr),
	attr(uapi.NHA_ENCAP_TYPE, "NHA_ENCAP_TYPE", KindU16),
	selected(uapi.NHA_ENCAP, "NHA_ENCAP", &Selector{Sibling: uapi.NHA_ENCAP_TYPE, ByValue: encapTables}),
	attr(uapi.NHA_GROUPS, "NHA_GROUPS", KindFlag),
	attr(uapi.NHA_MASTER, "NHA_MASTER", KindU32),
	attr(uapi.NHA_FDB, "NHA_FDB", KindFlag),
	nested(uapi.NHA_RES_GROUP, "NHA_RES_GROUP", nhResGroupAttrs),
	nested(uapi.NHA_RES_BUCKET, "NHA_RES_BUCKET", nhResBucketAttrs),
	attr(uapi.NHA_OP_FLAGS, "NHA_OP_FLAGS", KindU32),
	nested(uapi.NHA_GROUP_STATS, "NHA_GROUP_STATS", nhGroupStatsAttrs),
	attr(uapi.NHA_HW_STATS_ENABLE, "NHA_HW_STATS_ENABLE", KindU32),
	attr(uapi.NHA_HW_STATS_USED, "NHA_HW_STATS_USED", KindU32),
)

// nhResGroupAttrs is NHA_RES_GROUP: a resilient group's buckets and
// timers (clock ticks). Type 0 is the kernel's pad for 64-bit values.
var nhResGroupAttrs = NewTable("nh_res_group", "NHA_RES_GROUP_",
	attr(uapi.NHA_RES_GROUP_PAD, "NHA_RES_GROUP_PAD", KindBinary),
	attr(uapi.NHA_RES_GROUP_BUCKETS, "NHA_RES_GROUP_BUCKETS", KindU16),
	attr(uapi.NHA_RES_GROUP_IDLE_TIMER, "NHA_RES_GROUP_IDLE_TIMER", KindU32),
	attr(uapi.NHA_RES_GROUP_UNBALANCED_TIMER, "NHA_RES_GROUP_UNBALANCED_TIMER", KindU32),
	attr(uapi.NHA_RES_GROUP_UNBALANCED_TIME, "NHA_RES_GROUP_UNBALANCED_TIME", KindU64),
)

// nhResBucketAttrs is NHA_RES_BUCKET (RTM_NEWNEXTHOPBUCKET).
var nhResBucketAttrs = NewTable("nh_res_bucket", "NHA_RES_BUCKET_",
	attr(uapi.NHA_RES_BUCKET_PAD, "NHA_RES_BUCKET_PAD", KindBinary),
	attr(uapi.NHA_RES_BUCKET_INDEX, "NHA_RES_BUCKET_INDEX", KindU16),
	attr(uapi.NHA_RES_BUCKET_IDLE_TIME, "NHA_RES_BUCKET_IDLE_TIME", KindU64),
	attr(uapi.NHA_RES_BUCKET_NH_ID, "NHA_RES_BUCKET_NH_ID", KindU32),
)

// nhGroupStatsAttrs is NHA_GROUP_STATS (Linux 6.9, with
// NHA_OP_FLAG_DUMP_STATS): one entry per group member.
var nhGroupStatsAttrs = NewTable("nh_group_stats", "NHA_GROUP_STATS_",
	nested(uapi.NHA_GROUP_STATS_ENTRY, "NHA_GROUP_STATS_ENTRY", nhGroupStatsEntryAttrs),
)

var nhGroupStatsEntryAttrs = NewTable("nh_group_stats_entry", "NHA_GROUP_STATS_ENTRY_",
	attr(uapi.NHA_GROUP_STATS_ENTRY_ID, "NHA_GROUP_STATS_ENTRY_ID", KindU32),
	attr(uapi.NHA_GROUP_STATS_ENTRY_PACKETS, "NHA_GROUP_STATS_ENTRY_PACKETS", KindUint),
	attr(uapi.NHA_GROUP_STATS_ENTRY_PACKETS_HW, "NHA_GROUP_STATS_ENTRY_PACKETS_HW", KindUint),
)
