package codec

import (
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the message in pyroute2's dict shape, as JSON:
//
//	{"attrs": [["IFLA_IFNAME", "lo"], ...], "family": 0, ..., "header":
//	{"length": 1180, "type": 16, "flags": 2, "sequence_number": 257,
//	"pid": 28233}, "event": "RTM_NEWLINK"}
//
// Nested attributes render as {"attrs": [...]}, structs as objects of
// their fields, arrays as lists, records as lists of objects (fields and
// "attrs"), a struct followed by attributes as one such object, addresses
// and strings as strings, link addresses and binary values as
// colon-separated hex. Where pyroute2 shows a value otherwise, so does
// this (internal/pyroute2diff compares the two on a live namespace):
// enumerations by name (IFLA_OPERSTATE "UP", macvlan mode "bridge"),
// arrays with named elements as objects (IFLA_INET_CONF {"forwarding": 0,
// …}), C arrays inside structs as lists (prio's "priomap"), rule ranges
// as "start:end", RTA_VIA as {"family", "addr"}, bridge ids as {"prio",
// "addr"}, u32's selector as its struct with "keys", and TCA_XSTATS as
// the kind's struct where one is registered; EncodeDict takes those forms
// back. An attribute whose type flags are set
// carries them as a third element: ["IFLA_PROP_LIST", {...}, 32768]. An
// attribute the schema does not know is named "UNKNOWN_<type>" with its
// bytes in hex, and a value whose bytes are not what its kind would encode
// renders as {"hex": "..."}: EncodeDict of the decoded JSON gives back
// the same bytes.
//
// It allocates nothing beyond the growth of dst.
func (m *Msg) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"attrs": `...)
	if m.schema != nil {
		it := m.Attrs()
		dst = appendChain(dst, &it)
		hs := m.schema.Header
		for i, f := range hs.Fields {
			if m.fixed == nil {
				break
			}
			v := hs.Get(m.fixed, i)
			if isPad(f.Name) && v == 0 {
				continue
			}
			dst = appendKey(dst, f.Name)
			dst = appendInt(dst, f.Kind, v)
		}
	} else {
		dst = append(dst, "[]"...)
	}
	h := m.hdr
	dst = append(dst, `, "header": {"length": `...)
	dst = strconv.AppendUint(dst, uint64(h.Len), 10)
	dst = append(dst, `, "type": `...)
	dst = strconv.AppendUint(dst, uint64(h.Type), 10)
	dst = append(dst, `, "flags": `...)
	dst = strconv.AppendUint(dst, uint64(h.Flags), 10)
	dst = append(dst, `, "sequence_number": `...)
	dst = strconv.AppendUint(dst, uint64(h.Seq), 10)
	dst = append(dst, `, "pid": `...)
	dst = strconv.AppendUint(dst, uint64(h.PID), 10)
	dst = append(dst, '}')
	if ev := m.Event(); ev != "" {
		dst = appendKey(dst, "event")
		dst = appendString(dst, ev)
	}
	return append(dst, '}')
}

func isPad(name string) bool { return len(name) >= 2 && name[:2] == "__" }

func appendKey(dst []byte, k string) []byte {
	dst = append(dst, ", "...)
	dst = appendString(dst, k)
	return append(dst, ": "...)
}

func appendChain(dst []byte, it *AttrIter) []byte {
	dst = append(dst, '[')
	first := true
	for it.Next() {
		if !first {
			dst = append(dst, ", "...)
		}
		first = false
		dst = appendAttr(dst, it.Value())
	}
	return append(dst, ']')
}

func appendAttr(dst []byte, v Value) []byte {
	dst = append(dst, '[')
	if v.Spec != nil {
		dst = appendString(dst, v.Spec.Name)
	} else {
		dst = append(dst, `"UNKNOWN_`...)
		dst = strconv.AppendUint(dst, uint64(v.Attr.Kind()), 10)
		dst = append(dst, '"')
	}
	dst = append(dst, ", "...)
	dst = appendValue(dst, v)
	if f := v.Type &^ 0x3fff; f != 0 {
		dst = append(dst, ", "...)
		dst = strconv.AppendUint(dst, uint64(f), 10)
	}
	return append(dst, ']')
}

