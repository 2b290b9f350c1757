package remote

import (
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/nlroute/nlroute/wire"
)

// Default limits of [Serve], used when the [ServeOptions] field is zero.
const (
	// DefaultFrameTimeout bounds the time from the first byte of a frame
	// from the client to its last, and the time one frame to the client
	// may take to be written (a client that stops reading).
	DefaultFrameTimeout = 30 * time.Second
	// DefaultIdleTimeout bounds the time between two frames from a
	// client that has joined no multicast group.
	DefaultIdleTimeout = 15 * time.Minute
)

// ServeOptions configure [Serve]. The zero value serves the agent's own
// namespace with the default limits and no policy.
//
// Memory: what one connection can make the agent hold is bounded by
// MaxFrame (the buffer a client frame is read into, grown to the largest
// frame seen and reused), plus fixed buffers: 64 KiB to receive from the
// socket (its spill region takes a datagram longer than that whole, up
// to a MiB more), 64 KiB of output buffering, and one outgoing frame of
// at most the largest datagram. With the default MaxFrame of 8 MiB that
// is about 10 MiB per connection, whatever the client sends; the hello
// tells the client MaxFrame (as its largest send), so a well-behaved
// client never exceeds it.
type ServeOptions struct {
	// NetNS is the namespace served: "" for the agent's own, a name
	// under netns.Dir or a path, as netns.Of reads it (ipr's -n).
	NetNS string

	// FrameTimeout is the read deadline of one frame: from the first
	// byte of a frame to its last, and the write deadline of one frame
	// to the client. 0 is DefaultFrameTimeout; negative is none.
	FrameTimeout time.Duration
	// IdleTimeout ends a connection with no frame from the client for
	// that long while it has joined no multicast group (a client that
	// joined one is a monitor, waiting for events, and never idle). 0
	// is DefaultIdleTimeout; negative is none.
	IdleTimeout time.Duration

	// MaxFrame is the largest client frame accepted, in bytes: 0 is
	// (and more is cut to) the protocol's limit of 8 MiB.
	MaxFrame int

	// ReadOnly refuses every request but RTM_GET* (dumps and gets);
	// joining and leaving groups stays allowed.
	ReadOnly bool
	// Allow, when not nil, lists the only message types a request may
	// carry (RTM_GETLINK, RTM_NEWROUTE …); with ReadOnly, both apply.
	Allow []wire.MsgType
}

// timeouts returns o's limits with the defaults filled in (0: none).
func (o ServeOptions) timeouts() (frame, idle time.Duration) {
	frame, idle = o.FrameTimeout, o.IdleTimeout
	if frame == 0 {
		frame = DefaultFrameTimeout
	}
	if idle == 0 {
		idle = DefaultIdleTimeout
	}
	return max(frame, 0), max(idle, 0)
}

// maxFrame returns the largest frame o accepts.
func (o ServeOptions) maxFrame() int {
	if o.MaxFrame <= 0 || o.MaxFrame > maxAgentFrame {
		return maxAgentFrame
	}
	return max(o.MaxFrame, wire.HeaderLen)
}

// checkPolicy reports the first message of the well-formed request p
// that o's policy refuses.
func (o ServeOptions) checkPolicy(p []byte) error {
	if !o.ReadOnly && o.Allow == nil {
		return nil
	}
	it := wire.NewMessages(p)
	for i := 0; it.Next(); i++ {
		t := it.Message().Header.Type
		if o.ReadOnly && !isGetType(t) {
			return fmt.Errorf("policy: message %d, %s, is not allowed: the agent is read-only (RTM_GET* requests only)", i, msgTypeName(t))
		}
		if o.Allow != nil && !slices.Contains(o.Allow, t) {
			return fmt.Errorf("policy: message %d, %s, is not in the agent's allow-list %s", i, msgTypeName(t), typeList(o.Allow))
		}
	}
	return it.Err()
}

// isGetType reports whether t is an RTM_GET* type: rtnetlink numbers
// its types in fours from RTM_BASE (16), NEW, DEL, GET, SET.
func isGetType(t wire.MsgType) bool { return t >= 16 && t%4 == 2 }

// rtmObjects are the objects of the rtnetlink types from RTM_BASE, four
// types each, as far as every one has NEW, DEL and GET.
var rtmObjects = [...]string{"LINK", "ADDR", "ROUTE", "NEIGH", "RULE", "QDISC", "TCLASS", "TFILTER", "ACTION"}

