package rtnl_test

import (
	"context"
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

type ipNexthop struct {
	ID        int    `json:"id"`
	Gateway   string `json:"gateway"`
	Dev       string `json:"dev"`
	Blackhole bool   `json:"-"` // a key with a null value: read from the text form
	FDB       bool   `json:"-"`
	Type      string `json:"type"`
	Group     []struct {
		ID     int `json:"id"`
		Weight int `json:"weight"`
	} `json:"group"`
	ResilientArgs struct {
		Buckets   int     `json:"buckets"`
		IdleTimer float64 `json:"idle_timer"`
	} `json:"resilient_args"`
}

func ipNexthops(t *testing.T, ns *testutil.NetNS) map[int]ipNexthop {
	t.Helper()
	var l []ipNexthop
	ns.RunJSON(t, &l, "-d", "nexthop", "show")
	m := map[int]ipNexthop{}
	for _, n := range l {
		text := ns.Run(t, "nexthop", "show", "id", strconv.Itoa(n.ID))
		n.Blackhole = strings.Contains(text, "blackhole")
		n.FDB = strings.Contains(text, " fdb")
		m[n.ID] = n
	}
	return m
}

// TestNexthopForms adds single nexthops (gateway, oif, blackhole, fdb)
// and groups (multipath with weights, resilient with buckets and
// timers) in the Spec and typed forms, checks them through `ip -j -d
// nexthop`, gets, dumps, replaces and deletes them.
func TestNexthopForms(t *testing.T) {
	r, ns := dialNS(t)
	ctx := context.Background()
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up",
		"addr add 192.0.2.10/24 dev v0", "addr add 2001:db8::10/64 dev v0 nodad")
	oif := ns.IfIndex(t, "v0")
	gw := netip.MustParseAddr
	do := func(cmd string, s rtnl.Spec) {
		t.Helper()
		if _, err := r.Do(ctx, "nexthop", cmd, s); err != nil {
			t.Fatalf("nexthop %s %v: %v", cmd, s, err)
		}
	}
	do("add", rtnl.Spec{"id": 1, "gateway": "192.0.2.1", "oif": []int{oif}})
	must(t, r.NexthopAdd(ctx, rtnl.Nexthop{ID: 2, Gateway: gw("192.0.2.2"), OIF: oif}))
	do("add", rtnl.Spec{"id": 3, "oif": oif})
	must(t, r.NexthopAdd(ctx, rtnl.Nexthop{ID: 4, Blackhole: true}))
	do("add", rtnl.Spec{"id": 5, "gateway": "2001:db8::1", "fdb": true})
	must(t, r.NexthopAdd(ctx, rtnl.Nexthop{ID: 6, Gateway: gw("2001:db8::2"), FDB: true}))
	do("add", rtnl.Spec{"id": 100, "group": []any{map[string]any{"id": 1, "weight": 3}, map[string]any{"id": 2, "weight": 256}}})
	must(t, r.NexthopAdd(ctx, rtnl.Nexthop{ID: 101, Group: []rtnl.NexthopMember{{ID: 1, Weight: 2}, {ID: 2}}}))
	do("add", rtnl.Spec{"id": 102, "group": "1/2", "type": "resilient", "buckets": 32, "idle_timer": 120})
	must(t, r.NexthopAdd(ctx, rtnl.Nexthop{ID: 103, Group: []rtnl.NexthopMember{{ID: 1}, {ID: 2}},
		GroupType: rtnl.NexthopResilient, Buckets: 64, IdleTimer: 60}))
	do("add", rtnl.Spec{"id": 104, "group": []int{5, 6}, "fdb": true})

	got := ipNexthops(t, ns)
	checks := map[int]func(ipNexthop) bool{
		1:   func(n ipNexthop) bool { return n.Gateway == "192.0.2.1" && n.Dev == "v0" },
		2:   func(n ipNexthop) bool { return n.Gateway == "192.0.2.2" && n.Dev == "v0" },
		3:   func(n ipNexthop) bool { return n.Gateway == "" && n.Dev == "v0" },
		4:   func(n ipNexthop) bool { return n.Blackhole },
		5:   func(n ipNexthop) bool { return n.Gateway == "2001:db8::1" && n.FDB },
		6:   func(n ipNexthop) bool { return n.Gateway == "2001:db8::2" && n.FDB },
		100: func(n ipNexthop) bool { return len(n.Group) == 2 && n.Group[0].Weight == 3 && n.Group[1].Weight == 256 },
		101: func(n ipNexthop) bool { return len(n.Group) == 2 && n.Group[0].Weight == 2 && n.Group[1].Weight <= 1 },
		102: func(n ipNexthop) bool {
			return n.Type == "resilient" && n.ResilientArgs.Buckets == 32 && n.ResilientArgs.IdleTimer == 120
		},
		103: func(n ipNexthop) bool {
			return n.Type == "resilient" && n.ResilientArgs.Buckets == 64 && n.ResilientArgs.IdleTimer == 60
		},
		104: func(n ipNexthop) bool { return len(n.Group) == 2 && n.FDB },
	}
	for id, ok := range checks {
		if n, found := got[id]; !found || !ok(n) {
			t.Errorf("nexthop %d: %+v (found %v)", id, n, found)
		}
	}
	v, err := r.NexthopGet(ctx, 100)
	if err != nil || !v.IsGroup() || v.Group() != 2 {
		t.Fatalf("get 100: %v", err)
	}
	if id, w := v.GroupMember(1); id != 2 || w != 256 {
		t.Errorf("member 1: %d weight %d", id, w)
	}
	msgs, err := r.Do(ctx, "nexthop", "get", rtnl.Spec{"id": 1})
	if err != nil || len(msgs) != 1 || rtnl.AsNexthop(msgs[0]).Gateway() != gw("192.0.2.1") {
		t.Errorf("Do get 1: %v", err)
	}
	msgs, err = r.Do(ctx, "nexthop", "dump", rtnl.Spec{"oif": oif})
	if err != nil || len(msgs) != 3 {
		t.Errorf("dump oif: %d, %v", len(msgs), err)
	}
	// A route on a nexthop object, through ip and through our dump.
	ns.Run(t, "route", "add", "198.51.100.0/24", "nhid", "100")
	routes, err := r.GetRoutes(ctx, rtnl.Match{"nh_id": 100})
	if err != nil || len(routes) != 1 {
		t.Errorf("routes on nhid 100: %d, %v", len(routes), err)
	}
	must(t, r.NexthopReplace(ctx, rtnl.Nexthop{ID: 1, Gateway: gw("192.0.2.3"), OIF: oif}))
	do("replace", rtnl.Spec{"id": 2, "gateway": "192.0.2.4", "oif": oif})
	if got := ipNexthops(t, ns); got[1].Gateway != "192.0.2.3" || got[2].Gateway != "192.0.2.4" {
		t.Errorf("after replace: %+v %+v", got[1], got[2])
	}
	do("del", rtnl.Spec{"id": 104})
	must(t, r.NexthopDel(ctx, 103))
	if got := ipNexthops(t, ns); len(got) != 9 {
		t.Errorf("after del: %d nexthops", len(got))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestNexthopGroupSwap installs 10,000 routes on group 100 with ring
// batches, then moves all of them with one typed NexthopReplace of the
// group's members — one message, one send.
func TestNexthopGroupSwap(t *testing.T) {
	const n = 10000
	r, ns := dialNS(t)
	ctx := context.Background()
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up", "addr add 192.0.2.10/24 dev v0")
	oif := ns.IfIndex(t, "v0")
	must(t, r.NexthopAdd(ctx, rtnl.Nexthop{ID: 1, Gateway: netip.MustParseAddr("192.0.2.1"), OIF: oif}))
	must(t, r.NexthopAdd(ctx, rtnl.Nexthop{ID: 2, Gateway: netip.MustParseAddr("192.0.2.2"), OIF: oif}))
	must(t, r.NexthopAdd(ctx, rtnl.Nexthop{ID: 100, Group: []rtnl.NexthopMember{{ID: 1}}}))
	p, err := r.Conn().Pipeline(ctx, ring.PipelineOptions{Op: "route add", Ack: ring.AckErrors})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		b := p.Begin(uapi.RTM_NEWROUTE, wire.FlagCreate|wire.FlagExcl)
		rt := b.Reserve(12) // struct rtmsg
		rt[0] = uapi.AF_INET
		rt[1] = 32                 // rtm_dst_len
		rt[4] = uapi.RT_TABLE_MAIN // rtm_table
		rt[5] = uapi.RTPROT_STATIC // rtm_protocol
		rt[7] = uapi.RTN_UNICAST   // rtm_type
		var a [4]byte
		binary.BigEndian.PutUint32(a[:], 10<<24|uint32(i))
		b.PutAddr(uapi.RTA_DST, netip.AddrFrom4(a))
		b.PutUint32(uapi.RTA_NH_ID, 100)
		if _, err := p.End(); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(); err != nil || p.Stats().Failed != 0 {
		t.Fatalf("route add: %v, %+v", err, p.Stats())
	}
	via := func() string {
		f := strings.Fields(ns.Run(t, "route", "get", "10.0.39.15"))
		for i := range len(f) - 1 {
			if f[i] == "via" {
				return f[i+1]
			}
		}
		return ""
	}
	if got := via(); got != "192.0.2.1" {
		t.Fatalf("before: via %s", got)
	}
	before := r.Conn().Stats().Sends
	must(t, r.NexthopReplace(ctx, rtnl.Nexthop{ID: 100, Group: []rtnl.NexthopMember{{ID: 2}}}))
	if sends := r.Conn().Stats().Sends - before; sends != 1 {
		t.Errorf("the swap took %d sends", sends)
	}
	if got := via(); got != "192.0.2.2" {
		t.Errorf("after the swap: via %s", got)
	}
	routes, err := r.GetRoutes(ctx, rtnl.Match{"nh_id": 100})
	if err != nil || len(routes) != n {
		t.Errorf("routes on the group: %d, %v", len(routes), err)
	}
}

// TestFlushRoutesOverNexthops flushes routes over a nexthop object and a
// group: their dump carries the hops beside RTA_NH_ID, which a delete may
// not (`ip route flush` is refused the same way), so the flush drops them.
func TestFlushRoutesOverNexthops(t *testing.T) {
	r, ns := dialNS(t)
	ctx := context.Background()
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up",
		"addr add 192.0.2.10/24 dev v0",
		"nexthop add id 1 via 192.0.2.1 dev v0", "nexthop add id 2 via 192.0.2.2 dev v0",
		"nexthop add id 3 group 1/2",
		"route add 198.51.100.0/24 nhid 1 table 100", "route add 203.0.113.0/24 nhid 3 table 100",
		"route add 10.9.0.0/16 via 192.0.2.1 table 100")
	n, err := r.FlushRoutes(ctx, rtnl.Match{"table": 100})
	if err != nil || n != 3 {
		t.Fatalf("FlushRoutes(table 100) = %d, %v; want 3, nil", n, err)
	}
	if out := strings.TrimSpace(ns.Run(t, "route", "show", "table", "100")); out != "" {
		t.Fatalf("table 100 after the flush:\n%s", out)
	}
	if nh := ipNexthops(t, ns); len(nh) != 3 {
		t.Fatalf("the flush touched the nexthop objects: %v", nh)
	}
}
