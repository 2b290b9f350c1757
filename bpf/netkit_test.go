//go:build linux

package bpf

import (
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestNetkit attaches to both sides of a netkit pair (Linux 6.7 with
// CONFIG_NETKIT; neither this host nor the VM lane's 6.1 has it, so it
// skips there naming the feature).
func TestNetkit(t *testing.T) {
	testutil.RequireKernel(t, "link:netkit")
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add nk0 type netkit peer name nk1")
	ra := dialIn(t, ns)
	ctx := ctxT(t)
	idx := ns.IfIndex(t, "nk0")
	for _, peer := range []bool{false, true} {
		a, err := AttachNetkit(ctx, ra, tcDropper(t), idx, peer)
		if err != nil {
			t.Fatalf("netkit peer=%v: %v", peer, err)
		}
		if a.Mode != ModeNetkit || a.Link() == nil {
			t.Fatalf("attachment %+v", a)
		}
		if err := a.Replace(ctx, tcDropper(t)); err != nil {
			t.Fatal(err)
		}
		if err := a.Detach(ctx); err != nil {
			t.Fatal(err)
		}
	}
}
