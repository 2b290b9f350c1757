package rtnl

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// The typed forms of rule, neigh, fdb, nexthop, vlan_filter and brport
// against their Spec forms: the same request, byte for byte, once the
// object's Prepare hook has run; and the typed encoders allocate nothing
// into a warm buffer.

type typedCase struct {
	name    string
	object  string
	command string
	spec    Spec
	enc     func(b *wire.Builder, flags wire.HeaderFlags) error
}

func specBytes(t *testing.T, c typedCase) []byte {
	t.Helper()
	d, ok := LookupObject(c.object)
	if !ok {
		t.Fatalf("no object %q", c.object)
	}
	v, ok := d.Verb(c.command)
	if !ok {
		t.Fatalf("%s has no %q", c.object, c.command)
	}
	spec, err := prepareHook(c.object)(context.Background(), nil, c.command, c.spec)
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	var b wire.Builder
	b.Reset(nil)
	if err := d.Schema.Encode(&b, d.msgType(v), v.Flags|wire.FlagAck, 0, spec); err != nil {
		t.Fatalf("spec encode: %v", err)
	}
	return b.Bytes()
}

var (
	mac1  = net.HardwareAddr{0, 0x11, 0x22, 0x33, 0x44, 0x55}
	excl  = wire.FlagCreate | wire.FlagExcl | wire.FlagAck
	repl  = wire.FlagCreate | wire.FlagReplace | wire.FlagAck
	apnd  = wire.FlagCreate | wire.FlagAppend | wire.FlagAck
	ackOn = wire.FlagAck
)

