package pfroute

import (
	"encoding/binary"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// routeKind derives rtm_type, rtm_table, rtm_protocol and rtm_scope from
// the BSD route flags.
func routeKind(r *Route) (typ uint8, table uint32, proto, scope uint8) {
	typ, table, proto, scope = uapi.RTN_UNICAST, uapi.RT_TABLE_MAIN, uapi.RTPROT_KERNEL, uapi.RT_SCOPE_UNIVERSE
	switch {
	case r.Flags&rtfBlackhole != 0:
		typ = uapi.RTN_BLACKHOLE
	case r.Flags&rtfReject != 0:
		typ = uapi.RTN_UNREACHABLE
	case r.Flags&rtfLocal != 0:
		typ, table, scope = uapi.RTN_LOCAL, uapi.RT_TABLE_LOCAL, uapi.RT_SCOPE_HOST
	case r.Flags&rtfBroadcast != 0:
		typ, table, scope = uapi.RTN_BROADCAST, uapi.RT_TABLE_LOCAL, uapi.RT_SCOPE_LINK
	case r.Flags&rtfGateway == 0 && !r.Gateway.IsValid():
		scope = uapi.RT_SCOPE_LINK
	}
	switch {
	case r.Flags&rtfStatic != 0:
		proto = uapi.RTPROT_STATIC
	case r.Flags&rtfDynamic != 0:
		proto = uapi.RTPROT_REDIRECT
	}
	if r.Table != 0 {
		table = r.Table
	}
	return typ, table, proto, scope
}

// AppendRoute appends r as RTM_NEWROUTE: rtmsg (family, dst_len, the
// table, protocol, scope and type derived from the RTF_* flags),
// RTA_TABLE, RTA_DST (absent for a default route, as on Linux),
// RTA_PRIORITY (OpenBSD's priority, when set), RTA_GATEWAY and RTA_OIF.
// RTF_LOCAL routes go to the local table with type RTN_LOCAL, RTF_REJECT
// and RTF_BLACKHOLE become RTN_UNREACHABLE and RTN_BLACKHOLE, RTF_STATIC
// is RTPROT_STATIC and RTF_DYNAMIC RTPROT_REDIRECT. A Route without a
// valid Dst appends nothing.
//
//	rtmsg: family dst_len src_len tos table protocol scope type (u8 each) | flags u32
func AppendRoute(b *wire.Builder, r *Route, seq uint32) {
	if !r.Dst.IsValid() {
		return
	}
	typ, table, proto, scope := routeKind(r)
	b.Begin(uapi.RTM_NEWROUTE, wire.FlagMulti, seq)
	h := b.Reserve(12)
	if h == nil {
		return
	}
	h[0], h[1] = family(r.Dst.Addr()), uint8(r.Dst.Bits())
	h[4], h[5], h[6], h[7] = uapi.RT_TABLE_COMPAT, proto, scope, typ
	if table < 256 {
		h[4] = uint8(table)
	}
	b.PutUint32(uapi.RTA_TABLE, table)
	if r.Dst.Bits() > 0 {
		b.PutAddr(uapi.RTA_DST, r.Dst.Addr())
	}
	if r.Priority != 0 {
		b.PutUint32(uapi.RTA_PRIORITY, r.Priority)
	}
	if r.Gateway.IsValid() {
		b.PutAddr(uapi.RTA_GATEWAY, r.Gateway)
	}
	if r.Index != 0 {
		b.PutUint32(uapi.RTA_OIF, r.Index)
	}
	b.End()
}

// NeighState is the Linux NUD_* state of n: NUD_INCOMPLETE without a
// link-layer address, NUD_PERMANENT for a static entry or one that never
// expires, NUD_REACHABLE otherwise (the BSDs keep no finer state in the
// routing table).
func NeighState(n *Neigh) uint16 {
	switch {
	case len(n.LLAddr) == 0:
		return uapi.NUD_INCOMPLETE
	case n.Flags&rtfStatic != 0 || n.Expire == 0:
		return uapi.NUD_PERMANENT
	}
	return uapi.NUD_REACHABLE
}

// AppendNeigh appends n as RTM_NEWNEIGH: ndmsg (family, ifindex, the
// state from NeighState, type RTN_UNICAST), NDA_DST and NDA_LLADDR. A
// Neigh without a valid Dst appends nothing.
//
//	ndmsg: family u8 | pad u8 | pad u16 | ifindex s32 | state u16 | flags u8 | type u8
func AppendNeigh(b *wire.Builder, n *Neigh, seq uint32) {
	if !n.Dst.IsValid() {
		return
	}
	b.Begin(uapi.RTM_NEWNEIGH, wire.FlagMulti, seq)
	h := b.Reserve(12)
	if h == nil {
		return
	}
	h[0] = family(n.Dst)
	binary.NativeEndian.PutUint32(h[4:], n.Index)
	binary.NativeEndian.PutUint16(h[8:], NeighState(n))
	h[11] = uapi.RTN_UNICAST
	b.PutAddr(uapi.NDA_DST, n.Dst)
	if len(n.LLAddr) > 0 {
		b.PutBytes(uapi.NDA_LLADDR, n.LLAddr)
	}
	b.End()
}
