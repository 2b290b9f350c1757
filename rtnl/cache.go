package rtnl

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// cacheKinds are the kinds of CacheKindNames, indexed by cacheKind.
var cacheKinds = [...]string{"link", "addr", "route", "neigh", "rule", "nexthop"}

// CacheKindNames returns the objects a [Cache] can mirror, in the order
// it dumps them, in a new slice; NewCache with no kinds mirrors them all.
func CacheKindNames() []string { return slices.Clone(cacheKinds[:]) }

// cacheKind indexes Cache tables.
type cacheKind int

const (
	kLink cacheKind = iota
	kAddr
	kRoute
	kNeigh
	kRule
	kNexthop
	numKinds
)

// kindGroups are the groups each kind needs.
var kindGroups = [numKinds][]string{
	kLink: {"link"}, kAddr: {"address"}, kRoute: {"route"},
	kNeigh: {"neigh"}, kRule: {"rule"}, kNexthop: {"nexthop"},
}

// CacheConfig holds the options of [NewCache]. The zero value is
// what NewCache uses.
type CacheConfig struct {
	// Kinds names what the cache mirrors (see [CacheKindNames]); none
	// means all.
	Kinds []string

	// Monitor configures the cache's Monitor (namespace, receive
	// buffer). Its Filter and Groups must not be set: the cache must see
	// every change of what it mirrors, and joins the groups that carry
	// them itself.
	Monitor MonitorConfig

	// Notify is the capacity of the Changes channel; 0 means 4096, a
	// negative value turns notifications off.
	Notify int

	// MinBackoff and MaxBackoff bound the wait before a resync: after an
	// overrun the cache waits MinBackoff (0: 50ms) since the previous
	// resync, doubling the wait, up to MaxBackoff (0: 5s), each time an
	// overrun follows a resync closely, and going back to MinBackoff
	// once resyncs are rare again.
	MinBackoff, MaxBackoff time.Duration
}

// Cache keeps a live mirror of kernel objects, as pyroute2's
// bind(async_cache=True): it binds a [Monitor] first, then dumps every
// kind it mirrors, then applies each event as it arrives, in a goroutine
// of its own. Objects are keyed by their identity:
//
//	link     ifindex
//	addr     ifindex, family, prefix length, IFA_LOCAL, IFA_ADDRESS
//	route    family, table, dst/len, src/len, tos, priority; + RTA_OIF for an IPv6 route without RTA_MULTIPATH
//	neigh    family, ifindex, NDA_DST (IPv4 and IPv6 entries; not FDB, not proxies, not NOARP)
//	rule     the whole rule (header and every selector)
//	nexthop  NHA_ID
//
// Routes are those of IPv4 and IPv6, without cached clones. Two routes
// that share a key (ip route append) are one entry. Neighbours in state
// NUD_NOARP (multicast, broadcast, point-to-point) are left out: the
// kernel creates them without a notification.
//
// Divergence is never silent. When the Monitor reports an overrun, the
// cache waits (rate-limited, see CacheConfig), moves the Monitor to a
// fresh socket, dumps every kind again, and replaces its tables: events
// queued after the fresh bind are applied on top, which makes the result
// exact. The kernel removes IPv4 routes and next-hop objects without
// notifications when a link goes down or away, and changes route flags
// when its carrier does; a link event that changes IFF_UP or
// IFF_LOWER_UP, or deletes a link, makes the cache drop the link's
// dependents it knows of and re-dump the routes and next hops. Each resync is announced on Changes with its reason and
// counted in Stats.
//
// Readers get consistent snapshots: every stored message is an owned
// clone that is never modified, so the views the readers return may be
// kept and read from any goroutine; a reader holds a read lock only while
// it copies the table's pointers. Routes are the exception, being many:
// they are stored compactly (a fixed-size key per route, the rest of the
// message interned and shared by every route of the same shape: 45 B per
// IPv4 route, 84 B per IPv6 route at a million), so GetRoutes and
// Snapshot rebuild owned copies of them, while RangeRoutes walks them
// without allocating. A route read back has its header's flags, sequence
// and port zeroed.
//
// Changes never blocks the goroutine applying events, and loses nothing
// silently: a notification that finds the channel full is counted, and
// the counts are delivered as a Change with Lost set as soon as the
// channel has room (see [Lost]). Every notification either arrives or
// is counted in exactly one Lost; the tables hold every change all the
// same, so a reader that gets a Lost re-reads what it lost from them.
//
// Cancelling the context given to NewCache, or Close, stops the goroutine
// and closes the socket; Done is closed then, and Err tells why.
type Cache struct {
	r     *IPRoute
	mon   *Monitor
	cfg   CacheConfig
	kinds [numKinds]bool

	mu     sync.RWMutex
	tabs   [numKinds]map[string]*codec.Msg // every kind but routes
	routes routeStore
	gen    uint64

	notes  chan Change
	cancel context.CancelFunc
	done   chan struct{}
	err    error // set before done is closed

	// The applier goroutine's own state.
	key        []byte
	linkFlags  map[int32]uint32
	lastResync time.Time
	backoff    time.Duration

	dropped, resyncs, applied atomic.Uint64
	resyncNanos               atomic.Int64

	feed lossFeed // the notifications Changes could not hold
}

