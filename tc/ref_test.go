package tc

import (
	"context"
	"testing"
)

// The tc examples of the reference (pyroute2's IPRoute.tc docs), one
// test each, checked through tc's own output.

func TestRefDRR(t *testing.T) {
	k := newKernel(t, "qdisc:drr")
	k.do(t, "add", "drr", "1:", nil)
	k.do(t, "add-class", "drr", "1:10", Spec{"quantum": 1600})
	k.do(t, "add-class", "drr", "1:20", Spec{"quantum": 1600})
	find(t, k.tcJSON(t, "qdisc", "show", "dev", "v0"), "kind", "drr")
	cs := k.tcText(t, "class")
	for _, h := range []string{"1:10", "1:20"} {
		if c := findText(t, cs, h); c["kind"] != "drr" || c["quantum"] != "1600b" {
			t.Errorf("class %s: %v", h, c)
		}
	}
}

func TestRefChoke(t *testing.T) {
	k := newKernel(t, "qdisc:choke")
	k.do(t, "add", "choke", nil, Spec{"limit": 5500, "bandwith": "10mbit", "ecn": true})
	q := find(t, k.tcJSON(t, "qdisc", "show", "dev", "v0"), "kind", "choke")
	// max = limit/4 = 1375, min = max/3 = 458 packets.
	if opt(q, "limit") != 5500.0 || opt(q, "min") != 458.0 || opt(q, "max") != 1375.0 || opt(q, "ecn") != true {
		t.Errorf("choke %v", q)
	}
}

func TestRefHFSC(t *testing.T) {
	k := newKernel(t, "qdisc:hfsc")
	k.do(t, "add", "hfsc", nil, Spec{"handle": "1:", "default": "1:1"})
	k.do(t, "add-class", "hfsc", nil, Spec{"handle": "1:1", "parent": "1:0", "rsc": map[string]any{"m2": "5mbit"}})
	// iproute2 6.1 prints hfsc without JSON.
	if q := findText(t, k.tcText(t, "qdisc"), "1:"); q["kind"] != "hfsc" || q["default"] != "1" {
		t.Errorf("hfsc %v", q)
	}
	out := k.ns.Exec(t, "tc", "class", "show", "dev", "v0")
	if want := "class hfsc 1:1 parent 1: rt m1 0bit d 0us m2 5Mbit"; !contains([]string{firstLine(out, "class hfsc 1:1")}, want) {
		t.Errorf("hfsc class: got %q, want %q", out, want)
	}
}

func firstLine(s, prefix string) string {
	for _, l := range splitLines(s) {
		if len(l) >= len(prefix) && l[:len(prefix)] == prefix {
			for len(l) > 0 && l[len(l)-1] == ' ' {
				l = l[:len(l)-1]
			}
			return l
		}
	}
	return ""
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}

// TestRefClsactBPF is the clsact example with a classic BPF program
// ("ret #-1", pass everything): loading an eBPF program for fd needs the
// bpf(2) system call, which only internal/sys may make and does not
// offer; the fd form is covered by TestRoundTrip.
func TestRefClsactBPF(t *testing.T) {
	k := newKernel(t, "qdisc:clsact", "filter:bpf")
	k.do(t, "add", "clsact", nil, nil)
	ops := []any{[]any{6, 0, 0, 0xffffffff}}
	k.do(t, "add-filter", "bpf", ":1", Spec{"ops": ops, "name": "myprog", "parent": "ffff:fff2", "classid": 1})
	k.do(t, "add-filter", "bpf", ":1", Spec{"ops": ops, "name": "myprog", "parent": "ffff:fff3", "classid": 1})
	find(t, k.tcJSON(t, "qdisc", "show", "dev", "v0"), "kind", "clsact")
	for _, dir := range []string{"ingress", "egress"} {
		fs := k.tcJSON(t, "filter", "show", "dev", "v0", dir)
		f := fs[len(fs)-1]
		// The kernel reports a name for eBPF programs only.
		if f["kind"] != "bpf" || opt(f, "flowid") != ":1" || opt(f, "handle") != "0x1" {
			t.Errorf("%s filter %v", dir, f)
		}
	}
	got, err := GetFilters(context.Background(), k.c, k.idx, HandleClsactEgress)
	if err != nil || len(got) != 2 { // the priority's chain head, then the filter
		t.Fatalf("egress filters %+v, %v", got, err)
	}
	if b, ok := got[1].Options.(BPF); !ok || got[1].Handle != 1 || b.ClassID != 1 || len(b.Ops) != 1 || b.Ops[0].K != 0xffffffff {
		t.Errorf("decoded %+v", got[1])
	}
}