// msgTypeName names t for a refusal: "type 16 (RTM_NEWLINK)".
func msgTypeName(t wire.MsgType) string {
	verbs := [...]string{"NEW", "DEL", "GET", "SET"}
	name := ""
	switch i := int(t) - 16; {
	case i >= 0 && i/4 < len(rtmObjects) && (i%4 < 3 || i/4 == 0):
		name = "RTM_" + verbs[i%4] + rtmObjects[i/4]
	case t >= 104 && t <= 106: // RTM_NEWNEXTHOP …
		name = "RTM_" + verbs[t-104] + "NEXTHOP"
	}
	if name == "" {
		return fmt.Sprintf("type %d", t)
	}
	return fmt.Sprintf("type %d (%s)", t, name)
}

func typeList(ts []wire.MsgType) string {
	s := "["
	for i, t := range ts {
		if i > 0 {
			s += ", "
		}
		s += msgTypeName(t)
	}
	return s + "]"
}

// watchdog keeps the times [Serve]'s deadlines run from.
type watchdog struct {
	frame, idle time.Duration
	wake        chan struct{} // a deadline may have moved earlier

	mu         sync.Mutex
	frameStart time.Time // the first byte of the frame being read; zero between frames
	frameGot   int       // bytes of it read so far
	lastFrame  time.Time // the end of the last frame (or the start)
	writeStart time.Time // the start of the write under way; zero when none
	groups     map[uint32]bool
}

func newWatchdog(frame, idle time.Duration) *watchdog {
	return &watchdog{frame: frame, idle: idle, wake: make(chan struct{}, 1),
		lastFrame: time.Now(), groups: map[uint32]bool{}}
}

func (w *watchdog) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// read records n bytes of a frame arriving.
func (w *watchdog) read(n int) {
	w.mu.Lock()
	first := w.frameStart.IsZero()
	if first {
		w.frameStart = time.Now()
	}
	w.frameGot += n
	w.mu.Unlock()
	if first {
		w.poke()
	}
}

// frameDone records the end of a frame.
func (w *watchdog) frameDone() {
	w.mu.Lock()
	w.frameStart, w.frameGot, w.lastFrame = time.Time{}, 0, time.Now()
	w.mu.Unlock()
}

// writing records the start (true) or end of a write to the client.
func (w *watchdog) writing(on bool) {
	w.mu.Lock()
	if on {
		w.writeStart = time.Now()
	} else {
		w.writeStart = time.Time{}
	}
	w.mu.Unlock()
	if on {
		w.poke()
	}
}

// group records a joined (on) or left group.
func (w *watchdog) group(g uint32, on bool) {
	w.mu.Lock()
	if on {
		w.groups[g] = true
	} else {
		delete(w.groups, g)
	}
	w.lastFrame = time.Now()
	w.mu.Unlock()
}

// check returns why the connection must end, if a deadline passed at
// now, and otherwise the next deadline (zero: none).
func (w *watchdog) check(now time.Time) (next time.Time, stalled bool, why error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	earliest := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	if w.frame > 0 && !w.writeStart.IsZero() {
		if dl := w.writeStart.Add(w.frame); !now.Before(dl) {
			return time.Time{}, true, fmt.Errorf("write deadline: the client read nothing of a frame for %v (FrameTimeout)", w.frame)
		} else {
			earliest(dl)
		}
	}
	switch {
	case w.frame > 0 && !w.frameStart.IsZero():
		if dl := w.frameStart.Add(w.frame); !now.Before(dl) {
			return time.Time{}, false, fmt.Errorf("read deadline: a frame begun %v ago is still incomplete after %d bytes (FrameTimeout %v)",
				now.Sub(w.frameStart).Round(time.Millisecond), w.frameGot, w.frame)
		} else {
			earliest(dl)
		}
	case w.idle > 0 && w.frameStart.IsZero() && len(w.groups) == 0:
		if dl := w.lastFrame.Add(w.idle); !now.Before(dl) {
			return time.Time{}, false, fmt.Errorf("idle timeout: no frame from the client for %v and no group joined (IdleTimeout)", w.idle)
		} else {
			earliest(dl)
		}
	}
	return next, false, nil
}

// watchedReader tells a watchdog of the bytes read through it.
type watchedReader struct {
	r io.Reader
	w *watchdog
}

func (r watchedReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		r.w.read(n)
	}
	return n, err
}
