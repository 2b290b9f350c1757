package main

// The fib workload's table: an Internet-like IPv4 table, deterministic
// from a seed, and the changes the phases make to it.

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
)

// dfzLengths is the share (per 100,000 prefixes) of each prefix length
// in the table, shaped like the public IPv4 default-free zone of 2023–24
// (about 950,000 prefixes): rounded from the prefix-length tables of the
// AS6447 (Route Views) BGP table report at https://bgp.potaroo.net/as6447/
// and Geoff Huston's "BGP in 2023" (APNIC blog, January 2024), where /24s
// are about 60 % of the table, then /22, /23, /20, /21, /16, /19, /18 and
// /17, and few shorter than /16. Approximations, not one day's table;
// nothing longer than /24 (the DFZ filters it).
var dfzLengths = [...]struct{ bits, share int }{
	{24, 60000}, {22, 11800}, {23, 10100}, {20, 4700}, {21, 4400},
	{16, 2400}, {19, 2100}, {18, 1700}, {17, 1200}, {15, 600},
	{14, 400}, {13, 250}, {12, 150}, {11, 60}, {10, 25}, {9, 10}, {8, 5},
}

// Table shape.
const (
	fibPeers    = 32  // next-hop peers, fibPeerBase+1 … +32, on-link
	fibECMPPct  = 10  // percent of prefixes over 2–4 peers
	fibECMPSets = 512 // distinct ECMP peer sets the ECMP prefixes share
	fibChurn    = 10000
)

// fibPeerNet is the peers' subnet; the namespaces put fibLocal on it.
var (
	fibPeerNet = netip.MustParsePrefix("10.255.0.0/24")
	fibLocal   = netip.MustParseAddr("10.255.0.254")
)

// fibPeer is peer i's gateway (i from 0).
func fibPeer(i int) netip.Addr {
	b := fibPeerNet.Addr().As4()
	b[3] = byte(i + 1)
	return netip.AddrFrom4(b)
}

// reserved are the ranges the DFZ does not carry (RFC 6890), where the
// generator puts no prefix; the peers' subnet is inside 10/8.
var reserved = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.0.0.0/24"), netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("224.0.0.0/3"),
}

// fibEntry is one route, compactly: 8 bytes, so the desired set of 1M
// routes costs the benchmark 8 MiB, not a heap object per route.
type fibEntry struct {
	addr uint32 // network address, host order
	bits uint8
	set  uint16 // index into fibTable.sets
}

func (e fibEntry) prefix() netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(e.addr >> 24), byte(e.addr >> 16), byte(e.addr >> 8), byte(e.addr)}), int(e.bits))
}

// key identifies the prefix (for matching kernel notifications).
func (e fibEntry) key() uint64 { return uint64(e.addr)<<8 | uint64(e.bits) }

func prefixKey(p netip.Prefix) uint64 {
	if !p.Addr().Is4() {
		return 0
	}
	b := p.Addr().As4()
	return (uint64(b[0])<<24|uint64(b[1])<<16|uint64(b[2])<<8|uint64(b[3]))<<8 | uint64(p.Bits())
}

// fibTable is the generated table: sets of peer indices (sets[0 …
// fibPeers-1] are the single peers, the rest ECMP), the routes, and
// spare prefixes that are not in it, for announcing later.
type fibTable struct {
	sets   [][]uint8
	routes []fibEntry
	spare  []fibEntry
}

// genTable makes n routes and spares more, deterministically from seed:
// lengths drawn from dfzLengths, addresses uniformly outside reserved,
// duplicates dropped, each on one of fibPeers peers or (fibECMPPct %) on
// one of fibECMPSets sets of 2–4 peers.
func genTable(n, spares int, seed uint64) *fibTable {
	rng := rand.New(rand.NewPCG(seed, 0x6669622d7461626c))
	t := &fibTable{}
	for i := range fibPeers {
		t.sets = append(t.sets, []uint8{uint8(i)})
	}
	for len(t.sets) < fibPeers+fibECMPSets {
		k := 2 + rng.IntN(3)
		s := make([]uint8, 0, k)
		for _, p := range rng.Perm(fibPeers)[:k] {
			s = append(s, uint8(p))
		}
		slices.Sort(s)
		t.sets = append(t.sets, s)
	}
	total := 0
	for _, l := range dfzLengths {
		total += l.share
	}
	seen := make(map[uint64]struct{}, n+spares)
	all := make([]fibEntry, 0, n+spares)
	for len(all) < n+spares {
		r := rng.IntN(total)
		bits := 24
		for _, l := range dfzLengths {
			if r < l.share {
				bits = l.bits
				break
			}
			r -= l.share
		}
		e := fibEntry{addr: rng.Uint32() &^ (1<<(32-bits) - 1), bits: uint8(bits)}
		if _, dup := seen[e.key()]; dup || isReserved(e.prefix()) {
			continue
		}
		seen[e.key()] = struct{}{}
		e.set = uint16(rng.IntN(fibPeers))
		if rng.IntN(100) < fibECMPPct {
			e.set = uint16(fibPeers + rng.IntN(fibECMPSets))
		}
		all = append(all, e)
	}
	t.routes, t.spare = all[:n:n], all[n:]
	return t
}

func isReserved(p netip.Prefix) bool {
	for _, r := range reserved {
		if r.Overlaps(p) {
			return true
		}
	}
	return false
}

// hasPeer reports whether set s includes peer p.
func (t *fibTable) hasPeer(s uint16, p uint8) bool {
	return slices.Contains(t.sets[s], p)
}

