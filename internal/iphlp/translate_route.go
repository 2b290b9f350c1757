package iphlp

import (
	"encoding/binary"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// RouteProtocol maps an NL_ROUTE_PROTOCOL to Linux's RTPROT_*:
// RouteProtocolLocal is RTPROT_KERNEL, NetMgmt and the NT static kinds
// RTPROT_STATIC, ICMP (redirects, router advertisements) RTPROT_RA,
// RIP, OSPF, BGP and DHCP their own, the rest RTPROT_BOOT.
func RouteProtocol(p uint32) uint8 {
	switch p {
	case protoLocal:
		return uapi.RTPROT_KERNEL
	case protoNetMgmt, protoNTStatic, protoNTStaticNonDOD:
		return uapi.RTPROT_STATIC
	case protoICMP:
		return uapi.RTPROT_RA
	case protoRIP:
		return uapi.RTPROT_RIP
	case protoOSPF:
		return uapi.RTPROT_OSPF
	case protoBGP:
		return uapi.RTPROT_BGP
	case protoDHCP:
		return uapi.RTPROT_DHCP
	}
	return uapi.RTPROT_BOOT
}

// AppendRoute appends r as RTM_NEWROUTE in the main table: rtmsg (family,
// dst_len, RT_TABLE_MAIN, RouteProtocol, link scope without a next hop,
// RTN_UNICAST), RTA_TABLE, RTA_DST (absent for a default route, as on
// Linux), RTA_PRIORITY (the metric), RTA_GATEWAY (unless the next hop is
// unset or unspecified) and RTA_OIF. A row without a valid destination
// appends nothing.
//
//	rtmsg: family dst_len src_len tos table protocol scope type (u8 each) | flags u32
func AppendRoute(b *wire.Builder, r *ForwardRow, seq uint32) {
	dst := r.DestinationPrefix
	if !dst.IsValid() {
		return
	}
	gw := r.NextHop.Unmap()
	hasGW := gw.IsValid() && !gw.IsUnspecified()
	b.Begin(uapi.RTM_NEWROUTE, wire.FlagMulti, seq)
	h := b.Reserve(12)
	if h == nil {
		return
	}
	h[0], h[1] = family(dst.Addr()), uint8(dst.Bits())
	h[4], h[5], h[6], h[7] = uapi.RT_TABLE_MAIN, RouteProtocol(r.Protocol), uapi.RT_SCOPE_UNIVERSE, uapi.RTN_UNICAST
	if !hasGW {
		h[6] = uapi.RT_SCOPE_LINK
	}
	b.PutUint32(uapi.RTA_TABLE, uapi.RT_TABLE_MAIN)
	if dst.Bits() > 0 {
		b.PutAddr(uapi.RTA_DST, dst.Addr())
	}
	b.PutUint32(uapi.RTA_PRIORITY, r.Metric)
	if hasGW {
		b.PutAddr(uapi.RTA_GATEWAY, gw)
	}
	if r.InterfaceIndex != 0 {
		b.PutUint32(uapi.RTA_OIF, r.InterfaceIndex)
	}
	b.End()
}

// neighStates maps NL_NEIGHBOR_STATE (0–6: Unreachable, Incomplete,
// Probe, Delay, Stale, Reachable, Permanent) to NUD_*.
var neighStates = [7]uint16{
	uapi.NUD_FAILED, uapi.NUD_INCOMPLETE, uapi.NUD_PROBE, uapi.NUD_DELAY,
	uapi.NUD_STALE, uapi.NUD_REACHABLE, uapi.NUD_PERMANENT,
}

// NeighbourState maps an NL_NEIGHBOR_STATE to Linux's NUD_*; an unknown
// state is NUD_NONE.
func NeighbourState(s uint32) uint16 {
	if s < uint32(len(neighStates)) {
		return neighStates[s]
	}
	return uapi.NUD_NONE
}

// AppendNeighbour appends r as RTM_NEWNEIGH: ndmsg (family, ifindex, the
// NeighbourState, type RTN_UNICAST), NDA_DST and NDA_LLADDR when the
// physical address is known. A row without a valid address appends
// nothing.
//
//	ndmsg: family u8 | pad u8 | pad u16 | ifindex s32 | state u16 | flags u8 | type u8
func AppendNeighbour(b *wire.Builder, r *NeighbourRow, seq uint32) {
	a := r.Address.Unmap()
	if !a.IsValid() {
		return
	}
	b.Begin(uapi.RTM_NEWNEIGH, wire.FlagMulti, seq)
	h := b.Reserve(12)
	if h == nil {
		return
	}
	h[0] = family(a)
	binary.NativeEndian.PutUint32(h[4:], r.InterfaceIndex)
	binary.NativeEndian.PutUint16(h[8:], NeighbourState(r.State))
	h[11] = uapi.RTN_UNICAST
	b.PutAddr(uapi.NDA_DST, a)
	if len(r.PhysicalAddress) > 0 {
		b.PutBytes(uapi.NDA_LLADDR, r.PhysicalAddress)
	}
	b.End()
}
