package rtemu

import (
	"encoding/binary"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// AppendFunc appends one table of the platform to b as RTNL messages
// (RTM_NEWLINK, RTM_NEWADDR …), each stamped with seq and flagged
// NLM_F_MULTI, as the Append functions of internal/pfroute and
// internal/iphlp do. It reports the failure of reading the table; a
// Builder error is b.Err.
type AppendFunc func(b *wire.Builder, seq uint32) error

// Tables are the platform's sources. A nil function is a table the
// platform does not have: its dump is refused like a setter.
type Tables struct {
	// GOOS names the platform in the extended-ack text of refusals
	// ("not supported on freebsd").
	GOOS string

	Links, Addrs, Routes, Neighbours AppendFunc

	// Watch, when set, starts the platform's monitor (see WatchFunc):
	// the first JoinGroup calls it, Close stops what it started. Nil: no
	// notifications arrive, though joining groups works.
	Watch WatchFunc
}

// Limits a Transport reports: it accepts any request, and its queue
// grows as needed, so the Conn's in-flight bound only has to be generous.
const (
	maxSend   = 1 << 20
	recvQueue = 4 << 20
)

// Transport is a [ring.Transport] answering requests from [Tables]; see
// the package documentation for what it answers and how.
//
// Send answers synchronously: it reads the tables on the sending
// goroutine and queues the replies, which Recv hands out as datagrams,
// one request's replies per datagram, as many whole messages as fit the
// Conn's buffer (a single message larger than the buffer replaces it,
// as ring.Transport allows). Deadlines and Close wake a waiting Recv.
// It is safe for concurrent use as ring.Transport requires.
type Transport struct {
	tab  Tables
	port uint32

	// Send's scratch: only the goroutine inside Send touches these.
	table wire.Builder // a table as the source appended it
	reply []byte       // the replies of one request
	open  int          // where the message being built starts in reply

	mu       sync.Mutex
	queue    []byte    // queued messages, each padded to alignment
	segs     []segment // queue split into datagram sources
	head     int       // first segment not delivered yet
	deadline time.Time
	closed   bool
	groups   uint64        // joined groups 1–64, bit g-1
	notify   chan struct{} // capacity 1: "queue, deadline or closed changed"

	timer *time.Timer // Recv's deadline timer; only Recv touches it

	watchMu sync.Mutex // serialises starting and stopping the monitor
	stop    func()     // stops the monitor Tables.Watch started; nil before
}

// segment is a run of queued messages that must travel in datagrams of
// their own: the replies to one request, or one notification.
type segment struct {
	start, end int
	groups     uint32 // multicast mask of a notification; 0 for replies
}

// New returns a Transport answering from tab.
func New(tab Tables) *Transport {
	return &Transport{
		tab:    tab,
		port:   uint32(os.Getpid()),
		notify: make(chan struct{}, 1),
	}
}

// Send implements ring.Transport: it answers each request message of p
// in order and queues the answers. It fails with os.ErrClosed after
// Close, and with an error wrapping wire.ErrMalformed when p is not a
// run of netlink messages (nothing is answered then).
func (t *Transport) Send(p []byte) error {
	if t.isClosed() {
		return os.ErrClosed
	}
	it := wire.NewMessages(p)
	for it.Next() {
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("rtemu: send: %w", err)
	}
	it.Reset(p)
	for it.Next() {
		m := it.Message()
		t.reply = t.reply[:0]
		t.answer(m)
		if err := t.enqueue(t.reply, 0); err != nil {
			return err
		}
	}
	return nil
}

// Notify queues msgs, RTNL notifications (RTM_NEWLINK, RTM_DELADDR …)
// back to back and padded, as one multicast datagram to group (1–64).
// It is dropped unless the transport joined group, as the kernel drops
// what a socket did not subscribe to. msgs is copied. A platform
// monitor calls it from its own goroutine; it fails with os.ErrClosed
// after Close, and with an error wrapping wire.ErrMalformed when msgs is
// not a run of netlink messages.
func (t *Transport) Notify(group uint32, msgs []byte) error {
	if group == 0 || group > 64 {
		return fmt.Errorf("rtemu: notify: group %d out of 1–64", group)
	}
	it := wire.NewMessages(msgs)
	for it.Next() {
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("rtemu: notify: %w", err)
	}
	t.mu.Lock()
	joined := t.groups&(1<<(group-1)) != 0
	t.mu.Unlock()
	if !joined {
		return nil
	}
	mask := uint32(0)
	if group <= 32 {
		mask = 1 << (group - 1)
	} else {
		mask = ^uint32(0) // any non-zero mask marks a notification
	}
	return t.enqueue(msgs, mask)
}

// JoinGroup subscribes the transport to notifications of group (1–64),
// which makes Conn.JoinGroup work. The first join starts the platform's
// monitor (Tables.Watch); its failure fails the join, which leaves the
// group unjoined, and the next join tries again. After Close it fails
// with os.ErrClosed when a monitor was to be started.
func (t *Transport) JoinGroup(group uint32) error {
	if group == 0 || group > 64 {
		return fmt.Errorf("rtemu: join group %d: out of 1–64", group)
	}
	if err := t.startWatch(); err != nil {
		return fmt.Errorf("rtemu: join group %d: %w", group, err)
	}
	t.mu.Lock()
	t.groups |= 1 << (group - 1)
	t.mu.Unlock()
	return nil
}

// LeaveGroup unsubscribes the transport from group.
func (t *Transport) LeaveGroup(group uint32) error {
	if group == 0 || group > 64 {
		return fmt.Errorf("rtemu: leave group %d: out of 1–64", group)
	}
	t.mu.Lock()
	t.groups &^= 1 << (group - 1)
	t.mu.Unlock()
	return nil
}

// Joined reports whether the transport joined group: a platform monitor
// asks it to skip translating what nobody listens to.
func (t *Transport) Joined(group uint32) bool {
	if group == 0 || group > 64 {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.groups&(1<<(group-1)) != 0
}

// enqueue appends msgs as one segment and wakes Recv.
func (t *Transport) enqueue(msgs []byte, groups uint32) error {
	if len(msgs) == 0 {
		return nil
	}
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return os.ErrClosed
	}
	if t.head == len(t.segs) {
		// Everything was delivered: start over, keeping the memory.
		t.queue, t.segs, t.head = t.queue[:0], t.segs[:0], 0
	}
	start := len(t.queue)
	t.queue = append(t.queue, msgs...)
	t.queue = pad(t.queue)
	t.segs = append(t.segs, segment{start: start, end: len(t.queue), groups: groups})
	t.mu.Unlock()
	t.poke()
	return nil
}

func (t *Transport) poke() {
	select {
	case t.notify <- struct{}{}:
	default:
	}
}

func (t *Transport) isClosed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.closed
}

