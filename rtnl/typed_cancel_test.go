package rtnl_test

import (
	"context"
	"errors"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nlroute/nlroute/nltest"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// TestTypedCallCancel: a typed call blocked on a reply that never comes
// returns promptly when its context is cancelled or expires, whether it is
// the goroutine receiving or one waiting behind it, and the cancellation
// does not cut short another call blocked on the same connection.
func TestTypedCallCancel(t *testing.T) {
	r := rtnl.New(nltest.Dial(func(req []byte) []nltest.Datagram { return nil })) // never answers
	defer r.Close()
	rt := rtnl.Route{Dst: netip.MustParsePrefix("10.9.0.0/24"), Gateway: netip.MustParseAddr("10.0.0.2")}

	// Rounds 0 and 1 block alone: the cancelled call is the receiving
	// goroutine, woken by the watcher. Later rounds wait behind a call
	// that is never cancelled, which may be the one receiving.
	other := make(chan error, 1)
	for round := range 4 {
		if round == 2 {
			go func() { other <- r.RouteAdd(context.Background(), rt) }()
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- r.RouteAdd(ctx, rt) }()
		time.Sleep(20 * time.Millisecond)
		start := time.Now()
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("round %d: cancelled call returned %v, want context.Canceled", round, err)
			}
			if d := time.Since(start); d > 500*time.Millisecond {
				t.Errorf("round %d: cancelled call took %v to return", round, d)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("round %d: cancelled call still blocked after 2s", round)
		}
	}

	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := r.LinkSet(ctx, rtnl.Link{Index: 1, State: rtnl.LinkUp}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("expired call returned %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 550*time.Millisecond {
		t.Errorf("expired call took %v to return", d)
	}

	select {
	case err := <-other:
		t.Fatalf("the uncancelled call returned %v while its context lives", err)
	default:
	}
	r.Close()
	select {
	case err := <-other:
		if !errors.Is(err, ring.ErrClosed) {
			t.Errorf("uncancelled call after Close: %v, want ring.ErrClosed", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("uncancelled call still blocked 2s after Close")
	}
}

// TestTypedCallCancelSteady: after many calls under one cancellable
// context (the watcher keeps waiting on its Done channel between them),
// cancelling that context still unblocks a call stuck on a reply.
func TestTypedCallCancelSteady(t *testing.T) {
	var stall atomic.Bool
	r := rtnl.New(nltest.Dial(func(req []byte) []nltest.Datagram {
		if stall.Load() {
			return nil
		}
		return []nltest.Datagram{{Data: nltest.Ack(req)}}
	}))
	defer r.Close()
	rt := rtnl.Route{Dst: netip.MustParsePrefix("10.9.0.0/24"), Gateway: netip.MustParseAddr("10.0.0.2")}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range 100 {
		if err := r.RouteAdd(ctx, rt); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	stall.Store(true)
	done := make(chan error, 1)
	go func() { done <- r.RouteAdd(ctx, rt) }()
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || time.Since(start) > 500*time.Millisecond {
			t.Errorf("cancelled call: %v after %v", err, time.Since(start))
		}
	case <-time.After(2 * time.Second):
		t.Fatal("cancelled call still blocked after 2s")
	}
}
