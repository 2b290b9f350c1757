package tc

import (
	"context"
	"net/netip"
	"strings"
	"testing"
)

// Kernel tests of the filters and actions of f_matchall … m_connmark:
// created through Do (pyroute2's keyword form), checked through tc's own
// output and through our decoder. This host's kernel lacks these kinds;
// they run in the full-kernel lane.

// Probe lines for actions that take arguments (see testutil's probe:
// an action feature without a table entry runs its text as given).
const (
	featSkbedit   = "action:skbedit mark 1"
	featVLAN      = "action:vlan pop"
	featTunnelKey = "action:tunnel_key unset"
	featCsum      = "action:csum ip4h"
	featPedit     = "action:pedit ex munge ip ttl set 1"
	featConnmark  = "action:connmark"

	// Debian 6.1 refuses a matchall, fw or basic filter with neither a
	// class nor an action (EINVAL), and a route filter without a handle:
	// testutil's probe lines for them fail there, so these name working
	// lines.
	featMatchall = "filter:matchall classid 1:1"
	featFW       = "filter:handle 1 fw classid 1:1"
	featBasic    = "filter:basic classid 1:1"
	featRoute    = "filter:route to 1 classid 1:1"
)

// ingressFilters returns tc's JSON of v0's ingress filters without the
// per-priority chain heads (the objects with no "options").
func (k *kernel) ingressFilters(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, f := range k.tcJSON(t, "filter", "show", "dev", "v0", "ingress") {
		if _, ok := f["options"]; ok {
			out = append(out, f)
		}
	}
	return out
}

// actionsOf returns options.actions of a filter from tc's JSON.
func actionsOf(f map[string]any) []map[string]any {
	l, _ := opt(f, "actions").([]any)
	var out []map[string]any
	for _, a := range l {
		m, _ := a.(map[string]any)
		out = append(out, m)
	}
	return out
}

func control(a map[string]any) any {
	c, _ := a["control_action"].(map[string]any)
	return c["type"]
}

// decodedFilters returns our decoding of v0's ingress filters, chain
// heads dropped.
func (k *kernel) decodedFilters(t *testing.T, parent Handle) []Filter {
	t.Helper()
	fs, err := GetFilters(context.Background(), k.c, k.idx, parent)
	if err != nil {
		t.Fatal(err)
	}
	var out []Filter
	for _, f := range fs {
		if f.Options != nil && f.Handle != 0 {
			out = append(out, f)
		}
	}
	return out
}

func TestKernelMatchall(t *testing.T) {
	k := newKernel(t, featMatchall, "action:gact")
	k.do(t, "add", "clsact", nil, nil)
	k.do(t, "add-filter", "matchall", nil, Spec{"parent": "ffff:fff2", "prio": 1, "skip_hw": true,
		"action": []any{map[string]any{"kind": "mirred", "ifindex": k.ns.IfIndex(t, "v1"), "direction": "mirror"}, "drop"}})
	fs := k.ingressFilters(t)
	if len(fs) != 1 || fs[0]["kind"] != "matchall" || opt(fs[0], "skip_hw") != true {
		t.Fatalf("tc: %v", fs)
	}
	as := actionsOf(fs[0])
	if len(as) != 2 || as[0]["kind"] != "mirred" || as[0]["mirred_action"] != "mirror" || as[0]["to_dev"] != "v1" ||
		as[1]["kind"] != "gact" || control(as[1]) != "drop" {
		t.Errorf("tc actions: %v", as)
	}
	got := k.decodedFilters(t, HandleClsactIngress)
	m, ok := got[0].Options.(Matchall)
	if !ok || m.Flags&ClsSkipHW == 0 || len(m.Actions) != 2 || m.Actions[1] != (Gact{Action: ActDrop, Index: m.Actions[1].(Gact).Index}) {
		t.Errorf("decoded %+v", got)
	}
}

