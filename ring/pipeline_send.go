package ring

import (
	"encoding/binary"
	"fmt"

	"github.com/nlroute/nlroute/wire"
)

// sendPending sends the requests queued in b, as many per sendmsg as the
// window has room for, reading answers first while it has none. With
// AckErrors, unless final (a Flush: nothing follows), a send that takes
// every request from the start of b is handed to the sender goroutine
// (see sendAsync), so the caller encodes the next requests while the
// kernel processes these. With AckEach it is not: its window (about a
// thousand requests) makes the overlap small, and every request's ack
// would be built on one CPU and read on the other; BenchmarkVsCInstall
// showed no gain there.
//
// The kernel processes a netlink request inside the sendmsg that carries
// it (rtnetlink takes the RTNL lock and runs every message of the
// datagram before the call returns), so when a send returns its answers
// are already queued; reading them before the next send costs no
// waiting. What bounds a send is the receive queue: the window keeps the
// answers of every request in flight inside it.
func (p *Pipeline) sendPending(final bool) error {
	if p.err != nil {
		return p.err
	}
	off := 0
	for p.pending > 0 {
		if p.sent-p.base+p.pending > pipelineSeqBlock {
			if err := p.renewSeq(); err != nil {
				return err
			}
		}
		// Wait for room for half a window (or all that is pending), not
		// one request: the answers are queued already, and fewer, larger
		// sends are what keeps the system calls per request down.
		need := min(p.pending, max(p.window/2, 1))
		for p.window-(p.sent-p.done) < need {
			if err := p.collect(); err != nil {
				return err
			}
		}
		k := min(p.pending, p.window-(p.sent-p.done))
		msgs := p.b.Bytes()
		end := p.stamp(msgs, off, k)
		if !final && off == 0 && p.opts.Ack == AckErrors {
			if err := p.sendAsync(end); err != nil {
				return err
			}
		} else {
			if err := p.waitSend(); err != nil {
				return err
			}
			if err := p.c.send(msgs[off:end]); err != nil {
				return p.fail(fmt.Errorf("ring: %s: %w", p.opts.Op, err))
			}
			off = end
		}
		p.sent += k
		p.pending -= k
		p.maxInFly = max(p.maxInFly, p.sent-p.done)
	}
	p.b.Reset(p.b.Bytes()[:0])
	return nil
}

// sendAsync hands msgs[:end] of b to the sender goroutine (started on
// the first call) and moves the requests after end to the spare buffer,
// which b then builds on. Two buffers take turns: the one being sent and
// the one being built, so the caller's encoding overlaps the kernel's
// work on the previous send. The sender does only the sendmsg; answers
// are read, and callbacks run, on the caller's goroutine as before.
func (p *Pipeline) sendAsync(end int) error {
	if err := p.waitSend(); err != nil {
		return err
	}
	if p.sendq == nil {
		p.spare = sendBufs.Get().(*[]byte)
		p.sendq, p.sendDone = make(chan []byte), make(chan error, 1)
		go sender(p.c, p.sendq, p.sendDone)
	}
	msgs := p.b.Bytes()
	*p.buf = msgs[:0] // keep the buffer as it grew
	p.b.Reset(append((*p.spare)[:0], msgs[end:]...))
	p.buf, p.spare = p.spare, p.buf
	p.sendq <- msgs[:end]
	p.busy = true
	return nil
}

// sender sends what it is given, in order, and answers each with the
// send's error.
func sender(c *Conn, in <-chan []byte, out chan<- error) {
	for msgs := range in {
		out <- c.send(msgs)
	}
}

// waitSend waits for the send handed to the sender goroutine, if any,
// to return, and takes its error.
func (p *Pipeline) waitSend() error {
	if !p.busy {
		return nil
	}
	p.busy = false
	if err := <-p.sendDone; err != nil {
		return p.fail(fmt.Errorf("ring: %s: %w", p.opts.Op, err))
	}
	return nil
}

