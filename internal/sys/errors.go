package sys

import (
	"errors"
	"os"
	"runtime"
	"syscall"
)

// ErrNotSupported is the cause of every error the package returns where
// the platform has no netlink (every GOOS but linux): [Open], the socket
// calls and entering another namespace fail with an *Error wrapping it.
// It also matches [errors.ErrUnsupported].
var ErrNotSupported error = notSupported{}

type notSupported struct{}

func (notSupported) Error() string { return "netlink is not supported on " + runtime.GOOS }

// Is matches errors.ErrUnsupported, the standard library's sentinel for
// the same condition.
func (notSupported) Is(target error) bool { return target == errors.ErrUnsupported }

// Error is a failed system call on a netlink socket or namespace.
//
// Op names the call ("bind", "recvmsg", "setsockopt NETLINK_EXT_ACK" …)
// and Err is the cause: a [syscall.Errno] from the kernel, or an error of
// the runtime poller such as [os.ErrDeadlineExceeded] or [os.ErrClosed].
// Error unwraps to Err, so errors.Is(err, syscall.ENOBUFS) works.
type Error struct {
	Op  string
	Err error
}

// Error formats the message as "sys: OP: CAUSE". It is formatted on demand,
// so building an *Error costs no formatting.
func (e *Error) Error() string { return "sys: " + e.Op + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Ops that may fail on a hot path; their frequent failures are pre-built.
const (
	opSendmsg = iota
	opSendto
	opRecvmsg
	opRecvmmsg
	numHotOps
)

var hotOpNames = [numHotOps]string{"sendmsg", "sendto", "recvmsg", "recvmmsg"}

// Pre-built errors for the failures a busy socket meets in normal work
// (nothing queued, receive queue overrun, deadline hit), so that
// draining a socket or timing out allocates nothing.
var hotErrors [numHotOps]struct{ again, nobufs, intr, deadline error }

func init() {
	for op, name := range hotOpNames {
		hotErrors[op].again = &Error{Op: name, Err: syscall.EAGAIN}
		hotErrors[op].nobufs = &Error{Op: name, Err: syscall.ENOBUFS}
		hotErrors[op].intr = &Error{Op: name, Err: syscall.EINTR}
		hotErrors[op].deadline = &Error{Op: name, Err: os.ErrDeadlineExceeded}
	}
}

// hotErr wraps err for one of the hot ops, reusing a pre-built value when
// one exists. err must be non-nil.
func hotErr(op int, err error) error {
	h := &hotErrors[op]
	switch {
	case err == syscall.EAGAIN:
		return h.again
	case err == syscall.ENOBUFS:
		return h.nobufs
	case err == syscall.EINTR:
		return h.intr
	case errors.Is(err, os.ErrDeadlineExceeded):
		return h.deadline
	}
	return &Error{Op: hotOpNames[op], Err: err}
}

// wrap returns nil for a nil err, and err wrapped in an *Error otherwise.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Op: op, Err: err}
}
