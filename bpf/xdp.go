//go:build linux

package bpf

import (
	"context"
	"fmt"

	"github.com/cilium/ebpf"

	"github.com/nlroute/nlroute/rtnl"
)

// XDPMode is where an XDP program runs.
type XDPMode uint8

// The XDP modes.
const (
	// XDPAuto lets the kernel choose: driver mode when the driver has
	// it, generic otherwise.
	XDPAuto XDPMode = iota
	// XDPGeneric runs the program on the skb, after the driver: any
	// device, slower (XDP_FLAGS_SKB_MODE).
	XDPGeneric
	// XDPDriver runs it in the driver before any skb (XDP_FLAGS_DRV_MODE).
	XDPDriver
	// XDPOffload runs it on the NIC (XDP_FLAGS_HW_MODE).
	XDPOffload
)

// String returns "auto", "generic", "driver" or "offload".
func (m XDPMode) String() string {
	switch m {
	case XDPAuto:
		return "auto"
	case XDPGeneric:
		return "generic"
	case XDPDriver:
		return "driver"
	case XDPOffload:
		return "offload"
	}
	return fmt.Sprintf("xdpmode(%d)", uint8(m))
}

func (m XDPMode) flags() (uint32, error) {
	switch m {
	case XDPAuto:
		return 0, nil
	case XDPGeneric:
		return rtnl.XDPGeneric, nil
	case XDPDriver:
		return rtnl.XDPDriver, nil
	case XDPOffload:
		return rtnl.XDPOffload, nil
	}
	return 0, fmt.Errorf("xdp mode %d: want auto, generic, driver or offload", uint8(m))
}

// XDPOptions says how AttachXDP attaches.
type XDPOptions struct {
	Link int     // interface index in the IPRoute's namespace; required
	Mode XDPMode // XDPAuto, XDPGeneric, XDPDriver, XDPOffload
	// Exclusive fails with EBUSY when the link runs a program already
	// (XDP_FLAGS_UPDATE_IF_NOEXIST); otherwise AttachXDP replaces it.
	Exclusive bool
	// Expected, when set, makes the attach a compare-and-swap
	// (XDP_FLAGS_REPLACE with IFLA_XDP_EXPECTED_FD): it replaces only
	// this program, and fails with EEXIST when another one runs.
	Expected *ebpf.Program
}

const (
	opAttachXDP = "attach xdp"
	opDetachXDP = "detach xdp"
	opQueryXDP  = "query xdp"
)

// AttachXDP attaches prog, an XDP program, to link opts.Link through
// IFLA_XDP (`ip link set dev X xdp…`). The kernel takes its own reference:
// the program runs until DetachXDP, whatever becomes of prog or the
// process.
//
// Errors: ErrProgramType or ErrProgramClosed for a bad prog or Expected
// (nothing is sent); the kernel's, matching the errno: ENODEV for a
// missing link, EBUSY for Exclusive on a busy link or a program attached
// in another mode, EEXIST when Expected is not the attached program,
// EOPNOTSUPP for a mode the driver lacks.
func AttachXDP(ctx context.Context, r *rtnl.IPRoute, prog *ebpf.Program, opts XDPOptions) error {
	if err := checkProg(opAttachXDP, opts.Link, prog, ebpf.XDP); err != nil {
		return err
	}
	flags, err := opts.Mode.flags()
	if err != nil {
		return opError(opAttachXDP, opts.Link, err)
	}
	x := rtnl.XDP{FD: int32(prog.FD()), Flags: flags}
	if opts.Exclusive {
		x.Flags |= rtnl.XDPUpdateIfNoExist
	}
	if opts.Expected != nil {
		if err := checkProg(opAttachXDP, opts.Link, opts.Expected, ebpf.XDP); err != nil {
			return err
		}
		x.Flags |= rtnl.XDPReplace
		x.ExpectedFD = int32(opts.Expected.FD())
	}
	return opError(opAttachXDP, opts.Link, r.LinkSetXDP(ctx, int32(opts.Link), x))
}

// DetachXDP removes the XDP program that runs on link in mode. With
// XDPAuto it asks the link first (QueryXDP) and removes whatever runs, in
// every mode. A link without a program is no error.
func DetachXDP(ctx context.Context, r *rtnl.IPRoute, link int, mode XDPMode) error {
	if mode != XDPAuto {
		flags, err := mode.flags()
		if err != nil {
			return opError(opDetachXDP, link, err)
		}
		return opError(opDetachXDP, link, r.LinkSetXDP(ctx, int32(link), rtnl.XDP{FD: -1, Flags: flags}))
	}
	s, err := QueryXDP(ctx, r, link)
	if err != nil {
		return err
	}
	for _, m := range [...]struct {
		id   ebpf.ProgramID
		mode XDPMode
	}{{s.Generic, XDPGeneric}, {s.Driver, XDPDriver}, {s.Offload, XDPOffload}} {
		if m.id != 0 {
			if err := DetachXDP(ctx, r, link, m.mode); err != nil {
				return err
			}
		}
	}
	return nil
}

// XDPStatus is what runs on a link: the mode and the program's id, and
// for a link running several (one per mode), the id of each.
type XDPStatus struct {
	Mode    XDPMode // XDPAuto when nothing or several run
	ID      ebpf.ProgramID
	Multi   bool // programs in more than one mode
	Generic ebpf.ProgramID
	Driver  ebpf.ProgramID
	Offload ebpf.ProgramID
}

// Attached reports whether any program runs.
func (s XDPStatus) Attached() bool { return s.ID != 0 || s.Multi }

// QueryXDP returns the XDP status of link (from IFLA_XDP of a link get).
// A missing link is ENODEV.
func QueryXDP(ctx context.Context, r *rtnl.IPRoute, link int) (XDPStatus, error) {
	v, err := r.LinkGet(ctx, rtnl.Link{Index: int32(link)})
	if err != nil {
		return XDPStatus{}, opError(opQueryXDP, link, err)
	}
	x, _ := v.XDP()
	s := XDPStatus{Generic: ebpf.ProgramID(x.SKBProgID), Driver: ebpf.ProgramID(x.DrvProgID), Offload: ebpf.ProgramID(x.HWProgID)}
	switch x.Attached {
	case rtnl.XDPAttachedGeneric:
		s.Mode, s.ID, s.Generic = XDPGeneric, ebpf.ProgramID(x.ProgID), ebpf.ProgramID(x.ProgID)
	case rtnl.XDPAttachedDriver:
		s.Mode, s.ID, s.Driver = XDPDriver, ebpf.ProgramID(x.ProgID), ebpf.ProgramID(x.ProgID)
	case rtnl.XDPAttachedOffload:
		s.Mode, s.ID, s.Offload = XDPOffload, ebpf.ProgramID(x.ProgID), ebpf.ProgramID(x.ProgID)
	case rtnl.XDPAttachedMulti:
		s.Multi = true
	}
	return s, nil
}
