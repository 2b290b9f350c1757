package main

// The fib workload's namespaces, one per tool and of the same shape, and
// what looks into them: a monitor counting and timing the route
// notifications, and dumps counting the routes and the routes via a peer.

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/rtnl"
)

// fibNS is one tool's throwaway namespace: lo up and a veth pair fb0/fb1
// up, fb0 holding fibLocal on fibPeerNet, so the fibPeers gateways are
// reachable on-link through fb0.
type fibNS struct {
	name string
	dev  string
	oif  int
	ipr  *rtnl.IPRoute // for dumps
}

// With compat ≥ 0 it sets net.ipv4.nexthop_compat_mode in the namespace
// (1, the default, makes the kernel notify every route of a nexthop
// object that changes, found by walking the table; 0 notifies only the
// object).
func newFibNS(tool string, compat int) (*fibNS, error) {
	ns := &fibNS{name: fmt.Sprintf("nlbench-fib-%s-%d", tool, os.Getpid()), dev: "fb0"}
	if err := netns.Create(ns.name); err != nil {
		return nil, fmt.Errorf("nlbench: %w", err)
	}
	e := &env{ns: ns.name}
	err := e.batch("link set lo up", "link add fb0 type veth peer name fb1", "link set fb0 up",
		"link set fb1 up", fmt.Sprintf("addr add %s/%d dev fb0", fibLocal, fibPeerNet.Bits()))
	if err == nil && compat >= 0 {
		err = netns.Named(ns.name).Do(func() error {
			return os.WriteFile("/proc/sys/net/ipv4/nexthop_compat_mode", []byte(strconv.Itoa(compat)), 0)
		})
	}
	if err != nil {
		netns.Remove(ns.name)
		return nil, err
	}
	out, err := ipCmd("-n", ns.name, "-o", "link", "show", "dev", "fb0")
	if err == nil {
		idx, _, _ := strings.Cut(out, ":")
		ns.oif, err = strconv.Atoi(strings.TrimSpace(idx))
	}
	if err == nil {
		ns.ipr, err = rtnl.Dial(rtnl.Config{NetNS: ns.name})
	}
	if err != nil {
		netns.Remove(ns.name)
		return nil, fmt.Errorf("nlbench: fib namespace %s: %w", ns.name, err)
	}
	return ns, nil
}

// close empties the namespace's table, then removes it. The kernel frees
// a removed namespace's routes later, in a worker holding the RTNL lock:
// a million of them would stall the next tool's timed phases (and every
// other netlink user on the machine) for seconds, so they go first, here,
// between the phases.
func (ns *fibNS) close() {
	if ns.ipr != nil {
		ns.ipr.Close()
	}
	ipCmd("-n", ns.name, "nexthop", "flush") // takes the routes on them along
	ipCmd("-n", ns.name, "-4", "route", "flush", "table", "main")
	netns.Remove(ns.name)
}

// peerMask is the bit of the peer gateway a is (bit 32 for any other
// address).
func peerMask(a netip.Addr) uint64 {
	if !fibPeerNet.Contains(a) {
		return 1 << 32
	}
	i := int(a.As4()[3]) - 1
	if i < 0 || i >= fibPeers {
		return 1 << 32
	}
	return 1 << i
}

// verify dumps the main table's IPv4 routes of protocol proto and
// compares them with want, each route's peers read from its gateway, its
// multipath hops, or its nexthop object or group. It returns how many
// routes are missing, extra or on other peers.
func (ns *fibNS) verify(ctx context.Context, proto rtnl.RouteProtocol, t *fibTable, want []fibEntry) (int, error) {
	it := ns.ipr.Nexthops(ctx)
	nhs, err := it.Collect()
	if err != nil {
		return 0, fmt.Errorf("nexthop dump: %w", err)
	}
	nhMask := map[uint32]uint64{}
	for _, n := range nhs {
		if !n.IsGroup() {
			nhMask[n.ID()] = peerMask(n.Gateway())
		}
	}
	for _, n := range nhs {
		for i := range n.Group() {
			id, _ := n.GroupMember(i)
			nhMask[n.ID()] |= nhMask[id]
		}
	}
	wantMask := make(map[uint64]uint64, len(want))
	for _, e := range want {
		for _, p := range t.sets[e.set] {
			wantMask[e.key()] |= 1 << p
		}
	}
	bad, good := 0, 0
	routes := ns.ipr.Routes(ctx, rtnl.Match{"family": 2, "table": 254})
	defer routes.Close()
	for routes.Next() {
		r := routes.View()
		if r.Proto() != proto {
			continue
		}
		m := nhMask[r.NHID()]
		if r.NHID() == 0 {
			hops := r.Multipath()
			for hops.Next() {
				m |= peerMask(hops.Hop().Gateway())
			}
			if r.Gateway().IsValid() {
				m |= peerMask(r.Gateway())
			}
		}
		if w, ok := wantMask[prefixKey(r.Dst())]; ok && w == m {
			good++
		} else {
			bad++
		}
	}
	return bad + len(want) - good, routes.Err()
}

