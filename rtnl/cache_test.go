package rtnl_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// keySet returns the cache keys of msgs of kind, sorted.
func keySet(kind string, msgs []*codec.Msg) []string {
	var out []string
	for _, m := range msgs {
		if k, ok := rtnl.KeyOf(kind, m); ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// dumpKeys dumps kind through r and returns its key set.
func dumpKeys(t *testing.T, r *rtnl.IPRoute, kind string) []string {
	t.Helper()
	ctx := context.Background()
	var msgs []*codec.Msg
	var err error
	collect := func(vs []*codec.Msg) { msgs = append(msgs, vs...) }
	switch kind {
	case "link":
		it := r.Links(ctx)
		var vs []*codec.Msg
		vs, err = it.Iter.Collect()
		collect(vs)
	case "addr":
		it := r.Addrs(ctx)
		var vs []*codec.Msg
		vs, err = it.Iter.Collect()
		collect(vs)
	case "route":
		it := r.Routes(ctx)
		var vs []*codec.Msg
		vs, err = it.Iter.Collect()
		collect(vs)
	case "neigh":
		it := r.Neighbours(ctx)
		var vs []*codec.Msg
		vs, err = it.Iter.Collect()
		collect(vs)
	case "rule":
		it := r.Rules(ctx)
		var vs []*codec.Msg
		vs, err = it.Iter.Collect()
		collect(vs)
	case "nexthop":
		it := r.Nexthops(ctx)
		var vs []*codec.Msg
		vs, err = it.Iter.Collect()
		collect(vs)
	}
	if err != nil && kind != "nexthop" {
		t.Fatalf("%s dump: %v", kind, err)
	}
	return keySet(kind, msgs)
}

// cacheKeys returns the cache's key set of kind.
func cacheKeys(c *rtnl.Cache, kind string) []string {
	s := c.Snapshot()
	var msgs []*codec.Msg
	switch kind {
	case "link":
		for _, v := range s.Links {
			msgs = append(msgs, v.Msg())
		}
	case "addr":
		for _, v := range s.Addrs {
			msgs = append(msgs, v.Msg())
		}
	case "route":
		for _, v := range s.Routes {
			msgs = append(msgs, v.Msg())
		}
	case "neigh":
		for _, v := range s.Neighbours {
			msgs = append(msgs, v.Msg())
		}
	case "rule":
		for _, v := range s.Rules {
			msgs = append(msgs, v.Msg())
		}
	case "nexthop":
		for _, v := range s.Nexthops {
			msgs = append(msgs, v.Msg())
		}
	}
	return keySet(kind, msgs)
}

// diffKeys describes how two sorted key sets differ, "" when equal.
func diffKeys(cache, dump []string) string {
	in := map[string]int{}
	for _, k := range cache {
		in[k]++
	}
	for _, k := range dump {
		in[k]--
	}
	extra, missing := 0, 0
	for _, n := range in {
		if n > 0 {
			extra += n
		} else if n < 0 {
			missing -= n
		}
	}
	if extra == 0 && missing == 0 {
		return ""
	}
	return fmt.Sprintf("cache %d, dump %d: %d extra, %d missing", len(cache), len(dump), extra, missing)
}

// waitConsistent waits until the cache's kinds equal fresh dumps.
func waitConsistent(t *testing.T, c *rtnl.Cache, r *rtnl.IPRoute, timeout time.Duration, kinds ...string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var diff string
		for _, k := range kinds {
			if d := diffKeys(cacheKeys(c, k), dumpKeys(t, r, k)); d != "" {
				diff += k + ": " + d + "; "
			}
		}
		if diff == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("cache differs from a fresh dump after %v: %s (stats %+v, err %v)", timeout, diff, c.Stats(), c.Err())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestCacheObjects(t *testing.T) {
	ns, ipr := monitorNS(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := rtnl.NewCache(ctx, ipr, rtnl.CacheConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, ok := c.Link(1); !ok {
		t.Error("the loopback link is not in the cache")
	}
	ns.Run(t, "link", "add", "c0", "type", dummyKind())
	ns.Run(t, "link", "set", "c0", "up")
	ns.Run(t, "addr", "add", "10.1.0.1/24", "dev", "c0")
	ns.Run(t, "route", "add", "10.2.0.0/24", "via", "10.1.0.254", "table", "100")
	ns.Run(t, "neigh", "add", "10.1.0.2", "lladdr", "02:00:00:00:00:02", "dev", "c0")
	ns.Run(t, "rule", "add", "from", "10.3.0.0/16", "table", "100", "pref", "500")
	if _, err := ns.TryRun("nexthop", "add", "id", "5", "via", "10.1.0.3", "dev", "c0"); err != nil {
		t.Logf("no next-hop objects here: %v", err)
	}
	all := rtnl.CacheKindNames()
	waitConsistent(t, c, ipr, 20*time.Second, all...)
	if n := c.Len("rule"); n < 4 {
		t.Errorf("%d rules cached", n)
	}
	// A link going down takes IPv4 routes with it silently; a deleted
	// link takes everything.
	ns.Run(t, "link", "set", "c0", "down")
	waitConsistent(t, c, ipr, 20*time.Second, all...)
	ns.Run(t, "link", "set", "c0", "up")
	ns.Run(t, "route", "add", "10.4.0.0/24", "dev", "c0")
	ns.Run(t, "link", "del", "c0")
	waitConsistent(t, c, ipr, 20*time.Second, all...)
	var resyncs, changes int
	for len(c.Changes()) > 0 {
		ch := <-c.Changes()
		if ch.Resync != nil {
			resyncs++
			t.Logf("resync: %s %v in %v (err %v)", ch.Resync.Reason, ch.Resync.Kinds, ch.Resync.Took, ch.Resync.Err)
		} else {
			changes++
		}
	}
	if changes == 0 || resyncs == 0 {
		t.Errorf("%d changes and %d resyncs notified", changes, resyncs)
	}
	c.Close()
	if c.Err() == nil {
		t.Error("Err is nil after Close")
	}
}

// TestMonitorCacheChurn is the acceptance test: while a writer adds and
// deletes routes as fast as batches go, a default-mode subscriber counts
// every event or reports an overrun, and a cache ends equal to a fresh
// dump, with a receive buffer small enough to overflow and with one
// large enough not to.
func TestMonitorCacheChurn(t *testing.T) {
	n := 100000
	if testing.Short() {
		n = 10000
	}
	for _, tc := range []struct {
		name string
		buf  int
	}{{"small", 4096}, {"large", 512 << 20}} {
		t.Run(tc.name, func(t *testing.T) { churn(t, n, tc.buf, tc.name == "large") })
	}
}

func churn(t *testing.T, n, buf int, wantNoLoss bool) {
	ns, writer := monitorNS(t)
	reader, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name, Ring: ring.PipelineConfig(ring.Config{})})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mcfg := rtnl.MonitorConfig{ReadBuffer: buf}
	mon, err := writer.Bind(ctx, rtnl.MonitorConfig{ReadBuffer: mcfg.ReadBuffer, NetNS: mcfg.NetNS, Groups: []string{"route"}})
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	c, err := rtnl.NewCache(context.Background(), reader, rtnl.CacheConfig{Kinds: []string{"route"}, Monitor: mcfg, Notify: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	var events, overruns atomic.Int64
	var monErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		for mon.Next() {
			ev := mon.Event()
			if ev.IsOverrun() {
				overruns.Add(1)
			} else if r, ok := ev.Route(); ok && r.Table() == 100 {
				events.Add(1)
			}
		}
		monErr = mon.Err()
	}()
	start := time.Now()
	const chunk = 5000
	for i := 0; i < n; i += chunk {
		runBatch(t, writer, routeBatch(100, i, min(chunk, n-i), false))
	}
	for i := 0; i < n/2; i += chunk {
		runBatch(t, writer, routeBatch(100, i, min(chunk, n/2-i), true))
	}
	wrote := time.Since(start)
	want := int64(n + n/2)
	quiet, last := time.Now(), events.Load()
	for events.Load() < want && time.Since(quiet) < 3*time.Second {
		time.Sleep(10 * time.Millisecond)
		if e := events.Load(); e != last {
			quiet, last = time.Now(), e
		}
	}
	got, ovs := events.Load(), overruns.Load()
	t.Logf("%d changes written in %v (%.0f/s); subscriber: %d events, %d overruns, stats %+v",
		want, wrote, float64(want)/wrote.Seconds(), got, ovs, mon.Stats())
	switch {
	case got > want:
		t.Errorf("%d events for %d changes", got, want)
	case got < want && ovs == 0:
		t.Errorf("%d of %d events, and no overrun reported", got, want)
	case wantNoLoss && got != want:
		t.Errorf("large buffer: %d of %d events (%d overruns)", got, want, ovs)
	}
	cancel()
	<-done
	if monErr != nil && !errors.Is(monErr, context.Canceled) {
		t.Errorf("monitor ended: %v", monErr)
	}
	waitConsistent(t, c, reader, 120*time.Second, "route")
	st := c.Stats()
	t.Logf("cache: %d routes, stats %+v", c.Len("route"), st)
	if wantNoLoss && st.Monitor.Overruns != 0 {
		t.Errorf("large buffer: the cache overran %d times", st.Monitor.Overruns)
	}
	if routes := countTable(c, 100); routes != n-n/2 {
		t.Errorf("cache holds %d routes of table 100, want %d", routes, n-n/2)
	}
}

func countTable(c *rtnl.Cache, table rtnl.RouteTable) int {
	k := 0
	for _, r := range c.GetRoutes() {
		if r.Table() == table && r.Family() == uapi.AF_INET {
			k++
		}
	}
	return k
}
