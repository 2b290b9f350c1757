package ring

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/nlroute/nlroute/wire"
)

// AckMode says how a [Pipeline] learns the outcome of its requests.
type AckMode uint8

const (
	// AckErrors sends requests without NLM_F_ACK, so the kernel answers
	// only the ones it refuses (it always answers a failure), and sets
	// NLM_F_ACK on the last request of every send: a barrier. Netlink
	// processes one socket's requests in order, so the barrier's answer
	// proves that every request before it was processed, and that the
	// errors of the failed ones have already been queued ahead of it.
	// This halves the datagrams the kernel builds and the Pipeline reads.
	// It is the zero value.
	AckErrors AckMode = iota

	// AckEach sets NLM_F_ACK on every request: the kernel answers each
	// one, with an ack or an error. An ack echoes only the request's
	// header; an error echoes the whole request unless Config.CapAck.
	AckEach
)

// String returns "per-msg" or "errors", the names nlbench uses.
func (m AckMode) String() string {
	switch m {
	case AckEach:
		return "per-msg"
	case AckErrors:
		return "errors"
	}
	return "AckMode(" + strconv.Itoa(int(m)) + ")"
}

// ParseAckMode parses "per-msg" (also "each", "ack") or "errors" (also
// "errors-only").
func ParseAckMode(s string) (AckMode, error) {
	switch s {
	case "per-msg", "each", "ack":
		return AckEach, nil
	case "errors", "errors-only":
		return AckErrors, nil
	}
	return 0, fmt.Errorf("ring: ack mode %q: want per-msg or errors", s)
}

// PipelineOptions configures [Conn.Pipeline]. The zero value acks only
// refusals and one barrier per send (AckErrors), keeps as many requests in flight as the receive queue holds
// answers for, and sends up to DefaultPipelineSend bytes per sendmsg.
type PipelineOptions struct {
	// Op names the operation in errors ("route add"); "" is "pipeline".
	Op string

	// Ack is the ack mode; the zero value is AckErrors.
	Ack AckMode

	// Window bounds the requests in flight: sent, with their outcome not
	// yet known. 0 (or a larger value) means the most whose worst-case
	// answers (each an error echoing its request) fit three quarters of
	// the receive queue, so the queue never overflows, and with AckEach
	// at most DefaultAckEachWindow. A smaller window means smaller sends
	// and more system calls.
	Window int

	// SendSize bounds the bytes of one sendmsg; 0 means
	// DefaultPipelineSend. The socket's send buffer (Config.WriteBuffer)
	// caps it too.
	SendSize int

	// OnError, when set, is called with the index of each refused
	// request (its position among the requests queued, from 0), its
	// error, a *wire.OpError carrying the kernel's errno and
	// extended-ack text, and the request as the kernel echoed it: the
	// whole message, header included, or its header alone on a socket
	// that caps acks (Config.CapAck). The echo is borrowed for the call.
	// OnError runs on the goroutine calling the Pipeline (End, Commit,
	// Append, Flush, Close) that read the answer, before that call
	// returns. When OnError is nil the failures are kept instead
	// and read with [Pipeline.Failures].
	OnError func(index int, err error, echo []byte)

	// OnAck, when set, is called with the index of each request the
	// kernel acknowledged as done: every successful request with
	// AckEach, only the barriers with AckErrors. It runs where OnError
	// does, in the order of the answers.
	OnAck func(index int)
}

// DefaultPipelineSend is the default bound on the bytes of one send of a
// Pipeline: big enough that the system call's cost vanishes per request
// (about 4,000 route adds), small enough that the kernel's copy of the
// datagram stays cheap.
const DefaultPipelineSend = 256 << 10

// pipelineSeqBlock is how many sequence numbers a Pipeline reserves at a
// time. When a block is used up the Pipeline waits for its requests in
// flight and reserves the next, once per four million requests.
const pipelineSeqBlock = 1 << 22

// RequestError is one refused request of a [Pipeline], as
// [Pipeline.Failures] keeps it.
type RequestError struct {
	Index int   // the request's position among those queued, from 0
	Err   error // a *wire.OpError
}

// Error returns the index and the kernel's error.
func (e *RequestError) Error() string {
	return "ring: request " + strconv.Itoa(e.Index) + ": " + e.Err.Error()
}

// Unwrap returns the kernel's error.
func (e *RequestError) Unwrap() error { return e.Err }

// PipelineStats counts a Pipeline's requests.
type PipelineStats struct {
	Queued      int // requests queued (Begin/End or Append)
	Sent        int // requests sent
	Done        int // requests whose outcome is known
	Failed      int // requests the kernel refused
	MaxInFlight int // the most requests ever sent with their outcome unknown
	Window      int // the window in effect now
}

