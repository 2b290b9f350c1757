package rtemu_test

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/rtemu"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// links appends n RTM_NEWLINK messages, link i with index i+1 and a
// name attribute of pad bytes (to make messages of a chosen size).
func links(n, pad int) rtemu.AppendFunc {
	return func(b *wire.Builder, seq uint32) error {
		for i := range n {
			b.Begin(uapi.RTM_NEWLINK, wire.FlagMulti, seq)
			h := b.Reserve(16)
			binary.NativeEndian.PutUint32(h[4:], uint32(i+1))
			b.PutString(uapi.IFLA_IFNAME, "if"+strings.Repeat("x", pad))
			b.End()
		}
		return nil
	}
}

// addrs appends an IPv4 and an IPv6 RTM_NEWADDR.
func addrs(b *wire.Builder, seq uint32) error {
	for _, fam := range []uint8{uapi.AF_INET, uapi.AF_INET6} {
		b.Begin(uapi.RTM_NEWADDR, wire.FlagMulti, seq)
		h := b.Reserve(8)
		h[0] = fam
		b.End()
	}
	return nil
}

// request returns a request of type typ and flags with an 16-byte
// family header whose first byte is fam.
func request(typ wire.MsgType, flags wire.HeaderFlags, fam uint8) []byte {
	var b wire.Builder
	b.Begin(typ, flags, 0)
	b.Reserve(16)[0] = fam
	return b.End()
}

// dump runs a dump of req over c and returns the message types and
// family bytes it yielded.
func dump(t *testing.T, c *ring.Conn, req []byte) (n int, fams []uint8) {
	t.Helper()
	s := c.Dump(context.Background(), "dump", req)
	defer s.Close()
	for s.Next() {
		n++
		fams = append(fams, s.Message().Data[0])
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return n, fams
}

func TestDumpAcrossDatagrams(t *testing.T) {
	for _, c := range []struct {
		name      string
		n, pad    int
		bufSize   int
		wantTrunc bool
	}{
		{"many small messages, small buffers", 500, 10, 4096, false},
		{"messages larger than the buffer", 5, 6000, 4096, false},
		{"one message", 1, 0, 0, false},
		{"no message", 0, 0, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := rtemu.New(rtemu.Tables{GOOS: "test", Links: links(c.n, c.pad)})
			conn := ring.NewConn(tr, ring.Config{BufferSize: c.bufSize, Buffers: 4})
			defer conn.Close()
			for range 3 { // the queue is reused
				if n, _ := dump(t, conn, request(uapi.RTM_GETLINK, 0, 0)); n != c.n {
					t.Fatalf("%d messages, want %d", n, c.n)
				}
			}
			if st := conn.Stats(); st.Truncated != 0 {
				t.Errorf("%d datagrams truncated", st.Truncated)
			}
		})
	}
}

func TestDumpFamily(t *testing.T) {
	tr := rtemu.New(rtemu.Tables{GOOS: "test", Addrs: addrs, Links: links(2, 0)})
	conn := ring.NewConn(tr, ring.Config{})
	defer conn.Close()
	for _, c := range []struct {
		typ  wire.MsgType
		fam  uint8
		want int
	}{
		{uapi.RTM_GETADDR, uapi.AF_UNSPEC, 2},
		{uapi.RTM_GETADDR, uapi.AF_INET, 1},
		{uapi.RTM_GETADDR, uapi.AF_INET6, 1},
		{uapi.RTM_GETLINK, uapi.AF_INET, 2}, // a link dump of any family but AF_BRIDGE is every link
		{uapi.RTM_GETLINK, uapi.AF_BRIDGE, 0},
	} {
		if n, _ := dump(t, conn, request(c.typ, 0, c.fam)); n != c.want {
			t.Errorf("type %d family %d: %d messages, want %d", c.typ, c.fam, n, c.want)
		}
	}
}

