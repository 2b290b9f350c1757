package codec

import "github.com/nlroute/nlroute/internal/uapi"

// IFLA_INFO_DATA tables of veth, vxlan, macvlan/macvtap and vlan; the
// bridge, tunnel, bond and smaller kinds have files of their own. pyroute2 keeps the "IFLA_"
// prefix out of their keywords, so IFLA_BR_STP_STATE is "br_stp_state"
// and IFLA_VXLAN_ID is "vxlan_id".

// vethDataAttrs: VETH_INFO_PEER holds an ifinfomsg and the IFLA_*
// attributes of the peer (the kernel takes it in requests only):
//
//	{"linkinfo": {"kind": "veth", "data": {"peer": {"ifname": "v1", "index": 0}}}}
//
// Its table is the link table itself, set by init: a table literal
// naming linkAttrs here would be an initialisation cycle.
var vethDataAttrs = NewTable("veth_data", "VETH_INFO_",
	structAttrs(uapi.VETH_INFO_PEER, "VETH_INFO_PEER", IfInfoMsg, nil),
)

// This init closes the loop of the peer attributes: an ifinfomsg
// followed by the link table's attributes.
func init() {
	vethDataAttrs.setNested(uapi.VETH_INFO_PEER, linkAttrs)
	netkitDataAttrs.setNested(uapi.IFLA_NETKIT_PEER_INFO, linkAttrs)
}

var vxlanDataAttrs = NewTable("vxlan_data", "IFLA_",
	attr(uapi.IFLA_VXLAN_ID, "IFLA_VXLAN_ID", KindU32),
	attr(uapi.IFLA_VXLAN_GROUP, "IFLA_VXLAN_GROUP", KindAddr),
	attr(uapi.IFLA_VXLAN_LINK, "IFLA_VXLAN_LINK", KindU32),
	attr(uapi.IFLA_VXLAN_LOCAL, "IFLA_VXLAN_LOCAL", KindAddr),
	attr(uapi.IFLA_VXLAN_TTL, "IFLA_VXLAN_TTL", KindU8),
	attr(uapi.IFLA_VXLAN_TOS, "IFLA_VXLAN_TOS", KindU8),
	attr(uapi.IFLA_VXLAN_LEARNING, "IFLA_VXLAN_LEARNING", KindU8),
	attr(uapi.IFLA_VXLAN_AGEING, "IFLA_VXLAN_AGEING", KindU32),
	attr(uapi.IFLA_VXLAN_LIMIT, "IFLA_VXLAN_LIMIT", KindU32),
	structAttr(uapi.IFLA_VXLAN_PORT_RANGE, "IFLA_VXLAN_PORT_RANGE", ifVxlanPorts),
	attr(uapi.IFLA_VXLAN_PROXY, "IFLA_VXLAN_PROXY", KindU8),
	attr(uapi.IFLA_VXLAN_RSC, "IFLA_VXLAN_RSC", KindU8),
	attr(uapi.IFLA_VXLAN_L2MISS, "IFLA_VXLAN_L2MISS", KindU8),
	attr(uapi.IFLA_VXLAN_L3MISS, "IFLA_VXLAN_L3MISS", KindU8),
	attr(uapi.IFLA_VXLAN_PORT, "IFLA_VXLAN_PORT", KindBE16),
	attr(uapi.IFLA_VXLAN_GROUP6, "IFLA_VXLAN_GROUP6", KindAddr),
	attr(uapi.IFLA_VXLAN_LOCAL6, "IFLA_VXLAN_LOCAL6", KindAddr),
	attr(uapi.IFLA_VXLAN_UDP_CSUM, "IFLA_VXLAN_UDP_CSUM", KindU8),
	attr(uapi.IFLA_VXLAN_UDP_ZERO_CSUM6_TX, "IFLA_VXLAN_UDP_ZERO_CSUM6_TX", KindU8),
	attr(uapi.IFLA_VXLAN_UDP_ZERO_CSUM6_RX, "IFLA_VXLAN_UDP_ZERO_CSUM6_RX", KindU8),
	attr(uapi.IFLA_VXLAN_REMCSUM_TX, "IFLA_VXLAN_REMCSUM_TX", KindU8),
	attr(uapi.IFLA_VXLAN_REMCSUM_RX, "IFLA_VXLAN_REMCSUM_RX", KindU8),
	attr(uapi.IFLA_VXLAN_GBP, "IFLA_VXLAN_GBP", KindFlag),
	attr(uapi.IFLA_VXLAN_REMCSUM_NOPARTIAL, "IFLA_VXLAN_REMCSUM_NOPARTIAL", KindFlag),
	attr(uapi.IFLA_VXLAN_COLLECT_METADATA, "IFLA_VXLAN_COLLECT_METADATA", KindU8),
	attr(uapi.IFLA_VXLAN_LABEL, "IFLA_VXLAN_LABEL", KindBE32),
	attr(uapi.IFLA_VXLAN_GPE, "IFLA_VXLAN_GPE", KindFlag),
	// IFLA_VXLAN_TTL_INHERIT is a flag in requests but a u8 (0 or 1)
	// in the kernel's replies; the schema decodes replies.
	attr(uapi.IFLA_VXLAN_TTL_INHERIT, "IFLA_VXLAN_TTL_INHERIT", KindU8),
	attr(uapi.IFLA_VXLAN_DF, "IFLA_VXLAN_DF", KindU8),
	attr(uapi.IFLA_VXLAN_VNIFILTER, "IFLA_VXLAN_VNIFILTER", KindU8),
	attr(uapi.IFLA_VXLAN_LOCALBYPASS, "IFLA_VXLAN_LOCALBYPASS", KindU8),
	attr(uapi.IFLA_VXLAN_LABEL_POLICY, "IFLA_VXLAN_LABEL_POLICY", KindU32),
	attr(uapi.IFLA_VXLAN_RESERVED_BITS, "IFLA_VXLAN_RESERVED_BITS", KindBinary),
)

