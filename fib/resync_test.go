package fib_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/nlroute/nlroute/fib"
)

// TestResyncCoalesced: floods of outside changes while a Sync holds the
// FIB (its OnResult blocks it here) overrun the monitor's tiny buffer;
// the monitor goes on reading meanwhile (it queues what it cannot apply)
// and the resyncs asked are coalesced into one, run after the Sync, not
// one full dump per overrun.
func TestResyncCoalesced(t *testing.T) {
	l := newLab(t)
	release := make(chan struct{})
	held := make(chan struct{}, 1)
	f := l.fib(t, fib.Config{Protocol: 200, MonitorReadBuffer: 4096, OnResult: func(fib.Result) {
		select {
		case held <- struct{}{}:
			<-release
		default:
		}
	}})
	routes := []fib.Route{rt("10.1.0.0/24", gw("192.0.2.2"))}
	synced := make(chan error, 1)
	go func() {
		_, err := f.Sync(l.ctx, seq(routes))
		synced <- err
	}()
	<-held
	// Three floods of outside notifications, each far beyond the
	// monitor's buffer: an overrun each, the monitor reading between.
	const floods = 3
	for k := range floods {
		var adds []string
		for i := range 1500 {
			adds = append(adds, fmt.Sprintf("route add 10.%d.%d.0/24 via 192.0.2.3 proto static", 100+k*8+i/256, i%256))
		}
		l.ns.Batch(t, adds...)
		time.Sleep(200 * time.Millisecond)
	}
	close(release)
	if err := <-synced; err != nil {
		t.Fatal(err)
	}
	var s fib.Stats
	eventually(t, "the monitor quiet", func() bool {
		a := f.Stats()
		time.Sleep(50 * time.Millisecond)
		s = f.Stats()
		return a.Overruns == s.Overruns && a.Resyncs == s.Resyncs && s.Resyncs > 0
	})
	t.Logf("overruns %d, resyncs %d, foreign %d", s.Overruns, s.Resyncs, s.Foreign)
	// The monitor kept reading: it overran (or its queue of events
	// waiting for the FIB overflowed) maybe many times, and one resync
	// after the Sync covered them all.
	if s.Resyncs != 1 {
		t.Fatalf("%d resyncs for %d overruns during one Sync: want 1", s.Resyncs, s.Overruns)
	}
	if s.Foreign < floods*1500 {
		t.Fatalf("the resync found %d foreign routes, want the %d added", s.Foreign, floods*1500)
	}
	l.mustEqual(t, routes, 200)
}
