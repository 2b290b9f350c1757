package codec

import (
	"github.com/nlroute/nlroute/internal/uapi"
)

// Link is the schema of RTM_NEWLINK/RTM_DELLINK/RTM_GETLINK/RTM_SETLINK
// messages: struct ifinfomsg and the IFLA_* attributes (pyroute2's
// ifinfmsg). Kind-specific IFLA_INFO_DATA tables live in schema_link_*.go.
var Link = &Schema{
	Name:   "link",
	Header: IfInfoMsg,
	Attrs:  linkAttrs,
	Events: []Event{
		{uapi.RTM_NEWLINK, "RTM_NEWLINK"},
		{uapi.RTM_DELLINK, "RTM_DELLINK"},
		{uapi.RTM_GETLINK, "RTM_GETLINK"},
		{uapi.RTM_SETLINK, "RTM_SETLINK"},
	},
	FamilyField: "family",
}

// operStates are the RFC 2863 states of IFLA_OPERSTATE (IF_OPER_*), by
// value, as pyroute2 and iproute2 name them.
var operStates = []string{"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"}

var linkAttrs = NewTable("link", "IFLA_",
	attr(uapi.IFLA_ADDRESS, "IFLA_ADDRESS", KindMAC),
	attr(uapi.IFLA_BROADCAST, "IFLA_BROADCAST", KindMAC),
	attr(uapi.IFLA_IFNAME, "IFLA_IFNAME", KindString),
	attr(uapi.IFLA_MTU, "IFLA_MTU", KindU32),
	attr(uapi.IFLA_LINK, "IFLA_LINK", KindU32),
	attr(uapi.IFLA_QDISC, "IFLA_QDISC", KindString),
	structAttr(uapi.IFLA_STATS, "IFLA_STATS", RtnlLinkStats),
	attr(uapi.IFLA_COST, "IFLA_COST", KindBinary),
	attr(uapi.IFLA_PRIORITY, "IFLA_PRIORITY", KindBinary),
	attr(uapi.IFLA_MASTER, "IFLA_MASTER", KindU32),
	attr(uapi.IFLA_WIRELESS, "IFLA_WIRELESS", KindBinary),
	// IFLA_PROTINFO: bridge port settings in AF_BRIDGE messages, the
	// IPv6 per-link state in AF_INET6 ones.
	selected(uapi.IFLA_PROTINFO, "IFLA_PROTINFO", &Selector{Field: "family",
		ByValue: map[uint64]*Table{uapi.AF_INET6: inet6Attrs, uapi.AF_BRIDGE: brportAttrs}}),
	attr(uapi.IFLA_TXQLEN, "IFLA_TXQLEN", KindU32),
	structAttr(uapi.IFLA_MAP, "IFLA_MAP", RtnlLinkIfmap),
	attr(uapi.IFLA_WEIGHT, "IFLA_WEIGHT", KindU32),
	enum(uapi.IFLA_OPERSTATE, "IFLA_OPERSTATE", KindU8, operStates...),
	attr(uapi.IFLA_LINKMODE, "IFLA_LINKMODE", KindU8),
	nested(uapi.IFLA_LINKINFO, "IFLA_LINKINFO", linkInfoAttrs),
	attr(uapi.IFLA_NET_NS_PID, "IFLA_NET_NS_PID", KindU32),
	attr(uapi.IFLA_IFALIAS, "IFLA_IFALIAS", KindString),
	attr(uapi.IFLA_NUM_VF, "IFLA_NUM_VF", KindU32),
	nested(uapi.IFLA_VFINFO_LIST, "IFLA_VFINFO_LIST", vfInfoListAttrs),
	structAttr(uapi.IFLA_STATS64, "IFLA_STATS64", RtnlLinkStats64),
	nested(uapi.IFLA_VF_PORTS, "IFLA_VF_PORTS", vfPortsAttrs),
	nested(uapi.IFLA_PORT_SELF, "IFLA_PORT_SELF", portAttrs),
	selected(uapi.IFLA_AF_SPEC, "IFLA_AF_SPEC", &Selector{Field: "family",
		ByValue: map[uint64]*Table{uapi.AF_BRIDGE: bridgeAfSpecAttrs}, Default: afSpecAttrs}),
	attr(uapi.IFLA_GROUP, "IFLA_GROUP", KindU32),
	attr(uapi.IFLA_NET_NS_FD, "IFLA_NET_NS_FD", KindU32),
	attr(uapi.IFLA_EXT_MASK, "IFLA_EXT_MASK", KindU32),
	attr(uapi.IFLA_PROMISCUITY, "IFLA_PROMISCUITY", KindU32),
	attr(uapi.IFLA_NUM_TX_QUEUES, "IFLA_NUM_TX_QUEUES", KindU32),
	attr(uapi.IFLA_NUM_RX_QUEUES, "IFLA_NUM_RX_QUEUES", KindU32),
	attr(uapi.IFLA_CARRIER, "IFLA_CARRIER", KindU8),
	attr(uapi.IFLA_PHYS_PORT_ID, "IFLA_PHYS_PORT_ID", KindBinary),
	attr(uapi.IFLA_CARRIER_CHANGES, "IFLA_CARRIER_CHANGES", KindU32),
	attr(uapi.IFLA_PHYS_SWITCH_ID, "IFLA_PHYS_SWITCH_ID", KindBinary),
	attr(uapi.IFLA_LINK_NETNSID, "IFLA_LINK_NETNSID", KindS32),
	attr(uapi.IFLA_PHYS_PORT_NAME, "IFLA_PHYS_PORT_NAME", KindString),
	attr(uapi.IFLA_PROTO_DOWN, "IFLA_PROTO_DOWN", KindU8),
	attr(uapi.IFLA_GSO_MAX_SEGS, "IFLA_GSO_MAX_SEGS", KindU32),
	attr(uapi.IFLA_GSO_MAX_SIZE, "IFLA_GSO_MAX_SIZE", KindU32),
	attr(uapi.IFLA_PAD, "IFLA_PAD", KindBinary),
	nested(uapi.IFLA_XDP, "IFLA_XDP", xdpAttrs),
	attr(uapi.IFLA_EVENT, "IFLA_EVENT", KindU32),
	attr(uapi.IFLA_NEW_NETNSID, "IFLA_NEW_NETNSID", KindS32),
	attr(uapi.IFLA_IF_NETNSID, "IFLA_IF_NETNSID", KindS32),
	attr(uapi.IFLA_CARRIER_UP_COUNT, "IFLA_CARRIER_UP_COUNT", KindU32),
	attr(uapi.IFLA_CARRIER_DOWN_COUNT, "IFLA_CARRIER_DOWN_COUNT", KindU32),
	attr(uapi.IFLA_NEW_IFINDEX, "IFLA_NEW_IFINDEX", KindS32),
	attr(uapi.IFLA_MIN_MTU, "IFLA_MIN_MTU", KindU32),
	attr(uapi.IFLA_MAX_MTU, "IFLA_MAX_MTU", KindU32),
	nested(uapi.IFLA_PROP_LIST, "IFLA_PROP_LIST", propListAttrs),
	attr(uapi.IFLA_ALT_IFNAME, "IFLA_ALT_IFNAME", KindString),
	attr(uapi.IFLA_PERM_ADDRESS, "IFLA_PERM_ADDRESS", KindMAC),
	nested(uapi.IFLA_PROTO_DOWN_REASON, "IFLA_PROTO_DOWN_REASON", protoDownReasonAttrs),
	attr(uapi.IFLA_PARENT_DEV_NAME, "IFLA_PARENT_DEV_NAME", KindString),
	attr(uapi.IFLA_PARENT_DEV_BUS_NAME, "IFLA_PARENT_DEV_BUS_NAME", KindString),
	attr(uapi.IFLA_GRO_MAX_SIZE, "IFLA_GRO_MAX_SIZE", KindU32),
	attr(uapi.IFLA_TSO_MAX_SIZE, "IFLA_TSO_MAX_SIZE", KindU32),
	attr(uapi.IFLA_TSO_MAX_SEGS, "IFLA_TSO_MAX_SEGS", KindU32),
	attr(uapi.IFLA_ALLMULTI, "IFLA_ALLMULTI", KindU32),
	attr(uapi.IFLA_DEVLINK_PORT, "IFLA_DEVLINK_PORT", KindBinary),
	attr(uapi.IFLA_GSO_IPV4_MAX_SIZE, "IFLA_GSO_IPV4_MAX_SIZE", KindU32),
	attr(uapi.IFLA_GRO_IPV4_MAX_SIZE, "IFLA_GRO_IPV4_MAX_SIZE", KindU32),
	attr(uapi.IFLA_DPLL_PIN, "IFLA_DPLL_PIN", KindBinary),
	attr(uapi.IFLA_MAX_PACING_OFFLOAD_HORIZON, "IFLA_MAX_PACING_OFFLOAD_HORIZON", KindUint),
	attr(uapi.IFLA_NETNS_IMMUTABLE, "IFLA_NETNS_IMMUTABLE", KindU8),
	attr(uapi.IFLA_HEADROOM, "IFLA_HEADROOM", KindU16),
	attr(uapi.IFLA_TAILROOM, "IFLA_TAILROOM", KindU16),
)

