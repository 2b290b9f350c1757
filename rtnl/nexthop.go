package rtnl

import (
	"context"
	"net/netip"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
)

// NexthopView is a borrowed view of one nexthop object (RTM_NEWNEXTHOP,
// struct nhmsg), read in place without allocating; valid as long as the
// message it views (see [LinkView]).
type NexthopView struct{ m *codec.Msg }

// AsNexthop views m, a message decoded with codec.Nexthop.
func AsNexthop(m *codec.Msg) NexthopView { return NexthopView{m} }

// Msg returns the underlying message, for generic access (NHA_GROUP
// entries: Msg().GetAttr("group") and ElemField, resilient group
// settings …).
func (n NexthopView) Msg() *codec.Msg {
	checkView(n.m, "NexthopView")
	return n.m
}

// Clone returns a view over a copy of the message, valid forever.
func (n NexthopView) Clone() NexthopView {
	checkView(n.m, "NexthopView")
	return NexthopView{n.m.Clone()}
}

// Family returns nh_family.
func (n NexthopView) Family() uint8 {
	checkView(n.m, "NexthopView")
	return fixedU8(n.m, 0)
}

// Scope returns nh_scope (0 reads as ScopeUniverse).
func (n NexthopView) Scope() RouteScope {
	checkView(n.m, "NexthopView")
	return scopeOf(fixedU8(n.m, 1))
}

// Proto returns nh_protocol (0 reads as ProtoUnspec).
func (n NexthopView) Proto() RouteProtocol {
	checkView(n.m, "NexthopView")
	return protoOf(fixedU8(n.m, 2))
}

// Flags returns nh_flags (RTNH_F_*).
func (n NexthopView) Flags() uint32 {
	checkView(n.m, "NexthopView")
	return fixedU32(n.m, 4)
}

// ID returns NHA_ID.
func (n NexthopView) ID() uint32 {
	checkView(n.m, "NexthopView")
	return attrU32(n.m, uapi.NHA_ID)
}

// OIF returns NHA_OIF; 0 for a group or blackhole.
func (n NexthopView) OIF() int {
	checkView(n.m, "NexthopView")
	return int(attrU32(n.m, uapi.NHA_OIF))
}

// Gateway returns NHA_GATEWAY.
func (n NexthopView) Gateway() netip.Addr {
	checkView(n.m, "NexthopView")
	return attrAddr(n.m, uapi.NHA_GATEWAY)
}

// Blackhole reports NHA_BLACKHOLE.
func (n NexthopView) Blackhole() bool {
	checkView(n.m, "NexthopView")

	_, ok := n.m.RawAttr(uapi.NHA_BLACKHOLE)
	return ok
}

// IsGroup reports a group (NHA_GROUP present).
func (n NexthopView) IsGroup() bool {
	checkView(n.m, "NexthopView")

	_, ok := n.m.RawAttr(uapi.NHA_GROUP)
	return ok
}

// Group returns the number of members of a group, and the id and weight
// (1-256, as ip prints it) of member i through GroupMember.
func (n NexthopView) Group() int {
	checkView(n.m, "NexthopView")

	a, ok := n.m.RawAttr(uapi.NHA_GROUP)
	if !ok {
		return 0
	}
	return len(a.Value) / codec.NexthopGrp.Size
}

// GroupMember returns the id and weight of member i of a group.
func (n NexthopView) GroupMember(i int) (id uint32, weight int) {
	checkView(n.m, "NexthopView")

	a, ok := n.m.RawAttr(uapi.NHA_GROUP)
	sz := codec.NexthopGrp.Size
	if !ok || i < 0 || (i+1)*sz > len(a.Value) {
		return 0, 0
	}
	e := a.Value[i*sz : (i+1)*sz]
	return uint32(codec.NexthopGrp.Get(e, 0)), int(codec.NexthopGrp.Get(e, 1)) + int(codec.NexthopGrp.Get(e, 2))<<8 + 1
}

// Nexthops dumps the nexthop objects (RTM_GETNEXTHOP). The kernel
// filters a constant "family", "oif" (NHA_OIF) and "master" (NHA_MASTER)
// itself. See [Iterator].
func (r *IPRoute) Nexthops(ctx context.Context, filters ...Matcher) Iterator[NexthopView] {
	return typed[NexthopView](ctx, r, "nexthop dump", codec.Nexthop, filters, reqNexthop)
}

func buildNexthopReq(q *dumpReq, buf []byte, f *filterSet) {
	q.begin(buf, codec.Nexthop, uapi.RTM_GETNEXTHOP, true)
	if v, ok := f.constInt("family"); ok {
		q.fixed[0] = uint8(v)
	}
	if v, ok := f.constInt("oif"); ok && v != 0 {
		q.b.PutUint32(uapi.NHA_OIF, uint32(v))
	}
	if v, ok := f.constInt("master"); ok && v != 0 {
		q.b.PutUint32(uapi.NHA_MASTER, uint32(v))
	}
}

// GetNexthops is Nexthops collected: owned views in a slice.
func (r *IPRoute) GetNexthops(ctx context.Context, filters ...Matcher) ([]NexthopView, error) {
	it := r.Nexthops(ctx, filters...)
	return it.Collect()
}
