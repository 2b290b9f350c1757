// Code generated once from /usr/include/linux/if_link.h (Linux 6.1 UAPI) by extracting its enums
// and defines; edited by hand since. Members newer than 6.1 are added by
// hand with the kernel release that introduced them. Names are the
// kernel's.

package uapi

// IPVLAN device attributes, IFLA_INFO_DATA of kinds "ipvlan" and "ipvtap".
const (
	IFLA_IPVLAN_MODE  = 1
	IFLA_IPVLAN_FLAGS = 2
)

// IPVLAN modes and flags.
const (
	IPVLAN_MODE_L2  = 0
	IPVLAN_MODE_L3  = 1
	IPVLAN_MODE_L3S = 2
	IPVLAN_MODE_MAX = 3
)

// VRF device attributes, IFLA_INFO_DATA of kind "vrf".
const (
	IFLA_VRF_TABLE      = 1
	IFLA_VRF_PORT_TABLE = 1
)

// MACsec device attributes, IFLA_INFO_DATA of kind "macsec".
const (
	IFLA_MACSEC_SCI            = 1
	IFLA_MACSEC_PORT           = 2
	IFLA_MACSEC_ICV_LEN        = 3
	IFLA_MACSEC_CIPHER_SUITE   = 4
	IFLA_MACSEC_WINDOW         = 5
	IFLA_MACSEC_ENCODING_SA    = 6
	IFLA_MACSEC_ENCRYPT        = 7
	IFLA_MACSEC_PROTECT        = 8
	IFLA_MACSEC_INC_SCI        = 9
	IFLA_MACSEC_ES             = 10
	IFLA_MACSEC_SCB            = 11
	IFLA_MACSEC_REPLAY_PROTECT = 12
	IFLA_MACSEC_VALIDATION     = 13
	IFLA_MACSEC_PAD            = 14
	IFLA_MACSEC_OFFLOAD        = 15
)

// MACsec validation and offload modes.
const (
	MACSEC_VALIDATE_DISABLED = 0
	MACSEC_VALIDATE_CHECK    = 1
	MACSEC_VALIDATE_STRICT   = 2
	MACSEC_VALIDATE_MAX      = 2
	MACSEC_OFFLOAD_OFF       = 0
	MACSEC_OFFLOAD_PHY       = 1
	MACSEC_OFFLOAD_MAC       = 2
	MACSEC_OFFLOAD_MAX       = 2
)

// xfrm interface attributes, IFLA_INFO_DATA of kind "xfrm".
const (
	IFLA_XFRM_LINK             = 1
	IFLA_XFRM_IF_ID            = 2
	IFLA_XFRM_COLLECT_METADATA = 3
)

// Geneve device attributes, IFLA_INFO_DATA of kind "geneve".
const (
	IFLA_GENEVE_ID                  = 1
	IFLA_GENEVE_REMOTE              = 2
	IFLA_GENEVE_TTL                 = 3
	IFLA_GENEVE_TOS                 = 4
	IFLA_GENEVE_PORT                = 5
	IFLA_GENEVE_COLLECT_METADATA    = 6
	IFLA_GENEVE_REMOTE6             = 7
	IFLA_GENEVE_UDP_CSUM            = 8
	IFLA_GENEVE_UDP_ZERO_CSUM6_TX   = 9
	IFLA_GENEVE_UDP_ZERO_CSUM6_RX   = 10
	IFLA_GENEVE_LABEL               = 11
	IFLA_GENEVE_TTL_INHERIT         = 12
	IFLA_GENEVE_DF                  = 13
	IFLA_GENEVE_INNER_PROTO_INHERIT = 14
)

// Bareudp device attributes, IFLA_INFO_DATA of kind "bareudp".
const (
	IFLA_BAREUDP_PORT            = 1
	IFLA_BAREUDP_ETHERTYPE       = 2
	IFLA_BAREUDP_SRCPORT_MIN     = 3
	IFLA_BAREUDP_MULTIPROTO_MODE = 4
)

// PPP device attributes, IFLA_INFO_DATA of kind "ppp".
const (
	IFLA_PPP_DEV_FD = 1
)

// GTP device attributes, IFLA_INFO_DATA of kind "gtp".
const (
	IFLA_GTP_FD0            = 1
	IFLA_GTP_FD1            = 2
	IFLA_GTP_PDP_HASHSIZE   = 3
	IFLA_GTP_ROLE           = 4
	IFLA_GTP_CREATE_SOCKETS = 5
	IFLA_GTP_RESTART_COUNT  = 6
)

