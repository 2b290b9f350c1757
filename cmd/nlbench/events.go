package main

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// Route notification groups (enum rtnetlink_groups).
const (
	rtnlgrpIPv4Route = 7  // RTNLGRP_IPV4_ROUTE
	rtnlgrpIPv6Route = 11 // RTNLGRP_IPV6_ROUTE
)

// eventsQuiet is how long the monitor waits for more notifications after
// the writer finished before it counts the rest as lost.
const eventsQuiet = 500 * time.Millisecond

// events times a monitor socket receiving the notifications of n route
// adds made by a writer at full speed (a Pipeline, errors-only acks). It
// reports events/s as the monitor received them, and how many were lost.
func (e *env) events(ctx context.Context, n int, emit func(Result)) error {
	group := uint32(rtnlgrpIPv4Route)
	if e.o.family == "inet6" {
		group = rtnlgrpIPv6Route
	}
	mon, err := e.dial(ring.Config{Groups: []uint32{group}, ReadBuffer: 32 << 20, ForceReadBuffer: true, Buffers: 256})
	if err != nil {
		return err
	}
	defer mon.Close()
	w, err := e.dial(ring.PipelineConfig(ring.Config{}))
	if err != nil {
		return err
	}
	defer w.Close()

	var got atomic.Int64
	mctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	s := mon.Events(mctx)
	e.bar.start("events")
	m := startMeter(mon, w)
	go func() {
		for s.Next() {
			if s.Message().Header.Type == uapi.RTM_NEWROUTE {
				got.Add(1)
			}
		}
		errc <- s.Err()
	}()
	_, werr := e.routes(ctx, w, ring.AckErrors, n, 0, wire.FlagCreate|wire.FlagExcl, false)
	last, lastAt := got.Load(), time.Now()
	for got.Load() < int64(n) && time.Since(lastAt) < eventsQuiet {
		time.Sleep(5 * time.Millisecond)
		if g := got.Load(); g != last {
			last, lastAt = g, time.Now()
		}
	}
	cancel()
	serr := <-errc
	r := m.stop("events", int(got.Load()))
	e.bar.done()
	if werr != nil {
		return fmt.Errorf("writer: %w", werr)
	}
	r.N, r.Family, r.Lost = n, e.o.family, n-int(got.Load())
	r.Drops, _ = e.drops(mon.PortID())
	if serr != nil && !errors.Is(serr, context.Canceled) {
		r.Note = serr.Error()
	}
	emit(r)
	_, err = e.routes(ctx, w, ring.AckErrors, n, 0, 0, true)
	return err
}
