package ring

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/nlroute/nlroute/wire"
)

// ackCost is what one request of a batch may take of the receive queue
// when its ack arrives: the kernel charges an skb's truesize (about 768
// bytes for an ack: sk_buff, shared info and a 512-byte slab head), and a
// refusal echoes the request and the extended-ack text on top. Batch
// counts this plus the request's own length, so the acks of one send
// never overflow the queue (which would drop them with ENOBUFS).
const ackCost = 1024

// Batch sends the requests in msgs, netlink messages back to back (as a
// wire.Builder builds them), and collects one result per request: nil
// for an ack, a *wire.OpError (with the kernel's extended-ack text) for a
// refusal, matched by sequence number and stored at the request's index
// in results when results is not nil (it must then have room for every
// request). It returns how many requests were refused.
//
// Batch stamps every message in place with its own sequence number and
// NLM_F_REQUEST|NLM_F_ACK. It sends as many messages per sendmsg as the
// socket's send buffer takes and their acks fit the receive queue
// (Config.WriteBuffer and Config.ReadBuffer raise both), collects that
// send's acks, and goes on; the kernel processes every message whatever
// became of the one before. Messages that are not acks (replies to
// NLM_F_ECHO) are skipped.
//
// The error is for the batch as a whole: a malformed msgs before anything
// is sent, a send failure, [ErrOverrun], [ErrClosed] or the context's
// error, after which the requests not yet acknowledged have an unknown
// outcome (their results are left as they were). With warm buffers, whatever
// the context, a batch whose requests all succeed allocates nothing. Batch is safe for concurrent use with every other
// call on the Conn.
func (c *Conn) Batch(ctx context.Context, op string, msgs []byte, results []error) (int, error) {
	n, err := countMessages(msgs)
	if err != nil {
		return 0, fmt.Errorf("ring: %s: batch: %w", op, err)
	}
	if results != nil && len(results) < n {
		return 0, fmt.Errorf("ring: %s: batch of %d requests, results has room for %d", op, n, len(results))
	}
	if n == 0 {
		return 0, nil
	}
	if err := c.acquire(ctx); err != nil {
		return 0, err
	}
	first := c.allocSeq(uint32(n))
	w := c.register(first, uint32(n), false, false)
	b := batch{c: c, ctx: ctx, op: op, w: w, msgs: msgs, n: n, first: first, results: results}
	err = b.run()
	if err != nil && b.acked < n {
		c.orphan(w)
	} else {
		c.unregister(w)
	}
	return b.failed, err
}

// batch is the state of one Batch call.
type batch struct {
	c       *Conn
	ctx     context.Context
	op      string
	w       *waiter
	msgs    []byte
	n       int
	first   uint32
	results []error
	sent    int // requests sent
	acked   int // requests answered
	failed  int
}

func (b *batch) run() error {
	budget := max(b.c.recvQueue*3/4, ackCost)
	off := 0
	for b.sent < b.n {
		start, cost := off, 0
		for b.sent < b.n {
			l := int(binary.NativeEndian.Uint32(b.msgs[off:]))
			end := min(off+wire.Align(l), len(b.msgs))
			if b.sent > 0 && off > start && (end-start > b.c.maxSend || cost+ackCost+l > budget) {
				break
			}
			h := b.msgs[off : off+wire.HeaderLen]
			flags := binary.NativeEndian.Uint16(h[6:8])
			binary.NativeEndian.PutUint16(h[6:8], flags|uint16(wire.FlagRequest|wire.FlagAck))
			binary.NativeEndian.PutUint32(h[8:12], b.first+uint32(b.sent))
			off, cost = end, cost+ackCost+l
			b.sent++
		}
		if err := b.c.send(b.msgs[start:off]); err != nil {
			return err
		}
		if err := b.collect(); err != nil {
			return err
		}
	}
	return nil
}

// collect receives acks until every request sent so far is answered.
func (b *batch) collect() error {
	for b.acked < b.sent {
		buf, err := b.c.next(b.ctx, b.w)
		if err != nil {
			return err
		}
		if buf.dg.N > len(buf.b) {
			b.c.pool.put(buf)
			return &TruncatedError{Size: buf.dg.N, Seq: b.first + uint32(b.acked)}
		}
		it := wire.NewMessages(buf.data())
		for it.Next() {
			b.ack(it.Message())
		}
		b.c.pool.put(buf)
		if err := it.Err(); err != nil {
			return err
		}
	}
	return nil
}

// ack records the result an NLMSG_ERROR carries.
func (b *batch) ack(m wire.Message) {
	i := m.Header.Seq - b.first
	if m.Header.Type != wire.TypeError || i >= uint32(b.n) {
		return
	}
	e, err := wire.ParseError(m.Header.Flags, m.Data)
	if err == nil {
		err = e.Err(b.op)
	}
	if err != nil {
		b.failed++
	}
	if b.results != nil {
		b.results[i] = err
	}
	b.acked++
}

// countMessages checks the framing of msgs and counts its messages.
func countMessages(msgs []byte) (int, error) {
	n := 0
	it := wire.NewMessages(msgs)
	for it.Next() {
		n++
	}
	return n, it.Err()
}
