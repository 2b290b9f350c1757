package fib_test

import (
	"fmt"
	"testing"

	"github.com/nlroute/nlroute/fib"
)

// TestRestartAfterReplaceGateway: after a ReplaceGateway the group that
// was {.2} holds {.3}, the next hops of the existing {.3} group. A
// restarted FIB adopts the duplicate as an alias: syncing the same set
// changes nothing in the kernel (no request, no notification), and the
// extra group is deleted once its routes move away.
func TestRestartAfterReplaceGateway(t *testing.T) {
	requireMode(t, fib.NexthopObjects)
	l := newLab(t)
	cfg := fib.Config{Protocol: 200, Nexthops: fib.NexthopObjects}
	var before, after []fib.Route
	for i := range 40 {
		p := fmt.Sprintf("10.3.%d.0/24", i)
		peer := []string{"192.0.2.2", "192.0.2.3"}[i%2]
		before = append(before, rt(p, gw(peer)))
		after = append(after, rt(p, gw("192.0.2.3")))
	}
	first, err := fib.New(l.ctx, l.r, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.Close() })
	if d, err := first.Sync(l.ctx, seq(before)); err != nil || d.Added != len(before) {
		t.Fatal(d, err)
	}
	if d, err := first.ReplaceGateway(l.ctx, gw("192.0.2.2").Gateway, []fib.Nexthop{gw("192.0.2.3")}); err != nil || d.Replaced != 20 {
		t.Fatal(d, err)
	}
	// Two groups of {.3} and the single .3 (.2's single is gone).
	if n := l.nexthops(t, 200); n != 3 {
		t.Fatalf("%d nexthop objects after ReplaceGateway, want 3", n)
	}
	first.Close()

	stop := l.countRouteEvents(t)
	f := l.fib(t, cfg)
	d, err := f.Sync(l.ctx, seq(after))
	if err != nil || !d.Equal() || d.Kept != len(after) || d.Ops != 0 {
		t.Fatalf("restart sync: %v, %v", err, d)
	}
	if news, dels := stop(); news != 0 || dels != 0 {
		t.Fatalf("restart sync changed the kernel: %d new, %d del notifications", news, dels)
	}
	l.mustEqual(t, after, 200)
	if n := l.nexthops(t, 200); n != 3 {
		t.Fatalf("%d nexthop objects after the restart sync, want 3 (both groups in use)", n)
	}

	// The routes that were on .2 (on one of the two groups) move to .4:
	// that group has no route left and goes; {.3}, {.4} and their
	// singles stay.
	moved := make([]fib.Route, len(after))
	copy(moved, after)
	for i := 0; i < len(moved); i += 2 {
		moved[i] = rt(moved[i].Prefix.String(), gw("192.0.2.4"))
	}
	if d, err := f.Sync(l.ctx, seq(moved)); err != nil || d.Replaced != 20 || d.Failed != 0 {
		t.Fatal(d, err)
	}
	l.mustEqual(t, moved, 200)
	if n := l.nexthops(t, 200); n != 4 {
		t.Fatalf("%d nexthop objects after the routes moved, want 4 (the alias deleted)", n)
	}
	// Back to .3 for all: the {.4} group goes too.
	if d, err := f.Sync(l.ctx, seq(after)); err != nil || d.Replaced != 20 || d.Failed != 0 {
		t.Fatal(d, err)
	}
	if n := l.nexthops(t, 200); n != 2 {
		t.Fatalf("%d nexthop objects with every route on .3, want 2", n)
	}
}
