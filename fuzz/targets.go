package fuzz

// Target ties one fuzz target to the decoder or encoder it exercises, so
// a decoder without a target, or a target that names no decoder, shows up
// in review and in TestTargetTable.
type Target struct {
	Package string // import path below the module, "wire"
	Name    string // the FuzzXxx function
	Tests   string // the decoder or encoder it names
	// Property is what the target checks beyond "no panic".
	Property string
}

// Targets is the table of every fuzz target of the module. TestTargetTable
// fails when a Fuzz function exists that is not listed here, or a row
// names one that does not exist; `make fuzz` runs them all
// (scripts/fuzz-all), `make test` each for a few seconds.
var Targets = []Target{
	{"wire", "FuzzMessages", "wire.Messages, wire.Attrs", "same messages, attributes and offsets as a slow reference decoder; errors exactly where it fails"},
	{"wire", "FuzzParseError", "wire.ParseError, wire.ParseDone, wire.ParseExtAck", "errno/ack agreement; ext-ack re-encodes to the same values"},
	{"wire", "FuzzBuilder", "wire.Builder", "what is put reads back exactly"},
	{"codec", "FuzzMsgDecode", "codec.Msg with every schema of codec.Schemas", "every accessor safe; valid JSON; decode→encode→decode stable; JSON round trip"},
	{"codec", "FuzzSpecRoundTrip", "codec.Schema.Encode (Spec)", "encode→decode gives the values back"},
	{"tc", "FuzzParseHandle", "tc.ParseHandle", "format→parse round trip"},
	{"tc", "FuzzParseUnits", "tc.ParseRate, ParseSize, ParseTime", "no panic, errors named"},
	{"tc", "FuzzU32Keys", "tc u32 key parser", "parsed keys encode and decode back"},
	{"tc", "FuzzPeditKeys", "tc pedit key parser", "parsed keys encode and decode back"},
	{"tc", "FuzzDecodeTC", "codec.TC with every registered tc kind (options and actions)", "every accessor safe; byte-exact re-encode"},
	{"tc", "FuzzTypedRoundTrip", "tc typed specs (every kind)", "typed→encode→decode→typed equal"},
	{"rtnl", "FuzzViews", "rtnl.LinkView, AddrView, RouteView, RuleView, NeighView, NexthopView, TCView, Hop/HopIter", "every accessor safe; views agree with codec lookups by name; a Clone reads the same after the buffer is overwritten"},
	{"rtnl", "FuzzTypedSpecs", "rtnl typed specs (Link of every kind, Route, Rule, Addr, Neigh, FDBEntry, Nexthop) from gofuzz", "encode or a keyword-naming SpecError; byte-exact codec re-encode; every attribute known to the schema at its width; views read the spec's fields back"},
	{"rtnl", "FuzzMPLSLabels", "rtnl.ParseMPLSLabels (every notation)", "labels within 20 bits; a parsed stack written as a/b/c parses to the same"},
	{"rtnl", "FuzzReadRouteDump", "rtnl.ReadRouteDump (ip route save files)", "every accessor of every route read is safe"},
	{"rtnl", "FuzzAgentFrames", "the remote agent's frame reader", "frames re-encode byte for byte; request check agrees with a slow reference"},
	{"internal/pfroute", "FuzzAppendLinks", "BSD RTM_IFINFO records → RTM_NEWLINK", "output decodes with codec and re-encodes to the same bytes"},
	{"internal/pfroute", "FuzzAppendAddrs", "BSD RTM_NEWADDR records → RTM_NEWADDR", "as above"},
	{"internal/pfroute", "FuzzAppendRoutes", "BSD RTM_GET records → RTM_NEWROUTE", "as above"},
	{"internal/pfroute", "FuzzAppendNeighbours", "BSD ARP/NDP records → RTM_NEWNEIGH", "as above"},
	{"internal/pfroute", "FuzzAppendNotification", "BSD routing-socket messages → RTNL notifications", "as above; errors wrap a sentinel"},
	{"internal/iphlp", "FuzzParseAddressPrefix", "Windows IP_ADDRESS_PREFIX", "no panic; errors wrap a sentinel"},
	{"internal/iphlp", "FuzzParseUnicastAddressRow", "Windows MIB_UNICASTIPADDRESS_ROW → RTM_NEWADDR", "output decodes and re-encodes to the same bytes"},
	{"internal/iphlp", "FuzzParseForwardRow", "Windows MIB_IPFORWARD_ROW2 → RTM_NEWROUTE", "as above"},
	{"internal/iphlp", "FuzzParseNeighbourRow", "Windows MIB_IPNET_ROW2 → RTM_NEWNEIGH", "as above"},
	{"internal/iphlp", "FuzzAppendLink", "Windows MIB_IF_ROW2 → RTM_NEWLINK", "as above"},
}
