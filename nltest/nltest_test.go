package nltest_test

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/nltest"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

const rtmNewLink wire.MsgType = 16 // RTM_NEWLINK

func request(seq uint32) []byte {
	var b wire.Builder
	b.Reset(nil)
	b.Begin(rtmNewLink, wire.FlagRequest|wire.FlagAck, seq)
	b.PutFixed(make([]byte, 16))
	b.PutString(3, "x")
	return b.End()
}

func parse(t *testing.T, b []byte) []wire.Message {
	t.Helper()
	var out []wire.Message
	it := wire.NewMessages(b)
	for it.Next() {
		out = append(out, it.Message())
	}
	if it.Err() != nil {
		t.Fatal(it.Err())
	}
	return out
}

// The builders address their replies the way the kernel does.
func TestBuilders(t *testing.T) {
	req := request(42)
	ack := parse(t, nltest.Ack(req))
	if len(ack) != 1 || ack[0].Header.Type != wire.TypeError || ack[0].Header.Seq != 42 || ack[0].Header.PID != nltest.PortID {
		t.Fatalf("Ack: %+v", ack)
	}
	if e, err := wire.ParseError(ack[0].Header.Flags, ack[0].Data); err != nil || e.Errno != 0 || !e.Capped {
		t.Fatalf("Ack payload: %+v %v", e, err)
	}

	em := parse(t, nltest.Error(req, syscall.EEXIST, "exists"))
	e, err := wire.ParseError(em[0].Header.Flags, em[0].Data)
	if err != nil || e.Errno != syscall.EEXIST || string(e.ExtAck.Msg) != "exists" || e.Request.Seq != 42 {
		t.Fatalf("Error: %+v %v", e, err)
	}

	r := parse(t, nltest.Reply(req, rtmNewLink, wire.FlagMulti, []byte("abcd")))
	if r[0].Header.Type != rtmNewLink || r[0].Header.Flags != wire.FlagMulti || string(r[0].Data) != "abcd" {
		t.Fatalf("Reply: %+v", r[0])
	}

	ds := nltest.Dump(req, rtmNewLink, 2, true, []byte("a000"), []byte("b000"), []byte("c000"))
	var msgs []wire.Message
	for _, d := range ds {
		msgs = append(msgs, parse(t, d.Data)...)
	}
	if len(ds) != 2 || len(msgs) != 4 || msgs[3].Header.Type != wire.TypeDone {
		t.Fatalf("Dump: %d datagrams, %d messages", len(ds), len(msgs))
	}
	for _, m := range msgs {
		if m.Header.Flags&wire.FlagDumpIntr == 0 || m.Header.Flags&wire.FlagMulti == 0 {
			t.Errorf("Dump with intr: flags %#x", m.Header.Flags)
		}
	}
}

// A scripted conversation through a real Conn: the script sees each
// request, the Conn gets the scripted answers, Sends counts datagrams.
func TestScriptThroughConn(t *testing.T) {
	var seen int
	tr := nltest.NewTransport(func(req []byte) []nltest.Datagram {
		seen++
		if strings.Contains(string(req), "bad") {
			return []nltest.Datagram{{Data: nltest.Error(req, syscall.EINVAL, "bad name")}}
		}
		return []nltest.Datagram{{Data: nltest.Ack(req)}}
	})
	c := tr.Conn(ring.Config{})
	defer c.Close()
	ctx := context.Background()
	if err := c.Exec(ctx, "link add", request(0)); err != nil {
		t.Fatal(err)
	}
	var b wire.Builder
	b.Reset(nil)
	b.Begin(rtmNewLink, wire.FlagRequest|wire.FlagAck, 0)
	b.PutString(3, "bad")
	err := c.Exec(ctx, "link add", b.End())
	var oe *wire.OpError
	if !errors.As(err, &oe) || oe.Errno != syscall.EINVAL || oe.Msg != "bad name" || oe.Op != "link add" {
		t.Fatalf("err = %v", err)
	}
	if seen != 2 || tr.Sends() != 2 {
		t.Errorf("script saw %d requests, transport %d sends", seen, tr.Sends())
	}
}

// Injected datagrams: a notification reaches the event stream; an
// injected ENOBUFS becomes ring.ErrOverrun; a foreign sender is ignored.
func TestInject(t *testing.T) {
	tr := nltest.NewTransport(func([]byte) []nltest.Datagram { return nil })
	c := tr.Conn(ring.Config{})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev := c.Events(ctx)
	defer ev.Close()
	note := nltest.Reply(request(0), rtmNewLink, 0, []byte("evnt"))
	tr.Inject(
		nltest.Datagram{Data: note, Groups: 1, PortID: 999}, // foreign: dropped
		nltest.Datagram{Data: note, Groups: 1},
		nltest.Datagram{Err: syscall.ENOBUFS},
	)
	if !ev.Next() || string(ev.Message().Data) != "evnt" {
		t.Fatalf("no notification: %v", ev.Err())
	}
	if ev.Next() {
		t.Fatalf("a second notification arrived (the foreign one?)")
	}
	if !errors.Is(ev.Err(), ring.ErrOverrun) {
		t.Fatalf("err = %v, want ErrOverrun", ev.Err())
	}
}

// TestErrorEcho: Error echoes the refused request whole, as the kernel
// does on a socket without NETLINK_CAP_ACK, with the ext-ack text after
// it; CappedError and Ack echo only its header.
func TestErrorEcho(t *testing.T) {
	var b wire.Builder
	b.Begin(16, wire.FlagRequest, 7) // RTM_NEWLINK
	b.PutFixed([]byte("seventeen bytes!!"))
	req := b.End()
	for _, tt := range []struct {
		name   string
		msg    []byte
		errno  syscall.Errno
		capped bool
	}{
		{"Error", nltest.Error(req, syscall.EINVAL, "bad"), syscall.EINVAL, false},
		{"CappedError", nltest.CappedError(req, syscall.EINVAL, "bad"), syscall.EINVAL, true},
		{"Ack", nltest.Ack(req), 0, true},
	} {
		it := wire.NewMessages(tt.msg)
		if !it.Next() {
			t.Fatalf("%s: no message: %v", tt.name, it.Err())
		}
		m := it.Message()
		e, err := wire.ParseError(m.Header.Flags, m.Data)
		if err != nil || e.Errno != tt.errno || e.Capped != tt.capped || e.Request.Seq != 7 {
			t.Fatalf("%s: %+v, %v", tt.name, e, err)
		}
		if want := string(req[wire.HeaderLen:]); !tt.capped && string(e.RequestPayload) != want {
			t.Errorf("%s: echoed payload %q, want %q", tt.name, e.RequestPayload, want)
		}
		if tt.capped && len(e.RequestPayload) != 0 {
			t.Errorf("%s: echoed payload %q, want none", tt.name, e.RequestPayload)
		}
		if tt.errno != 0 && string(e.ExtAck.Msg) != "bad" {
			t.Errorf("%s: ext-ack %q, want \"bad\"", tt.name, e.ExtAck.Msg)
		}
	}
}
