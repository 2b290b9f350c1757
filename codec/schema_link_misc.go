package codec

import "github.com/nlroute/nlroute/internal/uapi"

// IFLA_INFO_DATA tables of the smaller link kinds, one per kind, named
// as the kernel names them. Kinds with no IFLA_INFO_DATA (dummy, ifb,
// nlmon, team, wireguard) have no table: the kernel sends none.

// ipvlanDataAttrs: kinds "ipvlan" and "ipvtap".
var ipvlanDataAttrs = NewTable("ipvlan_data", "IFLA_",
	attr(uapi.IFLA_IPVLAN_MODE, "IFLA_IPVLAN_MODE", KindU16),
	attr(uapi.IFLA_IPVLAN_FLAGS, "IFLA_IPVLAN_FLAGS", KindU16),
)

// vrfDataAttrs: kind "vrf".
var vrfDataAttrs = NewTable("vrf_data", "IFLA_",
	attr(uapi.IFLA_VRF_TABLE, "IFLA_VRF_TABLE", KindU32),
)

// vrfPortAttrs: IFLA_INFO_SLAVE_DATA of slave kind "vrf".
var vrfPortAttrs = NewTable("vrf_port", "IFLA_",
	attr(uapi.IFLA_VRF_PORT_TABLE, "IFLA_VRF_PORT_TABLE", KindU32),
)

// tunDataAttrs: kind "tun" (tun and tap devices).
var tunDataAttrs = NewTable("tun_data", "IFLA_",
	attr(uapi.IFLA_TUN_OWNER, "IFLA_TUN_OWNER", KindU32),
	attr(uapi.IFLA_TUN_GROUP, "IFLA_TUN_GROUP", KindU32),
	attr(uapi.IFLA_TUN_TYPE, "IFLA_TUN_TYPE", KindU8),
	attr(uapi.IFLA_TUN_PI, "IFLA_TUN_PI", KindU8),
	attr(uapi.IFLA_TUN_VNET_HDR, "IFLA_TUN_VNET_HDR", KindU8),
	attr(uapi.IFLA_TUN_PERSIST, "IFLA_TUN_PERSIST", KindU8),
	attr(uapi.IFLA_TUN_MULTI_QUEUE, "IFLA_TUN_MULTI_QUEUE", KindU8),
	attr(uapi.IFLA_TUN_NUM_QUEUES, "IFLA_TUN_NUM_QUEUES", KindU32),
	attr(uapi.IFLA_TUN_NUM_DISABLED_QUEUES, "IFLA_TUN_NUM_DISABLED_QUEUES", KindU32),
)

// netkitDataAttrs: kind "netkit" (Linux 6.7). IFLA_NETKIT_PEER_INFO is
// an ifinfomsg and the peer's IFLA_* attributes (requests only); its
// table, the link table, is set by init in schema_link_kinds.go.
var netkitDataAttrs = NewTable("netkit_data", "IFLA_",
	structAttrs(uapi.IFLA_NETKIT_PEER_INFO, "IFLA_NETKIT_PEER_INFO", IfInfoMsg, nil),
	attr(uapi.IFLA_NETKIT_PRIMARY, "IFLA_NETKIT_PRIMARY", KindU8),
	attr(uapi.IFLA_NETKIT_POLICY, "IFLA_NETKIT_POLICY", KindU32),
	attr(uapi.IFLA_NETKIT_PEER_POLICY, "IFLA_NETKIT_PEER_POLICY", KindU32),
	attr(uapi.IFLA_NETKIT_MODE, "IFLA_NETKIT_MODE", KindU32),
	attr(uapi.IFLA_NETKIT_SCRUB, "IFLA_NETKIT_SCRUB", KindU32),
	attr(uapi.IFLA_NETKIT_PEER_SCRUB, "IFLA_NETKIT_PEER_SCRUB", KindU32),
	attr(uapi.IFLA_NETKIT_HEADROOM, "IFLA_NETKIT_HEADROOM", KindU16),
	attr(uapi.IFLA_NETKIT_TAILROOM, "IFLA_NETKIT_TAILROOM", KindU16),
)