// Change is one notification of a Cache: an object added or changed
// (Type RTM_NEW…), removed (RTM_DEL…), or a resync (Resync set).
type Change struct {
	Kind   string       // "link", "addr", "route", "neigh", "rule", "nexthop"; "" for a resync
	Type   wire.MsgType // the event's message type
	Msg    *codec.Msg   // the object: owned, read-only, valid forever
	Resync *Resync      // set for a resync
	Lost   *Lost        // set for a report of notifications Changes could not hold
}

// Resync describes a resynchronisation: why, of what, how long it took.
type Resync struct {
	Reason  string   // "overrun", "dump interrupted", "link change"
	Kinds   []string // the kinds dumped again
	Took    time.Duration
	Overrun Overrun // the overrun that caused it; zero unless Reason is "overrun"
	Err     error   // a dump that failed: it is retried after the backoff
}

// CacheStats counts a Cache's work.
type CacheStats struct {
	Applied    uint64        // events applied
	Resyncs    uint64        // resyncs done
	ResyncTime time.Duration // the duration of the last resync
	Dropped    uint64        // notifications Changes could not hold (each reported in a Lost)
	Monitor    MonitorStats  // the Monitor's counters
}

// NewCache starts a cache over r, whose connection it uses for its
// dumps: it binds a Monitor ([IPRoute.Bind] with cfg.Monitor, whose
// groups it sets itself), dumps every kind of cfg.Kinds (see
// [CacheKindNames]; none means all), and returns once the first dumps are in,
// with the goroutine that applies events running. Errors: an unknown
// kind, the Monitor's, or a dump's.
func NewCache(ctx context.Context, r *IPRoute, cfg CacheConfig) (*Cache, error) {
	if cfg.Monitor.Filter != nil {
		return nil, errors.New("rtnl: cache: MonitorConfig.Filter must be nil")
	}
	if cfg.Monitor.Groups != nil {
		return nil, errors.New("rtnl: cache: MonitorConfig.Groups must be nil (the cache joins the groups of its Kinds)")
	}
	c := &Cache{r: r, cfg: cfg, done: make(chan struct{}), linkFlags: map[int32]uint32{}}
	if err := c.parseKinds(cfg.Kinds); err != nil {
		return nil, err
	}
	c.fillDefaults()
	groups := []string{"link"} // link events drive route resyncs
	for k := range numKinds {
		if c.kinds[k] && k != kLink {
			groups = append(groups, kindGroups[k]...)
		}
	}
	mctx, cancel := context.WithCancel(ctx)
	mcfg := cfg.Monitor
	mcfg.Groups = groups
	mon, err := r.Bind(mctx, mcfg)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("rtnl: cache: %w", err)
	}
	c.mon, c.cancel = mon, cancel
	if err := c.dumpAll(mctx); err != nil {
		cancel()
		mon.Close()
		return nil, fmt.Errorf("rtnl: cache: %w", err)
	}
	c.startFeed(mctx)
	go c.run(mctx)
	return c, nil
}

