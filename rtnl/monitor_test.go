package rtnl_test

import (
	"context"
	"encoding/binary"
	"errors"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

func TestParseGroups(t *testing.T) {
	tests := []struct {
		in   []string
		want []uint32
		bad  bool
	}{
		{in: []string{"link"}, want: []uint32{uapi.RTNLGRP_LINK}},
		{in: []string{"route", "ipv4_route"}, want: []uint32{uapi.RTNLGRP_IPV4_ROUTE, uapi.RTNLGRP_IPV6_ROUTE}},
		{in: []string{"stats", "tunnel", "brvlan"}, want: []uint32{uapi.RTNLGRP_BRVLAN, uapi.RTNLGRP_TUNNEL, uapi.RTNLGRP_STATS}},
		{in: []string{"36"}, want: []uint32{36}},
		{in: []string{"NeXtHoP"}, want: []uint32{uapi.RTNLGRP_NEXTHOP}},
		{in: []string{"bogus"}, bad: true},
		{in: []string{"0"}, bad: true},
	}
	for _, tt := range tests {
		got, err := rtnl.ParseGroups(tt.in...)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseGroups(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseGroups(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	all, err := rtnl.ParseGroups("all")
	if err != nil || len(all) < 30 || all[len(all)-1] < 36 {
		t.Errorf(`ParseGroups("all") = %v, %v`, all, err)
	}
}

// dummyKind is a link kind for plain test interfaces: dummy, or ifb
// where the dummy module is missing.
func dummyKind() string {
	if testutil.HasKernel("link:dummy") {
		return "dummy"
	}
	return "ifb"
}

// monitorNS dials an IPRoute in a fresh namespace.
func monitorNS(t *testing.T) (*testutil.NetNS, *rtnl.IPRoute) {
	t.Helper()
	ns := testutil.NewNetNS(t)
	ipr, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name, Ring: ring.PipelineConfig(ring.Config{})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ipr.Close() })
	return ns, ipr
}

// routeBatch returns n blackhole /32 route adds (or deletes) in table,
// 10.<base+i>, as one batch.
func routeBatch(table uint32, base, n int, del bool) []byte {
	var b wire.Builder
	b.Reset(make([]byte, 0, n*48))
	for i := range n {
		if del {
			b.Begin(uapi.RTM_DELROUTE, 0, 0)
		} else {
			b.Begin(uapi.RTM_NEWROUTE, wire.FlagCreate|wire.FlagExcl, 0)
		}
		h := b.Reserve(codec.RtMsg.Size)
		h[0], h[1], h[5], h[7] = uapi.AF_INET, 32, 4 /* static */, uapi.RTN_BLACKHOLE
		b.PutUint32(uapi.RTA_TABLE, table)
		var dst [4]byte
		binary.BigEndian.PutUint32(dst[:], 0x0a000000+uint32(base+i))
		b.PutAddr(uapi.RTA_DST, netip.AddrFrom4(dst))
		b.End()
	}
	return b.Bytes()
}

func runBatch(t testing.TB, ipr *rtnl.IPRoute, msgs []byte) {
	t.Helper()
	failed, err := ipr.Conn().Batch(context.Background(), "route churn", msgs, nil)
	if err != nil || failed != 0 {
		t.Errorf("route batch: %d failed, %v", failed, err)
	}
}

// nextEvent waits for an event of type typ and returns a clone.
func nextEvent(t *testing.T, m *rtnl.Monitor, typ wire.MsgType) rtnl.Event {
	t.Helper()
	for m.Next() {
		if ev := m.Event(); ev.Type() == typ {
			return ev.Clone()
		}
	}
	t.Fatalf("monitor ended before a %d event: %v", typ, m.Err())
	return rtnl.Event{}
}

func TestMonitorBindEvents(t *testing.T) {
	ns, ipr := monitorNS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	mon, err := ipr.Bind(ctx, rtnl.MonitorConfig{Groups: []string{"link", "route", "stats"}})
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	ns.Run(t, "link", "add", "mon0", "type", dummyKind())
	ev := nextEvent(t, mon, uapi.RTM_NEWLINK)
	l, ok := ev.Link()
	if !ok || l.NameString() != "mon0" || ev.Object() != "link" || ev.IsDel() {
		t.Errorf("link event: %v ok=%v name=%q object=%q", ev.String(), ok, l.NameString(), ev.Object())
	}
	if _, ok := ev.Route(); ok {
		t.Error("a link event viewed as a route")
	}
	runBatch(t, ipr, routeBatch(100, 7, 1, false))
	ev = nextEvent(t, mon, uapi.RTM_NEWROUTE)
	r, _ := ev.Route()
	if r.Dst() != netip.MustParsePrefix("10.0.0.7/32") || r.Table() != 100 {
		t.Errorf("route event: dst %v table %d", r.Dst(), r.Table())
	}
	if mon.Stats().Events < 2 {
		t.Errorf("stats: %+v", mon.Stats())
	}
}

func TestMonitorBindWrongNetNS(t *testing.T) {
	_, ipr := monitorNS(t)
	other := testutil.NewNetNS(t)
	if _, err := ipr.Bind(context.Background(), rtnl.MonitorConfig{NetNS: other.Name}); err == nil {
		t.Fatal("Bind in a namespace that does not hold the IPRoute's socket succeeded")
	}
}

func TestMonitorCancel(t *testing.T) {
	_, ipr := monitorNS(t)
	ctx, cancel := context.WithCancel(context.Background())
	mon, err := ipr.Bind(ctx, rtnl.MonitorConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	done := make(chan error, 1)
	go func() {
		for mon.Next() {
		}
		done <- mon.Err()
	}()
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Err after cancel = %v", err)
		}
		t.Logf("Next returned %v after cancel", time.Since(start))
	case <-time.After(10 * time.Second):
		t.Fatal("Next did not return after cancel")
	}
}

func TestMonitorChan(t *testing.T) {
	ns, ipr := monitorNS(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mon, err := ipr.Bind(ctx, rtnl.MonitorConfig{Groups: []string{"link"}})
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	ch := mon.Chan(16)
	ns.Run(t, "link", "add", "ch0", "type", dummyKind())
	timeout := time.After(20 * time.Second)
	for found := false; !found; {
		select {
		case ev := <-ch:
			l, ok := ev.Link()
			found = ok && l.NameString() == "ch0"
		case <-timeout:
			t.Fatal("no link event on the channel")
		}
	}
	mon.Close()
	for range ch {
	}
	if err := mon.Err(); err != nil {
		t.Errorf("Err after a clean Close = %v, want nil", err)
	}
}

// TestMonitorAllocs: receiving and decoding an event allocates nothing.
func TestMonitorAllocs(t *testing.T) {
	_, ipr := monitorNS(t)
	mon, err := ipr.Bind(context.Background(), rtnl.MonitorConfig{Groups: []string{"route"}})
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	const n = 3000
	runBatch(t, ipr, routeBatch(100, 0, n, false)) // queued in the monitor's buffer
	for range 100 {                                // warm up
		mon.Next()
	}
	var sink int
	allocs := testing.AllocsPerRun(2000, func() {
		if !mon.Next() {
			t.Fatal(mon.Err())
		}
		ev := mon.Event()
		if r, ok := ev.Route(); ok {
			sink += r.Dst().Bits() + int(r.Table())
		}
		if _, ok := ev.NSID(); ok {
			sink++
		}
	})
	if allocs != 0 {
		t.Errorf("receiving and decoding an event: %v allocations, want 0", allocs)
	}
	_ = sink
}

// TestMonitorOverrun: a tiny receive buffer overflows, and the monitor
// says so with the kernel's drop count, then keeps receiving.
func TestMonitorOverrun(t *testing.T) {
	ns, ipr := monitorNS(t)
	mon, err := ipr.Bind(context.Background(), rtnl.MonitorConfig{ReadBuffer: 4096, Groups: []string{"route", "link"}})
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	runBatch(t, ipr, routeBatch(100, 0, 2000, false))
	var ov rtnl.Overrun
	for mon.Next() {
		if ev := mon.Event(); ev.IsOverrun() {
			ov = ev.Overrun()
			break
		}
	}
	if ov.Count != 1 {
		t.Fatalf("no overrun event: %v", mon.Err())
	}
	if !ov.HasDrops || ov.Drops == 0 {
		t.Errorf("overrun without the kernel's drop count: %+v", ov)
	}
	t.Logf("overrun: %+v, forced buffer %v", ov, mon.ReadBufferForced())
	// After an overrun the monitor listens on a fresh socket.
	ns.Run(t, "link", "add", "ov0", "type", dummyKind())
	ev := nextEvent(t, mon, uapi.RTM_NEWLINK)
	if l, _ := ev.Link(); l.NameString() != "ov0" {
		t.Errorf("after the overrun: %v %q", ev.String(), l.NameString())
	}
}

func TestMonitorFilter(t *testing.T) {
	ns, ipr := monitorNS(t)
	ns.Run(t, "link", "add", "f0", "type", dummyKind())
	ns.Run(t, "link", "set", "f0", "up")
	f0 := ns.IfIndex(t, "f0")
	cfg := rtnl.MonitorConfig{Filter: &rtnl.EventFilter{
		Types:       []wire.MsgType{uapi.RTM_NEWROUTE, uapi.RTM_NEWADDR},
		Tables:      []uint32{100, 1000},
		IfIndexes:   []int{f0},
		DropPortIDs: []uint32{ipr.Conn().PortID()},
	}, Groups: []string{"route", "address", "link"}}
	mon, err := ipr.Bind(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	runBatch(t, ipr, routeBatch(100, 1, 1, false)) // our echo: dropped
	ns.Run(t, "route", "add", "blackhole", "10.9.0.1/32", "table", "200")
	ns.Run(t, "route", "add", "10.9.0.2/32", "dev", "lo", "table", "100")
	ns.Run(t, "link", "add", "f1", "type", dummyKind())                    // type: dropped
	ns.Run(t, "route", "add", "10.9.0.3/32", "dev", "f0", "table", "1000") // passes
	ns.Run(t, "addr", "add", "10.8.0.1/24", "dev", "f0")                   // passes (and its local route: table 255)
	var got []string
	for mon.Next() {
		ev := mon.Event()
		switch r, ok := ev.Route(); {
		case ok:
			got = append(got, r.Dst().String())
		case ev.Object() == "addr":
			a, _ := ev.Addr()
			if a.Family() != uapi.AF_INET {
				continue // f0's IPv6 link-local address
			}
			got = append(got, "addr "+a.Prefix().String())
		default:
			got = append(got, ev.String())
		}
		if len(got) == 2 {
			break
		}
	}
	if err := mon.Err(); err != nil {
		t.Errorf("monitor ended: %v", err)
	}
	want := []string{"10.9.0.3/32", "addr 10.8.0.1/24"}
	if !slices.Equal(got, want) {
		t.Errorf("filtered events %q, want %q", got, want)
	}
}

func TestMonitorListenAllNSID(t *testing.T) {
	ns, ipr := monitorNS(t)
	peer := testutil.NewNetNS(t)
	ns.Run(t, "netns", "set", peer.Name, "7")
	mon, err := ipr.Bind(context.Background(), rtnl.MonitorConfig{ListenAllNSID: true, Groups: []string{"link"}})
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	peer.Run(t, "link", "add", "peer0", "type", dummyKind())
	ev := nextEvent(t, mon, uapi.RTM_NEWLINK)
	id, ok := ev.NSID()
	if l, _ := ev.Link(); !ok || id != 7 || l.NameString() != "peer0" {
		t.Errorf("event from the peer: nsid %d,%v name %q", id, ok, l.NameString())
	}
}
