package fib_test

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/nlroute/nlroute/fib"
	"github.com/nlroute/nlroute/rtnl"
)

// countRouteEvents counts the notifications of routes and nexthop
// objects of protocol 200 in the lab's namespace until the returned stop
// is called.
func (l *lab) countRouteEvents(t *testing.T) (stop func() (news, dels int64)) {
	t.Helper()
	ctx, cancel := context.WithCancel(l.ctx)
	mon, err := l.r.Bind(ctx, rtnl.MonitorConfig{Groups: []string{"ipv4_route", "ipv6_route", "nexthop"}})
	if err != nil {
		t.Fatal(err)
	}
	var n, d, marks atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for mon.Next() {
			ev := mon.Event()
			// Only protocol 200's: the kernel adds routes of its own
			// meanwhile (a link-local address finishing DAD).
			if r, ok := ev.Route(); ok && r.Proto() == 201 {
				marks.Add(1)
			} else if ok && r.Proto() == 200 && ev.IsDel() {
				d.Add(1)
			} else if ok && r.Proto() == 200 {
				n.Add(1)
			} else if nh, ok := ev.Nexthop(); ok && nh.Proto() == 200 {
				n.Add(1) // any nexthop change counts as a change
			}
		}
		if err := mon.Err(); err != nil && ctx.Err() == nil {
			t.Error(err)
		}
	}()
	var once sync.Once
	end := func() {
		once.Do(func() {
			cancel()
			mon.Close()
			<-done
		})
	}
	t.Cleanup(end) // also when the test fails before calling stop
	return func() (int64, int64) {
		// A marker route makes sure every earlier notification was read.
		marker := rtnl.Route{Dst: netip.MustParsePrefix("192.0.2.200/32"), OIF: l.ns.IfIndex(t, "v0"), Proto: 201}
		if err := l.r.RouteAdd(l.ctx, marker); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the marker's notification", func() bool { return marks.Load() > 0 })
		end()
		return n.Load(), d.Load()
	}
}

// TestGracefulRestart: a new FIB over a table a previous one filled
// adopts its routes and nexthop objects; syncing the same set makes no
// kernel change at all (no route or nexthop notification), then a set
// 1 % different makes exactly that diff.
func TestGracefulRestart(t *testing.T) {
	for _, mode := range []fib.NexthopMode{fib.NexthopObjects, fib.NexthopInline} {
		t.Run(mode.String(), func(t *testing.T) {
			requireMode(t, mode)
			l := newLab(t)
			var routes []fib.Route
			for i := range 300 {
				hops := []fib.Nexthop{gw(fmt.Sprintf("192.0.2.%d", 2+i%4))}
				if i%10 == 0 {
					hops = append(hops, gw("198.51.100.2"))
				}
				routes = append(routes, fib.Route{Prefix: netip.MustParsePrefix(fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)), Nexthops: hops})
			}
			routes = append(routes, rt("2001:db8:7::/48", gw("2001:db8::2"), gw("2001:db8:1::2")))
			cfg := fib.Config{Protocol: 200, Nexthops: mode}
			first, err := fib.New(l.ctx, l.r, cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { first.Close() }) // closing twice is harmless
			if d, err := first.Sync(l.ctx, seq(routes)); err != nil || d.Added != len(routes) {
				t.Fatal(d, err)
			}
			first.Close()

			stop := l.countRouteEvents(t)
			f := l.fib(t, cfg)
			if s := f.Stats(); s.Stale != len(routes) {
				t.Fatalf("adopted %d stale routes, want %d", s.Stale, len(routes))
			}
			d, err := f.Sync(l.ctx, seq(routes))
			if err != nil || !d.Equal() || d.Kept != len(routes) || d.Ops != 0 {
				t.Fatalf("restart sync: %v, %v", err, d)
			}
			if s := f.Stats(); s.Stale != 0 || s.Routes != len(routes) {
				t.Fatalf("after the restart sync: %+v", s)
			}
			if news, dels := stop(); news != 0 || dels != 0 {
				t.Fatalf("restart sync changed the kernel: %d new, %d del notifications", news, dels)
			}
			l.mustEqual(t, routes, 200)

			changed := slices.Clone(routes)
			changed[1] = rt(changed[1].Prefix.String(), gw("192.0.2.9"))
			changed[2] = rt("10.200.0.0/24", gw("192.0.2.2"))
			changed = slices.Delete(changed, 3, 4)
			d, err = f.Sync(l.ctx, seq(changed))
			if err != nil || d.Added != 1 || d.Replaced != 1 || d.Deleted != 2 || d.Failed != 0 {
				t.Fatalf("1%% sync: %v, %v", err, d.Changes)
			}
			l.mustEqual(t, changed, 200)
		})
	}
}

// TestNexthopGC: groups and single nexthop objects are shared by the
// routes with the same next hops, and deleted once no route uses them.
func TestNexthopGC(t *testing.T) {
	requireMode(t, fib.NexthopObjects)
	l := newLab(t)
	f := l.fib(t, fib.Config{Protocol: 200, Nexthops: fib.NexthopObjects})
	var routes []fib.Route
	for i := range 50 {
		routes = append(routes, rt(fmt.Sprintf("10.1.%d.0/24", i), gw("192.0.2.2"), gw("192.0.2.3")))
		routes = append(routes, rt(fmt.Sprintf("10.2.%d.0/24", i), gw("192.0.2.4")))
	}
	if d, err := f.Sync(l.ctx, seq(routes)); err != nil || d.Failed != 0 {
		t.Fatal(d, err)
	}
	// 3 singles and 2 groups for 100 routes.
	if n := l.nexthops(t, 200); n != 5 {
		t.Fatalf("%d nexthop objects, want 5", n)
	}
	if s := f.Stats(); s.NexthopSets != 2 {
		t.Fatalf("stats %+v", s)
	}
	// The ECMP routes leave: their group and its two singles go.
	if d, err := f.Sync(l.ctx, seq(routes[1:2])); err != nil || d.Deleted != 99 {
		t.Fatal(d, err)
	}
	if n := l.nexthops(t, 200); n != 2 {
		t.Fatalf("%d nexthop objects after the ECMP routes left, want 2", n)
	}
	if d, err := f.Sync(l.ctx, seq([]fib.Route{})); err != nil || d.Deleted != 1 {
		t.Fatal(d, err)
	}
	if n := l.nexthops(t, 200); n != 0 {
		t.Fatalf("%d nexthop objects after every route left, want 0", n)
	}
}

func (l *lab) nexthops(t *testing.T, proto rtnl.RouteProtocol) int {
	t.Helper()
	nhs, err := l.r.GetNexthops(l.ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, v := range nhs {
		if v.Proto() == proto {
			n++
		}
	}
	return n
}
