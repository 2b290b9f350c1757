package codec

import "github.com/nlroute/nlroute/internal/uapi"

// Stats is the schema of RTM_NEWSTATS/RTM_GETSTATS/RTM_SETSTATS messages:
// struct if_stats_msg and the IFLA_STATS_* attributes, one group per bit
// of filter_mask (IFLA_STATS_FILTER_BIT): 64-bit link counters, extended
// (bridge, bond) and offload stats, per-family stats.
var Stats = &Schema{
	Name:   "stats",
	Header: IfStatsMsg,
	Attrs:  statsAttrs,
	Events: []Event{
		{uapi.RTM_NEWSTATS, "RTM_NEWSTATS"},
		{uapi.RTM_GETSTATS, "RTM_GETSTATS"},
		{uapi.RTM_SETSTATS, "RTM_SETSTATS"},
	},
	FamilyField: "family",
}

var statsAttrs = NewTable("stats", "IFLA_STATS_",
	structAttr(uapi.IFLA_STATS_LINK_64, "IFLA_STATS_LINK_64", RtnlLinkStats64),
	nested(uapi.IFLA_STATS_LINK_XSTATS, "IFLA_STATS_LINK_XSTATS", linkXstatsAttrs),
	nested(uapi.IFLA_STATS_LINK_XSTATS_SLAVE, "IFLA_STATS_LINK_XSTATS_SLAVE", linkXstatsAttrs),
	nested(uapi.IFLA_STATS_LINK_OFFLOAD_XSTATS, "IFLA_STATS_LINK_OFFLOAD_XSTATS", offloadXstatsAttrs),
	nested(uapi.IFLA_STATS_AF_SPEC, "IFLA_STATS_AF_SPEC", statsAfSpecAttrs),
)

// linkXstatsAttrs is IFLA_STATS_LINK_XSTATS(_SLAVE): one nest per driver
// type.
var linkXstatsAttrs = NewTable("link_xstats", "LINK_XSTATS_TYPE_",
	nested(uapi.LINK_XSTATS_TYPE_BRIDGE, "LINK_XSTATS_TYPE_BRIDGE", bridgeXstatsAttrs),
	nested(uapi.LINK_XSTATS_TYPE_BOND, "LINK_XSTATS_TYPE_BOND", bondXstatsAttrs),
)

// bridgeXstatsAttrs is LINK_XSTATS_TYPE_BRIDGE: per-VLAN counters (one
// BRIDGE_XSTATS_VLAN per VLAN), multicast and (ports) STP counters.
var bridgeXstatsAttrs = NewTable("bridge_xstats", "BRIDGE_XSTATS_",
	structAttr(uapi.BRIDGE_XSTATS_VLAN, "BRIDGE_XSTATS_VLAN", bridgeVlanXstats),
	structAttr(uapi.BRIDGE_XSTATS_MCAST, "BRIDGE_XSTATS_MCAST", brMcastStats),
	attr(uapi.BRIDGE_XSTATS_PAD, "BRIDGE_XSTATS_PAD", KindBinary),
	structAttr(uapi.BRIDGE_XSTATS_STP, "BRIDGE_XSTATS_STP", bridgeStpXstats),
)

var bondXstatsAttrs = NewTable("bond_xstats", "BOND_XSTATS_",
	nested(uapi.BOND_XSTATS_3AD, "BOND_XSTATS_3AD", bond3adStatsAttrs),
)

var bond3adStatsAttrs = NewTable("bond_3ad_stat", "BOND_3AD_STAT_",
	attr(uapi.BOND_3AD_STAT_LACPDU_RX, "BOND_3AD_STAT_LACPDU_RX", KindU64),
	attr(uapi.BOND_3AD_STAT_LACPDU_TX, "BOND_3AD_STAT_LACPDU_TX", KindU64),
	attr(uapi.BOND_3AD_STAT_LACPDU_UNKNOWN_RX, "BOND_3AD_STAT_LACPDU_UNKNOWN_RX", KindU64),
	attr(uapi.BOND_3AD_STAT_LACPDU_ILLEGAL_RX, "BOND_3AD_STAT_LACPDU_ILLEGAL_RX", KindU64),
	attr(uapi.BOND_3AD_STAT_MARKER_RX, "BOND_3AD_STAT_MARKER_RX", KindU64),
	attr(uapi.BOND_3AD_STAT_MARKER_TX, "BOND_3AD_STAT_MARKER_TX", KindU64),
	attr(uapi.BOND_3AD_STAT_MARKER_RESP_RX, "BOND_3AD_STAT_MARKER_RESP_RX", KindU64),
	attr(uapi.BOND_3AD_STAT_MARKER_RESP_TX, "BOND_3AD_STAT_MARKER_RESP_TX", KindU64),
	attr(uapi.BOND_3AD_STAT_MARKER_UNKNOWN_RX, "BOND_3AD_STAT_MARKER_UNKNOWN_RX", KindU64),
	attr(uapi.BOND_3AD_STAT_PAD, "BOND_3AD_STAT_PAD", KindBinary),
)

