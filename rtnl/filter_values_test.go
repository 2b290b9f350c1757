package rtnl_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/rtnl"
)

// TestMatchSymbolicValues checks that filters take pyroute2's symbolic
// values (operstate "UP", family "AF_INET", proto "static", scope, type,
// table, neighbour state and flags, rule action, tc handles), lists of
// values meaning "any of", and the flat link keys "kind" and
// "br_stp_state", against objects the kernel holds.
func TestMatchSymbolicValues(t *testing.T) {
	r, ns := dialNS(t)
	ctx := context.Background()
	ns.Batch(t,
		"link add va type veth peer name vb",
		"link set va up", "link set vb up",
		"link add br0 type bridge stp_state 1",
		"link add d0 type bridge",
		"addr add 192.0.2.1/24 dev va",
		"route add 198.51.100.0/24 via 192.0.2.2 proto static",
		"route add blackhole 203.0.113.0/24 proto boot",
		"neigh add 192.0.2.9 lladdr 00:11:22:33:44:55 dev va nud permanent",
		"rule add prio 32001 unreachable",
	)
	va, vb, br, d0 := ns.IfIndex(t, "va"), ns.IfIndex(t, "vb"), ns.IfIndex(t, "br0"), ns.IfIndex(t, "d0")

	idx := func(filter rtnl.Match) []int {
		t.Helper()
		got, err := r.LinkLookup(ctx, rtnl.Spec(filter))
		if err != nil {
			t.Fatalf("%v: %v", filter, err)
		}
		slices.Sort(got)
		return got
	}
	want := func(filter rtnl.Match, w ...int) {
		t.Helper()
		slices.Sort(w)
		if got := idx(filter); !slices.Equal(got, w) {
			t.Errorf("links %v = %v, want %v", filter, got, w)
		}
	}
	want(rtnl.Match{"operstate": "UP"}, va, vb)
	want(rtnl.Match{"operstate": "IF_OPER_UP"}, va, vb)
	want(rtnl.Match{"operstate": "up", "ifname": "va"}, va)
	want(rtnl.Match{"index": []int{1, d0, 9999}}, 1, d0)
	want(rtnl.Match{"ifname": []string{"lo", "br0"}}, 1, br)
	want(rtnl.Match{"ifname": []any{"vb", "nosuch"}}, vb)
	want(rtnl.Match{"index": []int{}})
	want(rtnl.Match{"kind": "bridge"}, br, d0)
	want(rtnl.Match{"kind": "bridge", "br_stp_state": 1}, br)
	want(rtnl.Match{"kind": "bridge", "br_stp_state": 0}, d0)
	want(rtnl.Match{"br_stp_state": 1}, br)
	want(rtnl.Match{"br_stp_state": 0}, d0)
	want(rtnl.Match{"kind": []string{"veth", "nosuch"}}, va, vb)
	want(rtnl.Match{"family": "AF_UNSPEC", "ifname": "lo"}, 1)

	count := func(object string, filter rtnl.Match) int {
		t.Helper()
		it := r.Show(ctx, object, filter)
		msgs, err := it.Collect()
		if err != nil {
			t.Fatalf("%s %v: %v", object, filter, err)
		}
		return len(msgs)
	}
	for _, c := range []struct {
		object string
		filter rtnl.Match
		n      int
	}{
		{"route", rtnl.Match{"family": "AF_INET", "table": "main", "proto": "static"}, 1},
		{"route", rtnl.Match{"family": "inet", "type": "blackhole", "proto": "boot"}, 1},
		{"route", rtnl.Match{"family": 2, "table": 254, "type": "unicast", "scope": "link"}, 1}, // 192.0.2.0/24
		{"route", rtnl.Match{"proto": []string{"static", "boot"}, "table": "main"}, 2},
		{"route", rtnl.Match{"family": "AF_INET6", "proto": "static"}, 0},
		{"addr", rtnl.Match{"family": "AF_INET", "scope": "global", "index": va}, 1},
		{"neigh", rtnl.Match{"state": "permanent", "ifindex": va}, 1},
		{"neigh", rtnl.Match{"state": "NUD_PERMANENT", "flags": 0, "ifindex": va}, 1},
		{"neigh", rtnl.Match{"state": []string{"reachable", "stale"}, "ifindex": va}, 0},
		{"rule", rtnl.Match{"family": "AF_INET", "action": "FR_ACT_UNREACHABLE"}, 1},
		{"rule", rtnl.Match{"family": "AF_INET", "action": "unreachable", "priority": 32001}, 1},
	} {
		if got := count(c.object, c.filter); got != c.n {
			t.Errorf("%s %v: %d objects, want %d", c.object, c.filter, got, c.n)
		}
	}

	ns.Exec(t, "tc", "qdisc", "add", "dev", "d0", "root", "handle", "1:", "htb")
	ns.Exec(t, "tc", "class", "add", "dev", "d0", "parent", "1:", "classid", "1:10", "htb", "rate", "1mbit")
	for _, c := range []struct {
		object string
		filter rtnl.Match
		n      int
	}{
		{"qdisc", rtnl.Match{"index": d0, "handle": "1:0"}, 1},
		{"qdisc", rtnl.Match{"index": d0, "handle": "1:", "parent": "root"}, 1},
		{"class", rtnl.Match{"index": d0, "handle": "1:10", "parent": "root"}, 1},
		{"class", rtnl.Match{"index": d0, "handle": []string{"1:20", "1:10"}}, 1},
	} {
		if got := count(c.object, c.filter); got != c.n {
			t.Errorf("%s %v: %d objects, want %d", c.object, c.filter, got, c.n)
		}
	}

	// A name that is not one stays a bad value, named in the error.
	_, err := r.LinkLookup(ctx, rtnl.Spec{"operstate": "SIDEWAYS"})
	if !errors.Is(err, codec.ErrBadSpec) {
		t.Errorf("operstate SIDEWAYS: %v, want a SpecError", err)
	}
	_, err = r.LinkLookup(ctx, rtnl.Spec{"index": []any{[]int{1}}})
	if !errors.Is(err, codec.ErrBadSpec) {
		t.Errorf("a list of lists: %v, want a SpecError", err)
	}
}

