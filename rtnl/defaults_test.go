package rtnl_test

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/rtnl"
)

// TestWriteDefaults checks pyroute2's defaults on writes, through the
// kernel: a route created with no proto is proto static and unicast (the
// Spec form and the typed Route alike), a rule with no priority gets
// 32000 (the Spec form; a typed Rule's zero Priority lets the kernel
// choose), a neighbour with no state is permanent.
func TestWriteDefaults(t *testing.T) {
	r, ns := dialNS(t)
	ctx := context.Background()
	ns.Batch(t, "link add va type veth peer name vb", "link set va up", "addr add 192.0.2.1/24 dev va")
	va := ns.IfIndex(t, "va")

	for _, command := range []string{"add", "replace", "append"} {
		dst := map[string]string{"add": "198.51.100.0/24", "replace": "198.51.101.0/24", "append": "198.51.102.0/24"}[command]
		if _, err := r.Do(ctx, "route", command, rtnl.Spec{"dst": dst, "gateway": "192.0.2.2"}); err != nil {
			t.Fatalf("route %s: %v", command, err)
		}
		rs, err := r.GetRoutes(ctx, rtnl.Match{"dst": dst})
		if err != nil || len(rs) != 1 {
			t.Fatalf("route %s: %d routes, %v", command, len(rs), err)
		}
		if rs[0].Proto() != rtnl.ProtoStatic || rs[0].Type() != rtnl.RouteUnicast {
			t.Errorf("route %s: proto %v type %v, want static unicast", command, rs[0].Proto(), rs[0].Type())
		}
	}
	if err := r.RouteAdd(ctx, rtnl.Route{Dst: netip.MustParsePrefix("203.0.113.0/24"), Gateway: netip.MustParseAddr("192.0.2.2")}); err != nil {
		t.Fatal(err)
	}
	if err := r.RouteAdd(ctx, rtnl.Route{Dst: netip.MustParsePrefix("203.0.114.0/24"), Gateway: netip.MustParseAddr("192.0.2.2"), Proto: rtnl.ProtoBoot}); err != nil {
		t.Fatal(err)
	}
	out := ns.Run(t, "route", "show")
	if !strings.Contains(out, "203.0.113.0/24 via 192.0.2.2 dev va proto static") || !strings.Contains(out, "203.0.114.0/24 via 192.0.2.2 dev va") {
		t.Errorf("typed routes: %q", out)
	}
	if strings.Contains(out, "203.0.114.0/24 via 192.0.2.2 dev va proto static") {
		t.Errorf("an explicit ProtoBoot became static: %q", out)
	}
	// An explicit proto stays as given.
	if _, err := r.Do(ctx, "route", "add", rtnl.Spec{"dst": "203.0.115.0/24", "gateway": "192.0.2.2", "proto": "boot"}); err != nil {
		t.Fatal(err)
	}
	if rs, err := r.GetRoutes(ctx, rtnl.Match{"dst": "203.0.115.0/24"}); err != nil || len(rs) != 1 || rs[0].Proto() != rtnl.ProtoBoot {
		t.Errorf("explicit proto boot: %v %v", rs, err)
	}

	if _, err := r.Do(ctx, "rule", "add", rtnl.Spec{"table": 10}); err != nil {
		t.Fatal(err)
	}
	if rules, err := r.GetRules(ctx, rtnl.Match{"table": 10}); err != nil || len(rules) != 1 || rules[0].Priority() != rtnl.DefaultRulePriority {
		t.Errorf("rule without priority: %v %v", rules, err)
	}
	if _, err := r.Do(ctx, "rule", "add", rtnl.Spec{"table": 11, "priority": 100}); err != nil {
		t.Fatal(err)
	}
	if out := ns.Run(t, "rule", "show"); !strings.Contains(out, "32000:\tfrom all lookup 10") || !strings.Contains(out, "100:\tfrom all lookup 11") {
		t.Errorf("rules: %q", out)
	}

	if _, err := r.Do(ctx, "neigh", "add", rtnl.Spec{"dst": "192.0.2.9", "lladdr": "00:11:22:33:44:55", "ifindex": va}); err != nil {
		t.Fatal(err)
	}
	if out := ns.Run(t, "neigh", "show", "192.0.2.9"); !strings.Contains(out, "PERMANENT") {
		t.Errorf("neigh without state: %q", out)
	}
}
