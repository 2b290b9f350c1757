// Package chaos wraps a ring.Transport so that it misbehaves as a
// stressed kernel does — refused requests, lost replies, receive
// overruns, interrupted dumps, slow sends — reproducibly from a seed:
// pyroute2's ChaoticIPRoute, for testing a program's own retry and
// recovery logic. Wrap works under any Conn; rtnl.Config.Chaos dials a
// local rtnetlink connection through it.
//
//	r, err := rtnl.Dial(rtnl.Config{Chaos: &chaos.Config{Seed: 1, InterruptRate: 0.3}})
//
//	t := chaos.Wrap(anyTransport, chaos.Config{ErrorRate: 0.1})
//	c := ring.NewConn(t, ring.Config{})
package chaos

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// Config describes the failures a chaos transport injects — pyroute2's
// ChaoticIPRoute, for testing a program's own retry and
// recovery logic against a misbehaving kernel. Rates are probabilities
// from 0 to 1, rolled once per request message (ErrorRate, DropRate), per
// dump datagram (InterruptRate) or per receive (OverrunRate) from one
// generator seeded with Seed: the same program making the same requests
// in the same order meets the same failures. The zero value injects
// nothing.
type Config struct {
	Seed uint64

	// ErrorRate refuses a request without sending it: its answer is an
	// NLMSG_ERROR with Errno (EBUSY when 0) and the extended-ack text
	// "chaos: injected error".
	ErrorRate float64
	Errno     syscall.Errno

	// DropRate sends a request but drops every reply to it, as a lost
	// datagram would: the caller waits until its context ends, so give
	// it a deadline.
	DropRate float64

	// OverrunRate makes a receive fail with ENOBUFS, losing the
	// datagrams it would have returned, as a receive queue overrun does:
	// the requests in flight fail with ring.ErrOverrun.
	OverrunRate float64

	// InterruptRate marks a datagram of a dump with NLM_F_DUMP_INTR, as
	// the kernel does when the state changed during the dump: the dump
	// still delivers every message, then fails with
	// ring.ErrDumpInterrupted, which ring.Retry repeats.
	InterruptRate float64

	// Delay, when positive, holds every send for a random time up to it.
	Delay time.Duration
}

// Wrap returns t with the failures cfg describes injected; closing it
// closes t. Any Transport can be wrapped — a socket of ring.OpenSocket,
// a remote agent's stream, the emulated backends, nltest's fake — and
// the result goes under a Conn with ring.NewConn. rtnl.Dial does this
// for rtnl.Config.Chaos. Group changes (JoinGroup, LeaveGroup) pass to t
// when it has them.
func Wrap(t ring.Transport, cfg Config) ring.Transport {
	if cfg.Errno == 0 {
		cfg.Errno = syscall.EBUSY
	}
	return &chaosTransport{t: t, cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		drop: map[uint32]bool{}}
}

// chaosTransport is Wrap's ring.Transport.
type chaosTransport struct {
	t   ring.Transport
	cfg Config

	mu     sync.Mutex
	rng    *rand.Rand
	drop   map[uint32]bool // requests whose replies are dropped
	queue  [][]byte        // injected error replies, for Recv
	dl     time.Time       // the Conn's read deadline
	fwd    []byte          // Send's buffer of forwarded messages
	sendMu sync.Mutex
}

func (c *chaosTransport) roll(rate float64) bool {
	return rate > 0 && c.rng.Float64() < rate
}

// Send implements ring.Transport: each message is refused, marked for
// dropping, or forwarded.
func (c *chaosTransport) Send(p []byte) error {
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	c.mu.Lock()
	var delay time.Duration
	if c.cfg.Delay > 0 {
		delay = time.Duration(c.rng.Int64N(int64(c.cfg.Delay)))
	}
	c.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay)
	}
	c.fwd = c.fwd[:0]
	injected := false
	for off := 0; off+wire.HeaderLen <= len(p); {
		l := int(binary.NativeEndian.Uint32(p[off:]))
		end := min(off+wire.Align(max(l, wire.HeaderLen)), len(p))
		m := p[off:end]
		c.mu.Lock()
		switch {
		case c.roll(c.cfg.ErrorRate):
			c.queue = append(c.queue, ring.AppendErrorReply(nil, m, c.t.PortID(), c.cfg.Errno, "chaos: injected error"))
			injected = true
		case c.roll(c.cfg.DropRate):
			c.drop[binary.NativeEndian.Uint32(m[8:12])] = true
			c.fwd = append(c.fwd, m...)
		default:
			c.fwd = append(c.fwd, m...)
		}
		c.mu.Unlock()
		off = end
	}
	if injected {
		// Wake a receive waiting in the inner transport: the injected
		// replies are due now.
		c.t.SetReadDeadline(time.Unix(1, 0))
	}
	if len(c.fwd) == 0 {
		return nil
	}
	return c.t.Send(c.fwd)
}

