package ring

import (
	"errors"
	"fmt"
	"sync"
	"syscall"
	"time"

	"github.com/nlroute/nlroute/internal/sys"
)

// spillSize is the spill region behind each receive buffer. A datagram
// longer than its buffer (one message over the kernel's 32 KiB dump chunk:
// a link with many SR-IOV VFs) runs on into it and still arrives whole, so
// it is never lost to MSG_TRUNC. The regions are mapped lazily committed:
// they cost address space, and memory only for the pages a datagram
// actually spills into, which are handed back at once.
const spillSize = 1 << 20

// sendOverhead is what netlink_sendmsg keeps of the send buffer for
// itself: a datagram longer than SO_SNDBUF less this fails with EMSGSIZE.
const sendOverhead = 32

// Socket is the kernel's Transport: a netlink socket, configured as a
// [Config] says. [Dial] puts one under a Conn; [OpenSocket] returns one
// bare, for a wrapper Transport (package ring/chaos) or a program that
// forwards datagrams (the remote agent). Recv receives a datagram longer
// than its buffer whole through a spill region (see the package
// documentation) and replaces the buffer with a larger one.
type Socket struct {
	s   *sys.Socket
	dgs []sys.Datagram // Recvmmsg's descriptions, reused

	// recvMu is held by Recv for its whole call, so Close can unmap the
	// spill regions only once no receive can still write into them.
	recvMu sync.Mutex
	spill  [][]byte // one spill region per receive slot
	closed bool

	maxSend, recvQueue int // read once after configuration
}

// Send implements Transport.
func (t *Socket) Send(p []byte) error {
	_, err := t.s.Sendmsg(p, 0)
	return err
}

// Recv implements Transport with one recvmmsg(2), each buffer backed by
// a spill region: a datagram that outgrows its buffer is joined into a new
// buffer that replaces it in bufs (the only allocation, and a rare one).
func (t *Socket) Recv(bufs [][]byte, out []Datagram) (int, error) {
	t.recvMu.Lock()
	defer t.recvMu.Unlock()
	n := min(len(bufs), len(out))
	if len(t.dgs) < n {
		t.dgs = make([]sys.Datagram, n)
	}
	var got int
	var err error
	for retried := false; ; retried = true {
		if t.mapSpill(n) {
			got, err = t.s.RecvmmsgSpill(bufs[:n], t.spill[:n], t.dgs[:n], 0)
		} else {
			got, err = t.s.Recvmmsg(bufs[:n], t.dgs[:n], 0)
		}
		// A lone EINVAL is the kernel's, not ours: netlink_recvmsg
		// checks that a dump is running without the dump's lock, and
		// when the sender's side (netlink_dump from the dump's start)
		// finishes it in between, its own netlink_dump finds none and
		// leaves EINVAL in sk_err, which the next receive reports.
		// Nothing was lost: read again, once.
		if got > 0 || retried || !errors.Is(err, syscall.EINVAL) {
			break
		}
	}
	for i := range got {
		d := &t.dgs[i]
		if d.N > len(bufs[i]) && i < len(t.spill) && d.N <= len(bufs[i])+len(t.spill[i]) {
			bufs[i] = joinSpill(bufs[i], t.spill[i], d.N)
		}
		out[i] = Datagram{N: d.N, PortID: d.PortID, Groups: d.Groups, NSID: d.NSID, HasNSID: d.HasNSID}
	}
	return got, err
}

// mapSpill makes sure there is a spill region for each of n slots;
// recvMu is held. It reports false if the regions cannot be had: the
// receive then works without them, and an oversized datagram is
// truncated (TruncatedError) as on a transport with no spill.
func (t *Socket) mapSpill(n int) bool {
	if t.closed {
		return false
	}
	for len(t.spill) < n {
		b, err := sys.MapSpill(spillSize)
		if err != nil {
			return false
		}
		t.spill = append(t.spill, b)
	}
	return true
}

// joinSpill returns a new buffer, rounded up to pages, holding the n-byte
// datagram that filled buf and ran on into spill, and hands the spilled
// pages back to the kernel.
func joinSpill(buf, spill []byte, n int) []byte {
	whole := make([]byte, (n+pageSize-1)&^(pageSize-1))
	copy(whole, buf)
	rest := spill[:n-len(buf)]
	copy(whole[len(buf):], rest)
	sys.ReleaseSpill(rest)
	return whole
}

