package sys

// The constants hold Linux's values on every platform: only the Linux
// implementation gives them meaning, and consts_linux.go checks them
// against golang.org/x/sys/unix at compile time.

// Netlink protocol families, the proto argument of [Open].
const (
	ProtoRoute     = 0  // NETLINK_ROUTE: rtnetlink
	ProtoSockDiag  = 4  // NETLINK_SOCK_DIAG
	ProtoNetfilter = 12 // NETLINK_NETFILTER
	ProtoGeneric   = 16 // NETLINK_GENERIC: genetlink
)

// Flags for the flags argument of the receive and send calls and for
// [Datagram.Flags].
const (
	MsgPeek     = 0x2  // MSG_PEEK: leave the datagram queued
	MsgTrunc    = 0x20 // MSG_TRUNC: datagram was longer than the buffer
	MsgCtrunc   = 0x8  // MSG_CTRUNC: control data was truncated
	MsgDontwait = 0x40 // MSG_DONTWAIT: return EAGAIN instead of waiting
)
