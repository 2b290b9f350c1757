package rtnl

import (
	"context"
	"encoding/binary"
	"net/netip"
	"syscall"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// struct rtmsg offsets (checked against codec.RtMsg by a test).
const (
	routeOffFamily = 0
	routeOffDstLen = 1
	routeOffSrcLen = 2
	routeOffTOS    = 3
	routeOffTable  = 4
	routeOffProto  = 5
	routeOffScope  = 6
	routeOffType   = 7
	routeOffFlags  = 8
)

// RouteView is a borrowed view of one route message (RTM_NEWROUTE): the
// typed accessors read it in place and allocate nothing. It is valid as
// long as the message it views: until the iterator that yielded it
// advances, or forever for a view over a clone (Clone, GetRoutes).
// Accessors of absent attributes return the zero value.
type RouteView struct{ m *codec.Msg }

// AsRoute views m, a message decoded with codec.Route, as a route.
func AsRoute(m *codec.Msg) RouteView { return RouteView{m} }

// Msg returns the underlying message, for generic access.
func (r RouteView) Msg() *codec.Msg {
	checkView(r.m, "RouteView")
	return r.m
}

// Clone returns a view over a copy of the message, valid forever. It
// allocates.
func (r RouteView) Clone() RouteView {
	checkView(r.m, "RouteView")
	return RouteView{r.m.Clone()}
}

func (r RouteView) u8(off int) uint8 {
	checkView(r.m, "RouteView")

	f := r.m.Fixed()
	if len(f) <= off {
		return 0
	}
	return f[off]
}

// Family returns rtm_family (AF_INET, AF_INET6, RTNL_FAMILY_IPMR …).
func (r RouteView) Family() uint8 {
	checkView(r.m, "RouteView")
	return r.u8(routeOffFamily)
}

// DstLen returns rtm_dst_len.
func (r RouteView) DstLen() int {
	checkView(r.m, "RouteView")
	return int(r.u8(routeOffDstLen))
}

// SrcLen returns rtm_src_len.
func (r RouteView) SrcLen() int {
	checkView(r.m, "RouteView")
	return int(r.u8(routeOffSrcLen))
}

// TOS returns rtm_tos (the DSCP of IPv4 routes).
func (r RouteView) TOS() uint8 {
	checkView(r.m, "RouteView")
	return r.u8(routeOffTOS)
}

// Table returns the routing table: RTA_TABLE when present (tables above
// 255 exist only there), rtm_table otherwise.
// A table 0 reads as TableUnspec.
func (r RouteView) Table() RouteTable {
	checkView(r.m, "RouteView")

	if a, ok := r.m.RawAttr(uapi.RTA_TABLE); ok {
		if t, ok := a.Uint32(); ok {
			return tableOf(t)
		}
	}
	return tableOf(uint32(r.u8(routeOffTable)))
}

// Proto returns rtm_protocol (ProtoKernel, ProtoBoot, ProtoStatic …; 0
// reads as ProtoUnspec).
func (r RouteView) Proto() RouteProtocol {
	checkView(r.m, "RouteView")
	return protoOf(r.u8(routeOffProto))
}

// Scope returns rtm_scope (ScopeLink, ScopeHost …; 0 reads as
// ScopeUniverse).
func (r RouteView) Scope() RouteScope {
	checkView(r.m, "RouteView")
	return scopeOf(r.u8(routeOffScope))
}

// Type returns rtm_type (RouteUnicast, RouteLocal, RouteBlackhole …; 0
// reads as RouteUnspec).
func (r RouteView) Type() RouteType {
	checkView(r.m, "RouteView")
	return routeTypeOf(r.u8(routeOffType))
}

// Flags returns rtm_flags (RTM_F_CLONED, RTNH_F_* …).
func (r RouteView) Flags() uint32 {
	checkView(r.m, "RouteView")

	f := r.m.Fixed()
	if len(f) < routeOffFlags+4 {
		return 0
	}
	return binary.NativeEndian.Uint32(f[routeOffFlags:])
}

// prefix reads an address attribute of an IP route with its length; an
// absent one is the whole space of the route's family (0.0.0.0/0, ::/0),
// and an invalid prefix for other families.
func (r RouteView) prefix(t uint16, bits int) netip.Prefix {
	checkView(r.m, "RouteView")

	if a, ok := r.m.RawAttr(t); ok {
		if addr, ok := a.Addr(); ok && bits <= addr.BitLen() {
			return netip.PrefixFrom(addr, bits)
		}
		return netip.Prefix{}
	}
	if bits != 0 {
		return netip.Prefix{} // a prefix length without its address: malformed
	}
	switch r.Family() {
	case uapi.AF_INET:
		return netip.PrefixFrom(netip.IPv4Unspecified(), 0)
	case uapi.AF_INET6:
		return netip.PrefixFrom(netip.IPv6Unspecified(), 0)
	}
	return netip.Prefix{}
}

// Dst returns the destination prefix: RTA_DST with rtm_dst_len, or
// 0.0.0.0/0 (::/0) for a default route. Invalid for a route whose
// destination is not an IP address (MPLS labels: Msg().GetAttr("dst"))
// and for a malformed one (an rtm_dst_len with no RTA_DST).
func (r RouteView) Dst() netip.Prefix {
	checkView(r.m, "RouteView")
	return r.prefix(uapi.RTA_DST, r.DstLen())
}

// Src returns the source prefix: RTA_SRC with rtm_src_len (IPv6
// source-specific routes), or the family's whole space.
func (r RouteView) Src() netip.Prefix {
	checkView(r.m, "RouteView")
	return r.prefix(uapi.RTA_SRC, r.SrcLen())
}

// IsDefault reports a default route: no RTA_DST and rtm_dst_len 0.
func (r RouteView) IsDefault() bool {
	checkView(r.m, "RouteView")

	_, ok := r.m.RawAttr(uapi.RTA_DST)
	return !ok && r.DstLen() == 0
}

func (r RouteView) addr(t uint16) netip.Addr {
	checkView(r.m, "RouteView")

	a, ok := r.m.RawAttr(t)
	if !ok {
		return netip.Addr{}
	}
	addr, _ := a.Addr()
	return addr
}

// Gateway returns RTA_GATEWAY; the zero Addr when absent (see Via for an
// IPv6 next hop of an IPv4 route, and Multipath).
func (r RouteView) Gateway() netip.Addr {
	checkView(r.m, "RouteView")
	return r.addr(uapi.RTA_GATEWAY)
}

// Via returns the address of RTA_VIA (struct rtvia: a next hop of
// another family than the route's); the zero Addr when absent.
func (r RouteView) Via() netip.Addr {
	checkView(r.m, "RouteView")

	a, ok := r.m.RawAttr(uapi.RTA_VIA)
	if !ok {
		return netip.Addr{}
	}
	return parseVia(a.Value)
}

func parseVia(b []byte) netip.Addr {
	if len(b) < 2 {
		return netip.Addr{}
	}
	addr, _ := netip.AddrFromSlice(b[2:])
	return addr
}

// PrefSrc returns RTA_PREFSRC.
func (r RouteView) PrefSrc() netip.Addr {
	checkView(r.m, "RouteView")
	return r.addr(uapi.RTA_PREFSRC)
}

// OIF returns RTA_OIF, the output interface index; 0 when absent.
func (r RouteView) OIF() int {
	checkView(r.m, "RouteView")
	return int(attrU32(r.m, uapi.RTA_OIF))
}

// IIF returns RTA_IIF, the input interface index; 0 when absent.
func (r RouteView) IIF() int {
	checkView(r.m, "RouteView")
	return int(attrU32(r.m, uapi.RTA_IIF))
}

// Priority returns RTA_PRIORITY, the metric.
func (r RouteView) Priority() uint32 {
	checkView(r.m, "RouteView")
	return attrU32(r.m, uapi.RTA_PRIORITY)
}

// Mark returns RTA_MARK.
func (r RouteView) Mark() uint32 {
	checkView(r.m, "RouteView")
	return attrU32(r.m, uapi.RTA_MARK)
}

// NHID returns RTA_NH_ID, the nexthop object the route uses; 0 when none.
func (r RouteView) NHID() uint32 {
	checkView(r.m, "RouteView")
	return attrU32(r.m, uapi.RTA_NH_ID)
}

// Pref returns RTA_PREF, the IPv6 router preference.
func (r RouteView) Pref() uint8 {
	checkView(r.m, "RouteView")
	return attrU8(r.m, uapi.RTA_PREF)
}

// EncapType returns RTA_ENCAP_TYPE (LWTUNNEL_ENCAP_*); 0 when none. The
// encapsulation itself: Msg().GetAttr("encap").Nest().
func (r RouteView) EncapType() uint16 {
	checkView(r.m, "RouteView")

	a, ok := r.m.RawAttr(uapi.RTA_ENCAP_TYPE)
	if !ok {
		return 0
	}
	v, _ := a.Uint16()
	return v
}

// Metric returns the route metric RTAX_* t of RTA_METRICS (RTAX_MTU,
// RTAX_HOPLIMIT …), and false when absent. RTAX_CC_ALGO is a string:
// read it with Metrics.
func (r RouteView) Metric(t uint16) (uint32, bool) {
	checkView(r.m, "RouteView")

	a, ok := r.m.RawAttr(uapi.RTA_METRICS)
	if !ok {
		return 0, false
	}
	m, ok := nestedAttr(a.Value, t)
	if !ok {
		return 0, false
	}
	return m.Uint32()
}

// Metrics returns an iterator over RTA_METRICS, named by the RTAX_*
// table ("mtu", "hoplimit" …). Values borrow.
func (r RouteView) Metrics() codec.AttrIter {
	checkView(r.m, "RouteView")

	v, ok := r.m.GetAttrType(uapi.RTA_METRICS)
	if !ok {
		return codec.AttrIter{}
	}
	return v.Nest().Attrs()
}

// Multipath returns an iterator over the next hops of RTA_MULTIPATH;
// empty for a single-path route.
func (r RouteView) Multipath() HopIter {
	checkView(r.m, "RouteView")

	a, ok := r.m.RawAttr(uapi.RTA_MULTIPATH)
	if !ok {
		return HopIter{}
	}
	return HopIter{buf: a.Value}
}

// HopIter iterates over the struct rtnexthop records of RTA_MULTIPATH
// without allocating. Hops borrow the message.
type HopIter struct {
	buf []byte
	cur Hop
	err error
}

// Hop is one next hop of a multipath route: struct rtnexthop and its
// attributes.
type Hop struct {
	Flags  uint8 // RTNH_F_*
	Weight int   // rtnh_hops + 1, as ip prints it
	OIF    int   // rtnh_ifindex
	attrs  []byte
}

// Gateway returns the hop's RTA_GATEWAY, or its RTA_VIA address.
func (h Hop) Gateway() netip.Addr {
	if a, ok := nestedAttr(h.attrs, uapi.RTA_GATEWAY); ok {
		addr, _ := a.Addr()
		return addr
	}
	if a, ok := nestedAttr(h.attrs, uapi.RTA_VIA); ok {
		return parseVia(a.Value)
	}
	return netip.Addr{}
}

// Attrs returns the hop's raw attribute chain (RTA_GATEWAY, RTA_ENCAP …).
// It borrows.
func (h Hop) Attrs() []byte { return h.attrs }

// Next advances to the next hop and reports whether there is one.
func (it *HopIter) Next() bool {
	if it.err != nil || len(it.buf) == 0 {
		return false
	}
	b := it.buf
	if len(b) < 8 {
		it.err = &wire.MalformedError{What: "rtnexthop", Reason: "truncated"}
		return false
	}
	n := int(binary.NativeEndian.Uint16(b))
	if n < 8 || n > len(b) {
		it.err = &wire.MalformedError{What: "rtnexthop", Reason: "bad length"}
		return false
	}
	it.cur = Hop{Flags: b[2], Weight: int(b[3]) + 1, OIF: int(int32(binary.NativeEndian.Uint32(b[4:]))), attrs: b[8:n:n]}
	it.buf = b[min(wire.Align(n), len(b)):]
	return true
}

// Hop returns the current hop.
func (it *HopIter) Hop() Hop { return it.cur }

// Err returns the malformation that stopped the iteration, or nil.
func (it *HopIter) Err() error { return it.err }

// Routes dumps the routes (RTM_GETROUTE), as pyroute2's get_routes, with
// the filters applied. With no "family" filter the dump asks for family
// 0, which the kernel answers with the routes of every family (IPv4,
// IPv6, multicast, MPLS): pyroute2's family=255 behaviour. The kernel
// filters what it can (strict checking): constant "family", "table"
// (RTA_TABLE), "oif" (RTA_OIF), "proto" and "type" go into the request,
// so a dump of one table does not bring the others to userspace; a table
// or interface that does not exist yields nothing, not an error. See
// [Iterator] for lifetimes and errors.
func (r *IPRoute) Routes(ctx context.Context, filters ...Matcher) Iterator[RouteView] {
	return typed[RouteView](ctx, r, "route dump", codec.Route, filters, reqRoute)
}

func buildRouteReq(q *dumpReq, buf []byte, f *filterSet) {
	q.begin(buf, codec.Route, uapi.RTM_GETROUTE, true)
	q.empty = [2]syscall.Errno{syscall.ENOENT, syscall.ENODEV}
	if v, ok := f.constInt("family"); ok {
		q.fixed[routeOffFamily] = uint8(v)
	}
	if v, ok := f.constInt("proto"); ok {
		q.fixed[routeOffProto] = uint8(v)
	}
	if v, ok := f.constInt("type"); ok {
		q.fixed[routeOffType] = uint8(v)
	}
	if v, ok := f.constInt("table"); ok && v != 0 {
		q.b.PutUint32(uapi.RTA_TABLE, uint32(v))
	}
	if v, ok := f.constInt("oif"); ok && v != 0 {
		q.b.PutUint32(uapi.RTA_OIF, uint32(v))
	}
}

// GetRoutes is Routes collected: a view over a clone of every matching
// route (owned, valid forever).
func (r *IPRoute) GetRoutes(ctx context.Context, filters ...Matcher) ([]RouteView, error) {
	it := r.Routes(ctx, filters...)
	return it.Collect()
}

// DefaultRoutes dumps the default routes (no destination, dst_len 0), as
// pyroute2's get_default_routes: of table 254 (main) unless a filter
// names the table, of every family unless one names the family.
func (r *IPRoute) DefaultRoutes(ctx context.Context, filters ...Matcher) Iterator[RouteView] {
	fs := append(filters[:len(filters):len(filters)], MatchFunc(isDefaultRoute))
	if !namesKey(filters, "table") {
		fs = append(fs, Match{"table": uapi.RT_TABLE_MAIN})
	}
	return r.Routes(ctx, fs...)
}

func isDefaultRoute(m *codec.Msg) bool { return RouteView{m}.IsDefault() }

// namesKey reports whether a Match among filters has the key.
func namesKey(filters []Matcher, key string) bool {
	for _, f := range filters {
		if m, ok := f.(Match); ok {
			if _, ok := m[key]; ok {
				return true
			}
		}
	}
	return false
}
