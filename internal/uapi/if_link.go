// Code generated once from /usr/include/linux/if_link.h and
// /usr/include/linux/veth.h (Linux 6.1 UAPI) by extracting their enums;
// edited by hand since. Members newer than 6.1 are added by hand below
// their enum with the kernel release that introduced them. Names are the
// kernel's.

package uapi

// Link attributes (IFLA_*).
const (
	IFLA_ADDRESS             = 1
	IFLA_BROADCAST           = 2
	IFLA_IFNAME              = 3
	IFLA_MTU                 = 4
	IFLA_LINK                = 5
	IFLA_QDISC               = 6
	IFLA_STATS               = 7
	IFLA_COST                = 8
	IFLA_PRIORITY            = 9
	IFLA_MASTER              = 10
	IFLA_WIRELESS            = 11
	IFLA_PROTINFO            = 12
	IFLA_TXQLEN              = 13
	IFLA_MAP                 = 14
	IFLA_WEIGHT              = 15
	IFLA_OPERSTATE           = 16
	IFLA_LINKMODE            = 17
	IFLA_LINKINFO            = 18
	IFLA_NET_NS_PID          = 19
	IFLA_IFALIAS             = 20
	IFLA_NUM_VF              = 21
	IFLA_VFINFO_LIST         = 22
	IFLA_STATS64             = 23
	IFLA_VF_PORTS            = 24
	IFLA_PORT_SELF           = 25
	IFLA_AF_SPEC             = 26
	IFLA_GROUP               = 27
	IFLA_NET_NS_FD           = 28
	IFLA_EXT_MASK            = 29
	IFLA_PROMISCUITY         = 30
	IFLA_NUM_TX_QUEUES       = 31
	IFLA_NUM_RX_QUEUES       = 32
	IFLA_CARRIER             = 33
	IFLA_PHYS_PORT_ID        = 34
	IFLA_CARRIER_CHANGES     = 35
	IFLA_PHYS_SWITCH_ID      = 36
	IFLA_LINK_NETNSID        = 37
	IFLA_PHYS_PORT_NAME      = 38
	IFLA_PROTO_DOWN          = 39
	IFLA_GSO_MAX_SEGS        = 40
	IFLA_GSO_MAX_SIZE        = 41
	IFLA_PAD                 = 42
	IFLA_XDP                 = 43
	IFLA_EVENT               = 44
	IFLA_NEW_NETNSID         = 45
	IFLA_IF_NETNSID          = 46
	IFLA_CARRIER_UP_COUNT    = 47
	IFLA_CARRIER_DOWN_COUNT  = 48
	IFLA_NEW_IFINDEX         = 49
	IFLA_MIN_MTU             = 50
	IFLA_MAX_MTU             = 51
	IFLA_PROP_LIST           = 52
	IFLA_ALT_IFNAME          = 53
	IFLA_PERM_ADDRESS        = 54
	IFLA_PROTO_DOWN_REASON   = 55
	IFLA_PARENT_DEV_NAME     = 56
	IFLA_PARENT_DEV_BUS_NAME = 57
	IFLA_GRO_MAX_SIZE        = 58
	IFLA_TSO_MAX_SIZE        = 59
	IFLA_TSO_MAX_SEGS        = 60
	IFLA_ALLMULTI            = 61

	// Added after Linux 6.1 (numbers from the 6.18 UAPI).
	IFLA_DEVLINK_PORT               = 62 // 6.4
	IFLA_GSO_IPV4_MAX_SIZE          = 63 // 6.3
	IFLA_GRO_IPV4_MAX_SIZE          = 64 // 6.3
	IFLA_DPLL_PIN                   = 65 // 6.7
	IFLA_MAX_PACING_OFFLOAD_HORIZON = 66 // 6.13
	IFLA_NETNS_IMMUTABLE            = 67 // 6.13
	IFLA_HEADROOM                   = 68 // 6.15
	IFLA_TAILROOM                   = 69 // 6.15
)

// Per-family attributes nested in IFLA_AF_SPEC for AF_INET.
const (
	IFLA_INET_CONF = 1
)

