package fib

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
)

// ReplaceGateway takes the gateway old out of every next-hop set that
// holds it: a set left with other next hops keeps those, and a set that
// had only old takes the next hops of with (of its family; none: its
// routes are withdrawn). In objects mode this is one group replace per
// set, whatever the number of routes on it, so a peer going away costs a
// handful of kernel operations; inline, every route of the sets is
// replaced. Diff counts the routes moved as Replaced (and Ops the
// kernel requests).
func (f *FIB) ReplaceGateway(ctx context.Context, old netip.Addr, with []Nexthop) (Diff, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var d Diff
	with = slices.Clone(with)
	for i := range with {
		h := &with[i]
		if !h.Gateway.IsValid() && h.Ifindex == 0 || h.Weight > 256 || h.Gateway == old {
			return d, fmt.Errorf("fib: replace gateway: with[%d] %+v is not a usable next hop", i, *h)
		}
		if h.Ifindex == 0 {
			oif, err := f.resolve(ctx, h.Gateway)
			if err != nil {
				return d, fmt.Errorf("fib: replace gateway: with[%d] gateway %s: %w", i, h.Gateway, err)
			}
			h.Ifindex = oif
		}
		if slices.ContainsFunc(with[:i], func(x Nexthop) bool { return x.Gateway == h.Gateway && x.Ifindex == h.Ifindex }) {
			return d, fmt.Errorf("fib: replace gateway: with[%d] %s is listed twice", i, h.Gateway)
		}
	}
	b, err := f.newBatch(ctx, 0, &d)
	if err != nil {
		return d, fmt.Errorf("fib: replace gateway: %w", err)
	}
	moved := make(map[uint32]uint32) // set → its replacement (0: withdraw)
	for id, s := range f.nh.sets {
		if s.free || s.refs == 0 || !slices.ContainsFunc(s.hops, func(h Nexthop) bool { return h.Gateway == old }) {
			continue
		}
		hops := slices.DeleteFunc(slices.Clone(s.hops), func(h Nexthop) bool { return h.Gateway == old })
		if len(hops) == 0 {
			for _, h := range with {
				if !h.Gateway.IsValid() || h.Gateway.Is6() == s.v6 {
					hops = append(hops, h)
				}
			}
		}
		canon(hops)
		switch {
		case len(hops) == 0:
			moved[uint32(id)] = 0
		case f.mode == NexthopObjects:
			d.Replaced += s.refs
			f.regroup(b, uint32(id), hops)
		default:
			moved[uint32(id)] = f.nh.intern(hops)
		}
	}
	if len(moved) > 0 {
		f.moveRoutes(b, moved)
	}
	b.gc()
	if err := b.finish(); err != nil {
		return d, fmt.Errorf("fib: replace gateway: %w", err)
	}
	return d, nil
}

// regroup gives set id new hops in place: its group is replaced, so
// its routes move without being written.
func (f *FIB) regroup(b *batch, id uint32, hops []Nexthop) {
	t := &f.nh
	s := t.sets[id]
	for i, m := range s.members {
		if m != 0 {
			t.unrefSingle(hopKey{s.hops[i].Gateway, s.hops[i].Ifindex})
		}
	}
	if t.byKey[s.key] == id {
		delete(t.byKey, s.key)
	}
	s.hops = hops
	s.key = string(appendKey(nil, hops))
	if _, taken := t.byKey[s.key]; !taken {
		t.byKey[s.key] = id
	}
	s.members, s.live = nil, false
	if err := b.ensureSet(id); err != nil {
		b.fail(netip.Prefix{}, OpReplace, err)
	}
}

// moveRoutes rewrites (or withdraws) every route of the sets in moved.
func (f *FIB) moveRoutes(b *batch, moved map[uint32]uint32) {
	f.tab.each(func(p netip.Prefix, e entry) bool {
		to, ok := moved[e.set]
		switch {
		case !ok:
		case to == 0:
			b.remove(p, e)
		default:
			f.nh.ref(to)
			f.nh.unref(e.set)
			from, op := e.set, OpAdd
			if e.flags&flagInstalled != 0 {
				op = OpReplace
			}
			e.set, e.flags = to, e.flags|flagInstalled
			f.tab.put(p, e)
			b.writeRoute(op, p, to, from, false)
		}
		return true
	})
}
