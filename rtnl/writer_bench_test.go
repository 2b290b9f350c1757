package rtnl_test

import (
	"context"
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/nltest"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// BenchmarkWriterFake measures what a route costs in this process, the
// kernel left out: errors-only route adds over a fake transport that acks
// each send's barrier, through rtnl.Writer (typed RouteAdd) and through a
// ring.Pipeline with the same request built by hand. One op is one route.
//
// With errors-only acks the Pipeline sends from a goroutine of its own,
// so on more than one core the fake kernel's work overlaps the encoding;
// -cpu 1 measures the CPU a route costs.
//
//	go test ./rtnl -run '^$' -bench WriterFake -benchmem -cpu 1
func BenchmarkWriterFake(b *testing.B) {
	fake := func(req []byte) []nltest.Datagram {
		var out []nltest.Datagram
		it := wire.NewMessages(req)
		for it.Next() {
			if m := it.Message(); m.Header.Flags&wire.FlagAck != 0 {
				out = append(out, nltest.Datagram{Data: nltest.Ack(req[:m.Header.Len])})
			}
		}
		if it.Err() != nil {
			panic(it.Err()) // the writer sent a malformed request
		}
		return out
	}
	gw := netip.MustParseAddr("192.0.2.1")
	dst := func(i int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
	}
	ctx := context.Background()
	b.Run("writer", func(b *testing.B) {
		r := rtnl.New(nltest.Dial(fake))
		defer r.Close()
		w, err := r.NewWriter(ctx, rtnl.WriterConfig{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := w.RouteAdd(rtnl.Route{Dst: dst(i), Gateway: gw, OIF: 2, Proto: rtnl.ProtoStatic}); err != nil {
				b.Fatal(err)
			}
			i++
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("pipeline", func(b *testing.B) {
		c := nltest.Dial(fake)
		defer c.Close()
		p, err := c.Pipeline(ctx, ring.PipelineOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			bl := p.Begin(uapi.RTM_NEWROUTE, wire.FlagCreate|wire.FlagExcl)
			h := bl.Reserve(12)
			h[0], h[1], h[4], h[5], h[7] = uapi.AF_INET, 32, uapi.RT_TABLE_MAIN, uapi.RTPROT_STATIC, uapi.RTN_UNICAST
			bl.PutAddr(uapi.RTA_DST, dst(i).Addr())
			bl.PutUint32(uapi.RTA_OIF, 2)
			bl.PutAddr(uapi.RTA_GATEWAY, gw)
			if _, err := p.End(); err != nil {
				b.Fatal(err)
			}
			i++
		}
		if err := p.Close(); err != nil {
			b.Fatal(err)
		}
	})
}
