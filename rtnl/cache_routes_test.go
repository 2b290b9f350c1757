package rtnl

import (
	"bytes"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// randomRoute returns a route of one of many shapes: IPv4 and IPv6, the
// default route, a source prefix, multipath, few distinct destinations so
// that adds replace and deletes hit.
func randomRoute(rng *rand.Rand) Route {
	rt := Route{Proto: RouteProtocol(rng.IntN(3) + 2), Priority: uint32(rng.IntN(2)), Table: RouteTable(254 + rng.IntN(2))}
	v6 := rng.IntN(2) == 0
	d := rng.IntN(64)
	switch {
	case !v6 && d == 0:
		rt.Family = uapi.AF_INET // the default route
	case !v6 && d == 1:
		rt.Dst = netip.MustParsePrefix("0.0.0.0/0") // another key: with an RTA_DST
	case !v6:
		rt.Dst = netip.PrefixFrom(v4Addr(0x0a000000+uint32(d)<<8), 24+rng.IntN(2)*8)
	case d == 0:
		rt.Family = uapi.AF_INET6
	default:
		rt.Dst = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, byte(d)}), 64)
		if rng.IntN(4) == 0 {
			rt.Src = netip.MustParsePrefix("2001:db8::/48")
		}
	}
	gw := func(i int) netip.Addr {
		if v6 {
			return netip.AddrFrom16([16]byte{0xfe, 0x80, 15: byte(i)})
		}
		return v4Addr(0xc0a80000 + uint32(i))
	}
	switch rng.IntN(3) {
	case 0:
		rt.Gateway, rt.OIF = gw(rng.IntN(3)+1), rng.IntN(3)+1
	case 1:
		rt.Multipath = []RouteHop{{Gateway: gw(1), OIF: 1}, {Gateway: gw(rng.IntN(3) + 2), OIF: 2}}
	default:
		rt.OIF = rng.IntN(3) + 1
	}
	return rt
}

// normalised returns msg with its header's flags, sequence and port
// zeroed, as the cache stores routes.
func normalised(msg []byte) string {
	b := slices.Clone(msg)
	h, _ := wire.ParseHeader(b)
	h.Flags, h.Seq, h.PID = 0, 0, 0
	h.Put(b)
	return string(b)
}

// TestCacheRouteStore: random adds, replaces, deletes and link purges
// leave the compact route store holding exactly the messages a plain map
// by key holds, read back byte for byte by GetRoutes, Snapshot and
// RangeRoutes; when the routes are gone so are their templates.
func TestCacheRouteStore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	c := offlineCache()
	want := map[string]string{}
	var b wire.Builder
	var m codec.Msg
	for i := range 20000 {
		rt := randomRoute(rng)
		b.Reset(nil)
		if err := rt.Encode(&b, "add", uint32(i)); err != nil {
			t.Fatal(err)
		}
		if err := m.ResetBytes(codec.Route, b.Bytes()); err != nil {
			t.Fatal(err)
		}
		key, ok := KeyOf("route", &m)
		if !ok {
			t.Fatalf("route %+v: no key", rt)
		}
		del := rng.IntN(3) == 0
		if del {
			delete(want, key)
		} else {
			want[key] = normalised(b.Bytes())
		}
		c.applyMsg(kRoute, uapi.RTM_NEWROUTE, del, &m)
		if i%5000 == 4999 { // a link goes away with its single-path routes
			idx := rng.IntN(3) + 1
			for k, msg := range want {
				var mm codec.Msg
				if mm.ResetBytes(codec.Route, []byte(msg)) == nil && (RouteView{&mm}).OIF() == idx {
					delete(want, k)
				}
			}
			c.purgeLink(idx)
		}
	}
	if len(want) == 0 || c.Len("route") != len(want) {
		t.Fatalf("cache holds %d routes, want %d", c.Len("route"), len(want))
	}
	if len(c.routes.v4) == 0 || len(c.routes.v6) == 0 || len(c.routes.other) == 0 {
		t.Errorf("a table unused: %d IPv4, %d IPv6, %d other", len(c.routes.v4), len(c.routes.v6), len(c.routes.other))
	}
	read := func(views []RouteView) []string {
		var out []string
		for _, v := range views {
			out = append(out, string(v.Msg().AppendRaw(nil)))
		}
		slices.Sort(out)
		return out
	}
	var wantMsgs []string
	for _, msg := range want {
		wantMsgs = append(wantMsgs, msg)
	}
	slices.Sort(wantMsgs)
	if got := read(c.GetRoutes()); !slices.Equal(got, wantMsgs) {
		t.Errorf("GetRoutes differs from the reference (%d vs %d routes)", len(got), len(wantMsgs))
	}
	if got := read(c.Snapshot().Routes); !slices.Equal(got, wantMsgs) {
		t.Errorf("Snapshot differs from the reference")
	}
	var ranged []string
	c.RangeRoutes(func(v RouteView) bool {
		ranged = append(ranged, string(v.Msg().AppendRaw(nil)))
		return true
	})
	slices.Sort(ranged)
	if !slices.Equal(ranged, wantMsgs) {
		t.Errorf("RangeRoutes differs from the reference")
	}
	if n := len(c.routes.tpls.ids); n == 0 || n > len(want) {
		t.Errorf("%d templates for %d routes", n, len(want))
	}
	for _, v := range c.GetRoutes() { // delete them all
		c.applyMsg(kRoute, uapi.RTM_DELROUTE, true, v.Msg())
	}
	if c.Len("route") != 0 || len(c.routes.tpls.ids) != 0 || len(c.routes.tpls.free) != len(c.routes.tpls.recs) {
		t.Errorf("after deleting every route: %d routes, %d templates, %d of %d handles free",
			c.Len("route"), len(c.routes.tpls.ids), len(c.routes.tpls.free), len(c.routes.tpls.recs))
	}
}

// TestCacheRangeRoutesAllocs: walking the routes allocates nothing, and
// stops when f says so.
func TestCacheRangeRoutesAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates in sync.Pool")
	}
	c := offlineCache()
	feedRoutes(t, c, 1000, memShapes[0].route)
	feedRoutes(t, c, 1000, memShapes[2].route)
	n, sum := 0, 0
	f := func(v RouteView) bool {
		n++
		sum += v.DstLen()
		return true
	}
	if a := testing.AllocsPerRun(20, func() { c.RangeRoutes(f) }); a != 0 {
		t.Errorf("RangeRoutes: %v allocations, want 0", a)
	}
	if n != 21*2000 || sum != 21*(1000*32+1000*56) {
		t.Errorf("RangeRoutes saw %d routes (dst_len sum %d)", n, sum)
	}
	n = 0
	c.RangeRoutes(func(RouteView) bool { n++; return n < 10 })
	if n != 10 {
		t.Errorf("RangeRoutes went on after false: %d calls", n)
	}
	var first []byte
	c.RangeRoutes(func(v RouteView) bool { first = v.Msg().AppendRaw(nil); return false })
	if !bytes.Contains(first, []byte{0xc0, 0xa8, 0, 1}) && !bytes.Contains(first, []byte{0xfe, 0x80}) {
		t.Errorf("a ranged route has no gateway: % x", first)
	}
}
