package ring

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/nlroute/nlroute/wire"
)

// waiter is one request (or the event stream) waiting for datagrams: the
// sequence numbers it owns, the datagrams routed to it and not yet
// consumed, and a sticky failure. Waiters are pooled by their Conn; the
// fields below first are guarded by Conn.mu.
type waiter struct {
	c        *Conn
	first, n uint32 // sequence numbers [first, first+n)
	events   bool   // the event stream: takes multicast datagrams
	orphan   bool   // abandoned mid-dump: discard until DONE or ERROR
	dump     bool   // holds Conn.dumpTok until recycled
	slot     bool   // holds a Conn.slots token until recycled

	q    []*buffer // routed, not consumed; q[head:] are pending
	head int
	err  error // set by the reader: overrun, close

	wake chan struct{} // capacity 1: "look at q again"
}

// register returns a waiter owning [first, first+n), listed as active.
// The caller holds a slot (acquire) unless events is set.
func (c *Conn) register(first, n uint32, events, dump bool) *waiter {
	c.mu.Lock()
	defer c.mu.Unlock()
	var w *waiter
	if k := len(c.free); k > 0 {
		w = c.free[k-1]
		c.free = c.free[:k-1]
	} else {
		w = &waiter{c: c, wake: make(chan struct{}, 1), q: make([]*buffer, 0, 4)}
	}
	w.first, w.n, w.events, w.orphan, w.dump, w.slot = first, n, events, false, dump, !events
	if events {
		c.events = w
	} else {
		c.active = append(c.active, w)
	}
	if c.isClosed() {
		w.err = ErrClosed
	}
	return w
}

// unregister stops routing to w, returns its pending buffers to the pool
// and w to the free list.
func (c *Conn) unregister(w *waiter) {
	c.mu.Lock()
	c.unlist(w)
	c.recycle(w)
	c.mu.Unlock()
}

// unlist removes w from the routing tables; c.mu is held.
func (c *Conn) unlist(w *waiter) {
	if c.events == w {
		c.events = nil
		return
	}
	for i, a := range c.active {
		if a == w {
			last := len(c.active) - 1
			c.active[i] = c.active[last]
			c.active[last] = nil
			c.active = c.active[:last]
			return
		}
	}
}

// recycle empties w and puts it on the free list; c.mu is held.
func (c *Conn) recycle(w *waiter) {
	for i := w.head; i < len(w.q); i++ {
		c.pool.put(w.q[i])
	}
	clear(w.q)
	w.q, w.head, w.err = w.q[:0], 0, nil
	if w.dump {
		w.dump = false
		c.dumpTok <- struct{}{}
	}
	if w.slot {
		w.slot = false
		c.slots <- struct{}{}
	}
	select {
	case <-w.wake:
	default:
	}
	c.free = append(c.free, w)
}

// orphan keeps a dump that its consumer abandoned registered, so the
// rest of it is read and dropped and the socket can start another dump
// (the kernel refuses a second dump with EBUSY while one is running).
// route unregisters it when its DONE or ERROR arrives.
func (c *Conn) orphan(w *waiter) {
	c.mu.Lock()
	defer c.mu.Unlock()
	end := w.err != nil
	for _, b := range w.q[w.head:] {
		end = end || endsDump(b)
		c.pool.put(b)
	}
	clear(w.q)
	w.q, w.head = w.q[:0], 0
	if end {
		c.unlist(w)
		c.recycle(w)
		return
	}
	w.orphan = true
}

// endsDump reports whether b holds an NLMSG_DONE or NLMSG_ERROR.
func endsDump(b *buffer) bool {
	it := wire.NewMessages(b.data())
	for it.Next() {
		if t := it.Message().Header.Type; t == wire.TypeDone || t == wire.TypeError {
			return true
		}
	}
	return false
}

// pop returns w's next pending datagram, or its failure; c.mu is held.
func (w *waiter) pop() (*buffer, error) {
	if w.head < len(w.q) {
		b := w.q[w.head]
		w.q[w.head] = nil
		w.head++
		if w.head == len(w.q) {
			w.q, w.head = w.q[:0], 0
		}
		return b, nil
	}
	return nil, w.err
}

