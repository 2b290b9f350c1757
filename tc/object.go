package tc

import (
	"encoding/binary"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Message types of traffic control requests.
const (
	msgNewQdisc  = wire.MsgType(uapi.RTM_NEWQDISC)
	msgDelQdisc  = wire.MsgType(uapi.RTM_DELQDISC)
	msgGetQdisc  = wire.MsgType(uapi.RTM_GETQDISC)
	msgNewClass  = wire.MsgType(uapi.RTM_NEWTCLASS)
	msgDelClass  = wire.MsgType(uapi.RTM_DELTCLASS)
	msgGetClass  = wire.MsgType(uapi.RTM_GETTCLASS)
	msgNewFilter = wire.MsgType(uapi.RTM_NEWTFILTER)
	msgDelFilter = wire.MsgType(uapi.RTM_DELTFILTER)
	msgGetFilter = wire.MsgType(uapi.RTM_GETTFILTER)
)

// Ethernet protocols for Filter.Protocol (host byte order).
const (
	ProtoAll   uint16 = 0x0003 // ETH_P_ALL
	ProtoIP    uint16 = 0x0800 // ETH_P_IP
	ProtoIPv6  uint16 = 0x86dd // ETH_P_IPV6
	ProtoARP   uint16 = 0x0806 // ETH_P_ARP
	Proto8021Q uint16 = 0x8100 // ETH_P_8021Q
)

// Qdisc is a queueing discipline: what QdiscAdd and friends send, and
// what Qdiscs returns (then with Stats filled and Options decoded where
// the kind is known). The zero Parent means the root; the ingress and
// clsact kinds get parent ffff:fff1 and handle ffff:0 by default.
type Qdisc struct {
	Link    int    // interface index
	Handle  Handle // 0 lets the kernel choose
	Parent  Handle // 0 means HandleRoot
	Options QdiscOptions

	// Read back only.
	Kind  string // TCA_KIND, also for kinds this package does not decode
	Stats Stats
}

// Class is a class of a classful qdisc (htb, hfsc, drr).
type Class struct {
	Link    int
	Handle  Handle // the class id, "1:10"
	Parent  Handle // the parent class or qdisc; 0 means the qdisc of Handle's major
	Options ClassOptions

	Kind  string
	Stats Stats
}

// Filter is a classifier attached to a qdisc or class.
type Filter struct {
	Link     int
	Parent   Handle // the qdisc or class it attaches to; clsact: HandleClsactIngress or HandleClsactEgress
	Handle   uint32 // the filter's handle (u32: its node id); 0 lets the kernel choose
	Priority uint16 // 0 lets the kernel choose
	Protocol uint16 // an Ethernet protocol in host byte order; 0 means ProtoAll
	Options  FilterOptions

	Kind  string
	Stats Stats
}

// Stats are a qdisc's, class's or filter's counters (TCA_STATS2 basic,
// queue and rate estimator).
type Stats struct {
	Bytes, Packets    uint64
	Drops, Overlimits uint32
	Requeues          uint32
	Qlen, Backlog     uint32
	BPS, PPS          uint64 // the rate estimator, when one runs
	XStats            []byte // TCA_XSTATS, kind-specific; copied
	App               XStats // XStats decoded for the kinds that have a decoder (htb classes, fq_codel); else nil
}

// appendTCMsg begins a tc message: nlmsghdr, struct tcmsg and TCA_KIND.
//
//	0        1        4         8        12       16       20
//	+--------+--------+---------+--------+--------+--------+
//	| family | pad    | ifindex | handle | parent | info   |
//	+--------+--------+---------+--------+--------+--------+
func appendTCMsg(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, index int, handle, parent, info uint32, kind string) {
	b.Begin(t, flags, 0)
	var h [20]byte
	binary.NativeEndian.PutUint32(h[4:], uint32(int32(index)))
	binary.NativeEndian.PutUint32(h[8:], handle)
	binary.NativeEndian.PutUint32(h[12:], parent)
	binary.NativeEndian.PutUint32(h[16:], info)
	b.PutFixed(h[:])
	if kind != "" {
		b.PutString(uapi.TCA_KIND, kind)
	}
}

func (q *Qdisc) kind() string {
	if q.Options != nil {
		return q.Options.Kind()
	}
	return q.Kind
}

// appendQdisc appends a request of type t (RTM_NEWQDISC, RTM_DELQDISC …)
// with flags for q to b. It allocates nothing into a warm builder. On
// bad options it returns the error and rolls b back.
func appendQdisc(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, q *Qdisc) error {
	kind := q.kind()
	if q.Handle.Minor() != 0 && q.Handle != HandleRoot && t == msgNewQdisc {
		return &ParamError{Kind: kind, Param: "handle", Value: q.Handle.String(),
			Reason: "has a minor number: a qdisc's handle is MAJ: (minor 0), a class's MAJ:MIN"}
	}
	mark := b.Mark()
	handle, parent := q.Handle, q.Parent
	if kind == "ingress" || kind == "clsact" {
		if parent == 0 {
			parent = HandleIngress
		}
		if handle == 0 {
			handle = HandleIngressQdisc
		}
	}
	if parent == 0 {
		parent = HandleRoot
	}
	appendTCMsg(b, t, flags, q.Link, uint32(handle), uint32(parent), 0, kind)
	if q.Options != nil && t == msgNewQdisc {
		if err := q.Options.appendQdisc(b); err != nil {
			b.Rollback(mark)
			return err
		}
	}
	b.End()
	return finish(b, mark)
}

// appendClass appends a request of type t for c to b.
func appendClass(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, c *Class) error {
	kind := c.Kind
	if c.Options != nil {
		kind = c.Options.Kind()
	}
	if c.Handle != 0 && c.Handle.Minor() == 0 && t == msgNewClass {
		return &ParamError{Kind: kind, Param: "handle", Value: c.Handle.String(),
			Reason: "has minor 0: a class's handle is MAJ:MIN with MIN above 0 (MAJ: is its qdisc's)"}
	}
	mark := b.Mark()
	parent := c.Parent
	if parent == 0 {
		parent = MakeHandle(c.Handle.Major(), 0)
	}
	appendTCMsg(b, t, flags, c.Link, uint32(c.Handle), uint32(parent), 0, kind)
	if c.Options != nil && t == msgNewClass {
		if err := c.Options.appendClass(b); err != nil {
			b.Rollback(mark)
			return err
		}
	}
	b.End()
	return finish(b, mark)
}

// appendFilter appends a request of type t for f to b. The priority and
// protocol go into tcm_info (priority in the high half, the protocol in
// network byte order in the low half).
func appendFilter(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, f *Filter) error {
	mark := b.Mark()
	proto := f.Protocol
	if proto == 0 {
		proto = ProtoAll
	}
	info := uint32(f.Priority)<<16 | uint32(proto>>8|proto<<8)
	kind := f.Kind
	if f.Options != nil {
		kind = f.Options.Kind()
	}
	handle := f.Handle
	if d, ok := f.Options.(handleDeriver); ok && handle == 0 {
		handle = d.derivedHandle()
	}
	appendTCMsg(b, t, flags, f.Link, handle, uint32(f.Parent), info, kind)
	if f.Options != nil && t == msgNewFilter {
		if err := f.Options.appendFilter(b); err != nil {
			b.Rollback(mark)
			return err
		}
	}
	b.End()
	return finish(b, mark)
}

// handleDeriver is a filter kind whose handle the kernel derives from
// its options and wants sent when creating (route); appendFilter uses it
// when Filter.Handle is 0.
type handleDeriver interface{ derivedHandle() uint32 }

func finish(b *wire.Builder, mark wire.Mark) error {
	if err := b.Err(); err != nil {
		b.Rollback(mark)
		return err
	}
	return nil
}
