package codec

import "github.com/nlroute/nlroute/wire"

// maxStruct bounds the structs Encode re-encodes field by field without
// allocating; larger ones are copied as they are.
const maxStruct = 256

// Encode appends m to b, re-encoded from its decoded values through the
// schema: every attribute in its original order with its original type
// flags, integers, addresses and strings written back by kind, nested
// chains, structs and records rebuilt, unknown and non-canonical values
// copied raw. For a message as the kernel sends it the result is the same
// bytes; for any input, decoding the result and encoding it again is
// stable. b must not have an open message. It allocates nothing once b's
// buffer is large enough.
func (m *Msg) Encode(b *wire.Builder) {
	b.Begin(m.hdr.Type, m.hdr.Flags, m.hdr.Seq)
	b.PutFixed(m.fixed)
	it := m.Attrs()
	emitChain(b, &it)
	b.PID(m.hdr.PID)
	b.End()
}

func emitChain(b *wire.Builder, it *AttrIter) {
	for it.Next() {
		emitValue(b, it.Value())
	}
}

func emitValue(b *wire.Builder, v Value) {
	if !canonical(v) {
		b.PutBytes(v.Type, v.Value)
		return
	}
	switch k := v.Kind(); {
	case k.IsInt():
		u, _ := v.Uint()
		putIntAttr(b, v.Type, k, u)
	case k == KindAddr:
		a, _ := v.Addr()
		b.PutAddr(v.Type, a)
	case k == KindFlag:
		b.PutFlag(v.Type)
	case k == KindNested:
		tok := b.Nest(v.Type)
		it := v.Nest().Attrs()
		emitChain(b, &it)
		b.EndNest(tok)
	case k == KindStruct && v.Spec.Struct.Size <= maxStruct:
		var buf [maxStruct]byte
		st := v.Spec.Struct
		for i := range st.Fields {
			st.Put(buf[:], i, st.Get(v.Value, i))
		}
		b.PutBytes(v.Type, buf[:st.Size])
	case k == KindRecords:
		emitRecords(b, v)
	case k == KindStructAttrs:
		var buf [maxStruct]byte
		st := v.Spec.Struct
		for i := range st.Fields {
			st.Put(buf[:], i, st.Get(v.Value, i))
		}
		tok := b.Nest(v.Type)
		b.PutFixed(buf[:st.Size])
		it := v.Nest().Attrs()
		emitChain(b, &it)
		b.EndNest(tok)
	default: // strings (their bytes are the encoding), MAC, binary, arrays
		b.PutBytes(v.Type, v.Value)
	}
}

func emitRecords(b *wire.Builder, v Value) {
	tok := b.Nest(v.Type)
	rs := v.Records()
	for rs.Next() {
		r := rs.Record()
		var hdr [maxFixed]byte
		for i := 1; i < len(r.st.Fields); i++ {
			r.st.Put(hdr[:], i, r.st.Get(r.Head, i))
		}
		off := b.Len()
		b.PutFixed(hdr[:r.st.Size])
		it := r.Attrs()
		emitChain(b, &it)
		if buf := b.Bytes(); off+2 <= len(buf) && b.Err() == nil {
			putInt(KindU16, buf[off:off+2], uint64(len(buf)-off))
		}
	}
	b.EndNest(tok)
}
