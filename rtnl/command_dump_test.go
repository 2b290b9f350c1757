package rtnl_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/nlroute/nlroute/rtnl"
)

// TestDoDumpFilters drives Do's dumps of every object with filter
// keywords, as pyroute2's ipr.link("dump", ifname="lo"): the kernel must
// never see a keyword it refuses in a dump request (strict checking), and
// the answer holds exactly the objects that match. PollDo inherits it.
func TestDoDumpFilters(t *testing.T) {
	r, ns := dialNS(t)
	ctx := context.Background()
	ns.Batch(t,
		"link add va type veth peer name vb",
		"link set va up", "link set vb up",
		"link add br0 type bridge",
		"link set vb master br0",
		"addr add 192.0.2.1/24 dev va label va:1",
		"addr add 2001:db8::1/64 dev va nodad",
		"route add 198.51.100.0/24 via 192.0.2.2 table 100 proto static",
		"neigh add 192.0.2.9 lladdr 00:11:22:33:44:55 dev va nud permanent",
		"rule add prio 32001 fwmark 10 table 100",
		"nexthop add id 7 via 192.0.2.3 dev va",
		"nexthop add id 8 blackhole",
	)
	ns.Exec(t, "bridge", "fdb", "add", "00:11:22:33:44:66", "dev", "vb", "master", "static")
	ns.Exec(t, "tc", "qdisc", "add", "dev", "va", "root", "handle", "1:", "htb")
	ns.Exec(t, "tc", "class", "add", "dev", "va", "parent", "1:", "classid", "1:10", "htb", "rate", "1mbit")
	ns.Exec(t, "tc", "filter", "add", "dev", "va", "parent", "1:", "protocol", "ip", "prio", "5", "u32",
		"match", "ip", "dst", "192.0.2.0/24", "flowid", "1:10")
	va := ns.IfIndex(t, "va")
	// A kernel with bridge VLAN filtering built in adds the entry for the
	// port's default VLAN too (the VM lane's 6.1: "vlan 1" and none), so
	// the FDB filter expects what bridge(8) lists.
	var fdbs []struct {
		MAC string `json:"mac"`
	}
	if err := json.Unmarshal([]byte(ns.Exec(t, "bridge", "-j", "fdb", "show")), &fdbs); err != nil {
		t.Fatal(err)
	}
	fdbWant := 0
	for _, e := range fdbs {
		if e.MAC == "00:11:22:33:44:66" {
			fdbWant++
		}
	}
	if fdbWant == 0 {
		t.Fatal("bridge fdb show lists no 00:11:22:33:44:66")
	}

	for _, c := range []struct {
		object string
		spec   rtnl.Spec
		n      int
	}{
		{"link", rtnl.Spec{"ifname": "lo"}, 1},
		{"link", rtnl.Spec{"index": 1}, 1},
		{"link", rtnl.Spec{"index": []int{1, va}}, 2},
		{"link", rtnl.Spec{"operstate": "UP", "kind": "veth"}, 2},
		{"link", rtnl.Spec{"kind": "bridge", "br_stp_state": 0}, 1},
		{"link", rtnl.Spec{"master": ns.IfIndex(t, "br0")}, 1},
		{"link", rtnl.Spec{"mtu": 1500, "ifname": "nosuch"}, 0},
		{"addr", rtnl.Spec{"index": va, "family": "AF_INET"}, 1},
		{"addr", rtnl.Spec{"label": "va:1"}, 1},
		{"addr", rtnl.Spec{"address": "2001:db8::1"}, 1},
		{"addr", rtnl.Spec{"index": va, "prefixlen": 64}, 2}, // and fe80::/64
		{"route", rtnl.Spec{"table": 100}, 1},
		{"route", rtnl.Spec{"table": 100, "gateway": "192.0.2.2", "proto": "static"}, 1},
		{"route", rtnl.Spec{"dst": "198.51.100.0/24", "table": 100}, 1},
		{"route", rtnl.Spec{"oif": va, "table": 100, "family": 2}, 1},
		{"route", rtnl.Spec{"oif": []int{va, 9999}, "table": []int{100, 101}}, 1},
		{"addr", rtnl.Spec{"index": []int{1, va}, "family": "AF_INET"}, 2},
		{"neigh", rtnl.Spec{"ifindex": []int{1, va}, "state": []string{"permanent", "stale"}}, 1},
		{"rule", rtnl.Spec{"priority": []int{32766, 32001}, "family": "AF_INET"}, 2},
		{"rule", rtnl.Spec{"fwmark": 10}, 1},
		{"rule", rtnl.Spec{"priority": 32001, "table": 100, "family": "AF_INET"}, 1},
		{"neigh", rtnl.Spec{"dst": "192.0.2.9"}, 1},
		{"neigh", rtnl.Spec{"ifindex": va, "state": "permanent", "lladdr": "00:11:22:33:44:55"}, 1},
		{"fdb", rtnl.Spec{"lladdr": "00:11:22:33:44:66"}, fdbWant},
		{"nexthop", rtnl.Spec{"id": 7}, 1},
		{"nexthop", rtnl.Spec{"blackhole": true}, 1},
		{"nexthop", rtnl.Spec{"oif": va}, 1},
		{"qdisc", rtnl.Spec{"index": va, "kind": "htb"}, 1},
		{"class", rtnl.Spec{"index": va, "handle": "1:10"}, 1},
		{"filter", rtnl.Spec{"index": va, "parent": "1:", "kind": "u32"}, 0}, // counted below
	} {
		for _, command := range []string{"dump", "show"} {
			got, err := r.Do(ctx, c.object, command, c.spec)
			if err != nil {
				t.Errorf("%s %s %v: %v", c.object, command, c.spec, err)
				continue
			}
			if c.object == "filter" {
				if len(got) == 0 {
					t.Errorf("filter dump: nothing")
				}
				continue
			}
			if len(got) != c.n {
				t.Errorf("%s %s %v: %d objects, want %d", c.object, command, c.spec, len(got), c.n)
			}
		}
	}

	// PollDo of a dump waits for an object to appear, filters as Do.
	go func() {
		time.Sleep(100 * time.Millisecond)
		ns.TryRun("link", "add", "br9", "type", "bridge", "stp_state", "1")
	}()
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	got, err := r.PollDo(pctx, "link", "dump", rtnl.Spec{"ifname": "br9", "kind": "bridge", "br_stp_state": 1})
	if err != nil || len(got) != 1 {
		t.Fatalf("PollDo: %d, %v", len(got), err)
	}
	if name := rtnl.AsLink(got[0]).NameString(); name != "br9" {
		t.Errorf("PollDo: %q", name)
	}
}
