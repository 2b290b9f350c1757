package fib_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/fib"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
)

// The fuzz universe: 8 IPv4 and 4 IPv6 prefixes, 5 IPv4 and 3 IPv6
// peers on the lab's two links.
var (
	fuzzPrefixes = func() []netip.Prefix {
		var ps []netip.Prefix
		for i := range 8 {
			ps = append(ps, netip.MustParsePrefix(fmt.Sprintf("10.0.%d.0/24", i)))
		}
		for i := range 4 {
			ps = append(ps, netip.MustParsePrefix(fmt.Sprintf("2001:db8:f:%d::/64", i)))
		}
		return ps
	}()
	fuzzPeers4 = []string{"192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5", "198.51.100.2"}
	fuzzPeers6 = []string{"2001:db8::2", "2001:db8::3", "2001:db8:1::2"}
)

// fuzzDesired reads a desired set from data: per prefix one byte, bit 0
// present, bits 1-5 the peers, bit 7 a weight of 3 on the first.
func fuzzDesired(data []byte) []fib.Route {
	var routes []fib.Route
	for i, p := range fuzzPrefixes {
		if i >= len(data) || data[i]&1 == 0 {
			continue
		}
		peers := fuzzPeers4
		if p.Addr().Is6() {
			peers = fuzzPeers6
		}
		var hops []fib.Nexthop
		for j, peer := range peers {
			if data[i]>>(1+j)&1 != 0 {
				hops = append(hops, gw(peer))
			}
		}
		if len(hops) == 0 {
			hops = append(hops, gw(peers[int(data[i]>>1)%len(peers)]))
		}
		if data[i]&0x80 != 0 {
			hops[0].Weight = 3
		}
		routes = append(routes, fib.Route{Prefix: p, Nexthops: hops})
	}
	return routes
}

// outside applies outside changes read from data, two bytes each: an
// operation and a prefix.
func (l *lab) outside(t *testing.T, data []byte) {
	for ; len(data) >= 2; data = data[2:] {
		p := fuzzPrefixes[int(data[1])%len(fuzzPrefixes)]
		prio := uint32(0)
		peer := gw(fuzzPeers4[int(data[1]>>4)%len(fuzzPeers4)]).Gateway
		if p.Addr().Is6() {
			prio, peer = 1024, gw(fuzzPeers6[int(data[1]>>4)%len(fuzzPeers6)]).Gateway
		}
		r := rtnl.Route{Dst: p, Proto: 200, Priority: prio, Gateway: peer}
		var err error
		switch data[0] % 4 {
		case 0:
			err = l.out.RouteDel(l.ctx, rtnl.Route{Dst: p, Proto: 200, Priority: prio})
		case 1, 3:
			err = l.out.RouteReplace(l.ctx, r)
		case 2:
			r.Proto = rtnl.ProtoStatic
			err = l.out.RouteReplace(l.ctx, r)
		}
		if err != nil && !errors.Is(err, syscall.ESRCH) && !errors.Is(err, syscall.ENOENT) {
			t.Fatalf("outside change %d on %s: %v", data[0]%4, p, err)
		}
	}
}

