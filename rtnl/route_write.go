package rtnl

import (
	"context"
	"encoding/binary"
	"errors"
	"net/netip"
	"syscall"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Route is a route to create, change, delete or look up: the typed form
// of ipr.route(command, **spec). Its zero fields take ip-route(8)'s
// defaults when a route is created or changed: table main, proto static
// (pyroute2's default; ip-route(8)'s is boot: set ProtoBoot for it), type
// unicast, and a scope derived from the type (host for local and
// nat, link for broadcast, multicast and anycast, link for a unicast
// route with no gateway, via, next hops or nexthop object, universe
// otherwise — an explicit universe scope for a directly connected route
// needs the Spec form). A deletion matches any scope unless Scope is set.
//
// Route encodes into a warm buffer without allocating, to the same bytes
// as the Spec form of the same route.
type Route struct {
	// Family is AF_INET, AF_INET6 or AF_MPLS; 0 takes the family of the
	// first address among Dst, Src, Gateway, PrefSrc.
	Family uint8
	// Dst is the destination; the zero Prefix is the default route
	// (no RTA_DST, dst_len 0). Host bits are sent as given.
	Dst netip.Prefix
	Src netip.Prefix // RTA_SRC and src_len (IPv6 source routing)
	// Label is the incoming label of an AF_MPLS route (its RTA_DST).
	Label uint32
	TOS   uint8
	// Table is the routing table, names in RouteTables; not set is main
	// (TableUnspec is table 0, for a get or del of every table). Tables
	// above 255 go in RTA_TABLE (rtm_table says RT_TABLE_COMPAT).
	Table RouteTable
	Proto RouteProtocol // not set is static for a creation, as pyroute2's
	Scope RouteScope    // not set is the default described above
	Type  RouteType     // not set is unicast for a creation
	Flags uint32        // rtm_flags: RTNH_F_ONLINK …

	IIF, OIF int
	Gateway  netip.Addr
	// Via is a next hop of another family (RTA_VIA): an IPv6 next hop
	// of an IPv4 route, or the next hop of an MPLS route.
	Via      netip.Addr
	PrefSrc  netip.Addr
	Priority uint32 // the metric
	Metrics  RouteMetrics
	// Multipath holds the next hops of a multipath route (RTA_MULTIPATH).
	Multipath []RouteHop
	Mark      uint32
	// NewDst is the outgoing label stack of an MPLS route (RTA_NEWDST).
	NewDst []MPLSLabel
	// Encap is the lightweight tunnel of the route (RTA_ENCAP).
	Encap Encap
	NHID  uint32 // RTA_NH_ID: a route over a nexthop object
}

// RouteHop is one next hop of a multipath route (struct rtnexthop and
// its attributes).
type RouteHop struct {
	Gateway netip.Addr
	Via     netip.Addr // RTA_VIA: a next hop of another family
	OIF     int        // rtnh_ifindex
	// Weight is the hop's share, 1 … 256 (rtnh_hops is Weight-1); 0 is 1.
	Weight int
	Flags  uint8 // RTNH_F_ONLINK …
	NewDst []MPLSLabel
	Encap  Encap
}

// RouteMetrics are a route's RTA_METRICS; zero fields are left out.
type RouteMetrics struct {
	Lock, MTU, Window, RTT, RTTVar, SSThresh, CWnd, AdvMSS, Reordering uint32
	HopLimit, InitCWnd, Features, RTOMin, InitRWnd, QuickAck           uint32
	CongCtl                                                            string // RTAX_CC_ALGO
	FastOpenNoCookie                                                   uint32
}

// values returns the integer metrics by RTAX type (index 0 unused).
func (m *RouteMetrics) values() [uapi.RTAX_FASTOPEN_NO_COOKIE + 1]uint32 {
	return [...]uint32{0, m.Lock, m.MTU, m.Window, m.RTT, m.RTTVar, m.SSThresh, m.CWnd, m.AdvMSS,
		m.Reordering, m.HopLimit, m.InitCWnd, m.Features, m.RTOMin, m.InitRWnd, m.QuickAck, 0, m.FastOpenNoCookie}
}

// empty reports whether no metric is set: every field by name, which is
// cheaper than comparing the struct (TestRouteMetricsEmpty holds it to
// every field).
func (m *RouteMetrics) empty() bool {
	return m.Lock|m.MTU|m.Window|m.RTT|m.RTTVar|m.SSThresh|m.CWnd|m.AdvMSS|m.Reordering|
		m.HopLimit|m.InitCWnd|m.Features|m.RTOMin|m.InitRWnd|m.QuickAck|m.FastOpenNoCookie == 0 &&
		m.CongCtl == ""
}

func routeErr(field string, v any, why string) error {
	return &codec.SpecError{Schema: "route", Keyword: field, Value: v, Reason: why}
}

// routeFamily returns the family the request carries.
func (rt *Route) routeFamily() uint8 {
	if rt.Family != 0 {
		return rt.Family
	}
	for _, a := range [...]netip.Addr{rt.Dst.Addr(), rt.Src.Addr(), rt.Gateway, rt.PrefSrc} {
		if a.IsValid() {
			if a.Unmap().Is4() {
				return uapi.AF_INET
			}
			return uapi.AF_INET6
		}
	}
	return 0
}

// defaultScope is ip-route's scope for a created route of type typ with
// no explicit scope; ok is false when the scope stays as given.
func defaultScope(op VerbOp, typ uint8, direct bool) (uint8, bool) {
	switch {
	case op == OpDel && (typ == uapi.RTN_UNICAST || typ == uapi.RTN_UNSPEC):
		return uapi.RT_SCOPE_NOWHERE, true
	case op != OpNew:
		return 0, false
	case typ == uapi.RTN_LOCAL || typ == uapi.RTN_NAT:
		return uapi.RT_SCOPE_HOST, true
	case typ == uapi.RTN_BROADCAST || typ == uapi.RTN_MULTICAST || typ == uapi.RTN_ANYCAST:
		return uapi.RT_SCOPE_LINK, true
	case typ == uapi.RTN_UNICAST && direct:
		return uapi.RT_SCOPE_LINK, true
	}
	return 0, false
}

// check validates what the wire cannot carry; fam is routeFamily's.
func (rt *Route) check(fam uint8) error {
	if rt.Dst.IsValid() && rt.Dst.Bits() < 0 {
		return routeErr("Dst", rt.Dst, "is not a valid prefix")
	}
	// The common case, every address of the route's family, is settled
	// without building the named list (a writer's hot path).
	if familyWhy(fam, rt.Dst.Addr()) != "" || familyWhy(fam, rt.Src.Addr()) != "" ||
		familyWhy(fam, rt.Gateway) != "" || familyWhy(fam, rt.PrefSrc) != "" {
		if err := checkFamily("route", fam, namedAddr{"Dst", rt.Dst.Addr()}, namedAddr{"Src", rt.Src.Addr()},
			namedAddr{"Gateway", rt.Gateway}, namedAddr{"PrefSrc", rt.PrefSrc}); err != nil {
			return err
		}
	}
	for i := range rt.Multipath {
		if err := checkFamily("route", fam, namedAddr{"Multipath.Gateway", rt.Multipath[i].Gateway}); err != nil {
			return err
		}
	}
	if why := tosWhy(fam, rt.TOS); why != "" {
		return routeErr("TOS", rt.TOS, why)
	}
	if err := rt.Metrics.check(); err != nil {
		return err
	}
	if rt.Label > MPLSLabelMax {
		return routeErr("Label", rt.Label, "is above 1048575")
	}
	if !rt.Table.valid() {
		return routeErr("Table", rt.Table, "is above 4294967295 (and not TableUnspec)")
	}
	if !rt.Proto.valid() {
		return routeErr("Proto", rt.Proto, "is above 255 (and not ProtoUnspec)")
	}
	if !rt.Scope.valid() {
		return routeErr("Scope", rt.Scope, "is above 255 (and not ScopeUniverse)")
	}
	if !rt.Type.valid() {
		return routeErr("Type", rt.Type, "is above 255 (and not RouteUnspec)")
	}
	for i := range rt.NewDst {
		if rt.NewDst[i].Label > MPLSLabelMax {
			return routeErr("NewDst", rt.NewDst[i].Label, "is above 1048575")
		}
	}
	for i := range rt.Multipath {
		if w := rt.Multipath[i].Weight; w < 0 || w > 256 {
			return routeErr("Multipath.Weight", w, "is not in 1 … 256")
		}
	}
	if m, ok := rt.Encap.(*MPLSEncap); ok {
		for _, l := range m.Labels {
			if l.Label > MPLSLabelMax {
				return routeErr("Encap.Labels", l.Label, "is above 1048575")
			}
		}
	}
	return nil
}

// Encode appends the request of command for the route to b: command is
// one of pyroute2's verbs (add, set, replace, change, append, del, get),
// with the flags of [LookupVerb] and NLM_F_ACK for a modification, exactly as
// [IPRoute.Do] sends the Spec form. It allocates nothing once b has room.
// Bad input is a *codec.SpecError naming the field; b is then unchanged.
func (rt *Route) Encode(b *wire.Builder, command string, seq uint32) error {
	t, flags, op, err := routeVerbs.lookup(command)
	if err != nil {
		return routeErr("command", command, "is not a route command")
	}
	fam := rt.routeFamily()
	if err := rt.check(fam); err != nil {
		return err
	}
	mark := b.Mark()
	rt.encode(b, fam, t, flags, seq, op)
	if err := b.Err(); err != nil {
		b.Rollback(mark)
		return err
	}
	return nil
}

func (rt *Route) encode(b *wire.Builder, fam uint8, t wire.MsgType, flags wire.HeaderFlags, seq uint32, op VerbOp) {
	mpls := fam == uapi.AF_MPLS
	// The conversions to the kernel's widths drop the "explicitly 0" bit
	// of TableUnspec, ProtoUnspec, RouteUnspec and ScopeUniverse.
	table, proto, typ, scope := uint32(rt.Table), uint8(rt.Proto), uint8(rt.Type), uint8(rt.Scope)
	if op != OpGet && rt.Table == 0 {
		table = uapi.RT_TABLE_MAIN
	}
	if op == OpNew {
		if rt.Proto == 0 {
			proto = uapi.RTPROT_STATIC
		}
		if rt.Type == 0 {
			typ = uapi.RTN_UNICAST
		}
	}
	direct := !rt.Gateway.IsValid() && !rt.Via.IsValid() && len(rt.Multipath) == 0 && rt.NHID == 0
	if s, ok := defaultScope(op, typ, direct); ok && rt.Scope == 0 && !mpls {
		scope = s
	}
	b.Begin(t, flags, seq)
	if h := b.Reserve(12); h != nil {
		rt.putRtmsg(h, fam, table, proto, scope, typ)
	}
	switch {
	case mpls:
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], MPLSLabel{Label: rt.Label}.lse(true))
		b.PutBytes(uapi.RTA_DST, l[:])
	case rt.Dst.IsValid():
		b.PutAddr(uapi.RTA_DST, rt.Dst.Addr())
	}
	if rt.Src.IsValid() {
		b.PutAddr(uapi.RTA_SRC, rt.Src.Addr())
	}
	putU32If(b, uapi.RTA_IIF, uint32(rt.IIF))
	putU32If(b, uapi.RTA_OIF, uint32(rt.OIF))
	if rt.Gateway.IsValid() {
		b.PutAddr(uapi.RTA_GATEWAY, rt.Gateway)
	}
	putU32If(b, uapi.RTA_PRIORITY, rt.Priority)
	if rt.PrefSrc.IsValid() {
		b.PutAddr(uapi.RTA_PREFSRC, rt.PrefSrc)
	}
	if !rt.Metrics.empty() {
		putMetrics(b, &rt.Metrics)
	}
	if len(rt.Multipath) > 0 {
		tok := b.Nest(uapi.RTA_MULTIPATH)
		for i := range rt.Multipath {
			rt.Multipath[i].put(b)
		}
		b.EndNest(tok)
	}
	if table != 0 && !mpls {
		b.PutUint32(uapi.RTA_TABLE, table)
	}
	putU32If(b, uapi.RTA_MARK, rt.Mark)
	if rt.Via.IsValid() {
		putVia(b, rt.Via)
	}
	if len(rt.NewDst) > 0 {
		putLabels(b, uapi.RTA_NEWDST, rt.NewDst)
	}
	if rt.Encap != nil {
		putEncap(b, rt.Encap)
	}
	putU32If(b, uapi.RTA_NH_ID, rt.NHID)
	b.End()
}

