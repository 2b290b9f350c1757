package iphlp_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/nlroute/nlroute/internal/iphlp"
	"github.com/nlroute/nlroute/internal/rtemu"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// The Windows transport end to end over rows as the IP Helper API
// returns them (the byte layouts are tested in rows_test.go).

var (
	ifRows = []iphlp.IfRow{
		{InterfaceIndex: 1, Alias: "Loopback Pseudo-Interface 1", Mtu: 0xffffffff, Type: 24, OperStatus: 1, AdminStatus: 1},
		{InterfaceIndex: 12, Alias: "Ethernet", Description: "Intel(R) PRO/1000 MT", PhysicalAddress: []byte{0, 0x15, 0x5d, 1, 2, 3}, Mtu: 1500, Type: 6, OperStatus: 1, AdminStatus: 1},
	}
	addrRows = []iphlp.UnicastAddressRow{
		{Address: netip.MustParseAddr("127.0.0.1"), InterfaceIndex: 1, OnLinkPrefixLength: 8},
		{Address: netip.MustParseAddr("192.0.2.20"), InterfaceIndex: 12, OnLinkPrefixLength: 24},
		{Address: netip.MustParseAddr("fe80::1:2:3"), InterfaceIndex: 12, OnLinkPrefixLength: 64},
	}
	routeRows = []iphlp.ForwardRow{
		{InterfaceIndex: 12, DestinationPrefix: netip.MustParsePrefix("0.0.0.0/0"), NextHop: netip.MustParseAddr("192.0.2.1"), Metric: 25, Protocol: 3},
	}
)

func rows[R any](rs []R, add func(*wire.Builder, *R, uint32)) rtemu.AppendFunc {
	return func(b *wire.Builder, seq uint32) error {
		for i := range rs {
			add(b, &rs[i], seq)
		}
		return nil
	}
}

func TestWindowsTransport(t *testing.T) {
	ctx := context.Background()
	tr := iphlp.NewTransport(rows(ifRows, iphlp.AppendLink), rows(addrRows, iphlp.AppendAddr), rows(routeRows, iphlp.AppendRoute), nil)
	ipr := rtnl.New(ring.NewConn(tr, ring.Config{}))
	defer ipr.Close()

	links, err := ipr.GetLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		got = append(got, fmt.Sprintf("%d %q mtu %d %v", l.Index(), l.Name(), l.MTU(), l.Address()))
	}
	want := []string{`1 "Loopback Pseudo-Interface 1" mtu 4294967295 `, `12 "Ethernet" mtu 1500 00:15:5d:01:02:03`}
	if !slices.Equal(got, want) {
		t.Errorf("links:\n got %q\nwant %q", got, want)
	}
	if idx, err := ipr.LinkLookup(ctx, rtnl.Spec{"ifname": "Ethernet"}); err != nil || !slices.Equal(idx, []int{12}) {
		t.Errorf("LinkLookup Ethernet: %v, %v", idx, err)
	}
	addrs, err := ipr.GetAddrs(ctx, rtnl.Match{"index": 12})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, a := range addrs {
		got = append(got, fmt.Sprintf("%v/%d", a.Address(), a.PrefixLen()))
	}
	if want := []string{"192.0.2.20/24", "fe80::1:2:3/64"}; !slices.Equal(got, want) {
		t.Errorf("addrs of Ethernet: %q, want %q", got, want)
	}
	routes, err := ipr.GetRoutes(ctx)
	if err != nil || len(routes) != 1 || routes[0].Gateway() != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("routes: %v, %v", routes, err)
	}
	// No neighbour reader: the dump is refused as unsupported.
	if _, err := ipr.GetNeighbours(ctx); !errors.Is(err, rtnl.ErrNotSupported) {
		t.Errorf("neighbours: %v; want ErrNotSupported", err)
	}
	if _, err := ipr.Do(ctx, "link", "set", rtnl.Spec{"index": 12, "mtu": 1400}); !errors.Is(err, rtnl.ErrNotSupported) {
		t.Errorf("link set: %v; want ErrNotSupported", err)
	}
}
