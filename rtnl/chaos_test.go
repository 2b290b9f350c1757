package rtnl_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/nltest"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// fakeKernel acks every request and answers a link dump with three
// links in three datagrams.
func fakeKernel(req []byte) []nltest.Datagram {
	h, _ := wire.ParseHeader(req)
	if h.Type == uapi.RTM_GETLINK && h.Flags&wire.FlagDump == wire.FlagDump {
		ifi := make([]byte, 16)
		return nltest.Dump(req, uapi.RTM_NEWLINK, 1, false, ifi, ifi, ifi)
	}
	return []nltest.Datagram{{Data: nltest.Ack(req)}}
}

func chaosIPR(t *testing.T, cfg rtnl.ChaosConfig) *rtnl.IPRoute {
	t.Helper()
	tr := rtnl.NewChaosTransport(nltest.NewTransport(fakeKernel), cfg)
	r := rtnl.New(ring.NewConn(tr, ring.Config{}))
	t.Cleanup(func() { r.Close() })
	return r
}

// outcomes runs n link sets and returns which failed.
func outcomes(t *testing.T, cfg rtnl.ChaosConfig, n int) []bool {
	r := chaosIPR(t, cfg)
	var out []bool
	for range n {
		err := r.LinkSet(context.Background(), rtnl.Link{Index: 1, MTU: 1400})
		if err != nil && !errors.Is(err, syscall.EBUSY) {
			t.Fatalf("unexpected error %v", err)
		}
		out = append(out, err != nil)
	}
	return out
}

// TestChaosSeeded: the same seed gives the same failures; another seed
// others; the rate is about right.
func TestChaosSeeded(t *testing.T) {
	cfg := rtnl.ChaosConfig{Seed: 7, ErrorRate: 0.3}
	a, b := outcomes(t, cfg, 300), outcomes(t, cfg, 300)
	if !slices.Equal(a, b) {
		t.Fatal("the same seed gave different failures")
	}
	cfg.Seed = 8
	if slices.Equal(a, outcomes(t, cfg, 300)) {
		t.Error("another seed gave the same failures")
	}
	failed := 0
	for _, f := range a {
		if f {
			failed++
		}
	}
	if failed < 50 || failed > 130 {
		t.Errorf("%d of 300 failed at rate 0.3", failed)
	}
}

