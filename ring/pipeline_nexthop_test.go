package ring_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// The nexthop fast path: routes point at a nexthop object (RTA_NH_ID)
// instead of carrying their gateway, so one RTM_NEWNEXTHOP with
// NLM_F_REPLACE — a group's new member list, or a nexthop's new gateway —
// moves every route that uses it.

// appendNexthop builds an RTM_NEWNEXTHOP of nexthop id through gw on oif.
func appendNexthop(b *wire.Builder, id uint32, gw netip.Addr, oif uint32, flags wire.HeaderFlags) {
	b.Begin(uapi.RTM_NEWNEXTHOP, flags|wire.FlagRequest, 0)
	nh := b.Reserve(8) // struct nhmsg
	nh[0] = afInet     // nh_family
	b.PutUint32(uapi.NHA_ID, id)
	b.PutAddr(uapi.NHA_GATEWAY, gw)
	b.PutUint32(uapi.NHA_OIF, oif)
	b.End()
}

// appendGroup builds an RTM_NEWNEXTHOP of group id over members, weight 1.
func appendGroup(b *wire.Builder, id uint32, flags wire.HeaderFlags, members ...uint32) {
	b.Begin(uapi.RTM_NEWNEXTHOP, flags|wire.FlagRequest, 0)
	b.Reserve(8) // struct nhmsg, nh_family AF_UNSPEC for a group
	b.PutUint32(uapi.NHA_ID, id)
	grp := make([]byte, 8*len(members)) // struct nexthop_grp: id u32, weight u8, weight_high u8, resvd2 u16
	for i, m := range members {
		binary.NativeEndian.PutUint32(grp[8*i:], m)
	}
	b.PutBytes(uapi.NHA_GROUP, grp)
	b.End()
}

// pipeRouteNH queues an RTM_NEWROUTE of dst/32 using nexthop object nhid.
func pipeRouteNH(p *ring.Pipeline, dst netip.Addr, nhid uint32, flags wire.HeaderFlags) (int, error) {
	b := p.Begin(rtmNewRoute, flags)
	rt := b.Reserve(12) // struct rtmsg
	rt[0] = afInet      // rtm_family
	rt[1] = 32          // rtm_dst_len
	rt[4] = 254         // rtm_table: RT_TABLE_MAIN
	rt[5] = 4           // rtm_protocol: RTPROT_STATIC
	rt[6] = 0           // rtm_scope: RT_SCOPE_UNIVERSE
	rt[7] = 1           // rtm_type: RTN_UNICAST
	b.PutAddr(rtaDst, dst)
	b.PutUint32(uapi.RTA_NH_ID, nhid)
	return p.End()
}

// nexthopNS makes a namespace with v0 up on 192.0.2.10/24, nexthops 1
// (via 192.0.2.1) and 2 (via 192.0.2.2), group 100 = [1], and n routes on
// the group.
func nexthopNS(tb testing.TB, n int) (*testutil.NetNS, *ring.Conn, uint32) {
	tb.Helper()
	ns, c, oif := pipelineNS(tb)
	ns.Run(tb, "addr", "add", "192.0.2.10/24", "dev", "v0")
	var b wire.Builder
	b.Reset(nil)
	appendNexthop(&b, 1, netip.MustParseAddr("192.0.2.1"), oif, wire.FlagCreate|wire.FlagExcl)
	appendNexthop(&b, 2, netip.MustParseAddr("192.0.2.2"), oif, wire.FlagCreate|wire.FlagExcl)
	appendGroup(&b, 100, wire.FlagCreate|wire.FlagExcl, 1)
	if failed, err := c.Batch(context.Background(), "nexthop add", b.Bytes(), nil); err != nil || failed != 0 {
		tb.Fatalf("nexthop add: %d failed, %v", failed, err)
	}
	p, err := c.Pipeline(context.Background(), ring.PipelineOptions{Op: "route add", Ack: ring.AckErrors})
	if err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		if _, err := pipeRouteNH(p, nthAddr(0, i), 100, wire.FlagCreate|wire.FlagExcl); err != nil {
			tb.Fatal(err)
		}
	}
	if err := p.Close(); err != nil || p.Stats().Failed != 0 {
		tb.Fatalf("route add: %v, %+v", err, p.Stats())
	}
	return ns, c, oif
}