// putRtmsg writes struct rtmsg into h with the family and the table,
// protocol, scope and type encode settled on.
func (rt *Route) putRtmsg(h []byte, fam uint8, table uint32, proto, scope, typ uint8) {
	h[routeOffFamily] = fam
	switch {
	case fam == uapi.AF_MPLS:
		h[routeOffDstLen] = 20
	case rt.Dst.IsValid():
		h[routeOffDstLen] = uint8(rt.Dst.Bits())
	}
	if rt.Src.IsValid() {
		h[routeOffSrcLen] = uint8(rt.Src.Bits())
	}
	h[routeOffTOS] = rt.TOS
	h[routeOffTable] = uint8(min(table, uapi.RT_TABLE_COMPAT))
	if table <= 255 {
		h[routeOffTable] = uint8(table)
	}
	h[routeOffProto], h[routeOffScope], h[routeOffType] = proto, scope, typ
	binary.NativeEndian.PutUint32(h[routeOffFlags:], rt.Flags)
}

func putU32If(b *wire.Builder, t uint16, v uint32) {
	if v != 0 {
		b.PutUint32(t, v)
	}
}

func putMetrics(b *wire.Builder, m *RouteMetrics) {
	tok := b.Nest(uapi.RTA_METRICS | wire.AttrNested)
	vals := m.values()
	for t, v := range vals {
		if t == uapi.RTAX_CC_ALGO && m.CongCtl != "" {
			b.PutString(uapi.RTAX_CC_ALGO, m.CongCtl)
		}
		if v != 0 {
			b.PutUint32(uint16(t), v)
		}
	}
	b.EndNest(tok)
}

