package fib_test

import (
	"testing"

	"github.com/nlroute/nlroute/fib"
	"github.com/nlroute/nlroute/rtnl"
)

// TestSyncFromEmpty installs IPv4 and IPv6 routes, single and ECMP with
// weights, from an empty table; a second Sync of the same set changes
// nothing; a third one with a change, an addition and a removal makes
// exactly that diff.
func TestSyncFromEmpty(t *testing.T) {
	for _, mode := range []fib.NexthopMode{fib.NexthopObjects, fib.NexthopInline} {
		t.Run(mode.String(), func(t *testing.T) {
			requireMode(t, mode)
			l := newLab(t)
			f := l.fib(t, fib.Config{Nexthops: mode, Protocol: 200})
			if got := f.Stats().Nexthops; got != mode {
				t.Fatalf("Stats().Nexthops = %v, want %v", got, mode)
			}
			routes := []fib.Route{
				rt("10.1.0.0/16", gw("192.0.2.2")),
				rt("10.2.0.0/24", gw("192.0.2.2"), gw("198.51.100.2")),
				rt("10.3.0.0/24", fib.Nexthop{Gateway: gw("192.0.2.3").Gateway, Weight: 3}, gw("192.0.2.2")),
				rt("10.4.0.0/24", gw("192.0.2.2")),
				rt("2001:db8:10::/48", gw("2001:db8::2")),
				rt("2001:db8:11::/48", gw("2001:db8::2"), gw("2001:db8:1::2")),
			}
			d, err := f.Sync(l.ctx, seq(routes))
			if err != nil || d.Added != len(routes) || d.Failed != 0 {
				t.Fatalf("first sync: %v, %v %v", err, d, d.Failures)
			}
			l.mustEqual(t, routes, 200)
			d, err = f.Sync(l.ctx, seq(routes))
			if err != nil || !d.Equal() || d.Kept != len(routes) || d.Ops != 0 {
				t.Fatalf("identical sync: %v, %v", err, d)
			}
			routes[0] = rt("10.1.0.0/16", gw("192.0.2.3"))
			routes[3] = rt("10.5.0.0/24", gw("198.51.100.2"))
			routes = routes[:len(routes)-1]
			d, err = f.Sync(l.ctx, seq(routes))
			if err != nil || d.Added != 1 || d.Replaced != 1 || d.Deleted != 2 || d.Kept != 3 || d.Failed != 0 {
				t.Fatalf("changed sync: %v, %v %v", err, d, d.Changes)
			}
			l.mustEqual(t, routes, 200)
			s := f.Stats()
			if s.Routes != len(routes) || s.Adds != 7 || s.Replaces != 1 || s.Deletes != 2 || s.Failures != 0 {
				t.Fatalf("stats %+v", s)
			}
		})
	}
}

// TestSyncForeignAndPartial: routes of other protocols stay and are
// reported; a partial table of ours is completed with the fewest writes.
func TestSyncForeignAndPartial(t *testing.T) {
	l := newLab(t)
	l.ns.Batch(t, "route add 10.9.0.0/16 via 192.0.2.9 proto static",
		"route add 10.1.0.0/16 via 192.0.2.2 proto 200",
		"route add 10.2.0.0/16 via 192.0.2.5 proto 200",
		"route add 10.3.0.0/16 via 192.0.2.2 proto 200")
	var foreign []string
	f := l.fib(t, fib.Config{Protocol: 200, Nexthops: fib.NexthopInline,
		OnForeign: func(x fib.Foreign) { foreign = append(foreign, x.Prefix.String()) }})
	if s := f.Stats(); s.Stale != 3 || s.Foreign < 1 {
		t.Fatalf("adopted: %+v", s)
	}
	if !containsStr(foreign, "10.9.0.0/16") {
		t.Fatalf("foreign routes reported: %v", foreign)
	}
	routes := []fib.Route{rt("10.1.0.0/16", gw("192.0.2.2")), rt("10.2.0.0/16", gw("192.0.2.2")), rt("10.4.0.0/16", gw("192.0.2.2"))}
	d, err := f.Sync(l.ctx, seq(routes))
	if err != nil || d.Added != 1 || d.Replaced != 1 || d.Deleted != 1 || d.Kept != 1 {
		t.Fatalf("sync: %v, %v", err, d)
	}
	l.mustEqual(t, routes, 200)
	l.mustEqual(t, []fib.Route{rt("10.9.0.0/16", gw("192.0.2.9"))}, rtnl.ProtoStatic)
}

func containsStr(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
