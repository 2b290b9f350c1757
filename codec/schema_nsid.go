package codec

import "github.com/nlroute/nlroute/internal/uapi"

// NSID is the schema of RTM_NEWNSID/RTM_DELNSID/RTM_GETNSID messages:
// struct rtgenmsg and the NETNSA_* attributes (pyroute2's nsidmsg).
var NSID = &Schema{
	Name:   "nsid",
	Header: RtGenMsg,
	Attrs:  nsidAttrs,
	Events: []Event{
		{uapi.RTM_NEWNSID, "RTM_NEWNSID"},
		{uapi.RTM_DELNSID, "RTM_DELNSID"},
		{uapi.RTM_GETNSID, "RTM_GETNSID"},
	},
	FamilyField: "family",
}

var nsidAttrs = NewTable("nsid", "NETNSA_",
	attr(uapi.NETNSA_NSID, "NETNSA_NSID", KindS32),
	attr(uapi.NETNSA_PID, "NETNSA_PID", KindU32),
	attr(uapi.NETNSA_FD, "NETNSA_FD", KindU32),
	attr(uapi.NETNSA_TARGET_NSID, "NETNSA_TARGET_NSID", KindS32),
	attr(uapi.NETNSA_CURRENT_NSID, "NETNSA_CURRENT_NSID", KindS32),
)
