package remote

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
)

// Serve is the far side of [Dial], what `ipr agent` runs: it opens an
// rtnetlink socket with ring.OpenSocket in the namespace o.NetNS names,
// greets the client on out, then writes the requests that arrive on in
// to the socket and everything the socket receives (replies, and
// notifications of the groups the client joins) back to out, as frames
// of the agent protocol (see proto.go).
//
// It executes nothing else. Every refusal is a refused frame with the
// reason on out (the client's Dial fails its requests with an error
// naming it), then Serve returns an error saying "refused": a frame
// that is not the protocol or over o.MaxFrame, a request that is not
// well-formed netlink, a message type o's policy (ReadOnly, Allow) does
// not allow, a frame not complete within o.FrameTimeout of its first
// byte, and no frame for o.IdleTimeout from a client in no group. A
// client that reads nothing of a frame for o.FrameTimeout ends it too
// (with no refused frame: it would not be read). Then Serve returns
// without waiting for a Read of in that is under way; if in has a
// SetReadDeadline method (an *os.File, a net.Conn) it is set to the
// past to end it.
//
// It returns nil when in ends (the client closed the connection), and
// ctx's error when ctx is done. Off Linux it fails at once with an
// error matching errors.ErrUnsupported.
func Serve(ctx context.Context, in io.Reader, out io.Writer, o ServeOptions) error {
	s, err := ring.OpenSocket(ring.Config{NetNS: netns.Of(o.NetNS)})
	if err != nil {
		return fmt.Errorf("remote: agent: %w", err)
	}
	frameTO, idleTO := o.timeouts()
	a := &agent{s: s, w: bufio.NewWriterSize(out, 64<<10), o: o, wd: newWatchdog(frameTO, idleTO)}
	maxSend, queue := s.Limits()
	maxSend = min(maxSend, o.maxFrame())
	if err := a.write(agentHello{PortID: s.PortID(), MaxSend: uint32(maxSend), RecvQueue: uint32(queue)}.appendTo(nil)); err != nil {
		s.Close()
		return fmt.Errorf("remote: agent: hello: %w", err)
	}
	a.wd.frameDone()
	recvDone := make(chan error, 1)
	go func() { recvDone <- a.pump() }()
	inDone := make(chan error, 1)
	go func() { inDone <- a.serve(in) }()
	serr, pumped := a.wait(ctx, inDone, recvDone)
	a.ended.Store(true)
	s.Close()
	if d, ok := in.(interface{ SetReadDeadline(time.Time) error }); ok {
		d.SetReadDeadline(time.Unix(1, 0))
	}
	if !pumped {
		// The pump ends with the socket, unless a write to a client
		// that does not read holds it.
		select {
		case rerr := <-recvDone:
			if serr == nil && !isClosed(rerr) {
				serr = rerr
			}
		case <-time.After(time.Second):
		}
	}
	if serr != nil {
		return fmt.Errorf("remote: agent: %w", serr)
	}
	return nil
}

// wait waits for the end of the connection: the input or the socket
// ending, ctx done, or a deadline of the watchdog passing. pumped says
// the socket's pump ended.
func (a *agent) wait(ctx context.Context, inDone, recvDone <-chan error) (err error, pumped bool) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		next, stalled, why := a.wd.check(time.Now())
		if why != nil {
			if stalled {
				return fmt.Errorf("refused: %w", why), false
			}
			return a.refuseWithin(why, time.Second), false
		}
		timer.Stop()
		var tc <-chan time.Time
		if !next.IsZero() {
			timer.Reset(time.Until(next))
			tc = timer.C
		}
		select {
		case err := <-inDone:
			return err, false
		case err := <-recvDone:
			// The socket failed: report it; the input loop ends with the
			// process (or when in is closed).
			return err, true
		case <-ctx.Done():
			return ctx.Err(), false
		case <-tc:
		case <-a.wd.wake:
		}
	}
}

