package fib_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nlroute/nlroute/fib"
)

// TestSyncUnreachableGateway: a route over a gateway no interface
// reaches fails with the kernel's (or the resolution's) error and is
// named; every other route is installed.
func TestSyncUnreachableGateway(t *testing.T) {
	for _, mode := range []fib.NexthopMode{fib.NexthopObjects, fib.NexthopInline} {
		t.Run(mode.String(), func(t *testing.T) {
			requireMode(t, mode)
			l := newLab(t)
			var mu sync.Mutex
			var results []fib.Result
			f := l.fib(t, fib.Config{Protocol: 200, Nexthops: mode, OnResult: func(r fib.Result) {
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
			}})
			v0 := l.ns.IfIndex(t, "v0")
			good := []fib.Route{rt("10.1.0.0/24", gw("192.0.2.2")), rt("10.3.0.0/24", gw("198.51.100.2")), rt("2001:db8:5::/48", gw("2001:db8::2"))}
			bad := []fib.Route{
				rt("10.2.0.0/24", gw("203.0.113.1")),                                            // no route to it at all
				rt("10.4.0.0/24", fib.Nexthop{Gateway: gw("203.0.113.7").Gateway, Ifindex: v0}), // not on v0's link
			}
			d, err := f.Sync(l.ctx, seq(append(slices.Clone(good), bad...)))
			if err != nil {
				t.Fatal(err)
			}
			if d.Added != len(good) || d.Failed != len(bad) || len(d.Failures) != len(bad) {
				t.Fatalf("diff %v, failures %v", d, d.Failures)
			}
			t.Logf("failures: %v", d.Failures)
			var failed []string
			for _, r := range d.Failures {
				failed = append(failed, r.Prefix.String())
				if r.Err == nil || r.Op != fib.OpAdd {
					t.Fatalf("failure %v", r)
				}
			}
			slices.Sort(failed)
			if !slices.Equal(failed, []string{"10.2.0.0/24", "10.4.0.0/24"}) {
				t.Fatalf("failed routes %v", failed)
			}
			l.mustEqual(t, good, 200)
			mu.Lock()
			n := len(results)
			mu.Unlock()
			if n != len(good)+len(bad) {
				t.Fatalf("OnResult called %d times, want %d", n, len(good)+len(bad))
			}
			if s := f.Stats(); s.Failures != uint64(len(bad)) && mode == fib.NexthopInline {
				t.Fatalf("stats %+v", s)
			}
		})
	}
}

// TestRestoreOutsideDelete: a route deleted or changed with ip is put
// back by the monitor; in Report mode it is only reported.
func TestRestoreOutsideDelete(t *testing.T) {
	for _, mode := range []fib.InterferenceMode{fib.InterferenceRestore, fib.InterferenceReport} {
		t.Run(mode.String(), func(t *testing.T) {
			l := newLab(t)
			var mu sync.Mutex
			var seen []fib.Interference
			f := l.fib(t, fib.Config{Protocol: 200, Interference: mode, OnInterference: func(x fib.Interference) {
				mu.Lock()
				seen = append(seen, x)
				mu.Unlock()
			}})
			routes := []fib.Route{rt("10.1.0.0/24", gw("192.0.2.2")), rt("10.2.0.0/24", gw("192.0.2.3")), rt("2001:db8:5::/48", gw("2001:db8::2"))}
			if d, err := f.Sync(l.ctx, seq(routes)); err != nil || d.Failed != 0 {
				t.Fatal(d, err)
			}
			l.ns.Run(t, "route", "del", "10.1.0.0/24", "proto", "200")
			l.ns.Run(t, "-6", "route", "del", "2001:db8:5::/48", "proto", "200")
			l.ns.Run(t, "route", "replace", "10.2.0.0/24", "via", "192.0.2.7", "proto", "200")
			eventually(t, "3 interferences seen", func() bool {
				mu.Lock()
				defer mu.Unlock()
				return len(seen) >= 3
			})
			if mode == fib.InterferenceReport {
				if got := l.kernel(t, 200); len(got) != 1 || !strings.Contains(got[0], "192.0.2.7") {
					t.Fatalf("report mode changed the table: %v", got)
				}
				return
			}
			eventually(t, "the table restored", func() bool { return slices.Equal(l.kernel(t, 200), want(routes)) })
			if s := f.Stats(); s.Restores < 3 || s.Interferences < 3 {
				t.Fatalf("stats %+v", s)
			}
		})
	}
}

// TestOverrunConverges: with a monitor receive buffer far too small for
// the notifications of a mass outside delete, the FIB overruns, resyncs
// by dump and restores every route.
func TestOverrunConverges(t *testing.T) {
	l := newLab(t)
	f := l.fib(t, fib.Config{Protocol: 200, MonitorReadBuffer: 4096})
	var routes []fib.Route
	for i := range 2000 {
		routes = append(routes, rt(fmt.Sprintf("10.%d.%d.0/24", 100+i/256, i%256), gw("192.0.2.2"), gw("198.51.100.2")))
	}
	if d, err := f.Sync(l.ctx, seq(routes)); err != nil || d.Added != len(routes) {
		t.Fatal(d, err)
	}
	var dels []string
	for _, r := range routes {
		dels = append(dels, "route del "+r.Prefix.String()+" proto 200")
	}
	l.ns.Batch(t, dels...)
	eventually(t, "an overrun and a full restore", func() bool {
		return f.Stats().Overruns > 0 && len(l.kernel(t, 200)) == len(routes)
	})
	l.mustEqual(t, routes, 200)
	if s := f.Stats(); s.Resyncs == 0 {
		t.Fatalf("stats %+v", s)
	}
}

// TestLinkDownUp: routes (and nexthop objects) the kernel drops with a
// link going down come back when it comes up.
func TestLinkDownUp(t *testing.T) {
	for _, mode := range []fib.NexthopMode{fib.NexthopObjects, fib.NexthopInline} {
		t.Run(mode.String(), func(t *testing.T) {
			requireMode(t, mode)
			l := newLab(t)
			f := l.fib(t, fib.Config{Protocol: 200, Nexthops: mode})
			routes := []fib.Route{rt("10.1.0.0/24", gw("192.0.2.2")), rt("10.2.0.0/24", gw("198.51.100.2")),
				rt("10.3.0.0/24", gw("192.0.2.2"), gw("198.51.100.2"))}
			if d, err := f.Sync(l.ctx, seq(routes)); err != nil || d.Failed != 0 {
				t.Fatal(d, err)
			}
			l.ns.Run(t, "link", "set", "v0", "down")
			eventually(t, "routes via v0 gone", func() bool { return len(l.kernel(t, 200)) < len(routes) })
			l.ns.Run(t, "link", "set", "v0", "up")
			eventually(t, "the table restored", func() bool { return slices.Equal(l.kernel(t, 200), want(routes)) })
		})
	}
}
