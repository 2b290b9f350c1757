package bench

import (
	"bufio"
	"context"
	"encoding/binary"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
	vnl "github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// eventsN is the routes added then deleted per run: 10,000, or 100,000
// with NLBENCH_BIG=1.
func eventsN() int {
	if os.Getenv("NLBENCH_BIG") != "" {
		return 100000
	}
	return 10000
}

// churnBatch is n blackhole /32 adds (or deletes) in table 100.
func churnBatch(n int, del bool) []byte {
	var b wire.Builder
	b.Reset(make([]byte, 0, n*48))
	for i := range n {
		if del {
			b.Begin(unix.RTM_DELROUTE, 0, 0)
		} else {
			b.Begin(unix.RTM_NEWROUTE, wire.FlagCreate|wire.FlagExcl, 0)
		}
		h := b.Reserve(codec.RtMsg.Size)
		h[0], h[1], h[5], h[7] = unix.AF_INET, 32, 4, unix.RTN_BLACKHOLE
		b.PutUint32(unix.RTA_TABLE, 100)
		var d [4]byte
		binary.BigEndian.PutUint32(d[:], 0x0a000000+uint32(i))
		b.PutAddr(unix.RTA_DST, netip.AddrFrom4(d))
		b.End()
	}
	return b.Bytes()
}

// subscriber starts counting route events in ns; stop ends it and
// returns the overruns (or errors) it met.
type subscriber func(b *testing.B, ns *testutil.NetNS, got *atomic.Int64) (stop func() int64)

// BenchmarkEvents: a writer adds then deletes N routes with batches
// while one subscriber counts the notifications. Metrics: events/s as
// received, lost (events not received), overruns (or errors reported).
func BenchmarkEvents(b *testing.B) {
	for _, s := range []struct {
		name string
		sub  subscriber
	}{
		{"nlroute-monitor-32MiB", nlrouteSub(32 << 20)},
		{"nlroute-monitor-rmem-default", nlrouteSub(-1)},
		{"vishvananda-RouteSubscribe-32MiB", vishSub},
		{"ip-monitor-route", ipMonitorSub},
	} {
		b.Run(s.name, func(b *testing.B) { runEvents(b, s.sub) })
	}
	b.Run("nlroute-cache-resync", benchResync)
}

func runEvents(b *testing.B, sub subscriber) {
	n := eventsN()
	adds, dels := churnBatch(n, false), churnBatch(n, true)
	var lost, overruns int64
	var recv time.Duration
	for b.Loop() {
		b.StopTimer()
		ns := testutil.NewNetNS(b)
		w, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name, Ring: ring.PipelineConfig(ring.Config{})})
		if err != nil {
			b.Fatal(err)
		}
		var got atomic.Int64
		stop := sub(b, ns, &got)
		b.StartTimer()
		start := time.Now()
		for _, msgs := range [][]byte{append([]byte(nil), adds...), append([]byte(nil), dels...)} {
			if failed, err := w.Conn().Batch(context.Background(), "churn", msgs, nil); err != nil || failed != 0 {
				b.Fatalf("batch: %d failed, %v", failed, err)
			}
		}
		last, lastAt, end := got.Load(), time.Now(), time.Now()
		for got.Load() < int64(2*n) && time.Since(lastAt) < time.Second {
			time.Sleep(2 * time.Millisecond)
			if g := got.Load(); g != last {
				last, lastAt, end = g, time.Now(), time.Now()
			}
		}
		if got.Load() >= int64(2*n) {
			end = time.Now()
		}
		recv += end.Sub(start)
		b.StopTimer()
		overruns += stop()
		lost += int64(2*n) - got.Load()
		w.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(2*n)*float64(b.N)/recv.Seconds(), "events/s")
	b.ReportMetric(float64(lost)/float64(b.N), "lost/op")
	b.ReportMetric(float64(overruns)/float64(b.N), "overruns/op")
}

func nlrouteSub(buf int) subscriber {
	return func(b *testing.B, ns *testutil.NetNS, got *atomic.Int64) func() int64 {
		r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name})
		if err != nil {
			b.Fatal(err)
		}
		defer r.Close()
		mon, err := r.Bind(context.Background(), rtnl.MonitorConfig{ReadBuffer: buf, Groups: []string{"ipv4_route"}})
		if err != nil {
			b.Fatal(err)
		}
		var ovs atomic.Int64
		done := make(chan struct{})
		go func() {
			defer close(done)
			for mon.Next() {
				if ev := mon.Event(); ev.IsOverrun() {
					ovs.Add(1)
				} else if r, ok := ev.Route(); ok && r.Table() == 100 {
					got.Add(1)
				}
			}
		}()
		return func() int64 { mon.Close(); <-done; return ovs.Load() }
	}
}

func vishSub(b *testing.B, ns *testutil.NetNS, got *atomic.Int64) func() int64 {
	h, err := netns.GetFromPath(ns.Path)
	if err != nil {
		b.Fatal(err)
	}
	ch, stopc := make(chan vnl.RouteUpdate, 1024), make(chan struct{})
	var errs atomic.Int64
	err = vnl.RouteSubscribeWithOptions(ch, stopc, vnl.RouteSubscribeOptions{Namespace: &h,
		ReceiveBufferSize: 32 << 20, ReceiveBufferForceSize: true,
		ErrorCallback: func(error) { errs.Add(1) }})
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for u := range ch {
			if u.Table == 100 {
				got.Add(1)
			}
		}
	}()
	return func() int64 { close(stopc); <-done; h.Close(); return errs.Load() }
}

func ipMonitorSub(b *testing.B, ns *testutil.NetNS, got *atomic.Int64) func() int64 {
	cmd := exec.Command("ip", "-n", ns.Name, "monitor", "route")
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	var errs atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			switch l := sc.Text(); {
			case strings.Contains(l, "table 100"):
				got.Add(1)
			case strings.Contains(l, "No buffer space") || strings.Contains(l, "overrun"):
				errs.Add(1)
			}
		}
	}()
	time.Sleep(100 * time.Millisecond) // let ip bind
	return func() int64 { cmd.Process.Kill(); <-done; cmd.Wait(); return errs.Load() }
}

// benchResync times a cache's resynchronisation after an overrun it is
// forced into (a 4 KiB receive buffer), with N routes in the table.
func benchResync(b *testing.B) {
	n := eventsN()
	var took time.Duration
	var resyncs uint64
	for b.Loop() {
		b.StopTimer()
		ns := testutil.NewNetNS(b)
		w, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name, Ring: ring.PipelineConfig(ring.Config{})})
		if err != nil {
			b.Fatal(err)
		}
		c, err := rtnl.NewCache(context.Background(), w, rtnl.CacheConfig{Kinds: []string{"route"}, Monitor: rtnl.MonitorConfig{ReadBuffer: 4096}})
		if err != nil {
			b.Fatal(err)
		}
		if failed, err := w.Conn().Batch(context.Background(), "churn", churnBatch(n, false), nil); err != nil || failed != 0 {
			b.Fatalf("batch: %d failed, %v", failed, err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for c.Len("route") < n && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		st := c.Stats()
		took += st.ResyncTime
		resyncs += st.Resyncs
		c.Close()
		w.Close()
		b.StartTimer()
	}
	if resyncs > 0 {
		b.ReportMetric(float64(took.Microseconds())/float64(b.N)/1000, "resync-ms/op")
	}
	b.ReportMetric(float64(resyncs)/float64(b.N), "resyncs/op")
}
