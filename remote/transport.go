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
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// DefaultTimeout bounds the wait for an agent's hello (and for ssh's
// bootstrap before it) when the context given to Dial has no deadline.
const DefaultTimeout = 30 * time.Second

// remoteTransport is the ring.Transport of Dial: frames over the
// standard input and output of a command.
type remoteTransport struct {
	cmd    *exec.Cmd
	name   string
	stdin  io.WriteCloser
	stderr *tailBuffer
	hello  agentHello
	// boot, when set, runs on the agent's standard input and output
	// before the hello (the ssh bootstrap).
	boot func(stdin io.Writer, stdout *bufio.Reader) error

	wmu   sync.Mutex // frame writes
	frame []byte

	ctlMu  sync.Mutex // one join or leave at a time
	ctlRes chan uint32

	items   chan remoteItem // what the agent received, in order
	pending *remoteItem     // taken from items but not yet delivered
	wake    chan struct{}   // SetReadDeadline changed the deadline
	dmu     sync.Mutex
	dl      time.Time

	failed  chan struct{} // closed with failErr set: the agent is gone
	failErr error
	// inflight holds the headers of the requests sent and not yet
	// answered with NLMSG_ERROR or NLMSG_DONE; when the agent is gone,
	// each gets an error reply (orphans), so that every request ends —
	// a dump too, which lets the Conn start the next one.
	imu      sync.Mutex
	inflight map[uint32][wire.HeaderLen]byte
	orphans  []remoteItem
	failOne  sync.Once
	closed   chan struct{}
	closeMu  sync.Once
	exited   chan struct{} // cmd.Wait returned
	waitErr  error
	readEnd  chan struct{} // the reader goroutine ended
}

// remoteItem is one datagram (or overrun) the agent forwarded.
type remoteItem struct {
	data    []byte
	dg      ring.Datagram
	overrun bool
}

// startAgent starts argv and waits for its hello.
func startAgent(ctx context.Context, argv []string) (*remoteTransport, error) {
	return startAgentBoot(ctx, argv, nil)
}

// startAgentBoot is startAgent with boot run on the command's standard
// input and output before the hello (nil: none).
func startAgentBoot(ctx context.Context, argv []string, boot func(io.Writer, *bufio.Reader) error) (*remoteTransport, error) {
	t := &remoteTransport{
		boot:     boot,
		name:     argv[0],
		stderr:   &tailBuffer{max: 4 << 10},
		ctlRes:   make(chan uint32, 1),
		items:    make(chan remoteItem, 256),
		wake:     make(chan struct{}, 1),
		failed:   make(chan struct{}),
		closed:   make(chan struct{}),
		exited:   make(chan struct{}),
		readEnd:  make(chan struct{}),
		inflight: map[uint32][wire.HeaderLen]byte{},
	}
	t.cmd = exec.Command(argv[0], argv[1:]...)
	t.cmd.Stderr = t.stderr
	t.cmd.WaitDelay = time.Second
	var err error
	if t.stdin, err = t.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	// Standard output is a pipe of our own rather than StdoutPipe,
	// which Wait closes as soon as the command exits, losing what it
	// wrote last (a refusal, or a hello followed by an exit).
	stdout, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	t.cmd.Stdout = pw
	err = t.cmd.Start()
	pw.Close()
	if err != nil {
		stdout.Close()
		return nil, err
	}
	go func() {
		t.waitErr = t.cmd.Wait()
		close(t.exited)
		// A child the command left behind may hold the pipe open: give
		// the reader a moment to drain it, then end it.
		select {
		case <-t.readEnd:
		case <-time.After(time.Second):
			stdout.Close()
		}
	}()
	helloc := make(chan error, 1)
	go func() {
		t.read(stdout, helloc)
		stdout.Close()
	}()
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	select {
	case err = <-helloc:
	case <-ctx.Done():
		err = fmt.Errorf("no hello from the agent: %w", ctx.Err())
	}
	if err != nil {
		t.kill()
		return nil, t.withStderr(err)
	}
	return t, nil
}

