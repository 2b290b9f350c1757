package codec

import (
	"bytes"
	"math"
	"unicode/utf8"

	"github.com/nlroute/nlroute/wire"
)

// canonical reports whether v's bytes are exactly what encoding its
// decoded value gives back. Values that are not (a u32 of 3 bytes, a
// string without its NUL, a chain with garbage in its padding) are
// rendered and re-encoded raw, so every message round-trips byte for byte.
func canonical(v Value) bool {
	b := v.Value
	switch k := v.Kind(); {
	case k == KindUint:
		return len(b) == 4 || (len(b) == 8 && binaryU64(b) > math.MaxUint32)
	case k.IsInt():
		return len(b) == k.Width()
	case k == KindString:
		return len(b) > 0 && bytes.IndexByte(b, 0) == len(b)-1 && utf8.Valid(b[:len(b)-1])
	case k == KindText:
		return bytes.IndexByte(b, 0) < 0 && utf8.Valid(b)
	case k == KindAddr:
		return len(b) == 4 || len(b) == 16
	case k == KindFlag:
		return len(b) == 0
	case k == KindNested:
		return canonicalChain(b)
	case k == KindStruct:
		return v.structOf() != nil
	case k == KindArray:
		return v.Len() > 0 || len(b) == 0
	case k == KindRecords:
		return canonicalRecords(v)
	case k == KindStructAttrs:
		return canonicalStructAttrs(v)
	}
	return true
}

// canonicalStructAttrs: the struct, zero padding to 4 bytes, then a
// canonical chain (possibly empty). A value of exactly the struct's size
// whose size is not a multiple of 4 is not: the encoder pads.
func canonicalStructAttrs(v Value) bool {
	st := v.structOf()
	if st == nil || st.Size > maxStruct {
		return false
	}
	off := wire.Align(st.Size)
	b := v.Value
	return len(b) >= off && zeros(b[st.Size:off]) && canonicalChain(b[off:])
}

func binaryU64(b []byte) uint64 {
	u, _ := readInt(KindU64, b)
	return u
}

// canonicalChain reports whether b is a chain of attributes that the
// Builder would lay out identically: every attribute padded, with zero
// padding.
func canonicalChain(b []byte) bool {
	it := wire.NewAttrs(b)
	end := 0
	for it.Next() {
		n := wire.AttrHeaderLen + len(it.Attr().Value)
		end = it.Offset() + wire.Align(n)
		if end > len(b) || !zeros(b[it.Offset()+n:end]) {
			return false
		}
	}
	return it.Err() == nil && end == len(b)
}

func canonicalRecords(v Value) bool {
	rs := v.Records()
	st := v.Spec.Struct
	end := 0
	for {
		prev := rs.off
		if !rs.Next() {
			break
		}
		r := rs.Record()
		if !canonicalChain(r.chain) || rs.off-prev != st.Size+len(r.chain) {
			return false
		}
		end = rs.off
	}
	return rs.Err() == nil && end == len(v.Value)
}

func zeros(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
