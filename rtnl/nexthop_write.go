package rtnl

import (
	"context"
	"net/netip"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// NexthopMember is one member of a nexthop group: a nexthop id and its
// weight, 1-256 as ip-nexthop prints it (0 is 1).
type NexthopMember struct {
	ID     uint32
	Weight int
}

// NexthopGroupType is a group's kind (NHA_GROUP_TYPE).
type NexthopGroupType uint16

// Group types.
const (
	NexthopMultipath NexthopGroupType = uapi.NEXTHOP_GRP_TYPE_MPATH // hash-threshold multipath
	NexthopResilient NexthopGroupType = uapi.NEXTHOP_GRP_TYPE_RES   // resilient hashing: buckets survive member changes
)

// Nexthop is a nexthop object in typed form (RTM_NEWNEXTHOP, `ip
// nexthop`): a single nexthop — Gateway and/or OIF, or Blackhole — or a
// group of other nexthops. Routes use it through RTA_NH_ID, so replacing
// a nexthop or a group's members moves every route on it with one
// message. It encodes to the same bytes as the equivalent Spec through
// [IPRoute.Do], allocating nothing into a warm buffer.
type Nexthop struct {
	ID uint32 // "id": NHA_ID; 0 on add lets the kernel choose
	// Family is AF_INET or AF_INET6 ("family"); 0 takes the gateway's,
	// or AF_INET for a single nexthop without one, AF_UNSPEC for a group.
	Family    uint8
	Gateway   netip.Addr    // "gateway"
	OIF       int           // "oif"
	Blackhole bool          // "blackhole"
	FDB       bool          // "fdb": a VXLAN FDB nexthop (or group)
	OnLink    bool          // "flags": RTNH_F_ONLINK, the gateway is on the link
	Protocol  RouteProtocol // "protocol": who installed it
	// Group lists the members of a group ("group"); it is only read.
	Group     []NexthopMember
	GroupType NexthopGroupType // "group_type": sent for a resilient group only
	// Buckets, IdleTimer and UnbalancedTimer (seconds) set a resilient
	// group up ("buckets", "idle_timer", "unbalanced_timer"); zero ones
	// are left to the kernel.
	Buckets                    uint16
	IdleTimer, UnbalancedTimer uint32
}

const nhmsgLen = 8 // struct nhmsg

func (x *Nexthop) family() uint8 {
	switch {
	case x.Family != 0:
		return x.Family
	case x.Gateway.IsValid():
		return addrFamily(x.Gateway)
	case len(x.Group) > 0:
		return 0
	}
	return uapi.AF_INET
}

// Encode appends the nexthop as one message of type t (RTM_NEWNEXTHOP,
// RTM_DELNEXTHOP, RTM_GETNEXTHOP) with flags to b. A member weight out of
// 1-256 is an error naming "group"; b is then left as it was. For a
// delete or get only ID is sent.
func (x *Nexthop) encodeMsg(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error {
	if !x.Protocol.valid() {
		return kwErr("nexthop", "protocol", x.Protocol, "is above 255 (and not ProtoUnspec)")
	}
	if err := checkFamily("nexthop", x.family(), namedAddr{"gateway", x.Gateway}); err != nil {
		return err
	}
	for i := range x.Group {
		if w := x.Group[i].Weight; w < 0 || w > 256 {
			return kwErr("nexthop", "group", w, "holds a weight out of 1-256")
		}
	}
	b.Begin(t, flags, seq)
	h := b.Reserve(nhmsgLen)
	if t != uapi.RTM_NEWNEXTHOP {
		if x.ID != 0 {
			b.PutUint32(uapi.NHA_ID, x.ID)
		}
		b.End()
		return b.Err()
	}
	h[0] = x.family()
	h[2] = uint8(x.Protocol)
	if x.OnLink {
		codec.NhMsg.Put(h, 4, uapi.RTNH_F_ONLINK)
	}
	if x.ID != 0 {
		b.PutUint32(uapi.NHA_ID, x.ID)
	}
	if len(x.Group) > 0 {
		// NHA_GROUP: struct nexthop_grp per member, written in place.
		tok := b.Nest(uapi.NHA_GROUP)
		sz := codec.NexthopGrp.Size
		p := b.Reserve(sz * len(x.Group))
		for i, m := range x.Group {
			w := max(m.Weight, 1) - 1
			e := p[i*sz : (i+1)*sz]
			codec.NexthopGrp.Put(e, 0, uint64(m.ID))
			codec.NexthopGrp.Put(e, 1, uint64(w&0xff))
			codec.NexthopGrp.Put(e, 2, uint64(w>>8))
		}
		b.EndNest(tok)
	}
	if x.GroupType != NexthopMultipath {
		b.PutUint16(uapi.NHA_GROUP_TYPE, uint16(x.GroupType))
	}
	if x.Blackhole {
		b.PutFlag(uapi.NHA_BLACKHOLE)
	}
	if x.OIF != 0 {
		b.PutUint32(uapi.NHA_OIF, uint32(x.OIF))
	}
	if x.Gateway.IsValid() {
		b.PutAddr(uapi.NHA_GATEWAY, x.Gateway.Unmap())
	}
	if x.FDB {
		b.PutFlag(uapi.NHA_FDB)
	}
	if x.Buckets != 0 || x.IdleTimer != 0 || x.UnbalancedTimer != 0 {
		tok := b.Nest(uapi.NHA_RES_GROUP | wire.AttrNested)
		if x.Buckets != 0 {
			b.PutUint16(uapi.NHA_RES_GROUP_BUCKETS, x.Buckets)
		}
		if x.IdleTimer != 0 {
			b.PutUint32(uapi.NHA_RES_GROUP_IDLE_TIMER, x.IdleTimer*userHZ)
		}
		if x.UnbalancedTimer != 0 {
			b.PutUint32(uapi.NHA_RES_GROUP_UNBALANCED_TIMER, x.UnbalancedTimer*userHZ)
		}
		b.EndNest(tok)
	}
	b.End()
	return b.Err()
}

func (r *IPRoute) nexthopExec(ctx context.Context, op string, x *Nexthop, t wire.MsgType, flags wire.HeaderFlags) error {
	return r.execEncoded(ctx, op, func(b *wire.Builder) error { return x.encodeMsg(b, t, flags|wire.FlagAck, 0) })
}

// NexthopAdd adds a nexthop object (NLM_F_CREATE|NLM_F_EXCL): EEXIST
// when the id is taken. It allocates nothing with warm buffers,
// whatever the context; the kernel's refusal is a
// *wire.OpError.
func (r *IPRoute) NexthopAdd(ctx context.Context, x Nexthop) error {
	return r.nexthopExec(ctx, "nexthop add", &x, uapi.RTM_NEWNEXTHOP, wire.FlagCreate|wire.FlagExcl)
}

// NexthopReplace creates the nexthop or replaces the one with its id
// (NLM_F_CREATE|NLM_F_REPLACE): a new gateway, or a group's new member
// list, moves every route on it at once.
func (r *IPRoute) NexthopReplace(ctx context.Context, x Nexthop) error {
	return r.nexthopExec(ctx, "nexthop replace", &x, uapi.RTM_NEWNEXTHOP, wire.FlagCreate|wire.FlagReplace)
}

// NexthopDel deletes nexthop id (and the routes using it, as the kernel
// does): ENOENT when there is none.
func (r *IPRoute) NexthopDel(ctx context.Context, id uint32) error {
	x := Nexthop{ID: id}
	return r.nexthopExec(ctx, "nexthop del", &x, uapi.RTM_DELNEXTHOP, 0)
}

// NexthopGet returns nexthop id, owned. ENOENT when there is none.
func (r *IPRoute) NexthopGet(ctx context.Context, id uint32) (NexthopView, error) {
	x := Nexthop{ID: id}
	m, err := r.queryEncoded(ctx, "nexthop get", codec.Nexthop, func(b *wire.Builder) error {
		return x.encodeMsg(b, uapi.RTM_GETNEXTHOP, 0, 0)
	})
	if err != nil {
		return NexthopView{}, err
	}
	return NexthopView{m}, nil
}