// macvlanModes are pyroute2's names of the MACVLAN_MODE_* values.
var macvlanModes = []string{0: "none", 1: "private", 2: "vepa", 4: "bridge", 8: "passthru", 16: "source"}

var macvlanDataAttrs = NewTable("macvlan_data", "IFLA_",
	enum(uapi.IFLA_MACVLAN_MODE, "IFLA_MACVLAN_MODE", KindU32, macvlanModes...),
	enum(uapi.IFLA_MACVLAN_FLAGS, "IFLA_MACVLAN_FLAGS", KindU16, "none", "nopromisc"),
	enum(uapi.IFLA_MACVLAN_MACADDR_MODE, "IFLA_MACVLAN_MACADDR_MODE", KindU32, "add", "del", "flush", "set"),
	attr(uapi.IFLA_MACVLAN_MACADDR, "IFLA_MACVLAN_MACADDR", KindMAC),
	nested(uapi.IFLA_MACVLAN_MACADDR_DATA, "IFLA_MACVLAN_MACADDR_DATA", macvlanMacaddrAttrs),
	attr(uapi.IFLA_MACVLAN_MACADDR_COUNT, "IFLA_MACVLAN_MACADDR_COUNT", KindU32),
	attr(uapi.IFLA_MACVLAN_BC_QUEUE_LEN, "IFLA_MACVLAN_BC_QUEUE_LEN", KindU32),
	attr(uapi.IFLA_MACVLAN_BC_QUEUE_LEN_USED, "IFLA_MACVLAN_BC_QUEUE_LEN_USED", KindU32),
	attr(uapi.IFLA_MACVLAN_BC_CUTOFF, "IFLA_MACVLAN_BC_CUTOFF", KindS32),
)

var macvlanMacaddrAttrs = NewTable("macvlan_macaddr", "IFLA_",
	attr(uapi.IFLA_MACVLAN_MACADDR, "IFLA_MACVLAN_MACADDR", KindMAC),
)

var vlanDataAttrs = NewTable("vlan_data", "IFLA_",
	attr(uapi.IFLA_VLAN_ID, "IFLA_VLAN_ID", KindU16),
	structAttr(uapi.IFLA_VLAN_FLAGS, "IFLA_VLAN_FLAGS", ifVlanFlags),
	nested(uapi.IFLA_VLAN_EGRESS_QOS, "IFLA_VLAN_EGRESS_QOS", vlanQosAttrs),
	nested(uapi.IFLA_VLAN_INGRESS_QOS, "IFLA_VLAN_INGRESS_QOS", vlanQosAttrs),
	attr(uapi.IFLA_VLAN_PROTOCOL, "IFLA_VLAN_PROTOCOL", KindBE16),
)

var vlanQosAttrs = NewTable("vlan_qos", "IFLA_VLAN_QOS_",
	structAttr(uapi.IFLA_VLAN_QOS_MAPPING, "IFLA_VLAN_QOS_MAPPING", ifVlanQosMap),
)
