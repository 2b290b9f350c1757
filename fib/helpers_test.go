package fib_test

import (
	"context"
	"fmt"
	"iter"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nlroute/nlroute/fib"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// lab is a namespace with two veths: v0 (192.0.2.1/24, 2001:db8::1/64)
// towards peers .2 … .9 and v2 (198.51.100.1/24, 2001:db8:1::1/64),
// with neighbours for the peers so nothing waits on resolution.
type lab struct {
	ns  *testutil.NetNS
	r   *rtnl.IPRoute
	out *rtnl.IPRoute // another port, for outside changes
	ctx context.Context
}

func newLab(t testing.TB) *lab {
	t.Helper()
	ns := testutil.NewNetNS(t)
	ns.Batch(t,
		"link add v0 type veth peer name v1", "link add v2 type veth peer name v3",
		"link set v0 up", "link set v1 up", "link set v2 up", "link set v3 up",
		"addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad",
		"addr add 198.51.100.1/24 dev v2", "addr add 2001:db8:1::1/64 dev v2 nodad")
	r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path, Ring: ring.PipelineConfig(ring.Config{})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	// Outside changes go through a connection of their own: the FIB's
	// monitor drops the notifications of its own IPRoute's port.
	out, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { out.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return &lab{ns: ns, r: r, out: out, ctx: ctx}
}

func (l *lab) fib(t testing.TB, cfg fib.Config) *fib.FIB {
	t.Helper()
	f, err := fib.New(l.ctx, l.r, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func gw(s string) fib.Nexthop { return fib.Nexthop{Gateway: netip.MustParseAddr(s)} }

func rt(prefix string, hops ...fib.Nexthop) fib.Route {
	return fib.Route{Prefix: netip.MustParsePrefix(prefix), Nexthops: hops}
}

func seq(routes []fib.Route) iter.Seq[fib.Route] { return slices.Values(routes) }

// want renders desired routes as the kernel dump is rendered.
func want(routes []fib.Route) []string {
	var out []string
	for _, r := range routes {
		var gws []string
		for _, h := range r.Nexthops {
			w := max(h.Weight, 1)
			if len(r.Nexthops) == 1 {
				w = 1 // a single next hop has no weight
			}
			gws = append(gws, fmt.Sprintf("%s*%d", h.Gateway, w))
		}
		sort.Strings(gws)
		out = append(out, r.Prefix.String()+" via "+strings.Join(gws, ","))
	}
	sort.Strings(out)
	return out
}

// kernel renders the routes of proto in table main as "prefix via
// gw*weight,…", reading nexthop objects through their groups.
func (l *lab) kernel(t testing.TB, proto rtnl.RouteProtocol) []string {
	t.Helper()
	groups := map[uint32][]string{}
	singles := map[uint32]string{}
	nhs, err := l.r.GetNexthops(l.ctx)
	if err == nil {
		for _, n := range nhs {
			if !n.IsGroup() {
				singles[n.ID()] = n.Gateway().String()
			}
		}
		for _, n := range nhs {
			for i := range n.Group() {
				id, w := n.GroupMember(i)
				groups[n.ID()] = append(groups[n.ID()], fmt.Sprintf("%s*%d", singles[id], w))
			}
		}
	}
	var out []string
	it := l.r.Routes(l.ctx, rtnl.Match{"table": 254})
	for v := range it.All() {
		if v.Proto() != proto {
			continue
		}
		var gws []string
		if id := v.NHID(); id != 0 {
			gws = slices.Clone(groups[id])
		} else {
			hops := v.Multipath()
			for hops.Next() {
				gws = append(gws, fmt.Sprintf("%s*%d", hops.Hop().Gateway(), hops.Hop().Weight))
			}
			if err := hops.Err(); err != nil {
				t.Fatal(err)
			}
			if len(gws) == 0 {
				gws = append(gws, v.Gateway().String()+"*1")
			}
		}
		sort.Strings(gws)
		out = append(out, v.Dst().String()+" via "+strings.Join(gws, ","))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func (l *lab) mustEqual(t testing.TB, routes []fib.Route, proto rtnl.RouteProtocol) {
	t.Helper()
	got, w := l.kernel(t, proto), want(routes)
	if !slices.Equal(got, w) {
		t.Fatalf("kernel table:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(w, "\n"))
	}
}

// eventually polls cond for up to 5 s.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("not reached within 5s: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// requireMode skips a test of nexthop objects on a kernel without them
// (or with the feature masked).
func requireMode(t testing.TB, m fib.NexthopMode) {
	t.Helper()
	if m == fib.NexthopObjects {
		testutil.RequireKernel(t, "nexthop-objects")
	}
}
