package codec

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/wire"
)

// Field is one named integer of a fixed struct: a family header such as
// ifinfomsg or rtmsg, or a C struct carried in an attribute.
type Field struct {
	Name   string // pyroute2's name: "index", "dst_len", "rx_packets"
	Kind   Kind   // a fixed-width integer kind
	Offset int    // set by NewStruct

	// Mirror, when non-zero, is an attribute type that carries the full
	// value of a field too narrow for it (rtm_table and RTA_TABLE). A Spec
	// keyword that names the field sets both; a value that does not fit
	// the field stores Overflow in it (RT_TABLE_COMPAT).
	Mirror   uint16
	Overflow uint64

	list     int    // the first field of a ListFields group: the group's length
	listName string // the group's name, on its first field
}

// ListFields returns n fields of kind k named name_0 … name_<n-1>, a C
// array inside a struct (tc_prio_qopt's priomap): they render together as
// pyroute2 does, "name": [v0, v1, …], and a dict or Spec may give them so.
// Each is also a field of its own under its numbered name.
func ListFields(name string, k Kind, n int) []Field {
	f := make([]Field, n)
	for i := range f {
		f[i] = Field{Name: name + "_" + strconv.Itoa(i), Kind: k}
	}
	if n > 0 {
		f[0].list, f[0].listName = n, name
	}
	return f
}

// listIndex returns the first field and the length of the ListFields
// group called name, or -1.
func (s *Struct) listIndex(name string) (int, int) {
	for i := range s.Fields {
		if s.Fields[i].list > 0 && s.Fields[i].listName == name {
			return i, s.Fields[i].list
		}
	}
	return -1, 0
}

// Struct is a fixed C struct: named integer fields laid out one after
// another. Fields named "__pad…" are padding, rendered only when non-zero.
// Struct values are immutable once built and safe for concurrent use.
type Struct struct {
	Name   string
	Size   int
	Fields []Field

	fieldSpecs []AttrSpec // one per field, for Msg.Get of a header field; set by NewStruct
}

// NewStruct lays fields out in order (no implicit padding: write the
// padding as fields) and returns the struct. It panics if a field is not a
// fixed-width integer: schemas are static tables, checked at init.
func NewStruct(name string, fields ...Field) *Struct {
	s := &Struct{Name: name, Fields: fields}
	for i := range s.Fields {
		w := s.Fields[i].Kind.Width()
		if w == 0 {
			panic("codec: struct " + name + ": field " + s.Fields[i].Name + " is not a fixed-width integer")
		}
		s.Fields[i].Offset = s.Size
		s.Size += w
	}
	s.fieldSpecs = make([]AttrSpec, len(s.Fields))
	for i, f := range s.Fields {
		s.fieldSpecs[i] = AttrSpec{Name: f.Name, Kind: f.Kind}
	}
	return s
}

// FieldIndex returns the index of the field called name, or -1.
func (s *Struct) FieldIndex(name string) int {
	for i := range s.Fields {
		if s.Fields[i].Name == name {
			return i
		}
	}
	return -1
}

// Get reads field i from b, which must hold at least s.Size bytes.
// Signed fields come back sign-extended.
func (s *Struct) Get(b []byte, i int) uint64 {
	f := &s.Fields[i]
	v, _ := readInt(f.Kind, b[f.Offset:f.Offset+f.Kind.Width()])
	return v
}

// Put stores v into field i of b, which must hold at least s.Size bytes.
// The value is truncated to the field's width.
func (s *Struct) Put(b []byte, i int, v uint64) {
	f := &s.Fields[i]
	putInt(f.Kind, b[f.Offset:f.Offset+f.Kind.Width()], v)
}

// Selector chooses the attribute table of a kind-dependent nested
// attribute (IFLA_INFO_DATA by IFLA_INFO_KIND, RTA_ENCAP by
// RTA_ENCAP_TYPE, IFLA_AF_SPEC by the message family).
type Selector struct {
	// Sibling is the attribute type, in the same chain, whose value
	// selects the table. Used when Field is empty.
	Sibling uint16
	// Field names a field of the message's family header instead (only
	// for top-level attributes).
	Field string
	// ByName maps a string sibling value to its table.
	ByName map[string]*Table
	// ByValue maps an integer sibling or field value to its table.
	ByValue map[uint64]*Table
	// Default is used when nothing matches; nil leaves the value raw.
	Default *Table

	// Specs maps a string sibling value to a whole spec that replaces the
	// selecting one: the value is then laid out as that spec says (a bare
	// struct, a struct followed by attributes, or a chain), under the
	// same type and name. tc's TCA_OPTIONS is selected so by TCA_KIND.
	// Consulted before ByName; a spec found here is not selected again.
	Specs map[string]*AttrSpec
	// EventSpecs, consulted before Specs for a top-level attribute of a
	// message of a listed type, does the same per message type (hfsc's
	// qdisc options are a bare struct, its classes' a chain).
	EventSpecs map[wire.MsgType]map[string]*AttrSpec
}

