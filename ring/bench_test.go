package ring_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// benchSizes are the route counts of the kernel benchmarks. The 100,000
// case takes a few seconds of set-up, so the one-iteration smoke run
// (-benchtime=1x, `make test`) and -short runs keep to the small one.
var benchSizes = []int{1000, 100000}

func skipBig(b *testing.B, n int) {
	if n > 1000 && testing.Short() {
		b.Skip("large size skipped under -short")
	}
}

// routeBatch builds n route adds through oif.
func routeBatch(n int, oif uint32, flags wire.HeaderFlags) []byte {
	var b wire.Builder
	b.Reset(make([]byte, 0, n*40))
	for i := range n {
		appendRouteAdd(&b, nthAddr(0, i), oif, flags)
	}
	return b.Bytes()
}

func benchNS(b *testing.B) (*testutil.NetNS, uint32) {
	ns := testutil.NewNetNS(b)
	ns.Batch(b, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up")
	return ns, uint32(ns.IfIndex(b, "v0"))
}

// BenchmarkKernelRouteDump dumps n routes per iteration. It reports
// routes/s, allocations per route and receive system calls per route.
func BenchmarkKernelRouteDump(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			skipBig(b, n)
			ns, oif := benchNS(b)
			cfg := ring.Config{ReadBuffer: 8 << 20, ForceReadBuffer: true}
			c := dialNS(b, ns, cfg)
			if _, err := c.Batch(context.Background(), "route add", routeBatch(n, oif, wire.FlagCreate|wire.FlagExcl), nil); err != nil {
				b.Fatal(err)
			}
			req := routeDumpReq()
			ctx := context.Background()
			before := c.Stats()
			b.ReportAllocs()
			b.ResetTimer()
			got := 0
			for b.Loop() {
				s := c.Dump(ctx, "route dump", req)
				for s.Next() {
					got++
				}
				if err := s.Err(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			after := c.Stats()
			b.ReportMetric(float64(got)/b.Elapsed().Seconds(), "routes/s")
			b.ReportMetric(float64(after.Recvs+after.Sends-before.Recvs-before.Sends)/float64(got), "syscalls/route")
		})
	}
}

// BenchmarkKernelRouteBatch adds n routes per iteration in one Batch call
// (deleting them again, untimed, between iterations).
func BenchmarkKernelRouteBatch(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			skipBig(b, n)
			ns, oif := benchNS(b)
			c := dialNS(b, ns, ring.Config{ReadBuffer: 8 << 20, ForceReadBuffer: true, WriteBuffer: 4 << 20})
			add := routeBatch(n, oif, wire.FlagCreate|wire.FlagExcl)
			ctx := context.Background()
			before := c.Stats()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if failed, err := c.Batch(ctx, "route add", add, nil); err != nil || failed != 0 {
					b.Fatalf("%d failed, %v", failed, err)
				}
				b.StopTimer()
				ns.Run(b, "route", "flush", "dev", "v0", "proto", "static")
				b.StartTimer()
			}
			b.StopTimer()
			after := c.Stats()
			total := float64(n) * float64(b.N)
			b.ReportMetric(total/b.Elapsed().Seconds(), "routes/s")
			b.ReportMetric(float64(after.Recvs+after.Sends-before.Recvs-before.Sends)/total, "syscalls/route")
		})
	}
}
