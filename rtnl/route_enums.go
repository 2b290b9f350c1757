package rtnl

import "strconv"

// The enumerated fields of routes, rules and addresses have named types
// with constants, so a program needs no kernel header (nor internal/uapi)
// to write them. Each type tells "not set" from "explicitly zero": its
// zero value is "not set", which the typed calls replace by the
// documented default (main table, protocol boot, unicast, the scope the
// route's kind implies), while the constants TableUnspec, ProtoUnspec,
// RouteUnspec and ScopeUniverse carry the kernel's 0 explicitly. They
// do so with a bit above the kernel's field (bit 32 of a table, bit 8 of
// the others): the conversion to the kernel's width (uint32(t),
// uint8(s) …) is always the value sent. Views return the same types,
// with the explicit constant where the kernel says 0, so
// v.Scope() == rtnl.ScopeUniverse holds for a universe route.

// RouteTable is a routing table id (RT_TABLE_*, or any id up to 2^32-1).
type RouteTable uint64

// Tables with names (see also RouteTables for /etc/iproute2/rt_tables).
const (
	TableUnspec  RouteTable = 1 << 32 // RT_TABLE_UNSPEC (0), explicitly: every table, in a get or del
	TableCompat  RouteTable = 252     // RT_TABLE_COMPAT: rtm_table of a route whose table is above 255
	TableDefault RouteTable = 253     // RT_TABLE_DEFAULT
	TableMain    RouteTable = 254     // RT_TABLE_MAIN, the default of a creation
	TableLocal   RouteTable = 255     // RT_TABLE_LOCAL
)

// IsSet reports whether t was given (explicitly 0 included).
func (t RouteTable) IsSet() bool { return t != 0 }

// String returns the table's name (main, local, default, unspec) or its
// number.
func (t RouteTable) String() string {
	switch t {
	case TableUnspec:
		return "unspec"
	case TableCompat:
		return "compat"
	case TableDefault:
		return "default"
	case TableMain:
		return "main"
	case TableLocal:
		return "local"
	}
	return strconv.FormatUint(uint64(uint32(t)), 10)
}

// tableOf is the type a view returns for a table id from the kernel.
func tableOf(id uint32) RouteTable {
	if id == 0 {
		return TableUnspec
	}
	return RouteTable(id)
}

// RouteProtocol says who installed a route, rule, nexthop or address
// (RTPROT_*; any value 0 … 255).
type RouteProtocol uint16

// The protocols of the kernel's header.
const (
	ProtoUnspec     RouteProtocol = 1 << 8 // RTPROT_UNSPEC (0), explicitly
	ProtoRedirect   RouteProtocol = 1
	ProtoKernel     RouteProtocol = 2
	ProtoBoot       RouteProtocol = 3 // ip-route(8)'s default
	ProtoStatic     RouteProtocol = 4 // the default of a creation, as pyroute2's
	ProtoGated      RouteProtocol = 8
	ProtoRA         RouteProtocol = 9
	ProtoMRT        RouteProtocol = 10
	ProtoZebra      RouteProtocol = 11
	ProtoBIRD       RouteProtocol = 12
	ProtoDNRouted   RouteProtocol = 13
	ProtoXORP       RouteProtocol = 14
	ProtoNTK        RouteProtocol = 15
	ProtoDHCP       RouteProtocol = 16
	ProtoMRouted    RouteProtocol = 17
	ProtoKeepalived RouteProtocol = 18
	ProtoBabel      RouteProtocol = 42
	ProtoOpenR      RouteProtocol = 99
	ProtoBGP        RouteProtocol = 186
	ProtoISIS       RouteProtocol = 187
	ProtoOSPF       RouteProtocol = 188
	ProtoRIP        RouteProtocol = 189
	ProtoEIGRP      RouteProtocol = 192
)

var protoNames = map[RouteProtocol]string{
	ProtoUnspec: "unspec", ProtoRedirect: "redirect", ProtoKernel: "kernel", ProtoBoot: "boot", ProtoStatic: "static",
	ProtoGated: "gated", ProtoRA: "ra", ProtoMRT: "mrt", ProtoZebra: "zebra", ProtoBIRD: "bird", ProtoDNRouted: "dnrouted",
	ProtoXORP: "xorp", ProtoNTK: "ntk", ProtoDHCP: "dhcp", ProtoMRouted: "mrouted", ProtoKeepalived: "keepalived",
	ProtoBabel: "babel", ProtoOpenR: "openr", ProtoBGP: "bgp", ProtoISIS: "isis", ProtoOSPF: "ospf", ProtoRIP: "rip",
	ProtoEIGRP: "eigrp",
}

