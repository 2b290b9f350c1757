package fib

import (
	"cmp"
	"encoding/binary"
	"net/netip"
	"slices"
)

// Next-hop sets are interned: every route with the same next hops
// points at one nhSet by a uint32. In objects mode each set is one
// nexthop group (a group of one for a single next hop, so that a set can
// later gain or lose members by one replace), whose members are single
// nexthop objects, one per (gateway, interface), shared by every set
// that uses them. Sets and singles are reference counted and deleted
// from the kernel when their last user leaves.

type nhSet struct {
	hops []Nexthop // canonical: sorted, weights 1 … 256
	key  string    // the canonical bytes of hops (see appendKey)
	refs int       // routes using the set
	v6   bool      // its gateways are IPv6

	gid     uint32   // the group's id (objects mode), 0 before it is made
	live    bool     // the group exists in the kernel, as far as we know
	members []uint32 // the single ids of hops, in order (objects mode)
	free    bool     // on the free list
	err     error    // the last refusal of the group's write
}

// hopKey identifies a single nexthop object.
type hopKey struct {
	gw  netip.Addr
	oif int // as given (0: resolved from the gateway)
}

type single struct {
	id   uint32
	refs int // sets using it
	oif  int // the interface written (resolved when the hop has none)
	live bool
	err  error // the last refusal of its write
}

type nhTable struct {
	sets     []*nhSet // index 0 is no set
	freeSets []uint32
	byKey    map[string]uint32
	byGID    map[uint32]uint32 // group id → set
	singles  map[hopKey]*single
	byID     map[uint32]hopKey // single id → key
	used     map[uint32]bool   // ids taken by nexthop objects not ours
	nextID   uint32
	keyBuf   []byte
	hopBuf   []Nexthop
	gcSets   []uint32 // sets whose refs reached 0
}

func (t *nhTable) init() {
	t.sets = []*nhSet{{free: true}}
	t.byKey = make(map[string]uint32)
	t.byGID = make(map[uint32]uint32)
	t.singles = make(map[hopKey]*single)
	t.byID = make(map[uint32]hopKey)
	t.used = make(map[uint32]bool)
	t.nextID = 1 << 20
}

// canon sorts hops and fills default weights, in place; a single hop's
// weight is 1 (it has no share to weigh).
func canon(hops []Nexthop) {
	for i := range hops {
		if hops[i].Weight == 0 || len(hops) == 1 {
			hops[i].Weight = 1
		}
	}
	slices.SortFunc(hops, func(a, b Nexthop) int {
		if c := a.Gateway.Compare(b.Gateway); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Ifindex, b.Ifindex); c != 0 {
			return c
		}
		return cmp.Compare(a.Weight, b.Weight)
	})
}

// appendKey appends the canonical bytes of canonical hops.
func appendKey(b []byte, hops []Nexthop) []byte {
	for _, h := range hops {
		a := h.Gateway.As16()
		if !h.Gateway.IsValid() {
			a = [16]byte{}
		}
		b = append(b, a[:]...)
		fam := byte(0)
		switch {
		case h.Gateway.Is4():
			fam = 4
		case h.Gateway.Is6():
			fam = 6
		}
		b = append(b, fam)
		b = binary.BigEndian.AppendUint32(b, uint32(h.Ifindex))
		b = binary.BigEndian.AppendUint16(b, h.Weight)
	}
	return b
}

// lookup returns the set of hops (canonical, in t.hopBuf or the
// caller's) without making one: 0 when there is none.
func (t *nhTable) lookup(hops []Nexthop) uint32 {
	t.keyBuf = appendKey(t.keyBuf[:0], hops)
	return t.byKey[string(t.keyBuf)]
}

// sameKey reports whether set id's hops are hops (canonical).
func (t *nhTable) sameKey(id uint32, hops []Nexthop) bool {
	if id == 0 || int(id) >= len(t.sets) {
		return false
	}
	t.keyBuf = appendKey(t.keyBuf[:0], hops)
	return t.sets[id].key == string(t.keyBuf)
}

// sameSet reports whether sets a and b hold the same hops.
func (t *nhTable) sameSet(a, b uint32) bool {
	if a == b {
		return a != 0
	}
	if a == 0 || b == 0 {
		return false
	}
	return t.sets[a].key == t.sets[b].key
}

