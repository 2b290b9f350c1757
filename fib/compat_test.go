package fib_test

import (
	"os"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/fib"
	"github.com/nlroute/nlroute/netns"
)

// sysctlIn reads net.ipv4.nexthop_compat_mode inside the lab.
func (l *lab) compatMode(t *testing.T) string {
	t.Helper()
	var s string
	err := netns.Path(l.ns.Path).Do(func() error {
		b, err := os.ReadFile("/proc/sys/net/ipv4/nexthop_compat_mode")
		s = strings.TrimSpace(string(b))
		return err
	})
	if err != nil {
		t.Skipf("no nexthop_compat_mode: %v", err)
	}
	return s
}

// TestNexthopCompat: NexthopCompatOff sets the sysctl to 0 in the FIB's
// namespace only; Leave leaves it (1, a fresh namespace's default).
// Either way Stats reports it, and a ReplaceGateway with the monitor
// seeing even the FIB's own writes (the per-route notifications compat
// mode 1 sends) is no interference and leaves the table as wanted.
func TestNexthopCompat(t *testing.T) {
	requireMode(t, fib.NexthopObjects)
	host, _ := os.ReadFile("/proc/sys/net/ipv4/nexthop_compat_mode")
	for _, c := range []fib.NexthopCompat{fib.NexthopCompatLeave, fib.NexthopCompatOff} {
		t.Run(c.String(), func(t *testing.T) {
			l := newLab(t)
			before := l.compatMode(t)
			f := l.fib(t, fib.Config{Protocol: 200, Nexthops: fib.NexthopObjects, NexthopCompat: c, MonitorOwnWrites: true})
			wantMode := map[fib.NexthopCompat]string{fib.NexthopCompatLeave: before, fib.NexthopCompatOff: "0"}[c]
			if got := l.compatMode(t); got != wantMode {
				t.Fatalf("sysctl %s in the namespace, want %s", got, wantMode)
			}
			if s := f.Stats(); s.NexthopCompatMode != int(wantMode[0]-'0') {
				t.Fatalf("Stats().NexthopCompatMode %d, want %s", s.NexthopCompatMode, wantMode)
			}
			routes := []fib.Route{rt("10.1.0.0/24", gw("192.0.2.2")), rt("10.2.0.0/24", gw("192.0.2.2"), gw("192.0.2.3")), rt("10.3.0.0/24", gw("192.0.2.4"))}
			if d, err := f.Sync(l.ctx, seq(routes)); err != nil || d.Added != 3 {
				t.Fatal(d, err)
			}
			if d, err := f.ReplaceGateway(l.ctx, gw("192.0.2.2").Gateway, []fib.Nexthop{gw("192.0.2.5")}); err != nil || d.Replaced != 2 {
				t.Fatal(d, err)
			}
			moved := []fib.Route{rt("10.1.0.0/24", gw("192.0.2.5")), rt("10.2.0.0/24", gw("192.0.2.3")), routes[2]}
			l.mustEqual(t, moved, 200)
			// A later outside change, once restored, shows every earlier
			// notification was read.
			l.ns.Run(t, "route", "del", "10.3.0.0/24", "proto", "200")
			eventually(t, "the outside delete restored", func() bool { return len(l.kernel(t, 200)) == 3 })
			l.mustEqual(t, moved, 200)
			if s := f.Stats(); s.Interferences != 1 || s.Restores != 1 {
				t.Fatalf("the nexthop replace read as interference: %+v", s)
			}
		})
	}
	if after, _ := os.ReadFile("/proc/sys/net/ipv4/nexthop_compat_mode"); string(after) != string(host) {
		t.Fatalf("the host's sysctl changed: %q → %q", host, after)
	}
}
