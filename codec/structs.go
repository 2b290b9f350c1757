package codec

// C structs carried in family headers and attributes. Field names follow
// pyroute2 (which mostly follows the kernel).

func u8(n string) Field  { return Field{Name: n, Kind: KindU8} }
func u16(n string) Field { return Field{Name: n, Kind: KindU16} }
func u32(n string) Field { return Field{Name: n, Kind: KindU32} }
func s32(n string) Field { return Field{Name: n, Kind: KindS32} }
func u64(n string) Field { return Field{Name: n, Kind: KindU64} }

func fields(k Kind, names ...string) []Field {
	f := make([]Field, len(names))
	for i, n := range names {
		f[i] = Field{Name: n, Kind: k}
	}
	return f
}

var statsNames = []string{
	"rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
	"rx_dropped", "tx_dropped", "multicast", "collisions",
	"rx_length_errors", "rx_over_errors", "rx_crc_errors", "rx_frame_errors",
	"rx_fifo_errors", "rx_missed_errors",
	"tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",
	"tx_heartbeat_errors", "tx_window_errors",
	"rx_compressed", "tx_compressed", "rx_nohandler",
}

var (
	// IfInfoMsg is struct ifinfomsg, the family header of link messages.
	IfInfoMsg = NewStruct("ifinfomsg",
		u8("family"), u8("__pad"), u16("ifi_type"), s32("index"), u32("flags"), u32("change"))

	// RtMsg is struct rtmsg, the family header of route messages. Its
	// table field mirrors RTA_TABLE (RT_TABLE_COMPAT when too large).
	RtMsg = NewStruct("rtmsg",
		u8("family"), u8("dst_len"), u8("src_len"), u8("tos"),
		Field{Name: "table", Kind: KindU8, Mirror: 15 /* RTA_TABLE */, Overflow: 252 /* RT_TABLE_COMPAT */},
		u8("proto"), u8("scope"), u8("type"), u32("flags"))

	// RtNexthop is struct rtnexthop, the record header of RTA_MULTIPATH.
	RtNexthop = NewStruct("rtnexthop", u16("length"), u8("flags"), u8("hops"), s32("oif"))

	// RtaCacheinfo is struct rta_cacheinfo (RTA_CACHEINFO).
	RtaCacheinfo = NewStruct("rta_cacheinfo",
		u32("rta_clntref"), u32("rta_lastuse"), s32("rta_expires"), u32("rta_error"),
		u32("rta_used"), u32("rta_id"), u32("rta_ts"), u32("rta_tsage"))

	// RtnlLinkStats is struct rtnl_link_stats (IFLA_STATS).
	RtnlLinkStats = NewStruct("rtnl_link_stats", fields(KindU32, statsNames...)...)

	// RtnlLinkStats64 is struct rtnl_link_stats64 (IFLA_STATS64), with
	// rx_otherhost_dropped (Linux 5.19).
	RtnlLinkStats64 = NewStruct("rtnl_link_stats64",
		fields(KindU64, append(statsNames[:len(statsNames):len(statsNames)], "rx_otherhost_dropped")...)...)

	// RtnlLinkIfmap is struct rtnl_link_ifmap (IFLA_MAP), with the tail
	// padding of its 8-byte alignment.
	RtnlLinkIfmap = NewStruct("rtnl_link_ifmap",
		u64("mem_start"), u64("mem_end"), u64("base_addr"), u16("irq"), u8("dma"), u8("port"), u32("__pad"))

	// IflaCacheinfo is struct ifla_cacheinfo (IFLA_INET6_CACHEINFO).
	IflaCacheinfo = NewStruct("ifla_cacheinfo",
		u32("max_reasm_len"), u32("tstamp"), u32("reachable_time"), u32("retrans_time"))

	ifVlanFlags    = NewStruct("ifla_vlan_flags", u32("flags"), u32("mask"))
	ifVlanQosMap   = NewStruct("ifla_vlan_qos_mapping", u32("from"), u32("to"))
	ifVxlanPorts   = NewStruct("ifla_vxlan_port_range", Field{Name: "low", Kind: KindBE16}, Field{Name: "high", Kind: KindBE16})
	brBooloptMulti = NewStruct("br_boolopt_multi", u32("optval"), u32("optmask"))
	brVlanInfo     = NewStruct("bridge_vlan_info", u16("flags"), u16("vid"))
	rtaMfcStats    = NewStruct("rta_mfc_stats", u64("mfcs_packets"), u64("mfcs_bytes"), u64("mfcs_wrong_if"))
)

