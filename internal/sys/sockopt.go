//go:build linux

package sys

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// The setsockopt helpers below are safe for concurrent use and may be
// called at any time; each returns an *Error naming the option and
// wrapping the errno, or [os.ErrClosed] on a closed socket.

// SetExtAck turns NETLINK_EXT_ACK on or off: when on, error replies carry
// the kernel's message, the offending attribute's offset and more as
// NLMSGERR_ATTR_* attributes after the echoed request.
func (s *Socket) SetExtAck(on bool) error {
	return s.setBool(unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, on, "setsockopt NETLINK_EXT_ACK")
}

// SetStrictCheck turns NETLINK_GET_STRICT_CHK on or off: when on, the
// kernel validates dump requests' headers and attributes strictly and
// honours their filter attributes.
func (s *Socket) SetStrictCheck(on bool) error {
	return s.setBool(unix.SOL_NETLINK, unix.NETLINK_GET_STRICT_CHK, on, "setsockopt NETLINK_GET_STRICT_CHK")
}

// SetCapAck turns NETLINK_CAP_ACK on or off: when on, an error reply
// echoes only the request's header instead of the whole request.
func (s *Socket) SetCapAck(on bool) error {
	return s.setBool(unix.SOL_NETLINK, unix.NETLINK_CAP_ACK, on, "setsockopt NETLINK_CAP_ACK")
}

// SetNoENOBUFS turns NETLINK_NO_ENOBUFS on or off: when on, a receive
// queue overrun drops messages silently instead of reporting ENOBUFS.
func (s *Socket) SetNoENOBUFS(on bool) error {
	return s.setBool(unix.SOL_NETLINK, unix.NETLINK_NO_ENOBUFS, on, "setsockopt NETLINK_NO_ENOBUFS")
}

// SetListenAllNSID turns NETLINK_LISTEN_ALL_NSID on or off: when on, the
// socket receives its groups' notifications from every namespace that has
// an id in its own, each tagged with that id ([Datagram.NSID]).
func (s *Socket) SetListenAllNSID(on bool) error {
	return s.setBool(unix.SOL_NETLINK, unix.NETLINK_LISTEN_ALL_NSID, on, "setsockopt NETLINK_LISTEN_ALL_NSID")
}

// JoinGroup subscribes the socket to multicast group (NETLINK_ADD_MEMBERSHIP,
// any group number, not only 1–32).
func (s *Socket) JoinGroup(group uint32) error {
	return s.setInt(unix.SOL_NETLINK, unix.NETLINK_ADD_MEMBERSHIP, int(group), "setsockopt NETLINK_ADD_MEMBERSHIP")
}

// LeaveGroup unsubscribes the socket from multicast group
// (NETLINK_DROP_MEMBERSHIP).
func (s *Socket) LeaveGroup(group uint32) error {
	return s.setInt(unix.SOL_NETLINK, unix.NETLINK_DROP_MEMBERSHIP, int(group), "setsockopt NETLINK_DROP_MEMBERSHIP")
}

// SetReadBuffer sets the receive queue size (SO_RCVBUF). The kernel
// doubles the value and caps it at net.core.rmem_max; with force it uses
// SO_RCVBUFFORCE, which ignores that cap but needs CAP_NET_ADMIN (EPERM
// otherwise).
func (s *Socket) SetReadBuffer(bytes int, force bool) error {
	if force {
		return s.setInt(unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, bytes, "setsockopt SO_RCVBUFFORCE")
	}
	return s.setInt(unix.SOL_SOCKET, unix.SO_RCVBUF, bytes, "setsockopt SO_RCVBUF")
}

// ReadBuffer returns the receive queue size in effect (SO_RCVBUF as the
// kernel reports it, that is after doubling).
func (s *Socket) ReadBuffer() (int, error) {
	return s.getInt(unix.SOL_SOCKET, unix.SO_RCVBUF, "getsockopt SO_RCVBUF")
}

// SetWriteBuffer sets the send buffer size (SO_SNDBUF), which the kernel
// doubles and caps at net.core.wmem_max.
func (s *Socket) SetWriteBuffer(bytes int) error {
	return s.setInt(unix.SOL_SOCKET, unix.SO_SNDBUF, bytes, "setsockopt SO_SNDBUF")
}

// AttachFilter attaches the classic BPF program prog to the socket
// (SO_ATTACH_FILTER), replacing any earlier one. The program sees each
// datagram before it is queued and returns the number of bytes to keep, 0
// to drop it. prog is copied by the kernel; an invalid program fails with
// EINVAL.
func (s *Socket) AttachFilter(prog []SockFilter) error {
	if len(prog) == 0 || len(prog) > 0xffff {
		return wrap("setsockopt SO_ATTACH_FILTER", unix.EINVAL)
	}
	fprog := unix.SockFprog{
		Len:    uint16(len(prog)),
		Filter: (*unix.SockFilter)(unsafe.Pointer(&prog[0])),
	}
	var err error
	cerr := s.rc.Control(func(fd uintptr) {
		err = unix.SetsockoptSockFprog(int(fd), unix.SOL_SOCKET, unix.SO_ATTACH_FILTER, &fprog)
	})
	return wrap("setsockopt SO_ATTACH_FILTER", firstErr(s.pollErr(cerr), err))
}

// DetachFilter removes the socket's BPF filter (SO_DETACH_FILTER); with
// none attached it fails with ENOENT.
func (s *Socket) DetachFilter() error {
	return s.setInt(unix.SOL_SOCKET, unix.SO_DETACH_FILTER, 0, "setsockopt SO_DETACH_FILTER")
}

func (s *Socket) setBool(level, opt int, on bool, op string) error {
	v := 0
	if on {
		v = 1
	}
	return s.setInt(level, opt, v, op)
}

func (s *Socket) setInt(level, opt, v int, op string) error {
	var err error
	cerr := s.rc.Control(func(fd uintptr) {
		err = unix.SetsockoptInt(int(fd), level, opt, v)
	})
	return wrap(op, firstErr(s.pollErr(cerr), err))
}

func (s *Socket) getInt(level, opt int, op string) (int, error) {
	var (
		v   int
		err error
	)
	cerr := s.rc.Control(func(fd uintptr) {
		v, err = unix.GetsockoptInt(int(fd), level, opt)
	})
	if err = firstErr(s.pollErr(cerr), err); err != nil {
		return 0, wrap(op, err)
	}
	return v, nil
}

// getBool reads a boolean option; the tests use it to check the setters.
func (s *Socket) getBool(level, opt int, op string) (bool, error) {
	v, err := s.getInt(level, opt, op)
	return v != 0, err
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// SockFilter must match unix.SockFilter byte for byte: AttachFilter hands
// the kernel a pointer to the caller's slice.
var (
	_ [unsafe.Sizeof(SockFilter{}) - unsafe.Sizeof(unix.SockFilter{})]byte
	_ [unsafe.Sizeof(unix.SockFilter{}) - unsafe.Sizeof(SockFilter{})]byte
	_ [unsafe.Offsetof(SockFilter{}.K) - unsafe.Offsetof(unix.SockFilter{}.K)]byte
)
