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
	RtNexthop = NewStruct("rtnexthop", u16("length"), u8("flags"), u8("hops"), s32("ifindex"))

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
