package rtnl

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/nlroute/nlroute/netns"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nlroute/nlroute/internal/sys"
	"github.com/nlroute/nlroute/ring"
)

// ServeAgent is the far side of [DialShell], what `ipr agent` runs: it
// opens an rtnetlink socket in the namespace netns names ("" for its
// own; a name under NetNSDir or a path), greets the client on out, then
// writes the requests that arrive on in to the socket and everything the
// socket receives (replies, and notifications of the groups the client
// joins) back to out, as frames of the agent protocol (see agentproto.go).
//
// It executes nothing else: a frame that is not the protocol, or a
// request that is not well-formed netlink, is refused — a refused frame
// with the reason on out, and an error — and ServeAgent returns. It
// returns nil when in ends (the client closed the connection), and ctx's
// error when ctx is done. Off Linux it fails at once with an error
// matching ErrNotSupported.
func ServeAgent(ctx context.Context, in io.Reader, out io.Writer, netns string) error {
	s, err := openKernelSocket(netnsOf(netns), ring.Config{})
	if err != nil {
		return fmt.Errorf("rtnl: agent: %w", err)
	}
	a := &agent{s: s, w: bufio.NewWriterSize(out, 64<<10)}
	maxSend, queue := s.Limits()
	if err := a.write(agentHello{PortID: s.PortID(), MaxSend: uint32(maxSend), RecvQueue: uint32(queue)}.appendTo(nil)); err != nil {
		s.Close()
		return fmt.Errorf("rtnl: agent: hello: %w", err)
	}
	recvDone := make(chan error, 1)
	go func() { recvDone <- a.pump() }()
	inDone := make(chan error, 1)
	go func() { inDone <- a.serve(in) }()
	var serr error
	pumped := false
	select {
	case serr = <-inDone:
	case serr = <-recvDone:
		// The socket failed: report it; the input loop ends with the
		// process (or when in is closed).
		pumped = true
	case <-ctx.Done():
		serr = ctx.Err()
	}
	s.Close()
	if !pumped {
		if rerr := <-recvDone; serr == nil && !errors.Is(rerr, errSocketClosed) {
			serr = rerr
		}
	}
	if serr != nil {
		return fmt.Errorf("rtnl: agent: %w", serr)
	}
	return nil
}