// TestChaosKinds: each kind of failure, at rate 1, as the caller sees it.
func TestChaosKinds(t *testing.T) {
	ctx := context.Background()
	t.Run("error", func(t *testing.T) {
		r := chaosIPR(t, rtnl.ChaosConfig{ErrorRate: 1, Errno: syscall.ENOMEM})
		err := r.LinkSet(ctx, rtnl.Link{Index: 1, MTU: 1400})
		var oe *wire.OpError
		if !errors.Is(err, syscall.ENOMEM) || !errors.As(err, &oe) || !strings.Contains(err.Error(), "chaos") {
			t.Fatalf("LinkSet: %v, want ENOMEM with the chaos text", err)
		}
		if _, err := r.GetLinks(ctx); !errors.Is(err, syscall.ENOMEM) {
			t.Fatalf("dump: %v", err)
		}
	})
	t.Run("drop", func(t *testing.T) {
		r := chaosIPR(t, rtnl.ChaosConfig{DropRate: 1})
		c, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if err := r.LinkSet(c, rtnl.Link{Index: 1}); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("dropped reply: %v, want the deadline", err)
		}
	})
	t.Run("overrun", func(t *testing.T) {
		r := chaosIPR(t, rtnl.ChaosConfig{OverrunRate: 1})
		if _, err := r.GetLinks(ctx); !errors.Is(err, ring.ErrOverrun) {
			t.Fatalf("dump: %v, want ErrOverrun", err)
		}
	})
	t.Run("interrupt", func(t *testing.T) {
		r := chaosIPR(t, rtnl.ChaosConfig{InterruptRate: 1})
		links, err := r.GetLinks(ctx)
		if !errors.Is(err, ring.ErrDumpInterrupted) || !ring.Retryable(err) {
			t.Fatalf("dump: %d links, %v; want ErrDumpInterrupted", len(links), err)
		}
		// An ack is no dump: never interrupted.
		if err := r.LinkSet(ctx, rtnl.Link{Index: 1}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("delay", func(t *testing.T) {
		r := chaosIPR(t, rtnl.ChaosConfig{Seed: 1, Delay: 20 * time.Millisecond})
		start := time.Now()
		for range 10 {
			if err := r.LinkSet(ctx, rtnl.Link{Index: 1}); err != nil {
				t.Fatal(err)
			}
		}
		if d := time.Since(start); d < 30*time.Millisecond {
			t.Errorf("10 requests with delays up to 20ms took %v", d)
		}
	})
}

// TestChaosRetry: ring.Retry repeats interrupted dumps until one is
// consistent, and gives up after its tries when none is.
func TestChaosRetry(t *testing.T) {
	ctx := context.Background()
	total := 0
	for seed := range uint64(20) {
		r := chaosIPR(t, rtnl.ChaosConfig{Seed: seed, InterruptRate: 0.4})
		tries := 0
		var links []rtnl.LinkView
		err := ring.Retry(ctx, 30, func() error {
			tries++
			var err error
			links, err = r.GetLinks(ctx)
			return err
		})
		if err != nil || len(links) != 3 {
			t.Fatalf("seed %d: Retry: %v after %d tries, %d links", seed, err, tries, len(links))
		}
		total += tries
	}
	if total <= 20 {
		t.Errorf("20 seeds at rate 0.4 never interrupted a dump (%d tries)", total)
	}
	always := chaosIPR(t, rtnl.ChaosConfig{InterruptRate: 1})
	tries := 0
	err := ring.Retry(ctx, 4, func() error { tries++; _, err := always.GetLinks(ctx); return err })
	if !errors.Is(err, ring.ErrDumpInterrupted) || tries != 4 {
		t.Fatalf("Retry at rate 1: %v after %d tries", err, tries)
	}
	// Injected errors are not retryable: Retry returns at once.
	busy := chaosIPR(t, rtnl.ChaosConfig{ErrorRate: 1})
	tries = 0
	err = ring.Retry(ctx, 4, func() error { tries++; _, err := busy.GetLinks(ctx); return err })
	if !errors.Is(err, syscall.EBUSY) || tries != 1 {
		t.Fatalf("Retry of EBUSY: %v after %d tries", err, tries)
	}
}

// TestDialChaos: chaos over the real kernel in a throwaway namespace.
func TestDialChaos(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := rtnl.DialChaos(rtnl.Config{NetNS: ns.Name}, rtnl.ChaosConfig{Seed: 5, InterruptRate: 0.5, ErrorRate: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i := range 10 {
		ns.Run(t, "link", "add", "cb"+string(rune('a'+i)), "type", "bridge")
	}
	var links []rtnl.LinkView
	busy, interrupted := 0, 0
	err = ring.Retry(ctx, 50, func() error {
		var err error
		links, err = r.GetLinks(ctx)
		switch {
		case errors.Is(err, syscall.EBUSY):
			busy++
			return ring.ErrDumpInterrupted // the caller's own choice: retry it too
		case errors.Is(err, ring.ErrDumpInterrupted):
			interrupted++
		}
		return err
	})
	links = slices.DeleteFunc(links, func(l rtnl.LinkView) bool { return testutil.IsTunnelFallback(l.NameString()) })
	if err != nil || len(links) != 11 {
		t.Fatalf("links through chaos: %d, %v", len(links), err)
	}
	t.Logf("%d injected errors, %d interrupted dumps before a clean one", busy, interrupted)
	always, err := rtnl.DialChaos(rtnl.Config{NetNS: ns.Name}, rtnl.ChaosConfig{ErrorRate: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer always.Close()
	if _, err := always.LinkGet(ctx, rtnl.Link{Name: "lo"}); !errors.Is(err, syscall.EBUSY) {
		t.Errorf("LinkGet at error rate 1: %v", err)
	}
	if _, err := rtnl.DialChaos(rtnl.Config{NetNS: "nlt-no-such-ns"}, rtnl.ChaosConfig{}); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("DialChaos(missing netns): %v", err)
	}
}
