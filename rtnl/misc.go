package rtnl

import (
	"context"
	"encoding/binary"
	"syscall"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
)

// MsgView is a borrowed view of a message with no typed accessors of its
// own (neighbour tables, NSIDs, bridge VLANs, statistics): read it
// through Msg. Valid as long as the message it views (see [LinkView]).
type MsgView struct{ m *codec.Msg }

// Msg returns the underlying message.
func (v MsgView) Msg() *codec.Msg {
	checkView(v.m, "MsgView")
	return v.m
}

// Clone returns a view over a copy of the message, valid forever.
func (v MsgView) Clone() MsgView {
	checkView(v.m, "MsgView")
	return MsgView{v.m.Clone()}
}

// NeighbourTables dumps the neighbour tables (RTM_GETNEIGHTBL: ARP, NDP
// parameters and statistics), as `ip ntable`. The kernel filters a
// constant "family". See [Iterator].
func (r *IPRoute) NeighbourTables(ctx context.Context, filters ...Matcher) Iterator[MsgView] {
	return typed[MsgView](ctx, r, "neighbour table dump", codec.NeighTable, filters, reqNeighTable)
}

// NetNSIDs dumps the ids this namespace gave other namespaces
// (RTM_GETNSID), as `ip netns list-id`: NETNSA_NSID ("nsid") and, for
// the namespaces of this process's view, NETNSA_CURRENT_NSID. See
// [Iterator].
func (r *IPRoute) NetNSIDs(ctx context.Context, filters ...Matcher) Iterator[MsgView] {
	return typed[MsgView](ctx, r, "nsid dump", codec.NSID, filters, reqNSID)
}

// VLANEntries dumps the bridge VLAN database (RTM_GETVLAN of AF_BRIDGE), as
// `bridge vlan show`: one message per port with its BRIDGE_VLANDB_ENTRY
// VLANs and ranges. A constant "ifindex" filter is passed to the kernel.
// Where no bridge filters VLANs the kernel refuses the dump
// (EOPNOTSUPP): that yields nothing, not an error.
func (r *IPRoute) VLANEntries(ctx context.Context, filters ...Matcher) Iterator[MsgView] {
	return typed[MsgView](ctx, r, "vlan dump", codec.BridgeVLAN, filters, reqVLAN)
}

// statsDefaultMask asks RTM_GETSTATS for every group: 64-bit link
// counters, extended, port-extended and offload statistics, per-family
// statistics (IFLA_STATS_FILTER_BIT(t) = 1<<(t-1) of types 1 to 5).
const statsDefaultMask = 1<<(uapi.IFLA_STATS_AF_SPEC) - 1

// Stats dumps the interface statistics (RTM_GETSTATS), one message per
// interface: IFLA_STATS_LINK_64 ("link_64") and the extended, offload
// and per-family groups. A constant "filter_mask" filter chooses the
// groups (the kernel's mask: 1<<(IFLA_STATS_*-1)); a constant "ifindex"
// asks for one interface with a single request (a missing one yields
// nothing). See [Iterator].
func (r *IPRoute) Stats(ctx context.Context, filters ...Matcher) Iterator[MsgView] {
	return typed[MsgView](ctx, r, "stats dump", codec.Stats, filters, reqStats)
}

func buildMiscReq(q *dumpReq, buf []byte, f *filterSet, k reqKind) {
	fam, _ := f.constInt("family")
	switch k {
	case reqNeighTable:
		q.begin(buf, codec.NeighTable, uapi.RTM_GETNEIGHTBL, true)
	case reqNSID:
		q.begin(buf, codec.NSID, uapi.RTM_GETNSID, true)
	case reqVLAN:
		q.begin(buf, codec.BridgeVLAN, uapi.RTM_GETVLAN, true)
		fam = uapi.AF_BRIDGE
		q.empty[0] = syscall.EOPNOTSUPP // no VLAN-filtering bridge here
		if v, ok := f.constInt("ifindex"); ok {
			binary.NativeEndian.PutUint32(q.fixed[4:], uint32(v))
		}
	case reqStats:
		idx, get := f.constInt("ifindex")
		q.begin(buf, codec.Stats, uapi.RTM_GETSTATS, !get || idx == 0)
		if get {
			binary.NativeEndian.PutUint32(q.fixed[4:], uint32(idx))
			q.empty[0] = syscall.ENODEV
		}
		mask, ok := f.constInt("filter_mask")
		if !ok {
			mask = statsDefaultMask
		}
		binary.NativeEndian.PutUint32(q.fixed[8:], uint32(mask))
	}
	q.fixed[0] = uint8(fam)
}
