//go:build linux

package bpf_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/nlroute/nlroute/bpf"
	"github.com/nlroute/nlroute/internal/exampletest"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/tc"
)

// A SchedCLS program loaded with cilium/ebpf, attached at the clsact
// ingress hook as a direct-action cls_bpf filter (the clsact qdisc is
// made on demand), listed, and detached. The example works in a throwaway
// namespace it creates and removes, and runs through TestExamplesAsRoot
// (see ARCHITECTURE.md).
func ExampleAttachTC() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-bpf"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-bpf")
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

	// return TC_ACT_OK (0): let every packet pass.
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{
		Name: "pass", Type: ebpf.SchedCLS, License: "GPL",
		Instructions: asm.Instructions{asm.Mov.Imm(asm.R0, 0), asm.Return()},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer prog.Close() // the filter keeps its own reference

	f, err := bpf.AttachTC(ctx, r, prog, bpf.TCOptions{Link: l.Index(), Direction: bpf.Ingress})
	if err != nil {
		fmt.Println(err)
		return
	}
	progs, err := bpf.List(ctx, r, l.Index(), bpf.Ingress)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range progs {
		fmt.Println(p.Mode == bpf.ModeTC, p.Name, "prio", p.Priority, "direct-action", p.DirectAction)
	}

	if err := bpf.DetachTC(ctx, r, f); err != nil {
		fmt.Println(err)
	}
	progs, _ = bpf.List(ctx, r, l.Index(), bpf.Ingress)
	fmt.Println("after detach:", len(progs))
	// Output as root:
	// true pass prio 1 direct-action true
	// after detach: 0
}

// pyroute2's clsact example in nlroute's keyword form, through tc.Do: the
// same filter AttachTC makes.
func Example_keywords() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{NetNS: "nlroute-ex-bpf"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-bpf")
	defer r.Close()
	_, err = r.Do(ctx, "link", "add", rtnl.Spec{"ifname": "veth0", "kind": "veth", "peer": "veth1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	idx, err := r.LinkLookup(ctx, rtnl.Spec{"ifname": "veth0"})
	if err != nil || len(idx) != 1 {
		fmt.Println(idx, err)
		return
	}
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{
		Name: "pass", Type: ebpf.SchedCLS, License: "GPL",
		Instructions: asm.Instructions{asm.Mov.Imm(asm.R0, 0), asm.Return()},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer prog.Close()

	// ipr.tc("add", "clsact", idx)
	if err := tc.Do(ctx, r, "add", "clsact", idx[0], nil, nil); err != nil {
		fmt.Println(err)
		return
	}
	// ipr.tc("add-filter", "bpf", idx, ":1", fd=fd, name="pass", parent="ffff:fff2", direct_action=True)
	err = tc.Do(ctx, r, "add-filter", "bpf", idx[0], ":1", rtnl.Spec{
		"fd": prog.FD(), "name": "pass", "parent": "ffff:fff2", "direct_action": true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	progs, err := bpf.List(ctx, r, idx[0], bpf.Ingress)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range progs {
		fmt.Println(p.Name, "handle", p.Handle, "direct-action", p.DirectAction)
	}
	// Output as root:
	// pass handle 1 direct-action true
}

func TestExamplesAsRoot(t *testing.T) {
	exampletest.Run(t, "nlroute-ex-bpf",
		exampletest.E(ExampleAttachTC, "link:veth", "qdisc:clsact", "filter:bpf"),
		exampletest.E(Example_keywords, "link:veth", "qdisc:clsact", "filter:bpf"),
	)
}
