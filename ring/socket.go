package ring

import (
	"time"

	"github.com/nlroute/nlroute/internal/sys"
)

// sendOverhead is what netlink_sendmsg keeps of the send buffer for
// itself: a datagram longer than SO_SNDBUF less this fails with EMSGSIZE.
const sendOverhead = 32

// sockTransport is the kernel Transport: a netlink socket of package sys.
type sockTransport struct {
	s   *sys.Socket
	dgs []sys.Datagram // Recvmmsg's descriptions, reused

	maxSend, recvQueue int // read once after configuration
}

// Send implements Transport.
func (t *sockTransport) Send(p []byte) error {
	_, err := t.s.Sendmsg(p, 0)
	return err
}

// Recv implements Transport with one recvmmsg(2).
func (t *sockTransport) Recv(bufs [][]byte, out []Datagram) (int, error) {
	n := min(len(bufs), len(out))
	if len(t.dgs) < n {
		t.dgs = make([]sys.Datagram, n)
	}
	got, err := t.s.Recvmmsg(bufs[:n], t.dgs[:n], 0)
	for i := range got {
		d := &t.dgs[i]
		out[i] = Datagram{N: d.N, PortID: d.PortID, Groups: d.Groups, NSID: d.NSID, HasNSID: d.HasNSID}
	}
	return got, err
}

// SetReadDeadline implements Transport.
func (t *sockTransport) SetReadDeadline(d time.Time) error { return t.s.SetReadDeadline(d) }

// PortID implements Transport.
func (t *sockTransport) PortID() uint32 { return t.s.PortID() }

// Limits implements Transport from SO_SNDBUF and SO_RCVBUF, read when the
// socket was configured.
func (t *sockTransport) Limits() (int, int) { return t.maxSend, t.recvQueue }

// readLimits reads SO_SNDBUF and SO_RCVBUF once.
func (t *sockTransport) readLimits() {
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
func (t *sockTransport) Close() error { return t.s.Close() }

// JoinGroup subscribes to a multicast group.
func (t *sockTransport) JoinGroup(g uint32) error { return t.s.JoinGroup(g) }

// LeaveGroup unsubscribes from a multicast group.
func (t *sockTransport) LeaveGroup(g uint32) error { return t.s.LeaveGroup(g) }

// openSocket opens and configures the kernel socket cfg describes.
func openSocket(cfg *Config) (*sockTransport, error) {
	s, err := sys.Open(cfg.Protocol, sys.Config{NetNS: cfg.NetNS.ns, PortID: cfg.PortID})
	if err != nil {
		return nil, err
	}
	if err := configure(s, cfg); err != nil {
		s.Close()
		return nil, err
	}
	t := &sockTransport{s: s}
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