// stamp sets the sequence number and the ack flag of the k requests at
// msgs[off:] and returns where they end. In AckErrors mode only the last
// one asks for an ack: the barrier.
func (p *Pipeline) stamp(msgs []byte, off, k int) int {
	seq := p.w.first + uint32(p.sent-p.base)
	each := p.opts.Ack == AckEach
	for j := range k {
		h := msgs[off : off+wire.HeaderLen]
		l := int(binary.NativeEndian.Uint32(h[0:4]))
		flags := binary.NativeEndian.Uint16(h[6:8]) | uint16(wire.FlagRequest)
		if each || j == k-1 {
			flags |= uint16(wire.FlagAck)
		} else {
			flags &^= uint16(wire.FlagAck)
		}
		binary.NativeEndian.PutUint16(h[6:8], flags)
		binary.NativeEndian.PutUint32(h[8:12], seq+uint32(j))
		off += wire.Align(l)
	}
	return min(off, len(msgs))
}

// renewSeq waits until every request sent is done, then moves the
// Pipeline to a fresh block of sequence numbers.
func (p *Pipeline) renewSeq() error {
	for p.done < p.sent {
		if err := p.collect(); err != nil {
			return err
		}
	}
	first := p.c.allocSeq(pipelineSeqBlock)
	p.c.mu.Lock()
	p.w.first = first
	p.c.mu.Unlock()
	p.base = p.sent
	return nil
}

// collect reads answers: it waits for one datagram (receiving a ring of
// them with one recvmmsg when it is the reader), then takes every other
// datagram already routed to the Pipeline without waiting.
func (p *Pipeline) collect() error {
	if p.err != nil {
		return p.err
	}
	// The answers awaited may be those of the send in progress: it must
	// have returned (a send that failed has none).
	if err := p.waitSend(); err != nil {
		return err
	}
	buf, err := p.c.next(p.ctx, p.w)
	if err != nil {
		return p.fail(fmt.Errorf("ring: %s: %w", p.opts.Op, err))
	}
	for buf != nil {
		if err := p.answerAll(buf); err != nil {
			return err
		}
		p.c.mu.Lock()
		buf, _ = p.w.pop()
		p.c.mu.Unlock()
	}
	return nil
}

// answerAll records the answers one datagram carries and releases it.
func (p *Pipeline) answerAll(buf *buffer) error {
	if buf.dg.N > len(buf.b) {
		p.c.pool.put(buf)
		return p.fail(&TruncatedError{Size: buf.dg.N, Seq: p.w.first + uint32(p.done-p.base)})
	}
	it := wire.NewMessages(buf.data())
	for it.Next() {
		p.answer(it.Message())
	}
	p.c.pool.put(buf)
	if err := it.Err(); err != nil {
		return p.fail(fmt.Errorf("ring: %s: %w", p.opts.Op, err))
	}
	return nil
}

// answer records what one NLMSG_ERROR says. The kernel echoes the
// request's header in every answer, so the echoed NLM_F_ACK tells a
// request that asked for an ack (every one with AckEach, a barrier with
// AckErrors): everything up to and including it is done.
func (p *Pipeline) answer(m wire.Message) {
	if m.Header.Type != wire.TypeError || len(m.Data) < 4+wire.HeaderLen {
		return // a reply the caller asked for (NLM_F_ECHO): not ours to keep
	}
	i := int(m.Header.Seq-p.w.first) + p.base
	if i < p.done || i >= p.sent {
		return
	}
	if errno := binary.NativeEndian.Uint32(m.Data[0:4]); errno != 0 {
		p.refused(i, m)
	} else if p.opts.OnAck != nil {
		p.opts.OnAck(i)
	}
	if wire.HeaderFlags(binary.NativeEndian.Uint16(m.Data[4+6:4+8]))&wire.FlagAck != 0 {
		p.done = i + 1
	}
}

// refused reports the failure of request i, which m answers.
func (p *Pipeline) refused(i int, m wire.Message) {
	e, err := wire.ParseError(m.Header.Flags, m.Data)
	if err == nil {
		err = e.Err(p.opts.Op)
	}
	p.failed++
	if p.opts.OnError != nil {
		echo := m.Data[4:]
		if l := int(e.Request.Len); !e.Capped && l >= wire.HeaderLen && l <= len(echo) {
			echo = echo[:l]
		} else {
			echo = echo[:wire.HeaderLen]
		}
		p.opts.OnError(i, err, echo)
		return
	}
	p.failures = append(p.failures, RequestError{Index: i, Err: err})
}
