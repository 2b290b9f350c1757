package bench

import (
	"context"
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// The typed peers of BenchmarkVsCInstall (issue 20): what a daemon
// written from the README calls. Both install the same routes as the C
// program and the raw pipeline (routes 0..n-1, /32, via the gateway,
// dev v0, proto static, main table) through an rtnl.IPRoute dialled with
// ring.PipelineConfig.

// gwIPRoute dials an IPRoute for the pipelining peers in ns, closed with b.
func gwIPRoute(b *testing.B, ns *testutil.NetNS) *rtnl.IPRoute {
	r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path, Ring: ring.PipelineConfig(ring.Config{})})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	return r
}

// gwRoute is route i as the typed peers give it.
func gwRoute(i int, oif uint32) rtnl.Route {
	return rtnl.Route{Dst: netip.PrefixFrom(netip.AddrFrom4(dst(i)), 32), Gateway: netip.AddrFrom4(gateway),
		OIF: int(oif), Proto: rtnl.ProtoStatic}
}

// gwWriterInstall returns a function installing routes 0..n-1 through
// one rtnl.Writer (RouteAdd per route, then Close).
func gwWriterInstall(b *testing.B, ns *testutil.NetNS, oif uint32, n int, ack ring.AckMode) func() (int, error) {
	r := gwIPRoute(b, ns)
	return func() (int, error) {
		w, err := r.NewWriter(context.Background(), rtnl.WriterConfig{Ack: ack})
		if err != nil {
			return 0, err
		}
		for i := range n {
			if _, err := w.RouteAdd(gwRoute(i, oif)); err != nil {
				w.Close()
				return i, err
			}
		}
		return n, w.Close()
	}
}

// gwTypedLoop returns a function installing routes 0..n-1 with one
// synchronous RouteAdd each: the obvious loop.
func gwTypedLoop(b *testing.B, ns *testutil.NetNS, oif uint32, n int) func() (int, error) {
	r := gwIPRoute(b, ns)
	ctx := context.Background()
	return func() (int, error) {
		for i := range n {
			if err := r.RouteAdd(ctx, gwRoute(i, oif)); err != nil {
				return i, err
			}
		}
		return n, nil
	}
}

// measureGoPeer is measureVsC for a peer running in this process, with
// the growth of the process's peak RSS over the peer's runs reported as
// RSS-growth-MiB (flat in N is the goal).
func measureGoPeer(b *testing.B, key string, install func() (int, error), flush func()) {
	base := resetPeakRSS(b)
	measureVsC(b, key, "route", false, func() (sample, error) { return timed(install) }, flush)
	b.ReportMetric(float64(max(peakRSS(b)-base, 0))/(1<<20), "RSS-growth-MiB")
}
