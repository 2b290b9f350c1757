//go:build linux

package remote

import (
	"context"
	"encoding/binary"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// served is a Serve running over pipes in a throwaway namespace.
type served struct {
	in    *io.PipeWriter
	fr    frameReader
	hello agentHello
	done  chan error
}

// startServe runs Serve with o over pipes and reads its hello.
func startServe(t *testing.T, o ServeOptions) *served {
	t.Helper()
	ns := testutil.NewNetNS(t)
	o.NetNS = ns.Name
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	s := &served{in: inW, fr: frameReader{r: outR}, done: make(chan error, 1)}
	go func() {
		s.done <- Serve(ctx, inR, outW, o)
		outW.Close()
	}()
	t.Cleanup(func() { inW.Close(); outR.Close() })
	kind, p, err := s.fr.next()
	if err == nil {
		s.hello, err = parseHello(kind, p)
	}
	if err != nil {
		t.Fatalf("hello: %v", err)
	}
	return s
}

// refusal reads frames until a refused one and returns its reason, and
// Serve's error; it fails the test after 5 s.
func (s *served) refusal(t *testing.T) (string, error) {
	t.Helper()
	why := make(chan string, 1)
	go func() {
		for {
			kind, p, err := s.fr.next()
			if err != nil {
				why <- "no refused frame: " + err.Error()
				return
			}
			if kind == frameRefused {
				why <- string(p)
				return
			}
		}
	}()
	select {
	case w := <-why:
		select {
		case err := <-s.done:
			return w, err
		case <-time.After(5 * time.Second):
			t.Fatalf("refused %q, but Serve did not return", w)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no refusal within 5s: the agent is stalled")
	}
	return "", nil
}

func (s *served) send(t *testing.T, b []byte) {
	t.Helper()
	if _, err := s.in.Write(b); err != nil {
		t.Fatal(err)
	}
}

// request is a request frame of one message of type typ.
func request(typ wire.MsgType, flags wire.HeaderFlags, seq uint32) []byte {
	var b wire.Builder
	b.Reset(nil)
	b.Begin(typ, wire.FlagRequest|flags, seq)
	b.PutFixed(make([]byte, 16))
	b.End()
	return appendFrame(nil, frameRequest, b.Bytes())
}

// dumpDone reads frames until the NLMSG_DONE of seq, failing on anything
// else than datagrams.
func (s *served) dumpDone(t *testing.T, seq uint32) {
	t.Helper()
	for {
		kind, p, err := s.fr.next()
		if err != nil || kind != frameDatagram {
			t.Fatalf("dump: kind %d %q, %v", kind, p, err)
		}
		it := wire.NewMessages(p[agentDgHeadLen:])
		for it.Next() {
			if h := it.Message().Header; h.Seq == seq && h.Type == wire.TypeDone {
				return
			}
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
	}
}

func wantRefusal(t *testing.T, why string, err error, words ...string) {
	t.Helper()
	for _, w := range words {
		if !strings.Contains(why, w) {
			t.Errorf("refused frame %q lacks %q", why, w)
		}
	}
	if err == nil || !strings.Contains(err.Error(), "refused") || !strings.Contains(err.Error(), words[0]) {
		t.Errorf("Serve returned %v, want a refusal naming %q", err, words[0])
	}
}

// TestServeFrameDeadline: a frame begun and not finished, in its header
// or its payload, is cut off by the read deadline with a refused frame.
func TestServeFrameDeadline(t *testing.T) {
	for _, tc := range []struct {
		name string
		sent []byte
	}{
		{"header", []byte{0, 0, 0}},
		{"payload", request(uapi.RTM_GETLINK, wire.FlagDump, 1)[:20]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startServe(t, ServeOptions{FrameTimeout: 150 * time.Millisecond, IdleTimeout: -1})
			start := time.Now()
			s.send(t, tc.sent)
			why, err := s.refusal(t)
			wantRefusal(t, why, err, "read deadline", "incomplete", "FrameTimeout")
			if d := time.Since(start); d < 150*time.Millisecond || d > 3*time.Second {
				t.Errorf("cut off after %v, want about 150ms", d)
			}
		})
	}
}

// TestServeFrameDeadlineSteady: frames that each arrive within the
// deadline keep the agent serving however long the connection lasts.
func TestServeFrameDeadlineSteady(t *testing.T) {
	s := startServe(t, ServeOptions{FrameTimeout: 200 * time.Millisecond, IdleTimeout: 2 * time.Second})
	for i := range 5 {
		time.Sleep(100 * time.Millisecond)
		s.send(t, request(uapi.RTM_GETLINK, wire.FlagDump, uint32(10+i)))
		s.dumpDone(t, uint32(10+i))
	}
	s.in.Close()
	if err := <-s.done; err != nil {
		t.Errorf("Serve after the input closed: %v", err)
	}
}

// TestServeIdleTimeout: a client that sends nothing is refused after the
// idle timeout; one that joined a group (a monitor) is not.
func TestServeIdleTimeout(t *testing.T) {
	s := startServe(t, ServeOptions{IdleTimeout: 150 * time.Millisecond})
	start := time.Now()
	why, err := s.refusal(t)
	wantRefusal(t, why, err, "idle timeout", "IdleTimeout")
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("idle refusal after %v, want 150ms", d)
	}

	m := startServe(t, ServeOptions{IdleTimeout: 150 * time.Millisecond})
	m.send(t, appendFrame(nil, frameJoin, binary.BigEndian.AppendUint32(nil, uapi.RTNLGRP_LINK)))
	if kind, p, err := m.fr.next(); err != nil || kind != frameResult || binary.BigEndian.Uint32(p) != 0 {
		t.Fatalf("join: kind %d % x, %v", kind, p, err)
	}
	select {
	case err := <-m.done:
		t.Fatalf("a monitor was ended while waiting for events: %v", err)
	case <-time.After(500 * time.Millisecond):
	}
	m.in.Close()
	if err := <-m.done; err != nil {
		t.Errorf("Serve after the input closed: %v", err)
	}
}

// TestServeWriteDeadline: a client that stops reading ends the agent
// after the frame timeout instead of holding it forever.
func TestServeWriteDeadline(t *testing.T) {
	s := startServe(t, ServeOptions{FrameTimeout: 150 * time.Millisecond})
	// The result of the join is never read: the pipe holds the write.
	s.send(t, appendFrame(nil, frameJoin, binary.BigEndian.AppendUint32(nil, uapi.RTNLGRP_LINK)))
	select {
	case err := <-s.done:
		if err == nil || !strings.Contains(err.Error(), "write deadline") {
			t.Errorf("Serve: %v, want the write deadline", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the agent is stalled by a client that does not read")
	}
}

// TestServeReadOnly: a read-only agent serves dumps and refuses
// RTM_NEWLINK and RTM_DELLINK with the reason.
func TestServeReadOnly(t *testing.T) {
	for _, typ := range []wire.MsgType{uapi.RTM_NEWLINK, uapi.RTM_DELLINK, uapi.RTM_SETLINK, uapi.RTM_NEWROUTE} {
		s := startServe(t, ServeOptions{ReadOnly: true})
		s.send(t, request(uapi.RTM_GETLINK, wire.FlagDump, 3))
		s.dumpDone(t, 3)
		s.send(t, request(typ, wire.FlagAck, 4))
		why, err := s.refusal(t)
		wantRefusal(t, why, err, "read-only", msgTypeName(typ))
	}
}

// TestServeAllowList: only the listed types pass; a batch with one
// other is refused whole.
func TestServeAllowList(t *testing.T) {
	s := startServe(t, ServeOptions{Allow: []wire.MsgType{uapi.RTM_GETLINK, uapi.RTM_GETADDR}})
	s.send(t, request(uapi.RTM_GETADDR, wire.FlagDump, 5))
	s.dumpDone(t, 5)
	s.send(t, request(uapi.RTM_GETROUTE, wire.FlagDump, 6))
	why, err := s.refusal(t)
	wantRefusal(t, why, err, "allow-list", "type 26 (RTM_GETROUTE)", "RTM_GETLINK", "RTM_GETADDR")
}

// TestServeMaxFrame: the hello announces MaxFrame as the largest send,
// and a larger frame is refused.
func TestServeMaxFrame(t *testing.T) {
	s := startServe(t, ServeOptions{MaxFrame: 64})
	if s.hello.MaxSend != 64 {
		t.Errorf("hello MaxSend %d, want 64", s.hello.MaxSend)
	}
	// The agent reads the header only: the write of the payload stays
	// blocked until the pipe closes.
	go s.in.Write(appendFrame(nil, frameRequest, make([]byte, 65)))
	why, err := s.refusal(t)
	wantRefusal(t, why, err, "exceeds this agent's limit of 64")
}

// TestMsgTypeName: refusals name the types they can.
func TestMsgTypeName(t *testing.T) {
	for typ, want := range map[wire.MsgType]string{
		16: "type 16 (RTM_NEWLINK)", 19: "type 19 (RTM_SETLINK)", 23: "type 23",
		50: "type 50 (RTM_GETACTION)", 104: "type 104 (RTM_NEWNEXTHOP)", 94: "type 94",
	} {
		if got := msgTypeName(typ); got != want {
			t.Errorf("msgTypeName(%d) = %q, want %q", typ, got, want)
		}
	}
	for typ, get := range map[wire.MsgType]bool{18: true, 16: false, 17: false, 19: false, 26: true, 106: true, 2: false} {
		if isGetType(typ) != get {
			t.Errorf("isGetType(%d) = %v", typ, !get)
		}
	}
}