func (c *Cache) parseKinds(kinds []string) error {
	if len(kinds) == 0 {
		kinds = cacheKinds[:]
	}
	for _, n := range kinds {
		k := kindIndex(n)
		if k < 0 {
			return fmt.Errorf("rtnl: cache: unknown kind %q", n)
		}
		c.kinds[k] = true
	}
	return nil
}

func kindIndex(name string) cacheKind {
	for i, n := range cacheKinds {
		if n == name {
			return cacheKind(i)
		}
	}
	return -1
}

func (c *Cache) fillDefaults() {
	if c.cfg.Notify == 0 {
		c.cfg.Notify = 4096
	}
	if c.cfg.Notify > 0 {
		c.notes = make(chan Change, c.cfg.Notify)
	}
	if c.cfg.MinBackoff <= 0 {
		c.cfg.MinBackoff = 50 * time.Millisecond
	}
	if c.cfg.MaxBackoff <= 0 {
		c.cfg.MaxBackoff = 5 * time.Second
	}
	c.backoff = c.cfg.MinBackoff
}

// run applies events until the Monitor ends.
func (c *Cache) run(ctx context.Context) {
	defer func() {
		c.cancel() // ends the loss reporter
		<-c.feed.done
		c.mon.Close()
		close(c.done)
	}()
	var pending [numKinds]bool
	var reason string
	var ov Overrun
	for {
		if reason != "" {
			err := c.resync(ctx, pending, reason, ov)
			if ctx.Err() != nil {
				c.err = ctx.Err()
				return
			}
			if err == nil {
				reason, ov, pending = "", Overrun{}, [numKinds]bool{}
			} else {
				c.growBackoff()
			}
			continue
		}
		if !c.mon.Next() {
			c.err = c.mon.Err()
			return
		}
		ev := c.mon.Event()
		if ev.IsOverrun() {
			reason, ov, pending = "overrun", ev.Overrun(), c.kinds
			c.overranAt()
			continue
		}
		if c.apply(ev) && (c.kinds[kRoute] || c.kinds[kNexthop]) {
			pending[kRoute], pending[kNexthop] = c.kinds[kRoute], c.kinds[kNexthop]
			if reason == "" { // a pending overrun resync covers it
				reason = "link change"
			}
		}
	}
}

// overranAt adjusts the backoff for an overrun: doubled when it follows
// the last resync closely, back to the minimum otherwise.
func (c *Cache) overranAt() {
	if !c.lastResync.IsZero() && time.Since(c.lastResync) < 2*c.backoff {
		c.growBackoff()
		return
	}
	c.backoff = c.cfg.MinBackoff
}

func (c *Cache) growBackoff() { c.backoff = min(2*c.backoff, c.cfg.MaxBackoff) }

// resync dumps the pending kinds again, after waiting for the backoff;
// for an overrun it first moves the Monitor to a fresh socket, so only
// events newer than the dump are applied on top of it.
func (c *Cache) resync(ctx context.Context, pending [numKinds]bool, reason string, ov Overrun) error {
	if wait := time.Until(c.lastResync.Add(c.backoff)); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	if reason != "link change" {
		if err := c.mon.rebind(); err != nil {
			return err
		}
	}
	start := time.Now()
	rs := &Resync{Reason: reason}
	if reason == "overrun" {
		rs.Overrun = ov
	}
	var err error
	for k := range numKinds {
		if !pending[k] {
			continue
		}
		rs.Kinds = append(rs.Kinds, cacheKinds[k])
		if err = c.dumpKind(ctx, k); err != nil {
			break
		}
	}
	c.lastResync = time.Now()
	rs.Took, rs.Err = c.lastResync.Sub(start), err
	if errors.Is(err, ring.ErrDumpInterrupted) {
		rs.Reason, rs.Overrun = "dump interrupted", Overrun{}
	}
	if err == nil {
		c.resyncs.Add(1)
		c.resyncNanos.Store(int64(rs.Took))
	}
	c.notify(Change{Resync: rs})
	return err
}

