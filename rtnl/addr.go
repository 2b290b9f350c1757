package rtnl

import (
	"context"
	"encoding/binary"
	"net/netip"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
)

// struct ifaddrmsg offsets.
const (
	addrOffPrefixLen = 1
	addrOffFlags     = 2
	addrOffScope     = 3
	addrOffIndex     = 4
)

// AddrView is a borrowed view of one address message (RTM_NEWADDR),
// read in place without allocating; valid as long as the message it
// views (see [LinkView]).
type AddrView struct{ m *codec.Msg }

// AsAddr views m, a message decoded with codec.Addr, as an address.
func AsAddr(m *codec.Msg) AddrView { return AddrView{m} }

// Msg returns the underlying message, for generic access.
func (a AddrView) Msg() *codec.Msg {
	checkView(a.m, "AddrView")
	return a.m
}

// Clone returns a view over a copy of the message, valid forever.
func (a AddrView) Clone() AddrView {
	checkView(a.m, "AddrView")
	return AddrView{a.m.Clone()}
}

// Family returns ifa_family.
func (a AddrView) Family() uint8 {
	checkView(a.m, "AddrView")
	return fixedU8(a.m, 0)
}

// PrefixLen returns ifa_prefixlen.
func (a AddrView) PrefixLen() int {
	checkView(a.m, "AddrView")
	return int(fixedU8(a.m, addrOffPrefixLen))
}

// Flags returns the address flags: IFA_FLAGS (32 bits) when present,
// ifa_flags otherwise.
func (a AddrView) Flags() uint32 {
	checkView(a.m, "AddrView")

	if v, ok := a.m.RawAttr(uapi.IFA_FLAGS); ok {
		if f, ok := v.Uint32(); ok {
			return f
		}
	}
	return uint32(fixedU8(a.m, addrOffFlags))
}

// Scope returns ifa_scope (ScopeHost, ScopeLink …; 0 reads as
// ScopeUniverse).
func (a AddrView) Scope() RouteScope {
	checkView(a.m, "AddrView")
	return scopeOf(fixedU8(a.m, addrOffScope))
}

// Index returns the interface index ifa_index.
func (a AddrView) Index() int {
	checkView(a.m, "AddrView")
	return int(fixedU32(a.m, addrOffIndex))
}

// Address returns IFA_ADDRESS (the peer of a point-to-point address).
func (a AddrView) Address() netip.Addr {
	checkView(a.m, "AddrView")
	return attrAddr(a.m, uapi.IFA_ADDRESS)
}

// Local returns IFA_LOCAL, the local address of an IPv4 address; absent
// for IPv6, where Address is the local one.
func (a AddrView) Local() netip.Addr {
	checkView(a.m, "AddrView")
	return attrAddr(a.m, uapi.IFA_LOCAL)
}

// Prefix returns the interface's own address with its prefix length:
// IFA_LOCAL when present, IFA_ADDRESS otherwise (what `ip addr` shows as
// "local").
func (a AddrView) Prefix() netip.Prefix {
	checkView(a.m, "AddrView")

	addr := a.Local()
	if !addr.IsValid() {
		addr = a.Address()
	}
	if !addr.IsValid() || a.PrefixLen() > addr.BitLen() {
		return netip.Prefix{}
	}
	return netip.PrefixFrom(addr, a.PrefixLen())
}

// Broadcast returns IFA_BROADCAST.
func (a AddrView) Broadcast() netip.Addr {
	checkView(a.m, "AddrView")
	return attrAddr(a.m, uapi.IFA_BROADCAST)
}

// Label returns IFA_LABEL. It borrows.
func (a AddrView) Label() []byte {
	checkView(a.m, "AddrView")
	return attrString(a.m, uapi.IFA_LABEL)
}

// Proto returns IFA_PROTO (IFAPROT_*).
func (a AddrView) Proto() uint8 {
	checkView(a.m, "AddrView")
	return attrU8(a.m, uapi.IFA_PROTO)
}

// Addrs dumps the addresses (RTM_GETADDR), as pyroute2's get_addr: both
// families unless "family" is given. The kernel filters a constant
// "index" and "family" itself (ifa_index, ifa_family). See [Iterator].
func (r *IPRoute) Addrs(ctx context.Context, filters ...Matcher) Iterator[AddrView] {
	return typed[AddrView](ctx, r, "address dump", codec.Addr, filters, reqAddr)
}

func buildAddrReq(q *dumpReq, buf []byte, f *filterSet) {
	q.begin(buf, codec.Addr, uapi.RTM_GETADDR, true)
	if v, ok := f.constInt("family"); ok {
		q.fixed[0] = uint8(v)
	}
	if v, ok := f.constInt("index"); ok {
		binary.NativeEndian.PutUint32(q.fixed[addrOffIndex:], uint32(v))
	}
}

// GetAddrs is Addrs collected: owned views in a slice.
func (r *IPRoute) GetAddrs(ctx context.Context, filters ...Matcher) ([]AddrView, error) {
	it := r.Addrs(ctx, filters...)
	return it.Collect()
}