var propListAttrs = NewTable("prop_list", "IFLA_",
	attr(uapi.IFLA_ALT_IFNAME, "IFLA_ALT_IFNAME", KindString),
)

var protoDownReasonAttrs = NewTable("proto_down_reason", "IFLA_PROTO_DOWN_REASON_",
	attr(uapi.IFLA_PROTO_DOWN_REASON_MASK, "IFLA_PROTO_DOWN_REASON_MASK", KindU32),
	attr(uapi.IFLA_PROTO_DOWN_REASON_VALUE, "IFLA_PROTO_DOWN_REASON_VALUE", KindU32),
)

var xdpAttrs = NewTable("xdp", "IFLA_XDP_",
	attr(uapi.IFLA_XDP_FD, "IFLA_XDP_FD", KindS32),
	enum(uapi.IFLA_XDP_ATTACHED, "IFLA_XDP_ATTACHED", KindU8, "", "xdp", "xdpgeneric", "xdpoffload", "xdpmulti"),
	attr(uapi.IFLA_XDP_FLAGS, "IFLA_XDP_FLAGS", KindU32),
	attr(uapi.IFLA_XDP_PROG_ID, "IFLA_XDP_PROG_ID", KindU32),
	attr(uapi.IFLA_XDP_DRV_PROG_ID, "IFLA_XDP_DRV_PROG_ID", KindU32),
	attr(uapi.IFLA_XDP_SKB_PROG_ID, "IFLA_XDP_SKB_PROG_ID", KindU32),
	attr(uapi.IFLA_XDP_HW_PROG_ID, "IFLA_XDP_HW_PROG_ID", KindU32),
	attr(uapi.IFLA_XDP_EXPECTED_FD, "IFLA_XDP_EXPECTED_FD", KindS32),
)

