package ring_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/nltest"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

const (
	rtmNewLink wire.MsgType = 16 // RTM_NEWLINK
	rtmGetLink wire.MsgType = 18 // RTM_GETLINK
)

// request builds one message of type t with flags and payload.
func request(t wire.MsgType, flags wire.HeaderFlags, payload []byte) []byte {
	var b wire.Builder
	b.Reset(nil)
	b.Begin(t, flags, 0)
	b.PutFixed(payload)
	b.End()
	return b.Bytes()
}

// payloadOf returns the payload of request req.
func payloadOf(req []byte) []byte {
	return req[wire.HeaderLen:binary.NativeEndian.Uint32(req[0:4])]
}

func collect(t *testing.T, s ring.Stream) ([]string, error) {
	t.Helper()
	var got []string
	for s.Next() {
		got = append(got, string(s.Message().Data))
	}
	return got, s.Err()
}

func TestExecAckAndError(t *testing.T) {
	c := nltest.Dial(func(req []byte) []nltest.Datagram {
		if bytes.Equal(payloadOf(req), []byte("bad!")) {
			return []nltest.Datagram{{Data: nltest.Error(req, syscall.EEXIST, "File exists here")}}
		}
		return []nltest.Datagram{{Data: nltest.Ack(req)}}
	})
	defer c.Close()
	ctx := context.Background()
	if err := c.Exec(ctx, "link add", request(rtmNewLink, 0, []byte("good"))); err != nil {
		t.Fatalf("ack: %v", err)
	}
	err := c.Exec(ctx, "link add", request(rtmNewLink, 0, []byte("bad!")))
	var oe *wire.OpError
	if !errors.As(err, &oe) || !errors.Is(err, syscall.EEXIST) || oe.Msg != "File exists here" || oe.Op != "link add" {
		t.Fatalf("error: %v (%#v)", err, err)
	}
}

func TestQueryDump(t *testing.T) {
	tests := []struct {
		name     string
		per      int
		intr     bool
		payloads []string
		wantErr  error
	}{
		{name: "one datagram", per: 10, payloads: []string{"a000", "b000", "c000"}},
		{name: "one per datagram", per: 1, payloads: []string{"a000", "b000", "c000"}},
		{name: "empty", per: 1},
		{name: "interrupted", per: 2, intr: true, payloads: []string{"a000", "b000", "c000"}, wantErr: ring.ErrDumpInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := nltest.Dial(func(req []byte) []nltest.Datagram {
				var ps [][]byte
				for _, p := range tt.payloads {
					ps = append(ps, []byte(p))
				}
				return nltest.Dump(req, rtmNewLink, tt.per, tt.intr, ps...)
			})
			defer c.Close()
			got, err := collect(t, c.Query(context.Background(), "link dump", request(rtmGetLink, wire.FlagDump, nil)))
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.payloads) && len(got)+len(tt.payloads) > 0 {
				t.Fatalf("got %q, want %q", got, tt.payloads)
			}
		})
	}
}

func TestDumpErrorInDone(t *testing.T) {
	c := nltest.Dial(func(req []byte) []nltest.Datagram {
		errno := int32(syscall.EINVAL)
		done := binary.NativeEndian.AppendUint32(nil, uint32(-errno))
		return []nltest.Datagram{{Data: nltest.Reply(req, wire.TypeDone, wire.FlagMulti, done)}}
	})
	defer c.Close()
	_, err := collect(t, c.Query(context.Background(), "route dump", request(rtmGetLink, wire.FlagDump, nil)))
	if !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("err %v, want EINVAL", err)
	}
}

