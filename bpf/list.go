//go:build linux

package bpf

import (
	"context"
	"encoding/hex"
	"errors"
	"syscall"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"

	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/tc"
)

// Program is one program found on a tc hook by List.
type Program struct {
	Mode      Mode // ModeTC or ModeTCX
	Direction Direction
	ID        ebpf.ProgramID
	// Name is, for ModeTC, the filter's name (TCA_BPF_NAME, what tc
	// shows); for TCX, the program's name as the kernel keeps it.
	Name string
	// Tag is the program's tag in hex ("a04f5eef06a7f555"), as tc and
	// bpftool show it.
	Tag string

	// ModeTC only: the filter's place and settings.
	Priority     uint16
	Handle       uint32
	Protocol     uint16
	DirectAction bool
	ClassID      tc.Handle
}

const opList = "list"

// List returns the programs at the hook dir of link: first the tc bpf
// filters of the clsact qdisc (in the kernel's dump order: by priority),
// then, when the kernel has TCX and r's namespace is known, the TCX
// programs in the order they run. A link without clsact has no tc
// filters; one without any program gives an empty list. A missing link
// is ENODEV. The result owns its memory.
func List(ctx context.Context, r *rtnl.IPRoute, link int, dir Direction) ([]Program, error) {
	if err := dir.check(opList, link); err != nil {
		return nil, err
	}
	// A link get first: the filter dump of a missing link is an
	// unhelpful EINVAL.
	if _, err := r.LinkGet(ctx, rtnl.Link{Index: int32(link)}); err != nil {
		return nil, opError(opList, link, err)
	}
	var out []Program
	fs, err := tc.GetFilters(ctx, r, link, dir.parent())
	if err != nil && !noClsact(err) {
		return nil, opError(opList, link, err)
	}
	for _, f := range fs {
		b, ok := f.Options.(tc.BPF)
		if !ok || f.Handle == 0 {
			// Handle 0 is the dump's entry for the priority itself
			// (the classifier instance), before its filters.
			continue
		}
		out = append(out, Program{Mode: ModeTC, Direction: dir, ID: ebpf.ProgramID(b.ID),
			Name: b.Name, Tag: hex.EncodeToString(b.Tag), Priority: f.Priority, Handle: f.Handle,
			Protocol: f.Protocol, DirectAction: b.DirectAction, ClassID: b.ClassID})
	}
	ns, known := netNSOf(r)
	if !known || HaveTCX() != nil {
		return out, nil
	}
	attach := ebpf.AttachTCXIngress
	if dir == Egress {
		attach = ebpf.AttachTCXEgress
	}
	var progs []Program
	err = ns.Do(func() error {
		res, err := linkQuery(link, attach)
		if err != nil {
			return err
		}
		for _, ap := range res.Programs {
			progs = append(progs, tcxProgram(ap.ID, dir))
		}
		return nil
	})
	if err != nil {
		return nil, opError(opList, link, err)
	}
	return append(out, progs...), nil
}

func linkQuery(ifindex int, attach ebpf.AttachType) (*link.QueryResult, error) {
	return link.QueryPrograms(link.QueryOptions{Target: ifindex, Attach: attach})
}

// tcxProgram describes the TCX program id, with its name and tag when
// it can still be opened.
func tcxProgram(id ebpf.ProgramID, dir Direction) Program {
	p := Program{Mode: ModeTCX, Direction: dir, ID: id}
	prog, err := ebpf.NewProgramFromID(id)
	if err != nil {
		return p
	}
	defer prog.Close()
	if info, err := prog.Info(); err == nil {
		p.Name, p.Tag = info.Name, info.Tag
	}
	return p
}

// noClsact reports whether a filter dump failed because the link has no
// clsact qdisc.
func noClsact(err error) bool {
	return errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOENT)
}
