package rtnl

import (
	"context"
	"net"
	"net/netip"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
)

// NeighView is a borrowed view of one neighbour or bridge FDB entry
// (RTM_NEWNEIGH, struct ndmsg), read in place without allocating; valid
// as long as the message it views (see [LinkView]).
type NeighView struct{ m *codec.Msg }

// AsNeigh views m, a message decoded with codec.Neigh, as a neighbour.
func AsNeigh(m *codec.Msg) NeighView { return NeighView{m} }

// Msg returns the underlying message, for generic access.
func (n NeighView) Msg() *codec.Msg {
	checkView(n.m, "NeighView")
	return n.m
}

// Clone returns a view over a copy of the message, valid forever.
func (n NeighView) Clone() NeighView {
	checkView(n.m, "NeighView")
	return NeighView{n.m.Clone()}
}

// Family returns ndm_family (AF_INET, AF_INET6, AF_BRIDGE for FDB).
func (n NeighView) Family() uint8 {
	checkView(n.m, "NeighView")
	return fixedU8(n.m, 0)
}

// IfIndex returns ndm_ifindex.
func (n NeighView) IfIndex() int {
	checkView(n.m, "NeighView")
	return int(int32(fixedU32(n.m, 4)))
}

// State returns ndm_state (NeighReachable, NeighPermanent …; 0 reads as
// NeighNone).
func (n NeighView) State() NeighState {
	checkView(n.m, "NeighView")
	return neighStateOf(fixedU16(n.m, 8))
}

// Flags returns ndm_flags (NTF_PROXY, NTF_SELF, NTF_MASTER …).
func (n NeighView) Flags() uint8 {
	checkView(n.m, "NeighView")
	return fixedU8(n.m, 10)
}

// NdmType returns ndm_type.
func (n NeighView) NdmType() uint8 {
	checkView(n.m, "NeighView")
	return fixedU8(n.m, 11)
}

// Dst returns NDA_DST: the neighbour's IP address (the remote VTEP of a
// VXLAN FDB entry).
func (n NeighView) Dst() netip.Addr {
	checkView(n.m, "NeighView")
	return attrAddr(n.m, uapi.NDA_DST)
}

// LLAddr returns NDA_LLADDR, the link-layer address. It borrows.
func (n NeighView) LLAddr() net.HardwareAddr {
	checkView(n.m, "NeighView")

	a, ok := n.m.RawAttr(uapi.NDA_LLADDR)
	if !ok {
		return nil
	}
	return net.HardwareAddr(a.Value)
}

// VLAN returns NDA_VLAN of an FDB entry; 0 when none.
func (n NeighView) VLAN() uint16 {
	checkView(n.m, "NeighView")

	a, ok := n.m.RawAttr(uapi.NDA_VLAN)
	if !ok {
		return 0
	}
	v, _ := a.Uint16()
	return v
}

// Master returns NDA_MASTER, the bridge of an FDB entry; 0 when none.
func (n NeighView) Master() int {
	checkView(n.m, "NeighView")
	return int(attrU32(n.m, uapi.NDA_MASTER))
}

// VNI returns NDA_VNI of a VXLAN FDB entry; 0 when none.
func (n NeighView) VNI() uint32 {
	checkView(n.m, "NeighView")
	return attrU32(n.m, uapi.NDA_VNI)
}

// Neighbours dumps the neighbour tables (RTM_GETNEIGH), as pyroute2's
// get_neighbours: ARP and NDP entries, and with "family": AF_BRIDGE the
// FDB (see FDB). The kernel filters a constant "family", "ifindex"
// (NDA_IFINDEX) and "master" (NDA_MASTER) itself. Proxy entries need
// "flags": NTF_PROXY, which the kernel also takes. See [Iterator].
func (r *IPRoute) Neighbours(ctx context.Context, filters ...Matcher) Iterator[NeighView] {
	return typed[NeighView](ctx, r, "neighbour dump", codec.Neigh, filters, reqNeigh)
}

// FDB dumps the bridge forwarding databases (RTM_GETNEIGH of AF_BRIDGE),
// as `bridge fdb show`: every entry of every bridge port and VXLAN
// device, with the filters of Neighbours ("ifindex", "master" go to the
// kernel).
func (r *IPRoute) FDB(ctx context.Context, filters ...Matcher) Iterator[NeighView] {
	fs := append(filters[:len(filters):len(filters)], Match{"family": uapi.AF_BRIDGE})
	it := typed[NeighView](ctx, r, "fdb dump", codec.Neigh, fs, reqNeigh)
	return it
}

func buildNeighReq(q *dumpReq, buf []byte, f *filterSet) {
	q.begin(buf, codec.Neigh, uapi.RTM_GETNEIGH, true)
	if v, ok := f.constInt("family"); ok {
		q.fixed[0] = uint8(v)
	}
	if v, ok := f.constInt("flags"); ok && v == uapi.NTF_PROXY {
		q.fixed[10] = uapi.NTF_PROXY
	}
	if v, ok := f.constInt("ifindex"); ok && v != 0 {
		q.b.PutUint32(uapi.NDA_IFINDEX, uint32(v))
	}
	if v, ok := f.constInt("master"); ok && v != 0 {
		q.b.PutUint32(uapi.NDA_MASTER, uint32(v))
	}
}

// GetNeighbours is Neighbours collected: owned views in a slice.
func (r *IPRoute) GetNeighbours(ctx context.Context, filters ...Matcher) ([]NeighView, error) {
	it := r.Neighbours(ctx, filters...)
	return it.Collect()
}

// GetFDB is FDB collected: owned views in a slice.
func (r *IPRoute) GetFDB(ctx context.Context, filters ...Matcher) ([]NeighView, error) {
	it := r.FDB(ctx, filters...)
	return it.Collect()
}
