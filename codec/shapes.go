package codec

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"
)

// A shape renders a value as pyroute2 does where that is not its kind's
// plain form: AppendJSON writes it and EncodeDict reads it back (and still
// takes the plain form).
const (
	shapePlain      uint8 = iota
	shapeRange            // a struct of two integers, start and end: "start:end" (FRA_UID_RANGE …)
	shapeBridgeID         // struct ifla_bridge_id, prio[2] and addr[6]: {"prio": 32768, "addr": "02:…"}
	shapeVia              // struct rtvia, a u16 family and the address: {"family": 10, "addr": "fe80::1"}
	shapeNamedArray       // an array of integers whose elements have names (AttrSpec.Names): {"forwarding": 0, …}
	shapeStructKeys       // a struct, then an array of another (AttrSpec.keys): {fields…, "keys": [{…}, …]}
)

// NamedArrayAttr describes an attribute that is an array of integers of
// kind elem whose elements have names: it renders as pyroute2 does, as an
// object of the named elements ({"rcnt": 0, "rhit": 0, …}; "_<i>" past
// the names), and EncodeDict takes that object (or the list).
func NamedArrayAttr(t uint16, name string, elem Kind, names ...string) AttrSpec {
	return namedArray(t, name, elem, names)
}

// StructKeysAttr describes an attribute that is a C struct head followed by
// an array of struct key (TCA_U32_SEL: struct tc_u32_sel and its
// tc_u32_key entries): it renders as pyroute2 does, as the head's fields
// and "keys", a list of the entries' fields, and EncodeDict takes that
// object. Bytes of another length render as hex.
func StructKeysAttr(t uint16, name string, head, key *Struct) AttrSpec {
	return AttrSpec{Type: t, Name: name, Kind: KindBinary, Struct: head, keys: key, shape: shapeStructKeys}
}

func rangeAttr(t uint16, name string, s *Struct) AttrSpec {
	a := structAttr(t, name, s)
	a.shape = shapeRange
	return a
}

func shaped(a AttrSpec, shape uint8) AttrSpec {
	a.shape = shape
	return a
}

// appendShaped renders v in its shape; false when v has none or its bytes
// do not fit it (then it renders in its kind's form, as hex at worst).
func appendShaped(dst []byte, v Value) ([]byte, bool) {
	b := v.Value
	switch v.Spec.shape {
	case shapeRange:
		st := v.structOf()
		if st == nil || len(st.Fields) != 2 {
			return dst, false
		}
		dst = append(dst, '"')
		dst = strconv.AppendUint(dst, st.Get(b, 0), 10)
		dst = append(dst, ':')
		dst = strconv.AppendUint(dst, st.Get(b, 1), 10)
		return append(dst, '"'), true
	case shapeBridgeID:
		if len(b) != 8 {
			return dst, false
		}
		dst = append(dst, `{"prio": `...)
		dst = strconv.AppendUint(dst, uint64(binary.BigEndian.Uint16(b)), 10)
		dst = append(dst, `, "addr": `...)
		return append(appendHex(dst, b[2:]), '}'), true
	case shapeStructKeys:
		head, key := v.Spec.Struct, v.Spec.keys
		if len(b) < head.Size || key.Size == 0 || (len(b)-head.Size)%key.Size != 0 {
			return dst, false
		}
		dst = appendStruct(dst, head, b[:head.Size], 0)
		dst = dst[:len(dst)-1]
		if dst[len(dst)-1] != '{' {
			dst = append(dst, ", "...)
		}
		dst = append(dst, `"keys": [`...)
		for i, off := 0, head.Size; off < len(b); i, off = i+1, off+key.Size {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = appendStruct(dst, key, b[off:off+key.Size], 0)
		}
		return append(dst, "]}"...), true
	case shapeNamedArray:
		if v.Len() == 0 {
			return dst, false
		}
		dst = append(dst, '{')
		for i := range v.Len() {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = appendElemName(dst, v.Spec.Names, i)
			dst = append(dst, ": "...)
			u, _ := v.Index(i)
			dst = appendInt(dst, v.Spec.Elem, u)
		}
		return append(dst, '}'), true
	case shapeVia:
		if len(b) != 2+4 && len(b) != 2+16 {
			return dst, false
		}
		a, _ := netip.AddrFromSlice(b[2:])
		dst = append(dst, `{"family": `...)
		dst = strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint16(b)), 10)
		dst = append(dst, `, "addr": "`...)
		return append(append(a.AppendTo(dst), '"'), '}'), true
	}
	return dst, false
}

