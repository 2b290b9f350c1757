package wire

import (
	"errors"
	"strings"
	"syscall"
	"testing"
)

// errorMsg builds an NLMSG_ERROR payload: errno, the echoed request
// header, the echoed payload when not capped, then ext-ack TLVs.
func errorPayload(errno int32, req Header, reqPayload []byte, tlvs func(*Builder)) []byte {
	var b Builder
	b.Reset(nil)
	b.Begin(TypeError, 0, req.Seq)
	p := b.Reserve(4)
	p[0], p[1], p[2], p[3] = byte(errno), byte(errno>>8), byte(errno>>16), byte(errno>>24)
	b.PutFixed(req.Append(nil))
	if reqPayload != nil {
		b.PutFixed(reqPayload)
	}
	if tlvs != nil {
		tlvs(&b)
	}
	return b.End()[HeaderLen:]
}

func TestParseErrorExtAck(t *testing.T) {
	req := Header{Len: 16 + 8, Type: 16, Flags: FlagRequest | FlagAck, Seq: 42}
	data := errorPayload(-int32(syscall.EOPNOTSUPP), req, []byte{1, 2, 3, 4, 5, 6, 7, 8}, func(b *Builder) {
		b.PutString(ExtAckMsg, "Unknown device type")
		b.PutUint32(ExtAckOffset, 20)
		b.PutBytes(ExtAckCookie, []byte{0xc0})
		b.PutUint32(ExtAckMissType, 3)
		b.PutUint32(ExtAckMissNest, 32)
		b.PutBytes(ExtAckPolicy, []byte{8, 0, 1, 0, 1, 0, 0, 0})
		b.PutUint32(99, 0) // unknown: skipped
	})
	e, err := ParseError(FlagAckTLVs, data)
	if err != nil {
		t.Fatal(err)
	}
	if e.Errno != syscall.EOPNOTSUPP || e.Request != req || len(e.RequestPayload) != 8 || e.Capped {
		t.Errorf("ErrorMsg = %+v", e)
	}
	a := e.ExtAck
	if string(a.Msg) != "Unknown device type" || !a.HasOffset || a.Offset != 20 || len(a.Cookie) != 1 ||
		!a.HasMissType || a.MissType != 3 || !a.HasMissNest || a.MissNest != 32 || len(a.Policy) != 8 || a.IsZero() {
		t.Errorf("ExtAck = %+v", a)
	}
	oe := e.Err("link add")
	if !errors.Is(oe, syscall.EOPNOTSUPP) {
		t.Errorf("errors.Is(EOPNOTSUPP) false for %v", oe)
	}
	var op *OpError
	if !errors.As(oe, &op) || op.Seq != 42 || op.Offset != 20 || op.MissType != 3 {
		t.Errorf("OpError = %+v", op)
	}
	if s := oe.Error(); !strings.HasPrefix(s, "link add: operation not supported: Unknown device type") {
		t.Errorf("Error() = %q", s)
	}
	// The offset points at the request's attribute.
	reqBytes := append(req.Append(nil), 1, 2, 3, 4, 8, 0, 4, 0, 0, 5, 0, 0)
	if at, ok := op.AttrIn(reqBytes); !ok || at.Kind() != 4 {
		t.Errorf("AttrIn = %+v %v", at, ok)
	}
	if _, ok := (&OpError{Offset: 1000}).AttrIn(reqBytes); ok {
		t.Error("AttrIn out of range succeeded")
	}
}

func TestParseErrorCappedAndAck(t *testing.T) {
	req := Header{Len: 100, Type: 16, Seq: 1}
	data := errorPayload(-int32(syscall.EEXIST), req, nil, func(b *Builder) {
		b.PutString(ExtAckMsg, "exists")
	})
	e, err := ParseError(FlagCapped|FlagAckTLVs, data)
	if err != nil || !e.Capped || e.Errno != syscall.EEXIST || string(e.ExtAck.Msg) != "exists" {
		t.Fatalf("%+v %v", e, err)
	}
	if !errors.Is(e.Err("x"), syscall.EEXIST) {
		t.Error("not EEXIST")
	}
	// An ack that carries a warning.
	data = errorPayload(0, req, nil, func(b *Builder) { b.PutString(ExtAckMsg, "warning") })
	e, err = ParseError(FlagCapped|FlagAckTLVs, data)
	if err != nil || e.Errno != 0 || e.Err("x") != nil || string(e.ExtAck.Msg) != "warning" {
		t.Fatalf("ack: %+v %v", e, err)
	}
	// Old kernels: ack without the capped flag, only the header echoed.
	data = errorPayload(0, req, nil, nil)
	if e, err = ParseError(0, data); err != nil || e.Errno != 0 {
		t.Fatalf("old ack: %+v %v", e, err)
	}
	if _, err := ParseError(0, data[:10]); !errors.Is(err, ErrMalformed) {
		t.Errorf("short: %v", err)
	}
}

func TestParseDone(t *testing.T) {
	if errno, ack, err := ParseDone(0, nil); errno != 0 || !ack.IsZero() || err != nil {
		t.Error("empty DONE")
	}
	var b Builder
	b.Reset(nil)
	b.Begin(TypeDone, FlagMulti|FlagAckTLVs, 1)
	p := b.Reserve(4)
	p[0] = 0xf2 // -EINTR... any negative errno: -14 (EFAULT)
	p[1], p[2], p[3] = 0xff, 0xff, 0xff
	b.PutString(ExtAckMsg, "dump failed")
	m := b.End()
	errno, ack, err := ParseDone(FlagMulti|FlagAckTLVs, m[HeaderLen:])
	if err != nil || errno != syscall.EFAULT || string(ack.Msg) != "dump failed" {
		t.Errorf("errno=%v ack=%+v err=%v", errno, ack, err)
	}
}
