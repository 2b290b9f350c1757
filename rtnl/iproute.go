package rtnl

import (
	"fmt"
	"github.com/nlroute/nlroute/netns"
	"runtime"
	"strings"
	"sync"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/ring/chaos"
	"github.com/nlroute/nlroute/wire"
)

// Spec is a message in pyroute2's keyword style ({"dst": "10.0.0.0/24",
// "oif": 2}); see codec.Spec for the keywords and value types accepted.
type Spec = codec.Spec

// Config holds the options of [Dial]. The zero value is a useful
// connection: the caller's network namespace and ring's defaults (extended
// acks and strict dump checking on, DefaultBuffers receive buffers of
// DefaultBufferSize bytes, no multicast groups).
type Config struct {
	// NetNS names the network namespace to work in: a name made by
	// `ip netns add` or netns.Create (looked up under netns.Dir) or a
	// path ("/proc/1234/ns/net", "/var/run/netns/blue"); a value
	// containing a slash is a path (netns.Of reads it). "" is the
	// caller's namespace. Entering another namespace needs
	// CAP_SYS_ADMIN; the socket is opened on a throwaway locked OS
	// thread, so the caller's thread never changes namespace. A name
	// that does not exist yet is created (see NoCreateNetNS); a missing
	// path fails Dial with an error matching fs.ErrNotExist (and
	// syscall.ENOENT) that names it. When set, it overrides
	// Ring.NetNS, which names a namespace by descriptor or process too
	// (netns.FD, netns.PID).
	NetNS string

	// Ring holds the low-level socket options (buffers, groups,
	// ext-ack and strict checking …); its zero value is ring's defaults.
	// Turning Ring.DisableStrictCheck on makes the kernel ignore the dump
	// filters this package puts in requests: results stay correct (every
	// filter is checked in userspace too), only slower.
	Ring ring.Config

	// NoCreateNetNS makes a missing namespace an error matching
	// fs.ErrNotExist (and syscall.ENOENT), naming the path, as ip -n
	// does. Without it Dial creates the namespace a NetNS name names when
	// it does not exist yet, with netns.Ensure, as pyroute2's NetNS
	// does; a path is never created.
	NoCreateNetNS bool

	// Chaos, when set, injects the failures it describes under the
	// connection (pyroute2's ChaoticIPRoute), with chaos.Wrap around the
	// socket.
	Chaos *chaos.Config
}

// IPRoute is a connection to rtnetlink with pyroute2's IPRoute API. It is
// safe for concurrent use by many goroutines; see the package
// documentation for lifetimes. Close it when done.
//
// Every typed single-object write (RouteAdd …, LinkSet …, AddrAdd …,
// RuleAdd, NeighAdd …, FDBAdd …, NexthopAdd …, BridgeVLANAdd,
// BridgePortSet) allocates nothing once its pools are warm, with
// context.Background and with a cancellable context alike: requests are
// built into pooled builders, and a cancellable context is watched by one
// goroutine per connection (started on first use, ended by Close) rather
// than by a registration per call. A typed get (RouteGet, LinkGet,
// NeighGet, NexthopGet) allocates only the owned view it returns: the
// message and its bytes, two allocations.
type IPRoute struct {
	c    *ring.Conn
	bufs freeList[*[]byte]       // request buffers
	msgs freeList[*codec.Msg]    // messages of iterators
	blds freeList[*wire.Builder] // request builders, each over its own buffer

	// netns is where Dial opened the socket: a name or path, "" for the
	// caller's namespace; nsKnown is false when it cannot be told (New
	// over any Conn, or a Ring.NetNS given by fd or pid).
	netns   string
	nsKnown bool
}

