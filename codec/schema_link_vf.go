package codec

import "github.com/nlroute/nlroute/internal/uapi"

// SR-IOV tables: IFLA_VFINFO_LIST (sent with RTEXT_FILTER_VF by devices
// with virtual functions), IFLA_VF_PORTS and IFLA_PORT_SELF.

var vfInfoListAttrs = NewTable("vfinfo_list", "IFLA_",
	nested(uapi.IFLA_VF_INFO, "IFLA_VF_INFO", vfInfoAttrs),
)

// vfInfoAttrs is one IFLA_VF_INFO. IFLA_VF_MAC and IFLA_VF_BROADCAST (a
// u32 index and a 32-byte address) stay binary.
var vfInfoAttrs = NewTable("vf_info", "IFLA_VF_",
	attr(uapi.IFLA_VF_MAC, "IFLA_VF_MAC", KindBinary),
	structAttr(uapi.IFLA_VF_VLAN, "IFLA_VF_VLAN", iflaVFVlan),
	structAttr(uapi.IFLA_VF_TX_RATE, "IFLA_VF_TX_RATE", iflaVFTxRate),
	structAttr(uapi.IFLA_VF_SPOOFCHK, "IFLA_VF_SPOOFCHK", iflaVFSetting),
	structAttr(uapi.IFLA_VF_LINK_STATE, "IFLA_VF_LINK_STATE", iflaVFSetting),
	structAttr(uapi.IFLA_VF_RATE, "IFLA_VF_RATE", iflaVFRate),
	structAttr(uapi.IFLA_VF_RSS_QUERY_EN, "IFLA_VF_RSS_QUERY_EN", iflaVFSetting),
	nested(uapi.IFLA_VF_STATS, "IFLA_VF_STATS", vfStatsAttrs),
	structAttr(uapi.IFLA_VF_TRUST, "IFLA_VF_TRUST", iflaVFSetting),
	structAttr(uapi.IFLA_VF_IB_NODE_GUID, "IFLA_VF_IB_NODE_GUID", iflaVFGUID),
	structAttr(uapi.IFLA_VF_IB_PORT_GUID, "IFLA_VF_IB_PORT_GUID", iflaVFGUID),
	nested(uapi.IFLA_VF_VLAN_LIST, "IFLA_VF_VLAN_LIST", vfVlanListAttrs),
	attr(uapi.IFLA_VF_BROADCAST, "IFLA_VF_BROADCAST", KindBinary),
)

var vfStatsAttrs = NewTable("vf_stats", "IFLA_VF_STATS_",
	attr(uapi.IFLA_VF_STATS_RX_PACKETS, "IFLA_VF_STATS_RX_PACKETS", KindU64),
	attr(uapi.IFLA_VF_STATS_TX_PACKETS, "IFLA_VF_STATS_TX_PACKETS", KindU64),
	attr(uapi.IFLA_VF_STATS_RX_BYTES, "IFLA_VF_STATS_RX_BYTES", KindU64),
	attr(uapi.IFLA_VF_STATS_TX_BYTES, "IFLA_VF_STATS_TX_BYTES", KindU64),
	attr(uapi.IFLA_VF_STATS_BROADCAST, "IFLA_VF_STATS_BROADCAST", KindU64),
	attr(uapi.IFLA_VF_STATS_MULTICAST, "IFLA_VF_STATS_MULTICAST", KindU64),
	attr(uapi.IFLA_VF_STATS_PAD, "IFLA_VF_STATS_PAD", KindBinary),
	attr(uapi.IFLA_VF_STATS_RX_DROPPED, "IFLA_VF_STATS_RX_DROPPED", KindU64),
	attr(uapi.IFLA_VF_STATS_TX_DROPPED, "IFLA_VF_STATS_TX_DROPPED", KindU64),
)

var vfVlanListAttrs = NewTable("vf_vlan_list", "IFLA_VF_VLAN_",
	structAttr(uapi.IFLA_VF_VLAN_INFO, "IFLA_VF_VLAN_INFO", iflaVFVlanInfo),
)

var vfPortsAttrs = NewTable("vf_ports", "IFLA_",
	nested(uapi.IFLA_VF_PORT, "IFLA_VF_PORT", portAttrs),
)

// portAttrs is IFLA_PORT_SELF and each IFLA_VF_PORT.
var portAttrs = NewTable("port", "IFLA_PORT_",
	attr(uapi.IFLA_PORT_VF, "IFLA_PORT_VF", KindU32),
	attr(uapi.IFLA_PORT_PROFILE, "IFLA_PORT_PROFILE", KindString),
	attr(uapi.IFLA_PORT_VSI_TYPE, "IFLA_PORT_VSI_TYPE", KindBinary),
	attr(uapi.IFLA_PORT_INSTANCE_UUID, "IFLA_PORT_INSTANCE_UUID", KindBinary),
	attr(uapi.IFLA_PORT_HOST_UUID, "IFLA_PORT_HOST_UUID", KindBinary),
	attr(uapi.IFLA_PORT_REQUEST, "IFLA_PORT_REQUEST", KindU8),
	attr(uapi.IFLA_PORT_RESPONSE, "IFLA_PORT_RESPONSE", KindU16),
	attr(uapi.IFLA_PORT_SELF, "IFLA_PORT_SELF", KindU32),
)
