package rtnl_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
)

type ipAddrJSON struct {
	AddrInfo []struct {
		Family    string `json:"family"`
		Local     string `json:"local"`
		Address   string `json:"address"`
		PrefixLen int    `json:"prefixlen"`
		Broadcast string `json:"broadcast"`
		Label     string `json:"label"`
		Scope     string `json:"scope"`
		NoDAD     bool   `json:"nodad"`
		NoPrefix  bool   `json:"noprefixroute"`
		ValidLft  uint32 `json:"valid_life_time"`
	} `json:"addr_info"`
}

// TestAddrReference adds every address example of the reference, in the
// Spec form and the typed form, and checks them through `ip -j -d addr`.
func TestAddrReference(t *testing.T) {
	ctx := context.Background()
	for form := range 2 {
		ipr, ns, idx := routeFixture(t)
		ns.Run(t, "addr", "flush", "dev", "eth0")
		add := func(s rtnl.Spec, a rtnl.Addr) {
			t.Helper()
			var err error
			if form == 0 {
				_, err = ipr.Do(ctx, "addr", "add", s)
			} else {
				a.Index = idx
				err = ipr.AddrAdd(ctx, a)
			}
			if err != nil {
				t.Fatalf("form %d: %v: %v", form, s, err)
			}
		}
		add(rtnl.Spec{"index": idx, "address": "10.0.0.1", "mask": 24, "broadcast": "10.0.0.255"}, rtnl.Addr{Prefix: pfx("10.0.0.1/24"), Broadcast: ip("10.0.0.255")})
		add(rtnl.Spec{"index": idx, "address": "10.0.0.2", "mask": 24, "broadcast": "10.0.0.255"}, rtnl.Addr{Prefix: pfx("10.0.0.2/24"), Broadcast: ip("10.0.0.255")})
		add(rtnl.Spec{"index": idx, "address": "10.0.0.3", "broadcast": "10.0.0.255", "prefixlen": 24}, rtnl.Addr{Prefix: pfx("10.0.0.3/24"), Broadcast: ip("10.0.0.255")})
		add(rtnl.Spec{"index": idx, "address": "10.0.0.4", "broadcast": "10.0.0.255", "prefixlen": 24, "label": "eth0:1"},
			rtnl.Addr{Prefix: pfx("10.0.0.4/24"), Broadcast: ip("10.0.0.255"), Label: "eth0:1"})
		add(rtnl.Spec{"index": idx, "address": "10.1.1.2", "mask": 24, "local": "10.1.1.1"}, rtnl.Addr{Prefix: pfx("10.1.1.1/24"), Peer: ip("10.1.1.2")})
		add(rtnl.Spec{"index": eth0(idx), "address": "172.16.5.2", "mask": 24, "broadcast": true}, rtnl.Addr{Prefix: pfx("172.16.5.2/24"), AutoBroadcast: true})
		add(rtnl.Spec{"index": idx, "address": "2001:db8:5::1/64", "flags": []string{"nodad", "noprefixroute"}, "valid_lft": 3000, "preferred_lft": 1000},
			rtnl.Addr{Prefix: pfx("2001:db8:5::1/64"), Flags: uapi.IFA_F_NODAD | uapi.IFA_F_NOPREFIXROUTE, ValidLft: 3000, PreferredLft: 1000})
		add(rtnl.Spec{"index": idx, "address": "10.9.9.9/32", "scope": "link"}, rtnl.Addr{Prefix: pfx("10.9.9.9/32"), Scope: uapi.RT_SCOPE_LINK})

		var links []ipAddrJSON
		ns.RunJSON(t, &links, "-d", "addr", "show", "dev", "eth0")
		got := map[string]string{}
		for _, a := range links[0].AddrInfo {
			got[a.Local] = strings.Join([]string{a.Address, a.Broadcast, a.Label, a.Scope}, "|")
			if a.Local == "2001:db8:5::1" && (!a.NoDAD || !a.NoPrefix || a.ValidLft == 0 || a.ValidLft > 3000) {
				t.Errorf("form %d: v6 address flags/lifetimes: %+v", form, a)
			}
		}
		for local, want := range map[string]string{
			"10.0.0.1": "|10.0.0.255|eth0|global", "10.0.0.2": "|10.0.0.255|eth0|global", "10.0.0.3": "|10.0.0.255|eth0|global",
			"10.0.0.4": "|10.0.0.255|eth0:1|global", "10.1.1.1": "10.1.1.2||eth0|global", "172.16.5.2": "|172.16.5.255|eth0|global",
			"10.9.9.9": "||eth0|link",
		} {
			if g := got[local]; g != want && !(strings.HasPrefix(want, "|") && g == local+want) {
				t.Errorf("form %d: %s = %q, want %q", form, local, g, want)
			}
		}
		// Filters of the reference's get_addr.
		if as, err := ipr.GetAddrs(ctx, rtnl.Match{"index": idx, "broadcast": "10.0.0.255"}); err != nil || len(as) != 4 {
			t.Errorf("form %d: get_addr(index, broadcast): %d, %v", form, len(as), err)
		}
		if as, err := ipr.GetAddrs(ctx, rtnl.Match{"label": "eth0:1"}); err != nil || len(as) != 1 {
			t.Errorf("form %d: get_addr(label): %d, %v", form, len(as), err)
		}
		// del, EEXIST, flush by label, flush by index.
		if form == 0 {
			if _, err := ipr.Do(ctx, "addr", "del", rtnl.Spec{"index": idx, "address": "10.9.9.9"}); err != nil {
				t.Errorf("del: %v", err)
			}
			if _, err := ipr.Do(ctx, "addr", "add", rtnl.Spec{"index": idx, "address": "10.0.0.1/24"}); !errors.Is(err, syscall.EEXIST) {
				t.Errorf("second add: %v", err)
			}
		} else {
			if err := ipr.AddrDel(ctx, rtnl.Addr{Index: idx, Prefix: pfx("10.9.9.9/32")}); err != nil {
				t.Errorf("del: %v", err)
			}
			if err := ipr.AddrReplace(ctx, rtnl.Addr{Index: idx, Prefix: pfx("10.0.0.1/24"), Broadcast: ip("10.0.0.255")}); err != nil {
				t.Errorf("replace: %v", err)
			}
		}
		if n, err := ipr.FlushAddr(ctx, rtnl.Match{"label": "eth0:1"}); err != nil || n != 1 {
			t.Errorf("form %d: flush label: %d, %v", form, n, err)
		}
		if _, err := ipr.FlushAddr(ctx, rtnl.Match{"index": idx}); err != nil {
			t.Errorf("form %d: flush index: %v", form, err)
		}
		if out := ns.Run(t, "addr", "show", "dev", "eth0", "scope", "global"); strings.Contains(out, "inet") {
			t.Errorf("form %d: after flush: %s", form, out)
		}
		if out := ns.Run(t, "addr", "show", "dev", "lo"); !strings.Contains(out, "127.0.0.1") {
			t.Errorf("form %d: flush index touched lo: %s", form, out)
		}
	}
}

