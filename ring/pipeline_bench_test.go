package ring_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// BenchmarkKernelPipeline installs n /32 routes per iteration through a
// Pipeline in each ack mode (flushing them again, untimed, between
// iterations). It reports routes/s, system calls per route and — with
// -benchmem — allocations per iteration.
func BenchmarkKernelPipeline(b *testing.B) {
	for _, n := range benchSizes {
		for _, mode := range []ring.AckMode{ring.AckEach, ring.AckErrors} {
			b.Run(fmt.Sprintf("%d/%v", n, mode), func(b *testing.B) {
				skipBig(b, n)
				ns, c, oif := pipelineNS(b)
				ctx := context.Background()
				before := c.Stats()
				b.ReportAllocs()
				for b.Loop() {
					p, err := c.Pipeline(ctx, ring.PipelineOptions{Op: "route add", Ack: mode})
					if err != nil {
						b.Fatal(err)
					}
					for i := range n {
						pipeRoute(p, nthAddr(0, i), oif, wire.FlagCreate|wire.FlagExcl)
						if _, err := p.End(); err != nil {
							b.Fatal(err)
						}
					}
					if err := p.Close(); err != nil || p.Stats().Failed != 0 {
						b.Fatalf("%v, %+v", err, p.Stats())
					}
					b.StopTimer()
					ns.Run(b, "route", "flush", "dev", "v0", "proto", "static")
					b.StartTimer()
				}
				after := c.Stats()
				total := float64(n) * float64(b.N)
				b.ReportMetric(total/b.Elapsed().Seconds(), "routes/s")
				b.ReportMetric(float64(after.Recvs+after.Sends-before.Recvs-before.Sends)/total, "syscalls/route")
			})
		}
	}
}
