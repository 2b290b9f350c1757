package codec

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nlroute/nlroute/wire"
)

// Spec is a message described in pyroute2's keyword style: keywords are
// attribute names without their prefix ("mtu"), full attribute names
// ("IFLA_MTU") or family-header field names ("index", "dst_len").
//
// Values are natural Go values: integers of any type (and float64 or
// json.Number holding integers), strings, netip.Addr, netip.Prefix (or
// "10.0.0.0/24" for an address whose spec has a PrefixField: it also sets
// that field), net.HardwareAddr or "aa:bb:…" for link addresses, []byte,
// bool for flags, nested Spec or map[string]any for nested attributes and
// structs, and lists for arrays and records.
//
// A nested map holding the key "attrs" is taken in pyroute2's dict form
// instead: "attrs" is the ordered list of [name, value] or
// [name, value, flags] pairs, encoded exactly in that order (this is the
// shape AppendJSON renders, so a rendered message encodes back to the
// same bytes).
type Spec map[string]any

// ErrBadSpec is matched (with errors.Is) by every *SpecError.
var ErrBadSpec = errors.New("codec: bad spec")

// SpecError reports a keyword the schema does not know, or a value of the
// wrong type or range, before anything is sent.
type SpecError struct {
	Schema  string // "link", "route"
	Keyword string // the keyword path, "linkinfo.data.br_stp_state"
	Value   any    // the offending value; nil for an unknown keyword
	Reason  string // "is not an integer", "unknown keyword"
}

func (e *SpecError) Error() string {
	if e.Value == nil && e.Reason == "unknown keyword" {
		return fmt.Sprintf("codec: %s: unknown keyword %q", e.Schema, e.Keyword)
	}
	val := fmt.Sprintf("%v", e.Value)
	if s, ok := e.Value.(string); ok {
		val = fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("codec: %s: keyword %q: value %s (%T) %s", e.Schema, e.Keyword, val, e.Value, e.Reason)
}

// Is reports whether target is ErrBadSpec.
func (e *SpecError) Is(target error) bool { return target == ErrBadSpec }

const maxFixed = 64 // the largest family header a schema may declare

// Encode appends one message of type t described by spec to b, with the
// attributes in schema order (by type), so the output is deterministic.
// On a bad spec it returns a *SpecError and leaves b as it was; b must not
// have an open message. It allocates a little (sorting the keywords);
// typed encoders use the Builder directly for the zero-allocation path.
func (s *Schema) Encode(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32, spec Spec) error {
	if err := b.Err(); err != nil {
		return err
	}
	mark := b.Mark()
	e := encoder{b: b, schema: s, exact: isDict(spec), ev: t}
	err := e.message(t, flags, seq, spec)
	if err == nil {
		err = b.Err()
	}
	if err != nil {
		b.Rollback(mark)
	}
	return err
}

// EncodeDict appends the message described by d, a message in pyroute2's
// dict form as AppendJSON renders it (after json decoding, preferably with
// UseNumber): header type, flags, sequence number and pid come from
// d["header"], fields from d's other keys, attributes from d["attrs"] in
// order. Encoding a rendered message gives back its bytes.
func (s *Schema) EncodeDict(b *wire.Builder, d map[string]any) error {
	h, _ := toMap(d["header"])
	var num [4]uint64
	for i, k := range []string{"type", "flags", "sequence_number", "pid"} {
		if v, ok := h[k]; ok {
			u, _, why := toInt(v)
			if why != "" {
				return &SpecError{Schema: s.Name, Keyword: "header." + k, Value: v, Reason: why}
			}
			num[i] = u
		}
	}
	start := b.Len()
	if err := s.Encode(b, wire.MsgType(num[0]), wire.HeaderFlags(num[1]), uint32(num[2]), d); err != nil {
		return err
	}
	if num[3] != 0 {
		m := b.Bytes()[start:]
		if len(m) >= wire.HeaderLen {
			putInt(KindU32, m[12:16], num[3])
		}
	}
	return nil
}

func isDict(m map[string]any) bool {
	_, ok := m["attrs"].([]any)
	return ok
}

// encoder carries the state of one Spec encoding.
type encoder struct {
	b      *wire.Builder
	schema *Schema
	exact  bool // dict form: flags as given, no NLA_F_NESTED added
	ev     wire.MsgType
	fixed  []byte
	keys   [16]string // the keyword path, for errors
	depth  int
}

func (e *encoder) push(k string) {
	if e.depth < len(e.keys) {
		e.keys[e.depth] = k
	}
	e.depth++
}

func (e *encoder) pop() { e.depth-- }

func (e *encoder) fail(v any, why string) error {
	n := min(e.depth, len(e.keys))
	return &SpecError{Schema: e.schema.Name, Keyword: strings.Join(e.keys[:n], "."), Value: v, Reason: why}
}

func (e *encoder) unknown(k string) error {
	e.push(k)
	defer e.pop()
	return e.fail(nil, "unknown keyword")
}