func TestKernelFlower(t *testing.T) {
	k := newKernel(t, "filter:flower", featPedit, featCsum, featVLAN, featSkbedit, featTunnelKey, featConnmark)
	k.do(t, "add", "clsact", nil, nil)
	k.do(t, "add-filter", "flower", nil, Spec{"parent": "ffff:fff2", "prio": 2, "protocol": "ip",
		"ip_proto": "tcp", "src_ip": "10.0.0.0/8", "dst_ip": "192.168.1.1", "dst_port": 80, "src_port": 1024,
		"dst_mac": "02:00:00:00:00:01", "skip_hw": true,
		"action": []any{
			map[string]any{"kind": "pedit", "keys": []any{"ex munge ip src set 10.0.0.1", "tcp dport set 8080"}, "action": "pipe"},
			map[string]any{"kind": "csum", "update": "iph and tcp"},
		}})
	k.do(t, "add-filter", "flower", nil, Spec{"parent": "ffff:fff2", "prio": 3, "protocol": "802.1q",
		"vlan_id": 100, "vlan_prio": 2, "vlan_ethtype": "ip",
		"action": []any{
			map[string]any{"kind": "vlan", "v_action": "pop"},
			map[string]any{"kind": "skbedit", "mark": 7, "priority": "1:10"},
			map[string]any{"kind": "tunnel_key", "src_ip": "192.0.2.1", "dst_ip": "192.0.2.2", "id": 42, "dst_port": 4789},
			map[string]any{"kind": "connmark", "zone": 3},
		}})
	fs := k.ingressFilters(t)
	if len(fs) != 2 {
		t.Fatalf("tc: %v", fs)
	}
	keys, _ := opt(fs[0], "keys").(map[string]any)
	for name, want := range map[string]any{"dst_mac": "02:00:00:00:00:01", "eth_type": "ipv4", "ip_proto": "tcp",
		"src_ip": "10.0.0.0/8", "dst_ip": "192.168.1.1", "dst_port": 80.0, "src_port": 1024.0} {
		if keys[name] != want {
			t.Errorf("tc flower key %s = %v, want %v (%v)", name, keys[name], want, keys)
		}
	}
	as := actionsOf(fs[0])
	if len(as) != 2 || as[0]["kind"] != "pedit" || control(as[0]) != "pipe" || as[1]["kind"] != "csum" || as[1]["csum"] != "iph, tcp" {
		t.Errorf("tc actions: %v", as)
	} else {
		pk, _ := as[0]["keys"].([]any)
		k0, _ := pk[0].(map[string]any)
		k1, _ := pk[1].(map[string]any)
		if len(pk) != 2 || k0["htype"] != "ipv4" || k0["offset"] != 12.0 || k0["val"] != "a000001" || k0["mask"] != "0" ||
			k1["htype"] != "tcp" || k1["offset"] != 0.0 || k1["val"] != "1f90" || k1["mask"] != "ffff0000" {
			t.Errorf("tc pedit keys: %v", pk)
		}
	}
	keys, _ = opt(fs[1], "keys").(map[string]any)
	if keys["vlan_id"] != 100.0 || keys["vlan_prio"] != 2.0 || keys["vlan_ethtype"] != "ip" {
		t.Errorf("tc vlan keys: %v", keys)
	}
	as = actionsOf(fs[1])
	if len(as) != 4 || as[0]["vlan_action"] != "pop" || as[1]["mark"] != 7.0 || as[1]["priority"] != "1:10" ||
		as[2]["mode"] != "set" || as[2]["src_ip"] != "192.0.2.1" || as[2]["dst_ip"] != "192.0.2.2" ||
		as[2]["key_id"] != 42.0 || as[2]["dst_port"] != 4789.0 || as[3]["kind"] != "connmark" || as[3]["zone"] != 3.0 {
		t.Errorf("tc actions: %v", as)
	}

	got := k.decodedFilters(t, HandleClsactIngress)
	f0, _ := got[0].Options.(Flower)
	if f0.EthType != ProtoIP || f0.IPProto != ipProtoTCP || f0.SrcIP != netip.MustParsePrefix("10.0.0.0/8") ||
		f0.DstIP != netip.MustParsePrefix("192.168.1.1/32") || f0.DstPort != 80 || f0.SrcPort != 1024 ||
		f0.DstMAC.String() != "02:00:00:00:00:01" || f0.Flags&ClsSkipHW == 0 || len(f0.Actions) != 2 {
		t.Errorf("decoded %+v", f0)
	} else if p, _ := f0.Actions[0].(Pedit); len(p.Keys) != 2 || p.Keys[0] != (PeditKey{Header: PeditIPv4, Off: 12, Val: 0x0a000001}) ||
		p.Action != ActPipe {
		t.Errorf("decoded pedit %+v", f0.Actions[0])
	} else if c, _ := f0.Actions[1].(Csum); c.Update != CsumIPv4Hdr|CsumTCP {
		t.Errorf("decoded csum %+v", f0.Actions[1])
	}
	f1, _ := got[1].Options.(Flower)
	if f1.EthType != ProtoIP || got[1].Protocol != Proto8021Q || f1.VLANID != 100 || f1.VLANPrio != 2 || !f1.HasVLANPrio || f1.VLANEthType != ProtoIP || len(f1.Actions) != 4 {
		t.Fatalf("decoded %+v", f1)
	}
	if v, _ := f1.Actions[0].(VLAN); v.Op != VLANPop || v.Action != ActPipe {
		t.Errorf("decoded vlan %+v", f1.Actions[0])
	}
	if s, _ := f1.Actions[1].(SkbEdit); !s.HasMark || s.Mark != 7 || !s.HasPriority || s.Priority != 0x10010 {
		t.Errorf("decoded skbedit %+v", f1.Actions[1])
	}
	if tk, _ := f1.Actions[2].(TunnelKey); tk.Release || tk.Src != netip.MustParseAddr("192.0.2.1") || tk.KeyID != 42 || tk.DstPort != 4789 {
		t.Errorf("decoded tunnel_key %+v", f1.Actions[2])
	}
	if c, _ := f1.Actions[3].(Connmark); c.Zone != 3 || c.Action != ActPipe {
		t.Errorf("decoded connmark %+v", f1.Actions[3])
	}
}

