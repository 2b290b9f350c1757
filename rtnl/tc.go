package rtnl

import (
	"context"
	"encoding/binary"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCView is a borrowed view of one qdisc, class or filter message
// (struct tcmsg), read in place without allocating; valid as long as the
// message it views (see [LinkView]). The kind's options are raw here
// (Msg().GetAttr("options")) until package tc registers typed ones.
type TCView struct{ m *codec.Msg }

// AsTC views m, a message decoded with codec.TC.
func AsTC(m *codec.Msg) TCView { return TCView{m} }

// Msg returns the underlying message, for generic access.
func (t TCView) Msg() *codec.Msg {
	checkView(t.m, "TCView")
	return t.m
}

// Clone returns a view over a copy of the message, valid forever.
func (t TCView) Clone() TCView {
	checkView(t.m, "TCView")
	return TCView{t.m.Clone()}
}

// Family returns tcm_family.
func (t TCView) Family() uint8 {
	checkView(t.m, "TCView")
	return fixedU8(t.m, 0)
}

// Index returns tcm_ifindex.
func (t TCView) Index() int {
	checkView(t.m, "TCView")
	return int(int32(fixedU32(t.m, 4)))
}

// Handle returns tcm_handle ("1:0" is 0x10000).
func (t TCView) Handle() uint32 {
	checkView(t.m, "TCView")
	return fixedU32(t.m, 8)
}

// Parent returns tcm_parent (TC_H_ROOT, TC_H_INGRESS, a class handle).
func (t TCView) Parent() uint32 {
	checkView(t.m, "TCView")
	return fixedU32(t.m, 12)
}

// Info returns tcm_info (a filter's priority<<16 | protocol in network
// order).
func (t TCView) Info() uint32 {
	checkView(t.m, "TCView")
	return fixedU32(t.m, 16)
}

// Kind returns TCA_KIND ("htb", "u32" …). It borrows.
func (t TCView) Kind() []byte {
	checkView(t.m, "TCView")
	return attrString(t.m, uapi.TCA_KIND)
}

// KindString returns TCA_KIND as a string. It allocates.
func (t TCView) KindString() string {
	checkView(t.m, "TCView")
	return string(t.Kind())
}

// Qdiscs dumps the queueing disciplines of every interface
// (RTM_GETQDISC), invisible default ones included (TCA_DUMP_INVISIBLE),
// as pyroute2's get_qdiscs. Select by "index" in userspace. See
// [Iterator].
func (r *IPRoute) Qdiscs(ctx context.Context, filters ...Matcher) Iterator[TCView] {
	return typed[TCView](ctx, r, "qdisc dump", codec.TC, filters, reqQdisc)
}

// Classes dumps the classes of one interface (RTM_GETTCLASS), as
// pyroute2's get_classes: the kernel dumps the classes of the interface
// named by the "index" filter, and nothing without one.
func (r *IPRoute) Classes(ctx context.Context, filters ...Matcher) Iterator[TCView] {
	return typed[TCView](ctx, r, "class dump", codec.TC, filters, reqClass)
}

// Filters dumps the filters of one interface (RTM_GETTFILTER), as
// pyroute2's get_filters: the kernel needs the "index" filter and takes
// "parent" (a qdisc or class handle, or TC_H_INGRESS …) when given;
// without "index" the dump is empty.
func (r *IPRoute) Filters(ctx context.Context, filters ...Matcher) Iterator[TCView] {
	return typed[TCView](ctx, r, "filter dump", codec.TC, filters, reqFilter)
}

func buildTCReq(q *dumpReq, buf []byte, f *filterSet, k reqKind) {
	var t wire.MsgType = uapi.RTM_GETQDISC
	switch k {
	case reqClass:
		t = uapi.RTM_GETTCLASS
	case reqFilter:
		t = uapi.RTM_GETTFILTER
	}
	q.begin(buf, codec.TC, t, true)
	if v, ok := f.constInt("index"); ok && k != reqQdisc {
		binary.NativeEndian.PutUint32(q.fixed[4:], uint32(v))
	}
	if v, ok := f.constInt("parent"); ok && k == reqFilter {
		binary.NativeEndian.PutUint32(q.fixed[12:], uint32(v))
	}
	if k == reqQdisc {
		q.b.PutFlag(uapi.TCA_DUMP_INVISIBLE)
	}
}

// GetQdiscs is Qdiscs collected: owned views in a slice.
func (r *IPRoute) GetQdiscs(ctx context.Context, filters ...Matcher) ([]TCView, error) {
	it := r.Qdiscs(ctx, filters...)
	return it.Collect()
}
