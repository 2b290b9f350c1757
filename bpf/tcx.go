//go:build linux

package bpf

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/rtnl"
)

// Mode is how Attach puts a program on a tc hook.
type Mode uint8

// The modes.
const (
	// ModeAuto is TCX when the kernel has it (6.6 and later) and the
	// IPRoute's namespace is known, ModeTC otherwise.
	ModeAuto Mode = iota
	// ModeTCX is a TCX bpf_link (link.AttachTCX); it fails with an error
	// matching ebpf.ErrNotSupported on an older kernel.
	ModeTCX
	// ModeTC is the clsact qdisc and a direct-action cls_bpf filter, as
	// AttachTC makes them.
	ModeTC
	// ModeNetkit is a netkit bpf_link (AttachNetkit); List reports it
	// for a netkit device.
	ModeNetkit
)

// String returns "auto", "tcx", "tc" or "netkit".
func (m Mode) String() string {
	switch m {
	case ModeAuto:
		return "auto"
	case ModeTCX:
		return "tcx"
	case ModeTC:
		return "tc"
	case ModeNetkit:
		return "netkit"
	}
	return fmt.Sprintf("mode(%d)", uint8(m))
}

// Options says where and how Attach puts a program. The TCOptions fields
// beyond Link and Direction apply to ModeTC only; TCX runs programs in
// attach order and has no priority, handle, protocol or name.
type Options struct {
	TCOptions
	Mode Mode
}

// Attachment is a program on a tc hook, as Attach made it. It is not
// safe for concurrent use.
type Attachment struct {
	// Mode is what was used: ModeTCX, ModeTC or ModeNetkit, never ModeAuto.
	Mode Mode
	// Filter identifies the cls_bpf filter of a ModeTC attachment.
	Filter TCFilter

	r    *rtnl.IPRoute
	link link.Link // ModeTCX, ModeNetkit
	ns   netns.NS
}

// Link returns the bpf_link of a TCX or netkit attachment (to Pin it, or
// read its Info), nil for ModeTC. It belongs to the Attachment: Close
// closes it.
func (a *Attachment) Link() link.Link { return a.link }

const (
	opAttach       = "attach"
	opDetach       = "detach"
	opReplace      = "replace"
	opAttachNetkit = "attach netkit"
)

// Attach attaches prog, a SchedCLS program, to the hook opts.Direction
// of link opts.Link by opts.Mode (see Mode; the package documentation
// compares the two). The returned Attachment detaches or replaces it
// either way.
//
// Lifetimes differ: a ModeTC filter stays in the kernel until Detach,
// whatever becomes of the process or the Attachment; a TCX attachment
// lasts until Detach or Close, or the process's exit, unless its Link is
// pinned. For TCX the IPRoute must know its namespace (rtnl.Dial with
// Config.NetNS, or the caller's): the link is made on a thread in it.
//
// Errors as AttachTC's; for ModeTCX on an older kernel one matching
// ebpf.ErrNotSupported.
func Attach(ctx context.Context, r *rtnl.IPRoute, prog *ebpf.Program, opts Options) (*Attachment, error) {
	if err := checkProg(opAttach, opts.Link, prog, ebpf.SchedCLS); err != nil {
		return nil, err
	}
	if err := opts.Direction.check(opAttach, opts.Link); err != nil {
		return nil, err
	}
	mode := opts.Mode
	ns, nsKnown := netNSOf(r)
	if mode == ModeAuto {
		mode = ModeTC
		if nsKnown && HaveTCX() == nil {
			mode = ModeTCX
		}
	}
	switch mode {
	case ModeTC:
		f, err := AttachTC(ctx, r, prog, opts.TCOptions)
		if err != nil {
			return nil, err
		}
		return &Attachment{Mode: ModeTC, Filter: f, r: r}, nil
	case ModeTCX:
		if !nsKnown {
			return nil, fmt.Errorf("bpf: %s: link %d: tcx: the IPRoute's network namespace is unknown (dial it with rtnl.Config.NetNS)", opAttach, opts.Link)
		}
		attach := ebpf.AttachTCXIngress
		if opts.Direction == Egress {
			attach = ebpf.AttachTCXEgress
		}
		var l link.Link
		err := ns.Do(func() (err error) {
			l, err = link.AttachTCX(link.TCXOptions{Interface: opts.Link, Program: prog, Attach: attach})
			return err
		})
		if err != nil {
			return nil, opError(opAttach, opts.Link, err)
		}
		return &Attachment{Mode: ModeTCX, Filter: TCFilter{Link: opts.Link, Direction: opts.Direction}, r: r, link: l, ns: ns}, nil
	}
	return nil, fmt.Errorf("bpf: %s: link %d: mode %s: want auto, tcx or tc", opAttach, opts.Link, mode)
}

