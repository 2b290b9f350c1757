package wire

import (
	"bytes"
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestBuilderMessage(t *testing.T) {
	var b Builder
	b.Reset(nil)
	b.Begin(24, FlagRequest|FlagAck|FlagCreate|FlagExcl, 5) // RTM_NEWROUTE
	rt := b.Reserve(12)                                     // struct rtmsg
	rt[0], rt[1], rt[4] = 2, 24, 254                        // AF_INET, dst_len, RT_TABLE_MAIN
	b.PutAddr(1, netip.MustParseAddr("10.1.2.0"))           // RTA_DST
	b.PutUint32(4, 7)                                       // RTA_OIF
	tok := b.Nest(8)                                        // RTA_METRICS
	b.PutUint32(2, 1400)                                    // RTAX_MTU
	b.EndNest(tok)
	b.PutString(3, "x")
	msg := b.End()
	if err := b.Err(); err != nil {
		t.Fatal(err)
	}
	want := []byte{
		64, 0, 0, 0, // nlmsg_len (padding of the last attribute included, as iproute2 does)
		24, 0, // RTM_NEWROUTE
		0x05, 0x06, // REQUEST|ACK|EXCL|CREATE
		5, 0, 0, 0, // seq
		0, 0, 0, 0, // pid
		2, 24, 0, 0, 254, 0, 0, 0, 0, 0, 0, 0, // rtmsg
		8, 0, 1, 0, 10, 1, 2, 0, // RTA_DST
		8, 0, 4, 0, 7, 0, 0, 0, // RTA_OIF
		12, 0, 8, 0, // RTA_METRICS
		8, 0, 2, 0, 0x78, 0x05, 0, 0, // RTAX_MTU 1400
		6, 0, 3, 0, 'x', 0, 0, 0, // string + padding
	}
	if !bytes.Equal(msg, want) {
		t.Fatalf("got  % x\nwant % x", msg, want)
	}
	// The built bytes parse back.
	it := NewMessages(b.Bytes())
	if !it.Next() || it.Message().Header.Len != 64 || it.Next() || it.Err() != nil {
		t.Fatal("built message does not parse back")
	}
}

func TestBuilderBatch(t *testing.T) {
	var b Builder
	b.Reset(make([]byte, 0, 4096))
	for i := range 3 {
		b.Begin(24, FlagRequest, uint32(i))
		b.PutFixed([]byte{1, 2, 3}) // padded to 4
		b.PutUint8(1, 9)
		b.End()
	}
	it := NewMessages(b.Bytes())
	n := 0
	for it.Next() {
		m := it.Message()
		if m.Header.Seq != uint32(n) || m.Header.Len != 16+4+8 {
			t.Errorf("message %d: %+v", n, m.Header)
		}
		n++
	}
	if n != 3 || it.Err() != nil {
		t.Fatalf("n=%d err=%v", n, it.Err())
	}
}

func TestBuilderErrors(t *testing.T) {
	var b Builder
	b.Reset(nil)
	b.End()
	if !errors.Is(b.Err(), ErrUnbalanced) {
		t.Errorf("End without Begin: %v", b.Err())
	}
	b.Reset(nil)
	b.Begin(16, 0, 1)
	b.Nest(1)
	b.End()
	if !errors.Is(b.Err(), ErrUnbalanced) {
		t.Errorf("End with open nest: %v", b.Err())
	}
	b.Reset(nil)
	b.Begin(16, 0, 1)
	b.PutString(1, strings.Repeat("x", 70000))
	if !errors.Is(b.Err(), ErrAttrTooLong) {
		t.Errorf("long attr: %v", b.Err())
	}
	b.Reset(nil)
	b.Begin(16, 0, 1)
	tok := b.Nest(1)
	for range 20 {
		b.PutBytes(2, make([]byte, 4000))
	}
	b.EndNest(tok)
	if !errors.Is(b.Err(), ErrAttrTooLong) {
		t.Errorf("long nest: %v", b.Err())
	}
	b.Reset(nil)
	b.Begin(16, 0, 1)
	b.Begin(16, 0, 1)
	if !errors.Is(b.Err(), ErrUnbalanced) {
		t.Errorf("Begin twice: %v", b.Err())
	}
	b.Reset(nil)
	b.Begin(16, 0, 1)
	for range maxDepth + 1 {
		b.Nest(1)
	}
	if !errors.Is(b.Err(), ErrUnbalanced) {
		t.Errorf("too deep: %v", b.Err())
	}
}

func TestBuilderSeqAndScalars(t *testing.T) {
	var b Builder
	b.Reset(nil)
	b.Begin(16, 0, 1)
	b.Seq(99)
	b.PutFlag(1)
	b.PutUint16(2, 0x0102)
	b.PutUint16BE(3, 0x0102)
	b.PutUint32BE(4, 0x01020304)
	b.PutUint64(5, 1)
	b.PutUint64BE(6, 1)
	b.PutInt32(7, -1)
	b.PutAddr(8, netip.MustParseAddr("2001:db8::1"))
	b.PutAddr(9, netip.MustParseAddr("::ffff:192.0.2.1"))
	b.PutAddr(10, netip.Addr{}) // appends nothing
	m := b.End()
	h, _ := ParseHeader(m)
	if h.Seq != 99 {
		t.Errorf("seq = %d", h.Seq)
	}
	it := NewAttrs(m[HeaderLen:])
	var lens []int
	for it.Next() {
		lens = append(lens, len(it.Attr().Value))
	}
	want := []int{0, 2, 2, 4, 8, 8, 4, 16, 16} // a v4-mapped v6 address stays 16 bytes
	if it.Err() != nil || len(lens) != len(want) {
		t.Fatalf("lens = %v err=%v", lens, it.Err())
	}
	for i := range want {
		if lens[i] != want[i] {
			t.Errorf("attr %d: %d bytes, want %d", i, lens[i], want[i])
		}
	}
}

func TestBuilderMarkRollbackPID(t *testing.T) {
	var b Builder
	b.Reset(nil)
	b.Begin(16, 0, 1)
	b.PutUint32(1, 1)
	m := b.Mark()
	tok := b.Nest(2)
	b.PutString(3, strings.Repeat("x", 70000)) // fails
	if b.Err() == nil {
		t.Fatal("no error")
	}
	b.Rollback(m)
	if b.Err() != nil || b.Len() != 16+8 {
		t.Fatalf("after rollback: len %d err %v", b.Len(), b.Err())
	}
	_ = tok
	b.PID(77)
	out := b.End()
	h, _ := ParseHeader(out)
	if h.PID != 77 || h.Len != 24 || b.Err() != nil {
		t.Fatalf("header %+v err %v", h, b.Err())
	}
	// A rollback across a message boundary reopens nothing that was ended.
	m = b.Mark()
	b.Begin(16, 0, 2)
	b.Rollback(m)
	b.Begin(16, 0, 3)
	b.End()
	if b.Err() != nil || b.Len() != 24+16 {
		t.Fatalf("len %d err %v", b.Len(), b.Err())
	}
}