// read is the reader goroutine: the hello, then every frame until the
// stream ends.
func (t *remoteTransport) read(stdout io.Reader, helloc chan<- error) {
	defer close(t.readEnd)
	fr := frameReader{r: stdout}
	if t.boot != nil {
		br := bufio.NewReader(stdout)
		if err := t.boot(t.stdin, br); err != nil {
			err = t.exitError(err)
			helloc <- err
			t.fail(err)
			return
		}
		fr.r = br
	}
	kind, p, err := fr.next()
	if err == nil {
		t.hello, err = parseHello(kind, p)
	}
	if err != nil {
		if errors.Is(err, errNotAgent) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = t.exitError(fmt.Errorf("the command is not an nlroute agent: %w", err))
		}
		helloc <- err
		t.fail(err)
		return
	}
	helloc <- nil
	for {
		kind, p, err := fr.next()
		if err != nil {
			t.fail(t.exitError(fmt.Errorf("agent stream: %w", err)))
			return
		}
		switch kind {
		case frameDatagram:
			if len(p) < agentDgHeadLen {
				t.fail(fmt.Errorf("%w: datagram frame of %d bytes", errNotAgent, len(p)))
				return
			}
			it := remoteItem{data: append([]byte(nil), p[agentDgHeadLen:]...)}
			t.answered(it.data)
			it.dg = ring.Datagram{N: len(it.data), PortID: binary.BigEndian.Uint32(p[0:]),
				Groups: binary.BigEndian.Uint32(p[4:]), NSID: int32(binary.BigEndian.Uint32(p[8:])),
				HasNSID: binary.BigEndian.Uint32(p[12:])&1 != 0}
			if !t.deliver(it) {
				return
			}
		case frameOverrun:
			if !t.deliver(remoteItem{overrun: true}) {
				return
			}
		case frameResult:
			if len(p) != 4 {
				t.fail(fmt.Errorf("%w: result frame of %d bytes", errNotAgent, len(p)))
				return
			}
			select {
			case t.ctlRes <- binary.BigEndian.Uint32(p):
			default:
				t.fail(fmt.Errorf("%w: a result nobody asked for", errNotAgent))
				return
			}
		case frameRefused:
			t.fail(t.exitError(fmt.Errorf("agent refused: %s", p)))
			return
		default:
			t.fail(fmt.Errorf("%w: unexpected frame kind %d from the agent", errNotAgent, kind))
			return
		}
	}
}

// deliver queues it for Recv, waiting while the queue is full (which
// holds the agent back, and lets its socket overrun as a local one
// would). It reports false when the transport failed or closed.
func (t *remoteTransport) deliver(it remoteItem) bool {
	select {
	case t.items <- it:
		return true
	case <-t.failed:
	case <-t.closed:
	}
	return false
}

// exitError adds the agent's exit status (when it exited within a
// moment) to err.
func (t *remoteTransport) exitError(err error) error {
	select {
	case <-t.exited:
		if t.waitErr != nil {
			return fmt.Errorf("agent exited (%v): %w", t.waitErr, err)
		}
		return fmt.Errorf("agent exited: %w", err)
	case <-time.After(time.Second):
		return err
	case <-t.closed:
		return err
	}
}

// withStderr adds the tail of the agent's standard error to err.
func (t *remoteTransport) withStderr(err error) error {
	if s := strings.TrimSpace(t.stderr.String()); s != "" {
		return fmt.Errorf("%w; its stderr: %q", err, s)
	}
	return err
}

// fail records the first fatal error, makes the error replies of the
// requests in flight, and wakes every waiter.
func (t *remoteTransport) fail(err error) {
	t.failOne.Do(func() {
		t.failErr = fmt.Errorf("remote: %s: %w", t.name, t.withStderr(err))
		t.imu.Lock()
		msg := t.failErr.Error()
		for _, h := range t.inflight {
			data := ring.AppendErrorReply(nil, h[:], t.hello.PortID, syscall.ECONNRESET, msg)
			t.orphans = append(t.orphans, remoteItem{data: data, dg: ring.Datagram{N: len(data)}})
		}
		clear(t.inflight)
		t.imu.Unlock()
		close(t.failed)
	})
}

// sent records the requests of p as in flight.
func (t *remoteTransport) sent(p []byte) {
	t.imu.Lock()
	defer t.imu.Unlock()
	for i := 0; i+wire.HeaderLen <= len(p); {
		l := int(binary.NativeEndian.Uint32(p[i:]))
		t.inflight[binary.NativeEndian.Uint32(p[i+8:])] = [wire.HeaderLen]byte(p[i : i+wire.HeaderLen])
		i += wire.Align(max(l, wire.HeaderLen))
	}
}

// answered forgets the requests a datagram ends (NLMSG_ERROR, NLMSG_DONE).
func (t *remoteTransport) answered(data []byte) {
	it := wire.NewMessages(data)
	for it.Next() {
		if h := it.Message().Header; h.Type == wire.TypeError || h.Type == wire.TypeDone {
			t.imu.Lock()
			delete(t.inflight, h.Seq)
			t.imu.Unlock()
		}
	}
}

// Send implements ring.Transport: p goes to the agent as one request
// frame, after the checks the agent makes.
func (t *remoteTransport) Send(p []byte) error {
	if err := checkAgentRequest(p); err != nil {
		return fmt.Errorf("remote: %w", err)
	}
	t.sent(p)
	return t.writeFrame(frameRequest, p)
}

func (t *remoteTransport) writeFrame(kind uint8, p []byte) error {
	select {
	case <-t.closed:
		return net.ErrClosed
	case <-t.failed:
		return t.failErr
	default:
	}
	t.wmu.Lock()
	defer t.wmu.Unlock()
	t.frame = appendFrame(t.frame[:0], kind, p)
	if _, err := t.stdin.Write(t.frame); err != nil {
		select {
		case <-t.closed:
			return net.ErrClosed
		default:
		}
		t.fail(t.exitError(fmt.Errorf("write to the agent: %w", err)))
		return t.failErr
	}
	return nil
}

