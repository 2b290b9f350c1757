package rtnl_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// feedTally counts what a consumer of Changes received.
type feedTally struct {
	mu         sync.Mutex
	got, lost  map[string]uint64 // by kind, "resync" for resyncs
	lostEvents int
	badLost    string
}

func (f *feedTally) add(ch rtnl.Change) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case ch.Lost != nil:
		f.lostEvents++
		sum := ch.Lost.Resyncs
		for k, n := range ch.Lost.ByKind {
			f.lost[k] += n
			sum += n
		}
		f.lost["resync"] += ch.Lost.Resyncs
		if sum != ch.Lost.Total || sum == 0 {
			f.badLost = "a Lost whose counts do not add up to its Total, or are 0"
		}
	case ch.Resync != nil:
		f.got["resync"]++
	default:
		f.got[ch.Kind]++
	}
}

// balanced reports whether every notification sent of each kind was
// received or reported lost.
func (f *feedTally) balanced(c *rtnl.Cache, kinds ...string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range kinds {
		if f.got[k]+f.lost[k] != rtnl.CacheSent(c, k) {
			return false
		}
	}
	return true
}

// TestCacheChangesLoseNothingSilently: a burst of 20,000 routes added
// from another socket, read by a consumer too slow for it through a small
// Changes channel: every notification the cache sent either arrives or
// is counted in a Lost, exactly, per kind; Stats().Dropped agrees; and
// the tables hold every route all the same.
func TestCacheChangesLoseNothingSilently(t *testing.T) {
	ns, ipr := monitorNS(t)
	c, err := rtnl.NewCache(context.Background(), ipr, rtnl.CacheConfig{Kinds: []string{"route"}, Notify: 64})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	base := c.Len("route")
	f := &feedTally{got: map[string]uint64{}, lost: map[string]uint64{}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for n := 0; ; n++ {
			select {
			case ch := <-c.Changes():
				f.add(ch)
				if n%64 == 0 {
					time.Sleep(time.Millisecond) // slower than the burst
				}
			case <-stop:
				return
			}
		}
	})
	defer wg.Wait()
	defer close(stop)

	writer, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name, Ring: ring.PipelineConfig(ring.Config{})})
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	const n, chunk = 20000, 5000
	for i := 0; i < n; i += chunk {
		runBatch(t, writer, routeBatch(100, i, chunk, false))
	}
	deadline := time.Now().Add(20 * time.Second)
	for c.Len("route") != base+n || !f.balanced(c, "route", "resync") {
		if time.Now().After(deadline) {
			f.mu.Lock()
			t.Fatalf("after 20s: %d routes cached (want %d); received %v, lost %v, sent route %d resync %d",
				c.Len("route"), base+n, f.got, f.lost, rtnl.CacheSent(c, "route"), rtnl.CacheSent(c, "resync"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.badLost != "" {
		t.Error(f.badLost)
	}
	total := f.lost["route"] + f.lost["resync"]
	if total == 0 || f.lostEvents == 0 {
		t.Errorf("no loss with a 64-slot channel and a slow consumer: received %v", f.got)
	}
	if d := c.Stats().Dropped; d != total {
		t.Errorf("Stats().Dropped = %d, the Lost reports count %d", d, total)
	}
	t.Logf("sent %d route and %d resync notifications: received %v, lost %v in %d reports",
		rtnl.CacheSent(c, "route"), rtnl.CacheSent(c, "resync"), f.got, f.lost, f.lostEvents)
}
