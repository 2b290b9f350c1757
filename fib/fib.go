// Package fib keeps a kernel routing table equal to a desired set of
// routes, as a route daemon needs: the fewest kernel operations through
// churn, restarts and outside interference.
//
// Start with [New] (which adopts the routes of our protocol already in
// the table, for a graceful restart), then [FIB.Sync] with the whole
// desired set or [FIB.Update] with announcements and withdrawals, and
// [FIB.ReplaceGateway] when a peer goes away. [FIB.Stats] counts what
// was done; [FIB.Close] stops the monitor.
//
// The FIB touches only the routes of its table, protocol and metric.
// Routes with the same next-hop set share one nexthop group where the
// kernel has nexthop objects (Linux 5.3), so moving every route off a
// peer is one group replace per next-hop set; elsewhere next hops are
// written inline. Its own state is a compact prefix table: a map entry
// of a few bytes per route and one interned next-hop set per distinct
// set of next hops, with no heap object per route.
//
// A group replace is one request, but with net.ipv4.nexthop_compat_mode
// at the kernel's default of 1 the kernel then notifies every route over
// the group, which takes seconds at a million routes (6.4 s for 38,307
// routes moved in a 1M table, against 0.004 s with mode 0: nlbench fib in
// bench/RESULTS.md). Config.NexthopCompat = [NexthopCompatOff] sets mode 0
// in the FIB's namespace; it is not the default because the setting is the
// namespace's, and programs that read routes' hops from notifications
// must then follow nexthop objects as well.
//
// The example below, and ipr route sync (`ipr help`), show it in use.
package fib

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/nlroute/nlroute/rtnl"
)

// Nexthop is one next hop of a route: a gateway, an interface, or both.
type Nexthop struct {
	Gateway netip.Addr
	Ifindex int
	Weight  uint16 // the hop's share in an ECMP set, 1 … 256; 0 is 1
}

// Route is a desired route: a prefix and its next hops (more than one is
// ECMP).
type Route struct {
	Prefix   netip.Prefix
	Nexthops []Nexthop
}

// Change is one announcement (Withdraw false) or withdrawal of a route;
// a withdrawal reads only Route.Prefix.
type Change struct {
	Route    Route
	Withdraw bool
}

// NexthopMode says how next hops are written.
type NexthopMode uint8

// Next-hop modes.
const (
	// NexthopAuto uses nexthop objects when the kernel has them, inline
	// next hops otherwise; Stats().Nexthops says which.
	NexthopAuto NexthopMode = iota
	// NexthopObjects writes every next-hop set as a nexthop group shared
	// by the routes that use it.
	NexthopObjects
	// NexthopInline writes next hops in each route (RTA_GATEWAY,
	// RTA_MULTIPATH).
	NexthopInline
)

// String returns "auto", "objects" or "inline".
func (m NexthopMode) String() string {
	switch m {
	case NexthopAuto:
		return "auto"
	case NexthopObjects:
		return "objects"
	case NexthopInline:
		return "inline"
	}
	return "NexthopMode(" + strconv.Itoa(int(m)) + ")"
}

// InterferenceMode says what the FIB does when someone else changes or
// deletes one of its routes.
type InterferenceMode uint8

// Interference modes.
const (
	// InterferenceRestore puts the route back (the default).
	InterferenceRestore InterferenceMode = iota
	// InterferenceReport only reports it (OnInterference, Stats).
	InterferenceReport
	// InterferenceOff runs no monitor at all: the FIB trusts that it is
	// the only writer of its routes (a benchmark, a one-shot sync).
	InterferenceOff
)

// String returns "restore", "report" or "off".
func (m InterferenceMode) String() string {
	switch m {
	case InterferenceRestore:
		return "restore"
	case InterferenceReport:
		return "report"
	case InterferenceOff:
		return "off"
	}
	return "InterferenceMode(" + strconv.Itoa(int(m)) + ")"
}

// Op is a kernel operation on a route.
type Op uint8

// Route operations.
const (
	OpAdd Op = iota + 1
	OpReplace
	OpDel
)

