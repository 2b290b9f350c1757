package ring

import "time"

// Transport is what a Conn sends requests through and receives datagrams
// from: the kernel's netlink socket ([Dial]), or a stand-in such as a
// remote agent's stream or the scripted fake of package nltest
// ([NewConn]).
//
// A Conn calls Send from one goroutine at a time and Recv from one
// goroutine at a time, possibly concurrently with each other;
// SetReadDeadline and Close may be called from any goroutine at any time
// and must wake a Recv blocked in another goroutine.
//
// Errors are classified with errors.Is: an error matching
// os.ErrDeadlineExceeded from Recv means the read deadline passed; one
// matching syscall.ENOBUFS means the receive queue overflowed and messages
// were lost; one matching os.ErrClosed or net.ErrClosed means the
// transport was closed. Any other error is returned to the caller as is.
type Transport interface {
	// Send delivers p, one or more netlink messages back to back, as one
	// datagram. p is only read during the call.
	Send(p []byte) error

	// Recv waits until at least one datagram is queued (or the read
	// deadline passes, or the transport is closed), then receives up to
	// min(len(bufs), len(out)) datagrams without waiting further:
	// datagram i into bufs[i] and its description into out[i]. It
	// returns how many it received. A datagram longer than its buffer is
	// stored truncated, with out[i].N its real length — unless the
	// transport can receive it whole some other way: then it replaces
	// bufs[i] with a larger slice holding all of it, which the Conn keeps
	// in place of the buffer it passed.
	Recv(bufs [][]byte, out []Datagram) (int, error)

	// SetReadDeadline sets the time after which a waiting or future Recv
	// fails with os.ErrDeadlineExceeded; a time in the past wakes a
	// waiting Recv at once, the zero time means none.
	SetReadDeadline(t time.Time) error

	// PortID is the transport's own netlink port id: replies addressed to
	// another port are ignored.
	PortID() uint32

	// Limits returns the largest datagram Send accepts and the size of
	// the receive queue (SO_RCVBUF as the kernel reports it). A Conn
	// splits a batch so that no send is larger than maxSend and the acks
	// of one send fit recvQueue.
	Limits() (maxSend, recvQueue int)

	// Close releases the transport and wakes a blocked Recv.
	Close() error
}

// Datagram describes one received datagram.
type Datagram struct {
	// N is the datagram's real length. When it exceeds the buffer the
	// datagram was received into, the tail beyond the buffer was lost.
	N int

	// PortID is the sender's port id: 0 for the kernel.
	PortID uint32

	// Groups is the multicast mask the datagram was sent to (groups 1–32;
	// 0 for unicast and for groups above 32).
	Groups uint32

	// NSID is the id of the namespace a notification came from, when the
	// socket listens to all namespaces (Config.ListenAllNSID) and HasNSID
	// is set.
	NSID    int32
	HasNSID bool
}