// Recv implements ring.Transport. It waits until a reply or notification
// is queued, the read deadline passes (os.ErrDeadlineExceeded) or the
// transport is closed (os.ErrClosed), then fills as many of bufs as the
// queue allows. A datagram never mixes two requests' replies, since the
// Conn routes a datagram by its first message.
func (t *Transport) Recv(bufs [][]byte, out []ring.Datagram) (int, error) {
	for {
		t.mu.Lock()
		if t.closed {
			t.mu.Unlock()
			return 0, os.ErrClosed
		}
		if t.head < len(t.segs) {
			n := t.fill(bufs, out)
			t.mu.Unlock()
			return n, nil
		}
		dl := t.deadline
		t.mu.Unlock()
		if err := t.wait(dl); err != nil {
			return 0, err
		}
	}
}

// wait blocks until something changes or the deadline dl passes.
func (t *Transport) wait(dl time.Time) error {
	if dl.IsZero() {
		<-t.notify
		return nil
	}
	d := time.Until(dl)
	if d <= 0 {
		return os.ErrDeadlineExceeded
	}
	if t.timer == nil {
		t.timer = time.NewTimer(d)
	} else {
		t.timer.Reset(d)
	}
	select {
	case <-t.notify:
		t.timer.Stop()
	case <-t.timer.C:
	}
	return nil
}

// fill moves queued messages into bufs; t.mu is held and the queue is
// not empty. It returns the number of datagrams filled.
func (t *Transport) fill(bufs [][]byte, out []ring.Datagram) int {
	n := 0
	for n < min(len(bufs), len(out)) && t.head < len(t.segs) {
		s := &t.segs[t.head]
		buf, used := bufs[n], 0
		for s.start < s.end {
			// Messages were checked when queued; the bounds guard anyway.
			l := min(wire.Align(int(binary.NativeEndian.Uint32(t.queue[s.start:]))), s.end-s.start)
			if l < wire.HeaderLen {
				l = s.end - s.start
			}
			if used+l > len(buf) {
				if used > 0 {
					break
				}
				buf = make([]byte, l) // one message larger than the buffer
				bufs[n] = buf
			}
			copy(buf[used:], t.queue[s.start:s.start+l])
			used += l
			s.start += l
		}
		out[n] = ring.Datagram{N: used, Groups: s.groups}
		n++
		if s.start == s.end {
			t.head++
		}
	}
	return n
}

// SetReadDeadline implements ring.Transport.
func (t *Transport) SetReadDeadline(d time.Time) error {
	t.mu.Lock()
	t.deadline = d
	t.mu.Unlock()
	t.poke()
	return nil
}

// PortID implements ring.Transport: the process id, as the kernel
// gives the first netlink socket of a process.
func (t *Transport) PortID() uint32 { return t.port }

// Limits implements ring.Transport: requests of up to 1 MiB, a 4 MiB
// queue.
func (t *Transport) Limits() (int, int) { return maxSend, recvQueue }

// Close implements ring.Transport: a waiting Recv returns os.ErrClosed,
// and so does every later call. It stops the platform's monitor and
// waits for it to end. Closing twice is harmless.
func (t *Transport) Close() error {
	t.mu.Lock()
	t.closed = true
	t.queue, t.segs, t.head = nil, nil, 0
	t.mu.Unlock()
	t.poke()
	t.stopWatch()
	return nil
}

// pad appends zero bytes up to netlink alignment.
func pad(b []byte) []byte {
	for len(b) != wire.Align(len(b)) {
		b = append(b, 0)
	}
	return b
}
