package tc

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
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

func parseTC(m wire.Message) (header, error) {
	var h header
	d := m.Data
	if len(d) < 20 {
		return h, fmt.Errorf("tc: message shorter than struct tcmsg")
	}
	h.index = int(int32(binary.NativeEndian.Uint32(d[4:])))
	h.handle = binary.NativeEndian.Uint32(d[8:])
	h.parent = binary.NativeEndian.Uint32(d[12:])
	h.info = binary.NativeEndian.Uint32(d[16:])
	err := attrsOf(d[20:], func(a wire.Attr) {
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

// dump runs a dump of type t for link index (0: every link) and parent,
// calling fn with each decoded message.
func dump(ctx context.Context, c *ring.Conn, op string, t wire.MsgType, index int, parent uint32, fn func(h header)) error {
	b := builders.Get().(*wire.Builder)
	defer builders.Put(b)
	b.Reset(b.Bytes()[:0])
	appendTCMsg(b, t, wire.FlagRequest, index, 0, parent, 0, "")
	b.End()
	s := c.Dump(ctx, op, b.Bytes())
	defer s.Close()
	for s.Next() {
		h, err := parseTC(s.Message())
		if err != nil {
			return fmt.Errorf("tc: %s: %w", op, err)
		}
		if index == 0 || h.index == index {
			fn(h)
		}
	}
	if err := s.Err(); err != nil {
		return fmt.Errorf("tc: %s: %w", op, err)
	}
	return nil
}

// Qdiscs dumps the qdiscs of link index (every link when 0), with their
// statistics and, for kinds this package knows, their options decoded.
// The result owns its memory.
func Qdiscs(ctx context.Context, r *rtnl.IPRoute, index int) ([]Qdisc, error) {
	var out []Qdisc
	err := dump(ctx, r.Conn(), "qdisc dump", msgGetQdisc, index, 0, func(h header) {
		q := Qdisc{Link: h.index, Handle: Handle(h.handle), Parent: Handle(h.parent), Kind: h.kind, Stats: h.stats}
		if d := kinds[h.kind]; d != nil && d.decodeQdisc != nil {
			q.Options = d.decodeQdisc(h.options)
		}
		out = append(out, q)
	})
	return out, err
}

// Classes dumps the classes of link index.
func Classes(ctx context.Context, r *rtnl.IPRoute, index int) ([]Class, error) {
	var out []Class
	err := dump(ctx, r.Conn(), "class dump", msgGetClass, index, 0, func(h header) {
		cl := Class{Link: h.index, Handle: Handle(h.handle), Parent: Handle(h.parent), Kind: h.kind, Stats: h.stats}
		if d := kinds[h.kind]; d != nil && d.decodeClass != nil {
			cl.Options = d.decodeClass(h.options)
		}
		out = append(out, cl)
	})
	return out, err
}

// Filters dumps the filters of link index attached to parent (0: the
// root qdisc; HandleIngressQdisc, HandleClsactIngress, HandleClsactEgress
// for the ingress hooks). The kernel dumps one parent at a time.
func Filters(ctx context.Context, r *rtnl.IPRoute, index int, parent Handle) ([]Filter, error) {
	var out []Filter
	err := dump(ctx, r.Conn(), "filter dump", msgGetFilter, index, uint32(parent), func(h header) {
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