// intern returns the set of canonical hops, making it (with no
// references) when there is none. hops is copied.
func (t *nhTable) intern(hops []Nexthop) uint32 {
	if id := t.lookup(hops); id != 0 {
		return id
	}
	id := t.alias(hops)
	t.byKey[t.sets[id].key] = id
	return id
}

// alias makes a set of canonical hops (no references) that lookup does
// not find: another group with the same next hops as an interned set,
// as ReplaceGateway can leave and New adopts. Routes on either set are
// equal (sameSet, sameKey compare the hops); the alias is deleted like
// any set once no route uses it. hops is copied.
func (t *nhTable) alias(hops []Nexthop) uint32 {
	t.keyBuf = appendKey(t.keyBuf[:0], hops)
	s := &nhSet{hops: slices.Clone(hops), key: string(t.keyBuf), v6: len(hops) > 0 && hops[0].Gateway.Is6()}
	var id uint32
	if n := len(t.freeSets); n > 0 {
		id = t.freeSets[n-1]
		t.freeSets = t.freeSets[:n-1]
		t.sets[id] = s
	} else {
		id = uint32(len(t.sets))
		t.sets = append(t.sets, s)
	}
	return id
}

func (t *nhTable) ref(id uint32) {
	if id != 0 {
		t.sets[id].refs++
	}
}

func (t *nhTable) unref(id uint32) {
	if id == 0 {
		return
	}
	s := t.sets[id]
	s.refs--
	if s.refs == 0 {
		t.gcSets = append(t.gcSets, id)
	}
}

// release forgets set id (refs 0) and returns the singles it held, whose
// refs drop.
func (t *nhTable) release(id uint32) {
	s := t.sets[id]
	if t.byKey[s.key] == id {
		delete(t.byKey, s.key)
		t.promote(id, s.key)
	}
	if s.gid != 0 {
		delete(t.byGID, s.gid)
	}
	for i, m := range s.members {
		if m != 0 {
			t.unrefSingle(hopKey{s.hops[i].Gateway, s.hops[i].Ifindex})
		}
	}
	t.sets[id] = &nhSet{free: true}
	t.freeSets = append(t.freeSets, id)
}

// promote makes an alias of key (other than set gone) the set lookup
// finds, when one is left.
func (t *nhTable) promote(gone uint32, key string) {
	for id, s := range t.sets {
		if uint32(id) != gone && !s.free && s.key == key {
			t.byKey[key] = uint32(id)
			return
		}
	}
}

func (t *nhTable) unrefSingle(k hopKey) {
	if sg, ok := t.singles[k]; ok {
		sg.refs--
	}
}

// allocID returns a nexthop id no object uses.
func (t *nhTable) allocID() uint32 {
	for {
		id := t.nextID
		t.nextID++
		if t.nextID == 0 {
			t.nextID = 1
		}
		if _, ours := t.byID[id]; ours || t.used[id] {
			continue
		}
		if _, ours := t.byGID[id]; ours {
			continue
		}
		return id
	}
}

func (t *nhTable) liveSets() int {
	return len(t.byKey)
}

// setOfGID returns the set of group id gid, 0 when the id is not ours.
func (t *nhTable) setOfGID(gid uint32) uint32 { return t.byGID[gid] }

// cause adds to a route's refusal the refusal of its set's nexthop
// objects, which is the reason a route over them fails.
func (t *nhTable) cause(id uint32, err error) error {
	if id == 0 || int(id) >= len(t.sets) || t.sets[id].free {
		return err
	}
	s := t.sets[id]
	for _, h := range s.hops {
		if sg := t.singles[hopKey{h.Gateway, h.Ifindex}]; sg != nil && sg.err != nil {
			return &nexthopError{err, sg.err}
		}
	}
	if s.err != nil {
		return &nexthopError{err, s.err}
	}
	return err
}

// nexthopError is a route refused because its nexthop object was.
type nexthopError struct{ route, nexthop error }

func (e *nexthopError) Error() string {
	return e.route.Error() + " (its nexthop: " + e.nexthop.Error() + ")"
}

// Unwrap returns both errors: errors.Is matches either's errno.
func (e *nexthopError) Unwrap() []error { return []error{e.route, e.nexthop} }

// unusedSingles reports a single nexthop no set uses.
func (t *nhTable) unusedSingles() bool {
	for _, sg := range t.singles {
		if sg.refs <= 0 {
			return true
		}
	}
	return false
}
