package codec

import (
	"strconv"

	"github.com/nlroute/nlroute/wire"
)

// put encodes one attribute value v of type typ described by sp (nil for
// an unknown type).
func (e *encoder) put(typ uint16, sp *AttrSpec, v any, sib siblings) error {
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		if h, ok := m["hex"]; ok { // a raw value in the dict form
			return e.putRaw(typ, h)
		}
	}
	if sp == nil {
		return e.putRaw(typ, v)
	}
	if s := sp.Select; s != nil && (s.Specs != nil || s.EventSpecs != nil) {
		if alt := e.selectSpec(s, sib); alt != nil {
			sp = alt
		}
	}
	if ok, err := e.putShaped(typ, sp, v); ok {
		return err
	}
	k := sp.Kind
	switch {
	case k.IsInt():
		v = sp.enumOf(v)
		if why := intLimit(sp, v); why != "" && !e.exact {
			return e.fail(v, why)
		}
		return e.putInt(typ, k, v)
	case k == KindString || k == KindText:
		s, why := toString(v)
		if why == "" && !e.exact {
			why = stringLen(sp, s)
		}
		if why != "" {
			return e.fail(v, why)
		}
		if k == KindString {
			e.b.PutString(typ, s)
		} else {
			e.b.PutBytes(typ, []byte(s))
		}
	case k == KindAddr:
		a, _, why := toAddr(v)
		if why == "" && !e.exact {
			a, why = e.familyAddr(sp, a, sib)
		}
		if why == "" && !e.exact {
			a, why = fixedFamily(sp, a)
		}
		if why != "" {
			return e.fail(v, why)
		}
		e.b.PutAddr(typ, a)
	case k == KindMAC:
		p, why := toBytes(v)
		if why == "" && !e.exact {
			why = macLen(p)
		}
		if why != "" {
			return e.fail(v, why)
		}
		e.b.PutBytes(typ, p)
	case k == KindBinary:
		return e.putRaw(typ, v)
	case k == KindFlag:
		return e.putFlag(typ, v)
	case k == KindNested:
		return e.putNested(typ, sp, v, sib)
	case k == KindStruct:
		return e.putStruct(typ, sp.Struct, v)
	case k == KindArray && sp.Elem == KindStruct:
		return e.putStructArray(typ, sp.Struct, v)
	case k == KindArray:
		return e.putArray(typ, sp.Elem, v)
	case k == KindRecords:
		return e.putRecords(typ, sp, v, sib)
	case k == KindStructAttrs:
		return e.putStructAttrs(typ, sp, v, sib)
	}
	return nil
}

// selectSpec resolves a spec chosen by a string sibling value (and, at
// the top level, the message type).
func (e *encoder) selectSpec(s *Selector, sib siblings) *AttrSpec {
	v, ok := sib.find(s.Sibling)
	if !ok {
		return nil
	}
	str, why := toString(v)
	if why != "" {
		return nil
	}
	if m := s.EventSpecs[e.ev]; m != nil && sib.table == e.schema.Attrs {
		if sp, ok := m[str]; ok {
			return sp
		}
	}
	return s.Specs[str]
}

// putStructAttrs encodes a struct followed by attributes from one map:
// the struct's field names, and the keywords (or "attrs", the dict form)
// of the trailing chain. Fields left out are zero.
func (e *encoder) putStructAttrs(typ uint16, sp *AttrSpec, v any, sib siblings) error {
	m, ok := toMap(v)
	if !ok {
		return e.fail(v, "is not a map of "+sp.Struct.Name+" fields and attributes")
	}
	p := make([]byte, sp.Struct.Size)
	rest := make(map[string]any, len(m))
	if err := e.fillStruct(sp.Struct, p, m, -1, rest); err != nil {
		return err
	}
	table := sp.Nested
	if sp.Select != nil {
		table = e.selectTable(sp.Select, sib)
	}
	if !e.exact {
		typ |= wire.AttrNested
	}
	tok := e.b.Nest(typ)
	e.b.PutFixed(p)
	if len(rest) > 0 {
		if err := e.chain(table, rest); err != nil {
			return err
		}
	}
	e.b.EndNest(tok)
	return nil
}

