package rtnl

import (
	"sync"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// routeStore holds a Cache's routes without a heap object per route.
// A route is split into its identity, kept as a fixed-size map key, and
// the rest of its message, a template: the message with its header's
// flags, sequence and port zeroed and the value of RTA_DST zeroed.
// Templates are interned, so the routes that share a shape (gateway,
// device, protocol, table, metric, next-hop list, metrics …) share one
// copy, and a route costs its map slot: about 30 B for IPv4, 50 B for
// IPv6. A route's message is rebuilt on demand from its template and
// key ([routeStore.appendMsg]).
//
// Routes of an unusual shape (a source prefix, a destination without
// its family's length, an RTA_DST on a zero-length prefix) go to other, keyed by keyOf, with a template that
// is their whole message. The zero value is empty and ready.
type routeStore struct {
	v4    map[route4Key]uint32 // IPv4 routes without a source prefix → template
	v6    map[route6Key]uint32 // IPv6 routes without a source prefix → template
	other map[string]uint32    // the rest → a template holding the whole message
	tpls  tplPool
	tmp   []byte // the template being built
}

// route4Key is the identity of an IPv4 route (see Cache), 16 bytes.
type route4Key struct {
	table, prio uint32
	dst         [4]byte
	dstLen, tos uint8
}

// route6Key is the identity of an IPv6 route, 32 bytes: oif is RTA_OIF
// unless mp (the route has RTA_MULTIPATH).
type route6Key struct {
	table, prio, oif uint32
	dst              [16]byte
	dstLen, tos, mp  uint8
}

// tplPool interns route templates, counting their routes.
type tplPool struct {
	ids  map[string]uint32 // template → handle
	recs []tplRec          // by handle
	free []uint32          // handles of released templates
}

type tplRec struct {
	b      string // the template; "" when free
	dstOff int32  // where RTA_DST's value is in b; -1: none, or b is whole
	oif    int32  // RTA_OIF, to find a link's routes
	refs   uint32
}

func (p *tplPool) intern(b []byte, dstOff int, oif int32) uint32 {
	if h, ok := p.ids[string(b)]; ok {
		p.recs[h].refs++
		return h
	}
	if p.ids == nil {
		p.ids = map[string]uint32{}
	}
	rec := tplRec{b: string(b), dstOff: int32(dstOff), oif: oif, refs: 1}
	var h uint32
	if n := len(p.free); n > 0 {
		h, p.free = p.free[n-1], p.free[:n-1]
		p.recs[h] = rec
	} else {
		h = uint32(len(p.recs))
		p.recs = append(p.recs, rec)
	}
	p.ids[rec.b] = h
	return h
}

func (p *tplPool) release(h uint32) {
	r := &p.recs[h]
	if r.refs--; r.refs == 0 {
		delete(p.ids, r.b)
		*r = tplRec{}
		p.free = append(p.free, h)
	}
}

// routeShape is what put and del learn of a route message.
type routeShape struct {
	fam    uint8
	k4     route4Key
	k6     route6Key
	dstOff int // offset of RTA_DST's value in the message; -1: none
	fast   bool
}

// shapeOf computes m's key for the fast tables; fast is false for a
// route that goes to other.
func shapeOf(m *codec.Msg) routeShape {
	r := RouteView{m}
	s := routeShape{fam: r.Family(), dstOff: -1}
	if r.SrcLen() != 0 {
		return s
	}
	if _, ok := m.RawAttr(uapi.RTA_SRC); ok {
		return s
	}
	var dst []byte
	it := wire.NewAttrs(m.AttrBytes())
	for it.Next() {
		if it.Attr().Kind() == uapi.RTA_DST {
			dst = it.Attr().Value
			s.dstOff = wire.HeaderLen + wire.Align(len(m.Fixed())) + it.Offset() + wire.AttrHeaderLen
			break
		}
	}
	switch {
	case (s.dstOff < 0) != (r.DstLen() == 0):
		return s // the fast key cannot tell an RTA_DST of zeros from none
	case s.fam == uapi.AF_INET && (dst == nil || len(dst) == 4):
		s.k4 = route4Key{table: uint32(r.Table()), prio: r.Priority(), dstLen: uint8(r.DstLen()), tos: r.TOS()}
		copy(s.k4.dst[:], dst)
	case s.fam == uapi.AF_INET6 && (dst == nil || len(dst) == 16):
		s.k6 = route6Key{table: uint32(r.Table()), prio: r.Priority(), dstLen: uint8(r.DstLen()), tos: r.TOS()}
		copy(s.k6.dst[:], dst)
		if _, mp := m.RawAttr(uapi.RTA_MULTIPATH); mp {
			s.k6.mp = 1
		} else {
			s.k6.oif = uint32(r.OIF())
		}
	default:
		return s
	}
	s.fast = true
	return s
}

// template builds m's template in s.tmp: its bytes with a normalised
// header and, when zeroDst, RTA_DST's value zeroed.
func (st *routeStore) template(m *codec.Msg, sh *routeShape) []byte {
	h := m.Header()
	b := m.AppendRaw(st.tmp[:0])
	h.Len, h.Flags, h.Seq, h.PID = uint32(len(b)), 0, 0, 0
	h.Put(b)
	if sh.fast && sh.dstOff >= 0 {
		n := 4
		if sh.fam == uapi.AF_INET6 {
			n = 16
		}
		clear(b[sh.dstOff : sh.dstOff+n])
	}
	st.tmp = b
	return b
}

// put adds or replaces route m, which keyOf accepted (key).
func (st *routeStore) put(m *codec.Msg, key []byte) {
	sh := shapeOf(m)
	b := st.template(m, &sh)
	off := sh.dstOff
	if !sh.fast {
		off = -1
	}
	h := st.tpls.intern(b, off, int32(RouteView{m}.OIF()))
	var old uint32
	var had bool
	switch {
	case !sh.fast:
		if st.other == nil {
			st.other = map[string]uint32{}
		}
		old, had = st.other[string(key)]
		st.other[string(key)] = h
	case sh.fam == uapi.AF_INET:
		if st.v4 == nil {
			st.v4 = map[route4Key]uint32{}
		}
		old, had = st.v4[sh.k4]
		st.v4[sh.k4] = h
	default:
		if st.v6 == nil {
			st.v6 = map[route6Key]uint32{}
		}
		old, had = st.v6[sh.k6]
		st.v6[sh.k6] = h
	}
	if had {
		st.tpls.release(old)
	}
}

// del removes route m, which keyOf accepted (key).
func (st *routeStore) del(m *codec.Msg, key []byte) {
	sh := shapeOf(m)
	var h uint32
	var had bool
	switch {
	case !sh.fast:
		if h, had = st.other[string(key)]; had {
			delete(st.other, string(key))
		}
	case sh.fam == uapi.AF_INET:
		if h, had = st.v4[sh.k4]; had {
			delete(st.v4, sh.k4)
		}
	default:
		if h, had = st.v6[sh.k6]; had {
			delete(st.v6, sh.k6)
		}
	}
	if had {
		st.tpls.release(h)
	}
}

func (st *routeStore) len() int { return len(st.v4) + len(st.v6) + len(st.other) }

// purgeLink drops the routes whose RTA_OIF is idx.
func (st *routeStore) purgeLink(idx int) {
	for k, h := range st.v4 {
		if int(st.tpls.recs[h].oif) == idx {
			delete(st.v4, k)
			st.tpls.release(h)
		}
	}
	for k, h := range st.v6 {
		if int(st.tpls.recs[h].oif) == idx {
			delete(st.v6, k)
			st.tpls.release(h)
		}
	}
	for k, h := range st.other {
		if int(st.tpls.recs[h].oif) == idx {
			delete(st.other, k)
			st.tpls.release(h)
		}
	}
}

// appendMsg appends the message of the route of template h and
// destination dst (nil for other) to buf.
func (st *routeStore) appendMsg(buf []byte, h uint32, dst []byte) []byte {
	r := &st.tpls.recs[h]
	n := len(buf)
	buf = append(buf, r.b...)
	if r.dstOff >= 0 {
		copy(buf[n+int(r.dstOff):], dst)
	}
	return buf
}

// each calls f with the message of every route, in a buffer f must not
// keep, until f returns false.
func (st *routeStore) each(buf []byte, f func(msg []byte) bool) []byte {
	for k, h := range st.v4 {
		if buf = st.appendMsg(buf[:0], h, k.dst[:]); !f(buf) {
			return buf
		}
	}
	for k, h := range st.v6 {
		if buf = st.appendMsg(buf[:0], h, k.dst[:]); !f(buf) {
			return buf
		}
	}
	for _, h := range st.other {
		if buf = st.appendMsg(buf[:0], h, nil); !f(buf) {
			return buf
		}
	}
	return buf
}

// views returns an owned view of every route: the messages share one
// new buffer, the decoded codec.Msgs one new array.
func (st *routeStore) views() []RouteView {
	n := st.len()
	out := make([]RouteView, n)
	if n == 0 {
		return out
	}
	size := 0
	for _, h := range st.v4 {
		size += len(st.tpls.recs[h].b)
	}
	for _, h := range st.v6 {
		size += len(st.tpls.recs[h].b)
	}
	for _, h := range st.other {
		size += len(st.tpls.recs[h].b)
	}
	arena := make([]byte, 0, size)
	msgs := make([]codec.Msg, n)
	i := 0
	st.each(nil, func(msg []byte) bool {
		at := len(arena)
		arena = append(arena, msg...)
		_ = msgs[i].ResetBytes(codec.Route, arena[at:len(arena):len(arena)]) // as decoded when stored
		out[i] = RouteView{&msgs[i]}
		i++
		return true
	})
	return out
}

// routeScratch is what RangeRoutes decodes into, pooled so that a walk
// allocates nothing.
type routeScratch struct {
	m   codec.Msg
	buf []byte
}

var routeScratchPool = sync.Pool{New: func() any { return new(routeScratch) }}

// RangeRoutes calls f with a view of every route the cache holds, in no
// particular order, until f returns false. It allocates nothing: each
// view is rebuilt from the cache's compact storage into one buffer, valid
// only until f returns (Clone what must outlive it). The routes are read
// under the cache's read lock, so f sees one moment of the table and must
// not call the Cache's methods. For views to keep, use GetRoutes.
func (c *Cache) RangeRoutes(f func(RouteView) bool) {
	s := routeScratchPool.Get().(*routeScratch)
	c.mu.RLock()
	s.buf = c.routes.each(s.buf, func(msg []byte) bool {
		_ = s.m.ResetBytes(codec.Route, msg) // as decoded when stored: Err tells
		return f(RouteView{&s.m})
	})
	c.mu.RUnlock()
	s.m = codec.Msg{}
	routeScratchPool.Put(s)
}