// TestRouteSemantics: change, replace, add, del, get, flush as ip-route.
func TestRouteSemantics(t *testing.T) {
	ctx := context.Background()
	ipr, ns, idx := routeFixture(t)
	r := &rtnl.Route{Dst: pfx("10.50.0.0/24"), Gateway: ip("192.168.0.1")}
	if err := ipr.RouteChange(ctx, *r); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("change of a missing route: %v, want ENOENT", err)
	}
	if _, err := ipr.Do(ctx, "route", "change", rtnl.Spec{"dst": "10.50.0.0/24", "gateway": "192.168.0.1"}); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("Spec change of a missing route: %v, want ENOENT", err)
	}
	for range 2 {
		if err := ipr.RouteReplace(ctx, *r); err != nil {
			t.Errorf("replace: %v", err)
		}
	}
	err := ipr.RouteAdd(ctx, *r)
	if !errors.Is(err, syscall.EEXIST) {
		t.Errorf("add of an existing route: %v", err)
	}
	if _, err := ipr.Do(ctx, "route", "add", rtnl.Spec{"dst": "10.50.0.0/24", "gateway": "192.168.0.1", "table": "main"}); !errors.Is(err, syscall.EEXIST) {
		t.Errorf("Spec add of an existing route: %v", err)
	}
	r.Gateway = ip("192.168.0.2")
	if err := ipr.RouteChange(ctx, *r); err != nil {
		t.Errorf("change: %v", err)
	}
	if out := ns.Run(t, "route", "show", "10.50.0.0/24"); !strings.Contains(out, "via 192.168.0.2") {
		t.Errorf("after change: %q", out)
	}
	// get: a lookup, with oif and mark selectors.
	v, err := ipr.RouteGet(ctx, rtnl.Route{Dst: pfx("10.50.0.7/32"), OIF: idx, Mark: 3})
	if err != nil || v.Gateway() != ip("192.168.0.2") || v.OIF() != idx {
		t.Errorf("RouteGet: %v via %v dev %d, %v", v.Dst(), v.Gateway(), v.OIF(), err)
	}
	msgs, err := ipr.Do(ctx, "route", "get", rtnl.Spec{"dst": "10.50.0.7", "oif": eth0(idx), "mark": 3})
	if err != nil || len(msgs) != 1 || rtnl.AsRoute(msgs[0]).Gateway() != ip("192.168.0.2") {
		t.Errorf("Spec get: %d, %v", len(msgs), err)
	}
	// IPv6 append: a multipath route hop by hop.
	for _, gw := range []string{"2001:db8::10", "2001:db8::11"} {
		if err := ipr.RouteAppend(ctx, rtnl.Route{Dst: pfx("2001:db8:9::/64"), Gateway: ip(gw), OIF: idx}); err != nil {
			t.Fatalf("append %s: %v", gw, err)
		}
	}
	if out := ns.Run(t, "-6", "route", "show", "2001:db8:9::/64"); strings.Count(out, "nexthop via") != 2 {
		t.Errorf("after append: %q", out)
	}
	// Link-scope routes delete without naming the scope.
	ns.Run(t, "route", "add", "10.60.0.0/24", "dev", "eth0", "table", "10")
	if _, err := ipr.Do(ctx, "route", "del", rtnl.Spec{"dst": "10.60.0.0/24", "table": 10}); err != nil {
		t.Errorf("del of a link-scope route: %v", err)
	}
	// flush_routes(table=N, family=AF_INET6) leaves IPv4 alone.
	ns.Batch(t, "route add 10.70.0.0/24 dev eth0 table 30", "route add 10.71.0.0/24 dev eth0 table 30",
		"route add 2001:db8:70::/64 dev eth0 table 30", "route add 2001:db8:71::/64 dev eth0 table 30")
	n, err := ipr.FlushRoutes(ctx, rtnl.Match{"table": 30, "family": uapi.AF_INET6})
	if err != nil || n != 2 {
		t.Errorf("flush v6 table 30: %d, %v", n, err)
	}
	if out := ns.Run(t, "route", "show", "table", "30"); strings.Count(out, "10.7") != 2 {
		t.Errorf("IPv4 routes of table 30 after the IPv6 flush: %q", out)
	}
	if out := ns.Run(t, "-6", "route", "show", "table", "30"); out != "" {
		t.Errorf("IPv6 routes of table 30 after flush: %q", out)
	}
	if n, err := ipr.FlushRoutes(ctx, rtnl.Match{"table": 30}); err != nil || n != 2 {
		t.Errorf("flush table 30: %d, %v", n, err)
	}
	// Bad input never reaches the kernel.
	if _, err := ipr.Do(ctx, "route", "add", rtnl.Spec{"dst": "10.0.0.0/24", "table": -1}); !errors.Is(err, codec.ErrBadSpec) || !strings.Contains(err.Error(), "table") {
		t.Errorf("table -1: %v", err)
	}
}

