package fib

import (
	"context"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
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

// pipeSink writes through a ring.Pipeline of r's connection, acking
// errors only (a barrier per send).
type pipeSink struct {
	p *ring.Pipeline
	b wire.Builder
}

func newPipeSink(ctx context.Context, r *rtnl.IPRoute, op string, onError func(int, error)) (sink, error) {
	p, err := r.Conn().Pipeline(ctx, ring.PipelineOptions{Op: op, Ack: ring.AckErrors, OnError: onError})
	if err != nil {
		return nil, err
	}
	s := &pipeSink{p: p}
	s.b.Reset(make([]byte, 0, 512))
	return s, nil
}

func (s *pipeSink) append(enc func(*wire.Builder) error) (int, error) {
	s.b.Reset(s.b.Bytes()[:0])
	if err := enc(&s.b); err != nil {
		return -1, err
	}
	return s.p.Append(s.b.Bytes())
}

func (s *pipeSink) route(command string, rt *rtnl.Route) (int, error) {
	return s.append(func(b *wire.Builder) error { return rt.Encode(b, command, 0) })
}

func (s *pipeSink) nexthop(command string, nh *rtnl.Nexthop) (int, error) {
	return s.append(func(b *wire.Builder) error { return nh.Encode(b, command, 0) })
}

func (s *pipeSink) done() int    { return s.p.Stats().Done }
func (s *pipeSink) flush() error { return s.p.Flush() }
func (s *pipeSink) close() error { return s.p.Close() }
