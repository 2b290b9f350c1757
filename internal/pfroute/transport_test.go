package pfroute_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/pfroute"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// The transport end to end: rtnl over a ring.Conn over pfroute's
// transport, with the sysctl answered from the byte-for-byte buffers of
// the translation tests (their headers are cited there). What the
// getters yield must be what the translation produces, message for
// message; only the header (sequence number, port id) is the Conn's.

// sysctls maps each routing sysctl to the buffer a fake system returns.
type sysctls map[pfroute.Sysctl][]byte

func (s sysctls) fetch(op pfroute.Sysctl) ([]byte, error) { return s[op], nil }

// dial returns an IPRoute over a transport for system o, and the
// transport's port id.
func dial(t *testing.T, o pfroute.OS, s sysctls) (*rtnl.IPRoute, uint32) {
	tr := pfroute.NewTransport(o, s.fetch)
	ipr := rtnl.New(ring.NewConn(tr, ring.Config{}))
	t.Cleanup(func() { ipr.Close() })
	return ipr, tr.PortID()
}

// translated returns the JSON of each message an Append function makes
// of buf, without the header.
func translated(t *testing.T, s *codec.Schema, fn func(*wire.Builder, pfroute.OS, []byte, uint32) error, o pfroute.OS, buf []byte) []string {
	t.Helper()
	var b wire.Builder
	if err := fn(&b, o, buf, 1); err != nil || b.Err() != nil {
		t.Fatal(err, b.Err())
	}
	var out []string
	it := wire.NewMessages(b.Bytes())
	for it.Next() {
		var m codec.Msg
		if err := m.Reset(s, it.Message()); err != nil {
			t.Fatal(err)
		}
		out = append(out, bodyJSON(&m))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// bodyJSON is a message's JSON without its "header" object.
func bodyJSON(m *codec.Msg) string {
	s := string(m.AppendJSON(nil))
	i := strings.Index(s, `, "header": {`)
	j := strings.Index(s[i:], "}")
	return s[:i] + s[i+j+1:]
}

// viewed collects the JSON of the messages a getter yields, checking
// that each is addressed to port.
func viewed(t *testing.T, port uint32, it rtnl.Iter) []string {
	t.Helper()
	defer it.Close()
	var out []string
	for it.Next() {
		m := it.Msg()
		if h := m.Header(); h.PID != port || h.Seq == 0 {
			t.Errorf("header %+v: want pid %d and a sequence number", h, port)
		}
		out = append(out, bodyJSON(m))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func checkSame(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestTransportGetters(t *testing.T) {
	ctx := context.Background()
	t.Run("freebsd", func(t *testing.T) {
		ipr, port := dial(t, pfroute.FreeBSD, sysctls{pfroute.SysctlIfList: pfroute.FreeBSDIfList})
		checkSame(t, "links", viewed(t, port, ipr.Links(ctx).Iter),
			translated(t, codec.Link, pfroute.AppendLinks, pfroute.FreeBSD, pfroute.FreeBSDIfList))
		checkSame(t, "addrs", viewed(t, port, ipr.Addrs(ctx).Iter),
			translated(t, codec.Addr, pfroute.AppendAddrs, pfroute.FreeBSD, pfroute.FreeBSDIfList))
		checkSame(t, "routes (none)", viewed(t, port, ipr.Routes(ctx).Iter), nil)
	})
	t.Run("openbsd", func(t *testing.T) {
		ipr, port := dial(t, pfroute.OpenBSD, sysctls{pfroute.SysctlDump: pfroute.OpenBSDDump})
		checkSame(t, "routes", viewed(t, port, ipr.Routes(ctx).Iter),
			translated(t, codec.Route, pfroute.AppendRoutes, pfroute.OpenBSD, pfroute.OpenBSDDump))
	})
	t.Run("darwin", func(t *testing.T) {
		ipr, port := dial(t, pfroute.Darwin, sysctls{pfroute.SysctlIfList: pfroute.DarwinIfList, pfroute.SysctlLLInfo: pfroute.DarwinNeigh})
		checkSame(t, "neighbours", viewed(t, port, ipr.Neighbours(ctx).Iter),
			translated(t, codec.Neigh, pfroute.AppendNeighbours, pfroute.Darwin, pfroute.DarwinNeigh))
		checkSame(t, "addrs", viewed(t, port, ipr.Addrs(ctx).Iter),
			translated(t, codec.Addr, pfroute.AppendAddrs, pfroute.Darwin, pfroute.DarwinIfList))
	})
}

func TestTransportTypedViews(t *testing.T) {
	ctx := context.Background()
	ipr, _ := dial(t, pfroute.FreeBSD, sysctls{pfroute.SysctlIfList: pfroute.FreeBSDIfList})
	links, err := ipr.GetLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		got = append(got, fmt.Sprintf("%d %s mtu %d %v up=%v", l.Index(), l.Name(), l.MTU(), l.Address(), l.Flags()&1 != 0))
	}
	checkSame(t, "links", got, []string{"1 em0 mtu 1500 00:0c:29:aa:bb:cc up=true", "2 lo0 mtu 16384  up=true"})

	addrs, err := ipr.GetAddrs(ctx, rtnl.Match{"index": 1})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, a := range addrs {
		got = append(got, fmt.Sprintf("%d %v/%d %s", a.Index(), a.Address(), a.PrefixLen(), a.Label()))
	}
	checkSame(t, "addrs of em0", got, []string{"1 192.0.2.10/24 em0", "1 fe80::20c:29ff:feaa:bbcc/64 "})

	ipr, _ = dial(t, pfroute.OpenBSD, sysctls{pfroute.SysctlDump: pfroute.OpenBSDDump})
	routes, err := ipr.GetRoutes(ctx, rtnl.Match{"family": uapi.AF_INET, "table": 254})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, r := range routes {
		got = append(got, fmt.Sprintf("%v via %v", r.Dst(), r.Gateway()))
	}
	checkSame(t, "IPv4 main-table routes", got, []string{"0.0.0.0/0 via 192.0.2.1", "192.0.2.0/24 via invalid IP"})
}

func TestTransportFilters(t *testing.T) {
	ctx := context.Background()
	ipr, _ := dial(t, pfroute.FreeBSD, sysctls{pfroute.SysctlIfList: pfroute.FreeBSDIfList})
	count := func(it rtnl.Iter) int {
		n := 0
		for it.Next() {
			n++
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, c := range []struct {
		name string
		got  int
		want int
	}{
		{"links ifname=lo0 (a get)", count(ipr.Links(ctx, rtnl.Match{"ifname": "lo0"}).Iter), 1},
		{"links index=1 (a get)", count(ipr.Links(ctx, rtnl.Match{"index": 1}).Iter), 1},
		{"links index=9 (a get, ENODEV)", count(ipr.Links(ctx, rtnl.Match{"index": 9}).Iter), 0},
		{"links mtu=16384 (a dump)", count(ipr.Links(ctx, rtnl.Match{"mtu": 16384}).Iter), 1},
		{"links family=AF_BRIDGE (no ports)", count(ipr.Links(ctx, rtnl.Match{"family": uapi.AF_BRIDGE}).Iter), 0},
		{"addrs family=AF_INET6", count(ipr.Addrs(ctx, rtnl.Match{"family": uapi.AF_INET6}).Iter), 1},
		{"addrs family=AF_INET", count(ipr.Addrs(ctx, rtnl.Match{"family": uapi.AF_INET}).Iter), 2},
		{"addrs address", count(ipr.Addrs(ctx, rtnl.Match{"address": netip.MustParseAddr("127.0.0.1")}).Iter), 1},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d messages, want %d", c.name, c.got, c.want)
		}
	}
}

func TestTransportLinkLookup(t *testing.T) {
	ctx := context.Background()
	ipr, _ := dial(t, pfroute.FreeBSD, sysctls{pfroute.SysctlIfList: pfroute.FreeBSDIfList})
	for _, c := range []struct {
		spec rtnl.Spec
		want []int
	}{
		{rtnl.Spec{"ifname": "lo0"}, []int{2}},
		{rtnl.Spec{"ifname": "em0"}, []int{1}},
		{rtnl.Spec{"ifname": "nope0"}, nil},
		{rtnl.Spec{"altname": "nope0"}, nil},
		{rtnl.Spec{"mtu": 1500}, []int{1}},
	} {
		got, err := ipr.LinkLookup(ctx, c.spec)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("LinkLookup(%v) = %v, %v; want %v", c.spec, got, err, c.want)
		}
	}
}

func TestTransportNotSupported(t *testing.T) {
	ctx := context.Background()
	ipr, _ := dial(t, pfroute.OpenBSD, sysctls{})
	for _, c := range []struct {
		object, command string
		spec            rtnl.Spec
	}{
		{"link", "set", rtnl.Spec{"index": 1, "mtu": 1400}},
		{"addr", "add", rtnl.Spec{"index": 1, "address": "192.0.2.99", "prefixlen": 24}},
		{"route", "add", rtnl.Spec{"dst": "198.51.100.0/24", "gateway": "192.0.2.1"}},
		{"rule", "dump", nil},
	} {
		_, err := ipr.Do(ctx, c.object, c.command, c.spec)
		if !errors.Is(err, rtnl.ErrNotSupported) || !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("%s %s: %v; want an error matching ErrNotSupported", c.object, c.command, err)
			continue
		}
		var op *wire.OpError
		if !errors.As(err, &op) || op.Msg != "not supported on openbsd" {
			t.Errorf("%s %s: %v; want the ext-ack text %q", c.object, c.command, err, "not supported on openbsd")
		}
	}
	// The getters still work after refusals.
	if _, err := ipr.GetRoutes(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestTransportFetchError(t *testing.T) {
	ctx := context.Background()
	fetch := func(pfroute.Sysctl) ([]byte, error) {
		return nil, fmt.Errorf("pfroute: sysctl: %w", syscall.EPERM)
	}
	ipr := rtnl.New(ring.NewConn(pfroute.NewTransport(pfroute.FreeBSD, fetch), ring.Config{}))
	defer ipr.Close()
	_, err := ipr.GetLinks(ctx)
	if !errors.Is(err, syscall.EPERM) || !strings.Contains(err.Error(), "pfroute: sysctl") {
		t.Errorf("GetLinks: %v; want EPERM with the sysctl's text", err)
	}
	bad := func(pfroute.Sysctl) ([]byte, error) { return []byte{3, 0}, nil } // msglen 3
	ipr2 := rtnl.New(ring.NewConn(pfroute.NewTransport(pfroute.FreeBSD, bad), ring.Config{}))
	defer ipr2.Close()
	if _, err := ipr2.GetAddrs(ctx); err == nil || !strings.Contains(err.Error(), "malformed") {
		t.Errorf("GetAddrs of a malformed buffer: %v; want the translation error", err)
	}
}
