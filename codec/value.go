package codec

import (
	"net"
	"net/netip"

	"github.com/nlroute/nlroute/wire"
)

// Value is one attribute as seen through a schema: the raw attribute
// (embedded, so wire.Attr's fixed-width readers work too) and its spec.
// Its bytes borrow the buffer the message was decoded from: a Value is
// valid as long as that buffer is, and copying a Value copies no bytes.
type Value struct {
	wire.Attr
	// Spec describes the attribute; nil when the table does not know the
	// type. An unknown attribute still has its type and raw bytes.
	Spec  *AttrSpec
	table *Table // resolved table of KindNested, KindRecords and KindStructAttrs values
}

// ctx is what resolving a kind-dependent table needs: the chain the value
// sits in (for sibling selectors) and the family header (for field ones).
type ctx struct {
	chain []byte
	fixed []byte
	hdr   *Struct
	ev    wire.MsgType // the message type, for top-level chains; 0 inside nests
}

func makeValue(a wire.Attr, t *Table, c *ctx) Value {
	v := Value{Attr: a, Spec: t.Lookup(a.Type)}
	if v.Spec == nil {
		return v
	}
	if s := v.Spec.Select; s != nil && (s.Specs != nil || s.EventSpecs != nil) {
		if sp := c.selectSpec(s); sp != nil {
			v.Spec = sp
		}
	}
	if k := v.Spec.Kind; k == KindNested || k == KindRecords || k == KindStructAttrs {
		v.table = v.Spec.Nested
		if v.Spec.Select != nil {
			v.table = c.selectTable(v.Spec.Select, t)
		}
	}
	return v
}

// selectSpec resolves a spec chosen by a string sibling (and the message
// type), without allocating.
func (c *ctx) selectSpec(s *Selector) *AttrSpec {
	it := wire.NewAttrs(c.chain)
	for it.Next() {
		a := it.Attr()
		if a.Kind() != s.Sibling {
			continue
		}
		if m := s.EventSpecs[c.ev]; m != nil && c.ev != 0 {
			if sp, ok := m[string(a.StringBytes())]; ok {
				return sp
			}
		}
		return s.Specs[string(a.StringBytes())]
	}
	return nil
}

// selectTable resolves a kind-dependent table without allocating: the
// string map lookup converts its []byte key in place.
func (c *ctx) selectTable(s *Selector, t *Table) *Table {
	if s.Field != "" {
		if c.hdr == nil || len(c.fixed) < c.hdr.Size {
			return s.Default
		}
		i := c.hdr.FieldIndex(s.Field)
		if i < 0 {
			return s.Default
		}
		if tb, ok := s.ByValue[c.hdr.Get(c.fixed, i)]; ok {
			return tb
		}
		return s.Default
	}
	it := wire.NewAttrs(c.chain)
	for it.Next() {
		a := it.Attr()
		if a.Kind() != s.Sibling {
			continue
		}
		if s.ByName != nil {
			if tb, ok := s.ByName[string(a.StringBytes())]; ok {
				return tb
			}
		}
		if sp := t.Lookup(s.Sibling); sp != nil && s.ByValue != nil {
			if n, ok := readInt(sp.Kind, a.Value); ok {
				if tb, ok := s.ByValue[n]; ok {
					return tb
				}
			}
		}
		break
	}
	return s.Default
}

// Name returns the attribute's kernel name ("IFLA_MTU"), or "" when the
// schema does not know it.
func (v Value) Name() string {
	if v.Spec == nil {
		return ""
	}
	return v.Spec.Name
}

// Kind returns the value's kind; KindBinary for an unknown attribute.
func (v Value) Kind() Kind {
	if v.Spec == nil {
		return KindBinary
	}
	return v.Spec.Kind
}

// Uint reads an integer attribute according to its kind (width and byte
// order); signed kinds are sign-extended. For an attribute of another
// kind or of the wrong length it returns false. It never panics.
func (v Value) Uint() (uint64, bool) {
	k := v.Kind()
	if !k.IsInt() {
		if v.Spec == nil {
			return v.Attr.Uint()
		}
		return 0, false
	}
	return readInt(k, v.Value)
}

// Int reads an integer attribute as Uint does, as a signed number.
func (v Value) Int() (int64, bool) {
	u, ok := v.Uint()
	return int64(u), ok
}

