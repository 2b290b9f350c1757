package codec

// Shorthands for writing attribute tables.

func attr(t uint16, name string, k Kind) AttrSpec {
	return AttrSpec{Type: t, Name: name, Kind: k}
}

func nested(t uint16, name string, tb *Table) AttrSpec {
	return AttrSpec{Type: t, Name: name, Kind: KindNested, Nested: tb}
}

func selected(t uint16, name string, s *Selector) AttrSpec {
	return AttrSpec{Type: t, Name: name, Kind: KindNested, Select: s}
}

func structAttr(t uint16, name string, s *Struct) AttrSpec {
	return AttrSpec{Type: t, Name: name, Kind: KindStruct, Struct: s}
}

func array(t uint16, name string, elem Kind) AttrSpec {
	return AttrSpec{Type: t, Name: name, Kind: KindArray, Elem: elem}
}

func structArray(t uint16, name string, s *Struct) AttrSpec {
	return AttrSpec{Type: t, Name: name, Kind: KindArray, Elem: KindStruct, Struct: s}
}

func structAttrs(t uint16, name string, s *Struct, tb *Table) AttrSpec {
	return AttrSpec{Type: t, Name: name, Kind: KindStructAttrs, Struct: s, Nested: tb}
}

// enum is an integer attribute with pyroute2's names for its values
// (index = value; "" for a value without one).
func enum(t uint16, name string, k Kind, names ...string) AttrSpec {
	a := attr(t, name, k)
	a.Names = names
	return a
}

// enumName returns the name of value u, or "".
func (a *AttrSpec) enumName(u uint64) string {
	if u < uint64(len(a.Names)) {
		return a.Names[u]
	}
	return ""
}

// enumValue returns the value named s (exactly as AppendJSON renders it).
func (a *AttrSpec) enumValue(s string) (uint64, bool) {
	for i, n := range a.Names {
		if n != "" && n == s {
			return uint64(i), true
		}
	}
	return 0, false
}

// enumOf returns the value a name of a's enumeration stands for, and
// anything else unchanged.
func (a *AttrSpec) enumOf(v any) any {
	if n, ok := v.(string); ok && a.Names != nil {
		if u, ok := a.enumValue(n); ok {
			return u
		}
	}
	return v
}