// watchEvent is one route notification the watch recorded.
type watchEvent struct {
	key uint64
	del bool
	at  time.Duration // since the watch's mark
}

// fibWatch is a monitor on a namespace's IPv4 route and nexthop
// notifications: it counts them, and between record and stop it keeps
// each route notification's prefix and time.
type fibWatch struct {
	mon      *rtnl.Monitor
	done     chan struct{}
	newRt    atomic.Int64
	delRt    atomic.Int64
	nh       atomic.Int64
	overruns atomic.Int64
	mu       sync.Mutex
	mark     time.Time
	rec      bool
	events   []watchEvent
}

// watch starts a monitor in ns with a 256 MiB receive buffer (a million
// notifications without an overrun).
func (ns *fibNS) watch(ctx context.Context) (*fibWatch, error) {
	mon, err := ns.ipr.Bind(ctx, rtnl.MonitorConfig{Groups: []string{"ipv4_route", "nexthop"}, ReadBuffer: 256 << 20})
	if err != nil {
		return nil, fmt.Errorf("monitor in %s: %w", ns.name, err)
	}
	w := &fibWatch{mon: mon, done: make(chan struct{})}
	go w.loop()
	return w, nil
}

func (w *fibWatch) loop() {
	defer close(w.done)
	for w.mon.Next() {
		ev := w.mon.Event()
		if ev.IsOverrun() {
			w.overruns.Add(1)
			continue
		}
		if _, ok := ev.Nexthop(); ok {
			w.nh.Add(1)
			continue
		}
		r, ok := ev.Route()
		if !ok || r.Table() != 254 || r.Proto() == rtnl.ProtoKernel {
			continue
		}
		if ev.IsDel() {
			w.delRt.Add(1)
		} else {
			w.newRt.Add(1)
		}
		w.mu.Lock()
		if w.rec {
			w.events = append(w.events, watchEvent{key: prefixKey(r.Dst()), del: ev.IsDel(), at: time.Since(w.mark)})
		}
		w.mu.Unlock()
	}
}

// reset zeroes the counters; with rec it records events from now on,
// their times from now.
func (w *fibWatch) reset(rec bool) {
	w.mu.Lock()
	w.newRt.Store(0)
	w.delRt.Store(0)
	w.nh.Store(0)
	w.overruns.Store(0)
	w.mark, w.rec, w.events = time.Now(), rec, w.events[:0]
	w.mu.Unlock()
}

// recorded stops recording and returns the events.
func (w *fibWatch) recorded() []watchEvent {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.rec = false
	return w.events
}

// changes is how many route notifications (new and deleted) and nexthop
// notifications arrived since reset.
func (w *fibWatch) changes() (routes, nexthops int64) {
	return w.newRt.Load() + w.delRt.Load(), w.nh.Load()
}

// quiet waits until no notification has arrived for idle, or until
// limit has passed.
func (w *fibWatch) quiet(idle, limit time.Duration) {
	end := time.Now().Add(limit)
	last, lastAt := int64(-1), time.Now()
	for time.Now().Before(end) {
		r, n := w.changes()
		if r+n != last {
			last, lastAt = r+n, time.Now()
		} else if time.Since(lastAt) >= idle {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (w *fibWatch) close() {
	w.mon.Close()
	<-w.done
}
