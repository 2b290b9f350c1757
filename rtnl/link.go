package rtnl

import (
	"context"
	"encoding/binary"
	"net"
	"syscall"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
)

// struct ifinfomsg offsets (checked against codec.IfInfoMsg by a test).
const (
	linkOffType   = 2
	linkOffIndex  = 4
	linkOffFlags  = 8
	linkOffChange = 12

	linkFieldFlags = 4 // index of "flags" in codec.IfInfoMsg

	rtextFilterVF = 1 // RTEXT_FILTER_VF
)

// LinkView is a borrowed view of one link message (RTM_NEWLINK): the
// typed accessors read it in place and allocate nothing. It is valid as
// long as the message it views: until the iterator that yielded it
// advances, or forever for a view over a clone (Clone, GetLinks).
// Accessors of absent attributes return the zero value.
type LinkView struct{ m *codec.Msg }

// AsLink views m, a message decoded with codec.Link, as a link.
func AsLink(m *codec.Msg) LinkView { return LinkView{m} }

// Msg returns the underlying message, for generic access
// (GetAttr("IFLA_XDP"), Get("linkinfo", "data", "vxlan_id") …).
func (l LinkView) Msg() *codec.Msg {
	checkView(l.m, "LinkView")
	return l.m
}

// Clone returns a view over a copy of the message, valid forever. It
// allocates.
func (l LinkView) Clone() LinkView {
	checkView(l.m, "LinkView")
	return LinkView{l.m.Clone()}
}

func (l LinkView) u32(off int) uint32 {
	checkView(l.m, "LinkView")

	f := l.m.Fixed()
	if len(f) < off+4 {
		return 0
	}
	return binary.NativeEndian.Uint32(f[off:])
}

func attrU32(m *codec.Msg, t uint16) uint32 {
	a, ok := m.RawAttr(t)
	if !ok {
		return 0
	}
	v, _ := a.Uint32()
	return v
}

func attrU8(m *codec.Msg, t uint16) uint8 {
	a, ok := m.RawAttr(t)
	if !ok {
		return 0
	}
	v, _ := a.Uint8()
	return v
}

func attrString(m *codec.Msg, t uint16) []byte {
	a, ok := m.RawAttr(t)
	if !ok {
		return nil
	}
	return a.StringBytes()
}

// Family returns ifi_family (AF_UNSPEC, or AF_BRIDGE for bridge port
// messages).
func (l LinkView) Family() uint8 {
	checkView(l.m, "LinkView")

	if f := l.m.Fixed(); len(f) > 0 {
		return f[0]
	}
	return 0
}

// Index returns the interface index (ifi_index).
func (l LinkView) Index() int {
	checkView(l.m, "LinkView")
	return int(int32(l.u32(linkOffIndex)))
}

// Type returns the device type ifi_type (ARPHRD_ETHER …).
func (l LinkView) Type() uint16 {
	checkView(l.m, "LinkView")

	f := l.m.Fixed()
	if len(f) < linkOffType+2 {
		return 0
	}
	return binary.NativeEndian.Uint16(f[linkOffType:])
}

// Flags returns the device flags ifi_flags (IFF_UP, IFF_LOWER_UP …).
func (l LinkView) Flags() uint32 {
	checkView(l.m, "LinkView")
	return l.u32(linkOffFlags)
}

// Change returns ifi_change.
func (l LinkView) Change() uint32 {
	checkView(l.m, "LinkView")
	return l.u32(linkOffChange)
}

// Up reports IFF_UP: pyroute2's state "up".
func (l LinkView) Up() bool {
	checkView(l.m, "LinkView")
	return l.Flags()&uapi.IFF_UP != 0
}

// Name returns IFLA_IFNAME without its NUL. It borrows.
func (l LinkView) Name() []byte {
	checkView(l.m, "LinkView")
	return attrString(l.m, uapi.IFLA_IFNAME)
}

// NameString returns IFLA_IFNAME as a string. It allocates.
func (l LinkView) NameString() string {
	checkView(l.m, "LinkView")
	return string(l.Name())
}

// MTU returns IFLA_MTU.
func (l LinkView) MTU() uint32 {
	checkView(l.m, "LinkView")
	return attrU32(l.m, uapi.IFLA_MTU)
}

// MinMTU returns IFLA_MIN_MTU.
func (l LinkView) MinMTU() uint32 {
	checkView(l.m, "LinkView")
	return attrU32(l.m, uapi.IFLA_MIN_MTU)
}

// MaxMTU returns IFLA_MAX_MTU.
func (l LinkView) MaxMTU() uint32 {
	checkView(l.m, "LinkView")
	return attrU32(l.m, uapi.IFLA_MAX_MTU)
}

