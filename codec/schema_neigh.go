package codec

import "github.com/nlroute/nlroute/internal/uapi"

// Neigh is the schema of RTM_NEWNEIGH/RTM_DELNEIGH/RTM_GETNEIGH messages:
// struct ndmsg and the NDA_* attributes (pyroute2's ndmsg), for ARP/NDP
// neighbours and, in AF_BRIDGE messages, bridge and VXLAN FDB entries.
var Neigh = &Schema{
	Name:   "neigh",
	Header: NdMsg,
	Attrs:  neighAttrs,
	Events: []Event{
		{uapi.RTM_NEWNEIGH, "RTM_NEWNEIGH"},
		{uapi.RTM_DELNEIGH, "RTM_DELNEIGH"},
		{uapi.RTM_GETNEIGH, "RTM_GETNEIGH"},
	},
	FamilyField: "family",
}

// neighAttrs: NDA_PORT is big-endian, NDA_VNI and NDA_SRC_VNI host order.
var neighAttrs = NewTable("neigh", "NDA_",
	attr(uapi.NDA_DST, "NDA_DST", KindAddr),
	attr(uapi.NDA_LLADDR, "NDA_LLADDR", KindMAC),
	structAttr(uapi.NDA_CACHEINFO, "NDA_CACHEINFO", NdaCacheinfo),
	attr(uapi.NDA_PROBES, "NDA_PROBES", KindU32),
	attr(uapi.NDA_VLAN, "NDA_VLAN", KindU16),
	attr(uapi.NDA_PORT, "NDA_PORT", KindBE16),
	attr(uapi.NDA_VNI, "NDA_VNI", KindU32),
	attr(uapi.NDA_IFINDEX, "NDA_IFINDEX", KindU32),
	attr(uapi.NDA_MASTER, "NDA_MASTER", KindU32),
	attr(uapi.NDA_LINK_NETNSID, "NDA_LINK_NETNSID", KindS32),
	attr(uapi.NDA_SRC_VNI, "NDA_SRC_VNI", KindU32),
	attr(uapi.NDA_PROTOCOL, "NDA_PROTOCOL", KindU8),
	attr(uapi.NDA_NH_ID, "NDA_NH_ID", KindU32),
	nested(uapi.NDA_FDB_EXT_ATTRS, "NDA_FDB_EXT_ATTRS", fdbExtAttrs),
	attr(uapi.NDA_FLAGS_EXT, "NDA_FLAGS_EXT", KindU32),
	attr(uapi.NDA_NDM_STATE_MASK, "NDA_NDM_STATE_MASK", KindU16),
	attr(uapi.NDA_NDM_FLAGS_MASK, "NDA_NDM_FLAGS_MASK", KindU8),
)

// fdbExtAttrs is NDA_FDB_EXT_ATTRS.
var fdbExtAttrs = NewTable("fdb_ext", "NFEA_",
	attr(uapi.NFEA_ACTIVITY_NOTIFY, "NFEA_ACTIVITY_NOTIFY", KindU8),
	attr(uapi.NFEA_DONT_REFRESH, "NFEA_DONT_REFRESH", KindFlag),
)
