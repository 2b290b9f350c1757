package fib

import (
	"context"
	"errors"
	"net/netip"
	"syscall"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/rtnl"
)

// A batch is one run of writes (a Sync, an Update, a restore): requests
// go to a sink in order, and each one's outcome comes back in order as
// the sink learns it, through a ring of what was sent (bounded: the
// batch flushes when the ring is full, so its memory does not grow with
// the routes written).

const ringSize = 1 << 14

type pendKind uint8

const (
	pendRoute pendKind = iota
	pendGroup
	pendSingle
	pendNone // a write that failed before it was sent
)

type pending struct {
	prefix   netip.Prefix
	op       Op
	kind     pendKind
	restore  bool
	set, old uint32 // the route's new and former sets
	hop      hopKey // pendSingle
	err      error
}

type batch struct {
	f        *FIB
	ctx      context.Context
	s        sink
	ring     []pending // index i at i % len(ring); grows up to ringSize
	queued   int
	reported int
	diff     *Diff
	id       uint32
	gen      uint16 // the generation the batch writes (a Sync's)
	err      error
	rt       rtnl.Route
	hops     []rtnl.RouteHop
}

// newBatch starts a batch of about size requests (0: unknown, many),
// which sizes the writer's window and bookkeeping: a restore or a small
// Update does not pay for the megabyte a Sync's writer keeps.
func (f *FIB) newBatch(ctx context.Context, size int, d *Diff) (*batch, error) {
	b := &batch{f: f, ctx: ctx, diff: d, ring: make([]pending, 64)}
	f.batches++
	b.id = f.batches
	if f.sinkFor != nil {
		b.s = f.sinkFor(b.onError)
		return b, nil
	}
	s, err := newSink(ctx, f.r, size, b.onError)
	if err != nil {
		return nil, err
	}
	b.s = s
	return b, nil
}

// onError marks request i refused; drain handles it in order.
func (b *batch) onError(i int, err error) {
	if i >= b.reported && i < b.queued {
		b.ring[i%len(b.ring)].err = err
	}
}

// room makes sure the ring has a free slot: it grows, or once at its
// bound waits for outcomes.
func (b *batch) room() {
	n := len(b.ring)
	if b.queued-b.reported < n || b.err != nil {
		return
	}
	if n < ringSize {
		r := make([]pending, 2*n)
		for i := b.reported; i < b.queued; i++ {
			r[i%len(r)] = b.ring[i%n]
		}
		b.ring = r
		return
	}
	if err := b.s.flush(); err != nil && b.err == nil {
		b.err = err
	}
	b.drain()
}

// send queues one request described by p, written by write.
func (b *batch) send(p pending, write func() (int, error)) {
	if b.err != nil {
		p.err = b.err
		b.settle(&p)
		return
	}
	b.room()
	slot := &b.ring[b.queued%len(b.ring)]
	*slot = p
	b.queued++
	i, err := write()
	switch {
	case err != nil && i < 0 && b.f.sinkBroken(b, err):
		// The pipeline failed as a whole: the request's fate is unknown.
		b.queued--
		p.err = err
		b.settle(&p)
	case err != nil && i < 0:
		// Refused by the encoder: nothing was sent.
		b.queued--
		p.err = err
		b.settle(&p)
	case err != nil && b.err == nil:
		b.err = err // queued, but the pipeline failed: finish settles it
	}
	b.drain()
}

// sinkBroken records a pipeline-wide error (anything but a bad request).
func (f *FIB) sinkBroken(b *batch, err error) bool {
	if errors.Is(err, codec.ErrBadSpec) {
		return false
	}
	if b.err == nil {
		b.err = err
	}
	return true
}

// drain settles every request whose outcome is known.
func (b *batch) drain() {
	d := min(b.s.done(), b.queued)
	for b.reported < d {
		p := b.ring[b.reported%len(b.ring)]
		b.reported++
		b.settle(&p)
	}
}