// TxQLen returns IFLA_TXQLEN.
func (l LinkView) TxQLen() uint32 {
	checkView(l.m, "LinkView")
	return attrU32(l.m, uapi.IFLA_TXQLEN)
}

// Group returns IFLA_GROUP.
func (l LinkView) Group() uint32 {
	checkView(l.m, "LinkView")
	return attrU32(l.m, uapi.IFLA_GROUP)
}

// Master returns IFLA_MASTER, the index of the bridge or bond the link is
// a port of; 0 when none.
func (l LinkView) Master() int {
	checkView(l.m, "LinkView")
	return int(attrU32(l.m, uapi.IFLA_MASTER))
}

// Link returns IFLA_LINK, the index of the lower device (a veth's peer, a
// VLAN's parent); 0 when none. With LinkNetNSID set, the index is in that
// namespace.
func (l LinkView) Link() int {
	checkView(l.m, "LinkView")
	return int(attrU32(l.m, uapi.IFLA_LINK))
}

// LinkNetNSID returns IFLA_LINK_NETNSID, and false when absent.
func (l LinkView) LinkNetNSID() (int32, bool) {
	checkView(l.m, "LinkView")

	a, ok := l.m.RawAttr(uapi.IFLA_LINK_NETNSID)
	if !ok {
		return 0, false
	}
	return a.Int32()
}

// OperState returns IFLA_OPERSTATE (IF_OPER_UP is 6, IF_OPER_DOWN 2,
// IF_OPER_UNKNOWN 0); see OperStateString.
func (l LinkView) OperState() uint8 {
	checkView(l.m, "LinkView")
	return attrU8(l.m, uapi.IFLA_OPERSTATE)
}

var operStates = [...]string{"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"}

// OperStateString returns the operational state as iproute2 prints it
// ("UP", "DOWN", "UNKNOWN" …). It allocates nothing.
func (l LinkView) OperStateString() string {
	checkView(l.m, "LinkView")

	if s := l.OperState(); int(s) < len(operStates) {
		return operStates[s]
	}
	return "UNKNOWN"
}

// LinkMode returns IFLA_LINKMODE.
func (l LinkView) LinkMode() uint8 {
	checkView(l.m, "LinkView")
	return attrU8(l.m, uapi.IFLA_LINKMODE)
}

// Carrier returns IFLA_CARRIER.
func (l LinkView) Carrier() bool {
	checkView(l.m, "LinkView")
	return attrU8(l.m, uapi.IFLA_CARRIER) != 0
}

// Address returns the link-layer address IFLA_ADDRESS. It borrows.
func (l LinkView) Address() net.HardwareAddr {
	checkView(l.m, "LinkView")

	a, ok := l.m.RawAttr(uapi.IFLA_ADDRESS)
	if !ok {
		return nil
	}
	return net.HardwareAddr(a.Value)
}

// Broadcast returns IFLA_BROADCAST. It borrows.
func (l LinkView) Broadcast() net.HardwareAddr {
	checkView(l.m, "LinkView")

	a, ok := l.m.RawAttr(uapi.IFLA_BROADCAST)
	if !ok {
		return nil
	}
	return net.HardwareAddr(a.Value)
}

// PermAddress returns IFLA_PERM_ADDRESS. It borrows.
func (l LinkView) PermAddress() net.HardwareAddr {
	checkView(l.m, "LinkView")

	a, ok := l.m.RawAttr(uapi.IFLA_PERM_ADDRESS)
	if !ok {
		return nil
	}
	return net.HardwareAddr(a.Value)
}

// Alias returns IFLA_IFALIAS. It borrows.
func (l LinkView) Alias() []byte {
	checkView(l.m, "LinkView")
	return attrString(l.m, uapi.IFLA_IFALIAS)
}

// linkInfo returns the string of one IFLA_LINKINFO member.
func (l LinkView) linkInfo(t uint16) []byte {
	checkView(l.m, "LinkView")

	a, ok := l.m.RawAttr(uapi.IFLA_LINKINFO)
	if !ok {
		return nil
	}
	if v, ok := nestedAttr(a.Value, t); ok {
		return v.StringBytes()
	}
	return nil
}

// Kind returns IFLA_INFO_KIND ("bridge", "veth" …); nil for a link
// without one (loopback, physical devices). It borrows.
func (l LinkView) Kind() []byte {
	checkView(l.m, "LinkView")
	return l.linkInfo(uapi.IFLA_INFO_KIND)
}

// KindString returns Kind as a string. It allocates.
func (l LinkView) KindString() string {
	checkView(l.m, "LinkView")
	return string(l.Kind())
}