// AttrSpec describes one attribute type of a Table.
type AttrSpec struct {
	Type uint16 // nla_type without flags
	Name string // the kernel's name, "IFLA_MTU"
	Kind Kind

	Nested *Table    // KindNested; the trailing attributes of KindRecords and KindStructAttrs
	Select *Selector // KindNested or KindStructAttrs whose table depends on context
	Struct *Struct   // KindStruct; the record header of KindRecords; the leading struct of KindStructAttrs
	Elem   Kind      // KindArray: the element kind

	// Names are an integer enumeration's names by value (pyroute2's
	// value_map): AppendJSON renders a value that has one as the name
	// ("UP" for IFLA_OPERSTATE 6), and a Spec or dict value may be the
	// name; a value without a name ("" or past the end) renders as its
	// number. Of an array (IFLA_INET_CONF), they name the elements: it
	// renders as an object {"forwarding": 0, …}, "_<i>" past the names.
	Names []string

	// PrefixField names the family-header field holding this address's
	// prefix length (RTA_DST and "dst_len"): a Spec value "10.0.0.0/24"
	// sets both, and Msg.Prefix reads both.
	PrefixField string

	short string  // the keyword: Name without the table's prefix, lower case
	shape uint8   // pyroute2's form in JSON, when not the kind's plain one (shapes.go)
	keys  *Struct // shapeStructKeys: the struct of the array after Struct
}

// Short returns the attribute's keyword: its name without the table's
// prefix, in lower case ("mtu" for IFLA_MTU).
func (a *AttrSpec) Short() string { return a.short }

// Table is the attribute map of one attribute chain (pyroute2's nla_map).
// Lookups by type index a slice; lookups by name use a map built once.
// A Table is immutable once built and safe for concurrent use.
type Table struct {
	Name   string // "link", "linkinfo", "bridge_data"; used in errors
	Prefix string // the prefix stripped to form keywords, "IFLA_"
	attrs  []AttrSpec
	byName map[string]uint16
}

// NewTable builds a table from specs, indexed by type. Keywords are the
// names without prefix in lower case; both they and the full names are
// accepted by name lookups. It panics on duplicate types or names:
// schemas are static tables, checked at init.
func NewTable(name, prefix string, specs ...AttrSpec) *Table {
	t := &Table{Name: name, Prefix: prefix, byName: make(map[string]uint16, 2*len(specs))}
	n := 0
	for _, s := range specs {
		n = max(n, int(s.Type)+1)
	}
	t.attrs = make([]AttrSpec, n)
	for _, s := range specs {
		if t.attrs[s.Type].Name != "" {
			panic(fmt.Sprintf("codec: table %s: type %d declared twice", name, s.Type))
		}
		s.short = strings.ToLower(strings.TrimPrefix(s.Name, prefix))
		t.attrs[s.Type] = s
		for _, k := range []string{s.Name, s.short} {
			if _, dup := t.byName[k]; dup {
				panic("codec: table " + name + ": name " + k + " declared twice")
			}
			t.byName[k] = s.Type
		}
	}
	return t
}

// setNested sets the table of attribute typ; for init functions only,
// to close a recursive schema (a peer link's attributes are link
// attributes).
func (t *Table) setNested(typ uint16, n *Table) { t.attrs[typ].Nested = n }

// Len returns one more than the highest type the table knows.
func (t *Table) Len() int { return len(t.attrs) }

// Lookup returns the spec of attribute type typ (flags are ignored), or
// nil when the table does not know it.
func (t *Table) Lookup(typ uint16) *AttrSpec {
	typ &= wire.AttrTypeMask
	if t == nil || int(typ) >= len(t.attrs) || t.attrs[typ].Name == "" {
		return nil
	}
	return &t.attrs[typ]
}

// ByName returns the spec called name (full name or keyword), or nil.
func (t *Table) ByName(name string) *AttrSpec {
	if t == nil {
		return nil
	}
	typ, ok := t.byName[name]
	if !ok {
		return nil
	}
	return &t.attrs[typ]
}

// Event names one message type of a schema.
type Event struct {
	Type wire.MsgType
	Name string // "RTM_NEWLINK"
}

// Schema describes one message family: its fixed family header and its
// top-level attribute table. Schemas are static tables built once at
// package initialisation; they are safe for concurrent use.
type Schema struct {
	Name   string  // "link", "route"; prefixes error messages
	Header *Struct // the family header (ifinfomsg, rtmsg)
	Attrs  *Table
	Events []Event
	// FamilyField is the header field that holds the address family; a
	// Spec that leaves it unset gets the family of its first address.
	FamilyField string
}

// EventName returns the name of message type t ("RTM_NEWLINK"), or ""
// when the schema does not list it.
func (s *Schema) EventName(t wire.MsgType) string {
	for _, e := range s.Events {
		if e.Type == t {
			return e.Name
		}
	}
	return ""
}
