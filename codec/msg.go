package codec

import (
	"encoding/binary"
	"errors"
	"net/netip"

	"github.com/nlroute/nlroute/wire"
)

// MaxIndexed is the number of attribute types a Msg indexes for O(1)
// lookups (the tb[] of libmnl and iproute2). Types at or above it are
// still decoded, rendered and encoded; looking them up scans the chain.
const MaxIndexed = 128

// ErrShortHeader is returned by Msg.Reset when the payload is shorter
// than the schema's family header.
var ErrShortHeader = errors.New("codec: message shorter than its family header")

// Msg is a schema-aware view of one netlink message: its header, its
// family header fields and its attributes, looked up by name in O(1) after
// a single indexing pass made by Reset.
//
// A Msg borrows the buffer it was reset on: it and every Value, Nest and
// iterator it hands out are valid until the buffer is reused or the Msg is
// reset again. Clone copies a message out. Reuse one Msg across messages
// (Reset it for each) and decoding allocates nothing: the index is an
// array inside the Msg. A Msg is not safe for concurrent use; its zero
// value is an empty message with no schema.
type Msg struct {
	schema *Schema
	hdr    wire.Header
	fixed  []byte // the family header, schema.Header.Size bytes
	attrs  []byte // the attribute chain
	err    error
	ntb    int
	tb     [MaxIndexed]uint32 // offset+1 in attrs of the first attribute of each type; 0 when absent
}

// Reset makes m a view of message msg decoded with schema s. It indexes
// the attributes in one pass and returns the error that stopped the pass:
// ErrShortHeader, or a wire.ErrMalformed chain (the attributes before the
// malformation remain readable). It allocates nothing on success.
func (m *Msg) Reset(s *Schema, msg wire.Message) error {
	m.schema, m.hdr, m.err = s, msg.Header, nil
	m.ntb = min(s.Attrs.Len(), MaxIndexed)
	clear(m.tb[:m.ntb])
	size := s.Header.Size
	if len(msg.Data) < size {
		m.fixed, m.attrs = nil, nil
		m.err = ErrShortHeader
		return m.err
	}
	m.fixed = msg.Data[:size:size]
	m.attrs = msg.Data[min(wire.Align(size), len(msg.Data)):]
	it := wire.NewAttrs(m.attrs)
	for it.Next() {
		t := int(it.Attr().Kind())
		if t < m.ntb && m.tb[t] == 0 {
			m.tb[t] = uint32(it.Offset()) + 1
		}
	}
	m.err = it.Err()
	return m.err
}

// ResetBytes is Reset on the first message of b (a whole netlink message,
// header included). It returns wire.ErrMalformed when b holds none.
func (m *Msg) ResetBytes(s *Schema, b []byte) error {
	it := wire.NewMessages(b)
	if !it.Next() {
		if err := it.Err(); err != nil {
			return err
		}
		return wire.ErrMalformed
	}
	return m.Reset(s, it.Message())
}

// Clone returns a copy of m that owns its bytes, valid after m's buffer
// is reused. It allocates.
func (m *Msg) Clone() *Msg {
	c := new(Msg)
	if m.schema == nil {
		return c
	}
	buf := m.AppendRaw(nil)
	h := m.hdr
	c.Reset(m.schema, wire.Message{Header: h, Data: buf[wire.HeaderLen:]})
	return c
}

// AppendRaw appends the message as decoded (header, family header and
// attribute chain) to dst. Header.Len is kept as received.
func (m *Msg) AppendRaw(dst []byte) []byte {
	dst = m.hdr.Append(dst)
	dst = append(dst, m.fixed...)
	if pad := wire.Align(len(m.fixed)) - len(m.fixed); pad > 0 && len(m.attrs) > 0 {
		dst = append(dst, make([]byte, pad)...)
	}
	return append(dst, m.attrs...)
}

// Schema returns the schema m was decoded with.
func (m *Msg) Schema() *Schema { return m.schema }

// Header returns the netlink header.
func (m *Msg) Header() wire.Header { return m.hdr }

// Event returns the name of the message type ("RTM_NEWLINK"), or "".
func (m *Msg) Event() string {
	if m.schema == nil {
		return ""
	}
	return m.schema.EventName(m.hdr.Type)
}

// Err returns the error Reset met, or nil.
func (m *Msg) Err() error { return m.err }

// Fixed returns the raw family header. It borrows.
func (m *Msg) Fixed() []byte { return m.fixed }

// AttrBytes returns the raw attribute chain. It borrows.
func (m *Msg) AttrBytes() []byte { return m.attrs }

// Field returns the family-header field called name ("index",
// "dst_len"); signed fields come back sign-extended. False when the
// schema has no such field or the message is short.
func (m *Msg) Field(name string) (uint64, bool) {
	if m.schema == nil || m.fixed == nil {
		return 0, false
	}
	i := m.schema.Header.FieldIndex(name)
	if i < 0 {
		return 0, false
	}
	return m.schema.Header.Get(m.fixed, i), true
}

// FieldAt returns field i of the family header, the fast path for code
// that knows the layout. It panics if i is out of range or the message is
// short (check Err).
func (m *Msg) FieldAt(i int) uint64 { return m.schema.Header.Get(m.fixed, i) }

func (m *Msg) ctx() ctx {
	return ctx{chain: m.attrs, fixed: m.fixed, hdr: m.schema.Header, ev: m.hdr.Type}
}

// nestedValue resolves the table of a nested value (a selector may look
// at siblings or the family header). Out of line: the scalar path of
// GetAttrType stays small.
//
//go:noinline
func (m *Msg) nestedValue(a wire.Attr) Value {
	c := m.ctx()
	return makeValue(a, m.schema.Attrs, &c)
}