// AttachNetkit attaches prog (SchedCLS) to the netkit device with index
// dev in r's namespace: to its primary side, or with peer to the peer
// device's side (netkit programs are managed from the primary). Netkit
// needs kernel 6.7; older kernels give an error matching
// ebpf.ErrNotSupported. The attachment lasts as a TCX one does.
func AttachNetkit(ctx context.Context, r *rtnl.IPRoute, prog *ebpf.Program, dev int, peer bool) (*Attachment, error) {
	if err := checkProg(opAttachNetkit, dev, prog, ebpf.SchedCLS); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, opError(opAttachNetkit, dev, err)
	}
	ns, ok := netNSOf(r)
	if !ok {
		return nil, fmt.Errorf("bpf: %s: link %d: the IPRoute's network namespace is unknown (dial it with rtnl.Config.NetNS)", opAttachNetkit, dev)
	}
	attach, dir := ebpf.AttachNetkitPrimary, Ingress
	if peer {
		attach, dir = ebpf.AttachNetkitPeer, Egress
	}
	var l link.Link
	err := ns.Do(func() (err error) {
		l, err = link.AttachNetkit(link.NetkitOptions{Interface: dev, Program: prog, Attach: attach})
		return err
	})
	if err != nil {
		return nil, opError(opAttachNetkit, dev, err)
	}
	return &Attachment{Mode: ModeNetkit, Filter: TCFilter{Link: dev, Direction: dir}, r: r, link: l, ns: ns}, nil
}

// Replace runs prog in place of the attached program, atomically: a TCX
// or netkit link is updated, a tc filter changed in place. Errors as
// Attach's.
func (a *Attachment) Replace(ctx context.Context, prog *ebpf.Program) error {
	if err := checkProg(opReplace, a.Filter.Link, prog, ebpf.SchedCLS); err != nil {
		return err
	}
	if a.Mode == ModeTC {
		return ReplaceTC(ctx, a.r, a.Filter, prog, "")
	}
	if a.link == nil {
		return fmt.Errorf("bpf: %s: link %d: attachment is closed", opReplace, a.Filter.Link)
	}
	return opError(opReplace, a.Filter.Link, a.link.Update(prog))
}

// Detach removes the program from the hook: the tc filter is deleted, the
// TCX or netkit link detached and closed. Detaching twice is an error
// for tc (ENOENT) and nothing for a link.
func (a *Attachment) Detach(ctx context.Context) error {
	if a.Mode == ModeTC {
		return DetachTC(ctx, a.r, a.Filter)
	}
	if a.link == nil {
		return nil
	}
	err := a.link.Unpin()
	if derr := a.link.Detach(); derr != nil && !errors.Is(derr, ebpf.ErrNotSupported) {
		err = derr
	}
	if cerr := a.Close(); err == nil {
		err = cerr
	}
	return opError(opDetach, a.Filter.Link, err)
}

// Close releases the Attachment's hold on the kernel object. For TCX
// and netkit that closes the link descriptor, which detaches the program
// unless the link is pinned; a tc filter stays (Close does nothing).
func (a *Attachment) Close() error {
	if a.link == nil {
		return nil
	}
	err := a.link.Close()
	a.link = nil
	return err
}

// netNSOf returns the namespace r was dialled in, as something to enter,
// and whether it is known.
func netNSOf(r *rtnl.IPRoute) (netns.NS, bool) {
	name, ok := r.NetNS()
	if !ok {
		return netns.NS{}, false
	}
	return netns.Of(name), true
}

// HaveTCX reports whether the kernel has TCX (Linux 6.6): nil when it
// does, an error matching ebpf.ErrNotSupported naming what the probe saw
// when not. The probe (a BPF_PROG_QUERY of loopback's TCX ingress hook)
// runs once per process.
func HaveTCX() error { return haveTCX() }

var haveTCX = sync.OnceValue(func() error {
	_, err := link.QueryPrograms(link.QueryOptions{Target: 1, Attach: ebpf.AttachTCXIngress})
	if err == nil {
		return nil
	}
	if errors.Is(err, ebpf.ErrNotSupported) {
		return fmt.Errorf("bpf: tcx (kernel 6.6): %w", err)
	}
	return fmt.Errorf("bpf: tcx (kernel 6.6): %w (%w)", ebpf.ErrNotSupported, err)
})
