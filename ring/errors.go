package ring

import (
	"context"
	"errors"
	"strconv"
)

// ErrOverrun is returned when the kernel reported that the socket's receive
// queue overflowed (ENOBUFS): messages were dropped, and the outcome of
// every request in flight at that moment is unknown. A listener of events
// must resynchronise (dump the state again). It matches with errors.Is.
var ErrOverrun = errors.New("ring: receive queue overrun (ENOBUFS): messages lost")

// ErrDumpInterrupted is returned by a dump whose messages carried
// NLM_F_DUMP_INTR: the kernel's state changed while it was being dumped,
// so the messages delivered may be inconsistent. Every message was still
// delivered; [Retry] repeats a dump until it is consistent.
var ErrDumpInterrupted = errors.New("ring: dump interrupted by a concurrent change (NLM_F_DUMP_INTR)")

// ErrTruncated is matched by every [*TruncatedError].
var ErrTruncated = errors.New("ring: datagram longer than the receive buffer")

// ErrClosed is returned by every call on, or waiting in, a closed Conn.
var ErrClosed = errors.New("ring: connection closed")

// ErrBusy is returned by [Conn.Events] when another event stream is open
// on the same Conn.
var ErrBusy = errors.New("ring: an event stream is already open on this connection")

// TruncatedError reports that a datagram was longer than the buffer it was
// received into. Netlink drops the rest of a truncated datagram, so the
// messages it held are lost; the Conn has already grown its buffers to
// Size, so the request, repeated, arrives whole ([Retry] does that). It
// matches [ErrTruncated].
type TruncatedError struct {
	Size int    // the datagram's real length
	Seq  uint32 // the sequence number of the request it answered
}

// Error formats the error lazily.
func (e *TruncatedError) Error() string {
	return "ring: datagram of " + strconv.Itoa(e.Size) + " bytes truncated (seq " +
		strconv.FormatUint(uint64(e.Seq), 10) + "); buffers grown, repeat the request"
}

// Is reports whether target is ErrTruncated.
func (e *TruncatedError) Is(target error) bool { return target == ErrTruncated }

// Retryable reports whether err says a dump should simply be repeated: it
// was interrupted by a concurrent change ([ErrDumpInterrupted]) or lost a
// truncated datagram ([ErrTruncated]).
func Retryable(err error) bool {
	return errors.Is(err, ErrDumpInterrupted) || errors.Is(err, ErrTruncated)
}

// Retry calls fn up to tries times (at least once) while it returns a
// [Retryable] error, and returns fn's last error. fn must start its
// collection over on every call: a dump that is repeated is delivered again
// from its first message. Retry stops early, returning ctx's error, when
// ctx is done.
//
//	err := ring.Retry(ctx, 4, func() error {
//		links = links[:0]
//		s := c.Query(ctx, "link dump", req)
//		for s.Next() {
//			links = append(links, clone(s.Message()))
//		}
//		return s.Err()
//	})
func Retry(ctx context.Context, tries int, fn func() error) error {
	var err error
	for i := 0; i < max(tries, 1); i++ {
		if err = fn(); !Retryable(err) {
			return err
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
	}
	return err
}