// SetReadDeadline implements Transport.
func (t *Socket) SetReadDeadline(d time.Time) error { return t.s.SetReadDeadline(d) }

// PortID implements Transport.
func (t *Socket) PortID() uint32 { return t.s.PortID() }

// Limits implements Transport from SO_SNDBUF and SO_RCVBUF, read when the
// socket was configured.
func (t *Socket) Limits() (int, int) { return t.maxSend, t.recvQueue }

// readLimits reads SO_SNDBUF and SO_RCVBUF once.
func (t *Socket) readLimits() {
	snd, err := t.s.WriteBuffer()
	if err != nil {
		snd = 212992 // net.core.wmem_default, doubled as the kernel reports it
	}
	rcv, err := t.s.ReadBuffer()
	if err != nil {
		rcv = 212992
	}
	t.maxSend, t.recvQueue = snd-sendOverhead, rcv
}

// Close implements Transport.
func (t *Socket) Close() error {
	err := t.s.Close() // wakes a Recv blocked in another goroutine
	t.recvMu.Lock()
	defer t.recvMu.Unlock()
	if !t.closed {
		t.closed = true
		for _, b := range t.spill {
			sys.UnmapSpill(b)
		}
		t.spill = nil
	}
	return err
}

// JoinGroup subscribes to a multicast group.
func (t *Socket) JoinGroup(g uint32) error { return t.s.JoinGroup(g) }

// LeaveGroup unsubscribes from a multicast group.
func (t *Socket) LeaveGroup(g uint32) error { return t.s.LeaveGroup(g) }

// OpenSocket opens the netlink socket cfg describes — in cfg.NetNS,
// bound to cfg.PortID, with cfg's socket options and groups — and
// returns it as a Transport of its own; Buffers and BufferSize are a
// Conn's and unused here. Put it under a Conn with NewConn (ring.Dial
// does exactly that), possibly wrapped. Errors are Dial's.
func OpenSocket(cfg Config) (*Socket, error) {
	s, err := openSocket(&cfg)
	if err != nil {
		return nil, fmt.Errorf("ring: open socket: %w", err)
	}
	return s, nil
}

// openSocket opens and configures the kernel socket cfg describes.
func openSocket(cfg *Config) (*Socket, error) {
	var s *sys.Socket
	err := cfg.NetNS.Do(func() (err error) {
		s, err = sys.Open(cfg.Protocol, sys.Config{PortID: cfg.PortID})
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := configure(s, cfg); err != nil {
		s.Close()
		return nil, err
	}
	t := &Socket{s: s}
	t.readLimits()
	return t, nil
}

// configure applies cfg's socket options. Extended acks and strict checks
// are wanted by default but optional: a kernel that does not know them
// (ENOPROTOOPT) leaves them off without failing the open.
func configure(s *sys.Socket, cfg *Config) error {
	optional := func(err error) error {
		if err != nil && sys.IsNoProtoOpt(err) {
			return nil
		}
		return err
	}
	steps := []func() error{
		func() error { return optional(s.SetExtAck(!cfg.DisableExtAck)) },
		func() error { return optional(s.SetStrictCheck(!cfg.DisableStrictCheck)) },
		func() error { return onlyIf(cfg.CapAck, func() error { return s.SetCapAck(true) }) },
		func() error { return onlyIf(cfg.NoENOBUFS, func() error { return s.SetNoENOBUFS(true) }) },
		func() error { return onlyIf(cfg.ListenAllNSID, func() error { return s.SetListenAllNSID(true) }) },
		func() error {
			return onlyIf(cfg.ReadBuffer > 0, func() error { return s.SetReadBuffer(cfg.ReadBuffer, cfg.ForceReadBuffer) })
		},
		func() error {
			return onlyIf(cfg.WriteBuffer > 0, func() error { return s.SetWriteBuffer(cfg.WriteBuffer) })
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	for _, g := range cfg.Groups {
		if err := s.JoinGroup(g); err != nil {
			return err
		}
	}
	if len(cfg.Filter) > 0 {
		prog := make([]sys.SockFilter, len(cfg.Filter))
		for i, f := range cfg.Filter {
			prog[i] = sys.SockFilter(f)
		}
		return s.AttachFilter(prog)
	}
	return nil
}

func onlyIf(cond bool, fn func() error) error {
	if !cond {
		return nil
	}
	return fn()
}
