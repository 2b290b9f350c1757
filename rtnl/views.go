package rtnl

import (
	"context"
	"iter"
	"syscall"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// view is the shape every typed view shares: a pointer to the decoded
// message. Views are two words, passed by value, and allocate nothing.
type view interface {
	~struct{ m *codec.Msg }
}

// Iterator is an [Iter] whose messages are read through a typed view V
// ([LinkView], [RouteView] …):
//
//	links := ipr.Links(ctx, rtnl.Match{"linkinfo.kind": "bridge"})
//	defer links.Close()
//	for links.Next() {
//		l := links.View() // borrowed: valid until the next call to Next
//	}
//	if err := links.Err(); err != nil { ... }
//
// Views borrow the receive buffer exactly as Iter's messages do: valid
// until the next call to Next or Close; V's Clone copies one out.
// Iterating allocates nothing per message. Errors are sticky (Err); an
// Iterator must be run to its end or closed, by one goroutine.
type Iterator[V view] struct {
	Iter
}

// View returns the current message as a V. It borrows.
func (it *Iterator[V]) View() V { return V{m: it.Msg()} }

// All returns the remaining views as a Go iterator for range loops; each
// view is borrowed for one iteration. Check Err after the loop.
func (it *Iterator[V]) All() iter.Seq[V] {
	return func(yield func(V) bool) {
		for it.Next() {
			if !yield(V{m: it.msg}) {
				return
			}
		}
	}
}

// Collect runs the iterator to its end and returns a view over a clone
// of every message (owned: valid forever), with Err.
func (it *Iterator[V]) Collect() ([]V, error) {
	defer it.Close()
	var out []V
	for it.Next() {
		out = append(out, V{m: it.msg.Clone()})
	}
	return out, it.Err()
}

// dumpReq is a request being built for a typed iterator: the header
// fields and the attributes that carry kernel-side filters.
type dumpReq struct {
	b     wire.Builder
	fixed []byte
	dump  bool
	empty [2]syscall.Errno // refusals that mean "nothing matches"
}

// begin starts a request of type t with schema s's family header.
func (q *dumpReq) begin(buf []byte, s *codec.Schema, t wire.MsgType, dump bool) {
	q.b.Reset(buf)
	q.dump = dump
	q.b.Begin(t, 0, 0)
	q.fixed = q.b.Reserve(s.Header.Size)
}

// run ends the request built in q, and starts it with the filters f.
func (r *IPRoute) run(ctx context.Context, it *Iter, op string, s *codec.Schema, q *dumpReq, f filterSet) {
	q.b.End()
	if err := q.b.Err(); err != nil {
		it.fail(op, err)
		return
	}
	it.empty = q.empty
	it.start(ctx, r, op, s, q.b.Bytes(), q.dump, f)
}

// typed runs a typed dump: compile the filters for s, let k fill the
// request (pushing filters to the kernel), send it.
func typed[V view](ctx context.Context, r *IPRoute, op string, s *codec.Schema, filters []Matcher, k reqKind) Iterator[V] {
	var it Iterator[V]
	f, err := compileFilters(s, filters)
	if err != nil {
		it.fail(op, err)
		return it
	}
	p := r.getBuf()
	var q dumpReq
	k.build(&q, *p, &f)
	r.run(ctx, &it.Iter, op, s, &q, f)
	*p = q.b.Bytes()
	r.putBuf(p)
	return it
}

// constInt returns the integer a filter requires of the key name (its
// canonical keyword path), when one does.
func (f *filterSet) constInt(name string) (uint64, bool) {
	for i := range f.conds {
		c := &f.conds[i]
		if c.name == name && c.want.kind == wantInt && !c.want.neg {
			return c.want.u, true
		}
	}
	return 0, false
}

// constString returns the string a filter requires of the key name.
func (f *filterSet) constString(name string) (string, bool) {
	for i := range f.conds {
		c := &f.conds[i]
		if c.name == name && c.want.kind == wantString {
			return c.want.s, true
		}
	}
	return "", false
}

// reqKind names the request builder of a typed dump. A switch, rather
// than a func value, keeps escape analysis exact: the request and the
// filters stay on the stack.
type reqKind uint8

const (
	reqLink reqKind = iota
	reqRoute
	reqAddr
	reqRule
	reqNeigh
	reqNexthop
	reqQdisc
	reqClass
	reqFilter
	reqNeighTable
	reqNSID
	reqVLAN
	reqStats
)

func (k reqKind) build(q *dumpReq, buf []byte, f *filterSet) {
	switch k {
	case reqLink:
		buildLinkReq(q, buf, f)
	case reqRoute:
		buildRouteReq(q, buf, f)
	case reqAddr:
		buildAddrReq(q, buf, f)
	case reqRule:
		q.begin(buf, codec.Rule, uapi.RTM_GETRULE, true)
		if v, ok := f.constInt("family"); ok {
			q.fixed[0] = uint8(v)
		}
	case reqNeigh:
		buildNeighReq(q, buf, f)
	case reqNexthop:
		buildNexthopReq(q, buf, f)
	case reqQdisc, reqClass, reqFilter:
		buildTCReq(q, buf, f, k)
	default:
		buildMiscReq(q, buf, f, k)
	}
}