func TestRefusals(t *testing.T) {
	tr := rtemu.New(rtemu.Tables{GOOS: "plan9", Links: links(1, 0)})
	conn := ring.NewConn(tr, ring.Config{})
	defer conn.Close()
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		req   []byte
		errno syscall.Errno
		msg   string
	}{
		{"a setter", request(uapi.RTM_NEWLINK, wire.FlagCreate, 0), syscall.EOPNOTSUPP, "not supported on plan9"},
		{"a table the platform lacks", request(uapi.RTM_GETROUTE, wire.FlagDump, 0), syscall.EOPNOTSUPP, "not supported on plan9"},
		{"an address get", request(uapi.RTM_GETADDR, 0, 0), syscall.EOPNOTSUPP, "not supported on plan9"},
		{"a link get without index or name", request(uapi.RTM_GETLINK, 0, 0), syscall.EINVAL, "no ifindex or ifname given"},
	} {
		err := conn.Exec(ctx, "op", c.req)
		var op *wire.OpError
		if !errors.As(err, &op) || op.Errno != c.errno || op.Msg != c.msg {
			t.Errorf("%s: %v; want %v with %q", c.name, err, c.errno, c.msg)
		}
	}
	// NLMSG_NOOP with NLM_F_ACK is acked.
	var b wire.Builder
	b.Begin(wire.TypeNoop, 0, 0)
	if err := conn.Exec(ctx, "noop", b.End()); err != nil {
		t.Errorf("noop: %v", err)
	}
	// Bytes that are not netlink messages are refused whole.
	if err := tr.Send([]byte{1, 2, 3}); err == nil {
		t.Error("Send of a malformed request: no error")
	}
}

func TestSourceError(t *testing.T) {
	fail := func(*wire.Builder, uint32) error { return errors.New("table: unreadable") }
	tr := rtemu.New(rtemu.Tables{GOOS: "test", Links: fail})
	conn := ring.NewConn(tr, ring.Config{})
	defer conn.Close()
	s := conn.Dump(context.Background(), "link dump", request(uapi.RTM_GETLINK, 0, 0))
	for s.Next() {
	}
	var op *wire.OpError
	if err := s.Err(); !errors.As(err, &op) || op.Errno != syscall.EIO || op.Msg != "table: unreadable" {
		t.Errorf("dump: %v; want EIO with the source's text", err)
	}
}

func TestRecvDeadlineAndClose(t *testing.T) {
	tr := rtemu.New(rtemu.Tables{GOOS: "test"})
	bufs := [][]byte{make([]byte, 4096)}
	out := make([]ring.Datagram, 1)
	tr.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	if _, err := tr.Recv(bufs, out); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Recv past the deadline: %v", err)
	}
	tr.SetReadDeadline(time.Time{})
	errc := make(chan error, 1)
	go func() {
		_, err := tr.Recv(bufs, out)
		errc <- err
	}()
	time.Sleep(10 * time.Millisecond)
	tr.SetReadDeadline(time.Now().Add(-time.Second)) // wakes the waiting Recv
	if err := <-errc; !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Recv woken by a past deadline: %v", err)
	}
	tr.SetReadDeadline(time.Time{})
	go func() {
		_, err := tr.Recv(bufs, out)
		errc <- err
	}()
	time.Sleep(10 * time.Millisecond)
	tr.Close()
	if err := <-errc; !errors.Is(err, os.ErrClosed) {
		t.Errorf("Recv woken by Close: %v", err)
	}
	if err := tr.Send(request(uapi.RTM_GETLINK, wire.FlagDump|wire.FlagRequest, 0)); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Send after Close: %v", err)
	}
}

// groupLink is RTNLGRP_LINK (linux/rtnetlink.h).
const groupLink = 1

func TestNotify(t *testing.T) {
	tr := rtemu.New(rtemu.Tables{GOOS: "test", Links: links(3, 0)})
	conn := ring.NewConn(tr, ring.Config{})
	defer conn.Close()
	var ev wire.Builder
	ev.Begin(uapi.RTM_NEWLINK, 0, 0)
	ev.Reserve(16)
	ev.End()
	if err := tr.Notify(groupLink, ev.Bytes()); err != nil { // not joined: dropped
		t.Fatal(err)
	}
	if err := conn.JoinGroup(groupLink); err != nil {
		t.Fatal(err)
	}
	if !tr.Joined(groupLink) {
		t.Fatal("Joined: false after JoinGroup")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s := conn.Events(ctx)
	defer s.Close()
	var wg sync.WaitGroup
	wg.Go(func() { // replies and notifications interleave
		for range 20 {
			dump(t, conn, request(uapi.RTM_GETLINK, 0, 0))
		}
	})
	for range 5 {
		if err := tr.Notify(groupLink, ev.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	for range 5 {
		if !s.Next() {
			t.Fatal(s.Err())
		}
		if typ := s.Message().Header.Type; typ != uapi.RTM_NEWLINK {
			t.Errorf("event of type %d", typ)
		}
	}
	wg.Wait()
	if err := tr.Notify(0, ev.Bytes()); err == nil {
		t.Error("Notify to group 0: no error")
	}
	if err := tr.Notify(groupLink, []byte{1, 2, 3}); !errors.Is(err, wire.ErrMalformed) {
		t.Errorf("Notify of malformed bytes: %v", err)
	}
}