// otherSet is a set other than s, drawn with rng.
func otherSet(rng *rand.Rand, s uint16) uint16 {
	for {
		o := uint16(rng.IntN(fibPeers + fibECMPSets))
		if o != s {
			return o
		}
	}
}

// fibChange is one update of the churn or a diff: the route as it is
// afterwards, or its withdrawal.
type fibChange struct {
	e        fibEntry
	withdraw bool
}

// churn makes the 10,000 updates of phase b (fewer on a small table),
// each on a different prefix: a third move a route to another peer set,
// a third withdraw one, a third announce a spare prefix (one withdrawn
// before the phase, re-announced). It returns them and the table after.
func (t *fibTable) churn(count int, seed uint64) ([]fibChange, []fibEntry) {
	rng := rand.New(rand.NewPCG(seed, 0x636875726e))
	count = min(count, len(t.routes)/2, 3*len(t.spare))
	perm := rng.Perm(len(t.routes))
	after := slices.Clone(t.routes)
	var cs []fibChange
	gone := map[int]bool{}
	for i := range count {
		switch i % 3 {
		case 0:
			j := perm[i]
			after[j].set = otherSet(rng, after[j].set)
			cs = append(cs, fibChange{e: after[j]})
		case 1:
			j := perm[i]
			gone[j] = true
			cs = append(cs, fibChange{e: after[j], withdraw: true})
		default:
			e := t.spare[i/3]
			after = append(after, e)
			cs = append(cs, fibChange{e: e})
		}
	}
	kept := after[:0]
	for i, e := range after {
		if !gone[i] {
			kept = append(kept, e)
		}
	}
	return cs, kept
}

// peerDown moves every route of routes that uses peer p off it: a route
// on p alone goes to the next peer, an ECMP route loses p (and becomes
// a single-peer route when one is left). It returns the changes and the
// routes after; the new sets are appended to t.sets.
func (t *fibTable) peerDown(routes []fibEntry, p uint8) ([]fibChange, []fibEntry) {
	moved := map[uint16]uint16{}
	after := slices.Clone(routes)
	var cs []fibChange
	for i, e := range after {
		if !t.hasPeer(e.set, p) {
			continue
		}
		to, ok := moved[e.set]
		if !ok {
			to = t.without(e.set, p)
			moved[e.set] = to
		}
		after[i].set = to
		cs = append(cs, fibChange{e: after[i]})
	}
	return cs, after
}

// without returns the index of set s without peer p: the next peer for
// a single peer, else the set of the others (a single peer's own set
// when one is left, a new set otherwise).
func (t *fibTable) without(s uint16, p uint8) uint16 {
	rest := slices.DeleteFunc(slices.Clone(t.sets[s]), func(q uint8) bool { return q == p })
	switch len(rest) {
	case 0:
		return uint16((int(p) + 1) % fibPeers)
	case 1:
		return uint16(rest[0])
	}
	t.sets = append(t.sets, rest)
	return uint16(len(t.sets) - 1)
}

// diff makes a desired set pct percent different from routes: of the
// changed routes a third move to another set, a third are dropped, a
// third are new (spares from the end, not the ones churn used). It
// returns the new set and the counts of adds, replaces and deletes.
func (t *fibTable) diff(routes []fibEntry, pct int, seed uint64) (out []fibEntry, adds, repl, dels int) {
	rng := rand.New(rand.NewPCG(seed, 0x64696666))
	count := min(len(routes)*pct/100, 3*(len(t.spare)/2))
	perm := rng.Perm(len(routes))
	out = slices.Clone(routes)
	drop := map[int]bool{}
	for i := range count {
		switch i % 3 {
		case 0:
			out[perm[i]].set = otherSet(rng, out[perm[i]].set)
			repl++
		case 1:
			drop[perm[i]] = true
			dels++
		default:
			out = append(out, t.spare[len(t.spare)-1-i/3])
			adds++
		}
	}
	kept := out[:0]
	for i, e := range out {
		if !drop[i] {
			kept = append(kept, e)
		}
	}
	return kept, adds, repl, dels
}

// slash32Table is the C sender's routes: n /32s, 10.0.0.1 on, all on
// peer 0, as bench/cmnl's route_install puts them in.
func slash32Table(n int) *fibTable {
	t := &fibTable{sets: [][]uint8{{0}}}
	t.routes = make([]fibEntry, n)
	for i := range t.routes {
		t.routes[i] = fibEntry{addr: 0x0a000000 + uint32(i+1), bits: 32}
	}
	return t
}

// seq yields routes as the caller's type, built by mk from a route and
// its peer set; mk's result may share the set's storage.
func seqOf[R any](routes []fibEntry, mk func(fibEntry) R) iter.Seq[R] {
	return func(yield func(R) bool) {
		for _, e := range routes {
			if !yield(mk(e)) {
				return
			}
		}
	}
}

// ipRoute is the route as an `ip route` argument list (without the
// verb), proto static.
func (t *fibTable) ipRoute(e fibEntry, dev string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s proto static", e.prefix())
	s := t.sets[e.set]
	if len(s) == 1 {
		fmt.Fprintf(&b, " via %s dev %s", fibPeer(int(s[0])), dev)
	} else {
		for _, p := range s {
			fmt.Fprintf(&b, " nexthop via %s dev %s", fibPeer(int(p)), dev)
		}
	}
	return b.String()
}

// birdRoute is the route as a BIRD static protocol line.
func (t *fibTable) birdRoute(e fibEntry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "route %s", e.prefix())
	for _, p := range t.sets[e.set] {
		fmt.Fprintf(&b, " via %s", fibPeer(int(p)))
	}
	b.WriteString(";\n")
	return b.String()
}
