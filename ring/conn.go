package ring

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Conn is a netlink connection: a Transport, a pool of receive buffers
// filled a ring at a time, sequence numbers, and the demultiplexing of
// replies to the requests waiting for them.
//
// A Conn is safe for concurrent use by many goroutines. Each request
// ([Conn.Query], [Conn.Exec], [Conn.Batch]) gets its own sequence numbers;
// at any moment one of the goroutines waiting for a reply is the reader:
// it receives a ring of datagrams with one recvmmsg and routes each to the
// request whose sequence number it carries, waking that request's
// goroutine, then hands the reader role on. Replies sent by another port,
// or carrying a sequence number no request is waiting for, are dropped;
// multicast notifications go to the open event stream ([Conn.Events]), if
// any, and are dropped otherwise.
//
// Every call takes a context. Its deadline becomes the socket's read
// deadline while its goroutine is the reader; its cancellation wakes a
// waiting goroutine at once (see [Conn.Query] for the cost). Close wakes
// every waiter.
type Conn struct {
	t      Transport
	port   uint32
	pool   *pool
	nbuf   int
	seq    atomic.Uint32
	sendMu sync.Mutex

	maxSend, recvQueue int

	rtok    chan struct{} // the reader role: whoever takes the token reads
	dumpTok chan struct{} // the kernel runs one dump per socket at a time

	// slots bounds the requests in flight so that their replies fit the
	// receive queue. The kernel drops a unicast reply that does not fit,
	// reports ENOBUFS once, and then drops silently until the queue has
	// drained completely, so a waiter registered in that window could wait
	// for a reply that will never come. One slot per slotCost bytes of
	// the queue keeps request traffic from ever getting there.
	slots     chan struct{}
	closed    chan struct{}
	closeOnce sync.Once

	// The cancellation watcher (watch.go); watching, readerDone and
	// watched are guarded by mu.
	watchWake  chan struct{} // capacity 1: "read watched again"
	watching   bool          // the watcher goroutine was started
	readerDone <-chan struct{}
	watched    <-chan struct{}
	closeErr   error

	mu      sync.Mutex
	active  []*waiter // requests waiting for replies
	events  *waiter   // the open event stream, or nil
	reader  *waiter   // the waiter inside Transport.Recv, or nil
	kicked  bool      // a cancellation moved the read deadline to the past
	dl      time.Time // the read deadline in effect
	free    []*waiter // released waiters, reused
	maxEvts int       // event datagrams queued at most before overrun

	// Reader scratch: only the holder of rtok touches these.
	rbufs   []*buffer
	rslices [][]byte
	rdgs    []Datagram

	stats struct{ sends, recvs, datagrams, truncated, spilled atomic.Uint64 }
}

// Dial opens a netlink socket as cfg describes (in cfg.NetNS, with its
// options) and returns a Conn over it. The Conn must be closed.
//
// Errors come from creating the socket, entering the namespace or setting
// an option; each names the step and unwraps to the errno.
func Dial(cfg Config) (*Conn, error) {
	t, err := openSocket(&cfg)
	if err != nil {
		return nil, fmt.Errorf("ring: dial: %w", err)
	}
	return NewConn(t, cfg), nil
}

// NewConn returns a Conn over t, which it owns from now on: closing the
// Conn closes t. Of cfg only Buffers and BufferSize are used: the socket
// options are the transport's business. nltest uses NewConn to put a
// scripted fake under a real Conn.
func NewConn(t Transport, cfg Config) *Conn {
	n, size := cfg.buffers()
	c := &Conn{
		t:       t,
		port:    t.PortID(),
		pool:    newPool(size, n),
		nbuf:    n,
		rtok:    make(chan struct{}, 1),
		dumpTok: make(chan struct{}, 1),
		closed:  make(chan struct{}),

		watchWake: make(chan struct{}, 1),
		rbufs:     make([]*buffer, n),
		rslices:   make([][]byte, n),
		rdgs:      make([]Datagram, n),
		maxEvts:   16 * n,
	}
	c.maxSend, c.recvQueue = t.Limits()
	c.slots = make(chan struct{}, max(c.recvQueue/slotCost, 2))
	for range cap(c.slots) {
		c.slots <- struct{}{}
	}
	c.rtok <- struct{}{}
	c.dumpTok <- struct{}{}
	return c
}

