package rtnl

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/nlroute/nlroute/netns"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// DefaultMonitorReadBuffer is the receive buffer a [Monitor] asks for
// when MonitorConfig.ReadBuffer is 0: 32 MiB, which holds the
// notifications of about 100,000 route changes.
const DefaultMonitorReadBuffer = 32 << 20

// MonitorConfig holds the options of [IPRoute.Bind].
// The zero value is a useful monitor: the namespace of the IPRoute, a
// DefaultMonitorReadBuffer receive buffer, 64 datagrams per receive, no
// filter.
type MonitorConfig struct {
	// Groups names the multicast groups to join (see [GroupNames]);
	// none means [DefaultGroupNames].
	Groups []string

	// NetNS is the namespace to listen in, as rtnl.Config.NetNS names
	// it: "" means the IPRoute's own namespace, which Bind finds (see
	// [IPRoute.Bind]); a non-empty value must be that namespace, except
	// for an IPRoute over a remote or fake transport, where it is taken
	// as given.
	NetNS string

	// ReadBuffer is the socket's receive buffer in bytes; 0 means
	// DefaultMonitorReadBuffer, a negative value the kernel's default.
	// The monitor asks with SO_RCVBUFFORCE, which needs CAP_NET_ADMIN;
	// without it, it falls back to SO_RCVBUF, which the kernel caps at
	// net.core.rmem_max (often 208 KiB, a few thousand notifications),
	// and [Monitor.ReadBufferForced] reports false.
	ReadBuffer int

	// Buffers is how many datagrams one receive (recvmmsg) takes; 0 means 64.
	Buffers int

	// ListenAllNSID sets NETLINK_LISTEN_ALL_NSID: the notifications of
	// every namespace that has an id in this one arrive too, each with
	// its id ([Event.NSID]).
	ListenAllNSID bool

	// Filter, when set, is compiled into a classic BPF socket filter
	// (see [EventFilter]): the kernel drops what it rejects before it
	// takes room in the receive buffer.
	Filter *EventFilter
}

// Monitor receives the notifications of the multicast groups it joined,
// on a socket of its own: a Monitor's receive queue is never shared with
// requests, so a burst of events cannot make a request's reply overflow
// the queue (ENOBUFS fails every request in flight on a socket), and a
// slow request cannot make events overflow. Made by [IPRoute.Bind].
//
//	mon, err := ipr.Bind(ctx, rtnl.MonitorConfig{Groups: []string{"link", "ipv4_route"}})
//	if err != nil { ... }
//	defer mon.Close()
//	for mon.Next() {
//		ev := mon.Event() // borrowed: valid until the next call to Next
//		if ev.IsOverrun() { resync(); continue }
//		if r, ok := ev.Route(); ok { fmt.Println(ev.Type(), r.Dst()) }
//	}
//	if err := mon.Err(); err != nil { ... } // the context's error after a cancel
//
// Overruns are never silent. When the receive queue overflowed (the
// kernel's ENOBUFS), Next yields an Overrun event ([Event.IsOverrun]),
// with the kernel's drop counter for the socket when /proc/net/netlink
// shows it, and goes on listening on a fresh socket: every event after
// an Overrun happened after it, so a dump started after seeing the
// Overrun, updated with the events that follow, is exact.
//
// Receiving and decoding an event allocates nothing once the buffers are
// warm. Next, Event, Join and Leave are used by one goroutine; Close and
// Stats may be called from any goroutine, and Close interrupts a Next
// blocked in another. Cancelling the context given to Bind ends Next
// promptly with the context's error. A Monitor must be closed.
type Monitor struct {
	ctx    context.Context
	cfg    MonitorConfig
	groups []uint32

	mu     sync.Mutex // guards c and closed against Close
	c      *ring.Conn
	closed bool
	forced bool
	done   chan struct{} // closed by Close

	s    ring.Stream
	open bool
	msg  codec.Msg
	ev   Event
	err  error
	next error // an error to report after the Overrun event it follows

	events, overruns, malformed, rebinds atomic.Uint64
}

