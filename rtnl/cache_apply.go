package rtnl

import (
	"encoding/binary"
	"errors"
	"syscall"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// unsupported reports whether err is a kernel's way of saying it has no
// such object at all.
func unsupported(err error) bool {
	return errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.EAFNOSUPPORT) ||
		errors.Is(err, syscall.EPROTONOSUPPORT)
}

func kindOfObject(obj string) cacheKind { return kindIndex(obj) }

// keyOf returns the identity of m, an object of kind k, in c.key (valid
// until the next call), or false for an object the cache does not keep.
func (c *Cache) keyOf(k cacheKind, m *codec.Msg) ([]byte, bool) {
	b := c.key[:0]
	u32 := func(v uint32) { b = binary.NativeEndian.AppendUint32(b, v) }
	attr := func(t uint16) {
		if a, ok := m.RawAttr(t); ok {
			b = append(b, byte(len(a.Value)))
			b = append(b, a.Value...)
		} else {
			b = append(b, 0)
		}
	}
	switch k {
	case kLink:
		u32(uint32(LinkView{m}.Index()))
	case kAddr:
		a := AddrView{m}
		b = append(b, a.Family(), byte(a.PrefixLen()))
		u32(uint32(a.Index()))
		attr(uapi.IFA_LOCAL)
		attr(uapi.IFA_ADDRESS)
	case kRoute:
		r := RouteView{m}
		f := r.Family()
		if (f != uapi.AF_INET && f != uapi.AF_INET6) || r.Flags()&uapi.RTM_F_CLONED != 0 {
			return nil, false
		}
		b = append(b, f, byte(r.DstLen()), byte(r.SrcLen()), r.TOS())
		u32(uint32(r.Table()))
		u32(r.Priority())
		attr(uapi.RTA_DST)
		attr(uapi.RTA_SRC)
		if _, mp := m.RawAttr(uapi.RTA_MULTIPATH); f == uapi.AF_INET6 && !mp {
			u32(uint32(r.OIF()))
		}
	case kNeigh:
		n := NeighView{m}
		f := n.Family()
		if (f != uapi.AF_INET && f != uapi.AF_INET6) || n.Flags()&uapi.NTF_PROXY != 0 || n.State()&uapi.NUD_NOARP != 0 {
			return nil, false
		}
		b = append(b, f)
		u32(uint32(n.IfIndex()))
		attr(uapi.NDA_DST)
	case kRule:
		b = append(b, m.Fixed()...)
		b = append(b, m.AttrBytes()...)
	case kNexthop:
		u32(NexthopView{m}.ID())
	}
	c.key = b
	return b, true
}

// apply applies one notification to the tables and notifies it. It
// reports whether the event means the routes and next hops must be
// dumped again (a link went down, lost its carrier, or went away).
func (c *Cache) apply(ev *Event) (routesStale bool) {
	m := ev.Msg()
	if m == nil {
		return false
	}
	k := kindOfObject(ev.Object())
	if k < 0 {
		return false
	}
	return c.applyMsg(k, ev.Type(), ev.IsDel(), m)
}

// applyMsg is apply on m, a message of kind k and type typ.
func (c *Cache) applyMsg(k cacheKind, typ wire.MsgType, del bool, m *codec.Msg) (routesStale bool) {
	if k == kLink {
		routesStale = c.linkEvent(LinkView{m}, del)
	}
	if !c.kinds[k] {
		return routesStale
	}
	key, ok := c.keyOf(k, m)
	if !ok {
		return routesStale
	}
	var owned *codec.Msg
	c.mu.Lock()
	switch {
	case k == kRoute && del:
		c.routes.del(m, key)
	case k == kRoute:
		c.routes.put(m, key)
	case del:
		owned = c.tabs[k][string(key)]
		delete(c.tabs[k], string(key))
	default:
		owned = m.Clone()
		c.tabs[k][string(key)] = owned
	}
	c.gen++
	c.mu.Unlock()
	c.applied.Add(1)
	if owned == nil && c.notes != nil {
		owned = m.Clone()
	}
	c.notify(Change{Kind: cacheKinds[k], Type: typ, Msg: owned})
	return routesStale
}