// Recv implements ring.Transport: injected replies first, then the inner
// transport's datagrams, minus the dropped ones, with overruns and
// interrupted dumps rolled in.
func (c *chaosTransport) Recv(bufs [][]byte, out []ring.Datagram) (int, error) {
	if len(bufs) == 0 || len(out) == 0 {
		return 0, nil
	}
	for {
		if n := c.popQueued(bufs, out); n > 0 {
			return n, nil
		}
		n, err := c.t.Recv(bufs, out)
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) && c.restoreDeadline() {
				continue // woken by Send, or a stale wake-up
			}
			return n, err
		}
		c.mu.Lock()
		if c.roll(c.cfg.OverrunRate) {
			c.mu.Unlock()
			return 0, syscall.ENOBUFS
		}
		kept := 0
		for i := range n {
			data := bufs[i][:min(out[i].N, len(bufs[i]))]
			if c.dropped(data) {
				continue
			}
			if isMulti(data) && c.roll(c.cfg.InterruptRate) {
				markInterrupted(data)
			}
			if kept != i { // close the gap a dropped datagram left
				if len(data) > len(bufs[kept]) {
					bufs[kept] = append([]byte(nil), data...)
				} else {
					copy(bufs[kept], data)
				}
			}
			out[kept] = out[i]
			kept++
		}
		c.mu.Unlock()
		if kept > 0 {
			return kept, nil
		}
	}
}

// restoreDeadline puts the Conn's deadline back on the inner transport
// after a wake-up, and reports whether Recv should go on waiting: there
// are injected replies, or the Conn's deadline has not passed.
func (c *chaosTransport) restoreDeadline() bool {
	c.mu.Lock()
	dl, queued := c.dl, len(c.queue) > 0
	c.mu.Unlock()
	if !queued && !dl.IsZero() && !time.Now().Before(dl) {
		return false
	}
	c.t.SetReadDeadline(dl)
	return true
}

// popQueued moves one injected reply into bufs[0].
func (c *chaosTransport) popQueued(bufs [][]byte, out []ring.Datagram) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 {
		return 0
	}
	d := c.queue[0]
	c.queue = c.queue[1:]
	if len(d) > len(bufs[0]) {
		bufs[0] = d
	} else {
		copy(bufs[0], d)
	}
	out[0] = ring.Datagram{N: len(d)}
	return 1
}

// dropped reports whether a datagram answers a request whose replies
// are dropped, and forgets the request at its last reply; c.mu is held.
func (c *chaosTransport) dropped(data []byte) bool {
	if len(c.drop) == 0 || len(data) < wire.HeaderLen {
		return false
	}
	seq := binary.NativeEndian.Uint32(data[8:12])
	if !c.drop[seq] {
		return false
	}
	it := wire.NewMessages(data)
	for it.Next() {
		if t := it.Message().Header.Type; t == wire.TypeDone || t == wire.TypeError {
			delete(c.drop, seq)
		}
	}
	return true
}

func isMulti(data []byte) bool {
	return len(data) >= wire.HeaderLen && wire.HeaderFlags(binary.NativeEndian.Uint16(data[6:8]))&wire.FlagMulti != 0
}

// markInterrupted sets NLM_F_DUMP_INTR on every message of a datagram.
func markInterrupted(data []byte) {
	for off := 0; off+wire.HeaderLen <= len(data); {
		l := int(binary.NativeEndian.Uint32(data[off:]))
		f := binary.NativeEndian.Uint16(data[off+6:])
		binary.NativeEndian.PutUint16(data[off+6:], f|uint16(wire.FlagDumpIntr))
		if l < wire.HeaderLen {
			return
		}
		off += wire.Align(l)
	}
}

// SetReadDeadline implements ring.Transport.
func (c *chaosTransport) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	c.dl = t
	c.mu.Unlock()
	return c.t.SetReadDeadline(t)
}

// PortID implements ring.Transport.
func (c *chaosTransport) PortID() uint32 { return c.t.PortID() }

// Limits implements ring.Transport.
func (c *chaosTransport) Limits() (int, int) { return c.t.Limits() }

// Close implements ring.Transport.
func (c *chaosTransport) Close() error { return c.t.Close() }

// JoinGroup passes group changes to the inner transport.
func (c *chaosTransport) JoinGroup(g uint32) error {
	if gt, ok := c.t.(interface{ JoinGroup(uint32) error }); ok {
		return gt.JoinGroup(g)
	}
	return errors.ErrUnsupported
}

// LeaveGroup passes group changes to the inner transport.
func (c *chaosTransport) LeaveGroup(g uint32) error {
	if gt, ok := c.t.(interface{ LeaveGroup(uint32) error }); ok {
		return gt.LeaveGroup(g)
	}
	return errors.ErrUnsupported
}
