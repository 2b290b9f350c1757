//go:build freebsd || openbsd || darwin

package sys

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// routeSocketBuffer is the receive buffer a RouteSocket asks for: the
// systems' default (8 KiB on FreeBSD, a few dozen messages) overflows on
// the first burst of route changes. The kernel caps it at
// kern.ipc.maxsockbuf; failing to set it is not an error.
const routeSocketBuffer = 1 << 20

// RouteSocket is a routing socket, socket(PF_ROUTE, SOCK_RAW, AF_UNSPEC):
// the kernel writes a routing message to it for every change of an
// interface, address, route or ARP/NDP entry of every family. Its
// nonblocking descriptor is owned by an os.File, so a Read waits in the
// Go runtime's poller and Close wakes it.
type RouteSocket struct {
	f *os.File
}

// OpenRouteSocket opens a routing socket, close-on-exec. Errors are
// *Error naming "socket".
func OpenRouteSocket() (*RouteSocket, error) {
	// Darwin has no SOCK_CLOEXEC: hold ForkLock until the flag is set.
	syscall.ForkLock.RLock()
	fd, err := unix.Socket(unix.AF_ROUTE, unix.SOCK_RAW, unix.AF_UNSPEC)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, &Error{Op: "socket", Err: err}
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, &Error{Op: "socket", Err: err}
	}
	_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, routeSocketBuffer)
	return &RouteSocket{f: os.NewFile(uintptr(fd), "route")}, nil
}

// Read reads the next routing message into p and returns its length (a
// routing socket returns one message per read; a longer one is
// truncated to p). It blocks until one arrives or the socket is closed.
// Errors are *Error naming "read", wrapping the errno (ENOBUFS: the
// receive buffer overflowed and messages were lost) or os.ErrClosed.
// It allocates nothing.
func (s *RouteSocket) Read(p []byte) (int, error) {
	n, err := s.f.Read(p)
	if err != nil {
		if pe, ok := err.(*os.PathError); ok {
			err = pe.Err
		}
		return n, &Error{Op: "read", Err: err}
	}
	return n, nil
}

// Close closes the socket, waking a Read blocked in another goroutine.
// Closing twice returns an error wrapping os.ErrClosed.
func (s *RouteSocket) Close() error {
	if err := s.f.Close(); err != nil {
		return &Error{Op: "close", Err: err}
	}
	return nil
}