// offloadXstatsAttrs is IFLA_STATS_LINK_OFFLOAD_XSTATS.
var offloadXstatsAttrs = NewTable("offload_xstats", "IFLA_OFFLOAD_XSTATS_",
	structAttr(uapi.IFLA_OFFLOAD_XSTATS_CPU_HIT, "IFLA_OFFLOAD_XSTATS_CPU_HIT", RtnlLinkStats64),
	nested(uapi.IFLA_OFFLOAD_XSTATS_HW_S_INFO, "IFLA_OFFLOAD_XSTATS_HW_S_INFO", hwSInfoAttrs),
	structAttr(uapi.IFLA_OFFLOAD_XSTATS_L3_STATS, "IFLA_OFFLOAD_XSTATS_L3_STATS", RtnlHwStats64),
)

// hwSInfoAttrs is IFLA_OFFLOAD_XSTATS_HW_S_INFO: one nest per offload
// stats type (typed by IFLA_OFFLOAD_XSTATS_L3_STATS), each holding
// IFLA_OFFLOAD_XSTATS_HW_S_INFO_*.
var hwSInfoAttrs = NewTable("hw_s_info", "IFLA_OFFLOAD_XSTATS_",
	nested(uapi.IFLA_OFFLOAD_XSTATS_L3_STATS, "IFLA_OFFLOAD_XSTATS_L3_STATS", hwSInfoEntryAttrs),
)

var hwSInfoEntryAttrs = NewTable("hw_s_info_entry", "IFLA_OFFLOAD_XSTATS_HW_S_INFO_",
	attr(uapi.IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST, "IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST", KindU8),
	attr(uapi.IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED, "IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED", KindU8),
)

// statsAfSpecAttrs is IFLA_STATS_AF_SPEC: one nest per address family
// that keeps per-link stats (MPLS only).
var statsAfSpecAttrs = NewTable("stats_af_spec", "",
	nested(uapi.AF_MPLS, "AF_MPLS", mplsStatsAttrs),
)

var mplsStatsAttrs = NewTable("mpls_stats", "MPLS_STATS_",
	structAttr(uapi.MPLS_STATS_LINK, "MPLS_STATS_LINK", mplsLinkStats),
)

var (
	bridgeVlanXstats = NewStruct("bridge_vlan_xstats",
		u64("rx_bytes"), u64("rx_packets"), u64("tx_bytes"), u64("tx_packets"),
		u16("vid"), u16("flags"), u32("__pad2"))
	bridgeStpXstats = NewStruct("bridge_stp_xstats", fields(KindU64,
		"transition_blk", "transition_fwd", "rx_bpdu", "tx_bpdu", "rx_tcn", "tx_tcn")...)
	mplsLinkStats = NewStruct("mpls_link_stats", fields(KindU64,
		"rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
		"rx_dropped", "tx_dropped", "rx_noroute")...)
	// brMcastStats is struct br_mcast_stats; its per-direction arrays
	// [BR_MCAST_DIR_SIZE] are fields with an _rx and a _tx suffix.
	brMcastStats = NewStruct("br_mcast_stats", fields(KindU64,
		"igmp_v1queries_rx", "igmp_v1queries_tx", "igmp_v2queries_rx", "igmp_v2queries_tx",
		"igmp_v3queries_rx", "igmp_v3queries_tx", "igmp_leaves_rx", "igmp_leaves_tx",
		"igmp_v1reports_rx", "igmp_v1reports_tx", "igmp_v2reports_rx", "igmp_v2reports_tx",
		"igmp_v3reports_rx", "igmp_v3reports_tx", "igmp_parse_errors",
		"mld_v1queries_rx", "mld_v1queries_tx", "mld_v2queries_rx", "mld_v2queries_tx",
		"mld_leaves_rx", "mld_leaves_tx", "mld_v1reports_rx", "mld_v1reports_tx",
		"mld_v2reports_rx", "mld_v2reports_tx", "mld_parse_errors",
		"mcast_bytes_rx", "mcast_bytes_tx", "mcast_packets_rx", "mcast_packets_tx")...)
)
