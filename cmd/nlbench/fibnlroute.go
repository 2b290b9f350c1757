package main

// nlroute in the fib workload: the fib package, as a route daemon would
// embed it, on a connection of its own in the tool's namespace.

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"time"

	"github.com/nlroute/nlroute/fib"
	"github.com/nlroute/nlroute/rtnl"
)

// nlrouteFib drives a fib.FIB; restart closes it and makes a new one.
type nlrouteFib struct {
	ns  *fibNS
	t   *fibTable
	ipr *rtnl.IPRoute
	f   *fib.FIB
	nhs [][]fib.Nexthop // per peer set of t
	im  fib.InterferenceMode
	nc  fib.NexthopCompat
}

// newNlrouteFib dials the tool's namespace. The FIB runs as a daemon on
// nexthop objects should (ARCHITECTURE.md, "The FIB"): with
// fib.NexthopCompatOff, net.ipv4.nexthop_compat_mode 0 in its namespace,
// unless --nexthop-compat-mode 1 asks for the kernel's notifications of
// every route over a replaced group (then the FIB leaves the setting).
func newNlrouteFib(ns *fibNS, t *fibTable, mode string, nhCompat int) (fibDriver, error) {
	im := map[string]fib.InterferenceMode{"restore": fib.InterferenceRestore, "report": fib.InterferenceReport, "off": fib.InterferenceOff}[mode]
	ipr, err := rtnl.Dial(rtnl.Config{NetNS: ns.name})
	if err != nil {
		return nil, err
	}
	d := &nlrouteFib{ns: ns, t: t, ipr: ipr, im: im, nc: fib.NexthopCompatOff}
	if nhCompat == 1 {
		d.nc = fib.NexthopCompatLeave
	}
	for _, s := range t.sets {
		hops := make([]fib.Nexthop, len(s))
		for i, p := range s {
			hops[i] = fib.Nexthop{Gateway: fibPeer(int(p)), Ifindex: ns.oif, Weight: 1}
		}
		d.nhs = append(d.nhs, hops)
	}
	return d, nil
}

// fibNlrouteRows are the rows nlroute adds to the fib workload.
func fibNlrouteRows() []string {
	return []string{"fib/a-empty nlroute", "fib/b-churn nlroute", "fib/c-peerdown nlroute",
		"fib/d-restart nlroute", "fib/d-restart-1pct nlroute"}
}

func (d *nlrouteFib) proto() rtnl.RouteProtocol { return rtnl.ProtoStatic }

func (d *nlrouteFib) close() {
	if d.f != nil {
		d.f.Close()
	}
	d.ipr.Close()
}

// open makes the FIB: the main table, protocol static, IPv4, nexthop
// objects where the kernel has them (compat mode as newNlrouteFib says),
// and the monitor of outside changes as --fib-interference says
// (restore, a daemon's default).
func (d *nlrouteFib) open(ctx context.Context) error {
	f, err := fib.New(ctx, d.ipr, fib.Config{Protocol: rtnl.ProtoStatic, Families: []int{syscall.AF_INET},
		Nexthops: fib.NexthopAuto, Interference: d.im, MonitorReadBuffer: 64 << 20, NexthopCompat: d.nc})
	d.f = f
	return err
}

func (d *nlrouteFib) route(e fibEntry) fib.Route {
	return fib.Route{Prefix: e.prefix(), Nexthops: d.nhs[e.set]}
}

// diffErr is the error of a diff with failures.
func diffErr(diff fib.Diff, err error) error {
	if err == nil && diff.Failed > 0 {
		err = fmt.Errorf("%d routes failed, the first: %v", diff.Failed, diff.Failures)
	}
	return err
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// openSync makes the FIB (New adopts what the table holds) and syncs
// routes, timed together.
func (d *nlrouteFib) openSync(ctx context.Context, routes []fibEntry) (Result, fib.Diff, error) {
	m := startMeter()
	err := d.open(ctx)
	var diff fib.Diff
	if err == nil {
		diff, err = d.f.Sync(ctx, seqOf(routes, d.route))
	}
	return m.stop("", len(routes)), diff, err
}

func (d *nlrouteFib) load(ctx context.Context, routes []fibEntry, _ *fibWatch) (Result, error) {
	heap0 := heapInUse()
	r, diff, err := d.openSync(ctx, routes)
	if err := diffErr(diff, err); err != nil {
		return r, err
	}
	st := d.f.Stats()
	r.Note = fmt.Sprintf("fib.New + Sync (%s nexthops, %d sets, %d kernel requests); FIB heap %.1f MiB after GC; RSS is nlbench's, with the 8 B/route desired set",
		st.Nexthops, st.NexthopSets, diff.Ops, float64(heapInUse()-min(heap0, heapInUse()))/(1<<20))
	return r, nil
}

func (d *nlrouteFib) apply(ctx context.Context, cs []fibChange, _ []fibEntry, w *fibWatch, issued []time.Duration) (Result, error) {
	changes := func(yield func(fib.Change) bool) {
		for i, c := range cs {
			issued[i] = time.Since(w.mark)
			if !yield(fib.Change{Route: d.route(c.e), Withdraw: c.withdraw}) {
				return
			}
		}
	}
	m := startMeter()
	diff, err := d.f.Update(ctx, changes)
	r := m.stop("", len(cs))
	st := d.f.Stats()
	r.Note = fmt.Sprintf("fib.Update: %d added, %d replaced, %d deleted, %d kernel requests; the FIB's monitor so far: %d overruns, %d resyncs",
		diff.Added, diff.Replaced, diff.Deleted, diff.Ops, st.Overruns, st.Resyncs)
	return r, diffErr(diff, err)
}

// down takes the peer away with FIB.ReplaceGateway: its single-peer
// routes go to the next peer, the ECMP sets lose it.
func (d *nlrouteFib) down(ctx context.Context, peer int, cs []fibChange, _ []fibEntry, w *fibWatch, issued []time.Duration) (Result, error) {
	next := fib.Nexthop{Gateway: fibPeer((peer + 1) % fibPeers), Ifindex: d.ns.oif, Weight: 1}
	m := startMeter()
	diff, err := d.f.ReplaceGateway(ctx, fibPeer(peer), []fib.Nexthop{next})
	r := m.stop("", len(cs))
	r.Note = fmt.Sprintf("fib.ReplaceGateway: %d routes moved, %d kernel requests", diff.Replaced, diff.Ops)
	return r, diffErr(diff, err)
}

// restart closes the FIB (its routes stay) and times a new one adopting
// the table and syncing routes.
func (d *nlrouteFib) restart(ctx context.Context, routes []fibEntry, _ *fibWatch) (Result, error) {
	if err := d.f.Close(); err != nil {
		return Result{}, err
	}
	d.f = nil
	r, diff, err := d.openSync(ctx, routes)
	r.Note = fmt.Sprintf("fib.New (adopts) + Sync: %d added, %d replaced, %d deleted, %d kept, %d kernel requests",
		diff.Added, diff.Replaced, diff.Deleted, diff.Kept, diff.Ops)
	return r, diffErr(diff, err)
}