// Bonding device attributes, IFLA_INFO_DATA of kind "bond".
const (
	IFLA_BOND_MODE                             = 1
	IFLA_BOND_ACTIVE_SLAVE                     = 2
	IFLA_BOND_MIIMON                           = 3
	IFLA_BOND_UPDELAY                          = 4
	IFLA_BOND_DOWNDELAY                        = 5
	IFLA_BOND_USE_CARRIER                      = 6
	IFLA_BOND_ARP_INTERVAL                     = 7
	IFLA_BOND_ARP_IP_TARGET                    = 8
	IFLA_BOND_ARP_VALIDATE                     = 9
	IFLA_BOND_ARP_ALL_TARGETS                  = 10
	IFLA_BOND_PRIMARY                          = 11
	IFLA_BOND_PRIMARY_RESELECT                 = 12
	IFLA_BOND_FAIL_OVER_MAC                    = 13
	IFLA_BOND_XMIT_HASH_POLICY                 = 14
	IFLA_BOND_RESEND_IGMP                      = 15
	IFLA_BOND_NUM_PEER_NOTIF                   = 16
	IFLA_BOND_ALL_SLAVES_ACTIVE                = 17
	IFLA_BOND_MIN_LINKS                        = 18
	IFLA_BOND_LP_INTERVAL                      = 19
	IFLA_BOND_PACKETS_PER_SLAVE                = 20
	IFLA_BOND_AD_LACP_RATE                     = 21
	IFLA_BOND_AD_SELECT                        = 22
	IFLA_BOND_AD_INFO                          = 23
	IFLA_BOND_AD_ACTOR_SYS_PRIO                = 24
	IFLA_BOND_AD_USER_PORT_KEY                 = 25
	IFLA_BOND_AD_ACTOR_SYSTEM                  = 26
	IFLA_BOND_TLB_DYNAMIC_LB                   = 27
	IFLA_BOND_PEER_NOTIF_DELAY                 = 28
	IFLA_BOND_AD_LACP_ACTIVE                   = 29
	IFLA_BOND_MISSED_MAX                       = 30
	IFLA_BOND_NS_IP6_TARGET                    = 31
	IFLA_BOND_COUPLED_CONTROL                  = 32
	IFLA_BOND_AD_INFO_AGGREGATOR               = 1
	IFLA_BOND_AD_INFO_NUM_PORTS                = 2
	IFLA_BOND_AD_INFO_ACTOR_KEY                = 3
	IFLA_BOND_AD_INFO_PARTNER_KEY              = 4
	IFLA_BOND_AD_INFO_PARTNER_MAC              = 5
	IFLA_BOND_SLAVE_STATE                      = 1
	IFLA_BOND_SLAVE_MII_STATUS                 = 2
	IFLA_BOND_SLAVE_LINK_FAILURE_COUNT         = 3
	IFLA_BOND_SLAVE_PERM_HWADDR                = 4
	IFLA_BOND_SLAVE_QUEUE_ID                   = 5
	IFLA_BOND_SLAVE_AD_AGGREGATOR_ID           = 6
	IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE   = 7
	IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE = 8
	IFLA_BOND_SLAVE_PRIO                       = 9
	IFLA_BOND_SLAVE_ACTOR_PORT_PRIO            = 10
	IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE       = 11
	IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE     = 12
)

// SR-IOV VF attributes, nested in IFLA_VFINFO_LIST.
const (
	IFLA_VF_INFO             = 1
	IFLA_VF_MAC              = 1
	IFLA_VF_VLAN             = 2
	IFLA_VF_TX_RATE          = 3
	IFLA_VF_SPOOFCHK         = 4
	IFLA_VF_LINK_STATE       = 5
	IFLA_VF_RATE             = 6
	IFLA_VF_RSS_QUERY_EN     = 7
	IFLA_VF_STATS            = 8
	IFLA_VF_TRUST            = 9
	IFLA_VF_IB_NODE_GUID     = 10
	IFLA_VF_IB_PORT_GUID     = 11
	IFLA_VF_VLAN_LIST        = 12
	IFLA_VF_BROADCAST        = 13
	IFLA_VF_VLAN_INFO        = 1
	IFLA_VF_STATS_RX_PACKETS = 0
	IFLA_VF_STATS_TX_PACKETS = 1
	IFLA_VF_STATS_RX_BYTES   = 2
	IFLA_VF_STATS_TX_BYTES   = 3
	IFLA_VF_STATS_BROADCAST  = 4
	IFLA_VF_STATS_MULTICAST  = 5
	IFLA_VF_STATS_PAD        = 6
	IFLA_VF_STATS_RX_DROPPED = 7
	IFLA_VF_STATS_TX_DROPPED = 8
	IFLA_VF_PORT             = 1
)

