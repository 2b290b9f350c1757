package rtnl

import (
	"context"
	"errors"
	"fmt"
	"math/bits"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// WriterConfig configures [IPRoute.NewWriter]. Its zero value acks only
// refusals and sizes the window from the receive queue.
type WriterConfig struct {
	// Ack is the ack mode. The zero value, ring.AckErrors, has the kernel
	// answer only the requests it refuses (and one barrier per send):
	// the fastest. ring.AckEach has it answer every request, and
	// OnResult then sees every success too.
	Ack ring.AckMode

	// Window bounds the requests in flight (sent, outcome unknown); 0
	// means the most the receive queue has room for (see
	// ring.PipelineOptions.Window), up to 16,384 with errors-only acks
	// and ring.DefaultAckEachWindow with ring.AckEach. The Writer keeps a
	// 16-byte slot per request not yet reported, for up to two windows'
	// worth (in flight, and queued behind them): 1 MiB at the default.
	Window int

	// SendSize bounds the bytes of one sendmsg; 0 means
	// ring.DefaultPipelineSend.
	SendSize int

	// OnResult, when set, is called with the outcome of every request
	// the kernel refused, and with AckEach of every request it
	// acknowledged too. It runs on the goroutine calling the Writer's
	// method that read the answer (a typed method, Flush or Close),
	// before that method returns, in the order of the requests. It must
	// not call the Writer and should return quickly (the kernel's answers
	// wait meanwhile). A Result holds nothing borrowed: its Err (built
	// for the failure, the only allocation) may be kept.
	//
	// When OnResult is nil, the failures are counted (Stats) and Flush
	// and Close return the first of them.
	OnResult func(Result)
}

// Result is the outcome of one request of a [Writer].
type Result struct {
	Index   int    // the request's position among the Writer's, from 0
	Object  string // "route", "addr", "link", "neigh", "fdb", "nexthop"
	Command string // "add", "replace", "del", "set" …
	Err     error  // nil on success; a *RequestError otherwise
}

// WriterStats counts a Writer's requests.
type WriterStats struct {
	Queued      int // requests accepted (an index given)
	Sent        int // requests sent
	Acked       int // requests known to have succeeded
	Failed      int // requests the kernel refused
	MaxInFlight int // the most requests ever in flight
	Window      int // the window in effect
}

// Writer streams typed requests to the kernel without waiting for each
// answer: the asynchronous form of the typed calls, for installing
// routes (and addresses, neighbours, FDB entries, nexthops, link
// settings) by the thousand. It is built on a [ring.Pipeline]: requests
// are encoded into a reused buffer, sent many per sendmsg, and their
// answers read as room in the window is needed.
//
//	w, err := ipr.NewWriter(ctx, rtnl.WriterConfig{OnResult: func(r rtnl.Result) {
//		log.Print(r.Err) // rtnl: route add 10.1.0.0/24 via 10.0.0.9: network is unreachable
//	}})
//	if err != nil { … }
//	defer w.Close()
//	for _, rt := range routes {
//		if _, err := w.RouteAdd(rt); err != nil { … } // bad input or a broken connection
//	}
//	err = w.Flush(ctx) // every outcome known
//
// Each typed method returns the request's index, by which its Result is
// reported; its error is bad input (a *codec.SpecError naming the
// keyword, value and rule: nothing was sent and no index used) or the
// Writer's sticky error (a broken connection, the context ended): the
// outcome of the requests not yet reported is then unknown.
//
// A Writer belongs to one goroutine; other goroutines may use the
// IPRoute meanwhile. With warm buffers a request that succeeds allocates
// nothing, in either ack mode: a typed method encodes its object straight
// into the Pipeline's send buffer, and the Writer keeps no copy of it. A
// failure's object is named (RequestError.Name) from the request the
// kernel echoes with its refusal, so the name is built on the failure
// path only; on a connection dialed with ring.Config.CapAck the kernel
// echoes only the header, and failures carry no Name. Dial with
// ring.PipelineConfig in Config.Ring for the socket buffers that keep
// thousands of requests in flight.
type Writer struct {
	p   *ring.Pipeline
	cfg WriterConfig

	scratch wire.Builder // what a failed Writer's methods encode into

	n     int // requests queued
	acked int // successes reported (AckEach)

	// The requests in flight: slot i&mask holds request i's operation
	// (a pointer into writeOps or rawOps, so recording it is free).
	slots []writerSlot
	mask  int

	first  *RequestError // the first failure since Flush, when OnResult is nil
	nfail  int           // failures since Flush, when OnResult is nil
	err    error         // sticky
	closed bool
}

type writerSlot struct {
	index int
	op    *opNames
}

// writeOp names a Writer's operation: an index into writeOps.
type writeOp uint8

const (
	opRouteAdd writeOp = iota
	opRouteReplace
	opRouteChange
	opRouteAppend
	opRouteDel
	opNexthopAdd
	opNexthopReplace
	opNexthopDel
	opAddrAdd
	opAddrReplace
	opAddrDel
	opNeighAdd
	opNeighReplace
	opNeighDel
	opFDBAdd
	opFDBReplace
	opFDBDel
	wopLinkSet
	opRaw // Append: the operation is read from the request's header
)

// opNames are an operation's object, command and both together.
type opNames struct{ object, command, op string }

// writeOps holds each operation's names.
var writeOps = [...]opNames{
	opRouteAdd:       {"route", "add", "route add"},
	opRouteReplace:   {"route", "replace", "route replace"},
	opRouteChange:    {"route", "change", "route change"},
	opRouteAppend:    {"route", "append", "route append"},
	opRouteDel:       {"route", "del", "route del"},
	opNexthopAdd:     {"nexthop", "add", "nexthop add"},
	opNexthopReplace: {"nexthop", "replace", "nexthop replace"},
	opNexthopDel:     {"nexthop", "del", "nexthop del"},
	opAddrAdd:        {"addr", "add", "addr add"},
	opAddrReplace:    {"addr", "replace", "addr replace"},
	opAddrDel:        {"addr", "del", "addr del"},
	opNeighAdd:       {"neigh", "add", "neigh add"},
	opNeighReplace:   {"neigh", "replace", "neigh replace"},
	opNeighDel:       {"neigh", "del", "neigh del"},
	opFDBAdd:         {"fdb", "add", "fdb add"},
	opFDBReplace:     {"fdb", "replace", "fdb replace"},
	opFDBDel:         {"fdb", "del", "fdb del"},
	wopLinkSet:       {"link", "set", "link set"},
	opRaw:            {"request", "", "request"},
}

// defaultWriterWindow bounds a Writer's window when WriterConfig.Window
// is 0: more than the receive queue of ring.PipelineConfig has room for
// with route adds (about 11,000), so it costs no speed, and it keeps the
// Writer's bookkeeping (a slot per request not yet reported) at 1 MiB.
const defaultWriterWindow = 16384

// NewWriter starts a [Writer] on the IPRoute's connection. It takes one
// of the connection's in-flight slots until Close (waiting as long as
// ctx allows); ctx bounds every later send and wait of the Writer.
func (r *IPRoute) NewWriter(ctx context.Context, cfg WriterConfig) (*Writer, error) {
	if cfg.Window < 0 || cfg.SendSize < 0 {
		return nil, fmt.Errorf("rtnl: writer: window %d, send size %d: must not be negative", cfg.Window, cfg.SendSize)
	}
	w := &Writer{cfg: cfg}
	window := cfg.Window
	if window == 0 && cfg.Ack != ring.AckEach { // AckEach: the Pipeline's own default
		window = defaultWriterWindow
	}
	p, err := r.c.Pipeline(ctx, ring.PipelineOptions{Op: "writer", Ack: cfg.Ack,
		Window: window, SendSize: cfg.SendSize, OnError: w.onError, OnAck: w.onAck})
	if err != nil {
		return nil, fmt.Errorf("rtnl: %w", err)
	}
	w.p = p
	// Every request whose outcome is not yet reported has a slot: those
	// in flight (at most the window, which only shrinks) and those
	// queued but not sent (at most a window, and a send's worth of the
	// shortest messages).
	send := cfg.SendSize
	if send == 0 {
		send = ring.DefaultPipelineSend
	}
	window = p.Stats().Window
	need := window + min(window, send/wire.HeaderLen) + 1
	w.slots = make([]writerSlot, 1<<bits.Len(uint(need)))
	w.mask = len(w.slots) - 1
	return w, nil
}

// open starts a typed request in the Pipeline's send buffer: the typed
// method encodes its object into the Builder returned, then calls queue.
// A Writer that has failed (or is closed) gets a scratch Builder instead,
// and queue reports why.
func (w *Writer) open() *wire.Builder {
	if w.err != nil {
		w.scratch.Reset(w.scratch.Bytes()[:0])
		return &w.scratch
	}
	return w.p.Open()
}

// queue queues the request encoded since open (or drops it and reports
// encErr, bad input) and returns its index.
func (w *Writer) queue(op writeOp, encErr error) (int, error) {
	if w.err != nil {
		return -1, w.err
	}
	if encErr != nil {
		w.p.Discard()
		return -1, fmt.Errorf("rtnl: %s: %w", writeOps[op].op, encErr)
	}
	i := w.n
	w.record(i, &writeOps[op])
	if _, err := w.p.Commit(); err != nil {
		w.err = fmt.Errorf("rtnl: %w", err)
		return -1, w.err
	}
	w.n++
	return i, nil
}

// Append queues msgs, one or more complete netlink requests back to back
// (a [Batch]'s Bytes, or what tc's Encode methods build), and returns the
// index of the first; each has an index of its own, in order. The bytes
// are copied. A malformed msgs is refused whole before anything is
// queued. The Results name each request's object and command from its
// message type and flags ("route add"; "request" for a type outside the
// typed objects).
func (w *Writer) Append(msgs []byte) (int, error) {
	if w.err != nil {
		return -1, w.err
	}
	if _, err := countBatch(msgs); err != nil {
		return -1, fmt.Errorf("rtnl: writer: append: %w", err)
	}
	first := w.n
	for off := 0; off < len(msgs); {
		h, _ := wire.ParseHeader(msgs[off:])
		end := off + int(h.Len)
		w.record(w.n, requestOp(msgs[off:end]))
		if _, err := w.p.Append(msgs[off:end]); err != nil {
			w.err = fmt.Errorf("rtnl: %w", err)
			return -1, w.err
		}
		w.n++
		off += wire.Align(int(h.Len))
	}
	return first, nil
}

// record notes request i's operation.
func (w *Writer) record(i int, op *opNames) {
	s := &w.slots[i&w.mask]
	s.index, s.op = i, op
}

// onError reports the refusal of request i (the Pipeline's OnError),
// naming its object from the kernel's echo of it.
func (w *Writer) onError(i int, err error, echo []byte) {
	s := &w.slots[i&w.mask]
	o := s.op
	if s.index != i { // never: the slots cover every request in flight
		o = requestOp(echo)
	}
	name := requestName(echo)
	var oe *wire.OpError
	if errors.As(err, &oe) {
		oe.Op = o.op
	}
	re := &RequestError{Index: i, Object: o.object, Command: o.command, Name: name, Err: err}
	if w.cfg.OnResult == nil {
		if w.first == nil {
			w.first = re
		}
		w.nfail++
		return
	}
	w.cfg.OnResult(Result{Index: i, Object: o.object, Command: o.command, Err: re})
}

// onAck reports the success of request i (the Pipeline's OnAck).
func (w *Writer) onAck(i int) {
	if w.cfg.Ack != ring.AckEach {
		return
	}
	w.acked++
	if w.cfg.OnResult == nil {
		return
	}
	s := &w.slots[i&w.mask]
	o := &writeOps[opRaw]
	if s.index == i {
		o = s.op
	}
	w.cfg.OnResult(Result{Index: i, Object: o.object, Command: o.command})
}

// Flush sends every request queued and waits, as long as ctx allows,
// until the outcome of each is known and reported. It returns nil then,
// whatever the kernel refused, when OnResult is set; without OnResult it
// returns the first failure since the last Flush (errors.As reaches its
// *RequestError; Stats counts them all). Any other error is the
// Writer's sticky error: a ctx that ends first leaves the outcome of the
// requests not yet reported unknown, and the Writer unusable.
func (w *Writer) Flush(ctx context.Context) error {
	if w.closed {
		return w.closedErr()
	}
	if w.err == nil {
		if err := w.p.FlushContext(ctx); err != nil {
			w.err = fmt.Errorf("rtnl: %w", err)
		}
	}
	if w.err != nil {
		return w.err
	}
	return w.takeFailures()
}

// takeFailures returns (and forgets) the failures kept without OnResult.
func (w *Writer) takeFailures() error {
	if w.first == nil {
		return nil
	}
	first, n := w.first, w.nfail
	w.first, w.nfail = nil, 0
	if n == 1 {
		return first
	}
	return &WriteFailures{Count: n, First: first}
}

// WriteFailures is what Flush and Close return, when OnResult is nil,
// for more than one failed request: how many, and the first.
type WriteFailures struct {
	Count int
	First *RequestError
}

// Error says how many requests failed and shows the first.
func (e *WriteFailures) Error() string {
	return fmt.Sprintf("%d requests failed, the first: %v", e.Count, e.First)
}

// Unwrap returns the first failure.
func (e *WriteFailures) Unwrap() error { return e.First }

var errWriterClosed = errors.New("rtnl: writer: closed")

func (w *Writer) closedErr() error {
	if w.err != nil {
		return w.err
	}
	return errWriterClosed
}

// Close flushes the Writer (with the context NewWriter was given),
// releases its buffers and its in-flight slot, and returns what Flush
// would. Closing twice returns the sticky error or nil.
func (w *Writer) Close() error {
	if w.closed {
		if w.err == errWriterClosed {
			return nil
		}
		return w.err
	}
	w.closed = true
	if err := w.p.Close(); err != nil && w.err == nil {
		w.err = fmt.Errorf("rtnl: %w", err)
	}
	w.slots = nil
	if w.err != nil {
		return w.err
	}
	w.err = errWriterClosed
	return w.takeFailures()
}

// Stats returns the Writer's counters.
func (w *Writer) Stats() WriterStats {
	ps := w.p.Stats()
	acked := ps.Done - ps.Failed
	if w.cfg.Ack == ring.AckEach {
		acked = w.acked
	}
	return WriterStats{Queued: ps.Queued, Sent: ps.Sent, Acked: acked, Failed: ps.Failed,
		MaxInFlight: ps.MaxInFlight, Window: ps.Window}
}
