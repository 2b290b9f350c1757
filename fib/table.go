package fib

import (
	"encoding/binary"
	"net/netip"
)

// The prefix table: one map per family, keyed by the prefix as fixed
// bytes, holding an 8-byte entry. There is no heap object per route: a
// million IPv4 routes are a million map slots of 16 bytes.

// entry is the state of one route.
type entry struct {
	set   uint32 // the interned next-hop set (nhTable.sets index)
	gen   uint16 // the Sync generation that last confirmed it
	flags uint8
}

const (
	// flagInstalled: the kernel has this route with this set, as far as
	// the FIB knows.
	flagInstalled uint8 = 1 << iota
	// flagStale: adopted by New, not yet confirmed by a Sync.
	flagStale
	// flagMismatch: the kernel's route has the set's next hops in
	// another form than the FIB writes (inline where it writes
	// objects): a Sync replaces it.
	flagMismatch
	// flagSeen: found by the resync in progress.
	flagSeen
)

// key6 is an IPv6 prefix as fixed bytes.
type key6 struct {
	hi, lo uint64
	bits   uint8
}

type table struct {
	v4 map[uint64]entry
	v6 map[key6]entry
}

func (t *table) init() {
	t.v4 = make(map[uint64]entry)
	t.v6 = make(map[key6]entry)
}

func key4Of(p netip.Prefix) uint64 {
	a := p.Addr().As4()
	return uint64(binary.BigEndian.Uint32(a[:]))<<8 | uint64(p.Bits())
}

func key6Of(p netip.Prefix) key6 {
	a := p.Addr().As16()
	return key6{binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(a[8:]), uint8(p.Bits())}
}

func prefix4(k uint64) netip.Prefix {
	var a [4]byte
	binary.BigEndian.PutUint32(a[:], uint32(k>>8))
	return netip.PrefixFrom(netip.AddrFrom4(a), int(k&0xff))
}

func prefix6(k key6) netip.Prefix {
	var a [16]byte
	binary.BigEndian.PutUint64(a[:8], k.hi)
	binary.BigEndian.PutUint64(a[8:], k.lo)
	return netip.PrefixFrom(netip.AddrFrom16(a), int(k.bits))
}

func (t *table) get(p netip.Prefix) (entry, bool) {
	if p.Addr().Is4() {
		e, ok := t.v4[key4Of(p)]
		return e, ok
	}
	e, ok := t.v6[key6Of(p)]
	return e, ok
}

func (t *table) put(p netip.Prefix, e entry) {
	if p.Addr().Is4() {
		t.v4[key4Of(p)] = e
		return
	}
	t.v6[key6Of(p)] = e
}

func (t *table) del(p netip.Prefix) {
	if p.Addr().Is4() {
		delete(t.v4, key4Of(p))
		return
	}
	delete(t.v6, key6Of(p))
}

func (t *table) len() int { return len(t.v4) + len(t.v6) }

// each calls fn for every route; fn may change or delete the route it is
// given (and no other).
func (t *table) each(fn func(netip.Prefix, entry) bool) {
	for k, e := range t.v4 {
		if !fn(prefix4(k), e) {
			return
		}
	}
	for k, e := range t.v6 {
		if !fn(prefix6(k), e) {
			return
		}
	}
}
