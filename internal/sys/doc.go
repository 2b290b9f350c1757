// Package sys holds the raw system calls behind nlroute's netlink sockets.
// It is the only package of the module that imports golang.org/x/sys/unix;
// everything above it (ring, rtnl, tc) speaks to the kernel through the
// types here.
//
// A [Socket] is an AF_NETLINK socket whose nonblocking descriptor is owned
// by an [os.File], so every wait for readiness goes through the Go runtime's
// network poller: SetReadDeadline and Close wake a blocked receiver, and a
// blocked receive costs no OS thread. Send and receive paths reuse the
// iovec, msghdr and mmsghdr arrays preallocated in the Socket, so once a
// Socket is open a Sendmsg, Sendto, Recvmsg or Recvmmsg call allocates
// nothing.
//
// [Open] can create a socket inside another network namespace ([NetNS])
// without ever changing the namespace of the caller's thread: the switch
// happens on a separate, locked OS thread that is thrown away if it cannot
// be switched back.
//
// Failed calls return an [*Error] naming the system call and wrapping the
// cause, a [syscall.Errno] or a poller error such as
// [os.ErrDeadlineExceeded] or [os.ErrClosed], so errors.Is works with both.
package sys
