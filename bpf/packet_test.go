//go:build linux

package bpf

import (
	"encoding/json"
	"testing"
)

const nPackets = 50

// TestPacketTC is the acceptance test through clsact + cls_bpf: a counting
// program at va's ingress sees exactly the datagrams sent, tc shows it by
// name in direct-action mode, a dropping program in its place stops the
// exchange, and detaching restores it.
func TestPacketTC(t *testing.T) {
	p := newPair(t)
	ctx := ctxT(t)
	c := newCounter(t)
	f, err := AttachTC(ctx, p.ra, tcCounter(t, c), TCOptions{Link: p.idx, Direction: Ingress, Name: "nlr_counter"})
	if err != nil {
		t.Fatal(err)
	}
	p.mustDeliver(t, nPackets)
	if n := c.sum(t); n != nPackets {
		t.Fatalf("counter = %d, want %d", n, nPackets)
	}

	var shown []struct {
		Kind    string `json:"kind"`
		Options struct {
			BPFName      string `json:"bpf_name"`
			DirectAction bool   `json:"direct-action"` // tc -j spells it so
			Prog         struct {
				ID  uint32 `json:"id"`
				Tag string `json:"tag"`
			} `json:"prog"`
		} `json:"options"`
	}
	out := p.tcFilters(t, "ingress")
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatalf("tc -j: %v\n%s", err, out)
	}
	found := -1
	for i, s := range shown {
		if s.Kind == "bpf" && s.Options.BPFName == "nlr_counter" && s.Options.DirectAction {
			found = i
		}
	}
	if found < 0 {
		t.Fatalf("tc -j filter show dev va ingress lacks bpf nlr_counter direct_action:\n%s", out)
	}

	progs, err := List(ctx, p.ra, p.idx, Ingress)
	if err != nil {
		t.Fatal(err)
	}
	if len(progs) != 1 || progs[0].Mode != ModeTC || progs[0].Name != "nlr_counter" || !progs[0].DirectAction ||
		progs[0].ID == 0 || len(progs[0].Tag) != 16 || progs[0].Priority != DefaultPriority || progs[0].Handle != DefaultHandle {
		t.Fatalf("List = %+v", progs)
	}
	if progs[0].Tag != shown[found].Options.Prog.Tag || uint32(progs[0].ID) != shown[found].Options.Prog.ID {
		t.Fatalf("List id/tag %d/%s, tc shows %d/%s", progs[0].ID, progs[0].Tag, shown[found].Options.Prog.ID, shown[found].Options.Prog.Tag)
	}

	if err := ReplaceTC(ctx, p.ra, f, tcDropper(t), ""); err != nil {
		t.Fatal(err)
	}
	p.mustDrop(t)
	if progs, _ := List(ctx, p.ra, p.idx, Ingress); len(progs) != 1 || progs[0].Name != "nlr_drop" {
		t.Fatalf("List after replace = %+v", progs)
	}
	if err := DetachTC(ctx, p.ra, f); err != nil {
		t.Fatal(err)
	}
	p.mustDeliver(t, 3)
	if progs, err := List(ctx, p.ra, p.idx, Ingress); err != nil || len(progs) != 0 {
		t.Fatalf("List after detach = %+v, %v", progs, err)
	}
}
