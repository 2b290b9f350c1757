package rtnl

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"runtime"
	"testing"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// memShape is one kind of route of the cache memory benchmark: route(i)
// is its i-th route, each with a destination of its own.
type memShape struct {
	name  string
	route func(i int) Route
}

func v4Addr(v uint32) netip.Addr {
	var a [4]byte
	binary.BigEndian.PutUint32(a[:], v)
	return netip.AddrFrom4(a)
}

// memShapes are the route shapes measured: what a BGP daemon installs.
var memShapes = []memShape{
	{"v4-32-shared-gw", func(i int) Route {
		return Route{Dst: netip.PrefixFrom(v4Addr(0x0a000000+uint32(i)), 32), Gateway: v4Addr(0xc0a80001),
			OIF: 2, Proto: 186}
	}},
	{"v4-24-multipath3", func(i int) Route {
		hops := []RouteHop{{Gateway: v4Addr(0xc0a80001), OIF: 2}, {Gateway: v4Addr(0xc0a80002), OIF: 2},
			{Gateway: v4Addr(0xc0a80003), OIF: 3}}
		return Route{Dst: netip.PrefixFrom(v4Addr(0x20000000+uint32(i)<<8), 24), Multipath: hops, Proto: 186}
	}},
	{"v6-56", func(i int) Route {
		a := [16]byte{0x20, 0x01, 0x0d, 0xb8, byte(i >> 16), byte(i >> 8), byte(i)}
		return Route{Dst: netip.PrefixFrom(netip.AddrFrom16(a), 56), Gateway: netip.MustParseAddr("fe80::1"),
			OIF: 2, Proto: 186}
	}},
}

// worstShape is a route shape that shares nothing: a gateway of its
// own per route (BenchmarkCacheMem only: the kernel would want them
// reachable).
var worstShape = memShape{"v4-32-own-gw", func(i int) Route {
	return Route{Dst: netip.PrefixFrom(v4Addr(0x0a000000+uint32(i)), 32), Gateway: v4Addr(0x64000000 + uint32(i)),
		OIF: 2, Proto: 186}
}}

// heapAlloc returns the live heap after a full collection.
func heapAlloc() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// feedRoutes applies n synthetic route notifications of shape mk to c,
// each encoded by Route.Encode as the kernel would send it.
func feedRoutes(tb testing.TB, c *Cache, n int, mk func(int) Route) {
	var b wire.Builder
	buf := make([]byte, 0, 512)
	var m codec.Msg
	for i := range n {
		rt := mk(i)
		b.Reset(buf[:0])
		if err := rt.Encode(&b, "add", 0); err != nil {
			tb.Fatal(err)
		}
		if err := m.ResetBytes(codec.Route, b.Bytes()); err != nil {
			tb.Fatal(err)
		}
		c.applyMsg(kRoute, uapi.RTM_NEWROUTE, false, &m)
	}
}

// BenchmarkCacheMem measures the heap a Cache holds per route, fed n
// synthetic notifications of each shape: B/route is the growth of the
// live heap over n, ns/insert the time to apply one notification.
//
//	go test ./rtnl -run '^$' -bench CacheMem -benchtime 1x
func BenchmarkCacheMem(b *testing.B) {
	for _, sh := range append(memShapes[:len(memShapes):len(memShapes)], worstShape) {
		for _, n := range []int{100_000, 1_000_000} {
			b.Run(fmt.Sprintf("%s/n=%d", sh.name, n), func(b *testing.B) {
				var per, ins float64
				for range b.N {
					before := heapAlloc()
					c := offlineCache()
					start := time.Now()
					feedRoutes(b, c, n, sh.route)
					ins = float64(time.Since(start).Nanoseconds()) / float64(n)
					per = float64(heapAlloc()-before) / float64(n)
					if got := c.Len("route"); got != n {
						b.Fatalf("cache holds %d routes, want %d", got, n)
					}
					runtime.KeepAlive(c)
				}
				b.ReportMetric(per, "B/route")
				b.ReportMetric(ins, "ns/insert")
				b.ReportMetric(0, "ns/op")
			})
		}
	}
}

// BenchmarkCacheReadRoutes reads 100,000 cached IPv4 routes back:
// RangeRoutes rebuilds each into one buffer, GetRoutes into owned copies.
func BenchmarkCacheReadRoutes(b *testing.B) {
	const n = 100_000
	c := offlineCache()
	feedRoutes(b, c, n, memShapes[0].route)
	b.Run("RangeRoutes", func(b *testing.B) {
		b.ReportAllocs()
		sum := 0
		for b.Loop() {
			c.RangeRoutes(func(v RouteView) bool { sum += v.DstLen(); return true })
		}
		if sum == 0 {
			b.Fatal("no route read")
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/route")
	})
	b.Run("GetRoutes", func(b *testing.B) {
		b.ReportAllocs()
		sum := 0
		for b.Loop() {
			for _, v := range c.GetRoutes() {
				sum += v.DstLen()
			}
		}
		if sum == 0 {
			b.Fatal("no route read")
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/route")
	})
}

// TestCacheMemory holds what ARCHITECTURE.md and bench/RESULTS.md say
// of the cache: at most 100 B per route for every measured shape (45 and
// 84 B at 1M in BenchmarkCacheMem; a smaller table here, for CI).
func TestCacheMemory(t *testing.T) {
	const n = 100_000
	for _, sh := range memShapes {
		before := heapAlloc()
		c := offlineCache()
		feedRoutes(t, c, n, sh.route)
		per := float64(heapAlloc()-before) / n
		if got := c.Len("route"); got != n {
			t.Fatalf("%s: cache holds %d routes, want %d", sh.name, got, n)
		}
		runtime.KeepAlive(c)
		t.Logf("%s: %.0f B/route", sh.name, per)
		if per > 100 {
			t.Errorf("%s: %.0f B per route, want at most 100", sh.name, per)
		}
	}
}
