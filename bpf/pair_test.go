//go:build linux

package bpf

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/rtnl"
)

// pair is two throwaway namespaces joined by a veth pair: va
// (192.0.2.1, TEST-NET-1) in a, vb (192.0.2.2) in b. b knows va's MAC
// (a permanent neighbour), so the exchange b → a is UDP alone, no ARP.
// The addresses exist only inside these namespaces.
type pair struct {
	a, b *testutil.NetNS
	ra   *rtnl.IPRoute // dialled in a
	idx  int           // va's index in a
	recv *net.UDPConn  // in a, bound to 192.0.2.1:testPort
	send *net.UDPConn  // in b, connected to it
}

var (
	addrA = netip.MustParseAddr("192.0.2.1")
	addrB = netip.MustParseAddr("192.0.2.2")
)

func newPair(t *testing.T) *pair {
	t.Helper()
	p := &pair{a: testutil.NewNetNS(t), b: testutil.NewNetNS(t)}
	p.a.Batch(t, "link add va type veth peer name vb netns "+p.b.Name,
		"addr add "+addrA.String()+"/24 dev va", "link set va up")
	var links []struct {
		Address string `json:"address"`
	}
	p.a.RunJSON(t, &links, "link", "show", "dev", "va")
	p.b.Batch(t, "addr add "+addrB.String()+"/24 dev vb", "link set vb up",
		"neigh add "+addrA.String()+" lladdr "+links[0].Address+" dev vb nud permanent")
	p.idx = p.a.IfIndex(t, "va")
	var err error
	if p.ra, err = rtnl.Dial(rtnl.Config{NetNS: p.a.Name}); err != nil {
		t.Fatalf("dial in %s: %v", p.a.Name, err)
	}
	t.Cleanup(func() { p.ra.Close() })
	err = netns.Path(p.a.Path).Do(func() (err error) {
		p.recv, err = net.ListenUDP("udp4", net.UDPAddrFromAddrPort(netip.AddrPortFrom(addrA, testPort)))
		return err
	})
	if err != nil {
		t.Fatalf("listen in %s: %v", p.a.Name, err)
	}
	t.Cleanup(func() { p.recv.Close() })
	err = netns.Path(p.b.Path).Do(func() (err error) {
		p.send, err = net.DialUDP("udp4", nil, net.UDPAddrFromAddrPort(netip.AddrPortFrom(addrA, testPort)))
		return err
	})
	if err != nil {
		t.Fatalf("dial in %s: %v", p.b.Name, err)
	}
	t.Cleanup(func() { p.send.Close() })
	return p
}

// exchange sends n datagrams from b and returns how many a received,
// waiting up to wait for each after the first that is missing.
func (p *pair) exchange(t *testing.T, n int, wait time.Duration) int {
	t.Helper()
	for i := range n {
		if _, err := p.send.Write([]byte{byte(i)}); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	got := 0
	buf := make([]byte, 64)
	for got < n {
		p.recv.SetReadDeadline(time.Now().Add(wait))
		if _, err := p.recv.Read(buf); err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				break
			}
			t.Fatalf("receive: %v", err)
		}
		got++
	}
	return got
}

// mustDeliver checks that n datagrams get through.
func (p *pair) mustDeliver(t *testing.T, n int) {
	t.Helper()
	if got := p.exchange(t, n, 2*time.Second); got != n {
		t.Fatalf("received %d of %d datagrams", got, n)
	}
}

// mustDrop checks that none of a few datagrams gets through.
func (p *pair) mustDrop(t *testing.T) {
	t.Helper()
	if got := p.exchange(t, 5, 300*time.Millisecond); got != 0 {
		t.Fatalf("received %d of 5 datagrams through a dropping program", got)
	}
}

// tcJSON returns `tc -j filter show dev va DIR` in a.
func (p *pair) tcFilters(t *testing.T, dir string) string {
	t.Helper()
	return strings.TrimSpace(p.a.Exec(t, "tc", "-j", "filter", "show", "dev", "va", dir))
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// dialIn dials an IPRoute in ns, closed with t.
func dialIn(t *testing.T, ns *testutil.NetNS) *rtnl.IPRoute {
	t.Helper()
	r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name})
	if err != nil {
		t.Fatalf("dial in %s: %v", ns.Name, err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
