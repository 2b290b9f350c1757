//go:build !linux

package sys

import (
	"syscall"
	"time"
)

// Off Linux there is no netlink: the package keeps its API so that the
// layers above compile everywhere, and every call that would reach the
// kernel fails with an *Error wrapping ErrNotSupported. Open never
// returns a Socket, so the methods below are reached only through a nil
// or zero Socket; they fail the same way.

// Socket stands for an AF_NETLINK socket, which this platform does not
// have; see the Linux documentation of each method.
type Socket struct{}

// unsupported is the error of op on this platform.
func unsupported(op string) error { return &Error{Op: op, Err: ErrNotSupported} }

// Open fails with an *Error wrapping ErrNotSupported.
func Open(proto int, cfg Config) (*Socket, error) { return nil, unsupported("socket") }

// Do runs fn for the zero NetNS (the caller's namespace, the only one
// there is) and fails with an *Error wrapping ErrNotSupported for any
// other.
func (ns NetNS) Do(fn func() error) error {
	if ns.IsCurrent() {
		return fn()
	}
	return unsupported("setns " + ns.String())
}

// Close fails with an *Error wrapping ErrNotSupported.
func (s *Socket) Close() error { return unsupported("close") }

// PortID returns 0.
func (s *Socket) PortID() uint32 { return 0 }

// Protocol returns 0.
func (s *Socket) Protocol() int { return 0 }

// SyscallConn returns nil: there is no descriptor.
func (s *Socket) SyscallConn() syscall.RawConn { return nil }

// Recvmsg fails with an *Error wrapping ErrNotSupported.
func (s *Socket) Recvmsg(p []byte, flags int) (Datagram, error) {
	return Datagram{}, unsupported("recvmsg")
}

// Recvmmsg fails with an *Error wrapping ErrNotSupported.
func (s *Socket) Recvmmsg(bufs [][]byte, out []Datagram, flags int) (int, error) {
	return 0, unsupported("recvmmsg")
}

// RecvmmsgSpill fails with an *Error wrapping ErrNotSupported.
func (s *Socket) RecvmmsgSpill(bufs, spill [][]byte, out []Datagram, flags int) (int, error) {
	return 0, unsupported("recvmmsg")
}

// Sendmsg fails with an *Error wrapping ErrNotSupported.
func (s *Socket) Sendmsg(p []byte, flags int) (int, error) { return 0, unsupported("sendmsg") }

// Sendto fails with an *Error wrapping ErrNotSupported.
func (s *Socket) Sendto(p []byte, flags int) (int, error) { return 0, unsupported("sendto") }

// SetDeadline fails with an *Error wrapping ErrNotSupported.
func (s *Socket) SetDeadline(t time.Time) error { return unsupported("set deadline") }

// SetReadDeadline fails with an *Error wrapping ErrNotSupported.
func (s *Socket) SetReadDeadline(t time.Time) error { return unsupported("set read deadline") }

// SetWriteDeadline fails with an *Error wrapping ErrNotSupported.
func (s *Socket) SetWriteDeadline(t time.Time) error { return unsupported("set write deadline") }

// SetExtAck fails with an *Error wrapping ErrNotSupported.
func (s *Socket) SetExtAck(on bool) error { return unsupported("setsockopt NETLINK_EXT_ACK") }

// SetStrictCheck fails with an *Error wrapping ErrNotSupported.
func (s *Socket) SetStrictCheck(on bool) error {
	return unsupported("setsockopt NETLINK_GET_STRICT_CHK")
}

// SetCapAck fails with an *Error wrapping ErrNotSupported.
func (s *Socket) SetCapAck(on bool) error { return unsupported("setsockopt NETLINK_CAP_ACK") }

// SetNoENOBUFS fails with an *Error wrapping ErrNotSupported.
func (s *Socket) SetNoENOBUFS(on bool) error { return unsupported("setsockopt NETLINK_NO_ENOBUFS") }

// SetListenAllNSID fails with an *Error wrapping ErrNotSupported.
func (s *Socket) SetListenAllNSID(on bool) error {
	return unsupported("setsockopt NETLINK_LISTEN_ALL_NSID")
}

// JoinGroup fails with an *Error wrapping ErrNotSupported.
func (s *Socket) JoinGroup(group uint32) error {
	return unsupported("setsockopt NETLINK_ADD_MEMBERSHIP")
}

// LeaveGroup fails with an *Error wrapping ErrNotSupported.
func (s *Socket) LeaveGroup(group uint32) error {
	return unsupported("setsockopt NETLINK_DROP_MEMBERSHIP")
}

// SetReadBuffer fails with an *Error wrapping ErrNotSupported.
func (s *Socket) SetReadBuffer(bytes int, force bool) error {
	return unsupported("setsockopt SO_RCVBUF")
}

// ReadBuffer fails with an *Error wrapping ErrNotSupported.
func (s *Socket) ReadBuffer() (int, error) { return 0, unsupported("getsockopt SO_RCVBUF") }

// SetWriteBuffer fails with an *Error wrapping ErrNotSupported.
func (s *Socket) SetWriteBuffer(bytes int) error { return unsupported("setsockopt SO_SNDBUF") }

// WriteBuffer fails with an *Error wrapping ErrNotSupported.
func (s *Socket) WriteBuffer() (int, error) { return 0, unsupported("getsockopt SO_SNDBUF") }

// AttachFilter fails with an *Error wrapping ErrNotSupported.
func (s *Socket) AttachFilter(prog []SockFilter) error {
	return unsupported("setsockopt SO_ATTACH_FILTER")
}

// DetachFilter fails with an *Error wrapping ErrNotSupported.
func (s *Socket) DetachFilter() error { return unsupported("setsockopt SO_DETACH_FILTER") }

// IsNoProtoOpt reports false: no socket option exists to be unknown.
func IsNoProtoOpt(err error) bool { return false }

// MapSpill fails with an *Error wrapping ErrNotSupported.
func MapSpill(size int) ([]byte, error) { return nil, unsupported("mmap spill") }

// ReleaseSpill does nothing for an empty b and fails with an *Error
// wrapping ErrNotSupported otherwise.
func ReleaseSpill(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	return unsupported("madvise spill")
}

// UnmapSpill fails with an *Error wrapping ErrNotSupported.
func UnmapSpill(b []byte) error { return unsupported("munmap spill") }
