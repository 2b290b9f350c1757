//go:build linux

package bpf

import (
	"errors"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/tc"
)

// TestPacketAttach is the acceptance test through Attach: TCX (kernel
// 6.6+), clsact + cls_bpf forced by ModeTC (the fallback, taken here on
// purpose), and ModeAuto (TCX here, the fallback on older kernels such
// as the VM lane's 6.1).
func TestPacketAttach(t *testing.T) {
	tcx := HaveTCX()
	for _, tt := range []struct {
		name string
		mode Mode
		want Mode
	}{
		{"tcx", ModeTCX, ModeTCX},
		{"tc-forced", ModeTC, ModeTC},
		{"auto", ModeAuto, map[bool]Mode{true: ModeTCX, false: ModeTC}[tcx == nil]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == ModeTCX && tcx != nil {
				testutil.SkipMissingFeature(t, "tcx", tcx)
			}
			p := newPair(t)
			ctx := ctxT(t)
			c := newCounter(t)
			a, err := Attach(ctx, p.ra, tcCounter(t, c), Options{TCOptions: TCOptions{Link: p.idx, Direction: Ingress}, Mode: tt.mode})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if a.Mode != tt.want {
				t.Fatalf("Attach(%s) used %s, want %s", tt.mode, a.Mode, tt.want)
			}
			p.mustDeliver(t, nPackets)
			if n := c.sum(t); n != nPackets {
				t.Fatalf("counter = %d, want %d", n, nPackets)
			}
			progs, err := List(ctx, p.ra, p.idx, Ingress)
			if err != nil {
				t.Fatal(err)
			}
			if len(progs) != 1 || progs[0].Mode != tt.want || progs[0].Name != "nlr_count" || progs[0].ID == 0 || len(progs[0].Tag) != 16 {
				t.Fatalf("List = %+v", progs)
			}
			if egress, err := List(ctx, p.ra, p.idx, Egress); err != nil || len(egress) != 0 {
				t.Fatalf("List egress = %+v, %v", egress, err)
			}
			if err := a.Replace(ctx, tcDropper(t)); err != nil {
				t.Fatal(err)
			}
			p.mustDrop(t)
			if err := a.Detach(ctx); err != nil {
				t.Fatal(err)
			}
			p.mustDeliver(t, 3)
			if progs, err := List(ctx, p.ra, p.idx, Ingress); err != nil || len(progs) != 0 {
				t.Fatalf("List after detach = %+v, %v", progs, err)
			}
		})
	}
}

// TestTCXCloseDetaches: a TCX attachment lives as long as its link.
func TestTCXCloseDetaches(t *testing.T) {
	if err := HaveTCX(); err != nil {
		testutil.SkipMissingFeature(t, "tcx", err)
	}
	p := newPair(t)
	ctx := ctxT(t)
	a, err := Attach(ctx, p.ra, tcDropper(t), Options{TCOptions: TCOptions{Link: p.idx, Direction: Ingress}, Mode: ModeTCX})
	if err != nil {
		t.Fatal(err)
	}
	p.mustDrop(t)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	p.mustDeliver(t, 3)
}

// TestPacketXDP is the acceptance test through XDP in generic mode, with
// the query, exclusive attach and compare-and-swap replace.
func TestPacketXDP(t *testing.T) {
	p := newPair(t)
	ctx := ctxT(t)
	c := newCounter(t)
	counter := xdpCounter(t, c)
	if err := AttachXDP(ctx, p.ra, counter, XDPOptions{Link: p.idx, Mode: XDPGeneric, Exclusive: true}); err != nil {
		t.Fatal(err)
	}
	p.mustDeliver(t, nPackets)
	if n := c.sum(t); n != nPackets {
		t.Fatalf("counter = %d, want %d", n, nPackets)
	}
	info, err := counter.Info()
	if err != nil {
		t.Fatal(err)
	}
	id, _ := info.ID()
	s, err := QueryXDP(ctx, p.ra, p.idx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Mode != XDPGeneric || s.ID != id || s.Generic != id || !s.Attached() {
		t.Fatalf("QueryXDP = %+v, want generic %d", s, id)
	}
	dropper := xdpDropper(t)
	if err := AttachXDP(ctx, p.ra, dropper, XDPOptions{Link: p.idx, Mode: XDPGeneric, Exclusive: true}); !errors.Is(err, syscall.EBUSY) {
		t.Fatalf("exclusive attach over a program: %v, want EBUSY", err)
	}
	if err := AttachXDP(ctx, p.ra, dropper, XDPOptions{Link: p.idx, Mode: XDPGeneric, Expected: counter}); err != nil {
		t.Fatal(err)
	}
	if err := AttachXDP(ctx, p.ra, dropper, XDPOptions{Link: p.idx, Mode: XDPGeneric, Expected: counter}); !errors.Is(err, syscall.EEXIST) {
		t.Fatalf("replace of a program no longer attached: %v, want EEXIST", err)
	}
	p.mustDrop(t)
	if err := DetachXDP(ctx, p.ra, p.idx, XDPAuto); err != nil {
		t.Fatal(err)
	}
	p.mustDeliver(t, 3)
	if s, err := QueryXDP(ctx, p.ra, p.idx); err != nil || s.Attached() {
		t.Fatalf("QueryXDP after detach = %+v, %v", s, err)
	}
	if err := DetachXDP(ctx, p.ra, p.idx, XDPGeneric); err != nil {
		t.Fatalf("detach with nothing attached: %v", err)
	}
}

// TestGenericClsact is the reference's clsact example through tc.Do:
// fd=, name=, classid=1, direct_action=True at parents ffff:fff2 and
// ffff:fff3; the ingress one counts.
func TestGenericClsact(t *testing.T) {
	p := newPair(t)
	ctx := ctxT(t)
	c := newCounter(t)
	prog := tcCounter(t, c)
	if err := tc.Do(ctx, p.ra, "add", "clsact", p.idx, nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, parent := range []string{"ffff:fff2", "ffff:fff3"} {
		err := tc.Do(ctx, p.ra, "add-filter", "bpf", p.idx, ":1", rtnl.Spec{
			"fd": prog.FD(), "name": "myprog", "parent": parent, "classid": 1, "direct_action": true})
		if err != nil {
			t.Fatalf("add-filter parent %s: %v", parent, err)
		}
	}
	p.mustDeliver(t, nPackets)
	if n := c.sum(t); n != nPackets {
		t.Fatalf("counter = %d, want %d", n, nPackets)
	}
	info, _ := prog.Info()
	id, _ := info.ID()
	for _, dir := range []Direction{Ingress, Egress} {
		progs, err := List(ctx, p.ra, p.idx, dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(progs) != 1 || progs[0].Mode != ModeTC || progs[0].Name != "myprog" || progs[0].ID != id ||
			progs[0].Tag != info.Tag || !progs[0].DirectAction || progs[0].ClassID != 1 {
			t.Fatalf("List %s = %+v, want myprog id %d tag %s", dir, progs, id, info.Tag)
		}
	}
	// The kernel chose the priority (none was given): delete by it, again
	// through the keyword form.
	progs, err := List(ctx, p.ra, p.idx, Ingress)
	if err != nil {
		t.Fatal(err)
	}
	if err := tc.Do(ctx, p.ra, "del-filter", "bpf", p.idx, ":1",
		rtnl.Spec{"parent": "ffff:fff2", "prio": int(progs[0].Priority)}); err != nil {
		t.Fatal(err)
	}
	if progs, err := List(ctx, p.ra, p.idx, Ingress); err != nil || len(progs) != 0 {
		t.Fatalf("List after del-filter = %+v, %v", progs, err)
	}
}
