package fib_test

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/nlroute/nlroute/fib"
	"github.com/nlroute/nlroute/rtnl"
)

// TestMonitorOwnWrites: the monitor does not see changes made through
// the FIB's own IPRoute (its socket filter drops that port's
// notifications), and does with MonitorOwnWrites. Notifications arrive
// in order, so once a later outside delete is restored, the earlier one
// through the FIB's IPRoute has been passed over.
func TestMonitorOwnWrites(t *testing.T) {
	for _, own := range []bool{false, true} {
		name := map[bool]string{false: "default", true: "MonitorOwnWrites"}[own]
		t.Run(name, func(t *testing.T) {
			l := newLab(t)
			f := l.fib(t, fib.Config{Protocol: 200, MonitorOwnWrites: own})
			routes := []fib.Route{rt("10.1.0.0/24", gw("192.0.2.2")), rt("10.2.0.0/24", gw("192.0.2.3"))}
			if d, err := f.Sync(l.ctx, seq(routes)); err != nil || d.Added != 2 {
				t.Fatal(d, err)
			}
			if err := l.r.RouteDel(l.ctx, rtnl.Route{Dst: routes[0].Prefix, Proto: 200}); err != nil {
				t.Fatal(err)
			}
			if err := l.out.RouteDel(l.ctx, rtnl.Route{Dst: routes[1].Prefix, Proto: 200}); err != nil {
				t.Fatal(err)
			}
			has := func(p netip.Prefix) bool {
				return slices.ContainsFunc(l.kernel(t, 200), func(s string) bool { return s == want([]fib.Route{{Prefix: p, Nexthops: routes[1].Nexthops}})[0] })
			}
			eventually(t, "the outside delete restored", func() bool { return has(routes[1].Prefix) })
			if own {
				eventually(t, "the delete through the FIB's IPRoute restored", func() bool { return len(l.kernel(t, 200)) == 2 })
				l.mustEqual(t, routes, 200)
			} else if got := l.kernel(t, 200); len(got) != 1 {
				t.Fatalf("the delete through the FIB's own IPRoute was seen: %v", got)
			}
			if s := f.Stats(); own && s.Restores != 2 || !own && s.Restores != 1 {
				t.Fatalf("stats %+v", s)
			}
		})
	}
}
