package rtnl

import (
	"context"
	"fmt"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// Batch is pyroute2's IPBatch, the RTNL request compiler: it has the
// request-building side of the API — the Spec path ([Batch.Do]) and the
// typed calls for links, addresses, routes, rules and neighbours — but
// appends each request to one buffer instead of sending it. The buffer
// ([Batch.Bytes]) is netlink messages back to back: send it through any
// IPRoute later with [IPRoute.SendBatch] (one result per request), write
// it to a file and replay it, or feed it to a parser under test.
//
//	b := rtnl.NewBatch()
//	b.Do("link", "add", rtnl.Spec{"index": 550, "ifname": "test", "kind": "dummy"})
//	b.Do("link", "set", rtnl.Spec{"index": 550, "state": "up"})
//	b.Do("addr", "add", rtnl.Spec{"index": 550, "address": "10.0.0.2", "mask": 24})
//	data := bytes.Clone(b.Bytes())
//	b.Reset()
//	failed, err := ipr.SendBatch(ctx, data, nil)
//
// Every request carries NLM_F_ACK (dumps and gets cannot be batched: a
// batch collects acks only) and sequence number 0; SendBatch, a thin
// form of the [Writer], stamps the real ones. To stream typed requests
// as they come, use a Writer instead: the same requests, sent as they
// are queued, with results by index. Requests that need something at send time are refused: a
// tuntap (an ioctl), a link naming its namespace by name (an open
// descriptor; give its number with NetNSFD or "net_ns_fd": fd, or
// "net_ns_pid"). Every typed object has its Batch method (links,
// addresses, routes, rules, neighbours, FDB entries, nexthops, bridge
// VLANs and ports, all by value as IPRoute takes them); traffic control
// objects go in through [Batch.Encode] with their own Encode methods
// (tc.Qdisc.Encode …).
//
// A call that fails leaves the batch as it was. Typed calls allocate
// nothing once the buffer has grown. A Batch is not safe for concurrent
// use.
type Batch struct {
	b wire.Builder
	n int
}

// NewBatch returns an empty batch.
func NewBatch() *Batch { return new(Batch) }

// Bytes returns the compiled requests, back to back. The slice is the
// batch's own buffer: valid until the next call that adds to or resets
// the batch; copy it to keep it.
func (b *Batch) Bytes() []byte { return b.b.Bytes() }

// Len returns the number of requests in the batch.
func (b *Batch) Len() int { return b.n }

// Reset empties the batch, keeping its buffer for reuse.
func (b *Batch) Reset() {
	b.b.Reset(b.b.Bytes()[:0])
	b.n = 0
}

// Encode appends the requests enc writes to the batch: the seam for
// encoders outside this package's typed calls, such as package tc's
// Qdisc, Class and Filter Encode methods. enc should
// ask for NLM_F_ACK (SendBatch adds it anyway). If enc fails, what it
// wrote is rolled back and its error returned.
func (b *Batch) Encode(enc func(b *wire.Builder) error) error {
	mark, before := b.b.Mark(), b.b.Len()
	if err := enc(&b.b); err != nil {
		b.b.Rollback(mark)
		return fmt.Errorf("rtnl: batch: %w", err)
	}
	if err := b.b.Err(); err != nil {
		b.b.Rollback(mark)
		return fmt.Errorf("rtnl: batch: %w", err)
	}
	n, err := countBatch(b.b.Bytes()[before:])
	if err != nil {
		b.b.Rollback(mark)
		return fmt.Errorf("rtnl: batch: %w", err)
	}
	b.n += n
	return nil
}

// countBatch counts the messages of p, refusing a malformed p.
func countBatch(p []byte) (int, error) {
	n := 0
	it := wire.NewMessages(p)
	for it.Next() {
		n++
	}
	return n, it.Err()
}

// Do compiles a command of the generic path, exactly as [IPRoute.Do]
// would send it: the object's Prepare hook translates the Spec, the
// schema encodes it. Bad input is a *codec.SpecError and adds nothing;
// so are the commands that cannot be batched (get, dump, show) and the
// requests that need something at send time (see [Batch]).
func (b *Batch) Do(object, command string, spec Spec) error {
	op := object + " " + command
	d, ok := lookupObject(object)
	if !ok {
		return fmt.Errorf("rtnl: batch: %s: unknown object %q (one of %v)", op, object, CommandObjects())
	}
	v, ok := d.Verb(command)
	if !ok {
		return fmt.Errorf("rtnl: batch: %s: unknown command %q for %s (one of %v)", op, command, object, d.Commands())
	}
	if v.Op == OpGet {
		return fmt.Errorf("rtnl: batch: %s: %w", op, &codec.SpecError{Schema: d.Name, Keyword: "command", Value: command, Reason: "cannot be batched: a batch collects acks only"})
	}
	prepare := d.Prepare
	if prepare == nil {
		prepare = prepareHook(object)
	}
	if prepare != nil {
		var err error
		if spec, err = prepare(context.Background(), nil, command, spec); err != nil {
			return fmt.Errorf("rtnl: batch: %s: %w", op, err)
		}
	}
	t := d.msgType(v)
	if object == "link" {
		var err error
		if t, err = batchLinkType(command, t, spec); err != nil {
			return fmt.Errorf("rtnl: batch: %s: %w", op, err)
		}
	}
	mark := b.b.Mark()
	if err := d.Schema.Encode(&b.b, t, v.Flags|wire.FlagAck, 0, spec); err != nil {
		b.b.Rollback(mark)
		return fmt.Errorf("rtnl: batch: %s: %w", op, err)
	}
	b.n++
	return nil
}

// batchLinkType refuses the link requests a batch cannot hold and maps
// the property verbs to their message types, as runLink does.
func batchLinkType(command string, t wire.MsgType, spec Spec) (wire.MsgType, error) {
	if _, ok := spec[tuntapKey]; ok {
		return 0, linkSpecError("kind", "tuntap", "cannot be batched: it is created through an ioctl")
	}
	if err := batchNetNSName(spec, ""); err != nil {
		return 0, err
	}
	switch command {
	case "property_add":
		t = uapi.RTM_NEWLINKPROP
	case "property_del":
		t = uapi.RTM_DELLINKPROP
	}
	return t, nil
}

// batchNetNSName refuses a namespace named by name in a link Spec (and
// its peer's): only a descriptor number can go into a buffer.
func batchNetNSName(s Spec, path string) error {
	if v, ok := s["net_ns_fd"].(string); ok {
		return linkSpecError(path+"net_ns_fd", v, "cannot be batched by name: give an open descriptor's number or net_ns_pid")
	}
	li, _ := s["linkinfo"].(Spec)
	data, _ := li["data"].(Spec)
	for _, k := range []string{"peer", "netkit_peer_info"} {
		if p, ok := data[k].(Spec); ok {
			if err := batchNetNSName(p, path+"peer."); err != nil {
				return err
			}
		}
	}
	return nil
}

// added counts a request that an Encode method appended, or wraps its
// error naming the object and command (the Encode left the batch as it
// was). The methods call Encode themselves: through an interface the
// object would escape to the heap.
func (b *Batch) added(object, command string, err error) error {
	if err != nil {
		return fmt.Errorf("rtnl: batch: %s %s: %w", object, command, err)
	}
	b.n++
	return nil
}

func (b *Batch) link(command string, l Link) error {
	if _, ok := l.Info.(Tuntap); ok {
		return fmt.Errorf("rtnl: batch: link %s: %w", command, linkSpecError("kind", "tuntap", "cannot be batched: it is created through an ioctl"))
	}
	return b.added("link", command, l.Encode(&b.b, command, 0))
}

// LinkAdd compiles [IPRoute.LinkAdd]. l.NetNS (and a peer's) must be
// empty: use NetNSFD.
func (b *Batch) LinkAdd(l Link) error { return b.link("add", l) }

// LinkSet compiles [IPRoute.LinkSet].
func (b *Batch) LinkSet(l Link) error { return b.link("set", l) }

// LinkReplace compiles [IPRoute.LinkReplace].
func (b *Batch) LinkReplace(l Link) error { return b.link("replace", l) }

// LinkUpdate compiles [IPRoute.LinkUpdate].
func (b *Batch) LinkUpdate(l Link) error { return b.link("update", l) }

// LinkDel compiles [IPRoute.LinkDel].
func (b *Batch) LinkDel(l Link) error { return b.link("del", l) }

// AddrAdd compiles [IPRoute.AddrAdd].
func (b *Batch) AddrAdd(a Addr) error { return b.added("addr", "add", a.Encode(&b.b, "add", 0)) }

// AddrReplace compiles [IPRoute.AddrReplace].
func (b *Batch) AddrReplace(a Addr) error {
	return b.added("addr", "replace", a.Encode(&b.b, "replace", 0))
}

// AddrDel compiles [IPRoute.AddrDel].
func (b *Batch) AddrDel(a Addr) error { return b.added("addr", "del", a.Encode(&b.b, "del", 0)) }

// RouteAdd compiles [IPRoute.RouteAdd].
func (b *Batch) RouteAdd(rt Route) error { return b.added("route", "add", rt.Encode(&b.b, "add", 0)) }

// RouteReplace compiles [IPRoute.RouteReplace].
func (b *Batch) RouteReplace(rt Route) error {
	return b.added("route", "replace", rt.Encode(&b.b, "replace", 0))
}

// RouteChange compiles [IPRoute.RouteChange].
func (b *Batch) RouteChange(rt Route) error {
	return b.added("route", "change", rt.Encode(&b.b, "change", 0))
}

// RouteAppend compiles [IPRoute.RouteAppend].
func (b *Batch) RouteAppend(rt Route) error {
	return b.added("route", "append", rt.Encode(&b.b, "append", 0))
}

// RouteDel compiles [IPRoute.RouteDel].
func (b *Batch) RouteDel(rt Route) error { return b.added("route", "del", rt.Encode(&b.b, "del", 0)) }

// RuleAdd compiles [IPRoute.RuleAdd].
func (b *Batch) RuleAdd(x Rule) error { return b.added("rule", "add", x.Encode(&b.b, "add", 0)) }

// RuleDel compiles [IPRoute.RuleDel].
func (b *Batch) RuleDel(x Rule) error { return b.added("rule", "del", x.Encode(&b.b, "del", 0)) }

// NeighAdd compiles [IPRoute.NeighAdd].
func (b *Batch) NeighAdd(x Neigh) error { return b.added("neigh", "add", x.Encode(&b.b, "add", 0)) }

// NeighSet compiles [IPRoute.NeighSet].
func (b *Batch) NeighSet(x Neigh) error { return b.added("neigh", "set", x.Encode(&b.b, "set", 0)) }

// NeighReplace compiles [IPRoute.NeighReplace].
func (b *Batch) NeighReplace(x Neigh) error {
	return b.added("neigh", "replace", x.Encode(&b.b, "replace", 0))
}

// NeighChange compiles [IPRoute.NeighChange].
func (b *Batch) NeighChange(x Neigh) error {
	return b.added("neigh", "change", x.Encode(&b.b, "change", 0))
}

// NeighDel compiles [IPRoute.NeighDel].
func (b *Batch) NeighDel(x Neigh) error { return b.added("neigh", "del", x.Encode(&b.b, "del", 0)) }

// FDBAdd compiles [IPRoute.FDBAdd].
func (b *Batch) FDBAdd(x FDBEntry) error { return b.added("fdb", "add", x.Encode(&b.b, "add", 0)) }

// FDBAppend compiles [IPRoute.FDBAppend].
func (b *Batch) FDBAppend(x FDBEntry) error {
	return b.added("fdb", "append", x.Encode(&b.b, "append", 0))
}

// FDBReplace compiles [IPRoute.FDBReplace].
func (b *Batch) FDBReplace(x FDBEntry) error {
	return b.added("fdb", "replace", x.Encode(&b.b, "replace", 0))
}

// FDBDel compiles [IPRoute.FDBDel].
func (b *Batch) FDBDel(x FDBEntry) error { return b.added("fdb", "del", x.Encode(&b.b, "del", 0)) }

// NexthopAdd compiles [IPRoute.NexthopAdd].
func (b *Batch) NexthopAdd(x Nexthop) error {
	return b.added("nexthop", "add", x.Encode(&b.b, "add", 0))
}

// NexthopReplace compiles [IPRoute.NexthopReplace].
func (b *Batch) NexthopReplace(x Nexthop) error {
	return b.added("nexthop", "replace", x.Encode(&b.b, "replace", 0))
}

// NexthopDel compiles [IPRoute.NexthopDel].
func (b *Batch) NexthopDel(id uint32) error {
	x := Nexthop{ID: id}
	return b.added("nexthop", "del", x.Encode(&b.b, "del", 0))
}

// BridgeVLANAdd compiles [IPRoute.BridgeVLANAdd].
func (b *Batch) BridgeVLANAdd(x BridgeVLAN) error {
	return b.added("vlan_filter", "add", x.Encode(&b.b, "add", 0))
}

// BridgeVLANDel compiles [IPRoute.BridgeVLANDel].
func (b *Batch) BridgeVLANDel(x BridgeVLAN) error {
	return b.added("vlan_filter", "del", x.Encode(&b.b, "del", 0))
}

// BridgePortSet compiles [IPRoute.BridgePortSet].
func (b *Batch) BridgePortSet(x BridgePort) error {
	return b.added("brport", "set", x.Encode(&b.b, "set", 0))
}

// SendBatch sends compiled requests — a [Batch]'s Bytes, or the same
// bytes read back from a file — through a [Writer] with an ack per
// request ([Writer.Append]), and returns how many the kernel refused.
// results, when not nil, must have room for every request and receives
// one result each: nil for an ack, the kernel's refusal as a
// *RequestError naming the request's index and object ("rtnl: route add
// 10.2.0.0/16 via 10.1.0.2: file exists"; errors.Is reaches the errno,
// errors.As the *wire.OpError).
//
// buf is copied, stamped with fresh sequence numbers and NLM_F_ACK, and
// not modified: it may be sent again, from any goroutine. A malformed buf
// is refused before anything is sent; the other errors are the Writer's
// (a broken connection, ctx ended: the outcome of the requests not yet
// reported is then unknown). Safe for concurrent use with every other
// call on the IPRoute. For a stream of requests that never ends, use a
// Writer directly.
func (r *IPRoute) SendBatch(ctx context.Context, buf []byte, results []error) (int, error) {
	n, err := countBatch(buf)
	if err != nil {
		return 0, fmt.Errorf("rtnl: batch: %w", err)
	}
	if results != nil && len(results) < n {
		return 0, fmt.Errorf("rtnl: batch: %d results for %d requests", len(results), n)
	}
	clear(results)
	failed := 0
	w, err := r.NewWriter(ctx, WriterConfig{Ack: ring.AckEach, Window: min(max(n, 1), defaultWriterWindow),
		OnResult: func(res Result) {
			if res.Err != nil {
				failed++
				if results != nil {
					results[res.Index] = res.Err
				}
			}
		}})
	if err != nil {
		return 0, err
	}
	if _, err := w.Append(buf); err != nil {
		w.Close()
		return failed, err
	}
	return failed, w.Close()
}