func typedCases() []typedCase {
	rule := func(x Rule, t wire.MsgType) func(*wire.Builder, wire.HeaderFlags) error {
		return func(b *wire.Builder, f wire.HeaderFlags) error { return x.encodeMsg(b, t, f, 0) }
	}
	neigh := func(x Neigh, t wire.MsgType) func(*wire.Builder, wire.HeaderFlags) error {
		return func(b *wire.Builder, f wire.HeaderFlags) error { return x.encodeMsg(b, t, f, 0) }
	}
	fdb := func(x FDBEntry, t wire.MsgType) func(*wire.Builder, wire.HeaderFlags) error {
		return func(b *wire.Builder, f wire.HeaderFlags) error { return x.encodeMsg(b, t, f, 0) }
	}
	nh := func(x Nexthop) func(*wire.Builder, wire.HeaderFlags) error {
		return func(b *wire.Builder, f wire.HeaderFlags) error { return x.encodeMsg(b, uapi.RTM_NEWNEXTHOP, f, 0) }
	}
	vl := func(x BridgeVLAN, t wire.MsgType) func(*wire.Builder, wire.HeaderFlags) error {
		return func(b *wire.Builder, f wire.HeaderFlags) error { return x.encodeMsg(b, t, f, 0) }
	}
	p := netip.MustParsePrefix
	a := netip.MustParseAddr
	return []typedCase{
		{"rule table", "rule", "add", Spec{"table": 10, "priority": 32000},
			rule(Rule{Table: 10, Priority: 32000}, uapi.RTM_NEWRULE)},
		{"rule unreachable", "rule", "add", Spec{"table": 11, "priority": 32001, "action": "FR_ACT_UNREACHABLE"},
			rule(Rule{Table: 11, Priority: 32001, Action: RuleUnreachable}, uapi.RTM_NEWRULE)},
		{"rule src", "rule", "add", Spec{"table": 14, "priority": 32004, "src": "10.64.75.141"},
			rule(Rule{Table: 14, Priority: 32004, Src: p("10.64.75.141/32")}, uapi.RTM_NEWRULE)},
		{"rule dst len", "rule", "add", Spec{"table": 15, "priority": 32005, "dst": "10.64.75.141", "dst_len": 24},
			rule(Rule{Table: 15, Priority: 32005, Dst: netip.PrefixFrom(a("10.64.75.141"), 24)}, uapi.RTM_NEWRULE)},
		{"rule fwmark", "rule", "add", Spec{"table": 15, "priority": 32006, "dst": "10.64.75.141", "fwmark": 10},
			rule(Rule{Table: 15, Priority: 32006, Dst: p("10.64.75.141/32"), FwMark: 10}, uapi.RTM_NEWRULE)},
		{"rule everything v6", "rule", "add", Spec{"table": 1000, "priority": 100, "src": "2001:db8::/32",
			"iifname": "lo", "oifname": "v0", "fwmark": 1, "fwmask": 0xff, "uid_range": "1000:1234",
			"dport_range": "80-120", "sport_range": "1024", "ipproto": "tcp", "tos": 0x10,
			"suppress_prefixlen": 0, "not": true, "protocol": 4},
			rule(Rule{Table: 1000, Priority: 100, Src: p("2001:db8::/32"), IIFName: "lo", OIFName: "v0",
				FwMark: 1, FwMask: 0xff, UIDRange: Range{1000, 1234}, DPortRange: Range{80, 120},
				SPortRange: Range{1024, 1024}, IPProto: 6, TOS: 0x10, SuppressPrefixLen: Some[uint32](0),
				Invert: true, Protocol: 4}, uapi.RTM_NEWRULE)},
		{"rule goto", "rule", "add", Spec{"priority": 10, "goto": 100},
			rule(Rule{Priority: 10, Goto: 100}, uapi.RTM_NEWRULE)},
		{"rule l3mdev", "rule", "add", Spec{"priority": 1000, "l3mdev": 1},
			rule(Rule{Priority: 1000, L3MDev: true}, uapi.RTM_NEWRULE)},
		{"rule del", "rule", "del", Spec{"table": 10, "priority": 32000},
			rule(Rule{Table: 10, Priority: 32000}, uapi.RTM_DELRULE)},
		{"neigh add", "neigh", "add", Spec{"dst": "172.16.45.1", "lladdr": "00:11:22:33:44:55", "ifindex": 3, "state": "permanent"},
			neigh(Neigh{Dst: a("172.16.45.1"), LLAddr: mac1, IfIndex: 3, State: uapi.NUD_PERMANENT}, uapi.RTM_NEWNEIGH)},
		{"neigh set default state", "neigh", "set", Spec{"dst": "172.16.45.1", "lladdr": "00:11:22:33:44:55", "ifindex": []int{3}},
			neigh(Neigh{Dst: a("172.16.45.1"), LLAddr: mac1, IfIndex: 3}, uapi.RTM_NEWNEIGH)},
		{"neigh proxy v6", "neigh", "add", Spec{"dst": "2001:db8::1", "ifindex": 3, "proxy": true},
			neigh(Neigh{Dst: a("2001:db8::1"), IfIndex: 3, Proxy: true}, uapi.RTM_NEWNEIGH)},
		{"neigh get", "neigh", "get", Spec{"dst": "172.16.45.1", "ifindex": 3},
			neigh(Neigh{Dst: a("172.16.45.1"), IfIndex: 3}, uapi.RTM_GETNEIGH)},
		{"neigh del", "neigh", "del", Spec{"dst": "172.16.45.1", "ifindex": 3},
			neigh(Neigh{Dst: a("172.16.45.1"), IfIndex: 3}, uapi.RTM_DELNEIGH)},
		{"fdb simple", "fdb", "add", Spec{"ifindex": 4, "lladdr": "00:11:22:33:44:55", "dst": "10.0.0.1"},
			fdb(FDBEntry{IfIndex: 4, LLAddr: mac1, Dst: a("10.0.0.1")}, uapi.RTM_NEWNEIGH)},
		{"fdb vlan", "fdb", "add", Spec{"ifindex": 4, "lladdr": "00:11:22:33:44:55", "dst": "10.0.0.1", "vlan": 200},
			fdb(FDBEntry{IfIndex: 4, LLAddr: mac1, Dst: a("10.0.0.1"), VLAN: 200}, uapi.RTM_NEWNEIGH)},
		{"fdb vxlan", "fdb", "append", Spec{"ifindex": 4, "lladdr": "00:11:22:33:44:55", "dst": "10.0.0.1", "port": 5678, "vni": 600, "src_vni": 7},
			fdb(FDBEntry{IfIndex: 4, LLAddr: mac1, Dst: a("10.0.0.1"), Port: 5678, VNI: 600, SrcVNI: 7}, uapi.RTM_NEWNEIGH)},
		{"fdb master del", "fdb", "del", Spec{"ifindex": 4, "lladdr": "00:11:22:33:44:55", "master": true, "vlan": 1},
			fdb(FDBEntry{IfIndex: 4, LLAddr: mac1, Master: true, VLAN: 1}, uapi.RTM_DELNEIGH)},
		{"nexthop gw", "nexthop", "add", Spec{"id": 1, "gateway": "192.0.2.1", "oif": 2},
			nh(Nexthop{ID: 1, Gateway: a("192.0.2.1"), OIF: 2})},
		{"nexthop blackhole", "nexthop", "add", Spec{"id": 2, "blackhole": true},
			nh(Nexthop{ID: 2, Blackhole: true})},
		{"nexthop fdb", "nexthop", "add", Spec{"id": 3, "gateway": "2001:db8::1", "fdb": true},
			nh(Nexthop{ID: 3, Gateway: a("2001:db8::1"), FDB: true})},
		{"nexthop group", "nexthop", "replace", Spec{"id": 100, "group": []any{map[string]any{"id": 1, "weight": 3}, 2}},
			nh(Nexthop{ID: 100, Group: []NexthopMember{{1, 3}, {2, 1}}})},
		{"nexthop resilient", "nexthop", "add", Spec{"id": 101, "group": "1,256/2", "type": "resilient", "buckets": 32, "idle_timer": 120, "unbalanced_timer": 10},
			nh(Nexthop{ID: 101, Group: []NexthopMember{{1, 256}, {2, 1}}, GroupType: NexthopResilient, Buckets: 32, IdleTimer: 120, UnbalancedTimer: 10})},
		{"vlan_filter pvid", "vlan_filter", "add", Spec{"index": 2, "vlan_info": map[string]any{"vid": 20, "flags": []string{"pvid", "untagged"}}},
			vl(BridgeVLAN{Index: 2, VID: 20, Flags: 6}, uapi.RTM_SETLINK)},
		{"vlan_filter range self", "vlan_filter", "add", Spec{"index": 2, "vlan_flags": "self", "vlan_info": map[string]any{"vid": "100-200", "flags": 4}},
			vl(BridgeVLAN{Index: 2, VID: 100, VIDEnd: 200, Flags: 4, Self: true}, uapi.RTM_SETLINK)},
		{"vlan_filter del", "vlan_filter", "del", Spec{"index": 2, "vlan_info": map[string]any{"vid": 200}},
			vl(BridgeVLAN{Index: 2, VID: 200}, uapi.RTM_DELLINK)},
		{"brport", "brport", "set", Spec{"index": 5, "unicast_flood": 0, "cost": 200, "priority": 0, "hairpin": true,
			"guard": false, "learning": 1, "proxyarp": 0, "isolated": true, "mcast_flood": 0, "group_fwd_mask": 8},
			func(b *wire.Builder, f wire.HeaderFlags) error {
				x := BridgePort{Index: 5, UnicastFlood: Some(false), Cost: Some[uint32](200), Priority: Some[uint16](0),
					Hairpin: Some(true), Guard: Some(false), Learning: Some(true), ProxyARP: Some(false),
					Isolated: Some(true), MulticastFlood: Some(false), GroupFwdMask: Some[uint16](8)}
				return x.encodeMsg(b, uapi.RTM_SETLINK, f, 0)
			}},
	}
}