// finish flushes, settles everything and closes the sink; requests of
// unknown outcome (after a pipeline error) count as failed with it.
func (b *batch) finish() error {
	if err := b.s.flush(); err != nil && b.err == nil {
		b.err = err
	}
	b.drain()
	for b.reported < b.queued {
		p := b.ring[b.reported%len(b.ring)]
		b.reported++
		if p.err == nil {
			p.err = b.err
		}
		b.settle(&p)
	}
	if err := b.s.close(); err != nil && b.err == nil {
		b.err = err
	}
	return b.err
}

// gone reports a delete's refusal that means the route was already gone.
func gone(err error) bool {
	return errors.Is(err, syscall.ESRCH) || errors.Is(err, syscall.ENOENT)
}

// settle accounts for the outcome of one request.
func (b *batch) settle(p *pending) {
	f := b.f
	switch p.kind {
	case pendGroup:
		b.diff.Ops++
		f.stats.NexthopWrites++
		if p.err != nil && p.op != OpDel {
			f.nh.sets[p.set].live, f.nh.sets[p.set].err = false, p.err
		}
		return
	case pendSingle:
		b.diff.Ops++
		f.stats.NexthopWrites++
		if sg := f.nh.singles[p.hop]; p.err != nil && p.op != OpDel && sg != nil {
			sg.live, sg.err = false, p.err
		}
		return
	case pendRoute:
		b.diff.Ops++
	}
	if p.op == OpDel && gone(p.err) {
		p.err = nil
	}
	if p.err != nil {
		b.failed(p)
		return
	}
	switch {
	case p.restore:
		f.stats.Restores++
	case p.op == OpAdd:
		f.stats.Adds++
		b.diff.Added++
	case p.op == OpReplace:
		f.stats.Replaces++
		b.diff.Replaced++
	case p.op == OpDel:
		f.stats.Deletes++
		b.diff.Deleted++
	}
	b.report(Result{Prefix: p.prefix, Op: p.op}, false)
}

// failed reverts the FIB's view of a refused route write.
func (b *batch) failed(p *pending) {
	f := b.f
	f.stats.Failures++
	b.diff.Failed++
	if p.op != OpDel && p.kind == pendRoute {
		p.err = f.nh.cause(p.set, p.err)
	}
	b.report(Result{Prefix: p.prefix, Op: p.op, Err: p.err}, true)
	e, had := f.tab.get(p.prefix)
	if p.restore && had && p.op != OpDel {
		e.flags &^= flagInstalled // the next resync or Sync tries again
		f.tab.put(p.prefix, e)
		return
	}
	switch p.op {
	case OpAdd:
		if had && e.set == p.set {
			e.flags &^= flagInstalled
			f.tab.put(p.prefix, e)
		}
	case OpReplace:
		if !had || e.set != p.set {
			return
		}
		if p.old != 0 && !f.nh.sets[p.old].free {
			f.nh.ref(p.old)
			f.nh.unref(e.set)
			e.set = p.old
		} else {
			e.flags |= flagMismatch
		}
		f.tab.put(p.prefix, e)
	case OpDel:
		if !had && p.old != 0 && !f.nh.sets[p.old].free {
			f.nh.ref(p.old)
			// Still in the kernel: kept for the next Sync to delete (with
			// this one's generation, so the Sync in progress does not
			// meet it again).
			f.tab.put(p.prefix, entry{set: p.old, gen: b.gen, flags: flagInstalled})
		}
	}
}

func (b *batch) report(r Result, failed bool) {
	if b.f.cfg.OnResult != nil {
		b.f.cfg.OnResult(r)
	}
	lim := b.f.cfg.DiffList
	if lim < 0 || len(b.diff.Changes) < lim {
		b.diff.Changes = append(b.diff.Changes, r)
	}
	if failed && (lim < 0 || len(b.diff.Failures) < lim) {
		b.diff.Failures = append(b.diff.Failures, r)
	}
}
