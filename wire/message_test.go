package wire

import (
	"encoding/binary"
	"errors"
	"testing"
)

// le builds little-endian test input; the tests run on little-endian hosts
// (the netlink header is in host order).
func init() {
	var x uint16 = 1
	if binary.NativeEndian.Uint16([]byte{1, 0}) != x {
		panic("wire tests assume a little-endian host")
	}
}

func TestMessagesIteration(t *testing.T) {
	buf := []byte{
		// message 1: RTM_NEWLINK, 20 bytes, 4 bytes of payload
		20, 0, 0, 0, // nlmsg_len
		16, 0, // nlmsg_type = RTM_NEWLINK
		2, 0, // nlmsg_flags = NLM_F_MULTI
		7, 0, 0, 0, // nlmsg_seq
		9, 0, 0, 0, // nlmsg_pid
		0xaa, 0xbb, 0xcc, 0xdd, // payload
		// message 2: NLMSG_DONE, 17 bytes (one byte of payload, padded)
		17, 0, 0, 0, // nlmsg_len
		3, 0, // nlmsg_type = NLMSG_DONE
		2, 0, // nlmsg_flags
		8, 0, 0, 0, // nlmsg_seq
		9, 0, 0, 0, // nlmsg_pid
		0x01, 0, 0, 0, // payload + padding
	}
	it := NewMessages(buf)
	var got []Message
	for it.Next() {
		got = append(got, it.Message())
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d messages, want 2", len(got))
	}
	want0 := Header{Len: 20, Type: 16, Flags: FlagMulti, Seq: 7, PID: 9}
	if got[0].Header != want0 || string(got[0].Data) != "\xaa\xbb\xcc\xdd" || got[0].Offset != 0 {
		t.Errorf("message 0 = %+v", got[0])
	}
	if got[1].Header.Type != TypeDone || len(got[1].Data) != 1 || got[1].Offset != 20 {
		t.Errorf("message 1 = %+v", got[1])
	}
	if r := got[1].Raw(buf); len(r) != 17 {
		t.Errorf("Raw = %d bytes, want 17", len(r))
	}
}

func TestMessagesMalformed(t *testing.T) {
	hdr := func(n uint32) []byte {
		b := make([]byte, 16)
		binary.NativeEndian.PutUint32(b, n)
		return b
	}
	for _, tc := range []struct {
		name   string
		buf    []byte
		n      int // messages before the error
		reason string
	}{
		{"truncated header", []byte{1, 2, 3}, 0, "truncated header"},
		{"length below header", hdr(15), 0, "length below header size"},
		{"length beyond buffer", hdr(17), 0, "length beyond buffer"},
		{"second lies", append(hdr(16), hdr(1000)...), 1, "length beyond buffer"},
		{"zero length", hdr(0), 0, "length below header size"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it := NewMessages(tc.buf)
			n := 0
			for it.Next() {
				n++
			}
			err := it.Err()
			if n != tc.n || err == nil {
				t.Fatalf("n=%d err=%v, want n=%d and an error", n, err, tc.n)
			}
			var me *MalformedError
			if !errors.Is(err, ErrMalformed) || !errors.As(err, &me) || me.Reason != tc.reason {
				t.Errorf("err = %v, want reason %q", err, tc.reason)
			}
			if it.Next() {
				t.Error("Next after an error returned true")
			}
		})
	}
}

func TestMessagesTrailingPadding(t *testing.T) {
	b := make([]byte, 16+3)
	binary.NativeEndian.PutUint32(b, 16)
	it := NewMessages(b)
	n := 0
	for it.Next() {
		n++
	}
	if n != 1 || it.Err() != nil {
		t.Fatalf("n=%d err=%v", n, it.Err())
	}
}

func TestHeaderRoundTrip(t *testing.T) {
	h := Header{Len: 0x11223344, Type: 0x5566, Flags: 0x7788, Seq: 0x99aabbcc, PID: 0xddeeff00}
	b := h.Append(nil)
	got, err := ParseHeader(b)
	if err != nil || got != h {
		t.Fatalf("got %+v, %v", got, err)
	}
	if _, err := ParseHeader(b[:15]); !errors.Is(err, ErrMalformed) {
		t.Fatalf("short header: err = %v", err)
	}
}

func TestAlign(t *testing.T) {
	for in, want := range map[int]int{0: 0, 1: 4, 3: 4, 4: 4, 5: 8, 16: 16, 17: 20} {
		if got := Align(in); got != want {
			t.Errorf("Align(%d) = %d, want %d", in, got, want)
		}
	}
}