// TestKernelFWBasicRoute: iproute2 6.1 prints fw and route filters with
// broken JSON (their options are plain text), so those two are checked
// through tc's text output; basic through its JSON.
func TestKernelFWBasicRoute(t *testing.T) {
	k := newKernel(t, featFW, featBasic, featRoute, "action:gact")
	k.do(t, "add", "htb", "1:", Spec{"default": 0x10})
	k.do(t, "add-filter", "fw", 5, Spec{"parent": "1:", "prio": 1, "classid": "1:1", "mask": 0xff})
	k.do(t, "add-filter", "basic", nil, Spec{"parent": "1:", "prio": 2, "classid": "1:2", "action": "drop"})
	k.do(t, "add-filter", "route", nil, Spec{"parent": "1:", "prio": 3, "protocol": "ip", "to": 10, "classid": "1:3"})
	out := k.ns.Exec(t, "tc", "-s", "filter", "show", "dev", "v0")
	for _, want := range []string{"fw chain 0 handle 0x5/0xff classid 1:1", "basic chain 0 handle 0x1 flowid 1:2",
		"route chain 0 fh 0xffff000a flowid 1:3 to 10"} {
		if !strings.Contains(out, want) {
			t.Errorf("tc filter show lacks %q:\n%s", want, out)
		}
	}
	for _, f := range k.tcJSON(t, "filter", "show", "dev", "v0", "prio", "2") {
		if f["options"] != nil && (opt(f, "flowid") != "1:2" || control(actionsOf(f)[0]) != "drop") {
			t.Errorf("tc basic: %v", f)
		}
	}
	got := k.decodedFilters(t, 0x10000)
	want := map[string]FilterOptions{
		"fw":    FW{ClassID: 0x10001, Mask: 0xff},
		"route": Route{ClassID: 0x10003, To: 10},
	}
	for _, f := range got {
		switch o := f.Options.(type) {
		case Basic:
			if o.ClassID != 0x10002 || len(o.Actions) != 1 || o.Actions[0].(Gact).Action != ActDrop {
				t.Errorf("decoded basic %+v", o)
			}
		default:
			if w := want[f.Kind]; w == nil || !equalOpts(w, f.Options) {
				t.Errorf("decoded %s %+v, want %+v", f.Kind, f.Options, w)
			}
			if f.Kind == "fw" && f.Handle != 5 {
				t.Errorf("fw handle %#x", f.Handle)
			}
		}
	}
	if len(got) != 3 {
		t.Errorf("decoded %d filters: %+v", len(got), got)
	}
}

func equalOpts(a, b FilterOptions) bool {
	switch x := a.(type) {
	case FW:
		y, ok := b.(FW)
		return ok && x.ClassID == y.ClassID && x.Mask == y.Mask && x.Indev == y.Indev
	case Route:
		y, ok := b.(Route)
		return ok && x.ClassID == y.ClassID && x.To == y.To && x.From == y.From && x.IIF == y.IIF
	}
	return false
}