func (e *encoder) putRaw(typ uint16, v any) error {
	p, why := toBytes(v)
	if why != "" {
		return e.fail(v, why)
	}
	e.b.PutBytes(typ, p)
	return nil
}

func (e *encoder) putFlag(typ uint16, v any) error {
	switch x := v.(type) {
	case nil:
	case bool:
		if !x {
			return nil
		}
	default:
		return e.fail(v, "is not a bool")
	}
	e.b.PutFlag(typ)
	return nil
}

func (e *encoder) putInt(typ uint16, k Kind, v any) error {
	u, neg, why := toInt(v)
	if why == "" && !intFits(k, u, neg) {
		why = "is out of range for " + k.String()
	}
	if why != "" {
		return e.fail(v, why)
	}
	putIntAttr(e.b, typ, k, u)
	return nil
}

// putIntAttr appends an integer attribute of kind k; it never allocates.
func putIntAttr(b *wire.Builder, typ uint16, k Kind, u uint64) {
	switch k {
	case KindU8, KindS8:
		b.PutUint8(typ, uint8(u))
	case KindU16, KindS16:
		b.PutUint16(typ, uint16(u))
	case KindU32, KindS32:
		b.PutUint32(typ, uint32(u))
	case KindU64, KindS64:
		b.PutUint64(typ, u)
	case KindBE16:
		b.PutUint16BE(typ, uint16(u))
	case KindBE32:
		b.PutUint32BE(typ, uint32(u))
	case KindBE64:
		b.PutUint64BE(typ, u)
	case KindUint:
		if uintWidth(u) == 8 {
			b.PutUint64(typ, u)
		} else {
			b.PutUint32(typ, uint32(u))
		}
	}
}

func (e *encoder) putNested(typ uint16, sp *AttrSpec, v any, sib siblings) error {
	table := sp.Nested
	if sp.Select != nil {
		table = e.selectTable(sp.Select, sib)
	}
	if !e.exact {
		typ |= wire.AttrNested
	}
	tok := e.b.Nest(typ)
	if err := e.chain(table, v); err != nil {
		return err
	}
	e.b.EndNest(tok)
	return nil
}

// selectTable resolves a kind-dependent table from the sibling values
// being encoded (or the family header built so far).
func (e *encoder) selectTable(s *Selector, sib siblings) *Table {
	if s.Field != "" {
		hs := e.schema.Header
		if i := hs.FieldIndex(s.Field); i >= 0 {
			if tb, ok := s.ByValue[hs.Get(e.fixed, i)]; ok {
				return tb
			}
		}
		return s.Default
	}
	v, ok := sib.find(s.Sibling)
	if !ok {
		return s.Default
	}
	if str, why := toString(v); why == "" && s.ByName != nil {
		if tb, ok := s.ByName[str]; ok {
			return tb
		}
	}
	if u, _, why := toInt(v); why == "" && s.ByValue != nil {
		if tb, ok := s.ByValue[u]; ok {
			return tb
		}
	}
	return s.Default
}

// find returns the value given for attribute type typ in the chain.
func (s siblings) find(typ uint16) (any, bool) {
	sp := s.table.Lookup(typ)
	if sp == nil {
		return nil, false
	}
	if s.m != nil {
		if v, ok := s.m[sp.short]; ok {
			return v, true
		}
		v, ok := s.m[sp.Name]
		return v, ok
	}
	for _, p := range s.l {
		if pair, ok := p.([]any); ok && len(pair) >= 2 && (pair[0] == sp.Name || pair[0] == sp.short) {
			return pair[1], true
		}
	}
	return nil, false
}

// fillStruct sets the fields of st in p from a map of field names; skip
// names a field (the record length) the caller fills itself. Keys it does
// not know are left to rest when rest is non-nil, else rejected.
func (e *encoder) fillStruct(st *Struct, p []byte, m map[string]any, skip int, rest map[string]any) error {
	for k, v := range m {
		i := st.FieldIndex(k)
		if i < 0 {
			if handled, err := e.fillList(st, p, k, v); handled {
				if err != nil {
					return err
				}
				continue
			}
		}
		if i < 0 || i == skip {
			if rest != nil {
				rest[k] = v
				continue
			}
			e.push(k)
			defer e.pop()
			return e.fail(v, "is not a field of "+st.Name)
		}
		u, neg, why := toInt(v)
		if why == "" && !intFits(st.Fields[i].Kind, u, neg) {
			why = "is out of range for " + st.Fields[i].Kind.String()
		}
		if why != "" {
			e.push(k)
			defer e.pop()
			return e.fail(v, why)
		}
		st.Put(p, i, u)
	}
	return nil
}

