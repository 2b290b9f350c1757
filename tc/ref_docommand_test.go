package tc

import (
	"context"
	"errors"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/wire"
)

// TestDoCommandFlags is the reference's ip.tc("add", "sfq", 1) and
// ip.tc((RTM_NEWQDISC, flags), "sfq", 1): the raw request type and flags
// (NLM_F_CREATE|NLM_F_EXCL) make the same qdisc, and a second exclusive
// create is refused with EEXIST. Then the qdisc goes by index, handle and
// kind alone (no options), as pyroute2's tc("del", …).
func TestDoCommandFlags(t *testing.T) {
	k := newKernel(t, "qdisc:sfq")
	ctx := context.Background()
	excl := Command{Type: msgNewQdisc, Flags: wire.FlagRequest | wire.FlagAck | wire.FlagCreate | wire.FlagExcl}
	if err := DoCommand(ctx, k.c, excl, "sfq", k.idx, 0, nil); err != nil {
		t.Fatal(err)
	}
	find(t, k.tcJSON(t, "qdisc", "show", "dev", "v0"), "kind", "sfq")
	if err := DoCommand(ctx, k.c, excl, "sfq", k.idx, 0, nil); !errors.Is(err, syscall.EEXIST) {
		t.Errorf("second exclusive create: %v, want EEXIST", err)
	}
	k.do(t, "del", "sfq", nil, Spec{"parent": "root"})
	k.do(t, "add", "sfq", nil, nil)
	find(t, k.tcJSON(t, "qdisc", "show", "dev", "v0"), "kind", "sfq")
}

// TestQdiscDelByHandle: a qdisc whose add needs keywords (tbf's rate,
// burst, limit) is deleted by index, handle and kind alone.
func TestQdiscDelByHandle(t *testing.T) {
	k := newKernel(t, "qdisc:tbf")
	k.do(t, "add", "tbf", "1:", Spec{"rate": "1mbit", "burst": "10kb", "latency": "50ms"})
	k.do(t, "del", "tbf", "1:", nil)
	for _, q := range k.tcJSON(t, "qdisc", "show", "dev", "v0") {
		if q["kind"] == "tbf" {
			t.Fatalf("tbf still there: %v", q)
		}
	}
}
