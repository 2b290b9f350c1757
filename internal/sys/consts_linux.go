//go:build linux

package sys

import "golang.org/x/sys/unix"

// The portable constants of consts.go must be the kernel's: each line
// fails to compile (a negative or out-of-range array length) when one
// differs.
var (
	_ [ProtoRoute - unix.NETLINK_ROUTE]byte
	_ [unix.NETLINK_ROUTE - ProtoRoute]byte
	_ [ProtoSockDiag - unix.NETLINK_SOCK_DIAG]byte
	_ [unix.NETLINK_SOCK_DIAG - ProtoSockDiag]byte
	_ [ProtoNetfilter - unix.NETLINK_NETFILTER]byte
	_ [unix.NETLINK_NETFILTER - ProtoNetfilter]byte
	_ [ProtoGeneric - unix.NETLINK_GENERIC]byte
	_ [unix.NETLINK_GENERIC - ProtoGeneric]byte
	_ [MsgPeek - unix.MSG_PEEK]byte
	_ [unix.MSG_PEEK - MsgPeek]byte
	_ [MsgTrunc - unix.MSG_TRUNC]byte
	_ [unix.MSG_TRUNC - MsgTrunc]byte
	_ [MsgCtrunc - unix.MSG_CTRUNC]byte
	_ [unix.MSG_CTRUNC - MsgCtrunc]byte
	_ [MsgDontwait - unix.MSG_DONTWAIT]byte
	_ [unix.MSG_DONTWAIT - MsgDontwait]byte
)