// viaBytes is struct rtvia: the family (host order), then the address.
func viaBytes(a netip.Addr, out *[18]byte) []byte {
	a = a.Unmap()
	if a.Is4() {
		binary.NativeEndian.PutUint16(out[:], uapi.AF_INET)
		v := a.As4()
		copy(out[2:], v[:])
		return out[:6]
	}
	binary.NativeEndian.PutUint16(out[:], uapi.AF_INET6)
	v := a.As16()
	copy(out[2:], v[:])
	return out[:18]
}

func putVia(b *wire.Builder, a netip.Addr) {
	var buf [18]byte
	b.PutBytes(uapi.RTA_VIA, viaBytes(a, &buf))
}

// put appends the hop as an RTA_MULTIPATH record.
func (h *RouteHop) put(b *wire.Builder) {
	off := b.Len()
	p := b.Reserve(8)
	if p == nil {
		return
	}
	p[2] = h.Flags
	if h.Weight > 1 {
		p[3] = uint8(h.Weight - 1)
	}
	binary.NativeEndian.PutUint32(p[4:], uint32(h.OIF))
	if h.Gateway.IsValid() {
		b.PutAddr(uapi.RTA_GATEWAY, h.Gateway)
	}
	if h.Via.IsValid() {
		putVia(b, h.Via)
	}
	if len(h.NewDst) > 0 {
		putLabels(b, uapi.RTA_NEWDST, h.NewDst)
	}
	if h.Encap != nil {
		putEncap(b, h.Encap)
	}
	if buf := b.Bytes(); b.Err() == nil {
		binary.NativeEndian.PutUint16(buf[off:], uint16(len(buf)-off))
	}
}