func TestRetryInterrupted(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	c := nltest.Dial(func(req []byte) []nltest.Datagram {
		mu.Lock()
		calls++
		intr := calls < 3
		mu.Unlock()
		return nltest.Dump(req, rtmNewLink, 1, intr, []byte("x000"))
	})
	defer c.Close()
	ctx := context.Background()
	attempts := 0
	err := ring.Retry(ctx, 5, func() error {
		attempts++
		_, err := collect(t, c.Query(ctx, "link dump", request(rtmGetLink, wire.FlagDump, nil)))
		return err
	})
	if err != nil || attempts != 3 {
		t.Fatalf("err %v after %d attempts, want nil after 3", err, attempts)
	}
	attempts = 0
	mu.Lock()
	calls = -10
	mu.Unlock()
	err = ring.Retry(ctx, 2, func() error {
		attempts++
		_, err := collect(t, c.Query(ctx, "link dump", request(rtmGetLink, wire.FlagDump, nil)))
		return err
	})
	if !errors.Is(err, ring.ErrDumpInterrupted) || attempts != 2 {
		t.Fatalf("err %v after %d attempts, want interrupted after 2", err, attempts)
	}
}

func TestForeignRepliesIgnored(t *testing.T) {
	c := nltest.Dial(func(req []byte) []nltest.Datagram {
		other := bytes.Clone(req)
		binary.NativeEndian.PutUint32(other[8:12], 0xdead) // a sequence nobody waits for
		foreignPort := nltest.Error(req, syscall.EPERM, "from another port")
		binary.NativeEndian.PutUint32(foreignPort[12:16], 777)
		return []nltest.Datagram{
			{Data: nltest.Error(req, syscall.EPERM, "wrong sender"), PortID: 99},
			{Data: nltest.Error(other, syscall.EPERM, "wrong seq")},
			{Data: foreignPort},
			{Data: nltest.Ack(req)},
		}
	})
	defer c.Close()
	if err := c.Exec(context.Background(), "link set", request(rtmNewLink, 0, nil)); err != nil {
		t.Fatalf("got %v, want the ack", err)
	}
}

func TestOverrun(t *testing.T) {
	c := nltest.Dial(func(req []byte) []nltest.Datagram {
		return []nltest.Datagram{{Err: syscall.ENOBUFS}}
	})
	defer c.Close()
	err := c.Exec(context.Background(), "link set", request(rtmNewLink, 0, nil))
	if !errors.Is(err, ring.ErrOverrun) {
		t.Fatalf("got %v, want ErrOverrun", err)
	}
}

func TestBatch(t *testing.T) {
	for _, maxSend := range []int{1 << 20, 100, 20} {
		t.Run(fmt.Sprint(maxSend), func(t *testing.T) {
			tr := nltest.NewTransport(func(req []byte) []nltest.Datagram {
				if bytes.Equal(payloadOf(req), []byte("0007")) {
					return []nltest.Datagram{{Data: nltest.Error(req, syscall.EINVAL, "bad seven")}}
				}
				return []nltest.Datagram{{Data: nltest.Ack(req)}}
			})
			tr.MaxSend = maxSend
			c := tr.Conn(ring.Config{})
			defer c.Close()
			var b wire.Builder
			b.Reset(nil)
			for i := range 20 {
				b.Begin(rtmNewLink, 0, 0)
				b.PutFixed(fmt.Appendf(nil, "%04d", i))
				b.End()
			}
			results := make([]error, 20)
			failed, err := c.Batch(context.Background(), "link add", b.Bytes(), results)
			if err != nil || failed != 1 {
				t.Fatalf("failed %d err %v", failed, err)
			}
			for i, r := range results {
				if (i == 7) != (r != nil) {
					t.Errorf("result %d: %v", i, r)
				}
			}
			var oe *wire.OpError
			if !errors.As(results[7], &oe) || oe.Msg != "bad seven" || !errors.Is(oe, syscall.EINVAL) {
				t.Errorf("result 7: %v", results[7])
			}
			if want := map[int]int{1 << 20: 1, 100: 4, 20: 20}[maxSend]; tr.Sends() != want {
				t.Errorf("%d sends, want %d", tr.Sends(), want)
			}
		})
	}
}

