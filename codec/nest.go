package codec

import (
	"encoding/binary"
	"iter"

	"github.com/nlroute/nlroute/wire"
)

// Nest is a view of a nested attribute chain and the table that names its
// attributes. It borrows the decoded buffer and allocates nothing; lookups
// scan the chain, which nested chains keep short. The zero Nest is empty.
type Nest struct {
	chain []byte
	table *Table
}

// Table returns the table naming the chain's attributes; nil when the
// schema could not resolve one (every attribute then reads as unknown).
func (n Nest) Table() *Table { return n.table }

// Bytes returns the raw chain. It borrows.
func (n Nest) Bytes() []byte { return n.chain }

// Attrs returns an iterator over every attribute of the chain, in order.
func (n Nest) Attrs() AttrIter {
	return AttrIter{it: wire.NewAttrs(n.chain), table: n.table, match: -1, c: ctx{chain: n.chain}}
}

// GetAttr returns the first attribute called name (full name "IFLA_INFO_KIND"
// or keyword "kind"), as pyroute2's get_attr does.
func (n Nest) GetAttr(name string) (Value, bool) {
	it := n.GetAttrs(name)
	if it.Next() {
		return it.Value(), true
	}
	return Value{}, false
}

// GetAttrs returns an iterator over every attribute called name.
func (n Nest) GetAttrs(name string) AttrIter {
	sp := n.table.ByName(name)
	if sp == nil {
		return AttrIter{}
	}
	return AttrIter{it: wire.NewAttrs(n.chain), table: n.table, match: int32(sp.Type), c: ctx{chain: n.chain}}
}

// Get follows a path of names through nested attributes, as pyroute2's
// get(("linkinfo", "data", "br_stp_state")) does, and returns the last.
func (n Nest) Get(path ...string) (Value, bool) {
	var v Value
	for i, name := range path {
		var ok bool
		if v, ok = n.GetAttr(name); !ok {
			return Value{}, false
		}
		if i < len(path)-1 {
			n = v.Nest()
		}
	}
	return v, len(path) > 0
}

// AttrIter iterates over attributes of a chain, optionally only those of
// one type, without allocating. Values it returns borrow the decoded
// buffer. The zero AttrIter iterates over nothing.
//
//	it := m.GetAttrs("IFLA_ALT_IFNAME")
//	for it.Next() {
//		v := it.Value()
//	}
type AttrIter struct {
	it    wire.Attrs
	table *Table
	match int32 // type to match, or -1 for all
	cur   Value
	c     ctx
}

// Next advances to the next (matching) attribute and reports whether
// there is one.
func (it *AttrIter) Next() bool {
	for it.it.Next() {
		a := it.it.Attr()
		if it.match >= 0 && int32(a.Kind()) != it.match {
			continue
		}
		it.cur = makeValue(a, it.table, &it.c)
		return true
	}
	return false
}

// Value returns the current attribute.
func (it *AttrIter) Value() Value { return it.cur }

// Offset returns where the current attribute's header starts in the
// iterated chain.
func (it *AttrIter) Offset() int { return it.it.Offset() }

// Err returns the malformation that stopped the iteration, or nil.
func (it *AttrIter) Err() error { return it.it.Err() }

// All returns the remaining attributes as a Go iterator, for range loops.
// Errors are reported by Err after the loop.
func (it *AttrIter) All() iter.Seq[Value] {
	return func(yield func(Value) bool) {
		for it.Next() {
			if !yield(it.cur) {
				return
			}
		}
	}
}

// Records iterates over the records of a KindRecords value (the
// rtnexthop entries of RTA_MULTIPATH): a fixed struct whose first field is
// the record's length, followed by attributes, each record 4-byte aligned.
// It allocates nothing; records borrow the buffer.
type Records struct {
	buf   []byte
	off   int
	st    *Struct
	table *Table
	cur   Record
	err   error
}

// Record is one record: its fixed struct and its trailing attributes.
type Record struct {
	Head []byte // the fixed struct, Struct.Size bytes
	Nest        // the trailing attributes
	st   *Struct
}

// Field reads the record's struct field called name.
func (r Record) Field(name string) (uint64, bool) {
	if r.st == nil {
		return 0, false
	}
	i := r.st.FieldIndex(name)
	if i < 0 {
		return 0, false
	}
	return r.st.Get(r.Head, i), true
}

// Struct returns the record's struct description.
func (r Record) Struct() *Struct { return r.st }

// Next advances to the next record and reports whether there is one.
func (rs *Records) Next() bool {
	if rs.err != nil || rs.st == nil || rs.off >= len(rs.buf) {
		return false
	}
	b := rs.buf[rs.off:]
	if len(b) < rs.st.Size || len(b) < 2 {
		rs.err = &wire.MalformedError{What: "record", Reason: "truncated", Offset: rs.off}
		return false
	}
	n := int(binary.NativeEndian.Uint16(b))
	if n < rs.st.Size || n > len(b) {
		rs.err = &wire.MalformedError{What: "record", Reason: "bad length", Offset: rs.off}
		return false
	}
	rs.cur = Record{Head: b[:rs.st.Size:rs.st.Size], Nest: Nest{chain: b[rs.st.Size:n:n], table: rs.table}, st: rs.st}
	rs.off = min(rs.off+wire.Align(n), len(rs.buf))
	return true
}

// Record returns the current record.
func (rs *Records) Record() Record { return rs.cur }

// Err returns the malformation that stopped the iteration, or nil.
func (rs *Records) Err() error { return rs.err }
