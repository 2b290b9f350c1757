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