// Dial opens a connection as cfg describes and returns an IPRoute over
// it.
//
// On Linux it is an rtnetlink socket (ring.OpenSocket), wrapped by
// chaos.Wrap when cfg.Chaos is set; errors come from creating the
// namespace (unless NoCreateNetNS), creating the socket, entering the namespace
// or setting an option, and unwrap to the errno. On FreeBSD, OpenBSD
// and Darwin the connection answers the getters (Links, Addrs, Routes, Neighbours, LinkLookup …)
// from the routing sysctl, and on Windows from the IP Helper tables,
// translated into the same RTNL messages, so views, filters and JSON
// are the same; every other request fails with an error matching
// [ErrNotSupported], and so does a Config naming a network namespace.
// Elsewhere Dial fails with such an error.
func Dial(cfg Config) (*IPRoute, error) {
	if !cfg.NoCreateNetNS && cfg.NetNS != "" && !strings.ContainsRune(cfg.NetNS, '/') && runtime.GOOS == "linux" {
		if _, err := netns.Ensure(cfg.NetNS); err != nil {
			return nil, err
		}
	}
	c, err := dial(cfg)
	if err != nil {
		return nil, fmt.Errorf("rtnl: dial: %w", err)
	}
	r := New(c)
	r.netns, r.nsKnown = cfg.NetNS, cfg.NetNS != "" || cfg.Ring.NetNS.IsCurrent()
	return r, nil
}

// NetNS returns the network namespace the IPRoute was dialled in — the
// Config's NetNS (a name under netns.Dir or a path), "" for the caller's —
// and whether it is known: it is not for an IPRoute made with New, or
// dialled through a Ring.NetNS given by fd or pid. Monitors (Bind) and
// tuntap creation use it to act in the same namespace.
func (r *IPRoute) NetNS() (string, bool) { return r.netns, r.nsKnown }

// New returns an IPRoute over an open connection, which it owns from now
// on (Close closes it). Tests use it to put nltest's scripted fake under
// an IPRoute.
func New(c *ring.Conn) *IPRoute { return &IPRoute{c: c} }

// Conn returns the underlying connection, for raw requests, batches and
// event streams. It stays owned by the IPRoute.
func (r *IPRoute) Conn() *ring.Conn { return r.c }

// Close closes the connection. Iterators still open end with
// ring.ErrClosed. It returns the error of closing the socket.
func (r *IPRoute) Close() error { return r.c.Close() }

// getBuf returns a pooled request buffer, empty. Pooling keeps building
// a request free of allocations once warm.
func (r *IPRoute) getBuf() *[]byte {
	if p, ok := r.bufs.get(); ok {
		*p = (*p)[:0]
		return p
	}
	b := make([]byte, 0, 256)
	return &b
}

func (r *IPRoute) putBuf(p *[]byte) {
	if cap(*p) <= 64<<10 {
		r.bufs.put(p)
	}
}

// getBuilder returns a pooled request builder, reset over its own
// buffer. A Builder declared in the calling function would escape to the
// heap on every call (its address goes to Encode methods and closures
// the compiler cannot see through), so typed calls take one from here:
// with warm pools building a request allocates nothing.
func (r *IPRoute) getBuilder() *wire.Builder {
	if b, ok := r.blds.get(); ok {
		b.Reset(b.Bytes()[:0])
		return b
	}
	b := new(wire.Builder)
	b.Reset(make([]byte, 0, 256))
	return b
}

// putBuilder returns b to the pool unless its buffer grew past 64 KiB.
func (r *IPRoute) putBuilder(b *wire.Builder) {
	if cap(b.Bytes()) <= 64<<10 {
		r.blds.put(b)
	}
}

func (r *IPRoute) getMsg() *codec.Msg {
	if m, ok := r.msgs.get(); ok {
		return m
	}
	return new(codec.Msg)
}

func (r *IPRoute) putMsg(m *codec.Msg) {
	if m != nil {
		r.msgs.put(m)
	}
}

// freeList keeps up to freeListCap values for reuse. Unlike a sync.Pool
// it never drops what it holds — the garbage collector clears a Pool, and
// race builds drop a share of its Puts on purpose — so a warm IPRoute
// allocates nothing, deterministically. Safe for concurrent use; its
// zero value is empty.
type freeList[T any] struct {
	mu   sync.Mutex
	free []T
}

// freeListCap bounds a free list: more iterators or requests than this in
// flight at once allocate their extras, which are then dropped.
const freeListCap = 64

func (f *freeList[T]) get() (T, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var zero T
	n := len(f.free)
	if n == 0 {
		return zero, false
	}
	v := f.free[n-1]
	f.free[n-1] = zero
	f.free = f.free[:n-1]
	return v, true
}

func (f *freeList[T]) put(v T) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.free) < freeListCap {
		f.free = append(f.free, v)
	}
}