// afSpecAttrs is IFLA_AF_SPEC of AF_UNSPEC link messages: one nested
// attribute per address family, typed by the family number.
var afSpecAttrs = NewTable("af_spec", "",
	nested(uapi.AF_INET, "AF_INET", inetAttrs),
	nested(uapi.AF_INET6, "AF_INET6", inet6Attrs),
	attr(uapi.AF_MPLS, "AF_MPLS", KindBinary),
	nested(uapi.AF_MCTP, "AF_MCTP", mctpAttrs),
)

var mctpAttrs = NewTable("mctp", "IFLA_MCTP_",
	attr(uapi.IFLA_MCTP_NET, "IFLA_MCTP_NET", KindU32),
)

var inetAttrs = NewTable("inet", "IFLA_INET_",
	namedArray(uapi.IFLA_INET_CONF, "IFLA_INET_CONF", KindU32, inetConfNames),
)

var inet6Attrs = NewTable("inet6", "IFLA_INET6_",
	attr(uapi.IFLA_INET6_FLAGS, "IFLA_INET6_FLAGS", KindU32),
	namedArray(uapi.IFLA_INET6_CONF, "IFLA_INET6_CONF", KindS32, inet6ConfNames),
	namedArray(uapi.IFLA_INET6_STATS, "IFLA_INET6_STATS", KindU64, inet6StatsNames),
	attr(uapi.IFLA_INET6_MCAST, "IFLA_INET6_MCAST", KindBinary),
	structAttr(uapi.IFLA_INET6_CACHEINFO, "IFLA_INET6_CACHEINFO", IflaCacheinfo),
	namedArray(uapi.IFLA_INET6_ICMP6STATS, "IFLA_INET6_ICMP6STATS", KindU64, icmp6StatsNames),
	attr(uapi.IFLA_INET6_TOKEN, "IFLA_INET6_TOKEN", KindAddr),
	attr(uapi.IFLA_INET6_ADDR_GEN_MODE, "IFLA_INET6_ADDR_GEN_MODE", KindU8),
	attr(uapi.IFLA_INET6_RA_MTU, "IFLA_INET6_RA_MTU", KindU32),
)

