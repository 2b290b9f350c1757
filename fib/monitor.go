package fib

import (
	"context"
	"fmt"
	"net/netip"
	"slices"

	"github.com/nlroute/nlroute/rtnl"
)

const iffUpRunning = 0x1 | 0x10000 // IFF_UP | IFF_LOWER_UP

// startMonitor binds the monitor (before New reads the table, so that
// nothing between the read and the first event is missed) and starts
// its goroutine.
func (f *FIB) startMonitor(ctx context.Context) error {
	groups := []string{"link"}
	if f.fam4 {
		groups = append(groups, "ipv4_route")
	}
	if f.fam6 {
		groups = append(groups, "ipv6_route")
	}
	ctx, cancel := context.WithCancel(ctx)
	mon, err := f.r.Bind(ctx, rtnl.MonitorConfig{Groups: groups, ReadBuffer: f.cfg.MonitorReadBuffer, Filter: f.monitorFilter()})
	if err != nil {
		cancel()
		return fmt.Errorf("fib: monitor: %w", err)
	}
	f.mon, f.cancel, f.done = mon, cancel, make(chan struct{})
	go f.watch(ctx)
	return nil
}

// monitorFilter is the monitor's socket filter: the kernel drops the
// notifications of the FIB's own writes (by the port of its IPRoute's
// connection, unless MonitorOwnWrites) and of routes of other tables.
// Link notifications pass.
func (f *FIB) monitorFilter() *rtnl.EventFilter {
	flt := &rtnl.EventFilter{Tables: []uint32{uint32(f.cfg.Table)}}
	// Port 0 is the kernel's own notifications (a link going down takes
	// its routes): never dropped.
	if port := f.r.Conn().PortID(); port != 0 && !f.cfg.MonitorOwnWrites {
		flt.DropPortIDs = []uint32{port}
	}
	return flt
}

// watch applies the monitor's events until Close. It never waits for
// the FIB while a Sync holds it: a route event that finds the FIB busy
// is queued (copied) for the worker, and resyncs (after an overrun or a
// link change) are asked of the worker, which coalesces them into one
// run after the Sync, whose dump then sees its writes done. So the
// monitor goes on reading, and does not overrun for waiting.
func (f *FIB) watch(ctx context.Context) {
	defer close(f.done)
	w := newWorker(f, ctx)
	defer w.stop()
	links := make(map[int]uint32)
	for f.mon.Next() {
		ev := f.mon.Event()
		if ev.IsOverrun() {
			w.overruns.Add(1)
			w.askResync()
			continue
		}
		if l, ok := ev.Link(); ok {
			up, seen := links[l.Index()]
			now := l.Flags() & iffUpRunning
			if ev.IsDel() {
				delete(links, l.Index())
			} else {
				links[l.Index()] = now
			}
			if !seen || up != now || ev.IsDel() {
				w.askResync()
			}
			continue
		}
		if _, ok := ev.Route(); ok {
			w.route(ev)
		}
	}
	f.monErr = f.mon.Err() // nil after Close, the context's error after a cancel
}

// routeEvent checks one route notification against the FIB.
func (f *FIB) routeEvent(ctx context.Context, v rtnl.RouteView, del bool) {
	p := v.Dst()
	if !p.IsValid() || v.Table() != f.cfg.Table || v.Type() != rtnl.RouteUnicast || v.Priority() != f.metric(!p.Addr().Is4()) {
		return
	}
	e, had := f.tab.get(p)
	ours := v.Proto() == f.cfg.Protocol
	if !had {
		if ours && !del {
			f.extra(ctx, p) // a route of our protocol the FIB does not have
		}
		return
	}
	switch {
	case del && (!ours || e.flags&flagInstalled == 0):
		return
	case !del && ours:
		set, form := f.kernelSet(v, false)
		if form && f.nh.sameSet(set, e.set) {
			if e.flags&(flagInstalled|flagMismatch) != flagInstalled {
				e.flags = e.flags&^flagMismatch | flagInstalled
				f.tab.put(p, e)
			}
			return
		}
	case !del && e.flags&flagInstalled == 0:
		return // a foreign route where ours could not go
	}
	f.interfere(ctx, []netip.Prefix{p}, del, nil)
}

// interfere reports outside changes to routes of the FIB (deleted, or
// changed) and restores them, or marks them not installed.
func (f *FIB) interfere(ctx context.Context, ps []netip.Prefix, deleted bool, b *batch) {
	restore := f.cfg.Interference == InterferenceRestore
	for _, p := range ps {
		f.stats.Interferences++
		if f.cfg.OnInterference != nil {
			f.cfg.OnInterference(Interference{Prefix: p, Deleted: deleted, Restored: restore})
		}
	}
	if !restore {
		for _, p := range ps {
			if e, ok := f.tab.get(p); ok {
				e.flags &^= flagInstalled
				f.tab.put(p, e)
			}
		}
		return
	}
	own := b == nil
	if own {
		var d Diff
		var err error
		if b, err = f.newBatch(ctx, 4*len(ps)+16, &d); err != nil {
			return
		}
	}
	for _, p := range ps {
		if e, ok := f.tab.get(p); ok {
			e.flags = e.flags&^flagMismatch | flagInstalled
			f.tab.put(p, e)
			b.writeRoute(OpReplace, p, e.set, e.set, true)
		}
	}
	if own {
		b.finish()
	}
}

