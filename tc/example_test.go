//go:build linux

package tc_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/nlroute/nlroute/internal/exampletest"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/tc"
)

// An HTB hierarchy with a u32 filter sending 192.0.2.0/24 to a class, in
// typed form. The example works in a throwaway namespace it creates and
// removes, and runs through TestExamplesAsRoot (see ARCHITECTURE.md).
func ExampleQdiscAdd() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-tc"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-tc")
	defer r.Close()
	err = r.LinkAdd(ctx, rtnl.Link{Name: "veth0", Info: rtnl.Veth{Peer: rtnl.Link{Name: "veth1"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	l, err := r.LinkGet(ctx, rtnl.Link{Name: "veth0"})
	if err != nil {
		fmt.Println(err)
		return
	}
	idx := l.Index()

	// tc qdisc add dev veth0 root handle 1: htb default 20
	err = tc.QdiscAdd(ctx, r, tc.Qdisc{Link: idx, Handle: tc.MustParseHandle("1:"), Options: tc.HTB{Default: 0x20}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// tc class add dev veth0 parent 1: classid 1:10 htb rate 10mbit
	rate, _ := tc.ParseRate("10mbit") // bytes per second
	err = tc.ClassAdd(ctx, r, tc.Class{Link: idx, Handle: tc.MustParseHandle("1:10"), Parent: tc.MustParseHandle("1:"),
		Options: tc.HTBClass{Rate: rate}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// tc filter add dev veth0 parent 1: prio 1 protocol ip u32 match ip dst 192.0.2.0/24 classid 1:10
	keys, err := tc.ParseU32Keys([]string{"0xc0000200/0xffffff00+16"}) // the IPv4 destination is at offset 16
	if err != nil {
		fmt.Println(err)
		return
	}
	err = tc.FilterAdd(ctx, r, tc.Filter{Link: idx, Parent: tc.MustParseHandle("1:"), Priority: 1, Protocol: tc.ProtoIP,
		Options: tc.U32{ClassID: tc.MustParseHandle("1:10"), Keys: keys}})
	if err != nil {
		fmt.Println(err)
		return
	}

	qdiscs, _ := tc.GetQdiscs(ctx, r, idx)
	for _, q := range qdiscs {
		if h, ok := q.Options.(tc.HTB); ok { // the leaf classes' default pfifo qdiscs are listed too
			fmt.Printf("qdisc %s %s default %#x\n", q.Kind, q.Handle, h.Default)
		}
	}
	classes, _ := tc.GetClasses(ctx, r, idx)
	for _, c := range classes {
		fmt.Println("class", c.Kind, c.Handle, "rate", c.Options.(tc.HTBClass).Rate)
	}
	filters, err := tc.GetFilters(ctx, r, idx, tc.MustParseHandle("1:"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range filters {
		if u, ok := f.Options.(tc.U32); ok && len(u.Keys) > 0 { // the hash table nodes have none
			fmt.Printf("filter %s prio %d classid %s key %08x/%08x+%d\n", f.Kind, f.Priority, u.ClassID, u.Keys[0].Val, u.Keys[0].Mask, u.Keys[0].Off)
		}
	}
	// Output as root:
	// qdisc htb 1: default 0x20
	// class htb 1:10 rate 1250000
	// filter u32 prio 1 classid 1:10 key c0000200/ffffff00+16
}

func TestExamplesAsRoot(t *testing.T) {
	exampletest.Run(t, "nlroute-ex-tc",
		exampletest.E(ExampleQdiscAdd, "link:veth", "qdisc:htb", "filter:u32"),
	)
}
