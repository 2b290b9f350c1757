// Code generated once from /usr/include/linux/neighbour.h (Linux 6.1 UAPI) by extracting its enums
// and defines; edited by hand since. Members newer than 6.1 are added by
// hand with the kernel release that introduced them. Names are the
// kernel's.

package uapi

// Neighbour attributes (NDA_*).
const (
	NDA_DST            = 1
	NDA_LLADDR         = 2
	NDA_CACHEINFO      = 3
	NDA_PROBES         = 4
	NDA_VLAN           = 5
	NDA_PORT           = 6
	NDA_VNI            = 7
	NDA_IFINDEX        = 8
	NDA_MASTER         = 9
	NDA_LINK_NETNSID   = 10
	NDA_SRC_VNI        = 11
	NDA_PROTOCOL       = 12
	NDA_NH_ID          = 13
	NDA_FDB_EXT_ATTRS  = 14
	NDA_FLAGS_EXT      = 15
	NDA_NDM_STATE_MASK = 16
	NDA_NDM_FLAGS_MASK = 17
)

// FDB extension attributes, nested in NDA_FDB_EXT_ATTRS.
const (
	NFEA_UNSPEC          = 0
	NFEA_ACTIVITY_NOTIFY = 1
	NFEA_DONT_REFRESH    = 2
)

// Neighbour table attributes (NDTA_*).
const (
	NDTA_UNSPEC      = 0
	NDTA_NAME        = 1
	NDTA_THRESH1     = 2
	NDTA_THRESH2     = 3
	NDTA_THRESH3     = 4
	NDTA_CONFIG      = 5
	NDTA_PARMS       = 6
	NDTA_STATS       = 7
	NDTA_GC_INTERVAL = 8
	NDTA_PAD         = 9
)

// Neighbour table parameters, nested in NDTA_PARMS.
const (
	NDTPA_UNSPEC                 = 0
	NDTPA_IFINDEX                = 1
	NDTPA_REFCNT                 = 2
	NDTPA_REACHABLE_TIME         = 3
	NDTPA_BASE_REACHABLE_TIME    = 4
	NDTPA_RETRANS_TIME           = 5
	NDTPA_GC_STALETIME           = 6
	NDTPA_DELAY_PROBE_TIME       = 7
	NDTPA_QUEUE_LEN              = 8
	NDTPA_APP_PROBES             = 9
	NDTPA_UCAST_PROBES           = 10
	NDTPA_MCAST_PROBES           = 11
	NDTPA_ANYCAST_DELAY          = 12
	NDTPA_PROXY_DELAY            = 13
	NDTPA_PROXY_QLEN             = 14
	NDTPA_LOCKTIME               = 15
	NDTPA_QUEUE_LENBYTES         = 16
	NDTPA_MCAST_REPROBES         = 17
	NDTPA_PAD                    = 18
	NDTPA_INTERVAL_PROBE_TIME_MS = 19
)

// Neighbour flags (ndm_flags) and extended flags (NDA_FLAGS_EXT).
const (
	NTF_USE         = (1 << 0)
	NTF_SELF        = (1 << 1)
	NTF_MASTER      = (1 << 2)
	NTF_PROXY       = (1 << 3)
	NTF_EXT_LEARNED = (1 << 4)
	NTF_OFFLOADED   = (1 << 5)
	NTF_STICKY      = (1 << 6)
	NTF_ROUTER      = (1 << 7)
	NTF_EXT_MANAGED = (1 << 0)
)

// Neighbour states (ndm_state).
const (
	NUD_INCOMPLETE = 0x01
	NUD_REACHABLE  = 0x02
	NUD_STALE      = 0x04
	NUD_DELAY      = 0x08
	NUD_PROBE      = 0x10
	NUD_FAILED     = 0x20
	NUD_NOARP      = 0x40
	NUD_PERMANENT  = 0x80
	NUD_NONE       = 0x00
)