// Per-family attributes nested in IFLA_AF_SPEC for AF_INET6.
const (
	IFLA_INET6_FLAGS         = 1
	IFLA_INET6_CONF          = 2
	IFLA_INET6_STATS         = 3
	IFLA_INET6_MCAST         = 4
	IFLA_INET6_CACHEINFO     = 5
	IFLA_INET6_ICMP6STATS    = 6
	IFLA_INET6_TOKEN         = 7
	IFLA_INET6_ADDR_GEN_MODE = 8
	IFLA_INET6_RA_MTU        = 9
)

// IFLA_PROTO_DOWN_REASON.
const (
	IFLA_PROTO_DOWN_REASON_MASK  = 1
	IFLA_PROTO_DOWN_REASON_VALUE = 2
)

// IFLA_LINKINFO.
const (
	IFLA_INFO_KIND       = 1
	IFLA_INFO_DATA       = 2
	IFLA_INFO_XSTATS     = 3
	IFLA_INFO_SLAVE_KIND = 4
	IFLA_INFO_SLAVE_DATA = 5
)

// Bridge device attributes, IFLA_INFO_DATA of kind "bridge".
const (
	IFLA_BR_FORWARD_DELAY              = 1
	IFLA_BR_HELLO_TIME                 = 2
	IFLA_BR_MAX_AGE                    = 3
	IFLA_BR_AGEING_TIME                = 4
	IFLA_BR_STP_STATE                  = 5
	IFLA_BR_PRIORITY                   = 6
	IFLA_BR_VLAN_FILTERING             = 7
	IFLA_BR_VLAN_PROTOCOL              = 8
	IFLA_BR_GROUP_FWD_MASK             = 9
	IFLA_BR_ROOT_ID                    = 10
	IFLA_BR_BRIDGE_ID                  = 11
	IFLA_BR_ROOT_PORT                  = 12
	IFLA_BR_ROOT_PATH_COST             = 13
	IFLA_BR_TOPOLOGY_CHANGE            = 14
	IFLA_BR_TOPOLOGY_CHANGE_DETECTED   = 15
	IFLA_BR_HELLO_TIMER                = 16
	IFLA_BR_TCN_TIMER                  = 17
	IFLA_BR_TOPOLOGY_CHANGE_TIMER      = 18
	IFLA_BR_GC_TIMER                   = 19
	IFLA_BR_GROUP_ADDR                 = 20
	IFLA_BR_FDB_FLUSH                  = 21
	IFLA_BR_MCAST_ROUTER               = 22
	IFLA_BR_MCAST_SNOOPING             = 23
	IFLA_BR_MCAST_QUERY_USE_IFADDR     = 24
	IFLA_BR_MCAST_QUERIER              = 25
	IFLA_BR_MCAST_HASH_ELASTICITY      = 26
	IFLA_BR_MCAST_HASH_MAX             = 27
	IFLA_BR_MCAST_LAST_MEMBER_CNT      = 28
	IFLA_BR_MCAST_STARTUP_QUERY_CNT    = 29
	IFLA_BR_MCAST_LAST_MEMBER_INTVL    = 30
	IFLA_BR_MCAST_MEMBERSHIP_INTVL     = 31
	IFLA_BR_MCAST_QUERIER_INTVL        = 32
	IFLA_BR_MCAST_QUERY_INTVL          = 33
	IFLA_BR_MCAST_QUERY_RESPONSE_INTVL = 34
	IFLA_BR_MCAST_STARTUP_QUERY_INTVL  = 35
	IFLA_BR_NF_CALL_IPTABLES           = 36
	IFLA_BR_NF_CALL_IP6TABLES          = 37
	IFLA_BR_NF_CALL_ARPTABLES          = 38
	IFLA_BR_VLAN_DEFAULT_PVID          = 39
	IFLA_BR_PAD                        = 40
	IFLA_BR_VLAN_STATS_ENABLED         = 41
	IFLA_BR_MCAST_STATS_ENABLED        = 42
	IFLA_BR_MCAST_IGMP_VERSION         = 43
	IFLA_BR_MCAST_MLD_VERSION          = 44
	IFLA_BR_VLAN_STATS_PER_PORT        = 45
	IFLA_BR_MULTI_BOOLOPT              = 46
	IFLA_BR_MCAST_QUERIER_STATE        = 47

	// Added after Linux 6.1 (numbers from the 6.18 UAPI).
	IFLA_BR_FDB_N_LEARNED   = 48 // 6.8
	IFLA_BR_FDB_MAX_LEARNED = 49 // 6.8
)

