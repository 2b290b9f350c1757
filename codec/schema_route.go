package codec

import "github.com/nlroute/nlroute/internal/uapi"

// Route is the schema of RTM_NEWROUTE/RTM_DELROUTE/RTM_GETROUTE messages:
// struct rtmsg and the RTA_* attributes (pyroute2's rtmsg). Keywords
// follow pyroute2: "dst" (which also sets dst_len), "gateway", "oif",
// "table" (rtm_table and RTA_TABLE), "priority", "metrics", "multipath".
var Route = &Schema{
	Name:   "route",
	Header: RtMsg,
	Attrs:  routeAttrs,
	Events: []Event{
		{uapi.RTM_NEWROUTE, "RTM_NEWROUTE"},
		{uapi.RTM_DELROUTE, "RTM_DELROUTE"},
		{uapi.RTM_GETROUTE, "RTM_GETROUTE"},
	},
	FamilyField: "family",
}

var routeAttrs = NewTable("route", "RTA_",
	AttrSpec{Type: uapi.RTA_DST, Name: "RTA_DST", Kind: KindAddr, PrefixField: "dst_len"},
	AttrSpec{Type: uapi.RTA_SRC, Name: "RTA_SRC", Kind: KindAddr, PrefixField: "src_len"},
	attr(uapi.RTA_IIF, "RTA_IIF", KindU32),
	attr(uapi.RTA_OIF, "RTA_OIF", KindU32),
	attr(uapi.RTA_GATEWAY, "RTA_GATEWAY", KindAddr),
	attr(uapi.RTA_PRIORITY, "RTA_PRIORITY", KindU32),
	attr(uapi.RTA_PREFSRC, "RTA_PREFSRC", KindAddr),
	nested(uapi.RTA_METRICS, "RTA_METRICS", metricsAttrs),
	// RTA_MULTIPATH's records carry RTA_* attributes: set in init to
	// break the initialisation cycle.
	AttrSpec{Type: uapi.RTA_MULTIPATH, Name: "RTA_MULTIPATH", Kind: KindRecords, Struct: RtNexthop},
	attr(uapi.RTA_PROTOINFO, "RTA_PROTOINFO", KindBinary),
	attr(uapi.RTA_FLOW, "RTA_FLOW", KindU32),
	structAttr(uapi.RTA_CACHEINFO, "RTA_CACHEINFO", RtaCacheinfo),
	attr(uapi.RTA_SESSION, "RTA_SESSION", KindBinary),
	attr(uapi.RTA_MP_ALGO, "RTA_MP_ALGO", KindBinary),
	attr(uapi.RTA_TABLE, "RTA_TABLE", KindU32),
	attr(uapi.RTA_MARK, "RTA_MARK", KindU32),
	structAttr(uapi.RTA_MFC_STATS, "RTA_MFC_STATS", rtaMfcStats),
	// RTA_VIA is struct rtvia: a u16 family and the address bytes (4
	// or 16), variable in length, so binary, rendered as pyroute2's
	// {"family": 10, "addr": "fe80::1"} when the address is IPv4 or IPv6.
	shaped(attr(uapi.RTA_VIA, "RTA_VIA", KindBinary), shapeVia),
	// RTA_NEWDST is an MPLS label stack (RTA_DST of AF_MPLS routes
	// too), big-endian label stack entries.
	array(uapi.RTA_NEWDST, "RTA_NEWDST", KindBE32),
	attr(uapi.RTA_PREF, "RTA_PREF", KindU8),
	attr(uapi.RTA_ENCAP_TYPE, "RTA_ENCAP_TYPE", KindU16),
	selected(uapi.RTA_ENCAP, "RTA_ENCAP", &Selector{Sibling: uapi.RTA_ENCAP_TYPE, ByValue: encapTables}),
	// RTA_EXPIRES: a u32 of seconds in IPv6 route requests, a u64
	// of clock ticks in multicast (ipmr) route dumps.
	attr(uapi.RTA_EXPIRES, "RTA_EXPIRES", KindUint),
	attr(uapi.RTA_PAD, "RTA_PAD", KindBinary),
	attr(uapi.RTA_UID, "RTA_UID", KindU32),
	attr(uapi.RTA_TTL_PROPAGATE, "RTA_TTL_PROPAGATE", KindU8),
	attr(uapi.RTA_IP_PROTO, "RTA_IP_PROTO", KindU8),
	attr(uapi.RTA_SPORT, "RTA_SPORT", KindBE16),
	attr(uapi.RTA_DPORT, "RTA_DPORT", KindBE16),
	attr(uapi.RTA_NH_ID, "RTA_NH_ID", KindU32),
)

func init() {
	routeAttrs.attrs[uapi.RTA_MULTIPATH].Nested = routeAttrs
}

// metricsAttrs is RTA_METRICS: RTAX_* keyed u32 values ("mtu",
// "hoplimit" …); RTAX_CC_ALGO is a string.
var metricsAttrs = NewTable("metrics", "RTAX_",
	attr(uapi.RTAX_LOCK, "RTAX_LOCK", KindU32),
	attr(uapi.RTAX_MTU, "RTAX_MTU", KindU32),
	attr(uapi.RTAX_WINDOW, "RTAX_WINDOW", KindU32),
	attr(uapi.RTAX_RTT, "RTAX_RTT", KindU32),
	attr(uapi.RTAX_RTTVAR, "RTAX_RTTVAR", KindU32),
	attr(uapi.RTAX_SSTHRESH, "RTAX_SSTHRESH", KindU32),
	attr(uapi.RTAX_CWND, "RTAX_CWND", KindU32),
	attr(uapi.RTAX_ADVMSS, "RTAX_ADVMSS", KindU32),
	attr(uapi.RTAX_REORDERING, "RTAX_REORDERING", KindU32),
	attr(uapi.RTAX_HOPLIMIT, "RTAX_HOPLIMIT", KindU32),
	attr(uapi.RTAX_INITCWND, "RTAX_INITCWND", KindU32),
	attr(uapi.RTAX_FEATURES, "RTAX_FEATURES", KindU32),
	attr(uapi.RTAX_RTO_MIN, "RTAX_RTO_MIN", KindU32),
	attr(uapi.RTAX_INITRWND, "RTAX_INITRWND", KindU32),
	attr(uapi.RTAX_QUICKACK, "RTAX_QUICKACK", KindU32),
	attr(uapi.RTAX_CC_ALGO, "RTAX_CC_ALGO", KindString),
	attr(uapi.RTAX_FASTOPEN_NO_COOKIE, "RTAX_FASTOPEN_NO_COOKIE", KindU32),
)
