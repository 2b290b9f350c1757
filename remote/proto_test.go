package remote

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"

	"github.com/nlroute/nlroute/wire"
)

// slowCheckRequest is the obvious reference for checkAgentRequest: walk
// the headers one by one.
func slowCheckRequest(p []byte) bool {
	if len(p) < 16 || len(p) > maxAgentFrame {
		return false
	}
	for off := 0; off < len(p); {
		if len(p)-off < 16 {
			return false
		}
		l := int(binary.NativeEndian.Uint32(p[off:]))
		typ := binary.NativeEndian.Uint16(p[off+4:])
		flags := binary.NativeEndian.Uint16(p[off+6:])
		if l < 16 || l > len(p)-off || typ < 16 || flags&1 == 0 {
			return false
		}
		next := off + (l+3)&^3
		if next > len(p) {
			// The last message may lack its padding only if it ends the
			// buffer exactly.
			if off+l != len(p) {
				return false
			}
			next = len(p)
		}
		off = next
	}
	return true
}

func seedFrames() [][]byte {
	req := make([]byte, 32)
	binary.NativeEndian.PutUint32(req[0:], 32)
	binary.NativeEndian.PutUint16(req[4:], 18) // RTM_GETLINK
	binary.NativeEndian.PutUint16(req[6:], uint16(wire.FlagRequest|wire.FlagDump))
	var s [][]byte
	s = append(s, agentHello{PortID: 7, MaxSend: 1 << 16, RecvQueue: 1 << 17}.appendTo(nil))
	s = append(s, appendFrame(nil, frameRequest, req))
	s = append(s, appendFrame(appendFrame(nil, frameJoin, []byte{0, 0, 0, 1}), frameRequest, req, req))
	s = append(s, appendFrame(nil, frameDatagram, appendDatagramHead(nil, 0, 1, -1, false), req))
	s = append(s, appendFrame(nil, frameOverrun))
	s = append(s, []byte("garbage, not frames"))
	s = append(s, append(binary.BigEndian.AppendUint32(nil, 1<<30), 2, 0, 0, 0))
	return s
}

// FuzzAgentFrames feeds arbitrary bytes to the agent's frame reader:
// it never panics or allocates past the frame limit; every frame it
// returns re-encodes to exactly the bytes it consumed; a payload passes
// checkAgentRequest exactly when the slow reference accepts it.
func FuzzAgentFrames(f *testing.F) {
	for _, s := range seedFrames() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr := frameReader{r: bytes.NewReader(data)}
		var again []byte
		for {
			kind, p, err := fr.next()
			if err != nil {
				if errors.Is(err, io.EOF) && !bytes.Equal(again, data) {
					t.Fatalf("clean end after %d of %d bytes", len(again), len(data))
				}
				if !bytes.HasPrefix(data, again) {
					t.Fatalf("frames re-encode to %x, not a prefix of the input", again)
				}
				break
			}
			if len(p) > maxAgentFrame {
				t.Fatalf("payload of %d bytes", len(p))
			}
			again = appendFrame(again, kind, p)
			if kind == frameRequest {
				got, want := checkAgentRequest(p) == nil, slowCheckRequest(p)
				if got != want {
					t.Fatalf("checkAgentRequest(%x) accepts=%v, reference %v", p, got, want)
				}
			}
			if kind == frameHello {
				parseHello(kind, p) // must not panic
			}
		}
	})
}

// TestAgentHelloRoundTrip: a hello parses back; a hello of another
// version or byte order is refused with a clear reason.
func TestAgentHelloRoundTrip(t *testing.T) {
	h := agentHello{PortID: 42, MaxSend: 1000, RecvQueue: 2000}
	fr := frameReader{r: bytes.NewReader(h.appendTo(nil))}
	kind, p, err := fr.next()
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseHello(kind, p)
	if err != nil || got != h {
		t.Fatalf("parseHello = %+v, %v", got, err)
	}
	bad := bytes.Clone(p)
	bad[9] = 9
	if _, err := parseHello(kind, bad); err == nil {
		t.Error("version 9 accepted")
	}
	bad = bytes.Clone(p)
	bad[10], bad[11] = bad[11], bad[10]
	if _, err := parseHello(kind, bad); err == nil {
		t.Error("the other byte order accepted")
	}
	if _, err := parseHello(frameRequest, p); !errors.Is(err, errNotAgent) {
		t.Errorf("a request as hello: %v", err)
	}
}

// TestCheckAgentRequestTable: requests the agent takes and refuses.
func TestCheckAgentRequestTable(t *testing.T) {
	msg := func(l uint32, typ, flags uint16, total int) []byte {
		b := make([]byte, total)
		binary.NativeEndian.PutUint32(b[0:], l)
		binary.NativeEndian.PutUint16(b[4:], typ)
		binary.NativeEndian.PutUint16(b[6:], flags)
		return b
	}
	for _, tc := range []struct {
		name string
		p    []byte
		ok   bool
	}{
		{"getlink", msg(32, 18, 1, 32), true},
		{"two", append(msg(20, 16, 5, 20), msg(16, 18, 1, 16)...), true},
		{"no request flag", msg(32, 18, 0, 32), false},
		{"NLMSG_ERROR", msg(32, 2, 1, 32), false},
		{"length past the end", msg(64, 18, 1, 32), false},
		{"length under a header", msg(8, 18, 1, 32), false},
		{"trailing bytes", msg(16, 18, 1, 18), false},
		{"empty", nil, false},
	} {
		if err := checkAgentRequest(tc.p); (err == nil) != tc.ok || slowCheckRequest(tc.p) != tc.ok {
			t.Errorf("%s: check %v, reference %v; want ok=%v", tc.name, err, slowCheckRequest(tc.p), tc.ok)
		}
	}
}