// foreignKeys returns the prefixes where a static route holds the key
// (metric) of ours.
func (l *lab) foreignKeys(t *testing.T) map[netip.Prefix]bool {
	foreign := map[netip.Prefix]bool{}
	it := l.r.Routes(l.ctx, rtnl.Match{"table": 254})
	for v := range it.All() {
		p := v.Dst()
		if v.Proto() == rtnl.ProtoStatic && (p.Addr().Is4() && v.Priority() == 0 || p.Addr().Is6() && v.Priority() == 1024) {
			foreign[p] = true
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return foreign
}

// FuzzSync drives a FIB in a namespace with random desired sets and
// random outside changes: the monitor restores the first set after
// them; then a new FIB adopts the table as the changes left it and syncs
// a second set, after which a dump equals it, less the prefixes a
// foreign route holds (those are refused with EEXIST and named).
func FuzzSync(f *testing.F) {
	testutil.RequireRoot(f)
	f.Add([]byte{0, 0xff, 0x03, 0x05, 0, 0x41, 0x11, 0x07, 0x09, 0x01, 0x0b, 0x03, 0x05}, []byte{0, 0, 1, 0x21, 2, 1, 3, 9}, []byte{0x03, 0x05, 0x81}, []byte{2, 3})
	f.Add([]byte{1, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01}, []byte{0, 0, 0, 1, 0, 2, 0, 8}, []byte{}, []byte{})
	f.Add([]byte{0, 0x3f}, []byte{3, 4, 2, 0}, []byte{0x3f, 0x3f}, []byte{2, 1, 2, 9})
	l := newLab(f)
	f.Fuzz(func(t *testing.T, first, changes1, second, changes2 []byte) {
		if len(first) == 0 || len(first) > 64 || len(changes1) > 32 || len(changes2) > 32 || len(second) > 64 {
			return
		}
		l.syncOnce(t, first, changes1, second, changes2)
	})
}

// TestSyncRandom runs FuzzSync's property on a few pseudo-random inputs.
func TestSyncRandom(t *testing.T) {
	l := newLab(t)
	rnd := rand.New(rand.NewPCG(1, 2))
	bytes := func(n int) []byte {
		b := make([]byte, rnd.IntN(n))
		for i := range b {
			b[i] = byte(rnd.Uint32())
		}
		return b
	}
	for i := range 8 {
		first := append([]byte{byte(i)}, bytes(14)...)
		c1, second, c2 := bytes(16), bytes(14), bytes(16)
		t.Run(fmt.Sprint(i), func(t *testing.T) { l.syncOnce(t, first, c1, second, c2) })
	}
}

// syncOnce is FuzzSync's body.
func (l *lab) syncOnce(t *testing.T, first, changes1, second, changes2 []byte) {
	{
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		l.ctx = ctx
		defer l.reset(t)
		cfg := fib.Config{Protocol: 200, Nexthops: fib.NexthopObjects + fib.NexthopMode(first[0]%2)}
		want1 := fuzzDesired(first[1:])
		f1 := l.fib(t, cfg)
		if d, err := f1.Sync(ctx, seq(want1)); err != nil || d.Failed != 0 {
			t.Fatalf("first sync: %v, %v", err, d.Failures)
		}
		l.mustEqual(t, want1, 200)
		l.outside(t, changes1)
		eventually(t, "the monitor restores the first set", func() bool { return slices.Equal(l.kernel(t, 200), want(want1)) })
		f1.Close()

		l.outside(t, changes2)
		foreign := l.foreignKeys(t)
		want2 := fuzzDesired(second)
		f2 := l.fib(t, cfg)
		d, err := f2.Sync(ctx, seq(want2))
		if err != nil {
			t.Fatal(err)
		}
		var installed []fib.Route
		for _, r := range want2 {
			if !foreign[r.Prefix] {
				installed = append(installed, r)
			}
		}
		for _, r := range d.Failures {
			if !foreign[r.Prefix] || !errors.Is(r.Err, syscall.EEXIST) {
				t.Fatalf("sync refused %v; foreign %v; table:\n%s%s", r, foreign, l.ns.Run(t, "route"), l.ns.Run(t, "-6", "route"))
			}
		}
		if d.Failed != len(want2)-len(installed) {
			t.Fatalf("second sync: %v, failures %v, foreign %v", d, d.Failures, foreign)
		}
		l.mustEqual(t, installed, 200)
		f2.Close()
	}
}

// reset empties the lab's table of every route of protocols 200 and
// static and of every nexthop object, for the next input. The nexthop
// objects go first, taking their routes with them: a flush echoes a
// route over one with both its id and its hops, which the kernel
// refuses.
func (l *lab) reset(t *testing.T) {
	nhs, err := l.r.GetNexthops(l.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, group := range []bool{true, false} { // groups before their members
		for _, n := range nhs {
			if n.IsGroup() == group {
				l.r.NexthopDel(l.ctx, n.ID())
			}
		}
	}
	for _, proto := range []int{200, int(rtnl.ProtoStatic)} {
		if _, err := l.r.FlushRoutes(l.ctx, rtnl.Match{"table": 254, "proto": proto}); err != nil {
			t.Fatal(err)
		}
	}
}
