package ring

import (
	"context"
	"encoding/binary"
	"errors"

	"github.com/nlroute/nlroute/wire"
)

// errShortRequest is returned for a request shorter than a header.
var errShortRequest = errors.New("ring: request shorter than a netlink header")

// Stream iterates over the replies to one request, or over multicast
// notifications ([Conn.Events]):
//
//	s := c.Query(ctx, "link dump", req)
//	defer s.Close()
//	for s.Next() {
//		m := s.Message() // borrowed: valid until the next call to Next
//	}
//	if err := s.Err(); err != nil { ... }
//
// A Message, and every slice reached through it, borrows a pooled receive
// buffer: it is valid until the next call to Next or Close, after which
// the buffer may be refilled (and, in debug and race builds, is poisoned
// with 0xDB bytes at once). Copy what must be kept.
//
// The acks and errors that end a request are consumed by the Stream, not
// yielded: Next returns false after the NLMSG_DONE of a dump or the
// NLMSG_ERROR of any request, and Err reports the outcome: nil, a
// *wire.OpError carrying the kernel's errno and extended-ack text,
// [ErrDumpInterrupted] (after every message was delivered),
// a [*TruncatedError], [ErrOverrun], [ErrClosed], or the context's error.
//
// A Stream is used by one goroutine. Iterating allocates nothing once the
// Conn's buffers are warm.
type Stream struct {
	c     *Conn
	ctx   context.Context
	op    string
	w     *waiter
	buf   *buffer
	msgs  wire.Messages
	cur   wire.Message
	err   error
	trunc error
	intr  bool
	done  bool
}

// Query sends req, one netlink message, and returns a Stream of its
// replies: the messages of a dump until its NLMSG_DONE, or the reply and
// the ack of any other request. Query stamps req in place with a fresh
// sequence number and NLM_F_REQUEST|NLM_F_ACK (a dump is never acked by
// the kernel, so the flag is harmless there). op names the operation in
// errors ("link dump").
//
// A failure to send is reported by the Stream's Err; Next then returns
// false. The Stream must be run to its end or closed: until then it holds
// one of the Conn's in-flight slots (one per 12 KiB of receive queue, at
// least two), which keep concurrent replies from overflowing the queue;
// Query waits for a free slot as long as ctx allows.
//
// Cost: no allocation with warm buffers, with context.Background and with
// a cancellable context alike. A cancellable context is watched, while
// its request is the one receiving, by one goroutine per Conn (started
// the first time, ended by Close) that wakes the blocked receive when the
// context is done: two channel operations per receive step, no timer.
func (c *Conn) Query(ctx context.Context, op string, req []byte) Stream {
	return c.query(ctx, op, req, 0)
}

// Dump is Query for a dump request: it adds NLM_F_DUMP to req's flags,
// and waits (as long as ctx allows) while another dump of this Conn is
// running, since the kernel runs one dump per socket at a time and
// refuses a second with EBUSY. Concurrent Query and Exec calls proceed
// meanwhile. A dump ends, and lets the next one start, when its Stream
// reaches its end, or — when it is closed early or fails — once the rest
// of it has been read and dropped.
func (c *Conn) Dump(ctx context.Context, op string, req []byte) Stream {
	select {
	case <-c.dumpTok:
	case <-ctx.Done():
		return Stream{err: ctx.Err(), done: true}
	case <-c.closed:
		return Stream{err: ErrClosed, done: true}
	}
	return c.query(ctx, op, req, wire.FlagDump)
}

func (c *Conn) query(ctx context.Context, op string, req []byte, extra wire.HeaderFlags) Stream {
	s := Stream{c: c, ctx: ctx, op: op}
	if len(req) < wire.HeaderLen {
		if extra != 0 {
			c.dumpTok <- struct{}{}
		}
		s.err, s.done = errShortRequest, true
		return s
	}
	if err := c.acquire(ctx); err != nil {
		if extra != 0 {
			c.dumpTok <- struct{}{}
		}
		s.err, s.done = err, true
		return s
	}
	seq := c.allocSeq(1)
	flags := binary.NativeEndian.Uint16(req[6:8]) | uint16(wire.FlagRequest|wire.FlagAck|extra)
	binary.NativeEndian.PutUint16(req[6:8], flags)
	binary.NativeEndian.PutUint32(req[8:12], seq)
	s.w = c.register(seq, 1, false, extra != 0)
	if c.isClosed() {
		s.finish(ErrClosed, true)
		return s
	}
	if err := c.send(req); err != nil {
		s.finish(err, true) // nothing was sent: nothing will answer
	}
	return s
}

// Exec sends req and waits for its ack, discarding any reply message: the
// way to run a request that changes state. It returns nil for an ack, a
// *wire.OpError for a refusal (errors.Is(err, syscall.EEXIST) …), or the
// errors of Query. req is stamped as by Query.
func (c *Conn) Exec(ctx context.Context, op string, req []byte) error {
	s := c.Query(ctx, op, req)
	for s.Next() {
	}
	return s.Err()
}

