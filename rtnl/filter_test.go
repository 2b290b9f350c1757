package rtnl_test

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
)

func TestFilters(t *testing.T) {
	ipr, ns := dialNS(t)
	populate(t, ns)
	ctx := context.Background()
	v1 := ns.IfIndex(t, "v1")
	names := func(fs ...rtnl.Matcher) []string {
		t.Helper()
		links, err := ipr.GetLinks(ctx, fs...)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range links {
			if !testutil.IsTunnelFallback(l.NameString()) {
				out = append(out, l.NameString())
			}
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		name string
		f    []rtnl.Matcher
		want []string
	}{
		{"index", []rtnl.Matcher{rtnl.Match{"index": v1}}, []string{"v1"}},
		{"ifname", []rtnl.Matcher{rtnl.Match{"ifname": "br0"}}, []string{"br0"}},
		{"missing", []rtnl.Matcher{rtnl.Match{"ifname": "nosuch"}}, nil},
		{"dotted path", []rtnl.Matcher{rtnl.Match{"linkinfo.kind": "veth"}}, []string{"v0", "v1", "v2", "v3"}},
		{"nested map", []rtnl.Matcher{rtnl.Match{"linkinfo": rtnl.Match{"kind": "vxlan"}}}, []string{"vx0"}},
		{"deep path", []rtnl.Matcher{rtnl.Match{"linkinfo.data.vxlan_id": 42}}, []string{"vx0"}},
		{"master", []rtnl.Matcher{rtnl.Match{"master": ns.IfIndex(t, "br0")}}, []string{"v0", "v2"}},
		{"state", []rtnl.Matcher{rtnl.Match{"state": "down"}}, nil},
		{"json number", []rtnl.Matcher{rtnl.Match{"index": float64(v1)}}, []string{"v1"}},
		{"predicate", []rtnl.Matcher{rtnl.MatchFunc(func(m *codec.Msg) bool { return rtnl.AsLink(m).MTU() == 65536 })}, []string{"lo"}},
		{"value predicate", []rtnl.Matcher{rtnl.Match{
			"ifname": func(s string) bool { return len(s) == 2 && s[0] == 'v' },
			"mtu":    func(u uint64) bool { return u == 1500 },
		}}, []string{"v0", "v1", "v2", "v3"}},
		{"mac", []rtnl.Matcher{rtnl.Match{"address": "00:00:00:00:00:00"}}, []string{"lo"}},
		{"two filters", []rtnl.Matcher{rtnl.Match{"linkinfo.kind": "veth"}, rtnl.Match{"master": 0, "ifname": "v1"}}, nil},
	} {
		if got := names(tc.f...); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}

	// Addresses by label, routes by table and prefix, neighbours by state.
	addrs, err := ipr.GetAddrs(ctx, rtnl.Match{"label": "v1:sec"})
	if err != nil || len(addrs) != 1 || addrs[0].Prefix() != netip.MustParsePrefix("192.0.2.9/24") {
		t.Errorf("label: %v %v", addrs, err)
	}
	routes, err := ipr.GetRoutes(ctx, rtnl.Match{"family": uapi.AF_INET6, "table": 100})
	if err != nil || len(routes) != 1 || routes[0].Dst() != netip.MustParsePrefix("2001:db8:2::/48") {
		t.Errorf("v6 table 100: %d routes, %v", len(routes), err)
	}
	routes, err = ipr.GetRoutes(ctx, rtnl.Match{"dst": "10.2.0.0/16"})
	if err != nil || len(routes) != 1 {
		t.Errorf("dst prefix: %d routes, %v", len(routes), err)
	}
	routes, err = ipr.GetRoutes(ctx, rtnl.Match{"priority": func(v uint64) bool { return v == 10 }})
	if err != nil || len(routes) != 1 || routes[0].Dst() != netip.MustParsePrefix("10.1.0.0/16") {
		t.Errorf("priority predicate: %d routes, %v", len(routes), err)
	}
	dit := ipr.DefaultRoutes(ctx)
	def, err := dit.Collect()
	if err != nil || len(def) != 1 || def[0].Gateway() != netip.MustParsePrefix("192.0.2.254/32").Addr() {
		t.Errorf("default routes: %d, %v", len(def), err)
	}

	// A bad keyword fails before anything is sent.
	sends := ipr.Conn().Stats().Sends
	_, err = ipr.GetLinks(ctx, rtnl.Match{"nosuch": 1})
	if !errors.Is(err, codec.ErrBadSpec) || ipr.Conn().Stats().Sends != sends {
		t.Errorf("bad keyword: %v", err)
	}

	// MatchMessages on any stream.
	all, err := ipr.Request(ctx, "link dump", uapi.RTM_GETLINK, 0x300, codec.Link, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := rtnl.MatchMessages(rtnl.Match{"linkinfo.kind": "bridge"}, all); len(got) != 1 {
		t.Errorf("MatchMessages: %d", len(got))
	}
	if got := rtnl.MatchMessages(nil, all); len(got) != len(all) {
		t.Errorf("MatchMessages(nil): %d of %d", len(got), len(all))
	}
}

func TestLinkLookup(t *testing.T) {
	ipr, ns := dialNS(t)
	populate(t, ns)
	ctx := context.Background()
	v1 := ns.IfIndex(t, "v1")
	for _, tc := range []struct {
		spec rtnl.Spec
		want []int
	}{
		{rtnl.Spec{"ifname": "v1"}, []int{v1}},
		{rtnl.Spec{"altname": "uplink-one"}, []int{v1}},
		{rtnl.Spec{"ifname": "nosuch"}, nil},
		{rtnl.Spec{"altname": "nosuch"}, nil},
		{rtnl.Spec{"operstate": func(u uint64) bool { return u == 6 }, "ifname": func(s string) bool { return s == "v1" }}, []int{v1}},
	} {
		got, err := ipr.LinkLookup(ctx, tc.spec)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%v: %v %v, want %v", tc.spec, got, err, tc.want)
		}
	}
	// By name: one request, one reply.
	it := ipr.Links(ctx, rtnl.Match{"ifname": "v1"})
	for it.Next() {
	}
	if it.Received() != 1 || it.Err() != nil {
		t.Errorf("get by name received %d, %v", it.Received(), it.Err())
	}
}

func TestLinksAllocs(t *testing.T) {
	skipIfViewChecks(t)
	ipr, ns := dialNS(t)
	populate(t, ns)
	ctx := context.Background()
	var sink int
	walk := func() {
		it := ipr.Links(ctx)
		for it.Next() {
			l := it.View()
			sink += l.Index() + int(l.MTU()) + len(l.Name()) + len(l.Kind()) + len(l.Address()) + l.Master() + int(l.OperState())
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
	}
	walk()
	if n := testing.AllocsPerRun(20, walk); n != 0 {
		t.Fatalf("Links: %v allocations per dump, want 0", n)
	}
}

func TestDumpAndShow(t *testing.T) {
	ipr, ns := dialNS(t)
	populate(t, ns)
	ctx := context.Background()
	d := ipr.Dump(ctx)
	count := map[string]int{}
	for d.Next() {
		count[d.Object()]++
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{"link", "addr", "route", "rule", "neigh", "fdb", "nexthop", "qdisc", "neightbl", "stats"} {
		if count[o] == 0 {
			t.Errorf("dump: no %s", o)
		}
	}
	it := ipr.Show(ctx, "nosuch")
	if it.Next() || it.Err() == nil {
		t.Errorf("unknown object: %v", it.Err())
	}
	it = ipr.Show(ctx, "stats", rtnl.Match{"ifindex": ns.IfIndex(t, "v1")})
	n := 0
	for it.Next() {
		n++
	}
	if n != 1 || it.Err() != nil {
		t.Errorf("stats of v1: %d, %v", n, it.Err())
	}
}