var (
	// IfAddrMsg is struct ifaddrmsg, the family header of address messages.
	IfAddrMsg = NewStruct("ifaddrmsg",
		u8("family"), u8("prefixlen"), u8("flags"), u8("scope"), u32("index"))

	// IfaCacheinfo is struct ifa_cacheinfo (IFA_CACHEINFO).
	IfaCacheinfo = NewStruct("ifa_cacheinfo",
		u32("ifa_preferred"), u32("ifa_valid"), u32("cstamp"), u32("tstamp"))

	// NdMsg is struct ndmsg, the family header of neighbour and FDB
	// messages.
	NdMsg = NewStruct("ndmsg",
		u8("family"), u8("__pad1"), u16("__pad2"), s32("ifindex"),
		u16("state"), u8("flags"), u8("ndm_type"))

	// NdaCacheinfo is struct nda_cacheinfo (NDA_CACHEINFO).
	NdaCacheinfo = NewStruct("nda_cacheinfo",
		u32("ndm_confirmed"), u32("ndm_used"), u32("ndm_updated"), u32("ndm_refcnt"))

	// NdtMsg is struct ndtmsg, the family header of neighbour table
	// messages.
	NdtMsg = NewStruct("ndtmsg", u8("family"), u8("__pad1"), u16("__pad2"))

	// NdtConfig is struct ndt_config (NDTA_CONFIG).
	NdtConfig = NewStruct("ndt_config",
		u16("ndtc_key_len"), u16("ndtc_entry_size"), u32("ndtc_entries"),
		u32("ndtc_last_flush"), u32("ndtc_last_rand"), u32("ndtc_hash_rnd"),
		u32("ndtc_hash_mask"), u32("ndtc_hash_chain_gc"), u32("ndtc_proxy_qlen"))

	// NdtStats is struct ndt_stats (NDTA_STATS).
	NdtStats = NewStruct("ndt_stats", fields(KindU64,
		"ndts_allocs", "ndts_destroys", "ndts_hash_grows", "ndts_res_failed",
		"ndts_lookups", "ndts_hits", "ndts_rcv_probes_mcast", "ndts_rcv_probes_ucast",
		"ndts_periodic_gc_runs", "ndts_forced_gc_runs", "ndts_table_fulls")...)

	// FibRuleHdr is struct fib_rule_hdr, the family header of rule
	// messages (pyroute2's fibmsg). Its table field mirrors FRA_TABLE.
	FibRuleHdr = NewStruct("fib_rule_hdr",
		u8("family"), u8("dst_len"), u8("src_len"), u8("tos"),
		Field{Name: "table", Kind: KindU8, Mirror: 15 /* FRA_TABLE */, Overflow: 252 /* RT_TABLE_COMPAT */},
		u8("__res1"), u8("__res2"), u8("action"), u32("flags"))

	// FibRuleUIDRange is struct fib_rule_uid_range (FRA_UID_RANGE).
	FibRuleUIDRange = NewStruct("fib_rule_uid_range", u32("start"), u32("end"))

	// FibRulePortRange is struct fib_rule_port_range (FRA_SPORT_RANGE,
	// FRA_DPORT_RANGE), in host byte order.
	FibRulePortRange = NewStruct("fib_rule_port_range", u16("start"), u16("end"))

	// NhMsg is struct nhmsg, the family header of nexthop messages.
	NhMsg = NewStruct("nhmsg",
		u8("family"), u8("scope"), u8("protocol"), u8("__resvd"), u32("flags"))

	// NexthopGrp is struct nexthop_grp, one entry of NHA_GROUP; weight is
	// the kernel's weight minus one, weight_high (Linux 6.12, formerly
	// resvd1) its high byte.
	NexthopGrp = NewStruct("nexthop_grp",
		u32("id"), u8("weight"), u8("weight_high"), u16("__resvd2"))

	// RtGenMsg is struct rtgenmsg, the family header of NSID messages.
	RtGenMsg = NewStruct("rtgenmsg", u8("family"))

	// TcMsg is struct tcmsg, the family header of qdisc, class and filter
	// messages.
	TcMsg = NewStruct("tcmsg",
		u8("family"), u8("__pad1"), u16("__pad2"), s32("index"),
		u32("handle"), u32("parent"), u32("info"))

	// BrVlanMsg is struct br_vlan_msg, the family header of bridge VLAN
	// messages (RTM_NEWVLAN).
	BrVlanMsg = NewStruct("br_vlan_msg",
		u8("family"), u8("__reserved1"), u16("__reserved2"), u32("ifindex"))

	// IfStatsMsg is struct if_stats_msg, the family header of RTM_GETSTATS
	// messages.
	IfStatsMsg = NewStruct("if_stats_msg",
		u8("family"), u8("__pad1"), u16("__pad2"), u32("ifindex"), u32("filter_mask"))

	// RtnlHwStats64 is struct rtnl_hw_stats64 (IFLA_OFFLOAD_XSTATS_L3_STATS).
	RtnlHwStats64 = NewStruct("rtnl_hw_stats64", fields(KindU64,
		"rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
		"rx_dropped", "tx_dropped", "multicast")...)

	// TcStats is struct tc_stats (TCA_STATS), with the tail padding of its
	// 8-byte alignment. Its drops field is "drop", as pyroute2 names it.
	TcStats = NewStruct("tc_stats",
		u64("bytes"), u32("packets"), u32("drop"), u32("overlimits"), u32("bps"),
		u32("pps"), u32("qlen"), u32("backlog"), u32("__pad"))

	// TcEstimator is struct tc_estimator (TCA_RATE).
	TcEstimator = NewStruct("tc_estimator", Field{Name: "interval", Kind: KindS8}, u8("ewma_log"))

	// TcSizespec is struct tc_sizespec (TCA_STAB_BASE).
	TcSizespec = NewStruct("tc_sizespec",
		u8("cell_log"), u8("size_log"), Field{Name: "cell_align", Kind: KindS16},
		s32("overhead"), u32("linklayer"), u32("mpu"), u32("mtu"), u32("tsize"))

	// GnetStatsBasic is struct gnet_stats_basic (TCA_STATS_BASIC), with
	// the tail padding of its 8-byte alignment.
	GnetStatsBasic = NewStruct("gnet_stats_basic", u64("bytes"), u32("packets"), u32("__pad"))

	// GnetStatsRateEst is struct gnet_stats_rate_est (TCA_STATS_RATE_EST).
	GnetStatsRateEst = NewStruct("gnet_stats_rate_est", u32("bps"), u32("pps"))

	// GnetStatsRateEst64 is struct gnet_stats_rate_est64.
	GnetStatsRateEst64 = NewStruct("gnet_stats_rate_est64", u64("bps"), u64("pps"))

	// GnetStatsQueue is struct gnet_stats_queue (TCA_STATS_QUEUE).
	GnetStatsQueue = NewStruct("gnet_stats_queue",
		u32("qlen"), u32("backlog"), u32("drops"), u32("requeues"), u32("overlimits"))

	// The fixed structs of IFLA_VF_* attributes (IFLA_VF_MAC and
	// IFLA_VF_BROADCAST, a u32 and a 32-byte address, stay binary).
	iflaVFVlan     = NewStruct("ifla_vf_vlan", u32("vf"), u32("vlan"), u32("qos"))
	iflaVFVlanInfo = NewStruct("ifla_vf_vlan_info", u32("vf"), u32("vlan"), u32("qos"), Field{Name: "vlan_proto", Kind: KindBE16}, u16("__pad"))
	iflaVFTxRate   = NewStruct("ifla_vf_tx_rate", u32("vf"), u32("rate"))
	iflaVFRate     = NewStruct("ifla_vf_rate", u32("vf"), u32("min_tx_rate"), u32("max_tx_rate"))
	iflaVFSetting  = NewStruct("ifla_vf_setting", u32("vf"), u32("setting"))
	iflaVFGUID     = NewStruct("ifla_vf_guid", u32("vf"), u32("__pad"), u64("guid"))
)
