package rtnl_test

import (
	"context"
	"net"
	"net/netip"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
)

// typedCall is one step of TestTypedCallAllocs: a few typed calls that
// leave the namespace as they found it, so the step can run again and
// again, every call succeeding.
type typedCall struct {
	name   string
	step   func(ctx context.Context) error
	allocs float64 // allowed per step: 0 but for the owned view a get returns
}

// typedCalls builds the table over a namespace holding veth d0 (10.0.0.1/24),
// a bridge br0 with its port p0, and a VXLAN device vx0.
func typedCalls(t *testing.T, r *rtnl.IPRoute, d0, p0, vx0 int) []typedCall {
	t.Helper()
	gw := netip.MustParseAddr("10.0.0.2")
	rt := rtnl.Route{Dst: netip.MustParsePrefix("10.9.0.0/24"), Gateway: gw}
	rt2 := rt
	rt2.Priority = 7
	probe := rtnl.Route{Dst: netip.MustParsePrefix("10.8.0.5/32")}
	lk := rtnl.Link{Name: "dx0", Info: rtnl.Bridge{}}
	ad := rtnl.Addr{Index: d0, Prefix: netip.MustParsePrefix("10.0.0.9/24")}
	ru := rtnl.Rule{Family: syscall.AF_INET, Priority: 1000, Table: 100}
	mac := net.HardwareAddr{2, 0, 0, 0, 0, 9}
	nb := rtnl.Neigh{IfIndex: d0, Dst: netip.MustParseAddr("10.0.0.7"), LLAddr: mac, State: rtnl.NeighPermanent}
	fdb := rtnl.FDBEntry{IfIndex: vx0, LLAddr: mac, Dst: netip.MustParseAddr("10.0.0.20"), Self: true}
	fdb2 := fdb
	fdb2.Dst = netip.MustParseAddr("10.0.0.21")
	fdbDel := rtnl.FDBEntry{IfIndex: vx0, LLAddr: mac, Self: true}
	nh := rtnl.Nexthop{ID: 77, Gateway: gw, OIF: d0}
	vl := rtnl.BridgeVLAN{Index: p0, VID: 100}
	bp := rtnl.BridgePort{Index: p0, Cost: rtnl.Some(uint32(10))}
	bp2 := rtnl.BridgePort{Index: p0, Cost: rtnl.Some(uint32(20))}
	seq := func(calls ...func(ctx context.Context) error) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			for _, c := range calls {
				if err := c(ctx); err != nil {
					return err
				}
			}
			return nil
		}
	}
	get := func(f func(ctx context.Context) error) func(ctx context.Context) error { return f }
	calls := []typedCall{
		{"RouteAdd+RouteDel", seq(
			func(ctx context.Context) error { return r.RouteAdd(ctx, rt) },
			func(ctx context.Context) error { return r.RouteDel(ctx, rt) }), 0},
		{"RouteReplace+RouteChange+RouteDel", seq(
			func(ctx context.Context) error { return r.RouteReplace(ctx, rt) },
			func(ctx context.Context) error { return r.RouteChange(ctx, rt) },
			func(ctx context.Context) error { return r.RouteDel(ctx, rt) }), 0},
		{"RouteAppend+RouteDel", seq(
			func(ctx context.Context) error { return r.RouteAppend(ctx, rt2) },
			func(ctx context.Context) error { return r.RouteDel(ctx, rt2) }), 0},
		{"RouteGet", get(func(ctx context.Context) error {
			v, err := r.RouteGet(ctx, probe)
			if err == nil && v.Msg() == nil {
				t.Error("RouteGet: no route")
			}
			return err
		}), getAllocs},
		{"LinkReplace+LinkSet+LinkDel+LinkAdd+LinkDel", seq(
			func(ctx context.Context) error { return r.LinkReplace(ctx, lk) },
			func(ctx context.Context) error {
				return r.LinkSet(ctx, rtnl.Link{Name: "dx0", State: rtnl.LinkUp})
			},
			func(ctx context.Context) error { return r.LinkDel(ctx, rtnl.Link{Name: "dx0"}) },
			func(ctx context.Context) error { return r.LinkAdd(ctx, lk) },
			func(ctx context.Context) error { return r.LinkDel(ctx, rtnl.Link{Name: "dx0"}) }), 0},
		{"LinkGet", get(func(ctx context.Context) error {
			_, err := r.LinkGet(ctx, rtnl.Link{Index: int32(d0)})
			return err
		}), getAllocs},
		{"AddrAdd+AddrReplace+AddrDel", seq(
			func(ctx context.Context) error { return r.AddrAdd(ctx, ad) },
			func(ctx context.Context) error { return r.AddrReplace(ctx, ad) },
			func(ctx context.Context) error { return r.AddrDel(ctx, ad) }), 0},
		{"RuleAdd+RuleDel", seq(
			func(ctx context.Context) error { return r.RuleAdd(ctx, ru) },
			func(ctx context.Context) error { return r.RuleDel(ctx, ru) }), 0},
		{"NeighAdd+Set+Replace+Change+Del", seq(
			func(ctx context.Context) error { return r.NeighAdd(ctx, nb) },
			func(ctx context.Context) error { return r.NeighSet(ctx, nb) },
			func(ctx context.Context) error { return r.NeighReplace(ctx, nb) },
			func(ctx context.Context) error { return r.NeighChange(ctx, nb) },
			func(ctx context.Context) error { return r.NeighDel(ctx, nb) }), 0},
		{"NeighAdd+NeighGet+NeighDel", seq(
			func(ctx context.Context) error { return r.NeighAdd(ctx, nb) },
			func(ctx context.Context) error { _, err := r.NeighGet(ctx, nb); return err },
			func(ctx context.Context) error { return r.NeighDel(ctx, nb) }), getAllocs},
		{"FDBAdd+Append+Replace+Del", seq(
			func(ctx context.Context) error { return r.FDBAdd(ctx, fdb) },
			func(ctx context.Context) error { return r.FDBAppend(ctx, fdb2) },
			func(ctx context.Context) error { return r.FDBReplace(ctx, fdb) },
			func(ctx context.Context) error { return r.FDBDel(ctx, fdbDel) }), 0},
		{"NexthopAdd+Replace+Del", seq(
			func(ctx context.Context) error { return r.NexthopAdd(ctx, nh) },
			func(ctx context.Context) error { return r.NexthopReplace(ctx, nh) },
			func(ctx context.Context) error { return r.NexthopDel(ctx, nh.ID) }), 0},
		{"NexthopAdd+NexthopGet+NexthopDel", seq(
			func(ctx context.Context) error { return r.NexthopAdd(ctx, nh) },
			func(ctx context.Context) error { _, err := r.NexthopGet(ctx, nh.ID); return err },
			func(ctx context.Context) error { return r.NexthopDel(ctx, nh.ID) }), getAllocs},
		{"BridgePortSet", seq(
			func(ctx context.Context) error { return r.BridgePortSet(ctx, bp) },
			func(ctx context.Context) error { return r.BridgePortSet(ctx, bp2) }), 0},
	}
	if testutil.HasKernel("bridge-vlan") {
		calls = append(calls, typedCall{"BridgeVLANAdd+BridgeVLANDel", seq(
			func(ctx context.Context) error { return r.BridgeVLANAdd(ctx, vl) },
			func(ctx context.Context) error { return r.BridgeVLANDel(ctx, vl) }), 0})
	}
	return calls
}

