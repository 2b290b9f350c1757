package rtnl_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nlroute/nlroute/rtnl"
)

// TestMonitorErrCleanClose: a Monitor ended by Close reports no error;
// one ended by its context reports the context's error.
func TestMonitorErrCleanClose(t *testing.T) {
	_, ipr := monitorNS(t)
	mon, err := ipr.Bind(context.Background(), rtnl.MonitorConfig{Groups: []string{"link"}})
	if err != nil {
		t.Fatal(err)
	}
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		for mon.Next() {
		}
	}()
	time.Sleep(20 * time.Millisecond)
	if err := mon.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	<-ended
	if err := mon.Err(); err != nil {
		t.Errorf("Err after a clean Close = %v, want nil", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	mon, err = ipr.Bind(ctx, rtnl.MonitorConfig{Groups: []string{"link"}})
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	cancel()
	for mon.Next() {
	}
	if err := mon.Err(); err != context.Canceled {
		t.Errorf("Err after cancellation = %v, want context.Canceled", err)
	}
}

// TestCacheResyncOverrunOnlyForOverrun: a resync caused by an overrun
// carries it; a later "link change" resync carries a zero Overrun, not
// the previous one.
func TestCacheResyncOverrunOnlyForOverrun(t *testing.T) {
	ns, ipr := monitorNS(t)
	ns.Batch(t, "link add d0 type veth peer name d1", "link set d0 up", "link set d1 up",
		"addr add 10.200.0.1/24 dev d0", "route add 10.201.0.0/24 dev d0")
	c, err := rtnl.NewCache(context.Background(), ipr, rtnl.CacheConfig{
		Kinds:   []string{"link", "route"},
		Monitor: rtnl.MonitorConfig{ReadBuffer: 4096}, // overflows under a burst
		Notify:  1 << 16,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	resyncs := make(chan *rtnl.Resync, 64)
	go func() {
		for {
			select {
			case ch := <-c.Changes():
				if ch.Resync != nil {
					resyncs <- ch.Resync
				}
			case <-c.Done():
				return
			}
		}
	}()
	wait := func(reasons ...string) *rtnl.Resync {
		t.Helper()
		timeout := time.After(20 * time.Second)
		for {
			select {
			case rs := <-resyncs:
				if rs.Err == nil && slices.Contains(reasons, rs.Reason) {
					return rs
				}
			case <-timeout:
				t.Fatalf("no %q resync in 20s (cache err %v)", reasons, c.Err())
				return nil
			}
		}
	}

	const n, chunk = 20000, 5000
	for i := 0; i < n; i += chunk {
		runBatch(t, ipr, routeBatch(100, i, chunk, false))
	}
	if rs := wait("overrun"); rs.Overrun.Count == 0 {
		t.Errorf("overrun resync without its Overrun: %+v", rs)
	}
	// A link's removal makes the routes over it resync ("link change").
	// Under load the burst may overrun again meanwhile, and a pending
	// overrun resync covers the link change: then try again.
	for i := range 5 {
		name := "d0"
		if i > 0 {
			name = fmt.Sprintf("e%d", i)
			ns.Batch(t, "link add "+name+" type veth peer name "+name+"p", "link set "+name+" up",
				fmt.Sprintf("route add 10.202.%d.0/24 dev %s", i, name))
		}
		ns.Run(t, "link", "del", name)
		rs := wait("link change", "overrun")
		if rs.Reason == "link change" {
			if rs.Overrun != (rtnl.Overrun{}) {
				t.Errorf("link change resync carries an overrun: %+v", rs.Overrun)
			}
			return
		}
	}
	t.Error("no link change resync in 5 tries")
}
