package tc

import (
	"encoding/binary"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// Helpers to write TCA_OPTIONS tables for codec (decode, render, Spec
// encode) in a line per attribute.

func attr(t uint16, name string, k codec.Kind) codec.AttrSpec {
	return codec.AttrSpec{Type: t, Name: name, Kind: k}
}

func structAttr(t uint16, name string, s *codec.Struct) codec.AttrSpec {
	return codec.AttrSpec{Type: t, Name: name, Kind: codec.KindStruct, Struct: s}
}

func nestAttr(t uint16, name string, tb *codec.Table) codec.AttrSpec {
	return codec.AttrSpec{Type: t, Name: name, Kind: codec.KindNested, Nested: tb}
}

func fields(k codec.Kind, names ...string) []codec.Field {
	f := make([]codec.Field, len(names))
	for i, n := range names {
		f[i] = codec.Field{Name: n, Kind: k}
	}
	return f
}

// ratespecFields are struct tc_ratespec's fields, prefixed as pyroute2
// names them inside larger structs ("rate_cell_log" … "rate").
func ratespecFields(p string) []codec.Field {
	return []codec.Field{
		{Name: p + "_cell_log", Kind: codec.KindU8}, {Name: p + "_linklayer", Kind: codec.KindU8},
		{Name: p + "_overhead", Kind: codec.KindU16}, {Name: p + "_cell_align", Kind: codec.KindS16},
		{Name: p + "_mpu", Kind: codec.KindU16}, {Name: p, Kind: codec.KindU32},
	}
}

func cat(fs ...[]codec.Field) []codec.Field {
	var out []codec.Field
	for _, f := range fs {
		out = append(out, f...)
	}
	return out
}

// u32s packs values into a stack-friendly byte array, host order.
func putU32s(b []byte, vs ...uint32) {
	for i, v := range vs {
		binary.NativeEndian.PutUint32(b[4*i:], v)
	}
}

// attrsOf iterates over a chain and calls fn with each attribute,
// stopping at the first malformation, which it returns.
func attrsOf(b []byte, fn func(a wire.Attr)) error {
	it := wire.NewAttrs(b)
	for it.Next() {
		fn(it.Attr())
	}
	return it.Err()
}

func u32At(b []byte, off int) uint32 {
	if len(b) < off+4 {
		return 0
	}
	return binary.NativeEndian.Uint32(b[off:])
}

func u16At(b []byte, off int) uint16 {
	if len(b) < off+2 {
		return 0
	}
	return binary.NativeEndian.Uint16(b[off:])
}

func au32(a wire.Attr) uint32 { v, _ := a.Uint32(); return v }
func au64(a wire.Attr) uint64 { v, _ := a.Uint64(); return v }