func (e *encoder) putStruct(typ uint16, st *Struct, v any) error {
	if p, ok := v.([]byte); ok && len(p) == st.Size {
		e.b.PutBytes(typ, p)
		return nil
	}
	m, ok := toMap(v)
	if !ok {
		return e.fail(v, "is not a map of "+st.Name+" fields")
	}
	p := make([]byte, st.Size)
	if err := e.fillStruct(st, p, m, -1, nil); err != nil {
		return err
	}
	e.b.PutBytes(typ, p)
	return nil
}

func (e *encoder) putArray(typ uint16, elem Kind, v any) error {
	l, ok := toList(v)
	if !ok {
		return e.fail(v, "is not a list")
	}
	w := elem.Width()
	p := make([]byte, len(l)*w)
	for i, x := range l {
		u, neg, why := toInt(x)
		if why == "" && !intFits(elem, u, neg) {
			why = "is out of range for " + elem.String()
		}
		if why != "" {
			return e.fail(x, why)
		}
		putInt(elem, p[i*w:(i+1)*w], u)
	}
	e.b.PutBytes(typ, p)
	return nil
}

// putStructArray encodes a list of struct maps (NHA_GROUP) as the
// packed array of their structs.
func (e *encoder) putStructArray(typ uint16, st *Struct, v any) error {
	l, ok := toList(v)
	if !ok {
		return e.fail(v, "is not a list of "+st.Name)
	}
	p := make([]byte, len(l)*st.Size)
	for i, x := range l {
		m, ok := toMap(x)
		if !ok {
			return e.fail(x, "is not a map of "+st.Name+" fields")
		}
		if err := e.fillStruct(st, p[i*st.Size:(i+1)*st.Size], m, -1, nil); err != nil {
			return err
		}
	}
	e.b.PutBytes(typ, p)
	return nil
}

// putRecords encodes a list of records (RTA_MULTIPATH): each a map of
// the record struct's fields plus keywords (or "attrs") of its trailing
// attributes. The record length field is computed.
func (e *encoder) putRecords(typ uint16, sp *AttrSpec, v any, sib siblings) error {
	l, ok := toList(v)
	if !ok {
		return e.fail(v, "is not a list of records")
	}
	st := sp.Struct
	tok := e.b.Nest(typ)
	for _, r := range l {
		m, ok := toMap(r)
		if !ok {
			return e.fail(r, "is not a record map")
		}
		var hdr [maxFixed]byte
		p := hdr[:st.Size]
		rest := make(map[string]any, len(m))
		if err := e.fillStruct(st, p, m, 0, rest); err != nil {
			return err
		}
		off := e.b.Len()
		e.b.PutFixed(p)
		if len(rest) > 0 {
			if err := e.chain(sp.Nested, rest); err != nil {
				return err
			}
		}
		if buf := e.b.Bytes(); off+2 <= len(buf) {
			putInt(KindU16, buf[off:off+2], uint64(len(buf)-off))
		}
	}
	e.b.EndNest(tok)
	return nil
}

// fillList sets a ListFields group of st from a list; false when st has no
// group called k.
func (e *encoder) fillList(st *Struct, p []byte, k string, v any) (bool, error) {
	first, n := st.listIndex(k)
	if first < 0 {
		return false, nil
	}
	e.push(k)
	defer e.pop()
	l, ok := toList(v)
	if !ok || len(l) != n {
		return true, e.fail(v, "is not a list of "+strconv.Itoa(n))
	}
	for j, x := range l {
		f := &st.Fields[first+j]
		u, neg, why := toInt(x)
		if why == "" && !intFits(f.Kind, u, neg) {
			why = "is out of range for " + f.Kind.String()
		}
		if why != "" {
			return true, e.fail(x, why)
		}
		putInt(f.Kind, p[f.Offset:f.Offset+f.Kind.Width()], u)
	}
	return true, nil
}
