package nltest

import (
	"encoding/binary"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// PortID is the port id of every fake transport.
const PortID = 0x4e4c // "NL"

// Datagram is one datagram the fake delivers to the Conn.
type Datagram struct {
	// Data is the datagram: one or more netlink messages.
	Data []byte

	// Groups marks a multicast notification (nl_groups, non-zero).
	Groups uint32

	// PortID is the sender's port id; 0 (the kernel) unless a test wants
	// a foreign sender, whose datagrams the Conn must ignore.
	PortID uint32

	// Err, when non-nil, is returned by the Recv that reaches this entry
	// instead of a datagram: syscall.ENOBUFS stands for an overrun.
	Err error
}

// Func is the script: it answers one request message (header included,
// sequence number and flags as the Conn stamped them) with the datagrams
// to queue. It runs on the goroutine that sends, once per message of a
// batch, in order. It must not keep req.
type Func func(req []byte) []Datagram

// Transport is the fake. It is safe for concurrent use as ring.Transport
// requires. Its zero value is not usable; use [NewTransport].
type Transport struct {
	fn Func

	mu       sync.Mutex
	queue    []Datagram
	deadline time.Time
	closed   bool
	notify   chan struct{} // capacity 1: "queue, deadline or closed changed"

	// MaxSend and RecvQueue are what Limits reports; tests lower them to
	// make a Conn split batches. Set them before the Conn is made.
	MaxSend, RecvQueue int

	sends int
}

// NewTransport returns a fake transport answering with fn.
func NewTransport(fn Func) *Transport {
	return &Transport{fn: fn, notify: make(chan struct{}, 1), MaxSend: 1 << 20, RecvQueue: 1 << 24}
}

// Dial returns a real *ring.Conn over a new fake transport answering with
// fn, with the default ring configuration.
func Dial(fn Func) *ring.Conn { return ring.NewConn(NewTransport(fn), ring.Config{}) }

// Conn returns a real *ring.Conn over t with cfg's buffer settings.
func (t *Transport) Conn(cfg ring.Config) *ring.Conn { return ring.NewConn(t, cfg) }

// Inject queues datagrams as if the kernel sent them unprompted
// (notifications, overruns).
func (t *Transport) Inject(d ...Datagram) {
	t.mu.Lock()
	t.queue = append(t.queue, d...)
	t.mu.Unlock()
	t.poke()
}

// Sends returns how many datagrams the Conn has sent.
func (t *Transport) Sends() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sends
}

func (t *Transport) poke() {
	select {
	case t.notify <- struct{}{}:
	default:
	}
}

// Send implements ring.Transport: it runs the script on each message of p.
func (t *Transport) Send(p []byte) error {
	t.mu.Lock()
	closed := t.closed
	t.sends++
	t.mu.Unlock()
	if closed {
		return os.ErrClosed
	}
	if len(p) > t.MaxSend {
		return syscall.EMSGSIZE
	}
	var out []Datagram
	it := wire.NewMessages(p)
	for it.Next() {
		m := it.Message()
		out = append(out, t.fn(m.Raw(p))...)
	}
	if err := it.Err(); err != nil {
		return syscall.EINVAL
	}
	t.Inject(out...)
	return nil
}

// Recv implements ring.Transport.
func (t *Transport) Recv(bufs [][]byte, out []ring.Datagram) (int, error) {
	for {
		t.mu.Lock()
		n, err, wait := t.take(bufs, out)
		dl := t.deadline
		t.mu.Unlock()
		if !wait {
			return n, err
		}
		var timeout <-chan time.Time
		if !dl.IsZero() {
			tm := time.NewTimer(time.Until(dl))
			defer tm.Stop()
			timeout = tm.C
		}
		select {
		case <-t.notify:
		case <-timeout:
		}
	}
}

// take delivers queued datagrams; t.mu is held. wait says nothing could
// be delivered yet.
func (t *Transport) take(bufs [][]byte, out []ring.Datagram) (int, error, bool) {
	if t.closed {
		return 0, os.ErrClosed, false
	}
	n := 0
	for n < min(len(bufs), len(out)) && len(t.queue) > 0 {
		d := t.queue[0]
		if d.Err != nil {
			if n > 0 {
				break
			}
			t.queue = t.queue[1:]
			return 0, d.Err, false
		}
		t.queue = t.queue[1:]
		copy(bufs[n], d.Data)
		out[n] = ring.Datagram{N: len(d.Data), PortID: d.PortID, Groups: d.Groups}
		n++
	}
	if n > 0 {
		return n, nil, false
	}
	if !t.deadline.IsZero() && !time.Now().Before(t.deadline) {
		return 0, os.ErrDeadlineExceeded, false
	}
	return 0, nil, true
}

