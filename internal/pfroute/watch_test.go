package pfroute_test

import (
	"context"
	"errors"
	"io"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/pfroute"
	"github.com/nlroute/nlroute/internal/rtemu"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// The watcher end to end: routing messages fed through a fake routing
// socket come out of ring.Conn.Events as RTNL notifications, in order,
// each in a datagram addressed to its group, once the Conn joined it.
// testutil.Main fails the package when a watcher goroutine outlives its
// transport.

func TestMain(m *testing.M) { testutil.Main(m) }

// fakeSocket is a routing socket whose reads return what the test sends
// on msgs, or the error sent on errs.
type fakeSocket struct {
	msgs   chan []byte
	errs   chan error
	closed chan struct{}
	once   sync.Once
}

func newFakeSocket() *fakeSocket {
	return &fakeSocket{msgs: make(chan []byte), errs: make(chan error), closed: make(chan struct{})}
}

func (f *fakeSocket) Read(p []byte) (int, error) {
	select {
	case m := <-f.msgs:
		return copy(p, m), nil
	case err := <-f.errs:
		return 0, err
	case <-f.closed:
		return 0, os.ErrClosed
	}
}

func (f *fakeSocket) Close() error {
	f.once.Do(func() { close(f.closed) })
	return nil
}

// isClosed reports whether the watcher closed the socket.
func (f *fakeSocket) isClosed() bool {
	select {
	case <-f.closed:
		return true
	default:
		return false
	}
}

// watching returns a Conn over a FreeBSD transport monitored through
// the socket sock, and counts the opens of the socket.
func watching(t *testing.T, sock *fakeSocket, openErr error) (*ring.Conn, *int) {
	opens := new(int)
	tab := pfroute.Tables(pfroute.FreeBSD, func(pfroute.Sysctl) ([]byte, error) { return nil, nil })
	tab.Watch = pfroute.Watch(pfroute.FreeBSD, func() (pfroute.Source, error) {
		*opens++
		if openErr != nil {
			return nil, openErr
		}
		return sock, nil
	})
	c := ring.NewConn(rtemu.New(tab), ring.Config{})
	t.Cleanup(func() { c.Close() })
	return c, opens
}

// event is a received notification: type, group mask, JSON body.
type event struct {
	typ    wire.MsgType
	groups uint32
	json   string
}

// expected translates msgs directly, keeping what the groups select.
func expected(t *testing.T, msgs [][]byte, groups ...uint32) []event {
	t.Helper()
	var out []event
	for _, m := range msgs {
		var b wire.Builder
		n, err := pfroute.AppendNotification(&b, pfroute.FreeBSD, m, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range groups {
			if n.Group == g && n.Type != 0 {
				out = append(out, decodeEvent(t, b.Bytes(), 1<<(g-1)))
			}
		}
	}
	return out
}

func decodeEvent(t *testing.T, raw []byte, groups uint32) event {
	t.Helper()
	it := wire.NewMessages(raw)
	if !it.Next() {
		t.Fatalf("no message in %x", raw)
	}
	var m codec.Msg
	if err := m.Reset(codec.SchemaFor(it.Message().Header.Type), it.Message()); err != nil {
		t.Fatal(err)
	}
	return event{it.Message().Header.Type, groups, bodyJSON(&m)}
}

// receive reads n events from s.
func receive(t *testing.T, s *ring.Stream, n int) []event {
	t.Helper()
	var out []event
	for len(out) < n && s.Next() {
		m := s.Message()
		var c codec.Msg
		if err := c.Reset(codec.SchemaFor(m.Header.Type), m); err != nil {
			t.Fatal(err)
		}
		if h := m.Header; h.Flags != 0 || h.Seq != 0 {
			t.Errorf("header %+v: want flags 0, seq 0", h)
		}
		out = append(out, event{m.Header.Type, s.Datagram().Groups, bodyJSON(&c)})
	}
	if len(out) < n {
		t.Fatalf("got %d events, want %d: %v", len(out), n, s.Err())
	}
	return out
}

func TestWatchEvents(t *testing.T) {
	sock := newFakeSocket()
	c, opens := watching(t, sock, nil)
	if *opens != 0 {
		t.Fatal("socket opened before any group was joined")
	}
	groups := []uint32{uapi.RTNLGRP_LINK, uapi.RTNLGRP_IPV4_ROUTE, uapi.RTNLGRP_NEIGH}
	for _, g := range groups {
		if err := c.JoinGroup(g); err != nil {
			t.Fatal(err)
		}
	}
	if *opens != 1 {
		t.Fatalf("socket opened %d times, want 1", *opens)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s := c.Events(ctx)
	defer s.Close()

	for _, m := range pfroute.FreeBSDEvents {
		sock.msgs <- m
	}
	// IPv4 addresses and IPv6 routes were not joined: skipped.
	want := expected(t, pfroute.FreeBSDEvents, groups...)
	if len(want) != 7 {
		t.Fatalf("%d expected events, want 7", len(want))
	}
	got := receive(t, &s, len(want))
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	wantTypes := []wire.MsgType{uapi.RTM_NEWLINK, uapi.RTM_NEWLINK, uapi.RTM_NEWROUTE, uapi.RTM_NEWNEIGH,
		uapi.RTM_DELNEIGH, uapi.RTM_DELROUTE, uapi.RTM_DELLINK}
	for i, e := range got {
		if e.typ != wantTypes[i] {
			t.Errorf("event %d: type %d, want %d", i, e.typ, wantTypes[i])
		}
	}

	// A joined group later gets its events too, through the same socket.
	if err := c.JoinGroup(uapi.RTNLGRP_IPV4_IFADDR); err != nil {
		t.Fatal(err)
	}
	sock.msgs <- pfroute.FreeBSDEvents[2] // RTM_NEWADDR
	if got := receive(t, &s, 1); got[0] != expected(t, pfroute.FreeBSDEvents[2:3], uapi.RTNLGRP_IPV4_IFADDR)[0] {
		t.Errorf("address event %+v", got[0])
	}
	if *opens != 1 {
		t.Fatalf("socket opened %d times, want 1", *opens)
	}

	c.Close()
	if !sock.isClosed() {
		t.Error("closing the Conn left the routing socket open")
	}
}

func TestWatchReadErrors(t *testing.T) {
	sock := newFakeSocket()
	c, _ := watching(t, sock, nil)
	if err := c.JoinGroup(uapi.RTNLGRP_LINK); err != nil {
		t.Fatal(err)
	}
	s := c.Events(context.Background())
	defer s.Close()
	sock.errs <- syscall.ENOBUFS // overflowed: retried
	sock.errs <- syscall.EINTR
	sock.msgs <- []byte{1, 2, 3} // malformed: skipped
	sock.msgs <- pfroute.FreeBSDEvents[0]
	if got := receive(t, &s, 1); got[0].typ != uapi.RTM_NEWLINK {
		t.Fatalf("event %+v", got[0])
	}
	sock.errs <- io.ErrUnexpectedEOF // the end of the monitor
	select {
	case sock.msgs <- pfroute.FreeBSDEvents[0]:
		t.Fatal("the watcher read on after a fatal error")
	case <-time.After(50 * time.Millisecond):
	}
	c.Close() // stops nothing more, closes the socket
	if !sock.isClosed() {
		t.Error("socket left open")
	}
}

func TestWatchOpenError(t *testing.T) {
	boom := errors.New("no routing socket")
	c, opens := watching(t, nil, boom)
	if err := c.JoinGroup(uapi.RTNLGRP_LINK); !errors.Is(err, boom) {
		t.Fatalf("join: %v, want %v", err, boom)
	}
	if err := c.JoinGroup(uapi.RTNLGRP_LINK); !errors.Is(err, boom) || *opens != 2 {
		t.Fatalf("second join: %v after %d opens, want a retry", err, *opens)
	}
}

func TestWatchJoinAfterClose(t *testing.T) {
	sock := newFakeSocket()
	c, opens := watching(t, sock, nil)
	c.Close()
	if err := c.JoinGroup(uapi.RTNLGRP_LINK); err == nil || *opens != 0 {
		t.Fatalf("join after close: %v, %d opens", err, *opens)
	}
}

func TestWatchCloseRace(t *testing.T) {
	for range 50 {
		sock := newFakeSocket()
		c, _ := watching(t, sock, nil)
		var wg sync.WaitGroup
		wg.Go(func() { c.JoinGroup(uapi.RTNLGRP_LINK) })
		wg.Go(func() { c.Close() })
		wg.Wait()
		// Either the join started the watcher and Close stopped it, or
		// Close came first and the join failed; no goroutine is left
		// either way (testutil.Main checks), and the socket is closed
		// if it was opened.
		if err := c.JoinGroup(uapi.RTNLGRP_LINK); err == nil {
			t.Fatal("join after close succeeded")
		}
	}
}