// Pipeline streams requests to the kernel: they are built (or copied)
// into a pooled send buffer, sent many per sendmsg with their own
// sequence numbers, and their answers are read with recvmmsg as room in
// the window is needed, each matched to its request by sequence number.
// A refused request is reported with its index, so none is lost or
// confused with another, whatever the ack mode.
//
//	p, err := c.Pipeline(ctx, ring.PipelineOptions{Op: "route add", Ack: ring.AckErrors,
//		OnError: func(i int, err error, _ []byte) { log.Printf("route %d: %v", i, err) }})
//	if err != nil { ... }
//	defer p.Close()
//	for _, r := range routes {
//		b := p.Begin(unix.RTM_NEWROUTE, wire.FlagCreate|wire.FlagExcl)
//		b.PutFixed(rtmsg) // …attributes…
//		if _, err := p.End(); err != nil { ... }
//	}
//	err = p.Flush() // every outcome known
//
// With AckErrors, once a send's worth of requests is queued it is handed
// to a sender goroutine of the Pipeline's, started on the first such
// send, and the next requests are built into a second buffer while the
// kernel processes the first: the caller's encoding overlaps the
// kernel's work, as it cannot within one thread. Answers are read, and
// OnError and OnAck run, on the caller's goroutine only; Flush sends
// what is left itself.
//
// Requests must be ones the kernel answers with at most an ack or an
// error (adds, replaces, deletes), not dumps. The Pipeline sets
// NLM_F_REQUEST, sets or clears NLM_F_ACK as its mode says, and stamps
// the sequence number; every other flag is the caller's.
//
// Errors of the pipeline as a whole (a send failure, [ErrOverrun],
// [ErrClosed], the context's error) are sticky: every later call returns
// them, and the requests sent but not known to be done (from
// Stats().Done on) have an unknown outcome. With warm buffers, whatever
// the context, queueing, sending and reading the
// answers of requests that succeed allocates nothing.
//
// A Pipeline is used by one goroutine; other goroutines may use the Conn
// meanwhile. It holds one of the Conn's in-flight slots until Close.
type Pipeline struct {
	c    *Conn
	ctx  context.Context
	opts PipelineOptions
	w    *waiter
	buf  *[]byte // pooled send buffer, owned by b until Close
	b    wire.Builder

	// The sender goroutine (see sendAsync): spare is the buffer it sends
	// from (or last sent from), busy says a send is in progress.
	spare    *[]byte
	sendq    chan []byte
	sendDone chan error
	busy     bool

	mark wire.Mark

	pending  int // requests in b, not sent
	queued   int
	sent     int
	done     int // requests [0, done) have known outcomes
	failed   int
	maxLen   int // longest request so far
	window   int
	maxSend  int
	maxInFly int
	base     int // the index whose sequence number is w.first
	open     bool

	failures []RequestError
	err      error
}

var sendBufs = sync.Pool{New: func() any { b := make([]byte, 0, DefaultPipelineSend+4096); return &b }}

// errPipelineOpen reports Begin while a request is open, or End without
// Begin.
var errPipelineOpen = errors.New("ring: pipeline: Begin and End must alternate")

// Pipeline starts a pipeline of requests on c. It takes one of the Conn's
// in-flight slots (waiting as long as ctx allows) and keeps it until
// Close. ctx bounds every later call of the Pipeline.
//
// See [PipelineConfig] for the socket options that let a pipeline keep
// thousands of requests in flight.
func (c *Conn) Pipeline(ctx context.Context, opts PipelineOptions) (*Pipeline, error) {
	if opts.Op == "" {
		opts.Op = "pipeline"
	}
	if err := c.acquire(ctx); err != nil {
		return nil, fmt.Errorf("ring: %s: %w", opts.Op, err)
	}
	p := &Pipeline{c: c, ctx: ctx, opts: opts}
	p.w = c.register(c.allocSeq(pipelineSeqBlock), pipelineSeqBlock, false, false)
	p.buf = sendBufs.Get().(*[]byte)
	p.b.Reset((*p.buf)[:0])
	p.maxSend = c.maxSend
	if opts.SendSize > 0 {
		p.maxSend = min(p.maxSend, opts.SendSize)
	} else {
		p.maxSend = min(p.maxSend, DefaultPipelineSend)
	}
	p.maxLen = wire.HeaderLen
	p.setWindow()
	return p, nil
}

