//go:build linux

package rtnl_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nlroute/nlroute/internal/exampletest"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// The examples below change kernel state, so each works in a throwaway
// network namespace it creates (Config.CreateNetNS) and removes. They end
// with "Output as root:" rather than "Output:": go test compiles them but
// runs them only through TestExamplesAsRoot, as root (see
// internal/exampletest and ARCHITECTURE.md).

func ExampleDial() {
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()

	ns, _ := r.NetNS()
	fmt.Println("namespace", ns)
	// Output as root:
	// namespace nlroute-ex-rtnl
}

func ExampleIPRoute_Links() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()
	if err := r.LinkAdd(ctx, rtnl.Link{Name: "br0", Info: rtnl.Bridge{}}); err != nil {
		fmt.Println(err)
		return
	}

	// A Match selects links; this one by a predicate on the name. (Where
	// tunnel modules are loaded, every new namespace also holds their
	// fallback devices, gre0, tunl0 …: the example leaves them out.)
	mine := rtnl.Match{"ifname": func(name string) bool { return name == "lo" || name == "br0" }}
	links := r.Links(ctx, mine)
	defer links.Close()
	for links.Next() {
		l := links.View() // borrowed: valid until the next call to Next
		fmt.Println(l.NameString(), l.KindString(), l.MTU())
	}
	if err := links.Err(); err != nil {
		fmt.Println(err)
	}
	// Output as root:
	// lo  65536
	// br0 bridge 1500
}

func ExampleIPRoute_Routes() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()
	if err := addVeth(ctx, r, "veth0", "10.0.0.1/24"); err != nil {
		fmt.Println(err)
		return
	}

	// The main table (254), filtered by the kernel where it can.
	routes := r.Routes(ctx, rtnl.Match{"table": 254, "family": unix.AF_INET})
	defer routes.Close()
	for rt := range routes.All() { // each view is borrowed for one turn of the loop
		fmt.Println(rt.Dst(), rt.PrefSrc(), rt.Scope() == unix.RT_SCOPE_LINK)
	}
	if err := routes.Err(); err != nil {
		fmt.Println(err)
	}
	// Output as root:
	// 10.0.0.0/24 10.0.0.1 true
}

func ExampleIPRoute_LinkAdd_bridge() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()

	err = r.LinkAdd(ctx, rtnl.Link{Name: "br0", Info: rtnl.Bridge{STP: rtnl.ToggleOn}})
	if err != nil {
		fmt.Println(err)
		return
	}
	br, err := r.LinkGet(ctx, rtnl.Link{Name: "br0"}) // owned: valid forever
	if err != nil {
		fmt.Println(err)
		return
	}
	stp, _ := br.Msg().Get("linkinfo", "data", "br_stp_state")
	on, _ := stp.Uint()
	fmt.Println(br.NameString(), br.KindString(), "stp", on)
	// Output as root:
	// br0 bridge stp 1
}