// VF port attributes, nested in IFLA_VF_PORTS and IFLA_PORT_SELF.
const (
	IFLA_PORT_VF            = 1
	IFLA_PORT_PROFILE       = 2
	IFLA_PORT_VSI_TYPE      = 3
	IFLA_PORT_INSTANCE_UUID = 4
	IFLA_PORT_HOST_UUID     = 5
	IFLA_PORT_REQUEST       = 6
	IFLA_PORT_RESPONSE      = 7
)

// IPoIB device attributes, IFLA_INFO_DATA of kind "ipoib".
const (
	IFLA_IPOIB_PKEY   = 1
	IFLA_IPOIB_MODE   = 2
	IFLA_IPOIB_UMCAST = 3
)

// HSR device attributes, IFLA_INFO_DATA of kinds "hsr".
const (
	IFLA_HSR_SLAVE1           = 1
	IFLA_HSR_SLAVE2           = 2
	IFLA_HSR_MULTICAST_SPEC   = 3
	IFLA_HSR_SUPERVISION_ADDR = 4
	IFLA_HSR_SEQ_NR           = 5
	IFLA_HSR_VERSION          = 6
	IFLA_HSR_PROTOCOL         = 7
)

// tun/tap device attributes, IFLA_INFO_DATA of kind "tun".
const (
	IFLA_TUN_OWNER               = 1
	IFLA_TUN_GROUP               = 2
	IFLA_TUN_TYPE                = 3
	IFLA_TUN_PI                  = 4
	IFLA_TUN_VNET_HDR            = 5
	IFLA_TUN_PERSIST             = 6
	IFLA_TUN_MULTI_QUEUE         = 7
	IFLA_TUN_NUM_QUEUES          = 8
	IFLA_TUN_NUM_DISABLED_QUEUES = 9
)

// rmnet device attributes.
const (
	IFLA_RMNET_MUX_ID = 1
	IFLA_RMNET_FLAGS  = 2
)

// MCTP attributes, nested in IFLA_AF_SPEC for AF_MCTP.
const (
	IFLA_MCTP_NET = 1
)

// Link stats attributes of RTM_GETSTATS (if_stats_msg).
const (
	IFLA_STATS_LINK_64             = 1
	IFLA_STATS_LINK_XSTATS         = 2
	IFLA_STATS_LINK_XSTATS_SLAVE   = 3
	IFLA_STATS_LINK_OFFLOAD_XSTATS = 4
	IFLA_STATS_AF_SPEC             = 5
)

// IFLA_STATS_LINK_XSTATS types.
const (
	LINK_XSTATS_TYPE_UNSPEC = 0
	LINK_XSTATS_TYPE_BRIDGE = 1
	LINK_XSTATS_TYPE_BOND   = 2
)

// Offload stats, nested in IFLA_STATS_LINK_OFFLOAD_XSTATS.
const (
	IFLA_OFFLOAD_XSTATS_CPU_HIT           = 1
	IFLA_OFFLOAD_XSTATS_HW_S_INFO         = 2
	IFLA_OFFLOAD_XSTATS_L3_STATS          = 3
	IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST = 1
	IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED    = 2
)

// Added after Linux 6.1 (numbers from the 6.18 UAPI).
const (
	IFLA_GTP_LOCAL  = 7 // 6.11, be32
	IFLA_GTP_LOCAL6 = 8 // 6.11, in6_addr

	IFLA_HSR_INTERLINK = 8 // 6.11, u32 ifindex
)

// netkit device attributes, IFLA_INFO_DATA of kind "netkit" (6.7).
const (
	IFLA_NETKIT_PEER_INFO   = 1 // ifinfomsg + IFLA_*, requests only
	IFLA_NETKIT_PRIMARY     = 2 // u8
	IFLA_NETKIT_POLICY      = 3 // u32
	IFLA_NETKIT_PEER_POLICY = 4 // u32
	IFLA_NETKIT_MODE        = 5 // u32
	IFLA_NETKIT_SCRUB       = 6 // u32, 6.12
	IFLA_NETKIT_PEER_SCRUB  = 7 // u32, 6.12
	IFLA_NETKIT_HEADROOM    = 8 // u16, 6.14
	IFLA_NETKIT_TAILROOM    = 9 // u16, 6.14
)
