package wire

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// addCaptures seeds f with the real kernel captures in testdata/kernel.
func addCaptures(f *testing.F) {
	files, _ := filepath.Glob("../testdata/kernel/*.bin")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil && len(b) < 1<<20 {
			f.Add(b)
		}
	}
}

// FuzzMessages checks the message and attribute iterators against the slow
// reference decoders: same messages, same attributes at the same offsets
// with the same values, and an error exactly where the reference fails.
// Every message's payload is also walked as an attribute chain at each
// plausible family-header offset, and nested values recursively.
func FuzzMessages(f *testing.F) {
	f.Add([]byte{20, 0, 0, 0, 16, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0})
	f.Add([]byte{17, 0, 0, 0, 3, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0})
	addCaptures(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		want, ok := slowMessages(b)
		it := NewMessages(b)
		i := 0
		for it.Next() {
			m := it.Message()
			if i >= len(want) {
				t.Fatalf("extra message at %d", m.Offset)
			}
			w := want[i]
			if m.Offset != w.off || m.Header != w.h || !bytes.Equal(m.Data, w.data) {
				t.Fatalf("message %d: got %+v, want %+v", i, m, w)
			}
			for _, skip := range []int{0, 4, 8, 12, 16} {
				if skip <= len(m.Data) {
					checkAttrs(t, m.Data[skip:], 0)
				}
			}
			i++
		}
		if i != len(want) {
			t.Fatalf("got %d messages, want %d", i, len(want))
		}
		if (it.Err() == nil) != ok {
			t.Fatalf("err = %v, reference ok = %v", it.Err(), ok)
		}
	})
}

func checkAttrs(t *testing.T, b []byte, depth int) {
	want, ok := slowAttrs(b)
	it := NewAttrs(b)
	i := 0
	for it.Next() {
		a := it.Attr()
		if i >= len(want) {
			t.Fatalf("extra attribute at %d", it.Offset())
		}
		w := want[i]
		if it.Offset() != w.off || a.Type != w.typ || !bytes.Equal(a.Value, w.value) {
			t.Fatalf("attr %d: got off=%d %+v, want %+v", i, it.Offset(), a, w)
		}
		// Every reader must be safe on every value.
		a.Uint8()
		a.Uint16()
		a.Uint32()
		a.Uint64()
		a.Uint()
		a.Uint16BE()
		a.Uint32BE()
		a.Uint64BE()
		a.Int32()
		a.Addr()
		_ = a.String()
		if depth < 4 && len(a.Value) >= AttrHeaderLen {
			checkAttrs(t, a.Value, depth+1)
		}
		i++
	}
	if i != len(want) || (it.Err() == nil) != ok {
		t.Fatalf("got %d attrs err=%v, want %d ok=%v", i, it.Err(), len(want), ok)
	}
}

// FuzzParseError decodes arbitrary NLMSG_ERROR and NLMSG_DONE payloads
// under every flag combination. Whatever parses must turn into an error
// value whose errno matches, and a parsed ext-ack must re-encode to a
// chain that parses back to the same values.
func FuzzParseError(f *testing.F) {
	req := Header{Len: 20, Type: 16, Seq: 3}
	f.Add(uint16(FlagAckTLVs), errorPayload(-95, req, []byte{1, 2, 3, 4}, func(b *Builder) {
		b.PutString(ExtAckMsg, "Unknown device type")
		b.PutUint32(ExtAckOffset, 16)
	}))
	f.Add(uint16(FlagCapped), errorPayload(0, req, nil, nil))
	f.Fuzz(func(t *testing.T, flags uint16, data []byte) {
		e, err := ParseError(HeaderFlags(flags), data)
		if err == nil {
			if oe := e.Err("fuzz"); (oe == nil) != (e.Errno == 0) {
				t.Fatalf("Err() = %v for errno %d", oe, e.Errno)
			} else if oe != nil {
				_ = oe.Error()
			}
			roundTripExtAck(t, e.ExtAck)
		}
		_, ack, err := ParseDone(HeaderFlags(flags), data)
		if err == nil {
			roundTripExtAck(t, ack)
		}
	})
}

func roundTripExtAck(t *testing.T, a ExtAck) {
	var b Builder
	b.Reset(nil)
	b.Begin(TypeError, 0, 0)
	if len(a.Msg) > 0 {
		b.PutBytes(ExtAckMsg, append(bytes.Clone(a.Msg), 0))
	}
	if a.HasOffset {
		b.PutUint32(ExtAckOffset, a.Offset)
	}
	if a.Cookie != nil {
		b.PutBytes(ExtAckCookie, a.Cookie)
	}
	if a.Policy != nil {
		b.PutBytes(ExtAckPolicy, a.Policy)
	}
	if a.HasMissType {
		b.PutUint32(ExtAckMissType, a.MissType)
	}
	if a.HasMissNest {
		b.PutUint32(ExtAckMissNest, a.MissNest)
	}
	m := b.End()
	got, err := ParseExtAck(m[HeaderLen:])
	if err != nil || !bytes.Equal(got.Msg, a.Msg) || got.HasOffset != a.HasOffset || got.Offset != a.Offset ||
		!bytes.Equal(got.Cookie, a.Cookie) || got.MissType != a.MissType || got.MissNest != a.MissNest {
		t.Fatalf("ext-ack round trip: got %+v, want %+v (err %v)", got, a, err)
	}
}

// FuzzBuilder builds a message from fuzz input — each chunk of the input an
// attribute, every fourth one opening or closing a nest — and checks that
// the attribute iterator reads back exactly what was put.
func FuzzBuilder(f *testing.F) {
	f.Add([]byte("\x01abc\x02\x00\x03hello"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var b Builder
		b.Reset(nil)
		b.Begin(16, FlagRequest, 1)
		type put struct {
			typ uint16
			val []byte
		}
		var puts []put
		for len(in) > 0 {
			n := int(in[0]) % 16
			in = in[1:]
			if n > len(in) {
				n = len(in)
			}
			typ := uint16(len(puts)+1) & AttrTypeMask
			b.PutBytes(typ, in[:n])
			puts = append(puts, put{typ, in[:n]})
			in = in[n:]
		}
		m := b.End()
		if b.Err() != nil {
			t.Fatal(b.Err())
		}
		it := NewMessages(m)
		if !it.Next() || it.Next() || it.Err() != nil {
			t.Fatal("built message does not parse as one message")
		}
		m2 := NewMessages(m)
		m2.Next()
		at := NewAttrs(m2.Message().Data)
		i := 0
		for at.Next() {
			a := at.Attr()
			if i >= len(puts) || a.Type != puts[i].typ || !bytes.Equal(a.Value, puts[i].val) {
				t.Fatalf("attr %d mismatch", i)
			}
			i++
		}
		if i != len(puts) || at.Err() != nil {
			t.Fatalf("read %d of %d, err %v", i, len(puts), at.Err())
		}
	})
}
