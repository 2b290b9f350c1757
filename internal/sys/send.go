//go:build linux

package sys

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// sendState is the preallocated kernel-facing state of the send calls.
// The msghdr points at addr and iov for the socket's whole life; each call
// only points iov at the caller's bytes, so nothing is allocated per call.
type sendState struct {
	addr unix.RawSockaddrNetlink // destination: the kernel (nl_pid 0)
	iov  unix.Iovec
	hdr  unix.Msghdr

	p     []byte // Sendto's bytes during a call
	flags int

	// Results, written by the callbacks below on the poller's behalf.
	n     int
	errno syscall.Errno

	// Method values made once, so handing them to RawConn.Write does not
	// allocate a closure per call.
	msgFn, toFn func(fd uintptr) bool
}

func (st *sendState) init() {
	st.addr.Family = unix.AF_NETLINK
	st.hdr.Name = (*byte)(unsafe.Pointer(&st.addr))
	st.hdr.Namelen = unix.SizeofSockaddrNetlink
	st.hdr.Iov = &st.iov
	st.hdr.SetIovlen(1)
	st.msgFn = st.sendmsg
	st.toFn = st.sendto
}

// Sendmsg sends p as one datagram to the kernel (nl_pid 0) with
// sendmsg(2) and returns the number of bytes sent. p may hold one netlink
// message or many back to back; the kernel processes them in order. flags
// are MSG_* send flags, usually 0; with [MsgDontwait] a full socket returns
// an *Error wrapping EAGAIN instead of waiting.
//
// p is only read during the call. Sendmsg allocates nothing; it must not
// run concurrently with Sendto or another Sendmsg on the same socket.
// Errors are *Error values wrapping the errno or the poller's
// [os.ErrDeadlineExceeded] / [os.ErrClosed].
func (s *Socket) Sendmsg(p []byte, flags int) (int, error) {
	st := &s.send
	st.iov.Base = unsafe.SliceData(p)
	st.iov.SetLen(len(p))
	st.flags = flags
	err := s.pollErr(s.rc.Write(st.msgFn))
	st.iov.Base = nil // do not keep the caller's buffer alive
	if err == nil && st.errno != 0 {
		err = st.errno
	}
	if err != nil {
		return 0, hotErr(opSendmsg, err)
	}
	return st.n, nil
}

// Sendto is Sendmsg through sendto(2). It behaves the same in every
// respect.
func (s *Socket) Sendto(p []byte, flags int) (int, error) {
	st := &s.send
	st.p = p
	st.flags = flags
	err := s.pollErr(s.rc.Write(st.toFn))
	st.p = nil
	if err == nil && st.errno != 0 {
		err = st.errno
	}
	if err != nil {
		return 0, hotErr(opSendto, err)
	}
	return st.n, nil
}

// sendmsg is the RawConn.Write callback of Sendmsg. It returns false to
// ask the poller to wait for writability.
func (st *sendState) sendmsg(fd uintptr) bool {
	for {
		n, _, e := unix.Syscall(unix.SYS_SENDMSG, fd, uintptr(unsafe.Pointer(&st.hdr)), uintptr(st.flags))
		if e == unix.EINTR {
			continue
		}
		if e == unix.EAGAIN && st.flags&MsgDontwait == 0 {
			return false
		}
		st.n, st.errno = int(n), e
		return true
	}
}

// sendto is the RawConn.Write callback of Sendto.
func (st *sendState) sendto(fd uintptr) bool {
	for {
		n, _, e := unix.Syscall6(unix.SYS_SENDTO, fd,
			uintptr(unsafe.Pointer(unsafe.SliceData(st.p))), uintptr(len(st.p)), uintptr(st.flags),
			uintptr(unsafe.Pointer(&st.addr)), unix.SizeofSockaddrNetlink)
		if e == unix.EINTR {
			continue
		}
		if e == unix.EAGAIN && st.flags&MsgDontwait == 0 {
			return false
		}
		st.n, st.errno = int(n), e
		return true
	}
}