// push queues b for w and wakes its goroutine; c.mu is held.
func (w *waiter) push(b *buffer) {
	w.q = append(w.q, b)
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// fail records err for w, unless it has failed already, and wakes it.
func (w *waiter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// failAll fails every waiter; c.mu is held.
func (c *Conn) failAll(err error) {
	for _, w := range c.active {
		w.fail(err)
	}
	if c.events != nil {
		c.events.fail(err)
	}
}

// acquire takes one of the Conn's in-flight slots, waiting while ctx
// allows. See Conn.slots.
func (c *Conn) acquire(ctx context.Context) error {
	select {
	case <-c.slots:
		return nil
	default:
	}
	select {
	case <-c.slots:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-c.closed:
		return ErrClosed
	}
}

// next returns w's next datagram, becoming the reader when no other
// goroutine is, and waiting otherwise. The buffer is w's until it is put
// back into the pool.
func (c *Conn) next(ctx context.Context, w *waiter) (*buffer, error) {
	for {
		c.mu.Lock()
		b, err := w.pop()
		c.mu.Unlock()
		if b != nil || err != nil {
			return b, err
		}
		select {
		case <-c.rtok:
			err = c.readAs(ctx, w)
			c.rtok <- struct{}{}
			if err != nil {
				return nil, err
			}
		case <-w.wake:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-c.closed:
			return nil, ErrClosed
		}
	}
}

// readAs performs one receive step as the reader on w's behalf, unless a
// datagram for w arrived meanwhile. The caller holds the reader token.
//
// Cancellation: a reader whose context has a Done channel has it watched
// by the Conn's watcher goroutine for the time of its receive (see
// watch.go), with no allocation; context.Background and TODO skip it.
// When the channel closes the watcher moves the read deadline to the past
// under c.mu, so the blocked receive returns, and only if that reader is
// still receiving for that context. The deadline itself lives in the
// runtime poller.
func (c *Conn) readAs(ctx context.Context, w *waiter) error {
	dl, _ := ctx.Deadline()
	c.mu.Lock()
	if w.head < len(w.q) || w.err != nil {
		c.mu.Unlock()
		return nil
	}
	if err := ctx.Err(); err != nil {
		c.mu.Unlock()
		return err
	}
	c.reader = w
	c.watchLocked(ctx.Done())
	if c.kicked || !dl.Equal(c.dl) {
		c.t.SetReadDeadline(dl)
		c.dl, c.kicked = dl, false
	}
	c.mu.Unlock()

	for i := range c.nbuf {
		b := c.pool.get()
		c.rbufs[i], c.rslices[i] = b, b.b
	}
	n, err := c.t.Recv(c.rslices, c.rdgs)
	c.stats.recvs.Add(1)
	c.stats.datagrams.Add(uint64(n))

	c.mu.Lock()
	c.reader, c.readerDone = nil, nil
	for i := range n {
		// A transport may hand back a larger buffer holding a datagram
		// that outgrew its own (the spill path): keep it.
		if b := c.rbufs[i]; len(c.rslices[i]) > len(b.b) {
			b.b = c.rslices[i]
			c.stats.spilled.Add(1)
		}
		c.route(c.rbufs[i], c.rdgs[i])
	}
	switch {
	case err == nil:
	case isOverrunErr(err):
		c.failAll(ErrOverrun)
	case !errors.Is(err, os.ErrDeadlineExceeded) && !isClosedErr(err):
		// The transport failed (a remote agent gone, a socket error):
		// replies owed to every request in flight may be lost with it,
		// so fail them all, as an overrun does, rather than leave them
		// (and a dump holding the connection's dump slot) waiting for
		// data that will not come.
		c.failAll(fmt.Errorf("ring: receive: %w", err))
	}
	c.mu.Unlock()
	for i := range c.nbuf {
		if i >= n {
			c.pool.putUnused(c.rbufs[i])
		}
		c.rbufs[i], c.rslices[i] = nil, nil
	}
	if err == nil || isOverrunErr(err) {
		return nil
	}
	return c.recvErr(ctx, dl, err)
}

// recvErr classifies a receive error: nil for a deadline moved by another
// request's cancellation (read again), the context's error for its own.
func (c *Conn) recvErr(ctx context.Context, dl time.Time, err error) error {
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if !dl.IsZero() && !time.Now().Before(dl) {
			return context.DeadlineExceeded
		}
		return nil
	case isClosedErr(err):
		return ErrClosed
	}
	return fmt.Errorf("ring: receive: %w", err)
}

// route hands a received datagram to the waiter it belongs to, or drops
// it; c.mu is held. See Conn for the rules.
func (c *Conn) route(b *buffer, dg Datagram) {
	b.dg, b.n = dg, min(dg.N, len(b.b))
	if dg.N > len(b.b) {
		c.stats.truncated.Add(1)
		c.pool.grow(dg.N)
	}
	if dg.PortID != 0 || b.n < wire.HeaderLen {
		c.pool.put(b) // not from the kernel, or no header to route by
		return
	}
	pid := binary.NativeEndian.Uint32(b.b[12:16])
	seq := binary.NativeEndian.Uint32(b.b[8:12])
	var w *waiter
	if dg.Groups == 0 && pid == c.port {
		w = c.lookup(seq)
		if w == nil {
			c.pool.put(b) // a late reply to a request that gave up
			return
		}
	} else {
		w = c.events
	}
	switch {
	case w == nil:
		c.pool.put(b)
	case w.orphan:
		if endsDump(b) {
			c.unlist(w)
			c.recycle(w)
		}
		c.pool.put(b)
	case w.events && len(w.q)-w.head >= c.maxEvts:
		c.pool.put(b)
		w.fail(ErrOverrun)
	default:
		w.push(b)
	}
}

// lookup finds the waiter owning seq; c.mu is held.
func (c *Conn) lookup(seq uint32) *waiter {
	for _, w := range c.active {
		if seq-w.first < w.n {
			return w
		}
	}
	return nil
}
