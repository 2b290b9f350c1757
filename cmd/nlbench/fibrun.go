package main

// The fib workload: the phases, run tool by tool, each tool in its own
// namespace of the same shape (fibns.go) on the same generated table
// (fibtable.go).
//
//	a-empty    the table into an empty namespace: time until the tool
//	           has it acked (BIRD: until the monitor saw all N), then a
//	           dump checks that all N are there
//	a-slash32  the C sender's routes (N /32s on one gateway), nlroute and C
//	b-churn    10,000 updates on distinct prefixes (a third move, a
//	           third withdrawn, a third announced), all issued at once;
//	           p50/p99 from an update's issue to its kernel notification
//	c-peerdown every route via peer 1 moves off it; time until the tool
//	           is done (BIRD: until every moved route was notified), then
//	           a dump checks that no route goes via the peer
//	d-restart  the tool restarts on the same desired set: its route
//	           notifications (changes) must be 0; d-restart-1pct then
//	           restarts it on a set 1 % different: changes must be the diff

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/nlroute/nlroute/rtnl"
)

const defaultFibRoutes = 1000000

// fibDriver is one tool under the fib workload, in its own namespace.
type fibDriver interface {
	// load puts routes into the empty table (phase a).
	load(ctx context.Context, routes []fibEntry, w *fibWatch) (Result, error)
	// apply makes the changes, after being the whole desired set
	// afterwards; it records when it issued change i in issued[i]
	// (since w's mark) when it issues them one by one, and returns when
	// the kernel has them.
	apply(ctx context.Context, cs []fibChange, after []fibEntry, w *fibWatch, issued []time.Duration) (Result, error)
	// down takes peer away: cs are the routes that move, after the
	// desired set afterwards (a daemon that can says only "peer gone").
	down(ctx context.Context, peer int, cs []fibChange, after []fibEntry, w *fibWatch, issued []time.Duration) (Result, error)
	// restart stops the tool and starts it again on routes (phase d);
	// errFibSkip when the tool keeps no state to restart.
	restart(ctx context.Context, routes []fibEntry, w *fibWatch) (Result, error)
	proto() rtnl.RouteProtocol
	close()
}

// errFibSkip is what a driver returns for a phase it does not do.
var errFibSkip = fmt.Errorf("phase does not apply")

// fibExtra is what the fib table shows beyond a Result.
type fibExtra struct {
	changes, nexthops int64
	p50, p99          time.Duration
	hasLat            bool
}

// fibPlan is the table and the desired sets of the phases.
type fibPlan struct {
	t                   *fibTable
	churn, down         []fibChange
	afterChurn, afterDn []fibEntry
	diffSet             []fibEntry
	diffN               int
}

func newFibPlan(n int, seed uint64) *fibPlan {
	t := genTable(n, fibChurn/3+n/300+4, seed)
	p := &fibPlan{t: t}
	p.churn, p.afterChurn = t.churn(fibChurn, seed)
	p.down, p.afterDn = t.peerDown(p.afterChurn, 0)
	var a, r, d int
	p.diffSet, a, r, d = t.diff(p.afterDn, 1, seed)
	p.diffN = a + r + d
	return p
}

// fib runs the workload: nlroute, then the --compare peers.
func (e *env) fib(ctx context.Context, n int, emit func(Result)) error {
	if e.o.family != "inet" {
		return fmt.Errorf("the fib workload is IPv4 only")
	}
	e.bar.start(fmt.Sprintf("fib: generating %d routes", n))
	p := newFibPlan(n, e.o.seed)
	e.bar.done()
	tools := []string{"nlroute"}
	if e.o.compareBird {
		tools = append(tools, "bird")
	}
	if e.o.compareIP {
		tools = append(tools, "ip")
	}
	for _, tool := range tools {
		if err := e.fibTool(ctx, tool, p, emit); err != nil {
			return fmt.Errorf("%s: %w", tool, err)
		}
	}
	if e.o.compareC {
		return e.fibSlash32(ctx, n, emit)
	}
	return nil
}

