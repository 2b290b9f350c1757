package rtnl

import (
	"context"
	"errors"
	"fmt"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// Request sends one message of type t, described by spec and encoded with
// schema s, and returns every message the kernel answered, each cloned
// (owned): pyroute2's "responses are lists". The request carries
// NLM_F_REQUEST|NLM_F_ACK and flags (add wire.FlagDump for a dump,
// wire.FlagCreate|wire.FlagExcl for an exclusive create …); an ack is not
// an error and adds nothing to the list, so a request that changes state
// returns an empty list and nil. op names the operation in errors ("link
// add").
//
// A bad spec returns the *codec.SpecError before anything is sent; a
// request the kernel refused returns the messages received before the
// refusal and an error wrapping the *wire.OpError. Request allocates:
// the encoding and the clones. Use [IPRoute.Stream] for large dumps.
func (r *IPRoute) Request(ctx context.Context, op string, t wire.MsgType, flags wire.HeaderFlags, s *codec.Schema, spec Spec) ([]*codec.Msg, error) {
	it := r.Stream(ctx, op, t, flags, s, spec)
	defer it.Close()
	var out []*codec.Msg
	for it.Next() {
		out = append(out, it.Msg().Clone())
	}
	return out, it.Err()
}

// Stream is the borrowed form of [IPRoute.Request]: it sends the request
// (a dump when flags holds wire.FlagDump) and returns an iterator over
// the answers, decoded with s, keeping those that pass every filter. The
// messages it yields borrow the receive buffer (see [Iter]); iterating
// allocates nothing per message. A bad spec or filter ends the iterator
// at once with its error, before anything is sent.
func (r *IPRoute) Stream(ctx context.Context, op string, t wire.MsgType, flags wire.HeaderFlags, s *codec.Schema, spec Spec, filters ...Matcher) Iter {
	var it Iter
	f, err := compileFilters(s, filters)
	if err != nil {
		it.fail(op, err)
		return it
	}
	b := r.getBuilder()
	defer r.putBuilder(b)
	if err := s.Encode(b, t, flags, 0, spec); err != nil {
		it.fail(op, err)
		return it
	}
	it.start(ctx, r, op, s, b.Bytes(), isDump(t, flags), f)
	return it
}

// isDump reports whether a request is a dump: a GET (rtnetlink's message
// kind, type&3, is 2 for every RTM_GET*) with NLM_F_DUMP. The same bits
// mean NLM_F_REPLACE|NLM_F_EXCL on a NEW request, which is no dump.
func isDump(t wire.MsgType, flags wire.HeaderFlags) bool {
	return t&3 == 2 && flags&wire.FlagDump == wire.FlagDump
}

// wrap prefixes err with the package and the operation. A *wire.OpError
// already names the operation, so it gets the package prefix only.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var oe *wire.OpError
	if errors.As(err, &oe) && oe.Op == op {
		return fmt.Errorf("rtnl: %w", err)
	}
	return fmt.Errorf("rtnl: %s: %w", op, err)
}

// ownedCopy is m.Clone in two allocations (the Msg and one buffer sized
// up front) instead of four: what a typed get returns.
func ownedCopy(m *codec.Msg) *codec.Msg {
	c := new(codec.Msg)
	if m.Schema() == nil {
		return c
	}
	n := wire.HeaderLen + wire.Align(len(m.Fixed())) + len(m.AttrBytes())
	buf := m.AppendRaw(make([]byte, 0, n))
	c.Reset(m.Schema(), wire.Message{Header: m.Header(), Data: buf[wire.HeaderLen:]})
	return c
}