// String returns "add", "replace" or "del".
func (o Op) String() string {
	switch o {
	case OpAdd:
		return "add"
	case OpReplace:
		return "replace"
	case OpDel:
		return "del"
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// Result is the outcome of one route operation: Err is nil, the
// kernel's refusal (a *wire.OpError, errors.Is(err, syscall.EEXIST) …)
// or a check of the route (a *RouteError).
type Result struct {
	Prefix netip.Prefix
	Op     Op
	Err    error
}

// String renders the result as "add 10.0.0.0/24" or "add 10.0.0.0/24:
// error".
func (r Result) String() string {
	s := r.Op.String() + " " + r.Prefix.String()
	if r.Err != nil {
		s += ": " + r.Err.Error()
	}
	return s
}

// RouteError is a desired route the FIB refused before sending it.
type RouteError struct {
	Prefix netip.Prefix
	Field  string // "Prefix", "Nexthops", "Nexthops.Weight" …
	Value  any
	Reason string
}

func (e *RouteError) Error() string {
	return fmt.Sprintf("fib: route %s: %s %v %s", e.Prefix, e.Field, e.Value, e.Reason)
}

// Interference is a change someone else made to one of the FIB's routes.
type Interference struct {
	Prefix   netip.Prefix
	Deleted  bool // deleted (else changed or replaced by a foreign route)
	Restored bool // the FIB put it back (InterferenceRestore)
	Err      error
}

// Foreign is a route of another protocol in the FIB's table.
type Foreign struct {
	Prefix netip.Prefix
	Proto  rtnl.RouteProtocol
	Metric uint32
}

// Config configures [New]. The zero value manages the main table with
// protocol static, metric 0, IPv4 and IPv6, nexthop objects where the
// kernel has them, and restores interference.
type Config struct {
	Table    rtnl.RouteTable    // not set is main
	Protocol rtnl.RouteProtocol // not set is static
	// Families lists AF_INET and/or AF_INET6; none means both.
	Families []int
	// Metric is the priority of every route (IPv6 routes with metric 0
	// get the kernel's 1024, which is what the FIB writes for them).
	Metric       uint32
	Nexthops     NexthopMode
	Interference InterferenceMode
	// NexthopCompat, with nexthop objects in use, can turn the kernel's
	// per-route notifications of nexthop replaces off in the FIB's
	// namespace (net.ipv4.nexthop_compat_mode); Stats reports the mode.
	NexthopCompat NexthopCompat

	// OnResult, when set, is called for every route written, with its
	// outcome, on the goroutine of the call that wrote it (or the
	// monitor's for a restore). The callbacks run while the FIB is
	// locked: they must not call its methods, and should return quickly.
	OnResult func(Result)
	// OnForeign, when set, is called for each route of another
	// protocol found in the table (by New and by every resync).
	OnForeign func(Foreign)
	// OnInterference, when set, is called for each outside change to a
	// route of the FIB, from the monitor's goroutine.
	OnInterference func(Interference)

	// DiffList bounds the routes a Diff lists (Diff.Changes); 0 means
	// 100, a negative value no bound.
	DiffList int
	// MonitorReadBuffer is the monitor's receive buffer (see
	// rtnl.MonitorConfig.ReadBuffer); 0 means rtnl's default.
	MonitorReadBuffer int
	// MonitorOwnWrites makes the monitor receive the notifications of
	// changes made through the FIB's own IPRoute too. By default its
	// socket filter drops them in the kernel (rtnl.EventFilter
	// DropPortIDs): they are the FIB's writes, whose outcome it has from
	// the kernel's answers, and a Sync of a million routes would
	// otherwise have the monitor receive and decode a million echoes
	// beside the writes. Set it when other code changes the FIB's
	// routes through the same IPRoute and the FIB should see that as
	// interference.
	MonitorOwnWrites bool
}

// Diff counts the changes of one Sync, Plan, Update or ReplaceGateway.
type Diff struct {
	Added, Replaced, Deleted int // routes changed (for Plan: to change)
	Kept                     int // desired routes the kernel already had
	Failed                   int // routes refused (by the kernel or a check)
	// Ops counts the kernel requests sent: route writes and nexthop
	// object writes.
	Ops int
	// Changes lists changed or failed routes, up to Config.DiffList.
	Changes []Result
	// Failures lists the failed routes, up to Config.DiffList.
	Failures []Result
}

// Equal reports whether the diff changed nothing and nothing failed.
func (d Diff) Equal() bool { return d.Added+d.Replaced+d.Deleted+d.Failed == 0 }

// String renders the counts.
func (d Diff) String() string {
	return fmt.Sprintf("added %d, replaced %d, deleted %d, kept %d, failed %d (%d kernel ops)",
		d.Added, d.Replaced, d.Deleted, d.Kept, d.Failed, d.Ops)
}

// Stats counts what a FIB did since New.
type Stats struct {
	Adds, Replaces, Deletes uint64 // route writes that succeeded
	Failures                uint64 // route writes refused
	Restores                uint64 // routes put back after outside changes
	Interferences           uint64 // outside changes seen
	Resyncs                 uint64 // dumps compared after overruns and link changes
	Overruns                uint64 // monitor overruns
	// NexthopWrites counts nexthop object adds, replaces and deletes.
	NexthopWrites uint64
	Routes        int // routes in the FIB
	Stale         int // adopted routes not yet confirmed by a Sync
	NexthopSets   int // distinct next-hop sets (groups in objects mode)
	Foreign       int // foreign routes in the table at the last dump
	LastSync      time.Duration
	Nexthops      NexthopMode // the mode in use: objects or inline
	// NexthopCompatMode is net.ipv4.nexthop_compat_mode in the FIB's
	// namespace as New found or set it (see NexthopCompat): 1 with
	// nexthop objects in use means a ReplaceGateway costs the kernel a
	// notification per route moved; -1 is not known.
	NexthopCompatMode int
}

// FIB keeps one table's routes of one protocol. Its methods are safe for
// concurrent use; writes are serialised.
type FIB struct {
	r          *rtnl.IPRoute
	cfg        Config
	fam4, fam6 bool

	mu    sync.Mutex
	tab   table
	nh    nhTable
	mode  NexthopMode
	gen   uint16
	stats Stats

	batches  uint32             // batches made, numbering them
	resolved map[netip.Addr]int // gateway → interface, for hops without one
	// sinkFor, when set, replaces the rtnl.Writer (tests without a
	// kernel).
	sinkFor func(onError func(int, error)) sink

	cancel context.CancelFunc
	done   chan struct{}
	mon    *rtnl.Monitor
	monErr error // the monitor's end, set before done closes
}

// New makes a FIB for r's namespace. It reads the table: routes of
// cfg.Protocol are adopted as stale (the first Sync keeps the desired
// ones untouched and deletes the rest), nexthop objects of the protocol
// are adopted for reuse, and foreign routes are reported. Unless
// cfg.Interference is InterferenceOff it starts a monitor, which
// ctx bounds besides Close.
func New(ctx context.Context, r *rtnl.IPRoute, cfg Config) (*FIB, error) {
	f := &FIB{r: r, cfg: cfg}
	if err := f.configure(); err != nil {
		return nil, err
	}
	f.tab.init()
	f.nh.init()
	if cfg.Interference != InterferenceOff {
		if err := f.startMonitor(ctx); err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	err := f.adopt(ctx)
	if err == nil {
		err = f.compat()
	}
	f.mu.Unlock()
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func (f *FIB) configure() error {
	if f.cfg.Table == 0 {
		f.cfg.Table = rtnl.TableMain
	}
	if f.cfg.Protocol == 0 {
		f.cfg.Protocol = rtnl.ProtoStatic
	}
	if f.cfg.Table == rtnl.TableUnspec || uint64(f.cfg.Table) > 1<<32-1 {
		return fmt.Errorf("fib: config: Table %v is not a table id 1 … 4294967295", f.cfg.Table)
	}
	if f.cfg.Protocol == rtnl.ProtoUnspec || f.cfg.Protocol > 255 {
		return fmt.Errorf("fib: config: Protocol %d is not a protocol 1 … 255", f.cfg.Protocol)
	}
	if len(f.cfg.Families) == 0 {
		f.fam4, f.fam6 = true, true
	}
	for _, fam := range f.cfg.Families {
		switch fam {
		case afInet:
			f.fam4 = true
		case afInet6:
			f.fam6 = true
		default:
			return fmt.Errorf("fib: config: Families holds %d: want AF_INET (2) or AF_INET6 (10)", fam)
		}
	}
	if f.cfg.Nexthops > NexthopInline {
		return fmt.Errorf("fib: config: Nexthops %v is not a mode", f.cfg.Nexthops)
	}
	if f.cfg.NexthopCompat > NexthopCompatOff {
		return fmt.Errorf("fib: config: NexthopCompat %d is not a mode", f.cfg.NexthopCompat)
	}
	if f.cfg.Interference > InterferenceOff {
		return fmt.Errorf("fib: config: Interference %d is not a mode", f.cfg.Interference)
	}
	if f.cfg.DiffList == 0 {
		f.cfg.DiffList = 100
	}
	return nil
}

const (
	afInet  = 2
	afInet6 = 10
)

// metric is the priority the kernel shows for a route of the family.
func (f *FIB) metric(v6 bool) uint32 {
	if v6 && f.cfg.Metric == 0 {
		return 1024
	}
	return f.cfg.Metric
}

// Stats returns the counters and sizes.
func (f *FIB) Stats() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.stats
	s.Routes = f.tab.len()
	s.NexthopSets = f.nh.liveSets()
	s.Nexthops = f.mode
	return s
}

// Close stops the monitor. The routes stay in the kernel (a restarted
// FIB adopts them). It returns the error that ended the monitor before
// Close, if one did (a context ended is none).
func (f *FIB) Close() error {
	if f.cancel == nil {
		return nil
	}
	err := f.mon.Close()
	f.cancel()
	<-f.done
	f.cancel = nil
	if err == nil && f.monErr != nil && !errors.Is(f.monErr, context.Canceled) && !errors.Is(f.monErr, context.DeadlineExceeded) {
		err = f.monErr
	}
	return err
}