func TestTypedMatchesSpec(t *testing.T) {
	for _, c := range typedCases() {
		t.Run(c.name, func(t *testing.T) {
			want := specBytes(t, c)
			d, _ := LookupObject(c.object)
			v, _ := d.Verb(c.command)
			var b wire.Builder
			b.Reset(nil)
			if err := c.enc(&b, v.Flags|wire.FlagAck); err != nil {
				t.Fatal(err)
			}
			if got := b.Bytes(); !bytes.Equal(got, want) {
				t.Errorf("typed and Spec bytes differ:\ntyped % x\nspec  % x", got, want)
			}
			var m codec.Msg
			if err := m.ResetBytes(d.Schema, want); err != nil {
				t.Errorf("decode: %v", err)
			}
		})
	}
}

func TestTypedEncodeAllocs(t *testing.T) {
	buf := make([]byte, 0, 4096)
	for _, c := range typedCases() {
		var b wire.Builder
		n := testing.AllocsPerRun(100, func() {
			b.Reset(buf)
			_ = c.enc(&b, ackOn)
		})
		if n != 0 {
			t.Errorf("%s: %v allocations", c.name, n)
		}
	}
}

func BenchmarkTypedEncode(b *testing.B) {
	buf := make([]byte, 0, 4096)
	for _, c := range typedCases() {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var wb wire.Builder
			for b.Loop() {
				wb.Reset(buf)
				_ = c.enc(&wb, ackOn)
			}
		})
	}
}