// TestRouteSaveRestore: `ip route save` output loads through ours, and
// ours restores through `ip route restore`.
func TestRouteSaveRestore(t *testing.T) {
	ctx := context.Background()
	ipr, ns, _ := routeFixture(t)
	ns.Batch(t, "route add 10.80.0.0/24 via 192.168.0.1", "route add 10.81.0.0/24 dev eth0 metric 5",
		"route add blackhole 10.82.0.0/24", "route add 10.83.0.0/24 via 192.168.0.1 mtu 1300 table main")
	saved, err := exec.Command("ip", "-n", ns.Name, "route", "save", "table", "main").Output()
	if err != nil {
		t.Fatal(err)
	}
	routes, err := rtnl.ReadRouteDump(bytes.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	var dsts []string
	for _, r := range routes {
		dsts = append(dsts, r.Dst().String())
	}
	for _, d := range []string{"10.80.0.0/24", "10.81.0.0/24", "10.82.0.0/24", "10.83.0.0/24"} {
		if !strings.Contains(strings.Join(dsts, " "), d) {
			t.Errorf("ip route save lacks %s: %v", d, dsts)
		}
	}
	var ours bytes.Buffer
	if n, err := ipr.RouteSave(ctx, &ours, rtnl.Match{"table": 254, "family": uapi.AF_INET}); err != nil || n != len(routes) {
		t.Fatalf("RouteSave: %d routes (ip: %d), %v", n, len(routes), err)
	}
	if !bytes.Equal(ours.Bytes()[:4], saved[:4]) {
		t.Errorf("magic % x, ip's % x", ours.Bytes()[:4], saved[:4])
	}
	// Ours → ip route restore, in a fresh namespace.
	_, ns2, _ := routeFixture(t)
	// ip route restore seeks its input: a file, not a pipe.
	f := filepath.Join(t.TempDir(), "routes")
	if err := os.WriteFile(f, ours.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	cmd := exec.Command("ip", "-n", ns2.Name, "route", "restore")
	cmd.Stdin = in
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ip route restore: %v\n%s", err, out)
	}
	want := ns.Run(t, "route", "show", "table", "main")
	if got := ns2.Run(t, "route", "show", "table", "main"); got != want {
		t.Errorf("after ip route restore of ours:\n%s\nwant:\n%s", got, want)
	}
	// ip's → our restore, in a third.
	ipr3, ns3, _ := routeFixture(t)
	n, err := ipr3.RouteRestore(ctx, bytes.NewReader(saved))
	if err != nil || n != 4 {
		t.Errorf("RouteRestore: %d created, %v", n, err)
	}
	if got := ns3.Run(t, "route", "show", "table", "main"); got != want {
		t.Errorf("after RouteRestore of ip's:\n%s\nwant:\n%s", got, want)
	}
	if _, err := rtnl.ReadRouteDump(strings.NewReader("nope")); !errors.Is(err, rtnl.ErrRouteDumpMagic) {
		t.Errorf("bad magic: %v", err)
	}
}
