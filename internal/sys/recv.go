//go:build linux

package sys

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ctrlWords sizes each control buffer: room for the NETLINK_LISTEN_ALL_NSID
// and NETLINK_PKTINFO messages, 8-byte aligned as cmsghdr needs.
const ctrlWords = 8

// recvState is the preallocated kernel-facing state of the receive calls.
type recvState struct {
	addr unix.RawSockaddrNetlink
	iov  unix.Iovec
	hdr  unix.Msghdr
	ctrl [ctrlWords]uint64

	// One slot per buffer of the largest Recvmmsg so far; each mmsghdr
	// points at its own iovec, address and control buffer.
	mmsg  []unix.Mmsghdr
	miov  []unix.Iovec
	maddr []unix.RawSockaddrNetlink
	mctrl [][ctrlWords]uint64
	mn    int // slots in use by the current Recvmmsg

	flags int
	n     int
	errno syscall.Errno

	fn, mfn func(fd uintptr) bool // method values made once
}

func (r *recvState) init() {
	r.hdr.Name = (*byte)(unsafe.Pointer(&r.addr))
	r.hdr.Iov = &r.iov
	r.hdr.SetIovlen(1)
	r.hdr.Control = (*byte)(unsafe.Pointer(&r.ctrl[0]))
	r.fn = r.recvmsg
	r.mfn = r.recvmmsg
}

// grow makes room for n Recvmmsg slots. It allocates only when n exceeds
// every earlier call's.
func (r *recvState) grow(n int) {
	if n <= len(r.mmsg) {
		return
	}
	r.mmsg = make([]unix.Mmsghdr, n)
	r.miov = make([]unix.Iovec, 2*n) // a buffer and a spill region per slot
	r.maddr = make([]unix.RawSockaddrNetlink, n)
	r.mctrl = make([][ctrlWords]uint64, n)
	for i := range r.mmsg {
		h := &r.mmsg[i].Hdr
		h.Name = (*byte)(unsafe.Pointer(&r.maddr[i]))
		h.Iov = &r.miov[2*i]
		h.SetIovlen(1)
		h.Control = (*byte)(unsafe.Pointer(&r.mctrl[i][0]))
	}
}

// Recvmsg receives one datagram into p with recvmsg(2), waiting through
// the runtime poller until one is queued, the read deadline passes or the
// socket is closed. flags may add [MsgPeek] and [MsgDontwait] (return
// EAGAIN instead of waiting); MSG_TRUNC is always passed, so the returned
// Datagram.N is the datagram's real length even when p was too short, and
// Recvmsg(nil, MsgPeek) measures the next datagram without consuming it.
//
// Recvmsg allocates nothing. It must not run concurrently with Recvmmsg or
// another Recvmsg on the same socket. Errors are *Error values wrapping the
// errno (ENOBUFS when the kernel dropped messages for want of buffer
// space) or the poller's [os.ErrDeadlineExceeded] / [os.ErrClosed].
func (s *Socket) Recvmsg(p []byte, flags int) (Datagram, error) {
	r := &s.recv
	r.iov.Base = unsafe.SliceData(p)
	r.iov.SetLen(len(p))
	r.flags = flags | MsgTrunc
	err := s.pollErr(s.rc.Read(r.fn))
	r.iov.Base = nil // do not keep the caller's buffer alive
	if err == nil && r.errno != 0 {
		err = r.errno
	}
	if err != nil {
		return Datagram{}, hotErr(opRecvmsg, err)
	}
	return datagram(&r.hdr, &r.addr, r.ctrl[:], r.n), nil
}

// Recvmmsg receives up to min(len(bufs), len(out)) datagrams with one
// recvmmsg(2) call, datagram i into bufs[i] and its description into
// out[i], and returns how many it received. It waits as Recvmsg does until
// at least one datagram is queued, then takes whatever else is already
// queued without waiting further. flags are as for Recvmsg, and each
// out[i].N is the real length as there.
//
// Recvmmsg allocates only when called with more buffers than ever before
// on this socket. Concurrency and errors are as for Recvmsg.
func (s *Socket) Recvmmsg(bufs [][]byte, out []Datagram, flags int) (int, error) {
	n := min(len(bufs), len(out))
	if n == 0 {
		return 0, nil
	}
	return s.recvmmsg(bufs[:n], nil, out, flags)
}

// RecvmmsgSpill is Recvmmsg with a spill region behind each buffer: slot
// i scatters its datagram into bufs[i] and, past its end, into spill[i]
// (two iovecs), so a datagram longer than its buffer arrives whole as
// long as it fits both. out[i].N is the real length: the first
// len(bufs[i]) bytes are in bufs[i], the rest at the start of spill[i].
// Spill regions from MapSpill cost no memory until a datagram touches
// them. len(spill) must be at least min(len(bufs), len(out)).
func (s *Socket) RecvmmsgSpill(bufs, spill [][]byte, out []Datagram, flags int) (int, error) {
	n := min(len(bufs), len(out))
	if n == 0 {
		return 0, nil
	}
	return s.recvmmsg(bufs[:n], spill[:n], out, flags)
}