// extra reports a route of our protocol that the FIB does not have and,
// restoring, deletes it.
func (f *FIB) extra(ctx context.Context, p netip.Prefix) {
	f.stats.Interferences++
	restore := f.cfg.Interference == InterferenceRestore
	if f.cfg.OnInterference != nil {
		f.cfg.OnInterference(Interference{Prefix: p, Restored: restore})
	}
	if !restore {
		return
	}
	var d Diff
	b, err := f.newBatch(ctx, 16, &d)
	if err != nil {
		return
	}
	b.writeRoute(OpDel, p, 0, 0, true)
	b.finish()
}

// resync compares a dump of the table (and of the nexthop objects) with
// the FIB, after an overrun or a link change, and repairs the
// differences: missing routes and groups are made again, changed ones
// replaced, and routes of our protocol the FIB does not have deleted.
func (f *FIB) resync(ctx context.Context) {
	f.stats.Resyncs++
	clear(f.resolved)
	var d Diff
	b, err := f.newBatch(ctx, 0, &d)
	if err != nil {
		return
	}
	defer b.finish()
	if f.mode == NexthopObjects {
		f.checkNexthops(ctx)
		if f.cfg.Interference == InterferenceRestore {
			for id, s := range f.nh.sets {
				if !s.free && s.refs > 0 && !s.live {
					b.ensureSet(uint32(id))
				}
			}
		}
	}
	var changed, extra []netip.Prefix
	f.stats.Foreign = 0
	for _, fam := range f.families() {
		it := f.r.Routes(ctx, rtnl.Match{"family": fam, "table": uint32(f.cfg.Table)})
		for v := range it.All() {
			changed, extra = f.resyncRoute(v, changed, extra)
		}
		if it.Err() != nil {
			f.clearSeen()
			return
		}
	}
	var missing []netip.Prefix
	f.tab.each(func(p netip.Prefix, e entry) bool {
		if e.flags&flagSeen == 0 {
			missing = append(missing, p)
		}
		return true
	})
	f.clearSeen()
	f.interfere(ctx, changed, false, b)
	f.interfere(ctx, missing, true, b)
	if f.cfg.Interference == InterferenceRestore {
		for _, p := range extra {
			b.writeRoute(OpDel, p, 0, 0, true)
		}
	}
}

// resyncRoute compares one dumped route with the FIB.
func (f *FIB) resyncRoute(v rtnl.RouteView, changed, extra []netip.Prefix) ([]netip.Prefix, []netip.Prefix) {
	p, ours := f.classify(v)
	if !p.IsValid() {
		return changed, extra
	}
	e, had := f.tab.get(p)
	if !ours {
		if had && v.Priority() == f.metric(!p.Addr().Is4()) && v.Type() == rtnl.RouteUnicast && v.Table() == f.cfg.Table {
			e.flags |= flagSeen
			f.tab.put(p, e)
			if e.flags&flagInstalled != 0 {
				changed = append(changed, p) // a foreign route took our place
			}
		}
		return changed, extra
	}
	if !had {
		return changed, append(extra, p)
	}
	e.flags |= flagSeen
	set, form := f.kernelSet(v, false)
	if form && f.nh.sameSet(set, e.set) {
		e.flags = e.flags&^flagMismatch | flagInstalled
	} else {
		changed = append(changed, p)
	}
	f.tab.put(p, e)
	return changed, extra
}

func (f *FIB) clearSeen() {
	f.tab.each(func(p netip.Prefix, e entry) bool {
		if e.flags&flagSeen != 0 {
			e.flags &^= flagSeen
			f.tab.put(p, e)
		}
		return true
	})
}

// checkNexthops marks the singles and groups the kernel no longer has
// (or has with other members) as not live.
func (f *FIB) checkNexthops(ctx context.Context) {
	t := &f.nh
	singles := make(map[uint32]bool)
	groups := make(map[uint32][]uint32)
	it := f.r.Nexthops(ctx)
	for v := range it.All() {
		if v.IsGroup() {
			var m []uint32
			for i := range v.Group() {
				id, _ := v.GroupMember(i)
				m = append(m, id)
			}
			slices.Sort(m)
			groups[v.ID()] = m
		} else {
			singles[v.ID()] = true
		}
	}
	if it.Err() != nil {
		return
	}
	for _, sg := range t.singles {
		if !singles[sg.id] {
			sg.live = false
		}
	}
	for _, s := range t.sets {
		if s.free || s.gid == 0 {
			continue
		}
		want := slices.Clone(s.members)
		slices.Sort(want)
		if got, ok := groups[s.gid]; !ok || !slices.Equal(got, want) {
			s.live = false
		}
	}
}
