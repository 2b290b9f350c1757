package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	nlnetns "github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
	vnl "github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// Kernel dump benchmarks: the same namespace with n routes in table main,
// dumped by each peer. Each reports routes/s; run with -benchmem for
// allocations. The 100,000 case is skipped under -short.

var dumpSizes = []int{1000, 100000}

// vethNS makes a namespace with an up veth v0 and returns v0's index.
func vethNS(b *testing.B) (*testutil.NetNS, uint32) {
	ns := testutil.NewNetNS(b)
	ns.Batch(b, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up")
	return ns, uint32(ns.IfIndex(b, "v0"))
}

func bigConn(b *testing.B, ns *testutil.NetNS) *ring.Conn {
	c, err := ring.Dial(ring.Config{NetNS: nlnetns.Path(ns.Path), ReadBuffer: 8 << 20, ForceReadBuffer: true, WriteBuffer: 4 << 20})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return c
}

// routeAdds builds n route adds (10.x.y.z/32 through oif) for one batch.
func routeAdds(n int, oif uint32) []byte {
	var bl wire.Builder
	bl.Reset(make([]byte, 0, n*44))
	for i := range n {
		bl.Begin(unix.RTM_NEWROUTE, wire.FlagRequest|wire.FlagAck|wire.FlagCreate|wire.FlagExcl, 0)
		// struct rtmsg: AF_INET, /32, main table, boot proto, link scope, unicast
		bl.PutFixed([]byte{unix.AF_INET, 32, 0, 0, unix.RT_TABLE_MAIN, unix.RTPROT_BOOT, unix.RT_SCOPE_LINK, unix.RTN_UNICAST, 0, 0, 0, 0})
		bl.PutBytes(unix.RTA_DST, []byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		bl.PutUint32(unix.RTA_OIF, oif)
		bl.End()
	}
	return bl.Bytes()
}

// routeNS makes a namespace with n routes through a veth, installed with
// one ring batch.
func routeNS(b *testing.B, n int) *testutil.NetNS {
	ns, oif := vethNS(b)
	if failed, err := bigConn(b, ns).Batch(context.Background(), "route add", routeAdds(n, oif), nil); err != nil || failed != 0 {
		b.Fatalf("route add: %d failed, %v", failed, err)
	}
	return ns
}

func BenchmarkKernelRouteDump(b *testing.B) {
	for _, n := range dumpSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if n > 1000 && testing.Short() {
				b.Skip("large size skipped under -short")
			}
			ns := routeNS(b, n)
			for _, p := range dumpPeers {
				b.Run(p.name, func(b *testing.B) {
					run := p.open(b, ns)
					got := run()
					if got < n {
						b.Fatalf("%s saw %d routes, want at least %d", p.name, got, n)
					}
					b.ReportAllocs()
					b.ResetTimer()
					routes := 0
					for b.Loop() {
						routes += run()
					}
					b.ReportMetric(float64(routes)/b.Elapsed().Seconds(), "routes/s")
				})
			}
		})
	}
}

type dumpPeer struct {
	name string
	// open prepares a dumper in ns and returns a function that dumps the
	// IPv4 main table once, extracting dst, oif and table of each route,
	// and returns how many routes it saw.
	open func(b *testing.B, ns *testutil.NetNS) func() int
}

var dumpPeers = []dumpPeer{
	{"nlroute", openNlroute},
	{"vishvananda-netlink", openVishvananda},
	{"mdlayher-netlink", openMdlayher},
	{"iproute2-ip-json", openIP},
}

func routeDumpReq() []byte {
	var bl wire.Builder
	bl.Reset(nil)
	bl.Begin(unix.RTM_GETROUTE, wire.FlagRequest|wire.FlagDump, 0)
	bl.PutFixed([]byte{unix.AF_INET, 0, 0, 0, unix.RT_TABLE_MAIN, 0, 0, 0, 0, 0, 0, 0})
	bl.PutUint32(unix.RTA_TABLE, unix.RT_TABLE_MAIN)
	return bl.End()
}

func openNlroute(b *testing.B, ns *testutil.NetNS) func() int {
	c, err := ring.Dial(ring.Config{NetNS: nlnetns.Path(ns.Path)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	req := routeDumpReq()
	var m codec.Msg
	var sink uint64
	return func() int {
		n := 0
		s := c.Dump(context.Background(), "route dump", req)
		for s.Next() {
			if m.Reset(codec.Route, s.Message()) != nil {
				continue
			}
			if a, ok := m.RawAttr(unix.RTA_DST); ok && len(a.Value) > 0 {
				sink += uint64(a.Value[0])
			}
			if a, ok := m.RawAttr(unix.RTA_OIF); ok {
				v, _ := a.Uint32()
				sink += uint64(v)
			}
			n++
		}
		if err := s.Err(); err != nil {
			b.Fatal(err)
		}
		return n
	}
}

// vishHandle opens a vishvananda/netlink Handle inside ns, closed when
// the benchmark ends.
func vishHandle(b *testing.B, ns *testutil.NetNS) *vnl.Handle {
	h, err := netns.GetFromPath(ns.Path)
	if err != nil {
		b.Fatal(err)
	}
	hd, err := vnl.NewHandleAt(h)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { hd.Close(); h.Close() })
	return hd
}

func openVishvananda(b *testing.B, ns *testutil.NetNS) func() int {
	hd := vishHandle(b, ns)
	return func() int {
		rs, err := hd.RouteListFiltered(vnl.FAMILY_V4, &vnl.Route{Table: unix.RT_TABLE_MAIN}, vnl.RT_FILTER_TABLE)
		if err != nil {
			b.Fatal(err)
		}
		return len(rs)
	}
}

func openMdlayher(b *testing.B, ns *testutil.NetNS) func() int {
	h, err := netns.GetFromPath(ns.Path)
	if err != nil {
		b.Fatal(err)
	}
	c, err := netlink.Dial(unix.NETLINK_ROUTE, &netlink.Config{NetNS: int(h)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close(); h.Close() })
	req := routeDumpReq()
	return func() int {
		msgs, err := c.Execute(netlink.Message{
			Header: netlink.Header{Type: unix.RTM_GETROUTE, Flags: netlink.Request | netlink.Dump},
			Data:   req[wire.HeaderLen:],
		})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, m := range msgs {
			ad, err := netlink.NewAttributeDecoder(m.Data[rtmsgLen:])
			if err != nil {
				b.Fatal(err)
			}
			for ad.Next() {
			}
			n++
		}
		return n
	}
}

func openIP(b *testing.B, ns *testutil.NetNS) func() int {
	return func() int {
		out, err := exec.Command("ip", "-n", ns.Name, "-j", "-4", "route", "show", "table", "main").Output()
		if err != nil {
			b.Fatal(err)
		}
		var rs []struct {
			Dst string `json:"dst"`
			Dev string `json:"dev"`
		}
		if err := json.Unmarshal(out, &rs); err != nil {
			b.Fatal(err)
		}
		return len(rs)
	}
}