func appendValue(dst []byte, v Value) []byte {
	if !canonical(v) {
		dst = append(dst, `{"hex": `...)
		return append(appendHex(dst, v.Value), '}')
	}
	if v.Spec != nil && v.Spec.shape != shapePlain {
		if d, ok := appendShaped(dst, v); ok {
			return d
		}
	}
	switch k := v.Kind(); {
	case k.IsInt():
		u, _ := v.Uint()
		if n := v.Spec.enumName(u); n != "" {
			return appendString(dst, n)
		}
		return appendInt(dst, k, u)
	case k == KindString || k == KindText:
		return appendString(dst, string(v.StringBytes()))
	case k == KindAddr:
		a, _ := v.Addr()
		dst = append(dst, '"')
		return append(a.AppendTo(dst), '"')
	case k == KindFlag:
		return append(dst, "true"...)
	case k == KindNested:
		it := v.Nest().Attrs()
		dst = append(dst, `{"attrs": `...)
		return append(appendChain(dst, &it), '}')
	case k == KindStruct:
		return appendStruct(dst, v.Spec.Struct, v.Value, 0)
	case k == KindArray:
		dst = append(dst, '[')
		for i := range v.Len() {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			if st := v.Spec.Struct; v.Spec.Elem == KindStruct {
				dst = appendStruct(dst, st, v.Value[i*st.Size:(i+1)*st.Size], 0)
				continue
			}
			u, _ := v.Index(i)
			dst = appendInt(dst, v.Spec.Elem, u)
		}
		return append(dst, ']')
	case k == KindRecords:
		return appendRecords(dst, v)
	case k == KindStructAttrs:
		return appendStructAttrs(dst, v.Spec.Struct, v.Value, v.Nest())
	}
	return appendHex(dst, v.Value)
}

// appendStructAttrs renders a struct and its trailing chain as one
// object: the struct's fields, then "attrs".
func appendStructAttrs(dst []byte, st *Struct, head []byte, n Nest) []byte {
	dst = appendStruct(dst, st, head, 0)
	dst = dst[:len(dst)-1]
	if dst[len(dst)-1] != '{' {
		dst = append(dst, ", "...)
	}
	dst = append(dst, `"attrs": `...)
	it := n.Attrs()
	return append(appendChain(dst, &it), '}')
}

func appendRecords(dst []byte, v Value) []byte {
	dst = append(dst, '[')
	rs := v.Records()
	for n := 0; rs.Next(); n++ {
		if n > 0 {
			dst = append(dst, ", "...)
		}
		r := rs.Record()
		dst = appendStruct(dst, r.st, r.Head, 1)
		dst = dst[:len(dst)-1]
		if dst[len(dst)-1] != '{' {
			dst = append(dst, ", "...)
		}
		dst = append(dst, `"attrs": `...)
		it := r.Attrs()
		dst = append(appendChain(dst, &it), '}')
	}
	return append(dst, ']')
}

// appendStruct renders fields from index from on; padding fields only
// when non-zero.
func appendStruct(dst []byte, st *Struct, b []byte, from int) []byte {
	dst = append(dst, '{')
	first := true
	for i := from; i < len(st.Fields); i++ {
		f := &st.Fields[i]
		u := st.Get(b, i)
		if isPad(f.Name) && u == 0 {
			continue
		}
		if !first {
			dst = append(dst, ", "...)
		}
		first = false
		if f.list > 0 && i+f.list <= len(st.Fields) {
			dst = appendString(dst, f.listName)
			dst = append(dst, ": ["...)
			for j := i; j < i+f.list; j++ {
				if j > i {
					dst = append(dst, ", "...)
				}
				dst = appendInt(dst, st.Fields[j].Kind, st.Get(b, j))
			}
			dst = append(dst, ']')
			i += f.list - 1
			continue
		}
		dst = appendString(dst, f.Name)
		dst = append(dst, ": "...)
		dst = appendInt(dst, f.Kind, u)
	}
	return append(dst, '}')
}

func appendInt(dst []byte, k Kind, u uint64) []byte {
	if k.IsSigned() {
		return strconv.AppendInt(dst, int64(u), 10)
	}
	return strconv.AppendUint(dst, u, 10)
}

const hexDigits = "0123456789abcdef"

func appendHex(dst []byte, b []byte) []byte {
	dst = append(dst, '"')
	for i, c := range b {
		if i > 0 {
			dst = append(dst, ':')
		}
		dst = append(dst, hexDigits[c>>4], hexDigits[c&15])
	}
	return append(dst, '"')
}

// appendString appends s as a JSON string. s is valid UTF-8 (canonical
// strings are checked); anything else is replaced as encoding/json does.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			dst = utf8.AppendRune(dst, r)
			i += n
			continue
		}
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		default:
			dst = append(dst, `\u00`...)
			dst = append(dst, hexDigits[c>>4], hexDigits[c&15])
		}
		i++
	}
	return append(dst, '"')
}
