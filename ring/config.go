package ring

import "github.com/nlroute/nlroute/netns"

// Config holds the options of [Dial]. The zero value is a useful
// rtnetlink connection: protocol NETLINK_ROUTE in the caller's namespace,
// extended acks and strict checking on, the kernel's default socket
// buffers, DefaultBuffers receive buffers of DefaultBufferSize bytes, no
// multicast groups.
type Config struct {
	// Protocol is the netlink protocol; 0 is NETLINK_ROUTE.
	Protocol int

	// NetNS is the namespace the socket is opened in for its whole life
	// (netns.Named("blue"), netns.Path, netns.FD, netns.PID); the zero
	// value is the caller's. The socket is created on a throwaway locked
	// OS thread inside it (netns.NS.Do), so the caller's thread never
	// changes namespace. Entering another namespace needs CAP_SYS_ADMIN.
	NetNS netns.NS

	// PortID binds a fixed port id; 0 lets the kernel choose.
	PortID uint32

	// Groups are multicast groups to join at once (any group number,
	// above 32 too); [Conn.JoinGroup] and [Conn.LeaveGroup] change them
	// later.
	Groups []uint32

	// DisableExtAck turns NETLINK_EXT_ACK off. It is on by default, so
	// errors carry the kernel's message; a kernel that does not know the
	// option leaves it off silently.
	DisableExtAck bool

	// DisableStrictCheck turns NETLINK_GET_STRICT_CHK off. It is on by
	// default (dump filters are honoured), with the same fallback.
	DisableStrictCheck bool

	// CapAck turns NETLINK_CAP_ACK on: error replies echo only the
	// request's header, which keeps the acks of big batches small.
	CapAck bool

	// ReadBuffer sets SO_RCVBUF (the kernel doubles it), capped at
	// net.core.rmem_max unless ForceReadBuffer uses SO_RCVBUFFORCE,
	// which needs CAP_NET_ADMIN. 0 keeps the default. A bigger queue lets
	// a batch be sent in fewer, larger sends.
	ReadBuffer      int
	ForceReadBuffer bool

	// WriteBuffer sets SO_SNDBUF, which bounds the size of one send of a
	// batch. 0 keeps the default.
	WriteBuffer int

	// NoENOBUFS sets NETLINK_NO_ENOBUFS: overruns drop messages silently
	// instead of failing with [ErrOverrun].
	NoENOBUFS bool

	// ListenAllNSID sets NETLINK_LISTEN_ALL_NSID: notifications of every
	// namespace with an id here arrive, tagged with it.
	ListenAllNSID bool

	// Filter is a classic BPF program attached to the socket
	// (SO_ATTACH_FILTER): the kernel runs it on every datagram before
	// queueing it and drops those it returns 0 for, so a monitor that
	// wants a few message types never wakes for the rest. Empty attaches
	// none. The program reads the datagram from offset 0 (the first
	// nlmsghdr); an invalid program fails Dial with EINVAL.
	Filter []SockFilter

	// Buffers is how many datagrams one receive step takes with one
	// recvmmsg; 0 means DefaultBuffers.
	Buffers int

	// BufferSize is the initial size of each receive buffer; 0 means
	// DefaultBufferSize. Smaller sizes save memory but make large
	// datagrams arrive truncated once ([TruncatedError]) before the
	// buffers grow; they exist mainly to test that path.
	BufferSize int
}

func (cfg *Config) buffers() (n, size int) {
	n, size = cfg.Buffers, cfg.BufferSize
	if n <= 0 {
		n = DefaultBuffers
	}
	if size <= 0 {
		size = DefaultBufferSize
	}
	return n, max(size, 64)
}

// SockFilter is one classic BPF instruction (struct sock_filter), as
// golang.org/x/net/bpf assembles them (bpf.RawInstruction has the same
// fields).
type SockFilter struct {
	Code uint16
	Jt   uint8
	Jf   uint8
	K    uint32
}