// TestRefU32Actions is the reference's action chain on a u32 match-all
// filter: bpf, police, gact.
func TestRefU32Actions(t *testing.T) {
	// The bpf action of the reference's chain needs a loaded eBPF
	// program (see TestRefClsactBPF); police and gact run here.
	k := newKernel(t, "qdisc:htb", "filter:u32", "action:gact", "action:police")
	k.do(t, "add", "htb", 0x10000, Spec{"default": 0x200000})
	for _, action := range []any{
		"drop",
		map[string]any{"kind": "gact", "action": "drop"},
		[]any{
			map[string]any{"kind": "police", "rate": "10kbit", "burst": 10240, "limit": 0},
			map[string]any{"kind": "gact", "action": "ok"},
		},
	} {
		k.do(t, "add-filter", "u32", nil, Spec{"parent": 0x10000, "prio": 10, "protocol": ProtoAll,
			"target": 0x10020, "keys": []any{"0x0/0x0+0"}, "action": action})
	}
	out := k.ns.Exec(t, "tc", "-s", "filter", "show", "dev", "v0")
	for _, want := range []string{"action order 1: gact action drop", "action order 1:  police", "rate 10Kbit burst 10Kb", "action order 2: gact action pass"} {
		if !containsStr(out, want) {
			t.Errorf("tc filter show lacks %q:\n%s", want, out)
		}
	}
}

func containsStr(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestRefU32SrcDst is the reference's src/dst examples, with a mirred
// action (which this host has) on the first.
func TestRefU32SrcDst(t *testing.T) {
	k := newKernel(t, "qdisc:htb", "filter:u32", "action:mirred")
	k.do(t, "add", "htb", 0x10000, Spec{"default": 0x200000})
	k.do(t, "add-filter", "u32", nil, Spec{"parent": 0x10000, "prio": 10, "protocol": ProtoIP,
		"target": 0x10010, "keys": []any{"0xc0a80001/0xffffffff+12"},
		"action": map[string]any{"kind": "mirred", "ifindex": k.ns.IfIndex(t, "v1"), "direction": "mirror"}})
	k.do(t, "add-filter", "u32", nil, Spec{"parent": 0x10000, "prio": 10, "protocol": ProtoIP,
		"target": 0x10020, "keys": []any{"0xc0a80000/0xffffff00+16"}})
	out := k.ns.Exec(t, "tc", "filter", "show", "dev", "v0")
	for _, want := range []string{"flowid 1:10", "match c0a80001/ffffffff at 12", "flowid 1:20",
		"match c0a80000/ffffff00 at 16", "Mirror to device v1"} {
		if !containsStr(out, want) {
			t.Errorf("tc filter show lacks %q:\n%s", want, out)
		}
	}
	fs, err := GetFilters(context.Background(), k.c, k.idx, 0x10000)
	if err != nil {
		t.Fatal(err)
	}
	var m *Mirred
	for _, f := range fs {
		if u, ok := f.Options.(U32); ok && len(u.Actions) == 1 {
			if a, ok := u.Actions[0].(Mirred); ok {
				m = &a
			}
		}
	}
	if m == nil || m.Direction != MirredEgressMirror || m.Action != ActPipe || int(m.Link) != k.ns.IfIndex(t, "v1") {
		t.Errorf("decoded mirred %+v in %+v", m, fs)
	}
}