// Bridge port attributes, IFLA_INFO_SLAVE_DATA of kind "bridge" and IFLA_PROTINFO of AF_BRIDGE.
const (
	IFLA_BRPORT_STATE                 = 1
	IFLA_BRPORT_PRIORITY              = 2
	IFLA_BRPORT_COST                  = 3
	IFLA_BRPORT_MODE                  = 4
	IFLA_BRPORT_GUARD                 = 5
	IFLA_BRPORT_PROTECT               = 6
	IFLA_BRPORT_FAST_LEAVE            = 7
	IFLA_BRPORT_LEARNING              = 8
	IFLA_BRPORT_UNICAST_FLOOD         = 9
	IFLA_BRPORT_PROXYARP              = 10
	IFLA_BRPORT_LEARNING_SYNC         = 11
	IFLA_BRPORT_PROXYARP_WIFI         = 12
	IFLA_BRPORT_ROOT_ID               = 13
	IFLA_BRPORT_BRIDGE_ID             = 14
	IFLA_BRPORT_DESIGNATED_PORT       = 15
	IFLA_BRPORT_DESIGNATED_COST       = 16
	IFLA_BRPORT_ID                    = 17
	IFLA_BRPORT_NO                    = 18
	IFLA_BRPORT_TOPOLOGY_CHANGE_ACK   = 19
	IFLA_BRPORT_CONFIG_PENDING        = 20
	IFLA_BRPORT_MESSAGE_AGE_TIMER     = 21
	IFLA_BRPORT_FORWARD_DELAY_TIMER   = 22
	IFLA_BRPORT_HOLD_TIMER            = 23
	IFLA_BRPORT_FLUSH                 = 24
	IFLA_BRPORT_MULTICAST_ROUTER      = 25
	IFLA_BRPORT_PAD                   = 26
	IFLA_BRPORT_MCAST_FLOOD           = 27
	IFLA_BRPORT_MCAST_TO_UCAST        = 28
	IFLA_BRPORT_VLAN_TUNNEL           = 29
	IFLA_BRPORT_BCAST_FLOOD           = 30
	IFLA_BRPORT_GROUP_FWD_MASK        = 31
	IFLA_BRPORT_NEIGH_SUPPRESS        = 32
	IFLA_BRPORT_ISOLATED              = 33
	IFLA_BRPORT_BACKUP_PORT           = 34
	IFLA_BRPORT_MRP_RING_OPEN         = 35
	IFLA_BRPORT_MRP_IN_OPEN           = 36
	IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT = 37
	IFLA_BRPORT_MCAST_EHT_HOSTS_CNT   = 38
	IFLA_BRPORT_LOCKED                = 39

	// Added after Linux 6.1 (numbers from the 6.18 UAPI).
	IFLA_BRPORT_MAB                 = 40 // 6.2, u8
	IFLA_BRPORT_MCAST_N_GROUPS      = 41 // 6.3, u32
	IFLA_BRPORT_MCAST_MAX_GROUPS    = 42 // 6.3, u32
	IFLA_BRPORT_NEIGH_VLAN_SUPPRESS = 43 // 6.4, u8
	IFLA_BRPORT_BACKUP_NHID         = 44 // 6.5, u32
)

// VLAN device attributes, IFLA_INFO_DATA of kind "vlan".
const (
	IFLA_VLAN_ID          = 1
	IFLA_VLAN_FLAGS       = 2
	IFLA_VLAN_EGRESS_QOS  = 3
	IFLA_VLAN_INGRESS_QOS = 4
	IFLA_VLAN_PROTOCOL    = 5
)