// slotCost is the share of the receive queue one request in flight may
// need: a reply of a few KiB (a link with all its attributes) plus its ack,
// each charged with its skb overhead.
const slotCost = 12 << 10

// PortID returns the connection's netlink port id.
func (c *Conn) PortID() uint32 { return c.port }

// BufferSize returns the current size of the receive buffers: the
// configured size, or more after a truncated datagram made them grow.
func (c *Conn) BufferSize() int { return c.pool.bufferSize() }

// Stats counts a Conn's work since it was opened.
type Stats struct {
	Sends     uint64 // datagrams sent (one sendmsg each)
	Recvs     uint64 // receive steps (one recvmmsg each)
	Datagrams uint64 // datagrams received
	Truncated uint64 // datagrams that were longer than their buffer, and lost their tail
	Spilled   uint64 // datagrams longer than their buffer that arrived whole through the spill region
}

// Stats returns the connection's counters. It is safe to call at any time.
func (c *Conn) Stats() Stats {
	return Stats{
		Sends:     c.stats.sends.Load(),
		Recvs:     c.stats.recvs.Load(),
		Datagrams: c.stats.datagrams.Load(),
		Truncated: c.stats.truncated.Load(),
		Spilled:   c.stats.spilled.Load(),
	}
}

// groupTransport is implemented by transports with multicast groups.
type groupTransport interface {
	JoinGroup(uint32) error
	LeaveGroup(uint32) error
}

// JoinGroup subscribes the connection to multicast group g (any number,
// above 32 too). Notifications are read through [Conn.Events]. A
// transport without groups returns an error matching errors.ErrUnsupported.
func (c *Conn) JoinGroup(g uint32) error {
	gt, ok := c.t.(groupTransport)
	if !ok {
		return fmt.Errorf("ring: join group %d: %w", g, errors.ErrUnsupported)
	}
	if err := gt.JoinGroup(g); err != nil {
		return fmt.Errorf("ring: join group %d: %w", g, err)
	}
	return nil
}

// LeaveGroup unsubscribes the connection from multicast group g.
func (c *Conn) LeaveGroup(g uint32) error {
	gt, ok := c.t.(groupTransport)
	if !ok {
		return fmt.Errorf("ring: leave group %d: %w", g, errors.ErrUnsupported)
	}
	if err := gt.LeaveGroup(g); err != nil {
		return fmt.Errorf("ring: leave group %d: %w", g, err)
	}
	return nil
}

// Close closes the transport and wakes every goroutine waiting on the
// Conn: their calls return [ErrClosed]. Later calls return ErrClosed too.
// Closing twice returns the first Close's result.
func (c *Conn) Close() error {
	c.closeOnce.Do(func() {
		close(c.closed)
		c.mu.Lock()
		c.failAll(ErrClosed)
		c.mu.Unlock()
		if err := c.t.Close(); err != nil {
			c.closeErr = fmt.Errorf("ring: close: %w", err)
		}
	})
	return c.closeErr
}

func (c *Conn) isClosed() bool {
	select {
	case <-c.closed:
		return true
	default:
		return false
	}
}

// allocSeq reserves n consecutive sequence numbers and returns the first.
// Zero is never handed out: kernel notifications carry it.
func (c *Conn) allocSeq(n uint32) uint32 {
	for {
		end := c.seq.Add(n)
		first := end - n + 1
		if first != 0 && first <= end {
			return first
		}
	}
}

// send sends one datagram; sends are serialised.
func (c *Conn) send(p []byte) error {
	c.sendMu.Lock()
	err := c.t.Send(p)
	c.sendMu.Unlock()
	c.stats.sends.Add(1)
	if err != nil {
		if isClosedErr(err) {
			return ErrClosed
		}
		return fmt.Errorf("ring: send: %w", err)
	}
	return nil
}

func isClosedErr(err error) bool {
	return errors.Is(err, os.ErrClosed) || errors.Is(err, net.ErrClosed)
}

func isOverrunErr(err error) bool { return errors.Is(err, syscall.ENOBUFS) }
