//go:build linux

package soak

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// routeKeys names routes by what identifies them and what they hold.
func routeKeys(rs []rtnl.RouteView) []string {
	ks := make([]string, 0, len(rs))
	for _, r := range rs {
		ks = append(ks, fmt.Sprint(r.Family(), r.Table(), r.Dst(), r.OIF(), r.Type(), r.Priority(), r.Gateway()))
	}
	slices.Sort(ks)
	return ks
}

func linkKeys(ls []rtnl.LinkView) []string {
	ks := make([]string, 0, len(ls))
	for _, l := range ls {
		ks = append(ks, fmt.Sprint(l.Index(), l.Name(), l.MTU(), l.Master()))
	}
	slices.Sort(ks)
	return ks
}

// cacheEqualsDump waits up to timeout for the cache to equal fresh
// dumps of links and routes, and says how they differ if it does not.
func cacheEqualsDump(ipr *rtnl.IPRoute, c *rtnl.Cache, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		links, lerr := ipr.GetLinks(context.Background())
		routes, rerr := ipr.GetRoutes(context.Background())
		if err := errors.Join(lerr, rerr); err != nil && !errors.Is(err, ring.ErrDumpInterrupted) {
			return fmt.Errorf("fresh dump: %w", err)
		}
		var diff string
		if lerr == nil && rerr == nil {
			if got, want := linkKeys(c.GetLinks()), linkKeys(links); !slices.Equal(got, want) {
				diff += fmt.Sprintf("links: cache %d, dump %d; ", len(got), len(want))
			}
			if got, want := routeKeys(c.GetRoutes()), routeKeys(routes); !slices.Equal(got, want) {
				diff += fmt.Sprintf("routes: cache %d, dump %d", len(got), len(want))
			}
			if diff == "" {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the cache differs from a fresh dump after %v: %s (stats %+v, err %v)", timeout, diff, c.Stats(), c.Err())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// openFDs counts the process's open descriptors.
func openFDs(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// backTo waits up to grace for the goroutines and descriptors to be
// back to what they were.
func backTo(goroutines, fds int, grace time.Duration, t *testing.T) error {
	deadline := time.Now().Add(grace)
	for {
		runtime.GC()
		g, f := runtime.NumGoroutine(), openFDs(t)
		if g <= goroutines && f <= fds {
			t.Logf("after: %d goroutines (before %d), %d descriptors (before %d)", g, goroutines, f, fds)
			return nil
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			return fmt.Errorf("after the soak: %d goroutines (before %d), %d descriptors (before %d)\n%s",
				g, goroutines, f, fds, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(50 * time.Millisecond)
	}
}
