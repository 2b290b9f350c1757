//go:build linux

package soak

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// workers is how many goroutines share the IPRoute.
const workers = 32

// soakLength is how long the load runs: NLTEST_SOAK, or 30s.
func soakLength(t *testing.T) time.Duration {
	d := 30 * time.Second
	if s := os.Getenv("NLTEST_SOAK"); s != "" {
		var err error
		if d, err = time.ParseDuration(s); err != nil || d <= 0 || d > 90*time.Second {
			t.Fatalf("NLTEST_SOAK=%q: want a duration from 0 to 90s", s)
		}
	}
	return d
}

// counts are what the soak did, for the log and the checks.
type counts struct {
	dumps, interrupted, iters, writes, events, batches atomic.Int64
}

func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("the soak runs in the host lane (go test without -short)")
	}
	ns := testutil.NewNetNS(t)
	kind := "dummy"
	if !testutil.HasKernel("link:dummy") {
		kind = "ifb"
	}
	ns.Batch(t, "link add s0 type "+kind, "link set s0 up", "addr add 10.50.0.1/16 dev s0",
		"link add s1 type "+kind, "link set s1 up")
	idx := ns.IfIndex(t, "s0")
	runtime.GC()
	goroutines, fds := runtime.NumGoroutine(), openFDs(t)

	length := soakLength(t)
	var c counts
	func() {
		ctx, cancel := context.WithTimeout(context.Background(), length)
		defer cancel()
		ipr, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path})
		if err != nil {
			t.Fatal(err)
		}
		defer ipr.Close()
		cctx, ccancel := context.WithCancel(context.Background())
		defer ccancel()
		cache, err := rtnl.NewCache(cctx, ipr, rtnl.CacheConfig{Kinds: []string{"link", "route"}})
		if err != nil {
			t.Fatal(err)
		}
		defer cache.Close()
		mon, err := ipr.Bind(cctx, rtnl.MonitorConfig{Groups: []string{"link", "ipv4_route"}})
		if err != nil {
			t.Fatal(err)
		}
		defer mon.Close()

		var wg sync.WaitGroup
		errc := make(chan error, workers+2)
		wg.Add(1)
		go func() { defer wg.Done(); errc <- monitor(mon, &c) }()
		wg.Add(1)
		go func() { defer wg.Done(); errc <- writer(ctx, t, ns.Name, &c) }()
		for w := range workers {
			wg.Add(1)
			go func() { defer wg.Done(); errc <- work(ctx, ipr, w, idx, &c) }()
		}
		<-ctx.Done()
		mon.Close() // ends the monitor goroutine
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Error(err)
			}
		}
		t.Logf("%v: %d dumps (%d interrupted, retried), %d iterator dumps, %d typed writes, %d ip -batch runs, %d monitor events; cache stats %+v",
			length, c.dumps.Load(), c.interrupted.Load(), c.iters.Load(), c.writes.Load(), c.batches.Load(), c.events.Load(), cache.Stats())
		if c.dumps.Load() == 0 || c.writes.Load() == 0 || c.batches.Load() == 0 || c.events.Load() == 0 {
			t.Error("some part of the load did nothing")
		}
		if err := cacheEqualsDump(ipr, cache, 20*time.Second); err != nil {
			t.Error(err)
		}
	}()
	if err := backTo(goroutines, fds, 5*time.Second, t); err != nil {
		t.Error(err)
	}
}

// work is one of the 32 goroutines: by its number, dumps of slices,
// iterator dumps, or typed route and link writes, until ctx is done.
func work(ctx context.Context, ipr *rtnl.IPRoute, w, idx int, c *counts) error {
	bg := context.Background() // a request under way finishes: no half-cancelled dumps to report
	for k := 0; ctx.Err() == nil; k++ {
		var err error
		switch w % 4 {
		case 0:
			switch k % 3 {
			case 0:
				_, err = ipr.GetLinks(bg)
			case 1:
				_, err = ipr.GetRoutes(bg)
			default:
				_, err = ipr.GetAddrs(bg)
			}
			c.dumps.Add(1)
		case 1:
			it := ipr.Routes(bg, rtnl.Match{"table": 200})
			for it.Next() {
				_ = it.View().Dst()
			}
			err = it.Close()
			c.iters.Add(1)
		case 2:
			dst := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(100 + w), byte(k % 200), 0}), 24)
			rt := rtnl.Route{Dst: dst, OIF: idx, Table: 300}
			if err = ipr.RouteAdd(bg, rt); err == nil {
				err = ipr.RouteDel(bg, rt)
			}
			c.writes.Add(2)
		default:
			err = ipr.LinkSet(bg, rtnl.Link{Index: int32(idx), MTU: uint32(1400 + (w+k)%100)})
			c.writes.Add(1)
		}
		if errors.Is(err, ring.ErrDumpInterrupted) {
			c.interrupted.Add(1)
			continue
		}
		if err != nil {
			return fmt.Errorf("worker %d, round %d: %w", w, k, err)
		}
	}
	return nil
}

// monitor counts the monitor's events until it is closed.
func monitor(mon *rtnl.Monitor, c *counts) error {
	for mon.Next() {
		_ = mon.Event().String()
		c.events.Add(1)
	}
	if err := mon.Err(); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, os.ErrClosed) && !strings.Contains(err.Error(), "closed") {
		return fmt.Errorf("monitor: %w", err)
	}
	return nil
}

// writer is the other process: ip -batch adding, then deleting, 500
// routes of table 200 on s1, as fast as it goes, until ctx is done.
func writer(ctx context.Context, t *testing.T, ns string, c *counts) error {
	dir := t.TempDir()
	var add, del strings.Builder
	for i := range 500 {
		fmt.Fprintf(&add, "route add 10.200.%d.%d/32 dev s1 table 200\n", i/250, i%250)
		fmt.Fprintf(&del, "route del 10.200.%d.%d/32 dev s1 table 200\n", i/250, i%250)
	}
	files := [2]string{filepath.Join(dir, "add"), filepath.Join(dir, "del")}
	for i, s := range []string{add.String(), del.String()} {
		if err := os.WriteFile(files[i], []byte(s), 0o644); err != nil {
			return err
		}
	}
	for i := 0; ctx.Err() == nil; i++ {
		// Not CommandContext: a batch killed half-way is fine, but one
		// that runs to its end keeps the table's state simple.
		if out, err := exec.Command("ip", "-n", ns, "-batch", files[i%2]).CombinedOutput(); err != nil {
			return fmt.Errorf("ip -batch %s: %v: %s", filepath.Base(files[i%2]), err, out)
		}
		c.batches.Add(1)
	}
	return nil
}