// putShaped encodes v given in sp's shape; false when sp has none or v is
// not in that form (the plain form of the kind then applies).
func (e *encoder) putShaped(typ uint16, sp *AttrSpec, v any) (bool, error) {
	if sp.shape == shapeRange {
		s, ok := v.(string)
		if !ok {
			return false, nil
		}
		lo, hi, ok := strings.Cut(s, ":")
		if !ok {
			return true, e.fail(v, `is not "start:end"`)
		}
		st := sp.Struct
		return true, e.putStruct(typ, st, map[string]any{
			st.Fields[0].Name: json2num(lo), st.Fields[1].Name: json2num(hi)})
	}
	m, ok := v.(map[string]any)
	if !ok {
		return false, nil
	}
	switch sp.shape {
	case shapeBridgeID:
		return true, e.putBridgeID(typ, m)
	case shapeVia:
		return true, e.putVia(typ, m)
	case shapeStructKeys:
		return true, e.putStructKeys(typ, sp, m)
	case shapeNamedArray:
		return true, e.putNamedArray(typ, sp, m)
	}
	return false, nil
}

// putNamedArray encodes an object of named elements as the array.
func (e *encoder) putNamedArray(typ uint16, sp *AttrSpec, m map[string]any) error {
	l := make([]any, len(m))
	var name []byte
	for i := range l {
		name = appendElemName(name[:0], sp.Names, i)
		x, ok := m[string(name[1:len(name)-1])]
		if !ok {
			return e.fail(m, "has no element "+string(name)+" (every element from the first is needed)")
		}
		l[i] = x
	}
	return e.putArray(typ, sp.Elem, l)
}

// putBridgeID encodes {"prio", "addr"} as struct ifla_bridge_id.
func (e *encoder) putBridgeID(typ uint16, m map[string]any) error {
	p, _, why := toInt(m["prio"])
	if why == "" && p > 0xffff {
		why = "prio is out of range for u16"
	}
	addr, why2 := toBytes(m["addr"])
	if why == "" && (why2 != "" || len(addr) != 6) {
		why = "addr is not 6 bytes"
	}
	if why != "" {
		return e.fail(m, why)
	}
	var id [8]byte
	binary.BigEndian.PutUint16(id[:], uint16(p))
	copy(id[2:], addr)
	e.b.PutBytes(typ, id[:])
	return nil
}

// putVia encodes {"family", "addr"} as struct rtvia.
func (e *encoder) putVia(typ uint16, m map[string]any) error {
	f, _, why := toInt(m["family"])
	a, _, why2 := toAddr(m["addr"])
	if why == "" && f > 0xffff {
		why = "family is out of range for u16"
	}
	if why == "" && why2 != "" {
		why = "addr " + why2
	}
	if why != "" {
		return e.fail(m, why)
	}
	var via [18]byte
	binary.LittleEndian.PutUint16(via[:], uint16(f))
	n := copy(via[2:], a.AsSlice())
	e.b.PutBytes(typ, via[:2+n])
	return nil
}

// json2num keeps a number's text as a json.Number-like value toInt reads.
func json2num(s string) any {
	if n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64); err == nil {
		return n
	}
	return s
}

// appendElemName appends the quoted name of element i: its name, or
// "_<i>" past the names.
func appendElemName(dst []byte, names []string, i int) []byte {
	if i < len(names) {
		return appendString(dst, names[i])
	}
	dst = append(dst, `"_`...)
	dst = strconv.AppendInt(dst, int64(i), 10)
	return append(dst, '"')
}

// putStructKeys encodes {head fields…, "keys": [{key fields…}, …]}.
func (e *encoder) putStructKeys(typ uint16, sp *AttrSpec, m map[string]any) error {
	head, key := sp.Struct, sp.keys
	rest := map[string]any{}
	p := make([]byte, head.Size)
	if err := e.fillStruct(head, p, m, -1, rest); err != nil {
		return err
	}
	var l []any
	for k, v := range rest {
		ok := k == "keys"
		if ok {
			l, ok = toList(v)
		}
		if !ok {
			e.push(k)
			defer e.pop()
			return e.fail(v, "is not a field of "+head.Name+" (nor keys, a list of "+key.Name+")")
		}
	}
	for _, x := range l {
		km, ok := toMap(x)
		if !ok {
			e.push("keys")
			defer e.pop()
			return e.fail(x, "is not a map of "+key.Name+" fields")
		}
		q := make([]byte, key.Size)
		if err := e.fillStruct(key, q, km, -1, nil); err != nil {
			return err
		}
		p = append(p, q...)
	}
	e.b.PutBytes(typ, p)
	return nil
}
