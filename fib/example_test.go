//go:build linux

package fib_test

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/nlroute/nlroute/fib"
	"github.com/nlroute/nlroute/internal/exampletest"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// A route daemon's FIB: Sync installs the desired set with the fewest
// writes, a second Sync of the same set writes nothing, and a peer going
// away moves its routes with one group replace per next-hop set. The
// example works in a throwaway namespace it creates and removes, and
// runs through TestExamplesAsRoot (see ARCHITECTURE.md).
func ExampleFIB_Sync() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-fib", CreateNetNS: true, Ring: ring.PipelineConfig(ring.Config{})})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-fib")
	defer r.Close()
	if err := exampleLink(ctx, r); err != nil {
		fmt.Println(err)
		return
	}

	f, err := fib.New(ctx, r, fib.Config{Protocol: 200, Nexthops: fib.NexthopObjects})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	peer := func(s string) fib.Nexthop { return fib.Nexthop{Gateway: netip.MustParseAddr(s)} }
	desired := []fib.Route{
		{Prefix: netip.MustParsePrefix("10.1.0.0/16"), Nexthops: []fib.Nexthop{peer("192.0.2.2")}},
		{Prefix: netip.MustParsePrefix("10.2.0.0/16"), Nexthops: []fib.Nexthop{peer("192.0.2.2")}},
		{Prefix: netip.MustParsePrefix("10.3.0.0/16"), Nexthops: []fib.Nexthop{peer("192.0.2.2"), peer("192.0.2.3")}},
	}
	d, err := f.Sync(ctx, slices.Values(desired))
	fmt.Println(d, err)
	d, err = f.Sync(ctx, slices.Values(desired))
	fmt.Println(d, err)
	d, err = f.ReplaceGateway(ctx, netip.MustParseAddr("192.0.2.2"), []fib.Nexthop{peer("192.0.2.4")})
	fmt.Println("peer down:", d.Replaced, "routes moved,", d.Ops, "kernel ops,", err)
	// Output as root:
	// added 3, replaced 0, deleted 0, kept 0, failed 0 (7 kernel ops) <nil>
	// added 0, replaced 0, deleted 0, kept 3, failed 0 (0 kernel ops) <nil>
	// peer down: 3 routes moved, 4 kernel ops, <nil>
}

// exampleLink makes v0 (a veth to v1), up, with 192.0.2.1/24: the
// peers' link.
func exampleLink(ctx context.Context, r *rtnl.IPRoute) error {
	if err := r.LinkAdd(ctx, rtnl.Link{Name: "v0", Info: rtnl.Veth{Peer: rtnl.Link{Name: "v1"}}}); err != nil {
		return err
	}
	l, err := r.LinkGet(ctx, rtnl.Link{Name: "v0"})
	if err != nil {
		return err
	}
	for _, name := range []string{"v0", "v1"} {
		if err := r.LinkSet(ctx, rtnl.Link{Name: name, State: rtnl.LinkUp}); err != nil {
			return err
		}
	}
	return r.AddrAdd(ctx, rtnl.Addr{Index: l.Index(), Prefix: netip.MustParsePrefix("192.0.2.1/24")})
}

func TestExamplesAsRoot(t *testing.T) {
	exampletest.Run(t, "nlroute-ex-fib", exampletest.E(ExampleFIB_Sync))
}
