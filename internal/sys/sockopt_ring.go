//go:build linux

package sys

import "golang.org/x/sys/unix"

// WriteBuffer returns the send buffer size in effect (SO_SNDBUF as the
// kernel reports it, that is after doubling). A netlink sendmsg larger
// than this value less 32 bytes fails with EMSGSIZE.
func (s *Socket) WriteBuffer() (int, error) {
	return s.getInt(unix.SOL_SOCKET, unix.SO_SNDBUF, "getsockopt SO_SNDBUF")
}

// IsNoProtoOpt reports whether err says the kernel does not know a socket
// option (ENOPROTOOPT): an older kernel refusing a newer netlink option,
// which callers may treat as "feature absent".
func IsNoProtoOpt(err error) bool { return isErrno(err, unix.ENOPROTOOPT) }

func isErrno(err error, errno unix.Errno) bool {
	e, ok := err.(*Error)
	return ok && e.Err == errno
}