// MACVLAN device attributes, IFLA_INFO_DATA of kind "macvlan".
const (
	IFLA_MACVLAN_MODE              = 1
	IFLA_MACVLAN_FLAGS             = 2
	IFLA_MACVLAN_MACADDR_MODE      = 3
	IFLA_MACVLAN_MACADDR           = 4
	IFLA_MACVLAN_MACADDR_DATA      = 5
	IFLA_MACVLAN_MACADDR_COUNT     = 6
	IFLA_MACVLAN_BC_QUEUE_LEN      = 7
	IFLA_MACVLAN_BC_QUEUE_LEN_USED = 8

	// Added after Linux 6.1 (numbers from the 6.18 UAPI).
	IFLA_MACVLAN_BC_CUTOFF = 9 // 6.4
)

// MACVLAN modes (IFLA_MACVLAN_MODE).
const (
	MACVLAN_MODE_PRIVATE  = 1
	MACVLAN_MODE_VEPA     = 2
	MACVLAN_MODE_BRIDGE   = 4
	MACVLAN_MODE_PASSTHRU = 8
	MACVLAN_MODE_SOURCE   = 16
)

// VXLAN device attributes, IFLA_INFO_DATA of kind "vxlan".
const (
	IFLA_VXLAN_ID                = 1
	IFLA_VXLAN_GROUP             = 2
	IFLA_VXLAN_LINK              = 3
	IFLA_VXLAN_LOCAL             = 4
	IFLA_VXLAN_TTL               = 5
	IFLA_VXLAN_TOS               = 6
	IFLA_VXLAN_LEARNING          = 7
	IFLA_VXLAN_AGEING            = 8
	IFLA_VXLAN_LIMIT             = 9
	IFLA_VXLAN_PORT_RANGE        = 10
	IFLA_VXLAN_PROXY             = 11
	IFLA_VXLAN_RSC               = 12
	IFLA_VXLAN_L2MISS            = 13
	IFLA_VXLAN_L3MISS            = 14
	IFLA_VXLAN_PORT              = 15
	IFLA_VXLAN_GROUP6            = 16
	IFLA_VXLAN_LOCAL6            = 17
	IFLA_VXLAN_UDP_CSUM          = 18
	IFLA_VXLAN_UDP_ZERO_CSUM6_TX = 19
	IFLA_VXLAN_UDP_ZERO_CSUM6_RX = 20
	IFLA_VXLAN_REMCSUM_TX        = 21
	IFLA_VXLAN_REMCSUM_RX        = 22
	IFLA_VXLAN_GBP               = 23
	IFLA_VXLAN_REMCSUM_NOPARTIAL = 24
	IFLA_VXLAN_COLLECT_METADATA  = 25
	IFLA_VXLAN_LABEL             = 26
	IFLA_VXLAN_GPE               = 27
	IFLA_VXLAN_TTL_INHERIT       = 28
	IFLA_VXLAN_DF                = 29
	IFLA_VXLAN_VNIFILTER         = 30

	// Added after Linux 6.1 (numbers from the 6.18 UAPI).
	IFLA_VXLAN_LOCALBYPASS   = 31 // 6.6
	IFLA_VXLAN_LABEL_POLICY  = 32 // 6.9
	IFLA_VXLAN_RESERVED_BITS = 33 // 6.12
)

// XDP attributes, nested in IFLA_XDP.
const (
	IFLA_XDP_FD          = 1
	IFLA_XDP_ATTACHED    = 2
	IFLA_XDP_FLAGS       = 3
	IFLA_XDP_PROG_ID     = 4
	IFLA_XDP_DRV_PROG_ID = 5
	IFLA_XDP_SKB_PROG_ID = 6
	IFLA_XDP_HW_PROG_ID  = 7
	IFLA_XDP_EXPECTED_FD = 8
)

// veth device attributes (veth.h), IFLA_INFO_DATA of kind "veth".
const (
	VETH_INFO_UNSPEC = 0
	VETH_INFO_PEER   = 1
)

// VLAN QoS mappings, nested in IFLA_VLAN_EGRESS_QOS and IFLA_VLAN_INGRESS_QOS.
const (
	IFLA_VLAN_QOS_MAPPING = 1
)
