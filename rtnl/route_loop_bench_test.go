package rtnl_test

import (
	"context"
	"encoding/binary"
	"net/netip"
	"testing"
	"time"

	"github.com/nlroute/nlroute/rtnl"
)

// BenchmarkRouteAddLoop is the obvious daemon loop: r.RouteAdd(ctx, rt)
// for one /32 route after another (via a gateway, table 100), with
// context.Background and with a cancellable context. One op is one route;
// every 100,000 routes the table is emptied with the timer stopped. Run
// it with -benchtime=100000x for the 100k-route figure of issue 20:
//
//	NLTEST_PRIVILEGED=1 go test ./rtnl -run '^$' -bench RouteAddLoop -benchtime=100000x -benchmem
func BenchmarkRouteAddLoop(b *testing.B) {
	for _, kind := range []string{"Background", "WithCancel"} {
		b.Run(kind, func(b *testing.B) {
			r, ns := dialNS(b)
			ns.Batch(b, "link add d0 type veth peer name d1", "link set d0 up", "link set d1 up",
				"addr add 10.0.0.1/24 dev d0")
			ctx := context.Background()
			if kind == "WithCancel" {
				c, cancel := context.WithCancel(ctx)
				defer cancel()
				ctx = c
			}
			const per = 100000
			rt := rtnl.Route{Gateway: netip.MustParseAddr("10.0.0.2"), Table: 100}
			dst := func(i int) netip.Prefix {
				var a [4]byte
				binary.BigEndian.PutUint32(a[:], 0x0b000000+uint32(i%per))
				return netip.PrefixFrom(netip.AddrFrom4(a), 32)
			}
			b.ReportAllocs()
			start, i := time.Now(), 0
			var paused time.Duration
			for b.Loop() {
				if i > 0 && i%per == 0 {
					b.StopTimer()
					p := time.Now()
					flushTable(b, r, per)
					paused += time.Since(p)
					b.StartTimer()
				}
				rt.Dst = dst(i)
				if err := r.RouteAdd(ctx, rt); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(i)/(time.Since(start)-paused).Seconds(), "routes/s")
		})
	}
}

// flushTable deletes routes 11.0.0.0 … + n-1 of table 100 in batches.
func flushTable(b *testing.B, r *rtnl.IPRoute, n int) {
	for i := 0; i < n; i += 5000 {
		msgs := routeBatch(100, 0x01000000+i, min(5000, n-i), true)
		if _, err := r.Conn().Batch(context.Background(), "route flush", msgs, nil); err != nil {
			b.Fatal(err)
		}
	}
}
