//go:build linux

package bpf

import (
	"testing"

	"github.com/cilium/ebpf"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/tc"
)

// TestActionChain runs a SchedACT program as a bpf action (tc.ActBPF) of
// a cls_bpf filter at clsact ingress: it counts, then a dropping action in
// its place stops the exchange.
func TestActionChain(t *testing.T) {
	testutil.RequireKernel(t, "action:bpf")
	p := newPair(t)
	ctx := ctxT(t)
	c := newCounter(t)
	match := loadProg(t, ebpf.SchedCLS, "nlr_match", retInsns(tcActUnspec))
	count := loadProg(t, ebpf.SchedACT, "nlr_acount", countInsns(c.m, 76, 80, tcActOK))
	if err := EnsureClsact(ctx, p.ra, p.idx); err != nil {
		t.Fatal(err)
	}
	f := tc.Filter{Link: p.idx, Parent: tc.HandleClsactIngress, Handle: 1, Priority: 1, Protocol: tc.ProtoAll,
		Options: tc.BPF{FD: match.FD(), Name: "nlr_match",
			Actions: []tc.Action{tc.ActBPF{FD: count.FD(), Name: "nlr_acount", Action: tc.ActPipe}}}}
	if err := tc.FilterAdd(ctx, p.ra, f); err != nil {
		t.Fatal(err)
	}
	p.mustDeliver(t, nPackets)
	if n := c.sum(t); n != nPackets {
		t.Fatalf("counter = %d, want %d", n, nPackets)
	}
	fs, err := tc.GetFilters(ctx, p.ra, p.idx, tc.HandleClsactIngress)
	if err != nil {
		t.Fatal(err)
	}
	var acts []tc.Action
	for _, g := range fs {
		if b, ok := g.Options.(tc.BPF); ok && g.Handle == 1 {
			acts = b.Actions
		}
	}
	if len(acts) != 1 || acts[0].(tc.ActBPF).Name != "nlr_acount" {
		t.Fatalf("dumped actions = %+v", acts)
	}
	drop := loadProg(t, ebpf.SchedACT, "nlr_adrop", retInsns(tcActShot))
	f.Options = tc.BPF{FD: match.FD(), Name: "nlr_match",
		Actions: []tc.Action{tc.ActBPF{FD: drop.FD(), Name: "nlr_adrop", Action: tc.ActPipe}}}
	if err := tc.FilterReplace(ctx, p.ra, f); err != nil {
		t.Fatal(err)
	}
	p.mustDrop(t)
	if err := DetachTC(ctx, p.ra, TCFilter{Link: p.idx, Direction: Ingress, Priority: 1, Handle: 1, Protocol: tc.ProtoAll}); err != nil {
		t.Fatal(err)
	}
	p.mustDeliver(t, 3)
}

// TestClassID is classic cls_bpf: not direct-action, the program's -1
// selects the filter's classid, here an HTB class on vb's egress, whose
// counters then hold the datagrams.
func TestClassID(t *testing.T) {
	testutil.RequireKernel(t, "qdisc:htb")
	p := newPair(t)
	ctx := ctxT(t)
	rb, err := rtnl.Dial(rtnl.Config{NetNS: p.b.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer rb.Close()
	vb := p.b.IfIndex(t, "vb")
	root := tc.MustParseHandle("1:")
	class := tc.MustParseHandle("1:10")
	if err := tc.QdiscAdd(ctx, rb, tc.Qdisc{Link: vb, Handle: root, Options: tc.HTB{Default: 0x30}}); err != nil {
		t.Fatal(err)
	}
	if err := tc.ClassAdd(ctx, rb, tc.Class{Link: vb, Handle: class, Parent: root, Options: tc.HTBClass{Rate: 125_000_000}}); err != nil {
		t.Fatal(err)
	}
	prog := loadProg(t, ebpf.SchedCLS, "nlr_classify", retInsns(tcActUnspec))
	f := tc.Filter{Link: vb, Parent: root, Handle: 1, Priority: 1, Protocol: tc.ProtoIP,
		Options: tc.BPF{FD: prog.FD(), Name: "nlr_classify", ClassID: class}}
	if err := tc.FilterAdd(ctx, rb, f); err != nil {
		t.Fatal(err)
	}
	p.mustDeliver(t, nPackets)
	cls, err := tc.GetClasses(ctx, rb, vb)
	if err != nil {
		t.Fatal(err)
	}
	var got uint64
	for _, c := range cls {
		if c.Handle == class {
			got = c.Stats.Packets
		}
	}
	if got != nPackets {
		t.Fatalf("class 1:10 sent %d packets, want %d (only IPv4 is classified, and b sends no ARP)", got, nPackets)
	}
	fs, err := tc.GetFilters(ctx, rb, vb, root)
	if err != nil {
		t.Fatal(err)
	}
	var seen bool
	for _, g := range fs {
		if b, ok := g.Options.(tc.BPF); ok && g.Handle == 1 {
			seen = b.ClassID == class && !b.DirectAction && b.Name == "nlr_classify" && b.ID != 0
		}
	}
	if !seen {
		t.Fatalf("filters = %+v", fs)
	}
}