// PipelineConfig returns cfg with what a pipelining connection wants,
// where cfg leaves it zero: an 8 MiB receive buffer forced past
// net.core.rmem_max (which needs CAP_NET_ADMIN), a 4 MiB send buffer and
// 64 datagrams per recvmmsg. About 11,000 route adds can then be in
// flight. It leaves CapAck off: a refusal then echoes the whole request,
// which is how rtnl.Writer names what failed without keeping a copy of
// every request it sends (an ack of success echoes only the header
// either way, so the answers a pipeline reads stay small).
func PipelineConfig(cfg Config) Config {
	if cfg.ReadBuffer == 0 {
		cfg.ReadBuffer, cfg.ForceReadBuffer = 8<<20, true
	}
	if cfg.WriteBuffer == 0 {
		cfg.WriteBuffer = 4 << 20
	}
	if cfg.Buffers == 0 {
		cfg.Buffers = 64
	}
	return cfg
}

// setWindow sizes the window from the receive queue and the longest
// request seen: the answers of a window of failures must fit.
func (p *Pipeline) setWindow() {
	budget := max(p.c.recvQueue*3/4, ackCost)
	p.window = max(budget/(ackCost+wire.Align(p.maxLen)), 1)
	switch {
	case p.opts.Window > 0:
		p.window = min(p.window, p.opts.Window)
	case p.opts.Ack == AckEach:
		p.window = min(p.window, DefaultAckEachWindow)
	}
}

// DefaultAckEachWindow bounds the default window with AckEach: every
// request in flight then has an ack queued for it, and about a thousand
// keeps those acks few and hot in cache. Measured through rtnl.Writer
// with BenchmarkVsCInstall/100000/per-msg (six interleaved runs each, x
// of C medians): 0.83 at 16,384, 0.90 at 2,000, 1.05 at 1,000.
// Errors-only acks gain nothing from a smaller window.
const DefaultAckEachWindow = 1024

// Begin starts a request of type t; flags are its modifiers
// (wire.FlagCreate|wire.FlagExcl …). It returns the Pipeline's Builder
// with the message open: append the family header and attributes, then
// call End. The Builder is the Pipeline's own; do not Reset it or keep it
// past End.
func (p *Pipeline) Begin(t wire.MsgType, flags wire.HeaderFlags) *wire.Builder {
	if p.open {
		p.b.Rollback(p.mark)
		p.fail(errPipelineOpen)
	}
	p.open = true
	p.mark = p.b.Mark()
	p.b.Begin(t, flags|wire.FlagRequest, 0)
	return &p.b
}

// End closes the request begun by Begin and queues it. It returns the
// request's index, by which its failure will be reported. A request the
// Builder could not build (its Err) is dropped and its error returned,
// with no index used up. End sends when a send's worth of requests is
// queued, reading answers first if the window is full; it returns the
// pipeline's sticky error if that fails.
func (p *Pipeline) End() (int, error) {
	if !p.open {
		return -1, errPipelineOpen
	}
	p.open = false
	m := p.b.End()
	if err := p.b.Err(); err != nil || p.err != nil {
		p.b.Rollback(p.mark)
		if p.err != nil {
			return -1, p.err
		}
		return -1, fmt.Errorf("ring: %s: build request: %w", p.opts.Op, err)
	}
	return p.queue(len(m))
}

// Open starts one whole request to be appended to the Pipeline's Builder,
// header included, as the typed Encode methods write it (Begin … End);
// Commit then queues it, or Discard drops it. It saves the copy Append
// makes of a request built elsewhere. The Builder is the Pipeline's own;
// do not Reset it or keep it past Commit or Discard.
func (p *Pipeline) Open() *wire.Builder {
	if p.open {
		p.b.Rollback(p.mark)
		p.fail(errPipelineOpen)
	}
	p.open = true
	p.mark = p.b.Mark()
	return &p.b
}

// Commit queues the request appended since Open, as End does. It must be
// exactly one whole message; anything else (none, one left open, more
// than one, a Builder error) is dropped and its error returned, with no
// index used up.
func (p *Pipeline) Commit() (int, error) {
	if !p.open {
		return -1, errPipelineOpen
	}
	p.open = false
	start := wire.Align(p.mark.Len())
	msgs := p.b.Bytes()
	err := p.b.Err()
	if err == nil && (start+wire.HeaderLen > len(msgs) || p.b.Open() ||
		int(binary.NativeEndian.Uint32(msgs[start:])) != len(msgs)-start) {
		err = errCommitShape
	}
	if err != nil || p.err != nil {
		p.b.Rollback(p.mark)
		if p.err != nil {
			return -1, p.err
		}
		return -1, fmt.Errorf("ring: %s: build request: %w", p.opts.Op, err)
	}
	return p.queue(len(msgs) - start)
}