// xfrmDataAttrs: kind "xfrm".
var xfrmDataAttrs = NewTable("xfrm_data", "IFLA_",
	attr(uapi.IFLA_XFRM_LINK, "IFLA_XFRM_LINK", KindU32),
	attr(uapi.IFLA_XFRM_IF_ID, "IFLA_XFRM_IF_ID", KindU32),
	attr(uapi.IFLA_XFRM_COLLECT_METADATA, "IFLA_XFRM_COLLECT_METADATA", KindFlag),
)

// geneveDataAttrs: kind "geneve".
var geneveDataAttrs = NewTable("geneve_data", "IFLA_",
	attr(uapi.IFLA_GENEVE_ID, "IFLA_GENEVE_ID", KindU32),
	attr(uapi.IFLA_GENEVE_REMOTE, "IFLA_GENEVE_REMOTE", KindAddr),
	attr(uapi.IFLA_GENEVE_TTL, "IFLA_GENEVE_TTL", KindU8),
	attr(uapi.IFLA_GENEVE_TOS, "IFLA_GENEVE_TOS", KindU8),
	attr(uapi.IFLA_GENEVE_PORT, "IFLA_GENEVE_PORT", KindBE16),
	attr(uapi.IFLA_GENEVE_COLLECT_METADATA, "IFLA_GENEVE_COLLECT_METADATA", KindFlag),
	attr(uapi.IFLA_GENEVE_REMOTE6, "IFLA_GENEVE_REMOTE6", KindAddr),
	attr(uapi.IFLA_GENEVE_UDP_CSUM, "IFLA_GENEVE_UDP_CSUM", KindU8),
	attr(uapi.IFLA_GENEVE_UDP_ZERO_CSUM6_TX, "IFLA_GENEVE_UDP_ZERO_CSUM6_TX", KindU8),
	attr(uapi.IFLA_GENEVE_UDP_ZERO_CSUM6_RX, "IFLA_GENEVE_UDP_ZERO_CSUM6_RX", KindU8),
	attr(uapi.IFLA_GENEVE_LABEL, "IFLA_GENEVE_LABEL", KindBE32),
	attr(uapi.IFLA_GENEVE_TTL_INHERIT, "IFLA_GENEVE_TTL_INHERIT", KindU8),
	enum(uapi.IFLA_GENEVE_DF, "IFLA_GENEVE_DF", KindU8, "unset", "set", "inherit"),
	attr(uapi.IFLA_GENEVE_INNER_PROTO_INHERIT, "IFLA_GENEVE_INNER_PROTO_INHERIT", KindFlag),
)

// bareudpDataAttrs: kind "bareudp".
var bareudpDataAttrs = NewTable("bareudp_data", "IFLA_",
	attr(uapi.IFLA_BAREUDP_PORT, "IFLA_BAREUDP_PORT", KindBE16),
	attr(uapi.IFLA_BAREUDP_ETHERTYPE, "IFLA_BAREUDP_ETHERTYPE", KindBE16),
	attr(uapi.IFLA_BAREUDP_SRCPORT_MIN, "IFLA_BAREUDP_SRCPORT_MIN", KindU16),
	attr(uapi.IFLA_BAREUDP_MULTIPROTO_MODE, "IFLA_BAREUDP_MULTIPROTO_MODE", KindFlag),
)

// gtpDataAttrs: kind "gtp".
var gtpDataAttrs = NewTable("gtp_data", "IFLA_",
	attr(uapi.IFLA_GTP_FD0, "IFLA_GTP_FD0", KindU32),
	attr(uapi.IFLA_GTP_FD1, "IFLA_GTP_FD1", KindU32),
	attr(uapi.IFLA_GTP_PDP_HASHSIZE, "IFLA_GTP_PDP_HASHSIZE", KindU32),
	attr(uapi.IFLA_GTP_ROLE, "IFLA_GTP_ROLE", KindU32),
	attr(uapi.IFLA_GTP_CREATE_SOCKETS, "IFLA_GTP_CREATE_SOCKETS", KindU8),
	attr(uapi.IFLA_GTP_RESTART_COUNT, "IFLA_GTP_RESTART_COUNT", KindU8),
	attr(uapi.IFLA_GTP_LOCAL, "IFLA_GTP_LOCAL", KindAddr),
	attr(uapi.IFLA_GTP_LOCAL6, "IFLA_GTP_LOCAL6", KindAddr),
)

