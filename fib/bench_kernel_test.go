package fib_test

import (
	"fmt"
	"iter"
	"net/netip"
	"testing"
	"time"

	"github.com/nlroute/nlroute/fib"
)

// hostRoutes yields n /32 routes over the lab's peers (a tenth ECMP),
// reusing one hops slice.
func hostRoutes(n int) iter.Seq[fib.Route] {
	return func(yield func(fib.Route) bool) {
		hops := make([]fib.Nexthop, 2)
		for i := range n {
			a := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
			hops = hops[:1]
			hops[0] = gw(fmt.Sprintf("192.0.2.%d", 2+i%4))
			if i%10 == 0 {
				hops = append(hops, gw("198.51.100.2"))
			}
			if !yield(fib.Route{Prefix: netip.PrefixFrom(a, 32), Nexthops: hops}) {
				return
			}
		}
	}
}

// BenchmarkSyncKernel syncs 100,000 /32 routes into an empty table and
// reports routes/s, then the cost of an identical sync (no change) and
// of a peer going away (ReplaceGateway), with the monitor off and on.
// go test -bench SyncKernel
// -benchtime 1x ./fib, as root.
func BenchmarkSyncKernel(b *testing.B) {
	const n = benchRoutes
	cases := []struct {
		name string
		cfg  fib.Config
	}{
		{"objects", fib.Config{Nexthops: fib.NexthopObjects, Interference: fib.InterferenceOff}},
		{"inline", fib.Config{Nexthops: fib.NexthopInline, Interference: fib.InterferenceOff}},
		// The monitor on, as a daemon runs it: its cost on the FIB's
		// own writes.
		{"objects-monitor", fib.Config{Nexthops: fib.NexthopObjects}},
		// nexthop_compat_mode 0: a peer down sends no notification per
		// route.
		{"objects-monitor-compat0", fib.Config{Nexthops: fib.NexthopObjects, NexthopCompat: fib.NexthopCompatOff}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				l := newLab(b)
				cfg := c.cfg
				cfg.Protocol = 200
				f := l.fib(b, cfg)
				b.StartTimer()
				start := time.Now()
				d, err := f.Sync(l.ctx, hostRoutes(n))
				el := time.Since(start)
				if err != nil || d.Added != n {
					b.Fatal(d, err)
				}
				b.ReportMetric(n/el.Seconds(), "routes/s")
				start = time.Now()
				if d, err := f.Sync(l.ctx, hostRoutes(n)); err != nil || !d.Equal() {
					b.Fatal(d, err)
				}
				b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms-nochange")
				start = time.Now()
				d, err = f.ReplaceGateway(l.ctx, gw("192.0.2.2").Gateway, []fib.Nexthop{gw("192.0.2.3")})
				if err != nil || d.Failed != 0 {
					b.Fatal(d, err)
				}
				b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "ms-peerdown")
				b.ReportMetric(float64(d.Ops), "ops-peerdown")
				// Emptying the table here keeps the namespace's removal
				// cheap: the kernel tears down a namespace's routes under
				// the RTNL lock, which would stall the next run.
				start = time.Now()
				if d, err := f.Sync(l.ctx, hostRoutes(0)); err != nil || d.Deleted != n {
					b.Fatal(d, err)
				}
				b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms-deleteall")
			}
		})
	}
}

const benchRoutes = 100_000

// BenchmarkUpdateOne times an Update of one route (a next-hop change)
// on a table of 10,000: the latency from a BGP UPDATE's worth to the
// kernel's answer, as churn sees it.
func BenchmarkUpdateOne(b *testing.B) {
	l := newLab(b)
	f := l.fib(b, fib.Config{Protocol: 200, Interference: fib.InterferenceOff})
	if d, err := f.Sync(l.ctx, hostRoutes(10_000)); err != nil || d.Failed != 0 {
		b.Fatal(d, err)
	}
	peers := []fib.Nexthop{gw("192.0.2.2"), gw("192.0.2.3")}
	b.ResetTimer()
	for i := range b.N {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8 % 39), byte(i)}), 32)
		c := fib.Change{Route: fib.Route{Prefix: p, Nexthops: peers[i%2 : i%2+1]}}
		if d, err := f.Update(l.ctx, func(yield func(fib.Change) bool) { yield(c) }); err != nil || d.Failed != 0 {
			b.Fatal(d, err)
		}
	}
}
