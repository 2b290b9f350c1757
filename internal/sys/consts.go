package sys

import "golang.org/x/sys/unix"

// Netlink protocol families, the proto argument of [Open].
const (
	ProtoRoute     = unix.NETLINK_ROUTE     // NETLINK_ROUTE: rtnetlink
	ProtoSockDiag  = unix.NETLINK_SOCK_DIAG // NETLINK_SOCK_DIAG
	ProtoNetfilter = unix.NETLINK_NETFILTER // NETLINK_NETFILTER
	ProtoGeneric   = unix.NETLINK_GENERIC   // NETLINK_GENERIC: genetlink
)

// Flags for the flags argument of the receive and send calls and for
// [Datagram.Flags].
const (
	MsgPeek     = unix.MSG_PEEK     // MSG_PEEK: leave the datagram queued
	MsgTrunc    = unix.MSG_TRUNC    // MSG_TRUNC: datagram was longer than the buffer
	MsgCtrunc   = unix.MSG_CTRUNC   // MSG_CTRUNC: control data was truncated
	MsgDontwait = unix.MSG_DONTWAIT // MSG_DONTWAIT: return EAGAIN instead of waiting
)
