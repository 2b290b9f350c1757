package rtnl

import (
	"context"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// XDP attach flags (XDP_FLAGS_* of if_link.h), for XDP.Flags. At most one
// of the mode flags (XDPGeneric, XDPDriver, XDPOffload) may be set; none
// lets the kernel pick driver mode when the driver has it, generic
// otherwise.
const (
	XDPUpdateIfNoExist uint32 = 1 << 0 // XDP_FLAGS_UPDATE_IF_NOEXIST: fail with EBUSY when a program is attached
	XDPGeneric         uint32 = 1 << 1 // XDP_FLAGS_SKB_MODE: generic (skb) mode, any device
	XDPDriver          uint32 = 1 << 2 // XDP_FLAGS_DRV_MODE: native driver mode
	XDPOffload         uint32 = 1 << 3 // XDP_FLAGS_HW_MODE: offloaded to the NIC
	XDPReplace         uint32 = 1 << 4 // XDP_FLAGS_REPLACE: replace only the program ExpectedFD names
)

// XDPAttached values of XDPInfo.Attached (XDP_ATTACHED_*).
const (
	XDPAttachedNone    uint8 = 0 // XDP_ATTACHED_NONE
	XDPAttachedDriver  uint8 = 1 // XDP_ATTACHED_DRV
	XDPAttachedGeneric uint8 = 2 // XDP_ATTACHED_SKB
	XDPAttachedOffload uint8 = 3 // XDP_ATTACHED_HW
	XDPAttachedMulti   uint8 = 4 // XDP_ATTACHED_MULTI: more than one mode
)

// XDP is an XDP program setting for LinkSetXDP, the IFLA_XDP nest of an
// RTM_NEWLINK:
//
//	IFLA_XDP (nested)
//	├─ IFLA_XDP_FD          s32  the program, or -1 to detach
//	├─ IFLA_XDP_FLAGS       u32  XDP_FLAGS_* (left out when 0)
//	└─ IFLA_XDP_EXPECTED_FD s32  with XDPReplace: the program now attached
//
// FD is a descriptor of a loaded BPF_PROG_TYPE_XDP program (owned by the
// caller; the kernel takes its own reference), or -1 to detach the
// program of the mode Flags names. ExpectedFD is sent only with
// XDPReplace; -1 there means "only when nothing is attached".
type XDP struct {
	FD         int32
	Flags      uint32
	ExpectedFD int32
}

// Encode appends the RTM_NEWLINK request setting x on the link with
// index to b, with flags and seq. With b's buffer warm it allocates
// nothing.
func (x XDP) Encode(b *wire.Builder, index int32, flags wire.HeaderFlags, seq uint32) error {
	if err := b.Err(); err != nil {
		return err
	}
	if index <= 0 {
		return linkSpecError("index", index, "must name a link (a positive interface index)")
	}
	b.Begin(uapi.RTM_NEWLINK, flags, seq)
	h := b.Reserve(16) // ifinfomsg: family AF_UNSPEC, index, no flag change
	lkNE32(h[4:], uint32(index))
	n := b.Nest(uapi.IFLA_XDP | wire.AttrNested)
	b.PutInt32(uapi.IFLA_XDP_FD, x.FD)
	if x.Flags != 0 {
		b.PutUint32(uapi.IFLA_XDP_FLAGS, x.Flags)
	}
	if x.Flags&XDPReplace != 0 {
		b.PutInt32(uapi.IFLA_XDP_EXPECTED_FD, x.ExpectedFD)
	}
	b.EndNest(n)
	b.End()
	return b.Err()
}

const opLinkSetXDP = "link set xdp"

// LinkSetXDP attaches, replaces or detaches (x.FD -1) the XDP program of
// the link with index, as `ip link set dev X xdp…` does. Errors are the
// kernel's, as a *wire.OpError matching the errno and carrying its
// extended-ack text: ENODEV for a missing link, EBUSY for a program
// already attached under XDPUpdateIfNoExist or in another mode, EEXIST
// when XDPReplace's ExpectedFD is not the attached program, EINVAL for a
// program that is not of type XDP or contradictory flags, EBADF for a
// closed descriptor. Safe for concurrent use.
func (r *IPRoute) LinkSetXDP(ctx context.Context, index int32, x XDP) error {
	b := r.getBuilder()
	defer r.putBuilder(b)
	if err := x.Encode(b, index, wire.FlagRequest|wire.FlagAck, 0); err != nil {
		return wrap(opLinkSetXDP, err)
	}
	return wrapReq(opLinkSetXDP, b.Bytes(), r.c.Exec(ctx, opLinkSetXDP, b.Bytes()))
}

// XDPInfo is what a link reports of its XDP programs (IFLA_XDP of a link
// dump or get).
type XDPInfo struct {
	Attached  uint8  // IFLA_XDP_ATTACHED: XDPAttachedNone …
	Flags     uint32 // IFLA_XDP_FLAGS (the kernel reports the mode flag of a single program)
	ProgID    uint32 // IFLA_XDP_PROG_ID: the program, when only one is attached
	DrvProgID uint32 // IFLA_XDP_DRV_PROG_ID (with XDPAttachedMulti)
	SKBProgID uint32 // IFLA_XDP_SKB_PROG_ID (with XDPAttachedMulti)
	HWProgID  uint32 // IFLA_XDP_HW_PROG_ID (with XDPAttachedMulti)
}

// XDP decodes the link's IFLA_XDP; ok is false when the message has
// none. It allocates nothing.
func (l LinkView) XDP() (x XDPInfo, ok bool) {
	checkView(l.m, "LinkView")

	if l.m == nil {
		return x, false
	}
	a, ok := l.m.RawAttr(uapi.IFLA_XDP)
	if !ok {
		return x, false
	}
	it := wire.NewAttrs(a.Value)
	for it.Next() {
		v := it.Attr()
		switch v.Kind() {
		case uapi.IFLA_XDP_ATTACHED:
			x.Attached, _ = v.Uint8()
		case uapi.IFLA_XDP_FLAGS:
			x.Flags, _ = v.Uint32()
		case uapi.IFLA_XDP_PROG_ID:
			x.ProgID, _ = v.Uint32()
		case uapi.IFLA_XDP_DRV_PROG_ID:
			x.DrvProgID, _ = v.Uint32()
		case uapi.IFLA_XDP_SKB_PROG_ID:
			x.SKBProgID, _ = v.Uint32()
		case uapi.IFLA_XDP_HW_PROG_ID:
			x.HWProgID, _ = v.Uint32()
		}
	}
	return x, true
}
