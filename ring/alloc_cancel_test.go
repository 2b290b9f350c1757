package ring_test

import (
	"context"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// TestKernelAllocsCancellable: a dump and a batch under a cancellable
// context allocate nothing once warm, as under context.Background (the
// Conn's watcher replaces a context.AfterFunc per request).
func TestKernelAllocsCancellable(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up")
	oif := uint32(ns.IfIndex(t, "v0"))
	c := dialNS(t, ns, ring.Config{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	req := linkDumpReq()
	dump := func() {
		s := c.Dump(ctx, "link dump", req)
		for s.Next() {
		}
		if s.Err() != nil {
			t.Fatal(s.Err())
		}
	}
	dump()
	if a := testing.AllocsPerRun(50, dump); a != 0 {
		t.Errorf("dump under WithCancel: %v allocations per dump, want 0", a)
	}

	var b wire.Builder
	b.Reset(nil)
	for i := range 100 {
		appendRouteAdd(&b, nthAddr(0, i), oif, wire.FlagCreate|wire.FlagReplace)
	}
	msgs, results := b.Bytes(), make([]error, 100)
	batch := func() {
		if failed, err := c.Batch(ctx, "route replace", msgs, results); err != nil || failed != 0 {
			t.Fatalf("batch: %d failed, %v", failed, err)
		}
	}
	batch()
	if a := testing.AllocsPerRun(20, batch); a != 0 {
		t.Errorf("batch under WithCancel: %v allocations per batch, want 0", a)
	}
}
