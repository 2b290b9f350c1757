//go:build linux

package bpf

import (
	"context"
	"errors"
	"fmt"
	"syscall"

	"github.com/cilium/ebpf"

	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/tc"
)

// Direction is the tc hook a program runs at.
type Direction uint8

// The directions. The zero Direction is invalid: every attach names one.
const (
	Ingress Direction = iota + 1 // packets received (clsact ffff:fff2, BPF_TCX_INGRESS)
	Egress                       // packets sent (clsact ffff:fff3, BPF_TCX_EGRESS)
)

// String returns "ingress" or "egress".
func (d Direction) String() string {
	switch d {
	case Ingress:
		return "ingress"
	case Egress:
		return "egress"
	}
	return fmt.Sprintf("direction(%d)", uint8(d))
}

// parent returns the clsact parent of d.
func (d Direction) parent() tc.Handle {
	if d == Egress {
		return tc.HandleClsactEgress
	}
	return tc.HandleClsactIngress
}

func (d Direction) check(op string, link int) error {
	if d != Ingress && d != Egress {
		return fmt.Errorf("bpf: %s: link %d: direction %d: want Ingress or Egress", op, link, uint8(d))
	}
	return nil
}

// The defaults of TCOptions.
const (
	DefaultPriority uint16 = 1
	DefaultHandle   uint32 = 1
)

// TCOptions says where and how AttachTC puts a program.
type TCOptions struct {
	Link      int       // interface index in the IPRoute's namespace; required
	Direction Direction // Ingress or Egress; required
	Priority  uint16    // filter priority ("pref"); 0 means DefaultPriority
	Handle    uint32    // filter handle; 0 means DefaultHandle
	Protocol  uint16    // Ethernet protocol (tc.ProtoIP …); 0 means tc.ProtoAll
	// Name is the filter's name as tc shows it; "" means the program's
	// name, or "nlroute" when the program has none.
	Name string
	// Replace replaces a filter at the same priority and handle
	// (NLM_F_REPLACE) instead of failing with EEXIST.
	Replace bool
	// Flags are classifier flags (tc.ClsSkipHW, tc.ClsSkipSW).
	Flags uint32
}

// TCFilter identifies a cls_bpf filter AttachTC made: what DetachTC and
// ReplaceTC need.
type TCFilter struct {
	Link      int
	Direction Direction
	Priority  uint16
	Handle    uint32
	Protocol  uint16
}

func (f TCFilter) filter(opts tc.FilterOptions) tc.Filter {
	return tc.Filter{Link: f.Link, Parent: f.Direction.parent(), Handle: f.Handle,
		Priority: f.Priority, Protocol: f.Protocol, Options: opts}
}

const (
	opAttachTC  = "attach tc"
	opDetachTC  = "detach tc"
	opReplaceTC = "replace tc"
)

// AttachTC attaches prog, a SchedCLS program, as a direct-action cls_bpf
// filter at the clsact hook opts.Direction of link opts.Link, creating the
// clsact qdisc when the link has none. It sends the program's descriptor;
// the kernel takes its own reference, so prog may be closed afterwards and
// the filter stays until DetachTC.
//
// Errors: ErrProgramType or ErrProgramClosed for a bad prog (nothing is
// sent); ENODEV for a missing link; EEXIST for a filter already at that
// priority and handle (without Replace); an error naming the kind when
// the link has an ingress qdisc where clsact would go.
func AttachTC(ctx context.Context, r *rtnl.IPRoute, prog *ebpf.Program, opts TCOptions) (TCFilter, error) {
	if err := checkProg(opAttachTC, opts.Link, prog, ebpf.SchedCLS); err != nil {
		return TCFilter{}, err
	}
	if err := opts.Direction.check(opAttachTC, opts.Link); err != nil {
		return TCFilter{}, err
	}
	f := TCFilter{Link: opts.Link, Direction: opts.Direction, Priority: opts.Priority,
		Handle: opts.Handle, Protocol: opts.Protocol}
	if f.Priority == 0 {
		f.Priority = DefaultPriority
	}
	if f.Handle == 0 {
		f.Handle = DefaultHandle
	}
	if f.Protocol == 0 {
		f.Protocol = tc.ProtoAll
	}
	if err := ensureClsact(ctx, r, opts.Link); err != nil {
		return TCFilter{}, opError(opAttachTC, opts.Link, fmt.Errorf("clsact: %w", err))
	}
	name := opts.Name
	if name == "" {
		name = progName(prog, "nlroute")
	}
	flt := f.filter(tc.BPF{FD: prog.FD(), Name: name, DirectAction: true, Flags: opts.Flags})
	add := tc.FilterAdd
	if opts.Replace {
		add = tc.FilterReplace
	}
	if err := add(ctx, r, flt); err != nil {
		return TCFilter{}, opError(opAttachTC, opts.Link, err)
	}
	return f, nil
}

// ReplaceTC puts prog in place of the program of the filter f, keeping
// its place (priority, handle) and naming it name ("" for the program's
// name). Between the old program and the new no packet goes unfiltered.
// Errors as AttachTC's; ENOENT when f is gone.
func ReplaceTC(ctx context.Context, r *rtnl.IPRoute, f TCFilter, prog *ebpf.Program, name string) error {
	if err := checkProg(opReplaceTC, f.Link, prog, ebpf.SchedCLS); err != nil {
		return err
	}
	if name == "" {
		name = progName(prog, "nlroute")
	}
	flt := f.filter(tc.BPF{FD: prog.FD(), Name: name, DirectAction: true})
	return opError(opReplaceTC, f.Link, tc.FilterChange(ctx, r, flt))
}

// DetachTC deletes the filter f. The clsact qdisc stays (other filters
// may use it); RemoveClsact removes it. A filter already gone is ENOENT.
func DetachTC(ctx context.Context, r *rtnl.IPRoute, f TCFilter) error {
	if err := f.Direction.check(opDetachTC, f.Link); err != nil {
		return err
	}
	flt := f.filter(nil)
	flt.Kind = "bpf"
	return opError(opDetachTC, f.Link, tc.FilterDel(ctx, r, flt))
}

// EnsureClsact creates the clsact qdisc on link unless it has one.
// A link with an ingress qdisc (which holds the same handle, ffff:) is an
// error matching EEXIST and naming that kind: it has no egress hook, and
// replacing it would drop its filters. A missing link is ENODEV.
func EnsureClsact(ctx context.Context, r *rtnl.IPRoute, link int) error {
	return opError("ensure clsact", link, ensureClsact(ctx, r, link))
}

func ensureClsact(ctx context.Context, r *rtnl.IPRoute, link int) error {
	q := tc.Qdisc{Link: link, Options: tc.Clsact{}}
	err := tc.QdiscAdd(ctx, r, q)
	if err == nil || !errors.Is(err, syscall.EEXIST) {
		return err
	}
	qs, derr := tc.GetQdiscs(ctx, r, link)
	if derr != nil {
		return derr
	}
	for _, q := range qs {
		if q.Parent == tc.HandleIngress {
			if q.Kind == "clsact" {
				return nil
			}
			return fmt.Errorf("has a %q qdisc at ffff:fff1, not clsact: %w", q.Kind, err)
		}
	}
	return err
}

// RemoveClsact deletes link's clsact qdisc and with it every filter at
// both its hooks. A link without one is ENOENT (or EINVAL, as the kernel
// says it).
func RemoveClsact(ctx context.Context, r *rtnl.IPRoute, link int) error {
	q := tc.Qdisc{Link: link, Options: tc.Clsact{}}
	return opError("clsact del", link, tc.QdiscDel(ctx, r, q))
}