// Attrs returns an iterator over every top-level attribute, in order.
func (m *Msg) Attrs() AttrIter {
	if m.schema == nil {
		return AttrIter{}
	}
	return AttrIter{it: wire.NewAttrs(m.attrs), table: m.schema.Attrs, match: -1, c: m.ctx()}
}

// RawAttr returns the first attribute of type t as a plain wire.Attr,
// without its schema: the fastest lookup, for hot paths that know the
// type and read the value with wire.Attr's readers. A wire.Attr is small
// enough for the compiler to keep in registers; a Value is not, and costs
// a spill and a reload on every return. O(1) for indexed types.
func (m *Msg) RawAttr(t uint16) (wire.Attr, bool) {
	t &= wire.AttrTypeMask
	if int(t) < m.ntb {
		off := m.tb[t]
		if off == 0 {
			return wire.Attr{}, false
		}
		b := m.attrs[off-1:]
		n := int(binary.NativeEndian.Uint16(b))
		return wire.Attr{Type: binary.NativeEndian.Uint16(b[2:]), Value: b[wire.AttrHeaderLen:n:n]}, true
	}
	if m.schema == nil {
		return wire.Attr{}, false
	}
	v, ok := m.scanType(t)
	return v.Attr, ok
}

// GetAttrType returns the first attribute of type t in O(1).
func (m *Msg) GetAttrType(t uint16) (Value, bool) {
	if m.schema == nil {
		return Value{}, false
	}
	t &= wire.AttrTypeMask
	if int(t) < m.ntb {
		off := m.tb[t]
		if off == 0 {
			return Value{}, false
		}
		// Decoded in place: returning the Value through a helper call
		// spills the Value to the stack with narrow stores and reloads it
		// wide, a store-forwarding stall that tripled the lookup's cost.
		b := m.attrs[off-1:]
		n := int(binary.NativeEndian.Uint16(b))
		typ := binary.NativeEndian.Uint16(b[2:])
		sp := m.schema.Attrs.Lookup(typ)
		if sp != nil && (sp.Kind == KindNested || sp.Kind == KindRecords || sp.Kind == KindStructAttrs) {
			return m.nestedValue(wire.Attr{Type: typ, Value: b[wire.AttrHeaderLen:n:n]}), true
		}
		return Value{Attr: wire.Attr{Type: typ, Value: b[wire.AttrHeaderLen:n:n]}, Spec: sp}, true
	}
	return m.scanType(t)
}

// scanType finds the first attribute of a type beyond the index. It is
// kept out of GetAttrType so the O(1) path's frame stays small: the
// iterator here is large and would be zeroed on every call.
//
//go:noinline
func (m *Msg) scanType(t uint16) (Value, bool) {
	it := AttrIter{it: wire.NewAttrs(m.attrs), table: m.schema.Attrs, match: int32(t), c: m.ctx()}
	if it.Next() {
		return it.cur, true
	}
	return Value{}, false
}

// GetAttr returns the first attribute called name: the kernel's name
// ("IFLA_MTU") or pyroute2's keyword ("mtu"). O(1) after Reset.
func (m *Msg) GetAttr(name string) (Value, bool) {
	if m.schema == nil {
		return Value{}, false
	}
	sp := m.schema.Attrs.ByName(name)
	if sp == nil {
		return Value{}, false
	}
	return m.GetAttrType(sp.Type)
}

// Has reports whether an attribute called name is present (the value of
// a flag attribute).
func (m *Msg) Has(name string) bool {
	_, ok := m.GetAttr(name)
	return ok
}

// GetAttrs returns an iterator over every attribute called name, in
// order, starting at the first one.
func (m *Msg) GetAttrs(name string) AttrIter {
	if m.schema == nil {
		return AttrIter{}
	}
	sp := m.schema.Attrs.ByName(name)
	if sp == nil {
		return AttrIter{}
	}
	chain := m.attrs
	if int(sp.Type) < m.ntb {
		off := m.tb[sp.Type]
		if off == 0 {
			return AttrIter{}
		}
		chain = chain[off-1:]
	}
	return AttrIter{it: wire.NewAttrs(chain), table: m.schema.Attrs, match: int32(sp.Type), c: m.ctx()}
}

// Get follows a path of names from the top level through nested
// attributes and returns the last, as pyroute2's
// msg.get(("linkinfo", "data", "br_stp_state")) does. A single name that
// is no attribute of the message may name a family-header field, as
// pyroute2's msg.get("index") reads one (see [Msg.HeaderValue]).
func (m *Msg) Get(path ...string) (Value, bool) {
	if len(path) == 0 {
		return Value{}, false
	}
	v, ok := m.GetAttr(path[0])
	if !ok && len(path) == 1 {
		return m.HeaderValue(path[0])
	}
	if !ok || len(path) == 1 {
		return v, ok
	}
	return v.Nest().Get(path[1:]...)
}

// Prefix returns an address attribute with the prefix length its spec's
// PrefixField holds (RTA_DST and dst_len). A route without RTA_DST is the
// default route: Prefix returns false for it; use the family to build
// 0.0.0.0/0 or ::/0 when needed.
func (m *Msg) Prefix(name string) (netip.Prefix, bool) {
	v, ok := m.GetAttr(name)
	if !ok || v.Spec.PrefixField == "" {
		return netip.Prefix{}, false
	}
	a, ok := v.Addr()
	if !ok {
		return netip.Prefix{}, false
	}
	bits, ok := m.Field(v.Spec.PrefixField)
	if !ok || int(bits) > a.BitLen() {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, int(bits)), true
}
