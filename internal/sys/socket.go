//go:build linux

package sys

import (
	"errors"
	"os"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Socket is an open AF_NETLINK socket.
//
// The receive calls (Recvmsg, Recvmmsg) share one set of preallocated
// kernel structures and so must not run concurrently with each other; the
// send calls (Sendmsg, Sendto) likewise share another. One sender and one
// receiver may run at the same time, and the setsockopt helpers, deadline
// setters and Close are safe to call from any goroutine at any time.
type Socket struct {
	f      *os.File
	rc     syscall.RawConn
	proto  int
	portID uint32
	closed atomic.Bool // set by Close, to name the poller's error

	send sendState
	recv recvState
}

// Open creates a netlink socket of protocol proto (such as [ProtoRoute])
// with SOCK_RAW|SOCK_CLOEXEC|SOCK_NONBLOCK in cfg.NetNS, binds it to
// cfg.PortID and cfg.Groups, and reads back the port id the kernel
// assigned. The socket must be closed with [Socket.Close].
//
// Errors are *Error values wrapping the errno of the failed step
// ("socket", "bind", "getsockname") or of entering the namespace.
func Open(proto int, cfg Config) (*Socket, error) {
	fd := -1
	err := cfg.NetNS.Do(func() error {
		var err error
		fd, err = unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, proto)
		return wrap("socket", err)
	})
	if err != nil {
		if fd >= 0 {
			unix.Close(fd)
		}
		return nil, err
	}
	sa := &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: cfg.PortID, Groups: cfg.Groups}
	if err := unix.Bind(fd, sa); err != nil {
		unix.Close(fd)
		return nil, wrap("bind", err)
	}
	got, err := unix.Getsockname(fd)
	if err != nil {
		unix.Close(fd)
		return nil, wrap("getsockname", err)
	}
	nl, ok := got.(*unix.SockaddrNetlink)
	if !ok {
		unix.Close(fd)
		return nil, wrap("getsockname", unix.EAFNOSUPPORT)
	}
	// The descriptor is nonblocking, so os.NewFile registers it with the
	// runtime poller: waits park the goroutine, not the thread.
	f := os.NewFile(uintptr(fd), "netlink")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, wrap("syscallconn", err)
	}
	s := &Socket{f: f, rc: rc, proto: proto, portID: nl.Pid}
	s.send.init()
	s.recv.init()
	return s, nil
}

// Close closes the socket. A receive or send blocked in another goroutine
// returns an *Error wrapping [os.ErrClosed]. Closing twice returns such an
// error too.
func (s *Socket) Close() error {
	s.closed.Store(true)
	return wrap("close", s.pollErr(s.f.Close()))
}

// pollErr translates an error of the os.File's poller: the runtime reports
// a closed descriptor as an unexported "use of closed file" error, which
// callers should be able to match with os.ErrClosed.
func (s *Socket) pollErr(err error) error {
	if err != nil && s.closed.Load() && !errors.Is(err, os.ErrDeadlineExceeded) {
		if _, isErrno := err.(syscall.Errno); !isErrno {
			return os.ErrClosed
		}
	}
	return err
}

// PortID returns the socket's netlink port id (nl_pid), as bound.
func (s *Socket) PortID() uint32 { return s.portID }

// Protocol returns the netlink protocol the socket was opened with.
func (s *Socket) Protocol() int { return s.proto }

// SyscallConn gives raw access to the descriptor for calls this package
// does not wrap. The descriptor must not be closed or made blocking.
func (s *Socket) SyscallConn() syscall.RawConn { return s.rc }

// SetDeadline sets both the read and write deadline; see
// [Socket.SetReadDeadline].
func (s *Socket) SetDeadline(t time.Time) error { return wrap("set deadline", s.f.SetDeadline(t)) }

// SetReadDeadline sets the time after which a waiting or future receive
// fails with an *Error wrapping [os.ErrDeadlineExceeded]. Setting it in the
// past wakes a receiver blocked in another goroutine right away, which is
// how a context cancellation reaches it. The zero time means no deadline.
func (s *Socket) SetReadDeadline(t time.Time) error {
	return wrap("set read deadline", s.f.SetReadDeadline(t))
}

// SetWriteDeadline is SetReadDeadline for the send calls.
func (s *Socket) SetWriteDeadline(t time.Time) error {
	return wrap("set write deadline", s.f.SetWriteDeadline(t))
}
