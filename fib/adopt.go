package fib

import (
	"context"
	"fmt"
	"net/netip"
	"slices"

	"github.com/nlroute/nlroute/rtnl"
)

// adopt reads the kernel's state at New: the nexthop objects (deciding
// the mode), then the table's routes.
func (f *FIB) adopt(ctx context.Context) error {
	f.mode = NexthopInline
	if f.cfg.Nexthops != NexthopInline {
		err := f.adoptNexthops(ctx)
		switch {
		case err == nil:
			f.mode = NexthopObjects
		case f.cfg.Nexthops == NexthopObjects:
			return fmt.Errorf("fib: nexthop objects: %w", err)
		}
	}
	n := 0
	f.stats.Foreign = 0
	for _, fam := range f.families() {
		it := f.r.Routes(ctx, rtnl.Match{"family": fam, "table": uint32(f.cfg.Table)})
		for v := range it.All() {
			if f.adoptRoute(v) {
				n++
			}
		}
		if err := it.Err(); err != nil {
			return fmt.Errorf("fib: adopt: %w", err)
		}
	}
	f.stats.Stale = n
	for id := 1; id < len(f.nh.sets); id++ {
		if s := f.nh.sets[id]; !s.free && s.refs == 0 {
			f.nh.gcSets = append(f.nh.gcSets, uint32(id))
		}
	}
	return nil
}

func (f *FIB) families() []int {
	var fams []int
	if f.fam4 {
		fams = append(fams, afInet)
	}
	if f.fam6 {
		fams = append(fams, afInet6)
	}
	return fams
}

// ours reports whether v is a route of the FIB's key space (table,
// protocol, metric, unicast); foreign reports one of another protocol
// in the table, which it passes to OnForeign.
func (f *FIB) classify(v rtnl.RouteView) (p netip.Prefix, ours bool) {
	p = v.Dst()
	if !p.IsValid() || v.Table() != f.cfg.Table || v.Type() != rtnl.RouteUnicast || v.SrcLen() != 0 || v.TOS() != 0 {
		return p, false
	}
	if v.Proto() != f.cfg.Protocol {
		f.stats.Foreign++
		if f.cfg.OnForeign != nil {
			f.cfg.OnForeign(Foreign{Prefix: p, Proto: v.Proto(), Metric: v.Priority()})
		}
		return p, false
	}
	return p, v.Priority() == f.metric(!p.Addr().Is4())
}

// kernelSet returns the set a kernel route uses (0 when unknown, which
// is different from every set) and whether it is in the FIB's form.
func (f *FIB) kernelSet(v rtnl.RouteView, intern bool) (uint32, bool) {
	if id := v.NHID(); id != 0 {
		s := f.nh.setOfGID(id)
		return s, s != 0 && f.mode == NexthopObjects
	}
	hops := f.nh.hopBuf[:0]
	it := v.Multipath()
	for it.Next() {
		h := it.Hop()
		hops = append(hops, Nexthop{Gateway: h.Gateway(), Ifindex: h.OIF, Weight: uint16(h.Weight)})
	}
	if it.Err() != nil {
		return 0, false // malformed: unlike any set, so it is rewritten
	}
	if len(hops) == 0 {
		hops = append(hops, Nexthop{Gateway: v.Gateway(), Ifindex: v.OIF(), Weight: 1})
	}
	f.nh.hopBuf = hops
	canon(hops)
	if !intern {
		return f.nh.lookup(hops), f.mode == NexthopInline
	}
	return f.nh.intern(hops), f.mode == NexthopInline
}

// adoptRoute takes a route of ours found at New as stale.
func (f *FIB) adoptRoute(v rtnl.RouteView) bool {
	p, ours := f.classify(v)
	if !ours {
		return false
	}
	set, form := f.kernelSet(v, true)
	e := entry{set: set, flags: flagInstalled | flagStale}
	if !form {
		e.flags |= flagMismatch
	}
	if old, had := f.tab.get(p); had {
		f.nh.unref(old.set)
	}
	f.nh.ref(set)
	f.tab.put(p, e)
	return true
}

// adoptNexthops reads the nexthop objects: ours are adopted (singles
// by gateway and interface, groups as sets), the others' ids avoided.
// An error means the kernel has no nexthop objects.
func (f *FIB) adoptNexthops(ctx context.Context) error {
	t := &f.nh
	type group struct {
		id      uint32
		members []rtnl.NexthopMember
	}
	var groups []group
	it := f.r.Nexthops(ctx)
	for v := range it.All() {
		id := v.ID()
		if v.Proto() != f.cfg.Protocol || v.Blackhole() {
			t.used[id] = true
			continue
		}
		if v.IsGroup() {
			g := group{id: id}
			for i := range v.Group() {
				mid, w := v.GroupMember(i)
				g.members = append(g.members, rtnl.NexthopMember{ID: mid, Weight: w})
			}
			groups = append(groups, g)
			continue
		}
		k := hopKey{v.Gateway(), v.OIF()}
		t.singles[k] = &single{id: id, oif: v.OIF(), live: true}
		t.byID[id] = k
	}
	if err := it.Err(); err != nil {
		return err
	}
	for _, g := range groups {
		f.adoptGroup(g.id, g.members)
	}
	return nil
}

// adoptGroup makes a set of one of our groups (an alias when another
// group has the same next hops); a group with a member
// that is not one of our singles is left to the GC (as a set of no
// routes it would not be found by a route anyway).
func (f *FIB) adoptGroup(gid uint32, members []rtnl.NexthopMember) {
	t := &f.nh
	type hm struct {
		h  Nexthop
		id uint32
	}
	var hs []hm
	for _, m := range members {
		k, ok := t.byID[m.ID]
		if !ok {
			t.used[gid] = true
			return
		}
		hs = append(hs, hm{Nexthop{Gateway: k.gw, Ifindex: k.oif, Weight: uint16(m.Weight)}, m.ID})
	}
	hops := make([]Nexthop, len(hs))
	for i := range hs {
		hops[i] = hs[i].h
	}
	canon(hops)
	// A group with the same next hops as one adopted already (which
	// ReplaceGateway leaves when a set takes the hops of another) is an
	// alias: its routes are equal to the set's and stay untouched; it is
	// deleted once no route uses it.
	var id uint32
	if t.lookup(hops) != 0 {
		id = t.alias(hops)
	} else {
		id = t.intern(hops)
	}
	s := t.sets[id]
	s.gid, s.live = gid, true
	t.byGID[gid] = id
	s.members = make([]uint32, len(hops))
	for i, h := range hops {
		j := slices.IndexFunc(hs, func(x hm) bool { return x.h == h })
		s.members[i] = hs[j].id
		t.singles[hopKey{h.Gateway, h.Ifindex}].refs++
	}
}