// TestTypedCallAllocs: every typed single-object call allocates nothing
// once warm, with context.Background and with cancellable contexts
// (WithCancel, WithTimeout); a get allocates only the owned view it
// returns.
func TestTypedCallAllocs(t *testing.T) {
	r, ns := dialNS(t)
	ns.Batch(t, "link add d0 type veth peer name d1", "link set d0 up", "link set d1 up", "addr add 10.0.0.1/24 dev d0",
		"link add br0 type bridge", "link add p0 type veth peer name p1",
		"link set p0 master br0", "link set br0 up", "link set p0 up",
		"link add vx0 type vxlan id 42 dstport 4789 local 10.0.0.1 nolearning", "link set vx0 up", "route add 10.8.0.0/24 via 10.0.0.2")
	calls := typedCalls(t, r, ns.IfIndex(t, "d0"), ns.IfIndex(t, "p0"), ns.IfIndex(t, "vx0"))
	bg := context.Background()
	cctx, cancel := context.WithCancel(bg)
	defer cancel()
	tctx, cancelT := context.WithTimeout(bg, time.Hour)
	defer cancelT()
	ctxs := []struct {
		name string
		ctx  context.Context
	}{{"Background", bg}, {"WithCancel", cctx}, {"WithTimeout", tctx}}
	for _, c := range calls {
		for _, x := range ctxs {
			var err error
			step := func() {
				if err == nil {
					err = c.step(x.ctx)
				}
			}
			step()
			n := testing.AllocsPerRun(10, step)
			if err != nil {
				t.Errorf("%s (%s): %v", c.name, x.name, err)
				continue
			}
			if n > c.allocs {
				t.Errorf("%s (%s): %v allocations per step, want ≤ %v", c.name, x.name, n, c.allocs)
			}
		}
	}
}