// newFibDriver makes tool's driver in ns.
func (e *env) newFibDriver(tool string, ns *fibNS, t *fibTable) (fibDriver, error) {
	switch tool {
	case "nlroute":
		return newNlrouteFib(ns, t, e.o.fibMode, e.o.nhCompat)
	case "bird":
		b, err := newBird(ns, t)
		if err != nil {
			return nil, err
		}
		return &birdDriver{b}, nil
	case "ip":
		return &ipFib{ns: ns, t: t}, nil
	}
	return nil, fmt.Errorf("no fib driver %q", tool)
}

// fibTool runs the phases through one tool in a namespace of its own.
func (e *env) fibTool(ctx context.Context, tool string, p *fibPlan, emit func(Result)) error {
	ns, err := newFibNS(tool, e.o.nhCompat)
	if err != nil {
		return err
	}
	defer ns.close()
	d, err := e.newFibDriver(tool, ns, p.t)
	if err == errFibSkip {
		return nil
	}
	if err != nil {
		return err
	}
	defer d.close()
	ph := fibPhaser{e: e, ns: ns, d: d, t: p.t, tool: tool, emit: emit}
	// A daemon is watched from the start (the monitor is how its end is
	// seen); a synchronous tool loads unwatched, as the C sender does, so
	// the monitor's work is not in its figures.
	watch := func() error {
		w, err := ns.watch(ctx)
		ph.w = w
		return err
	}
	if _, async := d.(*birdDriver); async {
		if err := watch(); err != nil {
			return err
		}
		defer ph.w.close()
	}
	if err := ph.load(ctx, "fib/a-empty", p.t.routes); err != nil {
		return err
	}
	if ph.w == nil {
		if err := watch(); err != nil {
			return err
		}
		defer ph.w.close()
	}
	if err := ph.apply(ctx, "fib/b-churn", p.churn, p.afterChurn, -1); err != nil {
		return err
	}
	if err := ph.apply(ctx, "fib/c-peerdown", p.down, p.afterDn, 0); err != nil {
		return err
	}
	if err := ph.restart(ctx, "fib/d-restart", p.afterDn, 0); err != nil {
		return err
	}
	return ph.restart(ctx, "fib/d-restart-1pct", p.diffSet, int64(p.diffN))
}

// fibPhaser runs the phases of one tool and emits their results.
type fibPhaser struct {
	e    *env
	ns   *fibNS
	d    fibDriver
	t    *fibTable
	w    *fibWatch
	tool string
	emit func(Result)
}