func TestConcurrentRequests(t *testing.T) {
	// The fake holds every reply back until a few requests are in flight
	// and delivers them in reverse, so replies arrive out of order.
	c := nltest.Dial(func(req []byte) []nltest.Datagram {
		p := payloadOf(req)
		return nltest.Dump(req, rtmNewLink, 1, false, p, p)
	})
	defer c.Close()
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := range 20 {
				want := fmt.Sprintf("%04d%04d", g, i)
				got, err := collect(t, c.Dump(context.Background(), "get", request(rtmGetLink, 0, []byte(want))))
				if err != nil || len(got) != 2 || got[0] != want || got[1] != want {
					t.Errorf("goroutine %d: got %q, %v; want %s twice", g, got, err, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestCancelAndClose(t *testing.T) {
	c := nltest.Dial(func(req []byte) []nltest.Datagram { return nil }) // never answers
	ctx, cancel := context.WithCancel(context.Background())
	ev := c.Events(ctx)
	done := make(chan error, 1)
	go func() {
		for ev.Next() {
		}
		done <- ev.Err()
	}()
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) || time.Since(start) > 500*time.Millisecond {
		t.Fatalf("events: %v after %v", err, time.Since(start))
	}

	const n = 8
	errs := make(chan error, n)
	for range n {
		go func() { errs <- c.Exec(context.Background(), "link set", request(rtmNewLink, 0, nil)) }()
	}
	time.Sleep(20 * time.Millisecond)
	start = time.Now()
	c.Close()
	for range n {
		if err := <-errs; !errors.Is(err, ring.ErrClosed) {
			t.Errorf("waiter: %v, want ErrClosed", err)
		}
	}
	if time.Since(start) > 500*time.Millisecond {
		t.Errorf("waiters took %v to return", time.Since(start))
	}
	if err := c.Exec(context.Background(), "x", request(rtmNewLink, 0, nil)); !errors.Is(err, ring.ErrClosed) {
		t.Errorf("after close: %v", err)
	}
}

func TestDeadline(t *testing.T) {
	c := nltest.Dial(func(req []byte) []nltest.Datagram { return nil })
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := c.Exec(ctx, "x", request(rtmNewLink, 0, nil)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
}

func TestTruncatedGrows(t *testing.T) {
	big := bytes.Repeat([]byte("z"), 3000)
	c := nltest.NewTransport(func(req []byte) []nltest.Datagram {
		return nltest.Dump(req, rtmNewLink, 1, false, []byte("s000"), big, []byte("e000"))
	}).Conn(ring.Config{BufferSize: 512, Buffers: 2})
	defer c.Close()
	ctx := context.Background()
	attempts := 0
	var got []string
	err := ring.Retry(ctx, 3, func() error {
		attempts++
		var err error
		got, err = collect(t, c.Query(ctx, "link dump", request(rtmGetLink, wire.FlagDump, nil)))
		if attempts == 1 && !errors.Is(err, ring.ErrTruncated) {
			t.Errorf("first attempt: %v, want truncation", err)
		}
		return err
	})
	if err != nil || attempts != 2 || len(got) != 3 || got[1] != string(big) {
		t.Fatalf("err %v attempts %d got %d messages", err, attempts, len(got))
	}
	if c.BufferSize() < 3000 || c.Stats().Truncated != 1 {
		t.Errorf("buffer size %d, %d truncations", c.BufferSize(), c.Stats().Truncated)
	}
}

func TestEventsAndBusy(t *testing.T) {
	tr := nltest.NewTransport(func(req []byte) []nltest.Datagram { return nil })
	c := tr.Conn(ring.Config{})
	defer c.Close()
	ctx := context.Background()
	ev := c.Events(ctx)
	defer ev.Close()
	if other := c.Events(ctx); !errors.Is(other.Err(), ring.ErrBusy) {
		t.Fatalf("second stream: %v", other.Err())
	}
	note := request(rtmNewLink, 0, []byte("evnt"))
	tr.Inject(nltest.Datagram{Data: note, Groups: 1})
	if !ev.Next() || string(ev.Message().Data) != "evnt" || ev.Datagram().Groups != 1 {
		t.Fatalf("event: %v %q", ev.Err(), ev.Message().Data)
	}
	tr.Inject(nltest.Datagram{Err: syscall.ENOBUFS})
	if ev.Next() || !errors.Is(ev.Err(), ring.ErrOverrun) {
		t.Fatalf("overrun: %v", ev.Err())
	}
}