// recvmmsg fills the slots for bufs (and spill, when non-nil), receives,
// and describes what arrived.
func (s *Socket) recvmmsg(bufs, spill [][]byte, out []Datagram, flags int) (int, error) {
	n := len(bufs)
	r := &s.recv
	r.grow(n)
	iovs := 1
	if spill != nil {
		iovs = 2
	}
	for i := range n {
		r.miov[2*i].Base = unsafe.SliceData(bufs[i])
		r.miov[2*i].SetLen(len(bufs[i]))
		if spill != nil {
			r.miov[2*i+1].Base = unsafe.SliceData(spill[i])
			r.miov[2*i+1].SetLen(len(spill[i]))
		}
		r.mmsg[i].Hdr.SetIovlen(iovs)
	}
	r.mn = n
	r.flags = flags | MsgTrunc
	err := s.pollErr(s.rc.Read(r.mfn))
	for i := range n {
		r.miov[2*i].Base = nil
		r.miov[2*i+1].Base = nil
	}
	if err == nil && r.errno != 0 {
		err = r.errno
	}
	if err != nil {
		return 0, hotErr(opRecvmmsg, err)
	}
	for i := range r.n {
		m := &r.mmsg[i]
		out[i] = datagram(&m.Hdr, &r.maddr[i], r.mctrl[i][:], int(m.Len))
	}
	return r.n, nil
}

// recvmsg is the RawConn.Read callback of Recvmsg. It returns false to ask
// the poller to wait for readability.
func (r *recvState) recvmsg(fd uintptr) bool {
	for {
		r.hdr.Namelen = unix.SizeofSockaddrNetlink
		r.hdr.SetControllen(ctrlWords * 8)
		r.hdr.Flags = 0
		n, _, e := unix.Syscall(unix.SYS_RECVMSG, fd, uintptr(unsafe.Pointer(&r.hdr)), uintptr(r.flags))
		if e == unix.EINTR {
			continue
		}
		if e == unix.EAGAIN && r.flags&MsgDontwait == 0 {
			return false
		}
		r.n, r.errno = int(n), e
		return true
	}
}

// recvmmsg is the RawConn.Read callback of Recvmmsg. x/sys/unix has no
// wrapper for recvmmsg(2), so it is called directly; the timeout argument
// is NULL because waiting is the poller's job.
func (r *recvState) recvmmsg(fd uintptr) bool {
	for {
		for i := range r.mn {
			h := &r.mmsg[i]
			h.Hdr.Namelen = unix.SizeofSockaddrNetlink
			h.Hdr.SetControllen(ctrlWords * 8)
			h.Hdr.Flags = 0
			h.Len = 0
		}
		n, _, e := unix.Syscall6(unix.SYS_RECVMMSG, fd,
			uintptr(unsafe.Pointer(&r.mmsg[0])), uintptr(r.mn), uintptr(r.flags), 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e == unix.EAGAIN && r.flags&MsgDontwait == 0 {
			return false
		}
		r.n, r.errno = int(n), e
		return true
	}
}

// datagram describes a datagram from the msghdr the kernel filled in.
func datagram(h *unix.Msghdr, addr *unix.RawSockaddrNetlink, ctrl []uint64, n int) Datagram {
	d := Datagram{N: n, Flags: int(h.Flags), PortID: addr.Pid, Groups: addr.Groups}
	if h.Controllen > 0 {
		b := unsafe.Slice((*byte)(unsafe.Pointer(&ctrl[0])), min(int(h.Controllen), len(ctrl)*8))
		d.NSID, d.HasNSID = findNSID(b)
	}
	return d
}

// findNSID walks the control messages in b for the NETLINK_LISTEN_ALL_NSID
// one, whose payload is the peer namespace id as a native int32.
func findNSID(b []byte) (int32, bool) {
	hdrLen := unix.CmsgLen(0) // CMSG_ALIGN(sizeof(struct cmsghdr))
	for len(b) >= hdrLen {
		h := (*unix.Cmsghdr)(unsafe.Pointer(&b[0]))
		l := int(h.Len)
		if l < hdrLen || l > len(b) {
			return 0, false
		}
		if h.Level == unix.SOL_NETLINK && h.Type == unix.NETLINK_LISTEN_ALL_NSID && l >= hdrLen+4 {
			return *(*int32)(unsafe.Pointer(&b[hdrLen])), true
		}
		b = b[min(unix.CmsgSpace(l-hdrLen), len(b)):]
	}
	return 0, false
}
