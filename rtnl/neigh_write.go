package rtnl

import (
	"context"
	"net"
	"net/netip"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Neigh is a neighbour (ARP or NDP) entry in typed form: the keywords of
// ipr.neigh(…) as fields. It encodes to the same bytes as the equivalent
// Spec through [IPRoute.Do], allocating nothing into a warm buffer.
type Neigh struct {
	IfIndex int        // "ifindex": the interface (required)
	Dst     netip.Addr // "dst": the neighbour's address; it sets the family
	// LLAddr is "lladdr", the link-layer address. It is only read.
	LLAddr net.HardwareAddr
	// State is "state"; not set on add, set, replace and change is
	// NeighPermanent, as ip-neigh's default (NeighNone sends NUD_NONE).
	State    NeighState
	Flags    uint8         // "flags" (NTF_*)
	Proxy    bool          // "proxy": a proxy entry (NTF_PROXY)
	Router   bool          // "router": the neighbour is a router (NTF_ROUTER)
	Protocol RouteProtocol // "protocol": NDA_PROTOCOL, who installed it
}

// ndEntry is what neighbours and FDB entries share on the wire: struct
// ndmsg and the NDA_* attributes, appended in type order as the Spec
// encoder appends them.
type ndEntry struct {
	family  uint8
	ifindex int
	state   uint16
	flags   uint8
	dst     netip.Addr
	lladdr  net.HardwareAddr
	vlan    uint16
	port    uint16
	vni     uint32
	master  int
	srcVNI  uint32
	proto   uint8
	nhid    uint32
}

const ndmsgLen = 12 // struct ndmsg

func (e *ndEntry) encode(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error {
	b.Begin(t, flags, seq)
	h := b.Reserve(ndmsgLen)
	codec.NdMsg.Put(h, 0, uint64(e.family))
	codec.NdMsg.Put(h, 3, uint64(uint32(int32(e.ifindex))))
	codec.NdMsg.Put(h, 4, uint64(e.state))
	codec.NdMsg.Put(h, 5, uint64(e.flags))
	if e.dst.IsValid() {
		b.PutAddr(uapi.NDA_DST, e.dst)
	}
	if e.lladdr != nil {
		b.PutBytes(uapi.NDA_LLADDR, e.lladdr)
	}
	if e.vlan != 0 {
		b.PutUint16(uapi.NDA_VLAN, e.vlan)
	}
	if e.port != 0 {
		b.PutUint16BE(uapi.NDA_PORT, e.port)
	}
	if e.vni != 0 {
		b.PutUint32(uapi.NDA_VNI, e.vni)
	}
	if e.master != 0 {
		b.PutUint32(uapi.NDA_MASTER, uint32(e.master))
	}
	if e.srcVNI != 0 {
		b.PutUint32(uapi.NDA_SRC_VNI, e.srcVNI)
	}
	if e.proto != 0 {
		b.PutUint8(uapi.NDA_PROTOCOL, e.proto)
	}
	if e.nhid != 0 {
		b.PutUint32(uapi.NDA_NH_ID, e.nhid)
	}
	b.End()
	return b.Err()
}

func addrFamily(a netip.Addr) uint8 {
	if a.Is4() || a.Is4In6() {
		return uapi.AF_INET
	}
	return uapi.AF_INET6
}

// Encode appends the entry as one message of type t (RTM_NEWNEIGH,
// RTM_DELNEIGH, RTM_GETNEIGH) with flags to b. A missing Dst is an error
// naming "dst"; b is then left as it was.
func (x *Neigh) encodeMsg(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error {
	if !x.Dst.IsValid() {
		return kwErr("neigh", "dst", x.Dst, "is not an IP address")
	}
	if why := llAddrWhy(x.LLAddr); why != "" {
		return kwErr("neigh", "lladdr", x.LLAddr, why)
	}
	if !x.State.valid() {
		return kwErr("neigh", "state", x.State, "is above 0xffff (and not NeighNone)")
	}
	if !x.Protocol.valid() {
		return kwErr("neigh", "protocol", x.Protocol, "is above 255 (and not ProtoUnspec)")
	}
	e := ndEntry{family: addrFamily(x.Dst), ifindex: x.IfIndex, state: uint16(x.State), flags: x.Flags,
		dst: x.Dst.Unmap(), lladdr: x.LLAddr, proto: uint8(x.Protocol)}
	if x.Proxy {
		e.flags |= uapi.NTF_PROXY
	}
	if x.Router {
		e.flags |= uapi.NTF_ROUTER
	}
	if t == uapi.RTM_NEWNEIGH && x.State == 0 {
		e.state = uapi.NUD_PERMANENT
	}
	if t == uapi.RTM_GETNEIGH {
		e.state = 0
	}
	return e.encode(b, t, flags, seq)
}

func (r *IPRoute) neighExec(ctx context.Context, op string, x *Neigh, t wire.MsgType, flags wire.HeaderFlags) error {
	return r.execEncoded(ctx, op, func(b *wire.Builder) error { return x.encodeMsg(b, t, flags|wire.FlagAck, 0) })
}

// NeighAdd adds a neighbour entry (NLM_F_CREATE|NLM_F_EXCL): EEXIST when
// one exists. Like every typed write here it allocates nothing with warm
// buffers, whatever the context; the kernel's refusal is
// a *wire.OpError.
func (r *IPRoute) NeighAdd(ctx context.Context, x Neigh) error {
	return r.neighExec(ctx, "neigh add", &x, uapi.RTM_NEWNEIGH, wire.FlagCreate|wire.FlagExcl)
}

// NeighSet creates the entry or replaces the existing one, as
// ipr.neigh("set", …) (NLM_F_CREATE|NLM_F_REPLACE).
func (r *IPRoute) NeighSet(ctx context.Context, x Neigh) error {
	return r.neighExec(ctx, "neigh set", &x, uapi.RTM_NEWNEIGH, wire.FlagCreate|wire.FlagReplace)
}

// NeighReplace is NeighSet, as ipr.neigh("replace", …).
func (r *IPRoute) NeighReplace(ctx context.Context, x Neigh) error {
	return r.neighExec(ctx, "neigh replace", &x, uapi.RTM_NEWNEIGH, wire.FlagCreate|wire.FlagReplace)
}

// NeighChange changes an existing entry (NLM_F_REPLACE): ENOENT when
// there is none.
func (r *IPRoute) NeighChange(ctx context.Context, x Neigh) error {
	return r.neighExec(ctx, "neigh change", &x, uapi.RTM_NEWNEIGH, wire.FlagReplace)
}

// NeighDel deletes the entry for x.Dst on x.IfIndex (proxy entries with
// x.Proxy): ENOENT when there is none.
func (r *IPRoute) NeighDel(ctx context.Context, x Neigh) error {
	return r.neighExec(ctx, "neigh del", &x, uapi.RTM_DELNEIGH, 0)
}

// NeighGet asks the kernel for the entry of x.Dst on x.IfIndex (x.Proxy
// for a proxy entry; other fields are ignored), as ipr.neigh("get", …),
// and returns it owned. ENOENT when there is none.
func (r *IPRoute) NeighGet(ctx context.Context, x Neigh) (NeighView, error) {
	q := Neigh{IfIndex: x.IfIndex, Dst: x.Dst, Proxy: x.Proxy}
	m, err := r.queryEncoded(ctx, "neigh get", codec.Neigh, func(b *wire.Builder) error {
		return q.encodeMsg(b, uapi.RTM_GETNEIGH, 0, 0)
	})
	if err != nil {
		return NeighView{}, err
	}
	return NeighView{m}, nil
}