// send encodes the route for command and runs it.
func (r *IPRoute) routeExec(ctx context.Context, op, command string, rt *Route) error {
	b := r.getBuilder()
	defer r.putBuilder(b)
	if err := rt.Encode(b, command, 0); err != nil {
		return wrap(op, err)
	}
	return wrapReq(op, b.Bytes(), r.c.Exec(ctx, op, b.Bytes()))
}

// RouteAdd creates the route, failing with EEXIST when it exists (ip
// route add). Errors: a *codec.SpecError for bad input (nothing sent),
// or the kernel's refusal as a *wire.OpError (errors.Is(err,
// syscall.EEXIST) …). Safe for concurrent use; allocates nothing once
// warm.
func (r *IPRoute) RouteAdd(ctx context.Context, rt Route) error {
	return r.routeExec(ctx, "route add", "add", &rt)
}

// RouteReplace creates the route or replaces the one with its key (ip
// route replace). See [IPRoute.RouteAdd] for errors.
func (r *IPRoute) RouteReplace(ctx context.Context, rt Route) error {
	return r.routeExec(ctx, "route replace", "replace", &rt)
}

// RouteChange replaces an existing route, failing with ENOENT when there
// is none (ip route change). See [IPRoute.RouteAdd] for errors.
func (r *IPRoute) RouteChange(ctx context.Context, rt Route) error {
	return r.routeExec(ctx, "route change", "change", &rt)
}

// RouteAppend adds the route beside existing ones with its key (ip route
// append: an IPv6 multipath route hop by hop). See [IPRoute.RouteAdd].
func (r *IPRoute) RouteAppend(ctx context.Context, rt Route) error {
	return r.routeExec(ctx, "route append", "append", &rt)
}

// RouteDel deletes the route the fields select (ip route del): zero
// fields match anything, table defaults to main. ESRCH when none
// matches. See [IPRoute.RouteAdd].
func (r *IPRoute) RouteDel(ctx context.Context, rt Route) error {
	return r.routeExec(ctx, "route del", "del", &rt)
}