// Bind opens a Monitor: it subscribes to the multicast groups named by
// cfg.Groups (see [GroupNames]; none means [DefaultGroupNames]) on a new socket
// of its own, as pyroute2's bind(), in the IPRoute's namespace. ctx
// bounds the Monitor's whole life: once it is done, Next returns false
// and Err returns ctx's error.
//
// The Monitor's socket must live where the IPRoute's does, or the events
// and the IPRoute's dumps would describe different namespaces. An
// IPRoute from Dial knows where it was dialled ([IPRoute.NetNS]); cfg.NetNS
// must then be "" or that namespace. For one that does not know, Bind
// finds its socket: in the caller's namespace, then in cfg.NetNS when
// given, else in the named namespaces of netns.Dir, matching the socket's
// port id and inode in /proc/net/netlink. An IPRoute over a remote or
// fake transport has no local socket to find: there cfg.NetNS names the
// namespace to listen in ("" is the caller's), taken as given.
//
// Errors: an unknown group name, a cfg.NetNS that is not the IPRoute's,
// a socket that is nowhere to be found, or the socket's creation and
// options (unwrapping to the errno).
func (r *IPRoute) Bind(ctx context.Context, cfg MonitorConfig) (*Monitor, error) {
	ns, err := r.monitorNetNS(cfg.NetNS)
	if err != nil {
		return nil, fmt.Errorf("rtnl: bind: %w", err)
	}
	cfg.NetNS = ns
	return listen(ctx, cfg)
}

// monitorNetNS is the namespace a Monitor of r listens in, given the
// namespace the caller asked for ("" for none).
func (r *IPRoute) monitorNetNS(want string) (string, error) {
	if ns, ok := r.NetNS(); ok {
		if want != "" && want != ns {
			return "", fmt.Errorf("MonitorConfig.NetNS %q is not the IPRoute's namespace %q", want, ns)
		}
		return ns, nil
	}
	ns, err := findNetNS(r.c.PortID(), want)
	if err == nil || want == "" {
		return ns, err
	}
	if _, elsewhere := findNetNS(r.c.PortID(), ""); elsewhere == nil {
		return "", err // a local socket, in another namespace than want
	}
	// No local socket (a remote or fake transport): nothing to check
	// against, so the caller's word stands.
	return want, nil
}

// listen opens a Monitor of cfg.Groups in cfg.NetNS ("" is the caller's
// namespace).
func listen(ctx context.Context, cfg MonitorConfig) (*Monitor, error) {
	groups := cfg.Groups
	if len(groups) == 0 {
		groups = defaultGroups[:]
	}
	gs, err := ParseGroups(groups...)
	if err != nil {
		return nil, err
	}
	m := &Monitor{ctx: ctx, cfg: cfg, groups: gs, done: make(chan struct{})}
	if err := m.dial(); err != nil {
		return nil, err
	}
	return m, nil
}

// ringConfig is the socket m asks for.
func (m *Monitor) ringConfig(force bool) (ring.Config, error) {
	rc := ring.Config{
		Groups:        m.groups,
		ListenAllNSID: m.cfg.ListenAllNSID,
		Buffers:       m.cfg.Buffers,
		// Notifications are never acknowledged: nothing to ask of the kernel.
		DisableStrictCheck: true,
	}
	if rc.Buffers <= 0 {
		rc.Buffers = 64
	}
	switch {
	case m.cfg.ReadBuffer == 0:
		rc.ReadBuffer = DefaultMonitorReadBuffer
	case m.cfg.ReadBuffer > 0:
		rc.ReadBuffer = m.cfg.ReadBuffer
	}
	rc.ForceReadBuffer = force && rc.ReadBuffer > 0
	if m.cfg.NetNS != "" {
		rc.NetNS = netNSOf(m.cfg.NetNS)
	}
	if m.cfg.Filter != nil {
		prog, err := m.cfg.Filter.Compile()
		if err != nil {
			return rc, err
		}
		rc.Filter = prog
	}
	return rc, nil
}