// finish fills r's common fields, records the extras and emits it.
func (ph *fibPhaser) finish(r Result, name string, n int, x fibExtra) {
	r.Workload, r.Tool, r.N, r.Family = name, ph.tool, n, "inet"
	if r.Seconds > 0 {
		r.RatePerS = float64(n) / r.Seconds
	}
	x.changes, x.nexthops = -1, -1
	if ph.w != nil {
		x.changes, x.nexthops = ph.w.changes()
		r.Note = joinNote(r.Note, fmt.Sprintf("%d route and %d nexthop notifications", x.changes, x.nexthops))
	}
	if x.hasLat {
		r.Note = joinNote(r.Note, fmt.Sprintf("p50 %v, p99 %v from issue to notification", x.p50, x.p99))
	}
	ph.e.fibExtra(name, ph.tool, x)
	ph.emit(r)
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func (ph *fibPhaser) load(ctx context.Context, name string, routes []fibEntry) error {
	ph.e.bar.start(name + " (" + ph.tool + ")")
	defer ph.e.bar.done()
	if ph.w != nil {
		ph.w.reset(false)
	}
	r, err := ph.d.load(ctx, routes, ph.w)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := ph.check(ctx, name, routes); err != nil {
		return err
	}
	ph.finish(r, name, len(routes), fibExtra{})
	return nil
}

// apply times changes (with peer ≥ 0: peer going down); a dump then
// checks the table is after.
func (ph *fibPhaser) apply(ctx context.Context, name string, cs []fibChange, after []fibEntry, peer int) error {
	ph.e.bar.start(name + " (" + ph.tool + ")")
	defer ph.e.bar.done()
	ph.w.reset(true)
	issued := make([]time.Duration, len(cs))
	var r Result
	var err error
	if peer >= 0 {
		r, err = ph.d.down(ctx, peer, cs, after, ph.w, issued)
	} else {
		r, err = ph.d.apply(ctx, cs, after, ph.w, issued)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	// Give the last notifications of a synchronous tool time to arrive.
	waitKeys(ctx, ph.w, cs, 2*time.Second)
	lat, lost := latencies(cs, issued, ph.w.recorded())
	if err := ph.check(ctx, name, after); err != nil {
		return err
	}
	x := fibExtra{hasLat: len(lat) > 0}
	if x.hasLat {
		x.p50, x.p99 = lat[len(lat)/2], lat[len(lat)*99/100]
	}
	r.Lost = lost
	if lost > 0 {
		r.Note = fmt.Sprintf("%d changes never notified (coalesced, or a nexthop object changed instead)", lost)
	}
	ph.finish(r, name, len(cs), x)
	return nil
}

// restart restarts the tool on routes and counts its route notifications
// against want.
func (ph *fibPhaser) restart(ctx context.Context, name string, routes []fibEntry, want int64) error {
	ph.e.bar.start(name + " (" + ph.tool + ")")
	defer ph.e.bar.done()
	ph.w.reset(false)
	r, err := ph.d.restart(ctx, routes, ph.w)
	if err == errFibSkip {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	ph.w.quiet(300*time.Millisecond, 10*time.Second)
	if err := ph.check(ctx, name, routes); err != nil {
		return err
	}
	got, _ := ph.w.changes()
	r.Note = joinNote(r.Note, fmt.Sprintf("want %d route changes", want))
	if got != want {
		r.Note += fmt.Sprintf(", got %d: MISSED", got)
	}
	ph.finish(r, name, len(routes), fibExtra{})
	return nil
}

// check dumps the table: it must hold exactly want, each route on its
// peers.
func (ph *fibPhaser) check(ctx context.Context, name string, want []fibEntry) error {
	bad, err := ph.ns.verify(ctx, ph.d.proto(), ph.t, want)
	if err != nil {
		return fmt.Errorf("%s: check: %w", name, err)
	}
	if bad != 0 {
		return fmt.Errorf("%s: a dump differs from the %d desired routes in %d", name, len(want), bad)
	}
	return nil
}

// waitKeys waits until w recorded a notification for every change (a
// deletion for a withdrawal), or limit passed; it returns the time of the
// last one since w's mark, and false when some never came.
func waitKeys(ctx context.Context, w *fibWatch, cs []fibChange, limit time.Duration) (time.Duration, bool) {
	pending := make(map[uint64]bool, len(cs))
	for _, c := range cs {
		pending[c.e.key()] = c.withdraw
	}
	end, seen := time.Now().Add(limit), 0
	var last time.Duration
	for len(pending) > 0 && time.Now().Before(end) && ctx.Err() == nil {
		w.mu.Lock()
		for _, ev := range w.events[seen:] {
			if del, ok := pending[ev.key]; ok && del == ev.del {
				delete(pending, ev.key)
				last = ev.at
			}
		}
		seen = len(w.events)
		w.mu.Unlock()
		if len(pending) > 0 {
			time.Sleep(2 * time.Millisecond)
		}
	}
	return last, len(pending) == 0
}

// latencies pairs each change with the first notification of its prefix
// (a deletion for a withdrawal) and returns the sorted delays from its
// issue, and how many changes had none.
func latencies(cs []fibChange, issued []time.Duration, evs []watchEvent) ([]time.Duration, int) {
	type seen struct{ add, del time.Duration }
	first := make(map[uint64]*seen, len(cs))
	for _, c := range cs {
		first[c.e.key()] = &seen{-1, -1}
	}
	for _, ev := range evs {
		s := first[ev.key]
		switch {
		case s == nil:
		case ev.del && s.del < 0:
			s.del = ev.at
		case !ev.del && s.add < 0:
			s.add = ev.at
		}
	}
	var lat []time.Duration
	lost := 0
	for i, c := range cs {
		s := first[c.e.key()]
		at := s.add
		if c.withdraw {
			at = s.del
		}
		if at < 0 {
			lost++
			continue
		}
		lat = append(lat, max(at-issued[i], 0))
	}
	slices.Sort(lat)
	return lat, lost
}
