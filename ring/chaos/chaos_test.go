package chaos_test

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
	"github.com/nlroute/nlroute/ring/chaos"
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

func chaosIPR(t *testing.T, cfg chaos.Config) *rtnl.IPRoute {
	t.Helper()
	tr := chaos.Wrap(nltest.NewTransport(fakeKernel), cfg)
	r := rtnl.New(ring.NewConn(tr, ring.Config{}))
	t.Cleanup(func() { r.Close() })
	return r
}

// outcomes runs n link sets and returns which failed.
func outcomes(t *testing.T, cfg chaos.Config, n int) []bool {
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
	cfg := chaos.Config{Seed: 7, ErrorRate: 0.3}
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
		r := chaosIPR(t, chaos.Config{ErrorRate: 1, Errno: syscall.ENOMEM})
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
		r := chaosIPR(t, chaos.Config{DropRate: 1})
		c, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if err := r.LinkSet(c, rtnl.Link{Index: 1}); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("dropped reply: %v, want the deadline", err)
		}
	})
	t.Run("overrun", func(t *testing.T) {
		r := chaosIPR(t, chaos.Config{OverrunRate: 1})
		if _, err := r.GetLinks(ctx); !errors.Is(err, ring.ErrOverrun) {
			t.Fatalf("dump: %v, want ErrOverrun", err)
		}
	})
	t.Run("interrupt", func(t *testing.T) {
		r := chaosIPR(t, chaos.Config{InterruptRate: 1})
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
		r := chaosIPR(t, chaos.Config{Seed: 1, Delay: 20 * time.Millisecond})
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
		r := chaosIPR(t, chaos.Config{Seed: seed, InterruptRate: 0.4})
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
	always := chaosIPR(t, chaos.Config{InterruptRate: 1})
	tries := 0
	err := ring.Retry(ctx, 4, func() error { tries++; _, err := always.GetLinks(ctx); return err })
	if !errors.Is(err, ring.ErrDumpInterrupted) || tries != 4 {
		t.Fatalf("Retry at rate 1: %v after %d tries", err, tries)
	}
	// Injected errors are not retryable: Retry returns at once.
	busy := chaosIPR(t, chaos.Config{ErrorRate: 1})
	tries = 0
	err = ring.Retry(ctx, 4, func() error { tries++; _, err := busy.GetLinks(ctx); return err })
	if !errors.Is(err, syscall.EBUSY) || tries != 1 {
		t.Fatalf("Retry of EBUSY: %v after %d tries", err, tries)
	}
}

func TestMain(m *testing.M) { testutil.Main(m) }

// TestWrapUnderConn: the wrapper needs no rtnl: a bare Conn over it
// meets the injected error, the extended-ack text included.
func TestWrapUnderConn(t *testing.T) {
	c := ring.NewConn(chaos.Wrap(nltest.NewTransport(fakeKernel), chaos.Config{ErrorRate: 1, Errno: syscall.EPERM}), ring.Config{})
	defer c.Close()
	var b wire.Builder
	b.Reset(nil)
	b.Begin(uapi.RTM_SETLINK, wire.FlagRequest|wire.FlagAck, 1)
	b.PutFixed(make([]byte, 16))
	b.End()
	err := c.Exec(context.Background(), "link set", b.Bytes())
	if !errors.Is(err, syscall.EPERM) || !strings.Contains(err.Error(), "chaos: injected error") {
		t.Fatalf("Exec through chaos: %v, want EPERM with the chaos text", err)
	}
}