// dial opens m's socket: with SO_RCVBUFFORCE first, then, when that is
// not permitted, with SO_RCVBUF (capped by net.core.rmem_max).
func (m *Monitor) dial() error {
	rc, err := m.ringConfig(true)
	if err != nil {
		return fmt.Errorf("rtnl: bind: %w", err)
	}
	c, err := dialMonitor(rc)
	forced := rc.ForceReadBuffer
	if err != nil && rc.ForceReadBuffer && errors.Is(err, syscall.EPERM) {
		rc.ForceReadBuffer, forced = false, false
		c, err = dialMonitor(rc)
	}
	if err != nil {
		return fmt.Errorf("rtnl: bind: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		c.Close()
		return ring.ErrClosed
	}
	old := m.c
	m.c, m.forced = c, forced
	if old != nil {
		old.Close()
	}
	return nil
}

func netNSOf(ns string) netns.NS { return netns.Of(ns) }

// Next waits for the next event and reports whether there is one; the
// previous Event becomes invalid. It returns false once the context is
// done, the Monitor is closed, or the socket failed; Err says which.
func (m *Monitor) Next() bool {
	if m.err != nil {
		return false
	}
	if m.next != nil {
		m.fail(m.next)
		return false
	}
	for {
		if !m.open {
			m.mu.Lock()
			c := m.c
			m.mu.Unlock()
			if c == nil {
				m.fail(ring.ErrClosed)
				return false
			}
			m.s = c.Events(m.ctx)
			m.open = true
		}
		if m.s.Next() {
			if m.decode(m.s.Message(), m.s.Datagram()) {
				return true
			}
			continue
		}
		err := m.s.Err()
		m.s.Close()
		m.open = false
		if errors.Is(err, ring.ErrOverrun) {
			m.overrun()
			return true
		}
		m.fail(err)
		return false
	}
}

// decode makes the current message the Event; it reports false for one
// to skip (malformed: counted).
func (m *Monitor) decode(wm wire.Message, dg ring.Datagram) bool {
	m.ev = Event{typ: wm.Header.Type, raw: wm, dg: dg}
	if s := codec.SchemaFor(wm.Header.Type); s != nil {
		if err := m.msg.Reset(s, wm); err != nil {
			m.malformed.Add(1)
			return false
		}
		m.ev.msg = &m.msg
	}
	m.events.Add(1)
	return true
}

// overrun makes the current Event an Overrun: it reads the overflowed
// socket's drop counter and moves to a fresh socket, so no event queued
// before the overflow is delivered after it.
func (m *Monitor) overrun() {
	n := m.overruns.Add(1)
	m.mu.Lock()
	port := uint32(0)
	if m.c != nil {
		port = m.c.PortID()
	}
	m.mu.Unlock()
	ov := Overrun{Count: n, PortID: port}
	ov.Drops, ov.HasDrops = socketDrops(m.cfg.NetNS, port)
	m.ev = Event{typ: wire.TypeOverrun, ov: ov}
	if err := m.dial(); err != nil {
		m.next = err
		return
	}
	m.rebinds.Add(1)
}

func (m *Monitor) fail(err error) {
	m.err = err
	if m.open {
		m.s.Close()
		m.open = false
	}
	m.ev = Event{}
}

// rebind moves m to a fresh socket at once, dropping whatever the old one
// had queued: what a cache does before a resync dump. Used by the
// goroutine iterating.
func (m *Monitor) rebind() error {
	if m.open {
		m.s.Close()
		m.open = false
	}
	if err := m.dial(); err != nil {
		return err
	}
	m.rebinds.Add(1)
	return nil
}

// Event returns the current event. It borrows: the Event, its Msg and
// every view read from it are valid until the next call to Next or Close.
// Event.Clone copies one out.
func (m *Monitor) Event() *Event { return &m.ev }

// Err returns what ended the Monitor: the context's error after a
// cancellation (errors.Is(err, context.Canceled)) or the socket's
// failure; nil while it runs and after Close (a clean end).
func (m *Monitor) Err() error {
	if errors.Is(m.err, ring.ErrClosed) && m.closedByUser() {
		return nil // a clean Close is no failure
	}
	if m.err == nil || errors.Is(m.err, context.Canceled) || errors.Is(m.err, context.DeadlineExceeded) {
		return m.err
	}
	return fmt.Errorf("rtnl: monitor: %w", m.err)
}

// Close closes the Monitor's socket, ending a Next blocked in another
// goroutine (which then returns false; Err is nil: a clean end). It is safe to
// call more than once, from any goroutine.
func (m *Monitor) Close() error {
	m.mu.Lock()
	c := m.c
	if !m.closed {
		close(m.done)
	}
	m.c, m.closed = nil, true
	m.mu.Unlock()
	if c != nil {
		return c.Close()
	}
	return nil
}

// closedByUser reports whether Close was called.
func (m *Monitor) closedByUser() bool {
	select {
	case <-m.done:
		return true
	default:
		return false
	}
}

// Join subscribes to more groups (names as for Bind); a later rebind
// after an overrun keeps them.
func (m *Monitor) Join(groups ...string) error {
	return m.change(groups, true)
}

// Leave unsubscribes from groups (names as for Bind).
func (m *Monitor) Leave(groups ...string) error {
	return m.change(groups, false)
}

func (m *Monitor) change(names []string, join bool) error {
	gs, err := ParseGroups(names...)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.c == nil {
		return ring.ErrClosed
	}
	for _, g := range gs {
		if join {
			err = m.c.JoinGroup(g)
		} else {
			err = m.c.LeaveGroup(g)
		}
		if err != nil {
			return fmt.Errorf("rtnl: monitor: %w", err)
		}
	}
	set := map[uint32]bool{}
	for _, g := range m.groups {
		set[g] = true
	}
	for _, g := range gs {
		set[g] = join
	}
	m.groups = m.groups[:0:0]
	for g, on := range set {
		if on {
			m.groups = append(m.groups, g)
		}
	}
	sort.Slice(m.groups, func(i, j int) bool { return m.groups[i] < m.groups[j] })
	return nil
}

// PortID returns the netlink port id of the Monitor's current socket (it
// changes after an overrun), or 0 once closed.
func (m *Monitor) PortID() uint32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.c == nil {
		return 0
	}
	return m.c.PortID()
}

