package main

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// writerRoutes installs n routes through c with one rtnl.Writer, as a
// program does: a typed rtnl.Route per route (the same route putRoute
// builds by hand), moving the progress bar. It returns the stats in the
// Pipeline's terms.
func (e *env) writerRoutes(ctx context.Context, c *ring.Conn, ack ring.AckMode, n int) (ring.PipelineStats, error) {
	cfg := rtnl.WriterConfig{Ack: ack, Window: e.o.window}
	if e.o.batch > 0 {
		cfg.SendSize = e.o.batch * routeLen(e.o.family)
	}
	w, err := rtnl.New(c).NewWriter(ctx, cfg)
	if err != nil {
		return ring.PipelineStats{}, err
	}
	rt := rtnl.Route{Proto: rtnl.ProtoStatic, OIF: int(e.oif)}
	if e.o.family != "inet6" {
		rt.Gateway = gateway
	}
	for i := range n {
		rt.Dst = hostPrefix(nthDst(e.o.family, i))
		if _, err := w.RouteAdd(rt); err != nil {
			w.Close()
			return writerStats(w), err
		}
		if i&4095 == 0 {
			e.bar.set(i, n)
		}
	}
	err = w.Close()
	st := writerStats(w)
	if err != nil && st.Failed > 0 {
		err = fmt.Errorf("%d of %d requests refused: %w", st.Failed, n, err)
	}
	return st, err
}

// writerStats are a Writer's counters as a Pipeline's.
func writerStats(w *rtnl.Writer) ring.PipelineStats {
	s := w.Stats()
	return ring.PipelineStats{Queued: s.Queued, Sent: s.Sent, Done: s.Acked + s.Failed, Failed: s.Failed,
		MaxInFlight: s.MaxInFlight, Window: s.Window}
}

// hostPrefix is a as a host route's destination (/32 or /128).
func hostPrefix(a netip.Addr) netip.Prefix { return netip.PrefixFrom(a, a.BitLen()) }