// dumpAll dumps every kind mirrored, retrying an interrupted dump.
func (c *Cache) dumpAll(ctx context.Context) error {
	for k := range numKinds {
		if !c.kinds[k] && (k != kLink || !(c.kinds[kRoute] || c.kinds[kNexthop])) {
			continue // links are dumped for routes' sake too: their flags
		}
		var err error
		for range 5 {
			if err = c.dumpKind(ctx, k); !errors.Is(err, ring.ErrDumpInterrupted) {
				break
			}
		}
		if err != nil {
			return err
		}
	}
	c.lastResync = time.Now()
	return nil
}

// dumpKind dumps kind k into a new table and swaps it in.
func (c *Cache) dumpKind(ctx context.Context, k cacheKind) error {
	it := c.dumpIter(ctx, k)
	defer it.Close()
	tab := map[string]*codec.Msg{}
	var routes routeStore
	for it.Next() {
		m := it.Msg()
		if key, ok := c.keyOf(k, m); ok && k == kRoute {
			routes.put(m, key)
		} else if ok {
			tab[string(key)] = m.Clone()
		}
		if k == kLink {
			c.linkFlags[LinkView{m}.indexI32()] = LinkView{m}.Flags()
		}
	}
	if err := it.Err(); err != nil {
		if k == kNexthop && unsupported(err) {
			err = nil // a kernel without next-hop objects has none
		} else {
			return err
		}
	}
	if !c.kinds[k] {
		return nil
	}
	c.mu.Lock()
	if k == kRoute {
		routes.tmp = nil
		c.routes = routes
	} else {
		c.tabs[k] = tab
	}
	c.gen++
	c.mu.Unlock()
	return nil
}

func (c *Cache) dumpIter(ctx context.Context, k cacheKind) *Iter {
	var it *Iter
	switch k {
	case kLink:
		x := c.r.Links(ctx)
		it = &x.Iter
	case kAddr:
		x := c.r.Addrs(ctx)
		it = &x.Iter
	case kRoute:
		x := c.r.Routes(ctx)
		it = &x.Iter
	case kNeigh:
		x := c.r.Neighbours(ctx)
		it = &x.Iter
	case kRule:
		x := c.r.Rules(ctx)
		it = &x.Iter
	default:
		x := c.r.Nexthops(ctx)
		it = &x.Iter
	}
	return it
}

func (l LinkView) indexI32() int32 {
	checkView(l.m, "LinkView")
	return int32(l.Index())
}

// Close stops the cache and waits for its goroutine to end. The tables
// stay readable. It returns nil.
func (c *Cache) Close() error {
	c.cancel()
	<-c.done
	return nil
}

// Done is closed when the cache stops: its context was cancelled, Close
// was called, or its Monitor failed (Err).
func (c *Cache) Done() <-chan struct{} { return c.done }

// Err returns why the cache stopped (the context's error after a
// cancellation), or nil while it runs.
func (c *Cache) Err() error {
	select {
	case <-c.done:
		return c.err
	default:
		return nil
	}
}

// Changes returns the notification channel (nil when CacheConfig.Notify
// turned notifications off). It is never closed; select on Done too.
func (c *Cache) Changes() <-chan Change { return c.notes }

// Stats returns the cache's counters; safe from any goroutine.
func (c *Cache) Stats() CacheStats {
	return CacheStats{
		Applied:    c.applied.Load(),
		Resyncs:    c.resyncs.Load(),
		ResyncTime: time.Duration(c.resyncNanos.Load()),
		Dropped:    c.dropped.Load(),
		Monitor:    c.mon.Stats(),
	}
}