// routeVia returns the gateway `ip route get` picks for dst.
func routeVia(tb testing.TB, ns *testutil.NetNS, dst string) string {
	tb.Helper()
	f := strings.Fields(ns.Run(tb, "route", "get", dst))
	for i := range len(f) - 1 {
		if f[i] == "via" {
			return f[i+1]
		}
	}
	tb.Fatalf("ip route get %s: no gateway in %q", dst, f)
	return ""
}

// countNH counts the routes of table main that use nexthop object nhid.
func countNH(tb testing.TB, c *ring.Conn, nhid uint32) int {
	tb.Helper()
	n := 0
	s := c.Dump(context.Background(), "route dump", routeDumpReq())
	for s.Next() {
		if a, ok := attrs(s.Message(), 12)[uapi.RTA_NH_ID]; ok {
			if v, _ := a.Uint32(); v == nhid {
				n++
			}
		}
	}
	if err := s.Err(); err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestKernelNexthopSwap installs 10,000 routes on group 100 and moves all
// of them twice with one request each: the group's member swapped from
// nexthop 1 to 2, then nexthop 2's gateway replaced.
func TestKernelNexthopSwap(t *testing.T) {
	const n = 10000
	ns, c, oif := nexthopNS(t, n)
	last := nthAddr(0, n-1).String()
	if got := routeVia(t, ns, last); got != "192.0.2.1" {
		t.Fatalf("before the swap %s goes via %s", last, got)
	}
	steps := []struct {
		name string
		req  func(b *wire.Builder)
		via  string
	}{
		{"group member swap", func(b *wire.Builder) { appendGroup(b, 100, wire.FlagReplace, 2) }, "192.0.2.2"},
		{"nexthop gateway replace", func(b *wire.Builder) {
			appendNexthop(b, 2, netip.MustParseAddr("192.0.2.3"), oif, wire.FlagReplace)
		}, "192.0.2.3"},
	}
	for _, st := range steps {
		var b wire.Builder
		b.Reset(nil)
		st.req(&b)
		before := c.Stats().Sends
		if err := c.Exec(context.Background(), "nexthop replace", b.Bytes()); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if sends := c.Stats().Sends - before; sends != 1 {
			t.Errorf("%s took %d requests", st.name, sends)
		}
		for _, i := range []int{0, n / 2, n - 1} {
			if got := routeVia(t, ns, nthAddr(0, i).String()); got != st.via {
				t.Errorf("%s: route %d goes via %s, want %s", st.name, i, got, st.via)
			}
		}
		if got := countNH(t, c, 100); got != n {
			t.Errorf("%s: %d routes on group 100, want %d", st.name, got, n)
		}
	}
}

// BenchmarkKernelNexthopSwap times moving n routes to another gateway:
// with one group replace ("swap") against replacing every route with its
// new gateway through a Pipeline ("reinstall").
func BenchmarkKernelNexthopSwap(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			skipBig(b, n)
			_, c, _ := nexthopNS(b, n)
			ctx := context.Background()
			b.Run("swap", func(b *testing.B) {
				var bl wire.Builder
				b.ReportAllocs()
				k := uint32(0)
				for b.Loop() {
					bl.Reset(bl.Bytes()[:0])
					appendGroup(&bl, 100, wire.FlagReplace, 1+k%2)
					k++
					if err := c.Exec(ctx, "nexthop replace", bl.Bytes()); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "routes/s")
			})
			b.Run("reinstall", func(b *testing.B) {
				b.ReportAllocs()
				k := uint32(0)
				for b.Loop() {
					p, err := c.Pipeline(ctx, ring.PipelineOptions{Ack: ring.AckErrors})
					if err != nil {
						b.Fatal(err)
					}
					for i := range n {
						pipeRouteNH(p, nthAddr(0, i), 1+k%2, wire.FlagReplace)
					}
					k++
					if err := p.Close(); err != nil || p.Stats().Failed != 0 {
						b.Fatalf("%v %+v", err, p.Stats())
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "routes/s")
			})
		})
	}
}