// String returns the protocol's name as ip(8) prints it, or its number.
func (p RouteProtocol) String() string {
	if s, ok := protoNames[p]; ok {
		return s
	}
	return strconv.Itoa(int(uint8(p)))
}

func protoOf(v uint8) RouteProtocol {
	if v == 0 {
		return ProtoUnspec
	}
	return RouteProtocol(v)
}

// RouteScope is the scope of a route or address (RT_SCOPE_*).
type RouteScope uint16

// The scopes of the kernel's header.
const (
	ScopeUniverse RouteScope = 1 << 8 // RT_SCOPE_UNIVERSE (0), explicitly
	ScopeSite     RouteScope = 200
	ScopeLink     RouteScope = 253
	ScopeHost     RouteScope = 254
	ScopeNowhere  RouteScope = 255
)

// String returns the scope's name as ip(8) prints it, or its number.
func (s RouteScope) String() string {
	switch s {
	case ScopeUniverse:
		return "universe"
	case ScopeSite:
		return "site"
	case ScopeLink:
		return "link"
	case ScopeHost:
		return "host"
	case ScopeNowhere:
		return "nowhere"
	}
	return strconv.Itoa(int(uint8(s)))
}

func scopeOf(v uint8) RouteScope {
	if v == 0 {
		return ScopeUniverse
	}
	return RouteScope(v)
}

// RouteType is the type of a route (RTN_*).
type RouteType uint16

// The route types of the kernel's header.
const (
	RouteUnspec      RouteType = 1 << 8 // RTN_UNSPEC (0), explicitly
	RouteUnicast     RouteType = 1      // the default of a creation
	RouteLocal       RouteType = 2
	RouteBroadcast   RouteType = 3
	RouteAnycast     RouteType = 4
	RouteMulticast   RouteType = 5
	RouteBlackhole   RouteType = 6
	RouteUnreachable RouteType = 7
	RouteProhibit    RouteType = 8
	RouteThrow       RouteType = 9
	RouteNAT         RouteType = 10
	RouteXResolve    RouteType = 11
)

var routeTypeNames = [...]string{"unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole",
	"unreachable", "prohibit", "throw", "nat", "xresolve"}

// String returns the type's name as ip(8) prints it, or its number.
func (t RouteType) String() string {
	if v := uint8(t); int(v) < len(routeTypeNames) && (v != 0 || t == RouteUnspec) {
		return routeTypeNames[v]
	}
	return strconv.Itoa(int(uint8(t)))
}

func routeTypeOf(v uint8) RouteType {
	if v == 0 {
		return RouteUnspec
	}
	return RouteType(v)
}

// valid reports whether the value fits the kernel's field, or is the
// field's explicit zero.
func (t RouteTable) valid() bool    { return t <= 1<<32-1 || t == TableUnspec }
func (p RouteProtocol) valid() bool { return p <= 0xff || p == ProtoUnspec }
func (s RouteScope) valid() bool    { return s <= 0xff || s == ScopeUniverse }
func (t RouteType) valid() bool     { return t <= 0xff || t == RouteUnspec }

// NeighState is the state of a neighbour or FDB entry (NUD_*, a bit
// set). Its zero value is "not set": a creation then sends
// NeighPermanent, as ip-neigh does; NeighNone is NUD_NONE (0) explicitly.
type NeighState uint32

// The neighbour states of the kernel's header.
const (
	NeighNone       NeighState = 1 << 16 // NUD_NONE (0), explicitly
	NeighIncomplete NeighState = 0x01
	NeighReachable  NeighState = 0x02
	NeighStale      NeighState = 0x04
	NeighDelay      NeighState = 0x08
	NeighProbe      NeighState = 0x10
	NeighFailed     NeighState = 0x20
	NeighNoARP      NeighState = 0x40
	NeighPermanent  NeighState = 0x80
)

var neighStateNames = [...]string{"incomplete", "reachable", "stale", "delay", "probe", "failed", "noarp", "permanent"}

// String returns the states as ip-neigh prints them, joined by "|"
// ("none" for NeighNone or 0), with any other bits as a number.
func (s NeighState) String() string {
	v := uint16(s)
	if v == 0 {
		return "none"
	}
	var out []byte
	for i, n := range neighStateNames {
		if v&(1<<i) != 0 {
			if len(out) > 0 {
				out = append(out, '|')
			}
			out = append(out, n...)
			v &^= 1 << i
		}
	}
	if v != 0 {
		if len(out) > 0 {
			out = append(out, '|')
		}
		out = strconv.AppendUint(append(out, "0x"...), uint64(v), 16)
	}
	return string(out)
}

func (s NeighState) valid() bool { return s <= 0xffff || s == NeighNone }

func neighStateOf(v uint16) NeighState {
	if v == 0 {
		return NeighNone
	}
	return NeighState(v)
}
