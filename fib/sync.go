package fib

import (
	"context"
	"fmt"
	"iter"
	"net/netip"
	"time"

	"github.com/nlroute/nlroute/rtnl"
)

// check validates r and returns its next hops in canonical form (in a
// buffer reused by the next call), each with its interface (resolved
// from the gateway when r gives none).
func (f *FIB) check(ctx context.Context, r *Route) ([]Nexthop, error) {
	p := r.Prefix
	bad := func(field string, v any, why string) error {
		return &RouteError{Prefix: p, Field: field, Value: v, Reason: why}
	}
	switch {
	case !p.IsValid():
		return nil, bad("Prefix", p, "is not a valid prefix")
	case p.Addr().Zone() != "" || p.Addr().Is4In6():
		return nil, bad("Prefix", p, "is not a plain IPv4 or IPv6 prefix")
	case p.Masked() != p:
		return nil, bad("Prefix", p, "has host bits set (want "+p.Masked().String()+")")
	case p.Addr().Is4() && !f.fam4, p.Addr().Is6() && !f.fam6:
		return nil, bad("Prefix", p, "is of a family the FIB does not manage")
	case len(r.Nexthops) == 0:
		return nil, bad("Nexthops", "[]", "is empty: a route needs a next hop")
	}
	hops := append(f.nh.hopBuf[:0], r.Nexthops...)
	f.nh.hopBuf = hops
	for i := range hops {
		h := &hops[i]
		switch {
		case h.Weight > 256:
			return nil, bad("Nexthops.Weight", h.Weight, "is not in 1 … 256")
		case h.Ifindex < 0:
			return nil, bad("Nexthops.Ifindex", h.Ifindex, "is negative")
		case !h.Gateway.IsValid() && h.Ifindex == 0:
			return nil, bad("Nexthops", "{}", "has neither Gateway nor Ifindex")
		case h.Gateway.IsValid() && h.Gateway.Is4() != p.Addr().Is4():
			return nil, bad("Nexthops.Gateway", h.Gateway, "is not of the prefix's family")
		case h.Ifindex == 0:
			oif, err := f.resolve(ctx, h.Gateway)
			if err != nil {
				return nil, fmt.Errorf("fib: route %s: gateway %s: %w", p, h.Gateway, err)
			}
			h.Ifindex = oif
		}
	}
	canon(hops)
	for i := 1; i < len(hops); i++ {
		if hops[i].Gateway == hops[i-1].Gateway && hops[i].Ifindex == hops[i-1].Ifindex {
			return nil, bad("Nexthops", hops[i].Gateway, "is listed twice")
		}
	}
	return hops, nil
}

// resolve returns the interface the kernel would send to gw through,
// asked once per gateway (until the next resync).
func (f *FIB) resolve(ctx context.Context, gw netip.Addr) (int, error) {
	if oif, ok := f.resolved[gw]; ok {
		return oif, nil
	}
	v, err := f.r.RouteGet(ctx, rtnl.Route{Dst: netip.PrefixFrom(gw, gw.BitLen())})
	if err != nil {
		return 0, err
	}
	if v.OIF() == 0 || v.Type() != rtnl.RouteUnicast {
		return 0, fmt.Errorf("no interface reaches it (route type %v)", v.Type())
	}
	if f.resolved == nil {
		f.resolved = make(map[netip.Addr]int)
	}
	f.resolved[gw] = v.OIF()
	return v.OIF(), nil
}

// set writes route p with hops (canonical), unless the FIB has it so
// already; gen marks the entry. It reports whether it kept the route.
func (b *batch) set(p netip.Prefix, hops []Nexthop, gen uint16) bool {
	f := b.f
	old, had := f.tab.get(p)
	if had && old.flags&flagStale != 0 {
		f.stats.Stale--
	}
	if had && old.flags&flagInstalled != 0 && old.flags&flagMismatch == 0 && f.nh.sameKey(old.set, hops) {
		old.gen = gen
		old.flags &^= flagStale
		f.tab.put(p, old)
		return true
	}
	id := f.nh.intern(hops)
	f.nh.ref(id)
	op := OpAdd
	if had {
		f.nh.unref(old.set)
		if old.flags&flagInstalled != 0 {
			op = OpReplace
		}
	}
	f.tab.put(p, entry{set: id, gen: gen, flags: flagInstalled})
	b.writeRoute(op, p, id, old.set, false)
	return false
}

// remove deletes route p from the FIB and, when installed, the kernel.
func (b *batch) remove(p netip.Prefix, e entry) {
	f := b.f
	if e.flags&flagStale != 0 {
		f.stats.Stale--
	}
	f.tab.del(p)
	f.nh.unref(e.set)
	if e.flags&flagInstalled != 0 {
		b.writeRoute(OpDel, p, e.set, e.set, false)
	}
}

