package fib

import (
	"context"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// sink is how the FIB writes: requests queued in order, each with an
// index; refusals reported to the onError given when it was made, and
// done() the count of requests whose outcome is known. It is the one
// seam to change to write through another writer.
type sink interface {
	route(command string, rt *rtnl.Route) (int, error)
	nexthop(command string, nh *rtnl.Nexthop) (int, error)
	done() int
	flush() error
	close() error
}

// writerSink writes through an rtnl.Writer, acking errors only (a
// barrier per send). Its refusals are *rtnl.RequestError, which name
// the route ("rtnl: route add 10.1.0.0/24 via 192.0.2.9: …").
type writerSink struct {
	ctx context.Context
	w   *rtnl.Writer
}

func newSink(ctx context.Context, r *rtnl.IPRoute, size int, onError func(int, error)) (sink, error) {
	window := 0
	if size > 0 && size < 4096 {
		window = size
	}
	w, err := r.NewWriter(ctx, rtnl.WriterConfig{Ack: ring.AckErrors, Window: window,
		OnResult: func(res rtnl.Result) {
			if res.Err != nil {
				onError(res.Index, res.Err)
			}
		}})
	if err != nil {
		return nil, err
	}
	return &writerSink{ctx: ctx, w: w}, nil
}

func (s *writerSink) route(command string, rt *rtnl.Route) (int, error) {
	switch command {
	case "add":
		return s.w.RouteAdd(*rt)
	case "replace":
		return s.w.RouteReplace(*rt)
	}
	return s.w.RouteDel(*rt)
}

func (s *writerSink) nexthop(command string, nh *rtnl.Nexthop) (int, error) {
	switch command {
	case "add":
		return s.w.NexthopAdd(*nh)
	case "replace":
		return s.w.NexthopReplace(*nh)
	}
	return s.w.NexthopDel(nh.ID)
}

func (s *writerSink) done() int {
	st := s.w.Stats()
	return st.Acked + st.Failed
}

func (s *writerSink) flush() error { return s.w.Flush(s.ctx) }
func (s *writerSink) close() error { return s.w.Close() }