// linkEvent tracks link flags; a deleted link takes its addresses,
// neighbours and routes with it (the kernel does not announce every
// such removal). It reports whether routes must be dumped again.
func (c *Cache) linkEvent(l LinkView, del bool) bool {
	idx := l.indexI32()
	old, known := c.linkFlags[idx]
	if del {
		delete(c.linkFlags, idx)
		c.purgeLink(int(idx))
		return true
	}
	c.linkFlags[idx] = l.Flags()
	const watched = uapi.IFF_UP | uapi.IFF_LOWER_UP
	return known && (old^l.Flags())&watched != 0
}

// purgeLink drops the addresses, neighbours and single-path routes of
// link idx.
func (c *Cache) purgeLink(idx int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for key, m := range c.tabs[kAddr] {
		if (AddrView{m}).Index() == idx {
			delete(c.tabs[kAddr], key)
		}
	}
	for key, m := range c.tabs[kNeigh] {
		if (NeighView{m}).IfIndex() == idx {
			delete(c.tabs[kNeigh], key)
		}
	}
	c.routes.purgeLink(idx)
	c.gen++
}

// CacheSnapshot is a consistent view of every table of a Cache, taken at
// one moment. Its views are owned and read-only: keep them, read them
// from any goroutine.
type CacheSnapshot struct {
	Gen        uint64 // increases with every change applied
	Links      []LinkView
	Addrs      []AddrView
	Routes     []RouteView
	Neighbours []NeighView
	Rules      []RuleView
	Nexthops   []NexthopView
}

// Snapshot returns every table at one moment (in no particular order).
// It allocates the slices; the messages are shared, not copied, but for
// the routes, rebuilt as owned copies (see GetRoutes).
func (c *Cache) Snapshot() CacheSnapshot {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return CacheSnapshot{
		Gen:        c.gen,
		Links:      views[LinkView](c.tabs[kLink]),
		Addrs:      views[AddrView](c.tabs[kAddr]),
		Routes:     c.routes.views(),
		Neighbours: views[NeighView](c.tabs[kNeigh]),
		Rules:      views[RuleView](c.tabs[kRule]),
		Nexthops:   views[NexthopView](c.tabs[kNexthop]),
	}
}

func views[V view](tab map[string]*codec.Msg) []V {
	out := make([]V, 0, len(tab))
	for _, m := range tab {
		out = append(out, V{m: m})
	}
	return out
}

// GetLinks returns the links (owned views, in no particular order).
func (c *Cache) GetLinks() []LinkView { return cacheTable[LinkView](c, kLink) }

// GetAddrs returns the addresses.
func (c *Cache) GetAddrs() []AddrView { return cacheTable[AddrView](c, kAddr) }

// GetRoutes returns the routes. The cache stores routes compactly
// (shapes shared, no heap object per route), so GetRoutes rebuilds an
// owned copy of every route: about 700 B each, in two allocations. To
// read a large table, prefer RangeRoutes, which allocates nothing.
func (c *Cache) GetRoutes() []RouteView {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.routes.views()
}

// GetNeighbours returns the neighbours.
func (c *Cache) GetNeighbours() []NeighView { return cacheTable[NeighView](c, kNeigh) }

// GetRules returns the rules.
func (c *Cache) GetRules() []RuleView { return cacheTable[RuleView](c, kRule) }

// GetNexthops returns the next-hop objects.
func (c *Cache) GetNexthops() []NexthopView { return cacheTable[NexthopView](c, kNexthop) }

func cacheTable[V view](c *Cache, k cacheKind) []V {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return views[V](c.tabs[k])
}

// Link returns the link with index idx, if the cache has it.
func (c *Cache) Link(idx int) (LinkView, bool) {
	var b [4]byte
	binary.NativeEndian.PutUint32(b[:], uint32(idx))
	c.mu.RLock()
	defer c.mu.RUnlock()
	m, ok := c.tabs[kLink][string(b[:])]
	return LinkView{m}, ok
}

// Len returns how many objects of kind (a name of [CacheKindNames]) the cache
// holds.
func (c *Cache) Len(kind string) int {
	k := kindIndex(kind)
	if k < 0 {
		return 0
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if k == kRoute {
		return c.routes.len()
	}
	return len(c.tabs[k])
}

// KeyOf returns the identity key the cache gives an object of kind (see
// Cache), for comparing a cache with a dump; false for an object the
// cache does not keep. It allocates the key.
func KeyOf(kind string, m *codec.Msg) (string, bool) {
	k := kindIndex(kind)
	if k < 0 {
		return "", false
	}
	var c Cache
	key, ok := c.keyOf(k, m)
	return string(key), ok
}