// fail records a route refused before anything was sent.
func (b *batch) fail(p netip.Prefix, op Op, err error) {
	pend := pending{prefix: p, op: op, kind: pendNone, err: err}
	b.settle(&pend)
}

func (f *FIB) nextGen() uint16 {
	f.gen++
	if f.gen == 0 {
		f.gen = 1
	}
	return f.gen
}

// Sync makes the kernel's routes of the FIB equal desired, with the
// fewest writes: it adds the missing routes, replaces the changed ones,
// deletes the others of its protocol (adopted stale ones included), and
// keeps the rest untouched. A route refused (by a check or the kernel)
// is counted in Failed and listed; the others proceed. The error is for
// the sync as a whole (the context, the connection); the Diff then
// counts what was done before it.
func (f *FIB) Sync(ctx context.Context, desired iter.Seq[Route]) (Diff, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	start := time.Now()
	var d Diff
	b, err := f.newBatch(ctx, 0, &d)
	if err != nil {
		return d, fmt.Errorf("fib: sync: %w", err)
	}
	gen := f.nextGen()
	b.gen = gen
	for r := range desired {
		hops, err := f.check(ctx, &r)
		if err != nil {
			b.fail(r.Prefix, OpAdd, err)
			continue
		}
		if b.set(r.Prefix, hops, gen) {
			d.Kept++
		}
	}
	f.tab.each(func(p netip.Prefix, e entry) bool {
		if e.gen != gen {
			b.remove(p, e)
		}
		return true
	})
	b.gc()
	err = b.finish()
	f.stats.LastSync = time.Since(start)
	if err != nil {
		return d, fmt.Errorf("fib: sync: %w", err)
	}
	return d, nil
}

// Plan is a dry run of Sync: the Diff Sync would make now (Changes lists
// the writes, with nil errors), and nothing written. Routes a check
// refuses count as Failed; the kernel's refusals cannot be foreseen.
func (f *FIB) Plan(ctx context.Context, desired iter.Seq[Route]) (Diff, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var d Diff
	list := func(r Result) {
		if f.cfg.DiffList < 0 || len(d.Changes) < f.cfg.DiffList {
			d.Changes = append(d.Changes, r)
		}
		if r.Err != nil && (f.cfg.DiffList < 0 || len(d.Failures) < f.cfg.DiffList) {
			d.Failures = append(d.Failures, r)
		}
	}
	gen := f.nextGen()
	for r := range desired {
		hops, err := f.check(ctx, &r)
		if err != nil {
			d.Failed++
			list(Result{Prefix: r.Prefix, Op: OpAdd, Err: err})
			continue
		}
		e, had := f.tab.get(r.Prefix)
		switch {
		case had && e.gen == gen:
		case had && e.flags&flagInstalled != 0 && e.flags&flagMismatch == 0 && f.nh.sameKey(e.set, hops):
			d.Kept++
		case had && e.flags&flagInstalled != 0:
			d.Replaced++
			list(Result{Prefix: r.Prefix, Op: OpReplace})
		default:
			d.Added++
			list(Result{Prefix: r.Prefix, Op: OpAdd})
		}
		if had {
			e.gen = gen
			f.tab.put(r.Prefix, e)
		}
	}
	f.tab.each(func(p netip.Prefix, e entry) bool {
		if e.gen != gen && e.flags&flagInstalled != 0 {
			d.Deleted++
			list(Result{Prefix: p, Op: OpDel})
		}
		return true
	})
	return d, ctx.Err()
}

// Update applies announcements and withdrawals. Changes to one prefix
// are coalesced: only the last counts. A withdrawal of a route the FIB
// does not have is no change. Errors as for Sync.
func (f *FIB) Update(ctx context.Context, changes iter.Seq[Change]) (Diff, error) {
	last := make(map[netip.Prefix]Change)
	order := make([]netip.Prefix, 0, 16)
	for c := range changes {
		if _, ok := last[c.Route.Prefix]; !ok {
			order = append(order, c.Route.Prefix)
		}
		c.Route.Nexthops = append([]Nexthop(nil), c.Route.Nexthops...)
		last[c.Route.Prefix] = c
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var d Diff
	b, err := f.newBatch(ctx, 4*len(order)+16, &d)
	if err != nil {
		return d, fmt.Errorf("fib: update: %w", err)
	}
	gen := f.gen
	b.gen = gen
	for _, p := range order {
		c := last[p]
		if c.Withdraw {
			if e, had := f.tab.get(p); had {
				b.remove(p, e)
			}
			continue
		}
		hops, err := f.check(ctx, &c.Route)
		if err != nil {
			b.fail(p, OpAdd, err)
			continue
		}
		if b.set(p, hops, gen) {
			d.Kept++
		}
	}
	b.gc()
	if err := b.finish(); err != nil {
		return d, fmt.Errorf("fib: update: %w", err)
	}
	return d, nil
}