// Bytes returns the raw value bytes, padding excluded. It borrows.
func (v Value) Bytes() []byte { return v.Value }

// MAC returns the value as a link-layer address. It borrows the buffer.
func (v Value) MAC() net.HardwareAddr { return net.HardwareAddr(v.Value) }

// Addr reads a 4- or 16-byte IP address.
func (v Value) Addr() (netip.Addr, bool) { return v.Attr.Addr() }

// Nest returns the view of a nested attribute's chain with its table
// (kind-dependent tables resolved); for a KindStructAttrs value, the
// chain after its struct. For a value that is not nested, or whose table
// could not be resolved, the Nest iterates the raw chain with no table:
// every attribute comes back unknown.
func (v Value) Nest() Nest {
	if v.Spec != nil && v.Spec.Kind == KindStructAttrs {
		if v.Spec.Struct == nil || len(v.Value) < v.Spec.Struct.Size {
			return Nest{}
		}
		off := min(wire.Align(v.Spec.Struct.Size), len(v.Value))
		return Nest{chain: v.Value[off:], table: v.table}
	}
	return Nest{chain: v.Value, table: v.table}
}

// StructBytes returns the struct part of a KindStruct or KindStructAttrs
// value (nil when it is neither or too short). It borrows.
func (v Value) StructBytes() []byte {
	s := v.structOf()
	if s == nil {
		return nil
	}
	return v.Value[:s.Size:s.Size]
}

// Field reads the field called name of a KindStruct value, or of the
// struct of a KindStructAttrs value; false when the value is not one, is
// too short (a KindStruct value: not exactly its size) or has no such
// field.
func (v Value) Field(name string) (uint64, bool) {
	s := v.structOf()
	if s == nil {
		return 0, false
	}
	i := s.FieldIndex(name)
	if i < 0 {
		return 0, false
	}
	return s.Get(v.Value, i), true
}

func (v Value) structOf() *Struct {
	if v.Spec == nil || v.Spec.Struct == nil {
		return nil
	}
	switch v.Spec.Kind {
	case KindStruct:
		if len(v.Value) == v.Spec.Struct.Size {
			return v.Spec.Struct
		}
	case KindStructAttrs:
		if len(v.Value) >= v.Spec.Struct.Size {
			return v.Spec.Struct
		}
	}
	return nil
}

// Len returns the number of elements of a KindArray value (0 when it is
// not one, or when its length is not a multiple of the element width).
func (v Value) Len() int {
	if v.Spec == nil || v.Spec.Kind != KindArray {
		return 0
	}
	w := v.elemWidth()
	if w == 0 || len(v.Value)%w != 0 {
		return 0
	}
	return len(v.Value) / w
}

// Index returns element i of a KindArray value.
func (v Value) Index(i int) (uint64, bool) {
	if i < 0 || i >= v.Len() {
		return 0, false
	}
	if v.Spec.Elem == KindStruct {
		return 0, false
	}
	w := v.Spec.Elem.Width()
	return readInt(v.Spec.Elem, v.Value[i*w:(i+1)*w])
}

// elemWidth is the size of one element of a KindArray value: the
// element struct's size for arrays of structs (Elem KindStruct).
func (v Value) elemWidth() int {
	if v.Spec.Elem == KindStruct {
		if v.Spec.Struct == nil {
			return 0
		}
		return v.Spec.Struct.Size
	}
	return v.Spec.Elem.Width()
}

// ElemField reads the field called name of element i of an array of
// structs (Elem KindStruct: NHA_GROUP's struct nexthop_grp entries);
// false when v is not one or i or name is out of range.
func (v Value) ElemField(i int, name string) (uint64, bool) {
	if i < 0 || i >= v.Len() || v.Spec.Elem != KindStruct {
		return 0, false
	}
	st := v.Spec.Struct
	f := st.FieldIndex(name)
	if f < 0 {
		return 0, false
	}
	return st.Get(v.Value[i*st.Size:(i+1)*st.Size], f), true
}

// Records returns an iterator over the records of a KindRecords value
// (the rtnexthop entries of RTA_MULTIPATH).
func (v Value) Records() Records {
	if v.Spec == nil || v.Spec.Kind != KindRecords || v.Spec.Struct == nil {
		return Records{}
	}
	return Records{buf: v.Value, st: v.Spec.Struct, table: v.table}
}