// SetReadDeadline implements ring.Transport.
func (t *Transport) SetReadDeadline(d time.Time) error {
	t.mu.Lock()
	t.deadline = d
	t.mu.Unlock()
	t.poke()
	return nil
}

// PortID implements ring.Transport.
func (t *Transport) PortID() uint32 { return PortID }

// Limits implements ring.Transport with MaxSend and RecvQueue.
func (t *Transport) Limits() (int, int) { return t.MaxSend, t.RecvQueue }

// Close implements ring.Transport.
func (t *Transport) Close() error {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.poke()
	return nil
}

// Reply builds one reply message to req: type typ, flags, payload, with
// req's sequence number and the fake's port id.
func Reply(req []byte, typ wire.MsgType, flags wire.HeaderFlags, payload []byte) []byte {
	h := wire.Header{
		Len:   uint32(wire.HeaderLen + len(payload)),
		Type:  typ,
		Flags: flags,
		Seq:   binary.NativeEndian.Uint32(req[8:12]),
		PID:   PortID,
	}
	b := h.Append(make([]byte, 0, wire.Align(int(h.Len))))
	b = append(b, payload...)
	return append(b, make([]byte, wire.Align(len(b))-len(b))...)
}

// Ack builds the NLMSG_ERROR with error 0 that acknowledges req (capped:
// only req's header is echoed, as the kernel does for acks).
func Ack(req []byte) []byte { return reply(req, 0, "", true) }

// Error builds the NLMSG_ERROR refusing req (one message) with errno,
// echoing req whole, as the kernel does on a socket without
// NETLINK_CAP_ACK, and carrying msg as the extended-ack text when it is
// not empty. CappedError echoes only req's header.
func Error(req []byte, errno syscall.Errno, msg string) []byte {
	return reply(req, errno, msg, errno == 0)
}

// CappedError is Error as a socket with NETLINK_CAP_ACK gets it: only
// req's header is echoed.
func CappedError(req []byte, errno syscall.Errno, msg string) []byte {
	return reply(req, errno, msg, true)
}

func reply(req []byte, errno syscall.Errno, msg string, capped bool) []byte {
	payload := binary.NativeEndian.AppendUint32(nil, uint32(-int32(errno)))
	var flags wire.HeaderFlags
	if h, err := wire.ParseHeader(req); capped || err != nil || int(h.Len) < wire.HeaderLen || int(h.Len) > len(req) {
		payload = append(payload, req[:wire.HeaderLen]...)
		flags = wire.FlagCapped
	} else {
		payload = append(payload, req[:h.Len]...)
		payload = append(payload, make([]byte, wire.Align(len(payload))-len(payload))...)
	}
	if msg != "" {
		flags |= wire.FlagAckTLVs
		var b wire.Builder
		b.Reset(payload)
		b.PutString(wire.ExtAckMsg, msg)
		payload = b.Bytes()
	}
	return Reply(req, wire.TypeError, flags, payload)
}

// Dump builds the datagrams of a multipart answer to req: one message of
// type typ per payload, perDatagram messages to a datagram, then
// NLMSG_DONE in the last one. With intr every message carries
// NLM_F_DUMP_INTR.
func Dump(req []byte, typ wire.MsgType, perDatagram int, intr bool, payloads ...[]byte) []Datagram {
	flags := wire.FlagMulti
	if intr {
		flags |= wire.FlagDumpIntr
	}
	var out []Datagram
	var cur []byte
	for i, p := range payloads {
		cur = append(cur, Reply(req, typ, flags, p)...)
		if (i+1)%max(perDatagram, 1) == 0 {
			out = append(out, Datagram{Data: cur})
			cur = nil
		}
	}
	cur = append(cur, Reply(req, wire.TypeDone, flags, make([]byte, 4))...)
	return append(out, Datagram{Data: cur})
}