// macsecDataAttrs: kind "macsec".
var macsecDataAttrs = NewTable("macsec_data", "IFLA_",
	attr(uapi.IFLA_MACSEC_SCI, "IFLA_MACSEC_SCI", KindU64),
	attr(uapi.IFLA_MACSEC_PORT, "IFLA_MACSEC_PORT", KindBE16),
	attr(uapi.IFLA_MACSEC_ICV_LEN, "IFLA_MACSEC_ICV_LEN", KindU8),
	attr(uapi.IFLA_MACSEC_CIPHER_SUITE, "IFLA_MACSEC_CIPHER_SUITE", KindU64),
	attr(uapi.IFLA_MACSEC_WINDOW, "IFLA_MACSEC_WINDOW", KindU32),
	attr(uapi.IFLA_MACSEC_ENCODING_SA, "IFLA_MACSEC_ENCODING_SA", KindU8),
	attr(uapi.IFLA_MACSEC_ENCRYPT, "IFLA_MACSEC_ENCRYPT", KindU8),
	attr(uapi.IFLA_MACSEC_PROTECT, "IFLA_MACSEC_PROTECT", KindU8),
	attr(uapi.IFLA_MACSEC_INC_SCI, "IFLA_MACSEC_INC_SCI", KindU8),
	attr(uapi.IFLA_MACSEC_ES, "IFLA_MACSEC_ES", KindU8),
	attr(uapi.IFLA_MACSEC_SCB, "IFLA_MACSEC_SCB", KindU8),
	attr(uapi.IFLA_MACSEC_REPLAY_PROTECT, "IFLA_MACSEC_REPLAY_PROTECT", KindU8),
	attr(uapi.IFLA_MACSEC_VALIDATION, "IFLA_MACSEC_VALIDATION", KindU8),
	attr(uapi.IFLA_MACSEC_PAD, "IFLA_MACSEC_PAD", KindBinary),
	attr(uapi.IFLA_MACSEC_OFFLOAD, "IFLA_MACSEC_OFFLOAD", KindU8),
)

// hsrDataAttrs: kind "hsr".
var hsrDataAttrs = NewTable("hsr_data", "IFLA_",
	attr(uapi.IFLA_HSR_SLAVE1, "IFLA_HSR_SLAVE1", KindU32),
	attr(uapi.IFLA_HSR_SLAVE2, "IFLA_HSR_SLAVE2", KindU32),
	attr(uapi.IFLA_HSR_MULTICAST_SPEC, "IFLA_HSR_MULTICAST_SPEC", KindU8),
	attr(uapi.IFLA_HSR_SUPERVISION_ADDR, "IFLA_HSR_SUPERVISION_ADDR", KindMAC),
	attr(uapi.IFLA_HSR_SEQ_NR, "IFLA_HSR_SEQ_NR", KindU16),
	attr(uapi.IFLA_HSR_VERSION, "IFLA_HSR_VERSION", KindU8),
	attr(uapi.IFLA_HSR_PROTOCOL, "IFLA_HSR_PROTOCOL", KindU8),
	attr(uapi.IFLA_HSR_INTERLINK, "IFLA_HSR_INTERLINK", KindU32),
)

// ipoibDataAttrs: kind "ipoib".
var ipoibDataAttrs = NewTable("ipoib_data", "IFLA_",
	attr(uapi.IFLA_IPOIB_PKEY, "IFLA_IPOIB_PKEY", KindU16),
	enum(uapi.IFLA_IPOIB_MODE, "IFLA_IPOIB_MODE", KindU16, "datagram", "connected"),
	attr(uapi.IFLA_IPOIB_UMCAST, "IFLA_IPOIB_UMCAST", KindU16),
)

// pppDataAttrs: kind "ppp".
var pppDataAttrs = NewTable("ppp_data", "IFLA_",
	attr(uapi.IFLA_PPP_DEV_FD, "IFLA_PPP_DEV_FD", KindS32),
)

// rmnetDataAttrs: kind "rmnet".
var rmnetDataAttrs = NewTable("rmnet_data", "IFLA_",
	attr(uapi.IFLA_RMNET_MUX_ID, "IFLA_RMNET_MUX_ID", KindU16),
	structAttr(uapi.IFLA_RMNET_FLAGS, "IFLA_RMNET_FLAGS", ifRmnetFlags),
)

var ifRmnetFlags = NewStruct("ifla_rmnet_flags", u32("flags"), u32("mask"))