// Recv implements ring.Transport.
func (t *remoteTransport) Recv(bufs [][]byte, out []ring.Datagram) (int, error) {
	n := min(len(bufs), len(out))
	if n == 0 {
		return 0, nil
	}
	first, err := t.waitItem()
	if err != nil {
		return 0, err
	}
	if first.overrun {
		return 0, syscall.ENOBUFS
	}
	put := func(i int, it remoteItem) {
		if len(it.data) > len(bufs[i]) {
			bufs[i] = it.data
		} else {
			copy(bufs[i], it.data)
		}
		out[i] = it.dg
	}
	put(0, first)
	got := 1
	for got < n {
		select {
		case it := <-t.items:
			if it.overrun {
				t.pending = &it
				return got, nil
			}
			put(got, it)
			got++
		default:
			return got, nil
		}
	}
	return got, nil
}

// waitItem returns the next item, waiting until one arrives, the
// deadline passes, or the transport fails or closes.
func (t *remoteTransport) waitItem() (remoteItem, error) {
	if p := t.pending; p != nil {
		t.pending = nil
		return *p, nil
	}
	for {
		t.dmu.Lock()
		dl := t.dl
		t.dmu.Unlock()
		var timer <-chan time.Time
		if !dl.IsZero() {
			d := time.Until(dl)
			if d <= 0 {
				return remoteItem{}, os.ErrDeadlineExceeded
			}
			tm := time.NewTimer(d)
			defer tm.Stop()
			timer = tm.C
		}
		select {
		case it := <-t.items:
			return it, nil
		case <-t.closed:
			return remoteItem{}, net.ErrClosed
		case <-t.failed:
			// Deliver what arrived before the failure first, then the
			// error replies of the requests left in flight.
			select {
			case it := <-t.items:
				return it, nil
			default:
			}
			t.imu.Lock()
			defer t.imu.Unlock()
			if len(t.orphans) > 0 {
				it := t.orphans[0]
				t.orphans = t.orphans[1:]
				return it, nil
			}
			return remoteItem{}, t.failErr
		case <-timer:
			return remoteItem{}, os.ErrDeadlineExceeded
		case <-t.wake:
		}
	}
}

// SetReadDeadline implements ring.Transport.
func (t *remoteTransport) SetReadDeadline(d time.Time) error {
	t.dmu.Lock()
	t.dl = d
	t.dmu.Unlock()
	select {
	case t.wake <- struct{}{}:
	default:
	}
	return nil
}

// PortID implements ring.Transport: the agent's socket's port.
func (t *remoteTransport) PortID() uint32 { return t.hello.PortID }

// Limits implements ring.Transport with the agent's socket's limits.
func (t *remoteTransport) Limits() (int, int) {
	return int(min(t.hello.MaxSend, maxAgentFrame)), int(t.hello.RecvQueue)
}

// JoinGroup asks the agent to join multicast group g.
func (t *remoteTransport) JoinGroup(g uint32) error { return t.group(frameJoin, g) }

// LeaveGroup asks the agent to leave multicast group g.
func (t *remoteTransport) LeaveGroup(g uint32) error { return t.group(frameLeave, g) }

func (t *remoteTransport) group(kind uint8, g uint32) error {
	t.ctlMu.Lock()
	defer t.ctlMu.Unlock()
	var p [4]byte
	binary.BigEndian.PutUint32(p[:], g)
	if err := t.writeFrame(kind, p[:]); err != nil {
		return err
	}
	select {
	case errno := <-t.ctlRes:
		if errno != 0 {
			return syscall.Errno(errno)
		}
		return nil
	case <-t.failed:
		return t.failErr
	case <-t.closed:
		return net.ErrClosed
	}
}

// Close implements ring.Transport: it closes the agent's input, which
// ends it, and kills it if it has not exited within a second.
func (t *remoteTransport) Close() error {
	t.closeMu.Do(func() {
		close(t.closed)
		t.stdin.Close()
		select {
		case <-t.exited:
		case <-time.After(time.Second):
			t.cmd.Process.Kill()
			<-t.exited
		}
		<-t.readEnd
	})
	return nil
}

// kill ends a transport that never became one.
func (t *remoteTransport) kill() {
	t.closeMu.Do(func() {
		close(t.closed)
		t.stdin.Close()
		t.cmd.Process.Kill()
		<-t.exited
		<-t.readEnd
	})
}

// tailBuffer keeps the last max bytes written to it: an agent's standard
// error, for messages.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b = append(b.b, p...)
	if len(b.b) > b.max {
		b.b = append(b.b[:0], b.b[len(b.b)-b.max:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.b)
}
