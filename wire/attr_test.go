package wire

import (
	"errors"
	"net/netip"
	"testing"
)

func TestAttrsIteration(t *testing.T) {
	buf := []byte{
		// IFLA_IFNAME "lo"
		7, 0, // nla_len = 4 + 3
		3, 0, // nla_type = IFLA_IFNAME
		'l', 'o', 0, 0, // value + 1 byte padding
		// IFLA_MTU 65536
		8, 0, // nla_len
		4, 0, // nla_type = IFLA_MTU
		0, 0, 1, 0, // 65536
		// IFLA_LINKINFO, nested with NLA_F_NESTED
		11, 0, // nla_len = 4 + 7
		18, 0x80, // nla_type = IFLA_LINKINFO | NLA_F_NESTED
		// IFLA_INFO_KIND "br" (unpadded final attribute in the nest)
		7, 0, 1, 0, 'b', 'r', 0,
	}
	it := NewAttrs(buf)
	var got []Attr
	var offs []int
	for it.Next() {
		got = append(got, it.Attr())
		offs = append(offs, it.Offset())
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d attrs", len(got))
	}
	if got[0].Kind() != 3 || got[0].String() != "lo" || string(got[0].StringBytes()) != "lo" {
		t.Errorf("attr 0 = %+v", got[0])
	}
	if v, ok := got[1].Uint32(); !ok || v != 65536 {
		t.Errorf("mtu = %d %v", v, ok)
	}
	if got[2].Kind() != 18 || !got[2].IsNested() || got[2].IsNetByteOrder() {
		t.Errorf("attr 2 = %+v", got[2])
	}
	if offs[0] != 0 || offs[1] != 8 || offs[2] != 16 {
		t.Errorf("offsets = %v", offs)
	}
	in := NewAttrs(got[2].Value)
	if !in.Next() || in.Attr().String() != "br" || in.Next() || in.Err() != nil {
		t.Errorf("nested: %+v %v", in.Attr(), in.Err())
	}
}

func TestAttrsMalformed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		buf    []byte
		reason string
	}{
		{"truncated header", []byte{8, 0, 1}, "truncated header"},
		{"length below header", []byte{3, 0, 1, 0}, "length below header size"},
		{"length beyond", []byte{9, 0, 1, 0, 1, 2, 3, 4}, "length beyond buffer"},
	} {
		it := NewAttrs(tc.buf)
		for it.Next() {
		}
		var me *MalformedError
		if !errors.As(it.Err(), &me) || me.Reason != tc.reason || !errors.Is(it.Err(), ErrMalformed) {
			t.Errorf("%s: err = %v", tc.name, it.Err())
		}
	}
}

func TestAttrReaders(t *testing.T) {
	a := Attr{Value: []byte{0x12, 0x34}}
	if v, ok := a.Uint16(); !ok || v != 0x3412 {
		t.Errorf("Uint16 = %#x", v)
	}
	if v, ok := a.Uint16BE(); !ok || v != 0x1234 {
		t.Errorf("Uint16BE = %#x", v)
	}
	if v, ok := a.Uint(); !ok || v != 0x3412 {
		t.Errorf("Uint = %#x", v)
	}
	if _, ok := a.Uint32(); ok {
		t.Error("Uint32 on 2 bytes succeeded")
	}
	if _, ok := a.Uint8(); ok {
		t.Error("Uint8 on 2 bytes succeeded")
	}
	if _, ok := a.Uint64(); ok {
		t.Error("Uint64 on 2 bytes succeeded")
	}
	if _, ok := a.Addr(); ok {
		t.Error("Addr on 2 bytes succeeded")
	}
	b := Attr{Value: []byte{192, 0, 2, 1}}
	if ip, ok := b.Addr(); !ok || ip != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("Addr = %v", ip)
	}
	if v, ok := b.Uint32BE(); !ok || v != 0xc0000201 {
		t.Errorf("Uint32BE = %#x", v)
	}
	if v, ok := b.Int32(); !ok || v != 0x010200c0 {
		t.Errorf("Int32 = %#x", v)
	}
	c := Attr{Value: []byte{0, 0, 0, 0, 0, 0, 0, 1}}
	if v, ok := c.Uint64BE(); !ok || v != 1 {
		t.Errorf("Uint64BE = %d", v)
	}
	if s := (Attr{Value: []byte("ab")}).String(); s != "ab" {
		t.Errorf("unterminated string = %q", s)
	}
}