func ExampleIPRoute_LinkAdd_veth() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()

	err = r.LinkAdd(ctx, rtnl.Link{Name: "veth0", Info: rtnl.Veth{Peer: rtnl.Link{Name: "veth1", MTU: 9000}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	links, err := r.GetLinks(ctx, rtnl.Match{"linkinfo.kind": "veth"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range links {
		peer := links[slices.IndexFunc(links, func(p rtnl.LinkView) bool { return p.Index() == l.Link() })]
		fmt.Println(l.NameString(), l.MTU(), "peer", peer.NameString())
	}
	// Output as root:
	// veth1 9000 peer veth0
	// veth0 1500 peer veth1
}

func ExampleIPRoute_LinkAdd_vxlan() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()

	err = r.LinkAdd(ctx, rtnl.Link{Name: "vx42", Info: rtnl.VXLAN{
		ID:    42,
		Local: netip.MustParseAddr("192.0.2.1"),
		Group: netip.MustParseAddr("239.1.1.1"),
		Port:  4789,
		// Group is multicast, so it needs an underlay link; a unicast
		// remote would not.
		Link: 1,
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	vx, err := r.LinkGet(ctx, rtnl.Link{Name: "vx42"})
	if err != nil {
		fmt.Println(err)
		return
	}
	id, _ := vx.Msg().Get("linkinfo", "data", "vxlan_id")
	group, _ := vx.Msg().Get("linkinfo", "data", "vxlan_group")
	n, _ := id.Uint()
	addr, _ := group.Addr()
	fmt.Println(vx.NameString(), vx.KindString(), n, addr)
	// Output as root:
	// vx42 vxlan 42 239.1.1.1
}

func ExampleIPRoute_AddrAdd() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()
	if err := r.LinkAdd(ctx, rtnl.Link{Name: "br0", Info: rtnl.Bridge{}}); err != nil {
		fmt.Println(err)
		return
	}
	l, err := r.LinkGet(ctx, rtnl.Link{Name: "br0"})
	if err != nil {
		fmt.Println(err)
		return
	}

	for _, p := range []string{"10.0.0.1/24", "2001:db8::1/64"} {
		a := rtnl.Addr{Index: l.Index(), Prefix: netip.MustParsePrefix(p)}
		if err := r.AddrAdd(ctx, a); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Adding it twice is the kernel's EEXIST, as a *wire.OpError.
	err = r.AddrAdd(ctx, rtnl.Addr{Index: l.Index(), Prefix: netip.MustParsePrefix("10.0.0.1/24")})
	fmt.Println("again:", errors.Is(err, syscall.EEXIST))

	addrs, err := r.GetAddrs(ctx, rtnl.Match{"index": l.Index()})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range addrs {
		fmt.Println(a.Prefix())
	}
	// Output as root:
	// again: true
	// 10.0.0.1/24
	// 2001:db8::1/64
}

func ExampleIPRoute_RouteAdd() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()
	if err := addVeth(ctx, r, "veth0", "10.0.1.1/24"); err != nil {
		fmt.Println(err)
		return
	}
	if err := addVeth(ctx, r, "veth1", "10.0.2.1/24"); err != nil {
		fmt.Println(err)
		return
	}

	// A multipath route over two gateways, 1:2, with a path MTU.
	err = r.RouteAdd(ctx, rtnl.Route{
		Dst: netip.MustParsePrefix("192.0.2.0/24"),
		Multipath: []rtnl.RouteHop{
			{Gateway: netip.MustParseAddr("10.0.1.2"), Weight: 1},
			{Gateway: netip.MustParseAddr("10.0.2.2"), Weight: 2},
		},
		Metrics:  rtnl.RouteMetrics{MTU: 1400},
		Priority: 10,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	routes, err := r.GetRoutes(ctx, rtnl.Match{"dst": "192.0.2.0/24"})
	if err != nil || len(routes) != 1 {
		fmt.Println(len(routes), err)
		return
	}
	rt := routes[0]
	mtu, _ := rt.Metric(unix.RTAX_MTU)
	fmt.Println(rt.Dst(), "metric", rt.Priority(), "mtu", mtu)
	hops := rt.Multipath()
	for hops.Next() {
		h := hops.Hop()
		fmt.Println("  via", h.Gateway(), "weight", h.Weight)
	}
	if err := hops.Err(); err != nil {
		fmt.Println(err)
	}
	// Output as root:
	// 192.0.2.0/24 metric 10 mtu 1400
	//   via 10.0.1.2 weight 1
	//   via 10.0.2.2 weight 2
}

func ExampleIPRoute_RuleAdd() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()

	err = r.RuleAdd(ctx, rtnl.Rule{Priority: 100, Src: netip.MustParsePrefix("10.0.0.0/8"), Table: 100})
	if err != nil {
		fmt.Println(err)
		return
	}
	rules, err := r.GetRules(ctx, rtnl.Match{"family": unix.AF_INET})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, rule := range rules {
		fmt.Println(rule.Priority(), rule.Src(), rule.Table())
	}
	// Output as root:
	// 0 invalid Prefix local
	// 100 10.0.0.0/8 100
	// 32766 invalid Prefix main
	// 32767 invalid Prefix default
}

func ExampleIPRoute_NeighAdd() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()
	err = r.LinkAdd(ctx, rtnl.Link{Name: "veth0", State: rtnl.LinkUp, Info: rtnl.Veth{Peer: rtnl.Link{Name: "veth1"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	l, err := r.LinkGet(ctx, rtnl.Link{Name: "veth0"})
	if err != nil {
		fmt.Println(err)
		return
	}

	mac, _ := net.ParseMAC("02:00:00:00:00:02")
	// State 0 is NUD_PERMANENT, as ip neigh add's default.
	err = r.NeighAdd(ctx, rtnl.Neigh{IfIndex: l.Index(), Dst: netip.MustParseAddr("10.0.0.2"), LLAddr: mac})
	if err != nil {
		fmt.Println(err)
		return
	}
	neighs, err := r.GetNeighbours(ctx, rtnl.Match{"ifindex": l.Index()})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range neighs {
		fmt.Println(n.Dst(), n.LLAddr(), n.State() == unix.NUD_PERMANENT)
	}
	// Output as root:
	// 10.0.0.2 02:00:00:00:00:02 true
}

func ExampleNewBatch() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()

	// Compile the requests first (the link's index is chosen, so the
	// address can name it), then send them all at once.
	b := rtnl.NewBatch()
	b.LinkAdd(rtnl.Link{Index: 1000, Name: "br0", Info: rtnl.Bridge{}})
	b.Do("addr", "add", rtnl.Spec{"index": 1000, "address": "10.0.0.1", "mask": 24})
	b.LinkSet(rtnl.Link{Index: 1000, State: rtnl.LinkUp})
	b.LinkAdd(rtnl.Link{Name: "br0", Info: rtnl.Bridge{}}) // a duplicate: refused
	if b.Len() != 4 {
		fmt.Println("batch has", b.Len(), "requests")
		return
	}

	results := make([]error, b.Len())
	failed, err := r.SendBatch(ctx, b.Bytes(), results)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("refused:", failed)
	for i, err := range results {
		fmt.Println(i, err == nil, errors.Is(err, syscall.EEXIST))
	}
	// Output as root:
	// refused: 1
	// 0 true false
	// 1 true false
	// 2 true false
	// 3 false true
}

func ExampleIPRoute_Bind() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()

	mon, err := r.Bind(ctx, rtnl.MonitorConfig{Groups: []string{"link"}}) // a socket of its own, in r's namespace
	if err != nil {
		fmt.Println(err)
		return
	}
	defer mon.Close()
	if err := r.LinkAdd(ctx, rtnl.Link{Name: "br0", Info: rtnl.Bridge{}}); err != nil {
		fmt.Println(err)
		return
	}
	if err := r.LinkDel(ctx, rtnl.Link{Name: "br0"}); err != nil {
		fmt.Println(err)
		return
	}
	for mon.Next() {
		ev := mon.Event() // borrowed: valid until the next call to Next
		if l, ok := ev.Link(); ok && l.NameString() == "br0" {
			fmt.Println(ev.Object(), l.NameString(), "deleted:", ev.IsDel())
			if ev.IsDel() {
				break
			}
		}
	}
	if err := mon.Err(); err != nil {
		fmt.Println(err)
	}
	// Output as root:
	// link br0 deleted: false
	// link br0 deleted: true
}

func ExampleNewCache() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()

	c, err := rtnl.NewCache(ctx, r, rtnl.CacheConfig{Kinds: []string{"link"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	if err := r.LinkAdd(ctx, rtnl.Link{Name: "br0", Info: rtnl.Bridge{}}); err != nil {
		fmt.Println(err)
		return
	}
	// Wait until the cache has applied the new link's event.
	for ch := range c.Changes() {
		if ch.Kind == "link" && rtnl.AsLink(ch.Msg).NameString() == "br0" {
			break
		}
	}
	links := c.GetLinks() // owned snapshots, in no particular order: keep them as long as you like
	slices.SortFunc(links, func(a, b rtnl.LinkView) int { return cmp.Compare(a.Index(), b.Index()) })
	for _, l := range links {
		if name := l.NameString(); name == "lo" || name == "br0" { // not tunnel fallback devices
			fmt.Println(l.Index() > 0, name)
		}
	}
	// Output as root:
	// true lo
	// true br0
}

// A route daemon's core: one connection dialled for pipelining, a cache
// of the kernel's routes, a Writer installing a table's worth without
// waiting on each route, and failures that say which route and why.
func ExampleIPRoute_NewWriter() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl", CreateNetNS: true,
		Ring: ring.PipelineConfig(ring.Config{})}) // socket buffers for thousands of requests in flight
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	defer r.Close()
	if err := addVeth(ctx, r, "v0", "10.0.0.1/24"); err != nil {
		fmt.Println(err)
		return
	}

	cache, err := rtnl.NewCache(ctx, r, rtnl.CacheConfig{Kinds: []string{"route"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cache.Close()

	// Errors-only acks (the default): OnResult sees each failure, on this
	// goroutine, during RouteAdd or Close; successes cost no answer.
	w, err := r.NewWriter(ctx, rtnl.WriterConfig{OnResult: func(res rtnl.Result) {
		var re *rtnl.RequestError
		if errors.As(res.Err, &re) && errors.Is(res.Err, syscall.ENETUNREACH) {
			fmt.Println("request", re.Index, "failed:", res.Err)
		}
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	gw := netip.MustParseAddr("10.0.0.2")
	for i := range 1000 {
		dst := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)}), 32)
		if _, err := w.RouteAdd(rtnl.Route{Dst: dst, Gateway: gw, Table: 100}); err != nil {
			fmt.Println(err) // bad input (nothing sent), or the connection broke
			return
		}
	}
	bad := rtnl.Route{Dst: netip.MustParsePrefix("10.2.0.0/24"), Gateway: netip.MustParseAddr("10.9.0.9"), Table: 100}
	if _, err := w.RouteAdd(bad); err != nil { // no route to the gateway: the kernel refuses it
		fmt.Println(err)
		return
	}
	if err := w.Close(); err != nil { // flushes: every outcome is known
		fmt.Println(err)
		return
	}
	fmt.Println("acked:", w.Stats().Acked)

	// The cache follows the kernel's notifications of what was installed.
	for inTable(cache, 100) < 1000 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println("cached:", inTable(cache, 100))
	// Output as root:
	// request 1000 failed: rtnl: route add 10.2.0.0/24 via 10.9.0.9 table 100: network is unreachable: Nexthop has invalid gateway
	// acked: 1000
	// cached: 1000
}

// inTable counts the cache's routes in table t.
func inTable(c *rtnl.Cache, t rtnl.RouteTable) int {
	n := 0
	for _, rt := range c.GetRoutes() {
		if rt.Table() == t {
			n++
		}
	}
	return n
}

func ExampleDial_netns() {
	ctx := context.Background()
	if err := netns.Create("nlroute-ex-rtnl"); err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-rtnl")
	names, err := netns.List()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("listed:", slices.Contains(names, "nlroute-ex-rtnl"))

	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-rtnl"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	links, err := r.GetLinks(ctx, rtnl.Match{"ifname": "lo"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range links {
		fmt.Println(l.NameString(), l.Up())
	}
	// Output as root:
	// listed: true
	// lo false
}

// addVeth adds a veth pair, name and name+"p", sets both up and gives
// name the address prefix.
func addVeth(ctx context.Context, r *rtnl.IPRoute, name, prefix string) error {
	err := r.LinkAdd(ctx, rtnl.Link{Name: name, State: rtnl.LinkUp, Info: rtnl.Veth{Peer: rtnl.Link{Name: name + "p"}}})
	if err != nil {
		return err
	}
	if err := r.LinkSet(ctx, rtnl.Link{Name: name + "p", State: rtnl.LinkUp}); err != nil {
		return err
	}
	l, err := r.LinkGet(ctx, rtnl.Link{Name: name})
	if err != nil {
		return err
	}
	return r.AddrAdd(ctx, rtnl.Addr{Index: l.Index(), Prefix: netip.MustParsePrefix(prefix)})
}

func TestExamplesAsRoot(t *testing.T) {
	exampletest.Run(t, "nlroute-ex-rtnl",
		exampletest.E(ExampleDial),
		exampletest.E(ExampleIPRoute_Links, "link:bridge"),
		exampletest.E(ExampleIPRoute_Routes, "link:veth"),
		exampletest.E(ExampleIPRoute_LinkAdd_bridge, "link:bridge"),
		exampletest.E(ExampleIPRoute_LinkAdd_veth, "link:veth"),
		exampletest.E(ExampleIPRoute_LinkAdd_vxlan, "link:vxlan"),
		exampletest.E(ExampleIPRoute_AddrAdd, "link:bridge"),
		exampletest.E(ExampleIPRoute_RouteAdd, "link:veth"),
		exampletest.E(ExampleIPRoute_RuleAdd),
		exampletest.E(ExampleIPRoute_NeighAdd, "link:veth"),
		exampletest.E(ExampleNewBatch, "link:bridge"),
		exampletest.E(ExampleIPRoute_Bind, "link:bridge"),
		exampletest.E(ExampleNewCache, "link:bridge"),
		exampletest.E(ExampleIPRoute_NewWriter, "link:veth"),
		exampletest.E(ExampleDial_netns),
	)
}
