package rtnl

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Lightweight tunnel encapsulations of routes (RTA_ENCAP_TYPE and
// RTA_ENCAP): the typed forms and the translation of pyroute2's encap
// dict ({"type": "mpls", "labels": "200/300"}) into them.

// Encap is a route's (or a next hop's) lightweight tunnel encapsulation:
// one of *MPLSEncap, *SEG6Encap, *SEG6LocalEncap, *IP6Encap, *BPFEncap.
// The interface is sealed.
type Encap interface {
	// EncapType returns the LWTUNNEL_ENCAP_* value.
	EncapType() uint16
	// appendEncap appends the attributes inside RTA_ENCAP, in type
	// order, without allocating.
	appendEncap(b *wire.Builder)
}

func putEncap(b *wire.Builder, e Encap) {
	b.PutUint16(uapi.RTA_ENCAP_TYPE, e.EncapType())
	tok := b.Nest(uapi.RTA_ENCAP | wire.AttrNested)
	e.appendEncap(b)
	b.EndNest(tok)
}

// ---- the Spec form ----

// specErr is a bad value of a route or address keyword.
func specErr(schema, key string, v any, why string) error {
	return &codec.SpecError{Schema: schema, Keyword: key, Value: v, Reason: why}
}

// parseEncap reads pyroute2's encap dict into a typed Encap.
func parseEncap(key string, v any) (Encap, error) {
	m, ok := asMap(v)
	if !ok {
		return nil, specErr("route", key, v, "is not an encap dict")
	}
	typ, _ := m["type"].(string)
	fail := func(k string, x any, why string) (Encap, error) { return nil, specErr("route", key+"."+k, x, why) }
	for k := range m {
		if !encapKeyOK(typ, k) {
			return fail(k, m[k], "is not a keyword of encap type "+strconv.Quote(typ))
		}
	}
	switch typ {
	case "mpls":
		return parseMPLSEncap(key, m)
	case "seg6":
		return parseSEG6Encap(key, m)
	case "seg6local":
		return parseSEG6Local(key, m)
	case "ip6":
		return parseIP6Encap(key, m)
	case "bpf":
		return parseBPFEncap(key, m)
	}
	return fail("type", m["type"], "is not one of mpls, seg6, seg6local, ip6, bpf")
}

var encapKeys = map[string]string{
	"mpls":      " type labels ttl ",
	"seg6":      " type mode segs hmac ",
	"seg6local": " type action srh table vrf_table vrftable nh4 nh6 iif oif ",
	"ip6":       " type id dst src hoplimit tc ",
	"bpf":       " type in out xmit headroom ",
}

func encapKeyOK(typ, k string) bool {
	s, ok := encapKeys[typ]
	return !ok || strings.Contains(s, " "+k+" ")
}

func asAddr(v any) (netip.Addr, bool) {
	switch x := v.(type) {
	case netip.Addr:
		return x, x.IsValid()
	case string:
		a, err := netip.ParseAddr(x)
		return a, err == nil
	}
	return netip.Addr{}, false
}

// asList reads a list of any element type.
func asList(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []int:
		return anyOf(x), true
	case []uint32:
		return anyOf(x), true
	case []string:
		return anyOf(x), true
	case []netip.Addr:
		return anyOf(x), true
	case []map[string]any:
		return anyOf(x), true
	case []Spec:
		return anyOf(x), true
	}
	return nil, false
}

func anyOf[T any](x []T) []any {
	out := make([]any, len(x))
	for i, e := range x {
		out[i] = e
	}
	return out
}

// encapSpec returns e as the keyword maps of the codec: RTA_ENCAP_TYPE
// and the RTA_ENCAP chain, so that the Spec form encodes what the typed
// form does.
func encapSpec(e Encap) (uint16, Spec) {
	var b wire.Builder
	b.Reset(make([]byte, 0, 256))
	b.Begin(0, 0, 0)
	e.appendEncap(&b)
	b.End()
	// The chain as raw attributes in the dict form: exact bytes, order kept.
	attrs := []any{}
	raw := b.Bytes()[wire.HeaderLen:]
	for len(raw) >= 4 {
		n := int(binary.NativeEndian.Uint16(raw))
		t := binary.NativeEndian.Uint16(raw[2:])
		if n < 4 || n > len(raw) {
			break
		}
		attrs = append(attrs, []any{fmt.Sprintf("UNKNOWN_%d", t&wire.AttrTypeMask), map[string]any{"hex": fmt.Sprintf("%x", raw[4:n])}, uint64(t &^ wire.AttrTypeMask)})
		raw = raw[min(wire.Align(n), len(raw)):]
	}
	return e.EncapType(), Spec{"attrs": attrs}
}
