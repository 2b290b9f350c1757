package tc

import (
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// Encoding a typed request into a warm builder, and decoding a dump
// message through codec, allocate nothing (DESIGN.md, hot paths).

var (
	allocHTBClass = Class{Link: 2, Handle: 0x10010, Parent: 0x10001,
		Options: HTBClass{Rate: 24000, Ceil: 32000, Burst: 6144, Cburst: 6144, Prio: 1}}
	allocU32 = Filter{Link: 2, Parent: 0x10000, Priority: 10, Protocol: ProtoIP, Options: U32{ClassID: 0x10010,
		Keys:    []U32Key{{Val: 0xc0a80001, Mask: 0xffffffff, Off: 12}, {Val: 0x00060000, Mask: 0x00ff0000, Off: 8}},
		Actions: []Action{Mirred{Direction: MirredEgressMirror, Link: 3}}}}
	allocBPF = Filter{Link: 2, Parent: HandleClsactIngress, Priority: 1, Options: BPF{Name: "p", ClassID: 1,
		Ops: []ClassicBPF{{Code: 0x28, K: 12}, {Code: 0x15, JT: 0, JF: 1, K: 0x800}, {Code: 6, K: 0xffffffff}, {Code: 6}}}}
	allocFlower = Filter{Link: 2, Parent: HandleClsactIngress, Priority: 1, Protocol: ProtoIP, Options: Flower{
		IPProto: ipProtoTCP, SrcIP: netip.MustParsePrefix("10.0.0.0/8"), DstPort: 80, DstMAC: testMAC,
		Actions: []Action{Pedit{Keys: []PeditKey{{Header: PeditIPv4, Off: 12, Val: 0x0a000001}}, Action: ActPipe},
			Csum{Update: CsumIPv4Hdr | CsumTCP}, SkbEdit{Mark: 1, HasMark: true}, VLAN{Op: VLANPush, ID: 5},
			TunnelKey{Src: netip.MustParseAddr("192.0.2.1"), Dst: netip.MustParseAddr("192.0.2.2"), KeyID: 1},
			Connmark{Zone: 1}}}}
	allocMatchall = Filter{Link: 2, Parent: HandleClsactEgress, Options: Matchall{Actions: []Action{Gact{Action: ActDrop}}}}
)

func allocsOf(t *testing.T, enc func(b *wire.Builder) error) float64 {
	t.Helper()
	var b wire.Builder
	b.Reset(make([]byte, 0, 8192))
	if err := enc(&b); err != nil {
		t.Fatal(err)
	}
	return testing.AllocsPerRun(200, func() {
		b.Reset(b.Bytes()[:0])
		if err := enc(&b); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAllocsEncode(t *testing.T) {
	for _, tt := range []struct {
		name string
		enc  func(b *wire.Builder) error
	}{
		{"htb class", func(b *wire.Builder) error { return appendClass(b, msgNewClass, flagsAdd, &allocHTBClass) }},
		{"u32 filter with mirred", func(b *wire.Builder) error { return appendFilter(b, msgNewFilter, flagsAdd, &allocU32) }},
		{"classic bpf filter", func(b *wire.Builder) error { return appendFilter(b, msgNewFilter, flagsAdd, &allocBPF) }},
		{"flower with every new action", func(b *wire.Builder) error { return appendFilter(b, msgNewFilter, flagsAdd, &allocFlower) }},
		{"matchall with gact", func(b *wire.Builder) error { return appendFilter(b, msgNewFilter, flagsAdd, &allocMatchall) }},
	} {
		if n := allocsOf(t, tt.enc); n != 0 {
			t.Errorf("%s: %v allocations per request, want 0", tt.name, n)
		}
	}
}

// walkAll visits every attribute of a chain and its nests, reading each
// value, as a consumer of a dump would; it returns how many, and the
// first iterator error.
func walkAll(it codec.AttrIter) (n int, err error) {
	for it.Next() {
		v := it.Value()
		n++
		switch {
		case v.Kind() == codec.KindNested:
			k, err := walkAll(v.Nest().Attrs())
			n += k
			if err != nil {
				return n, err
			}
		case v.Kind().IsInt():
			v.Uint()
		case v.Kind() == codec.KindStruct:
			v.Field("index")
		}
	}
	return n, it.Err()
}

func TestAllocsDecode(t *testing.T) {
	raw := encodeFilter(t, newFilterKinds[6]) // flower with pedit and csum
	raw2 := encodeFilter(t, allocU32.Options)
	var m codec.Msg
	for _, r := range [][]byte{raw, raw2} {
		if err := m.ResetBytes(codec.TC, r); err != nil {
			t.Fatal(err)
		}
		if n, err := walkAll(m.Attrs()); err != nil || n < 8 {
			t.Fatalf("walked %d attributes, %v", n, err)
		}
		n := testing.AllocsPerRun(200, func() {
			if err := m.ResetBytes(codec.TC, r); err != nil {
				t.Fatal(err)
			}
			walkAll(m.Attrs())
			if v, ok := m.Get("TCA_OPTIONS", "TCA_FLOWER_KEY_IPV4_SRC"); ok {
				v.Addr()
			}
		})
		if n != 0 {
			t.Errorf("decoding a tc message: %v allocations, want 0", n)
		}
	}
}

func BenchmarkEncodeU32Mirred(b *testing.B) {
	var w wire.Builder
	w.Reset(make([]byte, 0, 8192))
	b.ReportAllocs()
	for b.Loop() {
		w.Reset(w.Bytes()[:0])
		if err := appendFilter(&w, msgNewFilter, flagsAdd, &allocU32); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeHTBClass(b *testing.B) {
	var w wire.Builder
	w.Reset(make([]byte, 0, 8192))
	b.ReportAllocs()
	for b.Loop() {
		w.Reset(w.Bytes()[:0])
		if err := appendClass(&w, msgNewClass, flagsAdd, &allocHTBClass); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeFilter(b *testing.B) {
	raw := encodeFilter(b, newFilterKinds[6])
	var m codec.Msg
	b.ReportAllocs()
	for b.Loop() {
		if err := m.ResetBytes(codec.TC, raw); err != nil {
			b.Fatal(err)
		}
		walkAll(m.Attrs())
	}
}
