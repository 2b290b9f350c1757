package codec

import "github.com/nlroute/nlroute/internal/uapi"

// Addr is the schema of RTM_NEWADDR/RTM_DELADDR/RTM_GETADDR messages
// (and the RTM_NEWMULTICAST/RTM_NEWANYCAST replies of multicast and
// anycast dumps): struct ifaddrmsg and the IFA_* attributes (pyroute2's
// ifaddrmsg). "address" and "local" with a prefix ("10.0.0.1/24") set
// prefixlen too.
var Addr = &Schema{
	Name:   "addr",
	Header: IfAddrMsg,
	Attrs:  addrAttrs,
	Events: []Event{
		{uapi.RTM_NEWADDR, "RTM_NEWADDR"},
		{uapi.RTM_DELADDR, "RTM_DELADDR"},
		{uapi.RTM_GETADDR, "RTM_GETADDR"},
		{uapi.RTM_NEWMULTICAST, "RTM_NEWMULTICAST"},
		{uapi.RTM_GETMULTICAST, "RTM_GETMULTICAST"},
		{uapi.RTM_NEWANYCAST, "RTM_NEWANYCAST"},
		{uapi.RTM_GETANYCAST, "RTM_GETANYCAST"},
	},
	FamilyField: "family",
}

var addrAttrs = NewTable("addr", "IFA_",
	AttrSpec{Type: uapi.IFA_ADDRESS, Name: "IFA_ADDRESS", Kind: KindAddr, PrefixField: "prefixlen"},
	AttrSpec{Type: uapi.IFA_LOCAL, Name: "IFA_LOCAL", Kind: KindAddr, PrefixField: "prefixlen"},
	attr(uapi.IFA_LABEL, "IFA_LABEL", KindString),
	attr(uapi.IFA_BROADCAST, "IFA_BROADCAST", KindAddr),
	attr(uapi.IFA_ANYCAST, "IFA_ANYCAST", KindAddr),
	structAttr(uapi.IFA_CACHEINFO, "IFA_CACHEINFO", IfaCacheinfo),
	attr(uapi.IFA_MULTICAST, "IFA_MULTICAST", KindAddr),
	attr(uapi.IFA_FLAGS, "IFA_FLAGS", KindU32),
	attr(uapi.IFA_RT_PRIORITY, "IFA_RT_PRIORITY", KindU32),
	attr(uapi.IFA_TARGET_NETNSID, "IFA_TARGET_NETNSID", KindS32),
	attr(uapi.IFA_PROTO, "IFA_PROTO", KindU8),
)
