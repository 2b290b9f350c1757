package ring_test

import (
	"context"
	"errors"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/nltest"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// TestTransportFailureFailsEveryWaiter: when the transport's receive
// fails with an error that is neither a deadline, an overrun nor a close
// (a remote agent gone), every request in flight ends with it — not only
// the one that happened to be reading — and the dump slot is released,
// so the next dump works.
func TestTransportFailureFailsEveryWaiter(t *testing.T) {
	var silent atomic.Bool
	silent.Store(true)
	tr := nltest.NewTransport(func(req []byte) []nltest.Datagram {
		if silent.Load() {
			return nil // the replies never come
		}
		return nltest.Dump(req, rtmNewLink, 1, false, []byte("a000"))
	})
	c := tr.Conn(ring.Config{})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	errs := make(chan error, 2)
	go func() {
		s := c.Dump(ctx, "link dump", request(rtmGetLink, wire.FlagDump, make([]byte, 16)))
		for s.Next() {
		}
		errs <- s.Err()
	}()
	go func() { errs <- c.Exec(ctx, "link set", request(rtmNewLink, 0, nil)) }()
	time.Sleep(50 * time.Millisecond)
	tr.Inject(nltest.Datagram{Err: syscall.EIO})
	for range 2 {
		select {
		case err := <-errs:
			if !errors.Is(err, syscall.EIO) {
				t.Errorf("waiter ended with %v, want EIO", err)
			}
		case <-ctx.Done():
			t.Fatal("a waiter was left hanging after the transport failed")
		}
	}

	silent.Store(false)
	s := c.Dump(ctx, "link dump", request(rtmGetLink, wire.FlagDump, make([]byte, 16)))
	n := 0
	for s.Next() {
		n++
	}
	if err := s.Err(); err != nil || n != 1 {
		t.Fatalf("dump after the failure: %d messages, %v", n, err)
	}
}