// MaybeServeAgent lets a program be the agent that [DialSSH] copies to a
// far side without ipr. Call it first thing in main. When the
// environment holds NLROUTE_AGENT=1 (the bootstrap sets it) and the
// arguments are ipr's agent command line, "agent" or "-n NETNS agent",
// it runs [ServeAgent] on standard input and output until the input
// ends, and exits: status 0, or 1 with the error on standard error (2
// for other arguments). Otherwise it returns at once, having recorded
// that this program can serve: DialSSH and DialSSHWith then default
// DialSSHOptions.AgentBinary to its executable (os.Executable).
//
//	func main() {
//		rtnl.MaybeServeAgent()
//		…
//	}
func MaybeServeAgent() {
	agentCapable.Store(true)
	if os.Getenv("NLROUTE_AGENT") != "1" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := serveAgentMain(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// serveAgentMain is MaybeServeAgent's agent: the exit status for args.
func serveAgentMain(ctx context.Context, args []string, in io.Reader, out, errw io.Writer) int {
	var netns string
	switch {
	case len(args) == 1 && args[0] == "agent":
	case len(args) == 3 && (args[0] == "-n" || args[0] == "--netns") && args[2] == "agent":
		netns = args[1]
	default:
		fmt.Fprintf(errw, "rtnl: agent: NLROUTE_AGENT=1 but the arguments are %q, not [-n NETNS] agent\n", args)
		return 2
	}
	if err := ServeAgent(ctx, in, out, netns); err != nil {
		fmt.Fprintln(errw, err)
		return 1
	}
	return 0
}

// netnsOf maps ServeAgent's netns argument to a sys.NetNS.
func netnsOf(ns string) sys.NetNS {
	switch {
	case ns == "":
		return sys.NetNS{}
	case strings.ContainsRune(ns, '/'):
		return sys.NetNSPath(ns)
	}
	return sys.NetNSPath(netns.Dir + "/" + ns)
}

var errSocketClosed = errors.New("socket closed")

// agent is ServeAgent's state.
type agent struct {
	s   *kernelSocket
	wmu sync.Mutex
	w   *bufio.Writer
}

// write writes whole frames to the client and flushes them.
func (a *agent) write(frames []byte) error {
	a.wmu.Lock()
	defer a.wmu.Unlock()
	if _, err := a.w.Write(frames); err != nil {
		return err
	}
	return a.w.Flush()
}

// refuse tells the client why the agent stops, and returns that as an
// error.
func (a *agent) refuse(why error) error {
	a.write(appendFrame(nil, frameRefused, []byte(why.Error())))
	return fmt.Errorf("refused: %w", why)
}

// serve reads the client's frames until in ends.
func (a *agent) serve(in io.Reader) error {
	fr := frameReader{r: in}
	var res [4]byte
	for {
		kind, p, err := fr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return a.refuse(err)
		}
		switch kind {
		case frameRequest:
			if err := checkAgentRequest(p); err != nil {
				return a.refuse(err)
			}
			if err := a.s.Send(p); err != nil {
				return a.refuse(fmt.Errorf("send: %w", err))
			}
		case frameJoin, frameLeave:
			if len(p) != 4 {
				return a.refuse(fmt.Errorf("%w: group frame of %d bytes", errNotAgent, len(p)))
			}
			g := binary.BigEndian.Uint32(p)
			var err error
			if kind == frameJoin {
				err = a.s.JoinGroup(g)
			} else {
				err = a.s.LeaveGroup(g)
			}
			var errno syscall.Errno
			if err != nil && !errors.As(err, &errno) {
				errno = syscall.EINVAL
			}
			binary.BigEndian.PutUint32(res[:], uint32(errno))
			if err := a.write(appendFrame(nil, frameResult, res[:])); err != nil {
				return err
			}
		default:
			return a.refuse(fmt.Errorf("%w: a client does not send frames of kind %d", errNotAgent, kind))
		}
	}
}

// pump forwards every datagram the socket receives to the client.
func (a *agent) pump() error {
	bufs := [][]byte{make([]byte, 64<<10)}
	var dg [1]ring.Datagram
	var frame []byte
	for {
		n, err := a.s.Recv(bufs, dg[:])
		switch {
		case errors.Is(err, syscall.ENOBUFS):
			if err := a.write(appendFrame(frame[:0], frameOverrun)); err != nil {
				return err
			}
			continue
		case errors.Is(err, errSocketClosed):
			return err
		case err != nil:
			return fmt.Errorf("receive: %w", err)
		}
		for i := range n {
			d := dg[i]
			head := appendDatagramHead(make([]byte, 0, agentDgHeadLen), d.PortID, d.Groups, d.NSID, d.HasNSID)
			frame = appendFrame(frame[:0], frameDatagram, head, bufs[i][:d.N])
			if err := a.write(frame); err != nil {
				return err
			}
		}
	}
}

// kernelSocket is a ring.Transport over a netlink socket of package sys
// that receives every datagram whole (it measures each with MSG_PEEK and
// grows the buffer first), one per Recv. The agent and DialChaos use it;
// ring.Dial's own transport is ring's.
type kernelSocket struct {
	s                  *sys.Socket
	maxSend, recvQueue int
}

// openKernelSocket opens an rtnetlink socket in ns with cfg's options:
// extended acks and strict checking unless disabled, buffer sizes,
// NoENOBUFS, CapAck, ListenAllNSID and groups.
func openKernelSocket(ns sys.NetNS, cfg ring.Config) (*kernelSocket, error) {
	s, err := sys.Open(cfg.Protocol, sys.Config{NetNS: ns, PortID: cfg.PortID})
	if err != nil {
		return nil, err
	}
	ks := &kernelSocket{s: s}
	if err := ks.configure(cfg); err != nil {
		s.Close()
		return nil, err
	}
	snd, err1 := s.WriteBuffer()
	rcv, err2 := s.ReadBuffer()
	if err1 != nil || err2 != nil {
		snd, rcv = 212992, 212992
	}
	ks.maxSend, ks.recvQueue = min(snd-32, maxAgentFrame), rcv
	return ks, nil
}

func (k *kernelSocket) configure(cfg ring.Config) error {
	optional := func(err error) error {
		if errors.Is(err, syscall.ENOPROTOOPT) {
			return nil
		}
		return err
	}
	steps := []func() error{
		func() error { return optional(k.s.SetExtAck(!cfg.DisableExtAck)) },
		func() error { return optional(k.s.SetStrictCheck(!cfg.DisableStrictCheck)) },
	}
	if cfg.CapAck {
		steps = append(steps, func() error { return k.s.SetCapAck(true) })
	}
	if cfg.NoENOBUFS {
		steps = append(steps, func() error { return k.s.SetNoENOBUFS(true) })
	}
	if cfg.ListenAllNSID {
		steps = append(steps, func() error { return k.s.SetListenAllNSID(true) })
	}
	if cfg.ReadBuffer > 0 {
		steps = append(steps, func() error { return k.s.SetReadBuffer(cfg.ReadBuffer, cfg.ForceReadBuffer) })
	}
	if cfg.WriteBuffer > 0 {
		steps = append(steps, func() error { return k.s.SetWriteBuffer(cfg.WriteBuffer) })
	}
	for _, g := range cfg.Groups {
		steps = append(steps, func() error { return k.s.JoinGroup(g) })
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// Send implements ring.Transport.
func (k *kernelSocket) Send(p []byte) error {
	_, err := k.s.Sendmsg(p, 0)
	return err
}

// Recv implements ring.Transport: it waits for one datagram, measures
// it, and receives it whole into bufs[0] (replaced by a larger slice
// when it does not fit).
func (k *kernelSocket) Recv(bufs [][]byte, out []ring.Datagram) (int, error) {
	if len(bufs) == 0 || len(out) == 0 {
		return 0, nil
	}
	d, err := k.s.Recvmsg(nil, sys.MsgPeek)
	if err != nil {
		return 0, k.classify(err)
	}
	if d.N > len(bufs[0]) {
		bufs[0] = make([]byte, d.N)
	}
	d, err = k.s.Recvmsg(bufs[0], 0)
	if err != nil {
		return 0, k.classify(err)
	}
	out[0] = ring.Datagram{N: d.N, PortID: d.PortID, Groups: d.Groups, NSID: d.NSID, HasNSID: d.HasNSID}
	return 1, nil
}

// classify maps a closed socket to errSocketClosed, keeping the cause
// (os.ErrClosed) for ring.Conn.
func (k *kernelSocket) classify(err error) error {
	if errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("%w: %w", errSocketClosed, err)
	}
	return err
}

// SetReadDeadline implements ring.Transport.
func (k *kernelSocket) SetReadDeadline(t time.Time) error { return k.s.SetReadDeadline(t) }

// PortID implements ring.Transport.
func (k *kernelSocket) PortID() uint32 { return k.s.PortID() }

// Limits implements ring.Transport.
func (k *kernelSocket) Limits() (int, int) { return k.maxSend, k.recvQueue }

// Close implements ring.Transport.
func (k *kernelSocket) Close() error { return k.s.Close() }

// JoinGroup subscribes to a multicast group.
func (k *kernelSocket) JoinGroup(g uint32) error { return k.s.JoinGroup(g) }

// LeaveGroup unsubscribes from a multicast group.
func (k *kernelSocket) LeaveGroup(g uint32) error { return k.s.LeaveGroup(g) }
