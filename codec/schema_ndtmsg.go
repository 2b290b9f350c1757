package codec

import "github.com/nlroute/nlroute/internal/uapi"

// NeighTable is the schema of RTM_NEWNEIGHTBL/RTM_GETNEIGHTBL/
// RTM_SETNEIGHTBL messages: struct ndtmsg and the NDTA_* attributes
// (pyroute2's ndtmsg): the ARP and NDP tables' thresholds, configuration,
// statistics and per-device parameters (NDTA_PARMS).
var NeighTable = &Schema{
	Name:   "neightbl",
	Header: NdtMsg,
	Attrs:  ndtAttrs,
	Events: []Event{
		{uapi.RTM_NEWNEIGHTBL, "RTM_NEWNEIGHTBL"},
		{uapi.RTM_GETNEIGHTBL, "RTM_GETNEIGHTBL"},
		{uapi.RTM_SETNEIGHTBL, "RTM_SETNEIGHTBL"},
	},
	FamilyField: "family",
}

var ndtAttrs = NewTable("neightbl", "NDTA_",
	attr(uapi.NDTA_NAME, "NDTA_NAME", KindString),
	attr(uapi.NDTA_THRESH1, "NDTA_THRESH1", KindU32),
	attr(uapi.NDTA_THRESH2, "NDTA_THRESH2", KindU32),
	attr(uapi.NDTA_THRESH3, "NDTA_THRESH3", KindU32),
	structAttr(uapi.NDTA_CONFIG, "NDTA_CONFIG", NdtConfig),
	nested(uapi.NDTA_PARMS, "NDTA_PARMS", ndtParmsAttrs),
	structAttr(uapi.NDTA_STATS, "NDTA_STATS", NdtStats),
	attr(uapi.NDTA_GC_INTERVAL, "NDTA_GC_INTERVAL", KindU64),
	attr(uapi.NDTA_PAD, "NDTA_PAD", KindBinary),
)

// ndtParmsAttrs is NDTA_PARMS; times are milliseconds.
var ndtParmsAttrs = NewTable("ndt_parms", "NDTPA_",
	attr(uapi.NDTPA_IFINDEX, "NDTPA_IFINDEX", KindU32),
	attr(uapi.NDTPA_REFCNT, "NDTPA_REFCNT", KindU32),
	attr(uapi.NDTPA_REACHABLE_TIME, "NDTPA_REACHABLE_TIME", KindU64),
	attr(uapi.NDTPA_BASE_REACHABLE_TIME, "NDTPA_BASE_REACHABLE_TIME", KindU64),
	attr(uapi.NDTPA_RETRANS_TIME, "NDTPA_RETRANS_TIME", KindU64),
	attr(uapi.NDTPA_GC_STALETIME, "NDTPA_GC_STALETIME", KindU64),
	attr(uapi.NDTPA_DELAY_PROBE_TIME, "NDTPA_DELAY_PROBE_TIME", KindU64),
	attr(uapi.NDTPA_QUEUE_LEN, "NDTPA_QUEUE_LEN", KindU32),
	attr(uapi.NDTPA_APP_PROBES, "NDTPA_APP_PROBES", KindU32),
	attr(uapi.NDTPA_UCAST_PROBES, "NDTPA_UCAST_PROBES", KindU32),
	attr(uapi.NDTPA_MCAST_PROBES, "NDTPA_MCAST_PROBES", KindU32),
	attr(uapi.NDTPA_ANYCAST_DELAY, "NDTPA_ANYCAST_DELAY", KindU64),
	attr(uapi.NDTPA_PROXY_DELAY, "NDTPA_PROXY_DELAY", KindU64),
	attr(uapi.NDTPA_PROXY_QLEN, "NDTPA_PROXY_QLEN", KindU32),
	attr(uapi.NDTPA_LOCKTIME, "NDTPA_LOCKTIME", KindU64),
	attr(uapi.NDTPA_QUEUE_LENBYTES, "NDTPA_QUEUE_LENBYTES", KindU32),
	attr(uapi.NDTPA_MCAST_REPROBES, "NDTPA_MCAST_REPROBES", KindU32),
	attr(uapi.NDTPA_PAD, "NDTPA_PAD", KindBinary),
	attr(uapi.NDTPA_INTERVAL_PROBE_TIME_MS, "NDTPA_INTERVAL_PROBE_TIME_MS", KindU64),
)