// TestSpecSymbolicValues: the keywords of writes take the same names as
// filters: "family": "AF_INET6", a neighbour's "state": "NUD_PERMANENT",
// a rule's "action": "FR_ACT_PROHIBIT".
func TestSpecSymbolicValues(t *testing.T) {
	r, ns := dialNS(t)
	ctx := context.Background()
	ns.Batch(t, "link add va type veth peer name vb", "link set va up")
	va := ns.IfIndex(t, "va")
	for _, c := range []struct {
		object string
		spec   rtnl.Spec
	}{
		{"addr", rtnl.Spec{"index": va, "family": "AF_INET6", "address": "2001:db8::1", "prefixlen": 64}},
		{"neigh", rtnl.Spec{"ifindex": va, "family": "inet", "dst": "192.0.2.7", "lladdr": "00:11:22:33:44:55", "state": "NUD_PERMANENT"}},
		{"rule", rtnl.Spec{"family": "AF_INET6", "priority": 100, "action": "FR_ACT_PROHIBIT"}},
		{"route", rtnl.Spec{"family": "AF_INET", "dst": "198.51.100.0/24", "type": "blackhole", "proto": "static"}},
	} {
		if _, err := r.Do(ctx, c.object, "add", c.spec); err != nil {
			t.Errorf("%s add %v: %v", c.object, c.spec, err)
		}
	}
	if out := ns.Run(t, "-6", "rule", "show"); !strings.Contains(out, "100:\tfrom all prohibit") {
		t.Errorf("rule: %q", out)
	}
	if out := ns.Run(t, "neigh", "show", "192.0.2.7"); !strings.Contains(out, "PERMANENT") {
		t.Errorf("neigh: %q", out)
	}
	if _, err := r.Do(ctx, "addr", "add", rtnl.Spec{"index": va, "family": "AF_MARTIAN", "address": "10.0.0.1/8"}); !errors.Is(err, codec.ErrBadSpec) {
		t.Errorf("family AF_MARTIAN: %v, want a SpecError", err)
	}
}
