package wire

import (
	"net/netip"
	"testing"
)

// routeDump builds n RTM_NEWROUTE-shaped messages for allocation tests and
// benchmarks that must not depend on the kernel captures.
func routeDump(n int) []byte {
	var b Builder
	b.Reset(nil)
	for i := range n {
		b.Begin(24, FlagMulti, 1)
		b.PutFixed([]byte{2, 24, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0})
		b.PutUint32(15, 254)
		b.PutAddr(1, netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}))
		b.PutUint32(6, uint32(i))
		b.PutAddr(5, netip.AddrFrom4([4]byte{192, 0, 2, 1}))
		b.PutUint32(4, 2)
		b.End()
	}
	b.Begin(TypeDone, FlagMulti, 1)
	b.PutFixed([]byte{0, 0, 0, 0})
	b.End()
	return b.Bytes()
}

func walk(b []byte) (n int) {
	it := NewMessages(b)
	for it.Next() {
		m := it.Message()
		if len(m.Data) < 12 {
			continue
		}
		at := NewAttrs(m.Data[12:])
		for at.Next() {
			a := at.Attr()
			if v, ok := a.Uint32(); ok {
				n += int(v & 1)
			}
			n++
		}
		if at.Err() != nil {
			return -1 // the test messages are well-formed: -1 fails the caller
		}
	}
	if it.Err() != nil {
		return -1
	}
	return n
}

func TestAllocsIterate(t *testing.T) {
	buf := routeDump(1000)
	if n := walk(buf); n <= 0 {
		t.Fatalf("walk of a 1000-route dump = %d: an iterator failed", n)
	}
	if a := testing.AllocsPerRun(50, func() { walk(buf) }); a != 0 {
		t.Fatalf("iterating a dump: %v allocs, want 0", a)
	}
}

func TestAllocsBuild(t *testing.T) {
	var b Builder
	buf := make([]byte, 0, 4096)
	dst := netip.MustParseAddr("10.0.0.0")
	build := func() {
		b.Reset(buf)
		b.Begin(24, FlagRequest|FlagAck|FlagCreate, 1)
		b.PutFixed([]byte{2, 24, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0})
		b.PutAddr(1, dst)
		b.PutUint32(4, 2)
		n := b.Nest(8)
		b.PutUint32(2, 1400)
		b.EndNest(n)
		b.PutString(3, "x")
		b.End()
	}
	if a := testing.AllocsPerRun(100, build); a != 0 {
		t.Fatalf("building into a warm buffer: %v allocs, want 0", a)
	}
}

func TestAllocsParseError(t *testing.T) {
	data := errorPayload(-17, Header{Len: 16, Seq: 1}, nil, func(b *Builder) {
		b.PutString(ExtAckMsg, "exists")
		b.PutUint32(ExtAckOffset, 16)
	})
	if a := testing.AllocsPerRun(100, func() { ParseError(FlagCapped|FlagAckTLVs, data) }); a != 0 {
		t.Fatalf("ParseError: %v allocs, want 0", a)
	}
}