// RouteGet asks the kernel which route it would use for rt.Dst (ip route
// get), with rt.OIF, IIF, Mark, Src and TOS as selectors, and returns it
// as an owned view. It allocates the clone.
func (r *IPRoute) RouteGet(ctx context.Context, rt Route) (RouteView, error) {
	const op = "route get"
	b := r.getBuilder()
	defer r.putBuilder(b)
	if err := rt.Encode(b, "get", 0); err != nil {
		return RouteView{}, wrap(op, err)
	}
	var it Iter
	it.start(ctx, r, op, codec.Route, b.Bytes(), false, filterSet{})
	defer it.Close()
	if it.Next() {
		v := RouteView{ownedCopy(it.Msg())}
		for it.Next() {
		}
		return v, it.Err()
	}
	if err := it.Err(); err != nil {
		return RouteView{}, err
	}
	return RouteView{}, wrap(op, errNoReply)
}

var errNoReply = errors.New("no reply")

// flushMsgs deletes each message of msgs by sending it back with type
// del (as `ip route flush` and pyroute2's flush_* do): one batch. It
// returns how many were deleted; a message already gone (ESRCH, ENOENT,
// EADDRNOTAVAIL: removed with another) is no failure.
func (r *IPRoute) flushMsgs(ctx context.Context, op string, del wire.MsgType, msgs []*codec.Msg) (int, error) {
	if len(msgs) == 0 {
		return 0, nil
	}
	var buf []byte
	for _, m := range msgs {
		start := len(buf)
		buf = m.AppendRaw(buf)
		h := wire.Header{Len: uint32(len(buf) - start), Type: del, Flags: wire.FlagRequest | wire.FlagAck}
		h.Put(buf[start:])
		if del == uapi.RTM_DELROUTE {
			buf = buf[:start+len(routeDelAttrs(buf[start:]))]
		}
		buf = append(buf, make([]byte, wire.Align(len(buf))-len(buf))...)
	}
	results := make([]error, len(msgs))
	if _, err := r.c.Batch(ctx, op, buf, results); err != nil {
		return 0, wrap(op, err)
	}
	n := 0
	var first error
	for _, err := range results {
		switch {
		case err == nil:
			n++
		case errors.Is(err, syscall.ESRCH), errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.EADDRNOTAVAIL):
		case first == nil:
			first = wrap(op, err)
		}
	}
	return n, first
}

// FlushRoutes deletes every route that passes the filters — the same
// filters as [IPRoute.Routes], so with none it deletes every route of
// every family and table, the kernel's own included, as pyroute2's
// flush_routes — in one batch, and returns how many it deleted. Routes
// that vanish on their own meanwhile do not count and are no error; the
// first other refusal is returned after the batch completes.
func (r *IPRoute) FlushRoutes(ctx context.Context, filters ...Matcher) (int, error) {
	routes, err := r.GetRoutes(ctx, filters...)
	if err != nil {
		return 0, err
	}
	msgs := make([]*codec.Msg, len(routes))
	for i, v := range routes {
		msgs[i] = v.Msg()
	}
	return r.flushMsgs(ctx, "route flush", uapi.RTM_DELROUTE, msgs)
}

// routeDelAttrs drops, from a dumped route's message in p, the next-hop
// specification the kernel adds to the dump of a route over a nexthop
// object (RTA_OIF, RTA_GATEWAY, RTA_VIA, RTA_MULTIPATH and the encap,
// beside RTA_NH_ID): a delete carrying both is refused with "Nexthop
// specification and nexthop id are mutually exclusive", as `ip route
// flush` is. A route without RTA_NH_ID is returned unchanged. p holds the
// header, the rtmsg and the attributes; the result is p, shortened, with
// the header's length updated.
func routeDelAttrs(p []byte) []byte {
	const hdr = wire.HeaderLen + 12 // nlmsghdr + rtmsg
	if len(p) < hdr {
		return p
	}
	hasID := false
	for off := hdr; off+4 <= len(p); {
		l, t := int(binary.NativeEndian.Uint16(p[off:])), binary.NativeEndian.Uint16(p[off+2:])&0x3fff
		if l < 4 || off+l > len(p) {
			return p
		}
		hasID = hasID || t == uapi.RTA_NH_ID
		off += wire.Align(l)
	}
	if !hasID {
		return p
	}
	w := hdr
	for off := hdr; off+4 <= len(p); {
		l, t := int(binary.NativeEndian.Uint16(p[off:])), binary.NativeEndian.Uint16(p[off+2:])&0x3fff
		n := min(wire.Align(l), len(p)-off)
		switch t {
		case uapi.RTA_OIF, uapi.RTA_GATEWAY, uapi.RTA_VIA, uapi.RTA_MULTIPATH, uapi.RTA_ENCAP, uapi.RTA_ENCAP_TYPE:
		default:
			copy(p[w:], p[off:off+n])
			w += n
		}
		off += n
	}
	p = p[:w]
	binary.NativeEndian.PutUint32(p, uint32(w))
	return p
}