// SlaveKind returns IFLA_INFO_SLAVE_KIND: the kind of the master a port
// belongs to ("bridge", "bond"). It borrows.
func (l LinkView) SlaveKind() []byte {
	checkView(l.m, "LinkView")
	return l.linkInfo(uapi.IFLA_INFO_SLAVE_KIND)
}

// Info returns IFLA_INFO_DATA, the kind's settings, with the kind's
// table ("vxlan_id", "br_stp_state" …).
func (l LinkView) Info() codec.Nest {
	checkView(l.m, "LinkView")

	v, _ := l.m.Get("linkinfo", "data")
	return v.Nest()
}

// AltNames returns an iterator over the alternative names
// (IFLA_ALT_IFNAME in IFLA_PROP_LIST). Values borrow.
func (l LinkView) AltNames() codec.AttrIter {
	checkView(l.m, "LinkView")

	v, ok := l.m.GetAttrType(uapi.IFLA_PROP_LIST)
	if !ok {
		return codec.AttrIter{}
	}
	return v.Nest().GetAttrs("IFLA_ALT_IFNAME")
}

// LinkStats holds the common counters of IFLA_STATS64.
type LinkStats struct {
	RxPackets, TxPackets, RxBytes, TxBytes   uint64
	RxErrors, TxErrors, RxDropped, TxDropped uint64
	Multicast, Collisions                    uint64
}

// Stats returns the 64-bit counters of IFLA_STATS64, and false when the
// message has none. Every counter: Msg().Get("stats64") and Field.
func (l LinkView) Stats() (LinkStats, bool) {
	checkView(l.m, "LinkView")

	a, ok := l.m.RawAttr(uapi.IFLA_STATS64)
	if !ok || len(a.Value) < 80 {
		return LinkStats{}, false
	}
	b := a.Value
	u := func(i int) uint64 { return binary.NativeEndian.Uint64(b[8*i:]) }
	return LinkStats{u(0), u(1), u(2), u(3), u(4), u(5), u(6), u(7), u(8), u(9)}, true
}

// Links dumps the links (RTM_GETLINK), as pyroute2's get_links, with the
// filters applied. The kernel filters what it can: a constant "index",
// "ifname" or "prop_list.alt_ifname" (an alternative name) becomes a single RTM_GETLINK (a missing link
// yields nothing, not an error); "master" and "linkinfo.kind" go into
// the dump request (IFLA_MASTER, IFLA_LINKINFO); "family" sets
// ifi_family (AF_BRIDGE dumps bridge ports with IFLA_PROTINFO). The
// request asks for VF details (RTEXT_FILTER_VF), as `ip -d link` does.
// See [Iterator] for lifetimes and errors.
func (r *IPRoute) Links(ctx context.Context, filters ...Matcher) Iterator[LinkView] {
	return typed[LinkView](ctx, r, "link dump", codec.Link, filters, reqLink)
}

func buildLinkReq(q *dumpReq, buf []byte, f *filterSet) {
	fam, hasFam := f.constInt("family")
	idx, hasIdx := f.constInt("index")
	name, hasName := f.constString("ifname")
	alt, hasAlt := f.constString("prop_list.alt_ifname")
	get := (hasIdx || hasName || hasAlt) && (!hasFam || fam == 0)
	q.begin(buf, codec.Link, uapi.RTM_GETLINK, !get)
	q.fixed[0] = uint8(fam)
	if get {
		q.empty[0] = syscall.ENODEV
		switch {
		case hasIdx:
			binary.NativeEndian.PutUint32(q.fixed[linkOffIndex:], uint32(idx))
		case hasName:
			q.b.PutString(uapi.IFLA_IFNAME, name)
		default:
			q.b.PutString(uapi.IFLA_ALT_IFNAME, alt)
		}
	}
	q.b.PutUint32(uapi.IFLA_EXT_MASK, rtextFilterVF)
	if get {
		return
	}
	if m, ok := f.constInt("master"); ok && m != 0 {
		q.b.PutUint32(uapi.IFLA_MASTER, uint32(m))
	}
	if k, ok := f.constString("linkinfo.kind"); ok {
		n := q.b.Nest(uapi.IFLA_LINKINFO)
		q.b.PutString(uapi.IFLA_INFO_KIND, k)
		q.b.EndNest(n)
	}
}

// GetLinks is Links collected: a view over a clone of every matching
// link (owned, valid forever), in the kernel's order.
func (r *IPRoute) GetLinks(ctx context.Context, filters ...Matcher) ([]LinkView, error) {
	it := r.Links(ctx, filters...)
	return it.Collect()
}
