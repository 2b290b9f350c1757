package sys

// The value types of the package, the same on every platform (see
// sys_other.go for what the calls do off Linux).

// Config holds the options fixed when a socket is opened. The zero value
// opens a socket in the caller's namespace, lets the kernel assign the
// port id and subscribes to no multicast group.
type Config struct {
	// NetNS is the network namespace the socket lives in for its whole
	// life. Zero: the caller's.
	NetNS NetNS

	// PortID is the netlink port id (nl_pid) to bind. Zero lets the kernel
	// pick a unique one; a fixed non-zero id fails with EADDRINUSE when
	// another socket of the namespace holds it.
	PortID uint32

	// Groups is the legacy bind-time multicast mask (nl_groups), which
	// reaches groups 1 to 32 only. Prefer [Socket.JoinGroup].
	Groups uint32
}

// Datagram describes one received datagram.
type Datagram struct {
	// N is the datagram's real length. When it exceeds the buffer, Flags
	// has MsgTrunc and only len(buf) bytes were stored: the rest is lost
	// (unless MsgPeek was passed, in which case the datagram is still
	// queued and can be read again into a bigger buffer).
	N int

	// Flags are the msg_flags the kernel returned: MsgTrunc, MsgCtrunc.
	Flags int

	// PortID is the sender's port id (nl_pid): 0 for the kernel.
	PortID uint32

	// Groups is the sender-side multicast mask (nl_groups) for a datagram
	// multicast to groups 1–32, else 0.
	Groups uint32

	// NSID is the peer namespace id the kernel attached to a datagram from
	// another namespace, when NETLINK_LISTEN_ALL_NSID is on; HasNSID
	// tells whether it did.
	NSID    int32
	HasNSID bool
}

// SockFilter is one classic BPF instruction, laid out as the kernel's
// struct sock_filter.
type SockFilter struct {
	Code uint16
	Jt   uint8
	Jf   uint8
	K    uint32
}
