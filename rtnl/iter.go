package rtnl

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"syscall"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/ring"
)

// Iter iterates over the messages answering one request (usually a dump),
// decoded with a schema and filtered:
//
//	it := ipr.Stream(ctx, "link dump", unix.RTM_GETLINK, wire.FlagDump, codec.Link, nil)
//	defer it.Close()
//	for it.Next() {
//		m := it.Msg() // borrowed: valid until the next call to Next or Close
//	}
//	if err := it.Err(); err != nil { ... }
//
// The *codec.Msg it yields, and every value read from it, borrows the
// connection's receive buffer and is valid until the next call to Next or
// Close; Msg().Clone() copies a message out. Messages that do not pass the
// filters are skipped without being yielded. Iterating allocates nothing
// per message once the connection's buffers are warm.
//
// Errors are sticky: Next returns false after the first, and Err reports
// it (see the package documentation for the kinds). An Iter must be run
// to its end or closed, or its request keeps a slot of the connection
// (and, for a dump, the connection's dump token). An Iter is used by one
// goroutine; the zero Iter is empty.
type Iter struct {
	s      ring.Stream
	schema *codec.Schema
	op     string
	f      filterSet
	r      *IPRoute
	msg    *codec.Msg // pooled: a pointer, so that predicates receiving it do not make the Iter escape
	err    error
	recv   int
	empty  [2]syscall.Errno // refusals that mean "nothing matches"
	active bool
}

// fail ends it before anything is sent.
func (it *Iter) fail(op string, err error) {
	it.op, it.err = op, wrap(op, err)
}

// start sends req (stamped in place by the Conn) and arms the iterator.
func (it *Iter) start(ctx context.Context, r *IPRoute, op string, s *codec.Schema, req []byte, dump bool, f filterSet) {
	it.op, it.schema, it.f, it.r = op, s, f, r
	it.msg = r.getMsg()
	if dump {
		it.s = r.c.Dump(ctx, op, req)
	} else {
		it.s = r.c.Query(ctx, op, req)
	}
	it.active = true
}

// Next advances to the next message that passes the filters and reports
// whether there is one. The previous message becomes invalid.
func (it *Iter) Next() bool {
	if !it.active {
		return false
	}
	it.retire()
	for it.s.Next() {
		m := it.s.Message()
		it.recv++
		s := it.schema
		if s == nil {
			if s = codec.SchemaFor(m.Header.Type); s == nil {
				continue
			}
		}
		if err := it.msg.Reset(s, m); err != nil {
			it.end()
			it.err = wrap(it.op, fmt.Errorf("message %d: %w", it.recv, err))
			return false
		}
		if it.f.match(it.msg) {
			return true
		}
	}
	it.end()
	if err := it.s.Err(); err != nil && !it.isEmpty(err) {
		it.err = wrap(it.op, err)
	}
	return false
}

// Msg returns the current message. It borrows: valid until the next call
// to Next or Close.
func (it *Iter) Msg() *codec.Msg {
	if it.msg == nil {
		return &emptyMsg
	}
	return it.msg
}

// emptyMsg is what Msg returns before the first message or after the
// end: an empty message with no schema. Nothing writes to it.
var emptyMsg codec.Msg

// end closes the stream and gives the message back to the pool.
func (it *Iter) end() {
	if it.active {
		it.s.Close()
		it.active = false
		if it.release() {
			it.r.putMsg(it.msg)
		}
		it.msg = nil
	}
}

// Received returns how many messages the kernel sent so far, including
// those the userspace filters dropped: the measure of how much a filter
// put into the request saved.
func (it *Iter) Received() int { return it.recv }

// Err returns the error that ended the iteration, or nil.
func (it *Iter) Err() error { return it.err }

// Close ends the iteration early (the rest of a dump is read and dropped
// by the connection) and returns Err. Closing twice is harmless.
func (it *Iter) Close() error {
	it.end()
	return it.err
}

// All returns the remaining messages as a Go iterator for range loops;
// each message is borrowed for one iteration of the loop. Check Err after
// the loop; All does not close the Iter.
func (it *Iter) All() iter.Seq[*codec.Msg] {
	return func(yield func(*codec.Msg) bool) {
		for it.Next() {
			if !yield(it.msg) {
				return
			}
		}
	}
}

// Collect runs the iterator to its end and returns a clone of every
// message, with Err.
func (it *Iter) Collect() ([]*codec.Msg, error) {
	defer it.Close()
	var out []*codec.Msg
	for it.Next() {
		out = append(out, it.msg.Clone())
	}
	return out, it.Err()
}

// isEmpty reports whether err is a refusal that means "nothing matches":
// a get of a link that does not exist, a dump filtered by a table that
// does not exist.
func (it *Iter) isEmpty(err error) bool {
	for _, e := range it.empty {
		if e != 0 && errors.Is(err, e) {
			return true
		}
	}
	return false
}