// MaybeServe lets a program be the agent that [Dial] copies to an ssh
// far side without ipr. Call it first thing in main. When the
// environment holds NLROUTE_AGENT=1 (the bootstrap sets it) and the
// arguments are ipr's agent command line, "agent" or "-n NETNS agent",
// it runs [Serve] on standard input and output until the input ends,
// and exits: status 0, or 1 with the error on standard error (2 for
// other arguments). Otherwise it returns at once, having recorded that
// this program can serve: Dial then defaults Options.AgentBinary to its
// executable (os.Executable).
//
//	func main() {
//		remote.MaybeServe()
//		…
//	}
func MaybeServe() {
	agentCapable.Store(true)
	if os.Getenv("NLROUTE_AGENT") != "1" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := serveAgentMain(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// serveAgentMain is MaybeServe's agent: the exit status for args.
func serveAgentMain(ctx context.Context, args []string, in io.Reader, out, errw io.Writer) int {
	var ns string
	switch {
	case len(args) == 1 && args[0] == "agent":
	case len(args) == 3 && (args[0] == "-n" || args[0] == "--netns") && args[2] == "agent":
		ns = args[1]
	default:
		fmt.Fprintf(errw, "remote: agent: NLROUTE_AGENT=1 but the arguments are %q, not [-n NETNS] agent\n", args)
		return 2
	}
	if err := Serve(ctx, in, out, ServeOptions{NetNS: ns}); err != nil {
		fmt.Fprintln(errw, err)
		return 1
	}
	return 0
}

// isClosed reports whether err is the socket's, closed under a Recv.
func isClosed(err error) bool { return errors.Is(err, os.ErrClosed) || errors.Is(err, net.ErrClosed) }

// agent is Serve's state.
type agent struct {
	s     *ring.Socket
	o     ServeOptions
	wd    *watchdog
	ended atomic.Bool // Serve returned: write nothing more
	wmu   sync.Mutex
	w     *bufio.Writer
}

// errEnded is the error of a write after Serve returned.
var errEnded = errors.New("the agent has ended")

// write writes whole frames to the client and flushes them.
func (a *agent) write(frames []byte) error {
	a.wmu.Lock()
	defer a.wmu.Unlock()
	if a.ended.Load() {
		return errEnded
	}
	a.wd.writing(true)
	defer a.wd.writing(false)
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

// refuseWithin is refuse giving up on the refused frame after d (a
// write under way to a client that reads slowly holds it).
func (a *agent) refuseWithin(why error, d time.Duration) error {
	done := make(chan struct{})
	go func() {
		a.write(appendFrame(nil, frameRefused, []byte(why.Error())))
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d):
	}
	return fmt.Errorf("refused: %w", why)
}

// serve reads the client's frames until in ends.
func (a *agent) serve(in io.Reader) error {
	fr := frameReader{r: watchedReader{in, a.wd}, max: a.o.maxFrame()}
	var res [4]byte
	for {
		kind, p, err := fr.next()
		if a.ended.Load() {
			return nil
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return a.refuse(err)
		}
		a.wd.frameDone()
		switch kind {
		case frameRequest:
			if err := checkAgentRequest(p); err != nil {
				return a.refuse(err)
			}
			if err := a.o.checkPolicy(p); err != nil {
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
			if err == nil {
				a.wd.group(g, kind == frameJoin)
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

// pump forwards every datagram the socket receives to the client. The
// socket receives a datagram longer than its buffer whole (its spill
// region, up to a MiB more); the one longer still that the kernel could
// send is forwarded cut to what arrived, which the client's Conn then
// refuses as malformed rather than misreads.
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
		case isClosed(err):
			return err
		case err != nil:
			return fmt.Errorf("receive: %w", err)
		}
		for i := range n {
			d := dg[i]
			head := appendDatagramHead(make([]byte, 0, agentDgHeadLen), d.PortID, d.Groups, d.NSID, d.HasNSID)
			frame = appendFrame(frame[:0], frameDatagram, head, bufs[i][:min(d.N, len(bufs[i]))])
			if err := a.write(frame); err != nil {
				return err
			}
		}
	}
}
