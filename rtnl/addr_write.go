package rtnl

import (
	"context"
	"encoding/binary"
	"net/netip"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Addr is an address to add, replace or delete: the typed form of
// ipr.addr(command, **spec). It encodes into a warm buffer without
// allocating, to the same bytes as the Spec form of the same address.
type Addr struct {
	Index int // the interface
	// Prefix is the interface's own address and the prefix length
	// (IFA_LOCAL, and IFA_ADDRESS too unless Peer is set); the family
	// comes from it.
	Prefix netip.Prefix
	// Peer is the other end of a point-to-point address (IFA_ADDRESS).
	Peer netip.Addr
	// Broadcast is IFA_BROADCAST; AutoBroadcast computes it from an IPv4
	// Prefix instead (ip addr add … brd +).
	Broadcast     netip.Addr
	AutoBroadcast bool
	Label         string // IFA_LABEL ("eth0:1")
	// Scope is ifa_scope; 0 is universe, or host for 127.0.0.0/8 when
	// the address is created.
	Scope RouteScope
	Flags uint32 // IFA_F_*: in ifa_flags when it fits 8 bits, IFA_FLAGS otherwise
	// ValidLft and PreferredLft are lifetimes in seconds (IFA_CACHEINFO);
	// 0 leaves them out, and when one is set the other 0 is AddrForever.
	ValidLft, PreferredLft uint32
	Metric                 uint32 // IFA_RT_PRIORITY of the prefix route
	Proto                  uint8  // IFA_PROTO
}

func addrErr(field string, v any, why string) error {
	return &codec.SpecError{Schema: "addr", Keyword: field, Value: v, Reason: why}
}

func (a *Addr) check() error {
	if !a.Prefix.IsValid() {
		return addrErr("Prefix", a.Prefix, "is not a valid prefix")
	}
	if !a.Scope.valid() {
		return addrErr("Scope", a.Scope, "is above 255 (and not ScopeUniverse)")
	}
	if a.Peer.IsValid() && a.Peer.Is4() != a.Prefix.Addr().Is4() {
		return addrErr("Peer", a.Peer, "is not of the family of Prefix")
	}
	fam := uint8(uapi.AF_INET6)
	if a.Prefix.Addr().Is4() {
		fam = uapi.AF_INET
	}
	if err := checkFamily("addr", fam, namedAddr{"Broadcast", a.Broadcast}); err != nil {
		return err
	}
	if why := nameWhy(a.Label); why != "" {
		return addrErr("Label", a.Label, why)
	}
	if a.AutoBroadcast && !a.Prefix.Addr().Is4() {
		return addrErr("AutoBroadcast", true, "needs an IPv4 Prefix")
	}
	if a.PreferredLft != 0 && a.PreferredLft > a.lifetime(a.ValidLft) {
		return addrErr("PreferredLft", a.PreferredLft, "is greater than ValidLft")
	}
	return nil
}

func (a *Addr) lifetime(v uint32) uint32 {
	if v == 0 {
		return AddrForever
	}
	return v
}

// Encode appends the request of command (add, set, replace, change, del)
// for the address to b, with the flags [IPRoute.Do] sends. It allocates
// nothing once b has room. Bad input is a *codec.SpecError naming the
// field; b is then unchanged.
func (a *Addr) Encode(b *wire.Builder, command string, seq uint32) error {
	t, flags, op, err := addrVerbs.lookup(command)
	if err != nil || op == OpGet {
		return addrErr("command", command, "is not an address command")
	}
	if err := a.check(); err != nil {
		return err
	}
	mark := b.Mark()
	a.encode(b, t, flags, seq, op)
	if err := b.Err(); err != nil {
		b.Rollback(mark)
		return err
	}
	return nil
}

func (a *Addr) encode(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32, op VerbOp) {
	local := a.Prefix.Addr()
	b.Begin(t, flags, seq)
	if h := b.Reserve(8); h != nil {
		h[0] = uapi.AF_INET6
		if local.Is4() {
			h[0] = uapi.AF_INET
		}
		h[addrOffPrefixLen] = uint8(a.Prefix.Bits())
		if a.Flags <= 0xff {
			h[addrOffFlags] = uint8(a.Flags)
		}
		h[addrOffScope] = uint8(a.Scope)
		if a.Scope == 0 && op == OpNew && local.Is4() && local.As4()[0] == 127 {
			h[addrOffScope] = uapi.RT_SCOPE_HOST
		}
		binary.NativeEndian.PutUint32(h[addrOffIndex:], uint32(a.Index))
	}
	switch {
	case a.Peer.IsValid():
		b.PutAddr(uapi.IFA_ADDRESS, a.Peer)
	case op != OpDel:
		b.PutAddr(uapi.IFA_ADDRESS, local)
	}
	b.PutAddr(uapi.IFA_LOCAL, local)
	if a.Label != "" {
		b.PutString(uapi.IFA_LABEL, a.Label)
	}
	switch {
	case a.AutoBroadcast:
		bc, _ := broadcastOf(local, a.Prefix.Bits())
		b.PutAddr(uapi.IFA_BROADCAST, bc)
	case a.Broadcast.IsValid():
		b.PutAddr(uapi.IFA_BROADCAST, a.Broadcast)
	}
	if a.ValidLft != 0 || a.PreferredLft != 0 {
		var ci [16]byte
		binary.NativeEndian.PutUint32(ci[0:], a.lifetime(a.PreferredLft))
		binary.NativeEndian.PutUint32(ci[4:], a.lifetime(a.ValidLft))
		b.PutBytes(uapi.IFA_CACHEINFO, ci[:])
	}
	if a.Flags > 0xff {
		b.PutUint32(uapi.IFA_FLAGS, a.Flags)
	}
	if a.Metric != 0 {
		b.PutUint32(uapi.IFA_RT_PRIORITY, a.Metric)
	}
	if a.Proto != 0 {
		b.PutUint8(uapi.IFA_PROTO, a.Proto)
	}
	b.End()
}

func (r *IPRoute) addrExec(ctx context.Context, op, command string, a *Addr) error {
	b := r.getBuilder()
	defer r.putBuilder(b)
	if err := a.Encode(b, command, 0); err != nil {
		return wrap(op, err)
	}
	return wrapReq(op, b.Bytes(), r.c.Exec(ctx, op, b.Bytes()))
}

// AddrAdd adds the address, failing with EEXIST when the interface has
// it (ip addr add). Errors: a *codec.SpecError for bad input (nothing
// sent), or the kernel's refusal as a *wire.OpError. Safe for concurrent
// use; allocates nothing once warm.
func (r *IPRoute) AddrAdd(ctx context.Context, a Addr) error {
	return r.addrExec(ctx, "addr add", "add", &a)
}

// AddrReplace adds the address or changes the one the interface has (ip
// addr replace: lifetimes, flags, label). See [IPRoute.AddrAdd].
func (r *IPRoute) AddrReplace(ctx context.Context, a Addr) error {
	return r.addrExec(ctx, "addr replace", "replace", &a)
}

// AddrDel deletes the address (ip addr del); EADDRNOTAVAIL when the
// interface has no such address. See [IPRoute.AddrAdd].
func (r *IPRoute) AddrDel(ctx context.Context, a Addr) error {
	return r.addrExec(ctx, "addr del", "del", &a)
}

// FlushAddr deletes every address that passes the filters, the filters
// of [IPRoute.Addrs] (pyroute2's flush_addr(index=2), flush_addr(
// label="eth0"), predicates), in one batch, and returns how many it
// deleted. Secondary addresses that vanish with their primary do not
// count and are no error. With no filter it deletes every address of
// every interface, loopback's included.
func (r *IPRoute) FlushAddr(ctx context.Context, filters ...Matcher) (int, error) {
	addrs, err := r.GetAddrs(ctx, filters...)
	if err != nil {
		return 0, err
	}
	msgs := make([]*codec.Msg, len(addrs))
	for i, v := range addrs {
		msgs[i] = v.Msg()
	}
	return r.flushMsgs(ctx, "address flush", uapi.RTM_DELADDR, msgs)
}
