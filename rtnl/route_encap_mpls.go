package rtnl

import (
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// MPLS label stacks and the MPLS lightweight tunnel (LWTUNNEL_ENCAP_MPLS).

// MPLSLabelMax is the largest MPLS label, 2^20-1.
const MPLSLabelMax = 1<<20 - 1

// MPLSLabel is one entry of an MPLS label stack. The bottom-of-stack
// bit is set by the encoder on the last entry of a stack.
type MPLSLabel struct {
	Label uint32 // 0 … MPLSLabelMax
	TC    uint8  // traffic class, 0 … 7
	TTL   uint8
}

// lse returns the label stack entry, big-endian order applied by the
// caller: label(20) tc(3) bos(1) ttl(8).
func (l MPLSLabel) lse(bos bool) uint32 {
	v := l.Label<<12 | uint32(l.TC&7)<<9 | uint32(l.TTL)
	if bos {
		v |= 1 << 8
	}
	return v
}

// putLabels appends a label stack attribute of type t.
func putLabels(b *wire.Builder, t uint16, labels []MPLSLabel) {
	tok := b.Nest(t) // a plain attribute: the header, then the entries
	for i, l := range labels {
		p := b.Reserve(4)
		if p != nil {
			binary.BigEndian.PutUint32(p, l.lse(i == len(labels)-1))
		}
	}
	b.EndNest(tok)
}

// MPLSEncap pushes a label stack (LWTUNNEL_ENCAP_MPLS).
type MPLSEncap struct {
	Labels []MPLSLabel
	TTL    uint8 // MPLS_IPTUNNEL_TTL; 0 leaves it out
}

// EncapType returns LWTUNNEL_ENCAP_MPLS.
func (*MPLSEncap) EncapType() uint16 { return uapi.LWTUNNEL_ENCAP_MPLS }

func (e *MPLSEncap) appendEncap(b *wire.Builder) {
	putLabels(b, uapi.MPLS_IPTUNNEL_DST, e.Labels)
	if e.TTL != 0 {
		b.PutUint8(uapi.MPLS_IPTUNNEL_TTL, e.TTL)
	}
}

// ParseMPLSLabels reads an MPLS label stack in any of pyroute2's
// notations: an integer (300), a string ("300", "200/300"), a list of
// integers or strings ([200, 300]), a dict {"label": 300, "tc": 0,
// "bos": 1, "ttl": 16} or a list of such dicts. "bos" is accepted and
// ignored: the bottom-of-stack bit is always set on the last entry.
// key names the keyword in errors.
func ParseMPLSLabels(key string, v any) ([]MPLSLabel, error) {
	out, err := appendMPLSLabels(nil, key, v)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, specErr("route", key, v, "is an empty label stack")
	}
	return out, nil
}

// appendMPLSLabels appends to out the labels of x, in any of the
// notations ParseMPLSLabels reads.
func appendMPLSLabels(out []MPLSLabel, key string, x any) ([]MPLSLabel, error) {
	switch y := x.(type) {
	case string:
		return appendMPLSLabelString(out, key, y)
	case map[string]any, Spec:
		m, _ := asMap(y)
		l, err := parseMPLSLabelDict(key, m)
		if err != nil {
			return nil, err
		}
		return append(out, l), nil
	}
	if n, neg, ok := asInt(x); ok {
		if neg || n > MPLSLabelMax {
			return nil, specErr("route", key, x, "is not a label in 0 … 1048575")
		}
		return append(out, MPLSLabel{Label: uint32(n)}), nil
	}
	if l, ok := asList(x); ok {
		for _, e := range l {
			var err error
			if out, err = appendMPLSLabels(out, key, e); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, specErr("route", key, x, "is not an MPLS label stack")
}

// appendMPLSLabelString appends the labels of "300" or "200/300".
func appendMPLSLabelString(out []MPLSLabel, key, s string) ([]MPLSLabel, error) {
	for _, f := range strings.Split(s, "/") {
		n, err := strconv.ParseUint(strings.TrimSpace(f), 0, 64)
		if err != nil {
			return nil, specErr("route", key, s, "is not an MPLS label stack")
		}
		if n > MPLSLabelMax {
			return nil, specErr("route", key, s, "has a label above 1048575")
		}
		out = append(out, MPLSLabel{Label: uint32(n)})
	}
	return out, nil
}

// parseMPLSLabelDict reads {"label": 300, "tc": 0, "bos": 1, "ttl": 16}.
func parseMPLSLabelDict(key string, m map[string]any) (MPLSLabel, error) {
	var l MPLSLabel
	for k, f := range m {
		n, neg, ok := asInt(f)
		if !ok || neg {
			return l, specErr("route", key+"."+k, f, "is not a non-negative integer")
		}
		switch k {
		case "label":
			if n > MPLSLabelMax {
				return l, specErr("route", key+".label", f, "is above 1048575")
			}
			l.Label = uint32(n)
		case "tc":
			if n > 7 {
				return l, specErr("route", key+".tc", f, "is above 7")
			}
			l.TC = uint8(n)
		case "ttl":
			if n > 255 {
				return l, specErr("route", key+".ttl", f, "is above 255")
			}
			l.TTL = uint8(n)
		case "bos":
		default:
			return l, specErr("route", key+"."+k, f, "is not label, tc, bos or ttl")
		}
	}
	return l, nil
}

// labelsValue is a label stack as the codec's KindBE32 array takes it.
func labelsValue(l []MPLSLabel) []any {
	out := make([]any, len(l))
	for i, x := range l {
		out[i] = uint64(x.lse(i == len(l)-1))
	}
	return out
}

// parseMPLSEncap reads the "labels" and "ttl" of an encap dict of type mpls.
func parseMPLSEncap(key string, m map[string]any) (Encap, error) {
	l, err := ParseMPLSLabels(key+".labels", m["labels"])
	if err != nil {
		return nil, err
	}
	e := &MPLSEncap{Labels: l}
	if t, ok := m["ttl"]; ok {
		n, neg, ok := asInt(t)
		if !ok || neg || n > 255 {
			return nil, specErr("route", key+".ttl", t, "is not a TTL in 0 … 255")
		}
		e.TTL = uint8(n)
	}
	return e, nil
}
