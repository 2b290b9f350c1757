package wire

import (
	"encoding/binary"
	"net/netip"
)

// Attribute type flags, kept in the two top bits of nla_type.
const (
	AttrNested       uint16 = 0x8000 // NLA_F_NESTED
	AttrNetByteOrder uint16 = 0x4000 // NLA_F_NET_BYTEORDER
	AttrTypeMask     uint16 = 0x3fff // NLA_TYPE_MASK
)

// Attr is one netlink attribute. Type is nla_type as sent, flags included;
// Value borrows the iterated buffer and excludes the padding.
type Attr struct {
	Type  uint16
	Value []byte
}

// Kind returns the attribute type without the NLA_F_* flag bits.
func (a Attr) Kind() uint16 { return a.Type & AttrTypeMask }

// IsNested reports whether the sender set NLA_F_NESTED. Many rtnetlink
// attributes are nested without the flag; schemas, not this bit, decide.
func (a Attr) IsNested() bool { return a.Type&AttrNested != 0 }

// IsNetByteOrder reports whether the sender set NLA_F_NET_BYTEORDER.
func (a Attr) IsNetByteOrder() bool { return a.Type&AttrNetByteOrder != 0 }

// The fixed-size readers below return false when the value has the wrong
// length; they never panic.

// Uint8 reads a one-byte value.
func (a Attr) Uint8() (uint8, bool) {
	if len(a.Value) != 1 {
		return 0, false
	}
	return a.Value[0], true
}

// Uint16 reads a host-order 16-bit value.
func (a Attr) Uint16() (uint16, bool) {
	if len(a.Value) != 2 {
		return 0, false
	}
	return binary.NativeEndian.Uint16(a.Value), true
}

// Uint32 reads a host-order 32-bit value.
func (a Attr) Uint32() (uint32, bool) {
	if len(a.Value) != 4 {
		return 0, false
	}
	return binary.NativeEndian.Uint32(a.Value), true
}

// Uint64 reads a host-order 64-bit value.
func (a Attr) Uint64() (uint64, bool) {
	if len(a.Value) != 8 {
		return 0, false
	}
	return binary.NativeEndian.Uint64(a.Value), true
}

// Uint reads a variable-width unsigned integer (NLA_UINT): 4 or 8 bytes
// in host order, or 1 and 2 bytes for attributes declared that narrow.
func (a Attr) Uint() (uint64, bool) {
	switch len(a.Value) {
	case 1:
		return uint64(a.Value[0]), true
	case 2:
		return uint64(binary.NativeEndian.Uint16(a.Value)), true
	case 4:
		return uint64(binary.NativeEndian.Uint32(a.Value)), true
	case 8:
		return binary.NativeEndian.Uint64(a.Value), true
	}
	return 0, false
}

// Uint16BE reads a 16-bit value in network byte order (ports, VLAN
// protocols).
func (a Attr) Uint16BE() (uint16, bool) {
	if len(a.Value) != 2 {
		return 0, false
	}
	return binary.BigEndian.Uint16(a.Value), true
}

// Uint32BE reads a 32-bit value in network byte order.
func (a Attr) Uint32BE() (uint32, bool) {
	if len(a.Value) != 4 {
		return 0, false
	}
	return binary.BigEndian.Uint32(a.Value), true
}

// Uint64BE reads a 64-bit value in network byte order (tunnel keys).
func (a Attr) Uint64BE() (uint64, bool) {
	if len(a.Value) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(a.Value), true
}

// Int32 reads a host-order signed 32-bit value.
func (a Attr) Int32() (int32, bool) {
	v, ok := a.Uint32()
	return int32(v), ok
}

// StringBytes returns a NUL-terminated string value without its
// terminator (and anything after it), borrowing the buffer.
func (a Attr) StringBytes() []byte {
	for i, c := range a.Value {
		if c == 0 {
			return a.Value[:i]
		}
	}
	return a.Value
}

// String returns the value as a Go string, as StringBytes does. It
// allocates; use StringBytes on hot paths.
func (a Attr) String() string { return string(a.StringBytes()) }

// Addr reads a 4- or 16-byte IP address.
func (a Attr) Addr() (netip.Addr, bool) {
	switch len(a.Value) {
	case 4:
		return netip.AddrFrom4([4]byte(a.Value)), true
	case 16:
		return netip.AddrFrom16([16]byte(a.Value)), true
	}
	return netip.Addr{}, false
}

// Attrs iterates over a chain of attributes without copying or
// allocating. The zero value iterates over nothing.
//
//	it := wire.NewAttrs(payload)
//	for it.Next() {
//		a := it.Attr() // borrows payload
//	}
//	if err := it.Err(); err != nil { ... }
//
// Iteration stops at the first malformed attribute; Err then matches
// ErrMalformed. A final attribute without its padding is accepted, as the
// kernel does.
type Attrs struct {
	buf []byte
	off int
	cur Attr
	at  int
	err error
}

// NewAttrs returns an iterator over the attributes in b.
func NewAttrs(b []byte) Attrs { return Attrs{buf: b} }

// Reset makes the iterator start over on b.
func (it *Attrs) Reset(b []byte) { *it = Attrs{buf: b} }

// Next advances to the next attribute and reports whether there is one.
func (it *Attrs) Next() bool {
	if it.err != nil {
		return false
	}
	rest := len(it.buf) - it.off
	if rest <= 0 {
		return false
	}
	if rest < AttrHeaderLen {
		it.err = malformed("attribute", "truncated header", it.off)
		return false
	}
	b := it.buf[it.off:]
	n := int(binary.NativeEndian.Uint16(b[0:2]))
	if n < AttrHeaderLen {
		it.err = malformed("attribute", "length below header size", it.off)
		return false
	}
	if n > rest {
		it.err = malformed("attribute", "length beyond buffer", it.off)
		return false
	}
	it.cur = Attr{Type: binary.NativeEndian.Uint16(b[2:4]), Value: b[AttrHeaderLen:n:n]}
	it.at = it.off
	next := it.off + Align(n)
	if next > len(it.buf) {
		next = len(it.buf)
	}
	it.off = next
	return true
}

// Attr returns the current attribute. It borrows the iterated buffer.
func (it *Attrs) Attr() Attr { return it.cur }

// Offset returns where the current attribute's header starts in the
// iterated buffer.
func (it *Attrs) Offset() int { return it.at }

// Err returns the malformation that stopped the iteration, or nil.
func (it *Attrs) Err() error { return it.err }
