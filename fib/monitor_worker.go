package fib

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/nlroute/nlroute/rtnl"
)

// maxQueued bounds the route events queued while the FIB is busy; past
// it they are dropped for a resync (a dump sees their changes).
const maxQueued = 4096

// worker applies, holding the FIB, what the monitor could not apply at
// once: route events queued while a Sync held the FIB, and resyncs.
type worker struct {
	f        *FIB
	ctx      context.Context
	wake     chan struct{}
	stopped  chan struct{}
	cancel   context.CancelFunc
	overruns atomic.Uint64

	mu     sync.Mutex
	queue  []rtnl.Event // copies, in the order received
	resync bool         // asked, and its dump not started
}

func newWorker(f *FIB, ctx context.Context) *worker {
	w := &worker{f: f, ctx: ctx, wake: make(chan struct{}, 1), stopped: make(chan struct{})}
	wctx, cancel := context.WithCancel(ctx)
	w.cancel = cancel
	go w.run(wctx)
	return w
}

// stop ends the worker (after the monitor ended) and waits for it.
func (w *worker) stop() {
	w.cancel()
	<-w.stopped
}

func (w *worker) signal() {
	select {
	case w.wake <- struct{}{}:
	default: // already signalled and not yet woken: it takes all
	}
}

// askResync asks for one resync; the queued events are dropped, as the
// dump comes after them.
func (w *worker) askResync() {
	w.mu.Lock()
	w.resync = true
	clear(w.queue)
	w.queue = w.queue[:0]
	w.mu.Unlock()
	w.signal()
}

// route applies route event ev at once when the FIB is free and nothing
// is queued before it, else queues a copy (or, past maxQueued or with a
// resync asked, leaves it to the resync).
func (w *worker) route(ev *rtnl.Event) {
	w.mu.Lock()
	backlog := w.resync || len(w.queue) > 0
	w.mu.Unlock()
	if !backlog && w.f.mu.TryLock() {
		v, _ := ev.Route()
		w.f.routeEvent(w.ctx, v, ev.IsDel())
		w.f.mu.Unlock()
		return
	}
	w.mu.Lock()
	switch {
	case w.resync:
	case len(w.queue) >= maxQueued:
		w.resync = true
		clear(w.queue)
		w.queue = w.queue[:0]
	default:
		w.queue = append(w.queue, ev.Clone())
	}
	w.mu.Unlock()
	w.signal()
}

func (w *worker) run(ctx context.Context) {
	defer close(w.stopped)
	var batch []rtnl.Event
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		}
		f := w.f
		f.mu.Lock()
		w.mu.Lock()
		resync := w.resync
		w.resync = false
		batch = append(batch[:0], w.queue...)
		clear(w.queue)
		w.queue = w.queue[:0]
		w.mu.Unlock()
		f.stats.Overruns += w.overruns.Swap(0)
		if resync {
			f.resync(w.ctx)
		}
		for i := range batch {
			if v, ok := batch[i].Route(); ok {
				f.routeEvent(w.ctx, v, batch[i].IsDel())
			}
		}
		f.mu.Unlock()
		clear(batch)
	}
}
