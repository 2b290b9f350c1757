package ring_test

import (
	"context"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

func TestKernelAllocsDump(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add br0 type bridge", "link add v0 type veth peer name v1")
	c := dialNS(t, ns, ring.Config{})
	req := linkDumpReq()
	ctx := context.Background()
	var n int
	step := func() {
		n = 0
		s := c.Dump(ctx, "link dump", req)
		for s.Next() {
			n += len(s.Message().Data)
		}
		if s.Err() != nil {
			t.Fatal(s.Err())
		}
	}
	step() // warm the buffers and the waiter pool
	if a := testing.AllocsPerRun(50, step); a != 0 {
		t.Errorf("dump receive: %v allocations per dump, want 0", a)
	}
}

func TestKernelAllocsBatch(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up")
	oif := uint32(ns.IfIndex(t, "v0"))
	c := dialNS(t, ns, ring.Config{})
	var b wire.Builder
	b.Reset(nil)
	for i := range 100 {
		// NLM_F_REPLACE: every run succeeds, so every result is an ack.
		appendRouteAdd(&b, nthAddr(0, i), oif, wire.FlagCreate|wire.FlagReplace)
	}
	msgs := b.Bytes()
	results := make([]error, 100)
	ctx := context.Background()
	run := func() {
		if failed, err := c.Batch(ctx, "route replace", msgs, results); err != nil || failed != 0 {
			t.Fatalf("batch: %d failed, %v", failed, err)
		}
	}
	run()
	if a := testing.AllocsPerRun(20, run); a != 0 {
		t.Errorf("batch send + acks: %v allocations per batch, want 0", a)
	}
}
