package fib_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/fib"
)

// TestUpdateCoalesces: an Update with several changes to one prefix
// applies only the last; withdrawals of unknown prefixes are no change.
func TestUpdateCoalesces(t *testing.T) {
	l := newLab(t)
	f := l.fib(t, fib.Config{Protocol: 200, Interference: fib.InterferenceOff, Nexthops: fib.NexthopInline})
	changes := []fib.Change{
		{Route: rt("10.1.0.0/24", gw("192.0.2.2"))},
		{Route: rt("10.1.0.0/24", gw("192.0.2.3"))},
		{Route: rt("10.1.0.0/24", gw("192.0.2.4"))},
		{Route: rt("10.2.0.0/24", gw("192.0.2.2"))},
		{Route: rt("10.2.0.0/24"), Withdraw: true},
		{Route: rt("10.3.0.0/24"), Withdraw: true},
		{Route: rt("2001:db8:9::/48", gw("2001:db8::2"))},
	}
	d, err := f.Update(l.ctx, slices.Values(changes))
	if err != nil || d.Added != 2 || d.Ops != 2 || d.Failed != 0 {
		t.Fatalf("update: %v, %v", err, d)
	}
	l.mustEqual(t, []fib.Route{rt("10.1.0.0/24", gw("192.0.2.4")), rt("2001:db8:9::/48", gw("2001:db8::2"))}, 200)
	d, err = f.Update(l.ctx, slices.Values([]fib.Change{{Route: rt("10.1.0.0/24"), Withdraw: true}, {Route: rt("10.5.0.0/24", gw("192.0.2.5"))}}))
	if err != nil || d.Added != 1 || d.Deleted != 1 {
		t.Fatalf("update: %v, %v", err, d)
	}
	l.mustEqual(t, []fib.Route{rt("10.5.0.0/24", gw("192.0.2.5")), rt("2001:db8:9::/48", gw("2001:db8::2"))}, 200)
}

// TestReplaceGateway: a peer going away moves every route through it to
// the others: one group replace per next-hop set with objects, whatever
// the number of routes; a route replace per route inline.
func TestReplaceGateway(t *testing.T) {
	for _, mode := range []fib.NexthopMode{fib.NexthopObjects, fib.NexthopInline} {
		t.Run(mode.String(), func(t *testing.T) {
			requireMode(t, mode)
			l := newLab(t)
			f := l.fib(t, fib.Config{Protocol: 200, Nexthops: mode})
			var routes []fib.Route
			for i := range 200 {
				switch i % 4 {
				case 0:
					routes = append(routes, rt(fmt.Sprintf("10.0.%d.0/24", i), gw("192.0.2.2")))
				case 1:
					routes = append(routes, rt(fmt.Sprintf("10.0.%d.0/24", i), gw("192.0.2.2"), gw("192.0.2.3")))
				default:
					routes = append(routes, rt(fmt.Sprintf("10.0.%d.0/24", i), gw("192.0.2.4")))
				}
			}
			if d, err := f.Sync(l.ctx, seq(routes)); err != nil || d.Failed != 0 {
				t.Fatal(d, err)
			}
			d, err := f.ReplaceGateway(l.ctx, gw("192.0.2.2").Gateway, []fib.Nexthop{gw("192.0.2.3"), gw("192.0.2.4")})
			if err != nil || d.Failed != 0 || d.Replaced != 100 {
				t.Fatalf("replace gateway: %v, %v", err, d)
			}
			if mode == fib.NexthopObjects && d.Ops > 4 {
				t.Fatalf("replace gateway took %d kernel ops with nexthop objects", d.Ops)
			}
			nhs, err := l.r.GetNexthops(l.ctx)
			if err != nil && mode == fib.NexthopObjects {
				t.Fatal(err)
			}
			for _, n := range nhs {
				if n.Gateway() == gw("192.0.2.2").Gateway {
					t.Fatalf("the peer's nexthop object %d is left", n.ID())
				}
			}
			if got := l.kernel(t, 200); slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "192.0.2.2*") }) {
				t.Fatalf("routes still via the peer: %v", got)
			}
			var moved []fib.Route
			for _, r := range routes {
				switch len(r.Nexthops) {
				case 2:
					r = rt(r.Prefix.String(), gw("192.0.2.3"))
				case 1:
					if r.Nexthops[0] == gw("192.0.2.2") {
						r = rt(r.Prefix.String(), gw("192.0.2.3"), gw("192.0.2.4"))
					}
				}
				moved = append(moved, r)
			}
			l.mustEqual(t, moved, 200)
			// The FIB's state follows: syncing the moved set is no change.
			if d, err := f.Sync(l.ctx, seq(moved)); err != nil || !d.Equal() {
				t.Fatalf("sync after replace gateway: %v, %v", err, d)
			}
		})
	}
}

// TestReplaceGatewayWithdraw: with no replacement, the routes that had
// only the peer are withdrawn and the others keep their other hops; a
// bad replacement is refused before anything is written.
func TestReplaceGatewayWithdraw(t *testing.T) {
	for _, mode := range []fib.NexthopMode{fib.NexthopObjects, fib.NexthopInline} {
		t.Run(mode.String(), func(t *testing.T) {
			requireMode(t, mode)
			l := newLab(t)
			f := l.fib(t, fib.Config{Protocol: 200, Nexthops: mode})
			routes := []fib.Route{rt("10.1.0.0/24", gw("192.0.2.2")), rt("10.2.0.0/24", gw("192.0.2.2"), gw("192.0.2.3")),
				rt("2001:db8:5::/48", gw("2001:db8::2"))}
			if d, err := f.Sync(l.ctx, seq(routes)); err != nil || d.Failed != 0 {
				t.Fatal(d, err)
			}
			if _, err := f.ReplaceGateway(l.ctx, gw("192.0.2.2").Gateway, []fib.Nexthop{gw("192.0.2.3"), gw("192.0.2.3")}); err == nil || !strings.Contains(err.Error(), "listed twice") {
				t.Fatalf("a repeated replacement: %v", err)
			}
			d, err := f.ReplaceGateway(l.ctx, gw("192.0.2.2").Gateway, nil)
			if err != nil || d.Deleted != 1 || d.Failed != 0 {
				t.Fatalf("withdraw: %v, %v", err, d)
			}
			l.mustEqual(t, []fib.Route{rt("10.2.0.0/24", gw("192.0.2.3")), routes[2]}, 200)
			if s := f.Stats(); s.Routes != 2 {
				t.Fatalf("stats %+v", s)
			}
		})
	}
}
