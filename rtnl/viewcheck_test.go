//go:build nlroute_debug || race

package rtnl_test

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/nltest"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// fakeRoutes is an IPRoute whose route dumps answer n IPv4 routes,
// 10.0.i.0/24, from a scripted fake.
func fakeRoutes(t *testing.T, n int) *rtnl.IPRoute {
	t.Helper()
	var payloads [][]byte
	for i := range n {
		rt := rtnl.Route{Dst: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(i), 0}), 24), OIF: 1}
		var b wire.Builder
		if err := rt.Encode(&b, "add", 1); err != nil {
			t.Fatal(err)
		}
		payloads = append(payloads, b.Bytes()[wire.HeaderLen:])
	}
	c := nltest.Dial(func(req []byte) []nltest.Datagram {
		return nltest.Dump(req, uapi.RTM_NEWROUTE, 2, false, payloads...)
	})
	r := rtnl.New(c)
	t.Cleanup(func() { r.Close() })
	return r
}

// mustPanic runs f and checks it panics with a message holding each of want.
func mustPanic(t *testing.T, what string, f func(), want ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		p := recover()
		s, _ := p.(string)
		if p == nil {
			t.Fatalf("%s: no panic", what)
		}
		for _, w := range want {
			if !strings.Contains(s, w) {
				t.Fatalf("%s: panic %v, want it to say %q", what, p, w)
			}
		}
	}()
	f()
}

// TestStaleViewAfterNext: a view read after its iterator advanced panics
// in race and debug builds, naming the view type and the rule.
func TestStaleViewAfterNext(t *testing.T) {
	r := fakeRoutes(t, 4)
	it := r.Routes(context.Background())
	defer it.Close()
	if !it.Next() {
		t.Fatalf("no first route: %v", it.Err())
	}
	v := it.View()
	if got := v.Dst().String(); got != "10.0.0.0/24" {
		t.Fatalf("first route %s", got)
	}
	kept := v.Clone()
	it.Next()
	it.Next()
	mustPanic(t, "Dst after Next", func() { _ = v.Dst() }, "RouteView", "iterator advanced", "Clone()")
	mustPanic(t, "OIF after Next", func() { _ = v.OIF() }, "RouteView")
	mustPanic(t, "Msg after Next", func() { _ = v.Msg() }, "RouteView")
	if got := kept.Dst().String(); got != "10.0.0.0/24" {
		t.Errorf("clone reads %s after Next, want 10.0.0.0/24", got)
	}
	cur := it.View()
	if got := cur.Dst().String(); got != "10.0.2.0/24" {
		t.Errorf("current view %s, want 10.0.2.0/24", got)
	}
	for it.Next() {
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	mustPanic(t, "view after the end", func() { _ = cur.Dst() }, "RouteView", "advanced")
	if got := kept.OIF(); got != 1 {
		t.Errorf("clone OIF %d after the end", got)
	}
}

// TestStaleViewAfterClose: a view read after Close panics with the rule,
// not with a bounds error; a clone taken before keeps working.
func TestStaleViewAfterClose(t *testing.T) {
	r := fakeRoutes(t, 3)
	it := r.Routes(context.Background())
	if !it.Next() {
		t.Fatalf("no route: %v", it.Err())
	}
	v := it.View()
	kept := v.Clone()
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	mustPanic(t, "Dst after Close", func() { _ = v.Dst() }, "RouteView", "closed", "Clone()")
	mustPanic(t, "Table after Close", func() { _ = v.Table() }, "RouteView", "closed")
	if got := kept.Dst().String(); got != "10.0.0.0/24" {
		t.Errorf("clone after Close reads %s", got)
	}
	// A range loop lends each view for one turn: a view kept past it
	// is caught too.
	it2 := r.Routes(context.Background())
	var held rtnl.RouteView
	n := 0
	for v := range it2.All() {
		if n == 0 {
			held = v
		}
		n++
	}
	if err := it2.Err(); err != nil || n != 3 {
		t.Fatalf("range: %d routes, %v", n, err)
	}
	mustPanic(t, "view kept past its turn", func() { _ = held.Family() }, "RouteView")
	// Collect's views are owned.
	all, err := r.GetRoutes(context.Background())
	if err != nil || len(all) != 3 || all[2].Dst().String() != "10.0.2.0/24" {
		t.Fatalf("GetRoutes: %d, %v", len(all), err)
	}
}
