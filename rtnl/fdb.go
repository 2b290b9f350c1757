package rtnl

import (
	"context"
	"net"
	"net/netip"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// The bridge forwarding database, pyroute2's ipr.fdb(command, …) and
// `bridge fdb`: RTM_NEWNEIGH/RTM_DELNEIGH of family AF_BRIDGE on a bridge
// port, a bridge or a VXLAN device.

// fdbBoolFlags are the fdb keywords that set one flag when true.
var fdbBoolFlags = map[string]uint8{
	"self": uapi.NTF_SELF, "master": uapi.NTF_MASTER, "sticky": uapi.NTF_STICKY,
	"extern_learn": uapi.NTF_EXT_LEARNED, "router": uapi.NTF_ROUTER, "use": uapi.NTF_USE,
}

// prepareFDB sets the family to AF_BRIDGE and fills `bridge fdb`'s (and
// pyroute2's) defaults for add, append, replace and del: NTF_SELF unless
// "self" or "master" is given, and NUD_PERMANENT unless the state says
// permanent or reachable. "master": true and "self": true are the flags;
// an integer "master" is NDA_MASTER, the bridge (a dump filter).
func prepareFDB(_ context.Context, _ *IPRoute, command string, spec Spec) (Spec, error) {
	const s = "fdb"
	out, err := prepareNeighCommon(s, spec, fdbBoolFlags)
	if err != nil {
		return nil, err
	}
	op, dump := kwVerb(command)
	if dump {
		return out, nil
	}
	out["family"] = uapi.AF_BRIDGE
	if op == OpGet {
		return out, nil
	}
	fl, _, _ := asInt(out["flags"])
	if fl&(uapi.NTF_SELF|uapi.NTF_MASTER) == 0 {
		out["flags"] = fl | uapi.NTF_SELF
	}
	if op == OpNew {
		st, _, _ := asInt(out["state"])
		if st&(uapi.NUD_PERMANENT|uapi.NUD_REACHABLE) == 0 {
			out["state"] = st | uapi.NUD_PERMANENT
		}
	}
	return out, nil
}

func init() {
	registerObject(&ObjectDef{Name: "fdb", Schema: codec.Neigh,
		New: uapi.RTM_NEWNEIGH, Del: uapi.RTM_DELNEIGH, Get: uapi.RTM_GETNEIGH})
	registerPrepare("fdb", prepareFDB)
	registerRun("fdb", kwShow("fdb"))
}

// FDBEntry is a bridge FDB entry in typed form: the keywords of
// ipr.fdb(…) as fields. It encodes to the same bytes as the equivalent
// Spec through [IPRoute.Do] (with prepareFDB's defaults), allocating
// nothing into a warm buffer.
type FDBEntry struct {
	IfIndex int              // "ifindex": the port, bridge or VXLAN device
	LLAddr  net.HardwareAddr // "lladdr" (required); only read
	Dst     netip.Addr       // "dst": the remote VTEP of a VXLAN entry
	VLAN    uint16           // "vlan"
	VNI     uint32           // "vni": the VXLAN id of the remote
	Port    uint16           // "port": the remote's UDP port
	SrcVNI  uint32           // "src_vni"
	NHID    uint32           // "nh_id": a nexthop group of VTEPs
	// State is "state"; NUD_PERMANENT is added unless it holds
	// NUD_PERMANENT or NUD_REACHABLE (bridge fdb's "dynamic").
	State NeighState
	// Flags is "flags"; NTF_SELF is added unless it holds NTF_SELF or
	// NTF_MASTER. Master and Self set those two.
	Flags        uint8
	Master, Self bool
	Sticky       bool // "sticky": NTF_STICKY
	ExternLearn  bool // "extern_learn": NTF_EXT_LEARNED
}

// Encode appends the entry as one message of type t (RTM_NEWNEIGH,
// RTM_DELNEIGH) with flags to b.
func (x *FDBEntry) encodeMsg(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error {
	if len(x.LLAddr) == 0 {
		return kwErr("fdb", "lladdr", x.LLAddr, "is required")
	}
	if why := llAddrWhy(x.LLAddr); why != "" {
		return kwErr("fdb", "lladdr", x.LLAddr, why)
	}
	if why := vlanWhy(x.VLAN); why != "" {
		return kwErr("fdb", "vlan", x.VLAN, why)
	}
	if !x.State.valid() {
		return kwErr("fdb", "state", x.State, "is above 0xffff (and not NeighNone)")
	}
	e := ndEntry{family: uapi.AF_BRIDGE, ifindex: x.IfIndex, state: uint16(x.State), flags: x.Flags,
		dst: x.Dst.Unmap(), lladdr: x.LLAddr, vlan: x.VLAN, port: x.Port, vni: x.VNI,
		srcVNI: x.SrcVNI, nhid: x.NHID}
	for _, f := range [4]struct {
		on  bool
		bit uint8
	}{{x.Master, uapi.NTF_MASTER}, {x.Self, uapi.NTF_SELF}, {x.Sticky, uapi.NTF_STICKY}, {x.ExternLearn, uapi.NTF_EXT_LEARNED}} {
		if f.on {
			e.flags |= f.bit
		}
	}
	if e.flags&(uapi.NTF_SELF|uapi.NTF_MASTER) == 0 {
		e.flags |= uapi.NTF_SELF
	}
	if t == uapi.RTM_NEWNEIGH && e.state&(uapi.NUD_PERMANENT|uapi.NUD_REACHABLE) == 0 {
		e.state |= uapi.NUD_PERMANENT
	}
	return e.encode(b, t, flags, seq)
}

func (r *IPRoute) fdbExec(ctx context.Context, op string, x *FDBEntry, t wire.MsgType, flags wire.HeaderFlags) error {
	return r.execEncoded(ctx, op, func(b *wire.Builder) error { return x.encodeMsg(b, t, flags|wire.FlagAck, 0) })
}

// FDBAdd adds an FDB entry (NLM_F_CREATE|NLM_F_EXCL), as
// ipr.fdb("add", …). It allocates nothing with warm buffers,
// whatever the context; the kernel's refusal is a *wire.OpError.
func (r *IPRoute) FDBAdd(ctx context.Context, x FDBEntry) error {
	return r.fdbExec(ctx, "fdb add", &x, uapi.RTM_NEWNEIGH, wire.FlagCreate|wire.FlagExcl)
}

// FDBAppend adds an entry beside existing ones of the same address
// (NLM_F_CREATE|NLM_F_APPEND): a VXLAN device's all-zero address with
// several remotes (head-end replication).
func (r *IPRoute) FDBAppend(ctx context.Context, x FDBEntry) error {
	return r.fdbExec(ctx, "fdb append", &x, uapi.RTM_NEWNEIGH, wire.FlagCreate|wire.FlagAppend)
}

// FDBReplace creates the entry or replaces the existing one
// (NLM_F_CREATE|NLM_F_REPLACE).
func (r *IPRoute) FDBReplace(ctx context.Context, x FDBEntry) error {
	return r.fdbExec(ctx, "fdb replace", &x, uapi.RTM_NEWNEIGH, wire.FlagCreate|wire.FlagReplace)
}

// FDBDel deletes the entry (RTM_DELNEIGH): ENOENT when there is none.
func (r *IPRoute) FDBDel(ctx context.Context, x FDBEntry) error {
	return r.fdbExec(ctx, "fdb del", &x, uapi.RTM_DELNEIGH, 0)
}
