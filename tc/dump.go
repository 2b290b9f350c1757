package tc

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// header is a decoded tc message: struct tcmsg and the attributes every
// kind shares. Options borrows the received buffer.
type header struct {
	index                int
	handle, parent, info uint32
	kind                 string
	options              []byte
	stats                Stats
}

// parseTC decodes a tc message that rtnl's dumps and monitor read: the
// one reader of TC messages is rtnl's TCView, and this adds the options
// and statistics of the kinds this package knows.
func parseTC(v rtnl.TCView) (header, error) {
	h := header{index: v.Index(), handle: v.Handle(), parent: v.Parent(), info: v.Info()}
	err := attrsOf(v.Msg().AttrBytes(), func(a wire.Attr) {
		switch a.Kind() {
		case uapi.TCA_KIND:
			h.kind = string(a.StringBytes())
		case uapi.TCA_OPTIONS:
			h.options = a.Value
		case uapi.TCA_XSTATS:
			h.stats.XStats = append([]byte(nil), a.Value...)
		case uapi.TCA_STATS2:
			parseStats2(a.Value, &h.stats)
		}
	})
	h.stats.App = decodeXStats(h.kind, h.stats.XStats)
	return h, err
}

func parseStats2(b []byte, s *Stats) {
	attrsOf(b, func(a wire.Attr) {
		v := a.Value
		switch a.Kind() {
		case uapi.TCA_STATS_BASIC:
			if len(v) >= 12 {
				s.Bytes, s.Packets = binary.NativeEndian.Uint64(v), uint64(u32At(v, 8))
			}
		case uapi.TCA_STATS_PKT64:
			s.Packets = au64(a)
		case uapi.TCA_STATS_QUEUE:
			s.Qlen, s.Backlog, s.Drops, s.Requeues, s.Overlimits = u32At(v, 0), u32At(v, 4), u32At(v, 8), u32At(v, 12), u32At(v, 16)
		case uapi.TCA_STATS_RATE_EST:
			s.BPS, s.PPS = uint64(u32At(v, 0)), uint64(u32At(v, 4))
		case uapi.TCA_STATS_RATE_EST64:
			if len(v) >= 16 {
				s.BPS, s.PPS = binary.NativeEndian.Uint64(v), binary.NativeEndian.Uint64(v[8:])
			}
		}
	})
}

// collect decodes every message of it, calling fn with each.
func collect(op string, it rtnl.Iterator[rtnl.TCView], fn func(h header)) error {
	defer it.Close()
	for it.Next() {
		h, err := parseTC(it.View())
		if err != nil {
			return fmt.Errorf("tc: %s: %w", op, err)
		}
		fn(h)
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("tc: %s: %w", op, err)
	}
	return nil
}

// indexMatch selects link index, or every link when index is 0.
func indexMatch(index int) []rtnl.Matcher {
	if index == 0 {
		return nil
	}
	return []rtnl.Matcher{rtnl.Match{"index": index}}
}

// GetQdiscs dumps the qdiscs of link index (every link when 0) through
// [rtnl.IPRoute.Qdiscs], invisible default ones included, with their
// statistics and, for kinds this package knows, their options decoded.
// The result owns its memory.
func GetQdiscs(ctx context.Context, r *rtnl.IPRoute, index int) ([]Qdisc, error) {
	var out []Qdisc
	err := collect("qdisc dump", r.Qdiscs(ctx, indexMatch(index)...), func(h header) {
		q := Qdisc{Link: h.index, Handle: Handle(h.handle), Parent: Handle(h.parent), Kind: h.kind, Stats: h.stats}
		if d := kinds[h.kind]; d != nil && d.decodeQdisc != nil {
			q.Options = d.decodeQdisc(h.options)
		}
		out = append(out, q)
	})
	return out, err
}

// GetClasses dumps the classes of link index through
// [rtnl.IPRoute.Classes], decoded as GetQdiscs decodes qdiscs.
func GetClasses(ctx context.Context, r *rtnl.IPRoute, index int) ([]Class, error) {
	var out []Class
	err := collect("class dump", r.Classes(ctx, rtnl.Match{"index": index}), func(h header) {
		cl := Class{Link: h.index, Handle: Handle(h.handle), Parent: Handle(h.parent), Kind: h.kind, Stats: h.stats}
		if d := kinds[h.kind]; d != nil && d.decodeClass != nil {
			cl.Options = d.decodeClass(h.options)
		}
		out = append(out, cl)
	})
	return out, err
}

// GetFilters dumps the filters of link index attached to parent (0: the
// root qdisc; HandleIngressQdisc, HandleClsactIngress, HandleClsactEgress
// for the ingress hooks) through [rtnl.IPRoute.Filters], decoded as
// GetQdiscs decodes qdiscs. The kernel dumps one parent at a time.
func GetFilters(ctx context.Context, r *rtnl.IPRoute, index int, parent Handle) ([]Filter, error) {
	var out []Filter
	m := rtnl.Match{"index": index}
	if parent != 0 {
		m["parent"] = uint32(parent)
	}
	err := collect("filter dump", r.Filters(ctx, m), func(h header) {
		p := uint16(h.info)
		f := Filter{Link: h.index, Handle: h.handle, Parent: Handle(h.parent), Priority: uint16(h.info >> 16),
			Protocol: p>>8 | p<<8, Kind: h.kind, Stats: h.stats}
		if d := kinds[h.kind]; d != nil && d.decodeFilter != nil {
			f.Options = d.decodeFilter(h.options)
		}
		out = append(out, f)
	})
	return out, err
}
