package wire

import (
	"bytes"
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// Golden tests over the real kernel captures in testdata/kernel (see the
// README there for the command that made them).

func readCapture(t *testing.T, name string) []byte {
	t.Helper()
	return testutil.Capture(t, name)
}

// onlyMessage returns the single message of a capture.
func onlyMessage(t *testing.T, b []byte) Message {
	t.Helper()
	it := NewMessages(b)
	if !it.Next() {
		t.Fatalf("no message: %v", it.Err())
	}
	m := it.Message()
	if it.Next() || it.Err() != nil {
		t.Fatalf("more than one message, or %v", it.Err())
	}
	return m
}

func TestGoldenErrorExtAck(t *testing.T) {
	req := readCapture(t, "error-extack-req.bin")
	m := onlyMessage(t, readCapture(t, "error-extack.bin"))
	if m.Header.Type != TypeError || m.Header.Flags&FlagAckTLVs == 0 || m.Header.Flags&FlagCapped != 0 {
		t.Fatalf("header = %+v", m.Header)
	}
	e, err := ParseError(m.Header.Flags, m.Data)
	if err != nil {
		t.Fatal(err)
	}
	// The whole request is echoed back.
	if !bytes.Equal(append(e.Request.Append(nil), e.RequestPayload...), req) {
		t.Errorf("echoed request differs from the one sent")
	}
	oe := e.Err("link add")
	if !errors.Is(oe, syscall.EOPNOTSUPP) || !strings.Contains(oe.Error(), "Unknown device type") {
		t.Errorf("err = %v", oe)
	}
}

func TestGoldenErrorCapped(t *testing.T) {
	req := readCapture(t, "error-extack-capped-req.bin")
	m := onlyMessage(t, readCapture(t, "error-extack-capped.bin"))
	e, err := ParseError(m.Header.Flags, m.Data)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := ParseHeader(req)
	if !e.Capped || len(e.RequestPayload) != 0 || e.Request != h {
		t.Errorf("ErrorMsg = %+v, request header %+v", e, h)
	}
	if string(e.ExtAck.Msg) != "Unknown device type" || e.Errno != syscall.EOPNOTSUPP {
		t.Errorf("ErrorMsg = %+v", e)
	}
}

func TestGoldenAck(t *testing.T) {
	m := onlyMessage(t, readCapture(t, "ack.bin"))
	e, err := ParseError(m.Header.Flags, m.Data)
	if err != nil || e.Errno != 0 || e.Err("link set") != nil {
		t.Fatalf("ack: %+v %v", e, err)
	}
	h, _ := ParseHeader(readCapture(t, "ack-req.bin"))
	if e.Request.Seq != h.Seq || m.Header.Seq != h.Seq {
		t.Errorf("ack seq %d/%d, request %d", e.Request.Seq, m.Header.Seq, h.Seq)
	}
}

func TestGoldenErrorOffset(t *testing.T) {
	req := readCapture(t, "error-offset-req.bin")
	m := onlyMessage(t, readCapture(t, "error-offset.bin"))
	e, err := ParseError(m.Header.Flags, m.Data)
	if err != nil {
		t.Fatal(err)
	}
	if e.Errno != syscall.ERANGE || !e.ExtAck.HasOffset || e.ExtAck.Policy == nil {
		t.Fatalf("ErrorMsg = %+v", e)
	}
	var op *OpError
	if !errors.As(e.Err("link set"), &op) {
		t.Fatal("not an OpError")
	}
	// The kernel names the 2-byte IFLA_MTU (type 4) of the request.
	a, ok := op.AttrIn(req)
	if !ok || a.Kind() != 4 || len(a.Value) != 2 {
		t.Errorf("offending attribute = %+v %v (offset %d)", a, ok, op.Offset)
	}
}

// TestGoldenDumps iterates every captured dump down to every attribute,
// and checks each ends with an NLMSG_DONE whose error is 0.
func TestGoldenDumps(t *testing.T) {
	for _, name := range []string{"links.bin", "addrs.bin", "routes.bin", "routes6.bin", "routes10k.bin.gz"} {
		t.Run(name, func(t *testing.T) {
			b := readCapture(t, name)
			it := NewMessages(b)
			var n, attrs int
			var last Message
			for it.Next() {
				last = it.Message()
				n++
				if last.Header.Type < TypeMinType {
					continue
				}
				skip := 16 // ifinfomsg; the others are shorter and all attributes still parse after 12 or 8
				switch name {
				case "addrs.bin":
					skip = 8
				case "routes.bin", "routes6.bin", "routes10k.bin.gz":
					skip = 12
				}
				at := NewAttrs(last.Data[skip:])
				for at.Next() {
					attrs++
				}
				if at.Err() != nil {
					t.Fatalf("message %d: %v", n, at.Err())
				}
			}
			if it.Err() != nil {
				t.Fatal(it.Err())
			}
			if last.Header.Type != TypeDone {
				t.Fatalf("last message type %d, want NLMSG_DONE", last.Header.Type)
			}
			if errno, _, err := ParseDone(last.Header.Flags, last.Data); errno != 0 || err != nil {
				t.Fatalf("DONE: %v %v", errno, err)
			}
			if attrs == 0 {
				t.Fatal("no attributes")
			}
		})
	}
}

// TestAllocsGoldenDump holds the zero-allocation claim on the real
// 10,000-route dump: every message and every attribute.
func TestAllocsGoldenDump(t *testing.T) {
	b := readCapture(t, "routes10k.bin.gz")
	if a := testing.AllocsPerRun(10, func() { walk(b) }); a != 0 {
		t.Fatalf("%v allocs, want 0", a)
	}
}