// bridgeAfSpecAttrs is IFLA_AF_SPEC of AF_BRIDGE link messages.
var bridgeAfSpecAttrs = NewTable("bridge_af_spec", "IFLA_BRIDGE_",
	attr(uapi.IFLA_BRIDGE_FLAGS, "IFLA_BRIDGE_FLAGS", KindU16),
	attr(uapi.IFLA_BRIDGE_MODE, "IFLA_BRIDGE_MODE", KindU16),
	structAttr(uapi.IFLA_BRIDGE_VLAN_INFO, "IFLA_BRIDGE_VLAN_INFO", brVlanInfo),
	nested(uapi.IFLA_BRIDGE_VLAN_TUNNEL_INFO, "IFLA_BRIDGE_VLAN_TUNNEL_INFO", bridgeVlanTunnelAttrs),
	nested(uapi.IFLA_BRIDGE_MRP, "IFLA_BRIDGE_MRP", brMrpAttrs),
	nested(uapi.IFLA_BRIDGE_CFM, "IFLA_BRIDGE_CFM", brCfmAttrs),
	nested(uapi.IFLA_BRIDGE_MST, "IFLA_BRIDGE_MST", brMstAttrs),
)

// linkInfoAttrs is IFLA_LINKINFO; IFLA_INFO_DATA is chosen by
// IFLA_INFO_KIND (linkKinds), IFLA_INFO_SLAVE_DATA by IFLA_INFO_SLAVE_KIND.
var linkInfoAttrs = NewTable("linkinfo", "IFLA_INFO_",
	attr(uapi.IFLA_INFO_KIND, "IFLA_INFO_KIND", KindString),
	selected(uapi.IFLA_INFO_DATA, "IFLA_INFO_DATA", &Selector{Sibling: uapi.IFLA_INFO_KIND, ByName: linkKinds}),
	attr(uapi.IFLA_INFO_XSTATS, "IFLA_INFO_XSTATS", KindBinary),
	attr(uapi.IFLA_INFO_SLAVE_KIND, "IFLA_INFO_SLAVE_KIND", KindString),
	selected(uapi.IFLA_INFO_SLAVE_DATA, "IFLA_INFO_SLAVE_DATA", &Selector{Sibling: uapi.IFLA_INFO_SLAVE_KIND, ByName: linkSlaveKinds}),
)

// linkKinds maps IFLA_INFO_KIND to the table of IFLA_INFO_DATA. Adding a
// kind is adding a table (schema_link_kinds.go) and a line here.
var linkKinds = map[string]*Table{
	"bridge":    bridgeDataAttrs,
	"veth":      vethDataAttrs,
	"vxlan":     vxlanDataAttrs,
	"macvlan":   macvlanDataAttrs,
	"macvtap":   macvlanDataAttrs,
	"vlan":      vlanDataAttrs,
	"ipvlan":    ipvlanDataAttrs,
	"ipvtap":    ipvlanDataAttrs,
	"vrf":       vrfDataAttrs,
	"gre":       greDataAttrs,
	"gretap":    greDataAttrs,
	"erspan":    greDataAttrs,
	"ip6gre":    greDataAttrs,
	"ip6gretap": greDataAttrs,
	"ip6erspan": greDataAttrs,
	"ipip":      iptunDataAttrs,
	"ip6tnl":    iptunDataAttrs,
	"sit":       sitDataAttrs,
	"vti":       vtiDataAttrs,
	"vti6":      vtiDataAttrs,
	"geneve":    geneveDataAttrs,
	"bond":      bondDataAttrs,
	"tun":       tunDataAttrs,
	"xfrm":      xfrmDataAttrs,
	"netkit":    netkitDataAttrs,
	"gtp":       gtpDataAttrs,
	"bareudp":   bareudpDataAttrs,
	"macsec":    macsecDataAttrs,
	"hsr":       hsrDataAttrs,
	"ipoib":     ipoibDataAttrs,
	"ppp":       pppDataAttrs,
	"rmnet":     rmnetDataAttrs,
}

// linkSlaveKinds maps IFLA_INFO_SLAVE_KIND to IFLA_INFO_SLAVE_DATA tables.
var linkSlaveKinds = map[string]*Table{
	"bridge": brportAttrs,
	"bond":   bondSlaveAttrs,
	"vrf":    vrfPortAttrs,
}