// ReadBufferForced reports whether the receive buffer was set with
// SO_RCVBUFFORCE (false: the SO_RCVBUF fallback, capped by
// net.core.rmem_max, or the kernel's default).
func (m *Monitor) ReadBufferForced() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.forced
}

// MonitorStats counts a Monitor's work.
type MonitorStats struct {
	Events    uint64 // events delivered, overruns not included
	Overruns  uint64 // Overrun events delivered
	Malformed uint64 // messages skipped because their family header was short
	Rebinds   uint64 // fresh sockets opened after an overrun or for a resync
}

// Stats returns the Monitor's counters; safe from any goroutine.
func (m *Monitor) Stats() MonitorStats {
	return MonitorStats{
		Events:    m.events.Load(),
		Overruns:  m.overruns.Load(),
		Malformed: m.malformed.Load(),
		Rebinds:   m.rebinds.Load(),
	}
}

// Chan runs the Monitor in a goroutine of its own and returns a channel
// of its events, for those who prefer a select to an iterator. Each
// Event on the channel is owned (cloned: one allocation per event, which
// the iterator does not make). The goroutine blocks while the channel is
// full, so a slow reader makes the kernel's queue fill and overflow: the
// Overrun event then says so. The channel is closed when the Monitor
// ends (its context is done, or it is closed); Err then tells why. After
// Chan, use only Err, Stats and Close; call it at most once.
func (m *Monitor) Chan(buffer int) <-chan Event {
	ch := make(chan Event, max(buffer, 0))
	done := m.ctx.Done()
	go func() {
		defer close(ch)
		for m.Next() {
			select {
			case ch <- m.ev.Clone():
			case <-done:
				m.fail(m.ctx.Err())
				return
			case <-m.done:
				m.fail(ring.ErrClosed)
				return
			}
		}
	}()
	return ch
}