// Events returns a Stream of the multicast notifications of the groups
// the Conn joined (Config.Groups, [Conn.JoinGroup]): every datagram that
// is not a reply to a request of this Conn. It never ends by itself: Next
// returns false when ctx is done, the Conn is closed, or the receive
// queue overflowed ([ErrOverrun]: notifications were lost, resynchronise
// with a dump and open a new stream). At most one event stream is open
// per Conn; another call returns a Stream whose Err is [ErrBusy].
//
// Notifications that arrive while no event stream is open are dropped;
// the Conn queues up to 16×Config.Buffers datagrams for a slow consumer
// before it reports ErrOverrun. Close the Stream when done.
func (c *Conn) Events(ctx context.Context) Stream {
	s := Stream{c: c, ctx: ctx, op: "events"}
	c.mu.Lock()
	busy := c.events != nil
	c.mu.Unlock()
	if busy {
		s.err, s.done = ErrBusy, true
		return s
	}
	s.w = c.register(0, 0, true, false)
	return s
}

// Next advances to the next message and reports whether there is one. It
// blocks until a datagram for this Stream arrives (possibly receiving on
// behalf of other requests meanwhile), the context is done, or the Conn is
// closed. The previous Message becomes invalid.
func (s *Stream) Next() bool {
	for !s.done {
		if s.msgs.Next() {
			m := s.msgs.Message()
			if s.accept(m) {
				s.cur = m
				return true
			}
			continue
		}
		if err := s.msgs.Err(); err != nil {
			s.finish(err, false)
			break
		}
		s.step()
	}
	return false
}

// step releases the current datagram and waits for the next one.
func (s *Stream) step() {
	s.release()
	b, err := s.c.next(s.ctx, s.w)
	if err != nil {
		s.finish(err, false)
		return
	}
	s.buf = b
	if b.dg.N > len(b.b) {
		// The tail is lost: skip the datagram, finish the request, and
		// report the truncation at its end.
		s.c.pool.put(b)
		s.buf = nil
		if s.trunc == nil {
			s.trunc = &TruncatedError{Size: b.dg.N, Seq: s.w.first}
		}
		if s.w.events {
			s.finish(s.trunc, false)
		}
		return
	}
	s.msgs.Reset(b.data())
}

// accept handles one message: it reports whether to yield it, and
// finishes the Stream on an ack, an error or the end of a dump.
func (s *Stream) accept(m wire.Message) bool {
	if s.w.events {
		return m.Header.Type != wire.TypeNoop
	}
	if m.Header.Seq != s.w.first {
		return false
	}
	switch m.Header.Type {
	case wire.TypeError:
		e, err := wire.ParseError(m.Header.Flags, m.Data)
		if err == nil {
			err = e.Err(s.op)
		}
		s.finish(err, true)
		return false
	case wire.TypeDone:
		errno, ack, err := wire.ParseDone(m.Header.Flags, m.Data)
		if err == nil && errno != 0 {
			err = wire.NewOpError(s.op, errno, m.Header.Seq, ack)
		}
		s.finish(err, true)
		return false
	case wire.TypeNoop, wire.TypeOverrun:
		return false
	}
	if m.Header.Flags&wire.FlagDumpIntr != 0 {
		s.intr = true
	}
	return true
}

// finish ends the Stream with err, or with what the stream met on the way
// when err is nil, and releases its buffer and waiter. Unless the request
// has seen its last message (terminal), the waiter is orphaned, so the
// rest of the replies is read and dropped.
func (s *Stream) finish(err error, terminal bool) {
	if err == nil {
		if s.trunc != nil {
			err = s.trunc
		} else if s.intr {
			err = ErrDumpInterrupted
		}
	}
	s.err, s.done = err, true
	s.release()
	s.msgs.Reset(nil)
	if s.w != nil {
		if terminal || s.w.events {
			s.c.unregister(s.w)
		} else {
			s.c.orphan(s.w)
		}
		s.w = nil
	}
}

func (s *Stream) release() {
	if s.buf != nil {
		s.c.pool.put(s.buf)
		s.buf = nil
	}
}

// Message returns the current message. It borrows a receive buffer and is
// valid until the next call to Next or Close.
func (s *Stream) Message() wire.Message { return s.cur }

// Datagram describes the datagram the current message came in: for a
// notification, its multicast groups and source namespace id.
func (s *Stream) Datagram() Datagram {
	if s.buf == nil {
		return Datagram{}
	}
	return s.buf.dg
}

// Err returns the outcome once Next has returned false; nil before.
func (s *Stream) Err() error {
	if !s.done {
		return nil
	}
	return s.err
}

// Close ends the Stream early and releases its buffer. A dump that has not
// reached its end is abandoned: the Conn reads and drops the rest of it in
// the background of other receives (the kernel runs one dump per socket at
// a time). Close after the end does nothing. It returns Err.
func (s *Stream) Close() error {
	if !s.done {
		s.release()
		s.msgs.Reset(nil)
		if s.w != nil {
			if s.w.events {
				s.c.unregister(s.w)
			} else {
				s.c.orphan(s.w)
			}
			s.w = nil
		}
		s.done = true
	}
	return s.err
}
