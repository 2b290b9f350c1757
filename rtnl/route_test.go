package rtnl_test

import (
	"context"
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// addBlackholes installs n blackhole /32 routes 10.x.y.z in table with
// ring batches: the fast way to fill a namespace.
func addBlackholes(t testing.TB, ipr *rtnl.IPRoute, table uint32, n int) {
	t.Helper()
	var b wire.Builder
	b.Reset(make([]byte, 0, n*48))
	for i := range n {
		b.Begin(uapi.RTM_NEWROUTE, wire.FlagCreate|wire.FlagExcl, 0)
		h := b.Reserve(codec.RtMsg.Size)
		h[0], h[1], h[4], h[5], h[7] = uapi.AF_INET, 32, uapi.RT_TABLE_UNSPEC, 4 /* static */, uapi.RTN_BLACKHOLE
		b.PutUint32(uapi.RTA_TABLE, table)
		var dst [4]byte
		binary.BigEndian.PutUint32(dst[:], 0x0a000000+uint32(i))
		b.PutAddr(uapi.RTA_DST, netip.AddrFrom4(dst))
		b.End()
	}
	if b.Err() != nil {
		t.Fatal(b.Err())
	}
	failed, err := ipr.Conn().Batch(context.Background(), "route add", b.Bytes(), nil)
	if err != nil || failed != 0 {
		t.Fatalf("route batch: %d failed, %v", failed, err)
	}
}

// TestRoutesKernelFilter proves the table filter is applied by the
// kernel: with 100,000 routes in table 100, a dump of table 200 receives
// only table 200's routes.
func TestRoutesKernelFilter(t *testing.T) {
	ipr, _ := dialNS(t)
	n := 100000
	if testing.Short() {
		n = 5000
	}
	addBlackholes(t, ipr, 100, n)
	addBlackholesAt(t, ipr, 200, 0x0b000000, 7)

	it := ipr.Routes(context.Background(), rtnl.Match{"table": 200})
	got := 0
	for it.Next() {
		if r := it.View(); r.Table() != 200 || r.Type() != uapi.RTN_BLACKHOLE || r.DstLen() != 32 {
			t.Fatalf("route %v table %d type %d", r.Dst(), r.Table(), r.Type())
		}
		got++
	}
	if err := it.Err(); err != nil || got != 7 || it.Received() != 7 {
		t.Fatalf("table 200: %d routes, %d received, %v", got, it.Received(), err)
	}

	// The same filter as a predicate runs in userspace only: everything
	// comes up.
	it = ipr.Routes(context.Background(), rtnl.MatchFunc(func(m *codec.Msg) bool { return rtnl.AsRoute(m).Table() == 200 }))
	got = 0
	for it.Next() {
		got++
	}
	if err := it.Err(); err != nil || got != 7 || it.Received() < n+7 {
		t.Fatalf("predicate: %d routes, %d received, %v", got, it.Received(), err)
	}

	// A table that does not exist is empty, not an error, in every family.
	for _, fam := range []int{0, uapi.AF_INET, uapi.AF_INET6} {
		routes, err := ipr.GetRoutes(context.Background(), rtnl.Match{"table": 12345, "family": fam})
		if err != nil || len(routes) != 0 {
			t.Fatalf("family %d, missing table: %d routes, %v", fam, len(routes), err)
		}
	}
}

func addBlackholesAt(t testing.TB, ipr *rtnl.IPRoute, table uint32, base uint32, n int) {
	t.Helper()
	for i := range n {
		var dst [4]byte
		binary.BigEndian.PutUint32(dst[:], base+uint32(i))
		_, err := ipr.Request(context.Background(), "route add", uapi.RTM_NEWROUTE, wire.FlagCreate|wire.FlagExcl, codec.Route,
			rtnl.Spec{"family": uapi.AF_INET, "dst": netip.PrefixFrom(netip.AddrFrom4(dst), 32).String(), "table": table, "type": uapi.RTN_BLACKHOLE, "proto": 4})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestRoutesAllocs holds iterating route views, accessors included, at
// zero allocations once the connection's buffers are warm.
func TestRoutesAllocs(t *testing.T) {
	skipIfViewChecks(t)
	ipr, _ := dialNS(t)
	addBlackholes(t, ipr, 100, 2000)
	ctx := context.Background()
	var sink uint64
	walk := func() {
		it := ipr.Routes(ctx)
		for it.Next() {
			r := it.View()
			sink += uint64(r.Table()) + uint64(r.Dst().Bits()) + uint64(r.OIF()) + uint64(r.Priority()) + uint64(r.Type())
			if r.Gateway().IsValid() {
				sink++
			}
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
	}
	walk()
	if n := testing.AllocsPerRun(20, walk); n != 0 {
		t.Fatalf("Routes: %v allocations per dump, want 0", n)
	}
	filtered := func() {
		it := ipr.Routes(ctx, rtnl.Match{"table": 100})
		for it.Next() {
			sink += uint64(it.View().Dst().Bits())
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
	}
	filtered()
	// A Match costs its compilation, once per call: never per message.
	if n := testing.AllocsPerRun(20, filtered); n > 20 {
		t.Fatalf("Routes with a Match: %v allocations per dump of 2000", n)
	}
}

func BenchmarkRoutes(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(itoa(n), func(b *testing.B) {
			if n > 1000 && testing.Short() {
				b.Skip("big table under -short")
			}
			ipr, _ := dialNS(b)
			addBlackholes(b, ipr, 100, n)
			ctx := context.Background()
			b.ReportAllocs()
			total := 0
			for b.Loop() {
				it := ipr.Routes(ctx)
				for it.Next() {
					_ = it.View().Dst()
					total++
				}
				if err := it.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "routes/s")
			b.ReportMetric(0, "ns/op")
		})
	}
}

func itoa(n int) string {
	if n >= 1000 && n%1000 == 0 {
		return itoa(n/1000) + "k"
	}
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		if n /= 10; n == 0 {
			return s
		}
	}
}