// Discard drops what was appended since Open.
func (p *Pipeline) Discard() {
	if p.open {
		p.open = false
		p.b.Rollback(p.mark)
	}
}

// errCommitShape reports a Commit of other than one whole message.
var errCommitShape = errors.New("not one whole message")

// Append queues msgs, one or more complete netlink messages back to back
// (as a wire.Builder builds them), and returns the index of the first.
// The bytes are copied; msgs is not kept. A malformed msgs is rejected
// whole before anything is queued.
func (p *Pipeline) Append(msgs []byte) (int, error) {
	if p.err != nil {
		return -1, p.err
	}
	if p.open {
		return -1, errPipelineOpen
	}
	if len(msgs) >= wire.HeaderLen && int(binary.NativeEndian.Uint32(msgs)) == len(msgs) {
		// One whole message (a typed Encode's): nothing more to check.
		p.b.PutFixed(msgs)
		return p.queue(len(msgs))
	}
	first := p.queued
	it := wire.NewMessages(msgs)
	for it.Next() {
	}
	if err := it.Err(); err != nil {
		return -1, fmt.Errorf("ring: %s: append: %w", p.opts.Op, err)
	}
	for off := 0; off < len(msgs); {
		l := int(binary.NativeEndian.Uint32(msgs[off:]))
		p.b.PutFixed(msgs[off : off+l])
		if _, err := p.queue(l); err != nil {
			return -1, err
		}
		off += wire.Align(l)
	}
	return first, nil
}

// queue counts a request of l bytes just appended to b, and sends when
// the pending requests fill a send or the window.
func (p *Pipeline) queue(l int) (int, error) {
	if l > p.maxLen {
		p.maxLen = l
		p.setWindow()
	}
	i := p.queued
	p.queued++
	p.pending++
	if p.b.Len()+p.maxLen > p.maxSend || p.pending >= p.window {
		if err := p.sendPending(false); err != nil {
			return i, err
		}
	}
	return i, nil
}

// Flush sends every queued request and waits until the outcome of each
// is known: every refusal has been reported (OnError or Failures). It
// returns nil when that is so, whatever the kernel refused, and the
// pipeline's sticky error otherwise.
func (p *Pipeline) Flush() error {
	if p.open {
		return errPipelineOpen
	}
	if err := p.sendPending(true); err != nil {
		return err
	}
	if err := p.waitSend(); err != nil {
		return err
	}
	for p.done < p.sent {
		if err := p.collect(); err != nil {
			return err
		}
	}
	return nil
}

// FlushContext is Flush waiting as long as ctx allows instead of the
// Pipeline's own context. A ctx that ends first is the pipeline's sticky
// error, as the Pipeline's context would be.
func (p *Pipeline) FlushContext(ctx context.Context) error {
	saved := p.ctx
	p.ctx = ctx
	err := p.Flush()
	p.ctx = saved
	return err
}

// Close flushes the Pipeline, releases its buffers and its in-flight slot,
// and returns Flush's error. Answers still outstanding after a failure
// are dropped when they arrive. Closing twice returns the first result.
func (p *Pipeline) Close() error {
	if p.w == nil {
		return p.err
	}
	err := p.Flush()
	p.waitSend() // after a failed Flush, the sender may still be sending
	p.c.unregister(p.w)
	p.w = nil
	if p.sendq != nil {
		close(p.sendq)
		*p.spare = (*p.spare)[:0]
		sendBufs.Put(p.spare)
		p.spare, p.sendq = nil, nil
	}
	*p.buf = p.b.Bytes()[:0]
	sendBufs.Put(p.buf)
	p.buf = nil
	p.b.Reset(nil)
	if err != nil && p.err == nil {
		p.err = err
	}
	return p.err
}

// Stats returns the Pipeline's counters.
func (p *Pipeline) Stats() PipelineStats {
	return PipelineStats{Queued: p.queued, Sent: p.sent, Done: p.done, Failed: p.failed,
		MaxInFlight: p.maxInFly, Window: p.window}
}

// Failures returns the refused requests so far when OnError is nil, in
// the order the kernel answered them (which is the order they were
// sent). The slice is the Pipeline's; it grows as failures arrive.
func (p *Pipeline) Failures() []RequestError { return p.failures }

// Err returns the pipeline's sticky error, or nil.
func (p *Pipeline) Err() error { return p.err }

func (p *Pipeline) fail(err error) error {
	if p.err == nil {
		p.err = err
	}
	return p.err
}
