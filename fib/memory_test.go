package fib

import (
	"context"
	"iter"
	"net/netip"
	"runtime"
	"slices"
	"testing"

	"github.com/nlroute/nlroute/rtnl"
)

// nullSink accepts every request, as a kernel would.
type nullSink struct{ n int }

func (s *nullSink) route(string, *rtnl.Route) (int, error)     { s.n++; return s.n - 1, nil }
func (s *nullSink) nexthop(string, *rtnl.Nexthop) (int, error) { s.n++; return s.n - 1, nil }
func (s *nullSink) done() int                                  { return s.n }
func (s *nullSink) flush() error                               { return nil }
func (s *nullSink) close() error                               { return nil }

// kernelless is a FIB over no kernel: its writes go to a nullSink.
func kernelless(mode NexthopMode) *FIB {
	f := &FIB{cfg: Config{Nexthops: mode}, mode: mode}
	if err := f.configure(); err != nil {
		panic(err)
	}
	f.tab.init()
	f.nh.init()
	f.sinkFor = func(func(int, error)) sink { return &nullSink{} }
	return f
}

// internetLike yields n distinct IPv4 routes shaped like a default-free
// zone — 62 % /24, 12 % /22, 10 % /23, 6 % /20 and /21, 3.5 % /19, 0.5 %
// /16, each length in a region of its own — over 32 peers (on 4
// interfaces), 10 % ECMP over 2-4 peers. The hops slice is reused.
func internetLike(n int) iter.Seq[Route] {
	type band struct {
		bits   int
		permil uint32
		base   uint32
	}
	bands := [...]band{{24, 620, 1 << 24}, {22, 120, 64 << 24}, {23, 100, 32 << 24}, {20, 60, 128 << 24},
		{21, 60, 96 << 24}, {19, 35, 160 << 24}, {16, 5, 200 << 24}}
	return func(yield func(Route) bool) {
		var count [len(bands)]uint32
		hops := make([]Nexthop, 4)
		x := uint32(0x9e3779b9)
		for range n {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			k, r := 0, x%1000
			for r >= bands[k].permil && k < len(bands)-1 {
				r -= bands[k].permil
				k++
			}
			a := bands[k].base + count[k]<<(32-bands[k].bits)
			count[k]++
			p := netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}), bands[k].bits)
			peers := 1
			if (x>>10)%10 == 0 {
				peers = 2 + int(x>>14)%3
			}
			hops = hops[:0]
			for j := 0; len(hops) < peers; j++ {
				peer := int(x>>(j*5)+uint32(j)*11) % 32
				h := Nexthop{Gateway: netip.AddrFrom4([4]byte{192, 0, 2, byte(2 + peer)}), Ifindex: 2 + peer%4}
				if !slices.Contains(hops, h) {
					hops = append(hops, h)
				}
			}
			if !yield(Route{Prefix: p, Nexthops: hops}) {
				return
			}
		}
	}
}

// stateBytes syncs n routes into a kernelless FIB and returns the heap
// the FIB holds afterwards (in use after a GC, less before).
func stateBytes(tb testing.TB, mode NexthopMode, n int) (uint64, *FIB) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f := kernelless(mode)
	d, err := f.Sync(context.Background(), internetLike(n))
	if err != nil || d.Added != n {
		tb.Fatalf("sync: %v, %v", err, d)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	return after.HeapInuse - min(after.HeapInuse, before.HeapInuse), f
}

// TestStateMemory holds the FIB's state under 64 bytes per route (64
// MiB for a million), at 200,000 routes so that it stays quick;
// BenchmarkStateMemory measures a million.
func TestStateMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	const n = 200_000
	for _, mode := range []NexthopMode{NexthopObjects, NexthopInline} {
		b, f := stateBytes(t, mode, n)
		per := float64(b) / n
		t.Logf("%v: %d routes, %d sets: %.1f bytes/route", mode, f.tab.len(), len(f.nh.byKey), per)
		if per > 64 {
			t.Fatalf("%v: %.1f bytes of FIB state per route, over 64", mode, per)
		}
		runtime.KeepAlive(f)
	}
}

// BenchmarkStateMemory reports the FIB's state for 1M Internet-like
// routes: MiB in all and bytes per route (go test -bench StateMemory
// -benchtime 1x ./fib).
func BenchmarkStateMemory(b *testing.B) {
	const n = 1_000_000
	for range b.N {
		bytes, f := stateBytes(b, NexthopObjects, n)
		b.ReportMetric(float64(bytes)/(1<<20), "MiB")
		b.ReportMetric(float64(bytes)/n, "B/route")
		b.ReportMetric(float64(len(f.nh.byKey)), "sets")
		runtime.KeepAlive(f)
	}
}