// TestBadInput: each bad keyword value is a *codec.SpecError naming the
// keyword and the value, from Prepare or the encoder, before anything is
// sent.
func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		object, command string
		spec            Spec
		key             string
	}{
		{"rule", "add", Spec{"table": -1}, "table"},
		{"rule", "add", Spec{"table": 1 << 33}, "table"},
		{"rule", "add", Spec{"uid_range": "1000-1234"}, "uid_range"},
		{"rule", "add", Spec{"uid_range": "20:10"}, "uid_range"},
		{"rule", "add", Spec{"dport_range": "80-70000"}, "dport_range"},
		{"rule", "add", Spec{"sport_range": "x-y"}, "sport_range"},
		{"rule", "add", Spec{"action": "FR_ACT_JUMP"}, "action"},
		{"rule", "add", Spec{"ipproto": "nosuch"}, "ip_proto"},
		{"rule", "add", Spec{"src": "10.0.0.0", "src_len": 33}, "src_len"},
		{"rule", "add", Spec{"priority": 1, "pref": 2}, "pref"},
		{"neigh", "add", Spec{"dst": "10.0.0.1", "ifindex": 1, "state": "sleepy"}, "state"},
		{"neigh", "add", Spec{"dst": "10.0.0.1", "ifindex": 1, "flags": []string{"proxy", "nope"}}, "flags"},
		{"neigh", "get", Spec{"dst": "10.0.0.1"}, "ifindex"},
		{"neigh", "add", Spec{"dst": "10.0.0.1", "ifindex": []int{1, 2}}, "ifindex"},
		{"fdb", "add", Spec{"ifindex": 1, "lladdr": "00:11:22:33:44:55", "self": "yes"}, "self"},
		{"nexthop", "add", Spec{"id": 1, "group": []any{map[string]any{"id": 1, "weight": 257}}}, "group"},
		{"nexthop", "add", Spec{"id": 1, "group": "1,x"}, "group"},
		{"nexthop", "add", Spec{"id": 1, "group": []int{1}, "type": "fancy"}, "group_type"},
		{"nexthop", "add", Spec{"id": 1, "buckets": 70000}, "buckets"},
		{"vlan_filter", "add", Spec{"index": 1, "vlan_info": map[string]any{"vid": 4095}}, "vlan_info.vid"},
		{"vlan_filter", "add", Spec{"index": 1, "vlan_info": map[string]any{"vid": 10, "flags": "tagged"}}, "vlan_info.flags"},
		{"vlan_filter", "add", Spec{"vlan_info": map[string]any{"vid": 10}}, "index"},
		{"brport", "set", Spec{"index": 1, "colour": 3}, "colour"},
		{"brport", "set", Spec{"index": 1, "cost": "cheap"}, "protinfo.brport_cost"},
	} {
		d, _ := LookupObject(c.object)
		v, _ := d.Verb(c.command)
		spec, err := prepareHook(c.object)(context.Background(), nil, c.command, c.spec)
		if err == nil {
			var b wire.Builder
			b.Reset(nil)
			err = d.Schema.Encode(&b, d.msgType(v), v.Flags, 0, spec)
		}
		var se *codec.SpecError
		if !errors.As(err, &se) || se.Keyword != c.key {
			t.Errorf("%s %s %v: %v, want a SpecError for %q", c.object, c.command, c.spec, err, c.key)
		}
	}
}
