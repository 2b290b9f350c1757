package rtnl_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
)

// populate fills ns with links of the kinds this kernel has, addresses,
// routes (several types and tables, multipath, metrics), rules,
// neighbours, FDB entries and nexthops.
func populate(t *testing.T, ns *testutil.NetNS) {
	t.Helper()
	testutil.RequireKernel(t, "link:bridge", "link:veth", "link:vxlan", "link:macvlan")
	ns.Batch(t,
		"link add br0 type bridge",
		"link add v0 type veth peer name v1",
		"link add v2 type veth peer name v3",
		"link set v0 master br0",
		"link set v2 master br0",
		"link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 nolearning",
		"link add mv0 link v1 type macvlan mode bridge",
		"link property add dev v1 altname uplink-one",
		"link set br0 up", "link set v0 up", "link set v1 up", "link set v2 up", "link set v3 up", "link set vx0 up", "link set mv0 up",
		"addr add 192.0.2.1/24 dev v1 label v1:main",
		"addr add 192.0.2.9/24 dev v1 label v1:sec",
		"addr add 198.51.100.1/24 dev v3",
		"addr add 2001:db8::1/64 dev v1 nodad",
		"addr add 2001:db8:1::1/64 dev v3 nodad",
		"route add 10.1.0.0/16 via 192.0.2.2 dev v1 metric 10 mtu 1400",
		"route add 10.2.0.0/16 nexthop via 192.0.2.2 dev v1 weight 2 nexthop via 198.51.100.2 dev v3 weight 5",
		"route add blackhole 10.3.0.0/16 table 100",
		"route add unreachable 10.4.0.0/16 table 1000",
		"route add default via 192.0.2.254 dev v1",
		"route add 2001:db8:2::/48 via 2001:db8::2 dev v1 table 100",
		"rule add from 10.0.0.0/8 table 100 pref 100",
		"rule add fwmark 0x10/0xff table 1000 pref 200",
		"rule add iif v1 oif v3 table 100 pref 300",
		"neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev v1 nud permanent",
		"neigh add 2001:db8::2 lladdr 02:00:00:00:00:03 dev v1 nud permanent",
		"nexthop add id 1 via 192.0.2.2 dev v1",
		"nexthop add id 2 via 198.51.100.2 dev v3",
		"nexthop add id 10 group 1/2,3",
		"nexthop add id 3 blackhole",
	)
	ns.Exec(t, "bridge", "fdb", "add", "02:00:00:00:00:10", "dev", "v0", "master", "static")
	ns.Exec(t, "bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "vx0", "dst", "192.0.2.20", "self", "permanent")
}

func TestCrossCheckIPRoute2(t *testing.T) {
	ipr, ns := dialNS(t)
	populate(t, ns)
	ctx := context.Background()
	t.Run("links", func(t *testing.T) { checkLinks(t, ctx, ipr, ns) })
	t.Run("addrs", func(t *testing.T) { checkAddrs(t, ctx, ipr, ns) })
	t.Run("routes", func(t *testing.T) { checkRoutes(t, ctx, ipr, ns) })
	t.Run("rules", func(t *testing.T) { checkRules(t, ctx, ipr, ns) })
	t.Run("neighbours", func(t *testing.T) { checkNeighbours(t, ctx, ipr, ns) })
	t.Run("fdb", func(t *testing.T) { checkFDB(t, ctx, ipr, ns) })
	t.Run("nexthops", func(t *testing.T) { checkNexthops(t, ctx, ipr, ns) })
}

func checkLinks(t *testing.T, ctx context.Context, ipr *rtnl.IPRoute, ns *testutil.NetNS) {
	var want []struct {
		Index     int      `json:"ifindex"`
		Name      string   `json:"ifname"`
		MTU       uint32   `json:"mtu"`
		OperState string   `json:"operstate"`
		Address   string   `json:"address"`
		Master    string   `json:"master"`
		Flags     []string `json:"flags"`
		AltNames  []string `json:"altnames"`
		TxQLen    uint32   `json:"txqlen"`
		Info      struct {
			Kind string `json:"info_kind"`
		} `json:"linkinfo"`
	}
	ns.RunJSON(t, &want, "-d", "link", "show")
	links, err := ipr.GetLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != len(want) {
		t.Fatalf("%d links, ip shows %d", len(links), len(want))
	}
	names := map[int]string{}
	for _, l := range links {
		names[l.Index()] = l.NameString()
	}
	for i, w := range want {
		l := links[i]
		up := false
		for _, f := range w.Flags {
			up = up || f == "UP"
		}
		var alts []string
		it := l.AltNames()
		for it.Next() {
			alts = append(alts, it.Value().String())
		}
		if err := it.Err(); err != nil {
			t.Errorf("link %s: altnames: %v", l.Name(), err)
		}
		addr := l.Address().String()
		if _, err := netip.ParseAddr(w.Address); err == nil {
			// ip prints the "link-layer" address of an IP tunnel
			// (ipip, sit, ip6tnl …) as the IP address it is.
			if a, ok := netip.AddrFromSlice(l.Address()); ok {
				addr = a.String()
			}
		}
		got := key(l.Index(), l.NameString(), l.MTU(), l.OperStateString(), addr, names[l.Master()], up, alts, l.TxQLen(), l.KindString())
		exp := key(w.Index, w.Name, w.MTU, w.OperState, w.Address, w.Master, up, w.AltNames, w.TxQLen, w.Info.Kind)
		if got != exp {
			t.Errorf("link %d:\n got %s\nwant %s", w.Index, got, exp)
		}
	}
}

func checkAddrs(t *testing.T, ctx context.Context, ipr *rtnl.IPRoute, ns *testutil.NetNS) {
	var want []struct {
		Index int `json:"ifindex"`
		Addrs []struct {
			Family    string `json:"family"`
			Local     string `json:"local"`
			PrefixLen int    `json:"prefixlen"`
			Scope     string `json:"scope"`
			Label     string `json:"label"`
			Broadcast string `json:"broadcast"`
		} `json:"addr_info"`
	}
	ns.RunJSON(t, &want, "addr", "show")
	var exp []string
	for _, l := range want {
		for _, a := range l.Addrs {
			exp = append(exp, key(l.Index, a.Local, a.PrefixLen, a.Label, a.Broadcast))
		}
	}
	addrs, err := ipr.GetAddrs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range addrs {
		bc := ""
		if b := a.Broadcast(); b.IsValid() {
			bc = b.String()
		}
		got = append(got, key(a.Index(), a.Prefix().Addr(), a.PrefixLen(), string(a.Label()), bc))
	}
	sameSet(t, "addresses", got, exp)
}

// checkRoutes compares the routes of every table through both tools. A
// link's IPv6 routes (fe80::/64, ff00::/8) come when its address
// configuration runs, which can fall between the two dumps (seen with
// the macvlan in the VM lane): the dumps are retaken until they agree,
// a few times, before the difference is reported.
func checkRoutes(t *testing.T, ctx context.Context, ipr *rtnl.IPRoute, ns *testutil.NetNS) {
	t.Helper()
	var got, exp []string
	for range 5 {
		got, exp = routeSets(t, ctx, ipr, ns)
		if sameMultiset(got, exp) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	sameSet(t, "routes", got, exp)
}

// sameMultiset reports whether a and b hold the same strings as often.
func sameMultiset(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		if count[s]--; count[s] < 0 {
			return false
		}
	}
	return true
}

// routeSets returns the routes as this package reads them and as
// iproute2 shows them, in one comparable form.
func routeSets(t *testing.T, ctx context.Context, ipr *rtnl.IPRoute, ns *testutil.NetNS) (got, exp []string) {
	type hop struct {
		Gateway string `json:"gateway"`
		Dev     string `json:"dev"`
		Weight  int    `json:"weight"`
	}
	for _, fam := range []string{"-4", "-6"} {
		var want []struct {
			Type     string `json:"type"`
			Dst      string `json:"dst"`
			Gateway  string `json:"gateway"`
			Dev      string `json:"dev"`
			Table    string `json:"table"`
			Metric   uint32 `json:"metric"`
			Metrics  []any  `json:"metrics"`
			Nexthops []hop  `json:"nexthops"`
		}
		ns.RunJSON(t, &want, fam, "route", "show", "table", "all")
		for _, r := range want {
			if r.Table == "" {
				r.Table = "main"
			}
			if r.Type == "" {
				r.Type = "unicast"
			}
			exp = append(exp, key(r.Type, " ", r.Dst, " ", r.Gateway, " ", r.Dev, " ", r.Table, " ", r.Metric, " ", r.Nexthops))
		}
	}
	names := linkNames(t, ctx, ipr)
	tables := map[uint32]string{254: "main", 255: "local", 253: "default"}
	types := map[uint8]string{1: "unicast", 2: "local", 3: "broadcast", 5: "multicast", 6: "blackhole", 7: "unreachable"}
	it := ipr.Routes(ctx)
	for it.Next() {
		r := it.View()
		if r.Family() != uapi.AF_INET && r.Family() != uapi.AF_INET6 {
			continue
		}
		tb, ok := tables[uint32(r.Table())]
		if !ok {
			tb = fmt.Sprint(r.Table())
		}
		dst := "default"
		if !r.IsDefault() {
			dst = r.Dst().String()
			if r.Dst().Bits() == r.Dst().Addr().BitLen() {
				dst = r.Dst().Addr().String()
			}
		}
		gw := ""
		if r.Gateway().IsValid() {
			gw = r.Gateway().String()
		}
		var hops []hop
		mp := r.Multipath()
		for mp.Next() {
			h := mp.Hop()
			hops = append(hops, hop{h.Gateway().String(), names[h.OIF], h.Weight})
		}
		if err := mp.Err(); err != nil {
			t.Errorf("route %s: multipath: %v", dst, err)
		}
		got = append(got, key(types[uint8(r.Type())], " ", dst, " ", gw, " ", names[r.OIF()], " ", tb, " ", r.Priority(), " ", hops))
		if mtu, ok := r.Metric(uapi.RTAX_MTU); ok && mtu != 1400 {
			t.Errorf("route %s: mtu %d", dst, mtu)
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return got, exp
}

func checkRules(t *testing.T, ctx context.Context, ipr *rtnl.IPRoute, ns *testutil.NetNS) {
	var exp []string
	for _, fam := range []string{"-4", "-6"} {
		var want []struct {
			Priority uint32 `json:"priority"`
			Src      string `json:"src"`
			SrcLen   int    `json:"srclen"`
			Table    string `json:"table"`
			IIF      string `json:"iif"`
			OIF      string `json:"oif"`
		}
		ns.RunJSON(t, &want, fam, "rule", "show")
		for _, r := range want {
			exp = append(exp, key(r.Priority, r.Src, r.SrcLen, r.Table, r.IIF, r.OIF))
		}
	}
	tables := map[uint32]string{254: "main", 255: "local", 253: "default"}
	rules, err := ipr.GetRules(ctx, ipFamilies)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rules {
		src, srcLen := "all", 0
		if p := r.Src(); p.IsValid() {
			src, srcLen = p.Addr().String(), p.Bits()
		}
		tb, ok := tables[uint32(r.Table())]
		if !ok {
			tb = fmt.Sprint(r.Table())
		}
		got = append(got, key(r.Priority(), src, srcLen, tb, string(r.IIFName()), string(r.OIFName())))
	}
	sameSet(t, "rules", got, exp)
}

func checkNeighbours(t *testing.T, ctx context.Context, ipr *rtnl.IPRoute, ns *testutil.NetNS) {
	var want []struct {
		Dst    string `json:"dst"`
		Dev    string `json:"dev"`
		LLAddr string `json:"lladdr"`
	}
	ns.RunJSON(t, &want, "neigh", "show")
	var exp []string
	for _, n := range want {
		exp = append(exp, key(n.Dst, n.Dev, n.LLAddr))
	}
	names := linkNames(t, ctx, ipr)
	// ip hides NUD_NOARP entries (multicast) without "nud all".
	neigh, err := ipr.GetNeighbours(ctx, ipFamilies, rtnl.Match{"state": func(s uint64) bool { return s != 0x40 }})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range neigh {
		got = append(got, key(n.Dst(), names[n.IfIndex()], n.LLAddr()))
	}
	sameSet(t, "neighbours", got, exp)
}

func checkFDB(t *testing.T, ctx context.Context, ipr *rtnl.IPRoute, ns *testutil.NetNS) {
	var want []struct {
		MAC    string `json:"mac"`
		Dev    string `json:"ifname"`
		Dst    string `json:"dst"`
		VLAN   int    `json:"vlan"`
		Master string `json:"master"`
	}
	out := ns.Exec(t, "bridge", "-j", "fdb", "show")
	if err := json.Unmarshal([]byte(out), &want); err != nil {
		t.Fatalf("bridge -j fdb: %v\n%s", err, out)
	}
	var exp []string
	for _, f := range want {
		exp = append(exp, key(f.MAC, f.Dev, f.Dst, f.VLAN, f.Master))
	}
	names := linkNames(t, ctx, ipr)
	fdb, err := ipr.GetFDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fdb {
		dst := ""
		if f.Dst().IsValid() {
			dst = f.Dst().String()
		}
		got = append(got, key(f.LLAddr(), names[f.IfIndex()], dst, f.VLAN(), names[f.Master()]))
	}
	sameSet(t, "fdb", got, exp)
}

func checkNexthops(t *testing.T, ctx context.Context, ipr *rtnl.IPRoute, ns *testutil.NetNS) {
	var want []struct {
		ID        uint32          `json:"id"`
		Gateway   string          `json:"gateway"`
		Dev       string          `json:"dev"`
		Blackhole json.RawMessage `json:"blackhole"`
		Group     []struct {
			ID     uint32 `json:"id"`
			Weight int    `json:"weight"`
		} `json:"group"`
	}
	ns.RunJSON(t, &want, "nexthop", "show")
	var exp []string
	for _, n := range want {
		exp = append(exp, key(n.ID, n.Gateway, n.Dev, len(n.Blackhole) > 0, n.Group))
	}
	names := linkNames(t, ctx, ipr)
	nhs, err := ipr.GetNexthops(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range nhs {
		gw := ""
		if n.Gateway().IsValid() {
			gw = n.Gateway().String()
		}
		var group []struct {
			ID     uint32 `json:"id"`
			Weight int    `json:"weight"`
		}
		for i := range n.Group() {
			id, w := n.GroupMember(i)
			if w == 1 {
				w = 0 // ip omits weight 1
			}
			group = append(group, struct {
				ID     uint32 `json:"id"`
				Weight int    `json:"weight"`
			}{id, w})
		}
		got = append(got, key(n.ID(), gw, names[n.OIF()], n.Blackhole(), group))
	}
	sameSet(t, "nexthops", got, exp)
}

func linkNames(t *testing.T, ctx context.Context, ipr *rtnl.IPRoute) map[int]string {
	links, err := ipr.GetLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := map[int]string{}
	for _, l := range links {
		m[l.Index()] = l.NameString()
	}
	return m
}

// sameSet compares two lists as multisets and reports the differences.
func sameSet(t *testing.T, what string, got, want []string) {
	t.Helper()
	count := map[string]int{}
	for _, s := range want {
		count[s]++
	}
	for _, s := range got {
		count[s]--
	}
	for s, n := range count {
		if n > 0 {
			t.Errorf("%s: missing %q", what, s)
		} else if n < 0 {
			t.Errorf("%s: extra %q", what, s)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d, iproute2 shows %d", what, len(got), len(want))
	}
}

// key joins parts with spaces: one comparable line per object.
func key(parts ...any) string { return strings.TrimSuffix(fmt.Sprintln(parts...), "\n") }

// ipFamilies keeps IPv4 and IPv6 messages: a family-0 dump also brings
// multicast routing's (RTNL_FAMILY_IPMR …), which ip shows apart.
var ipFamilies = rtnl.Match{"family": func(f uint64) bool { return f == uapi.AF_INET || f == uapi.AF_INET6 }}
