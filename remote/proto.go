package remote

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/nlroute/nlroute/wire"
)

// The remote agent protocol: `ipr agent` ([Serve]) on the far side of
// any byte stream (ssh, sudo, ip netns exec, kubectl exec) and [Dial]
// here exchange frames over the command's standard input and
// output. Every frame is an 8-byte header and a payload:
//
//	 0               4       5       8
//	+---------------+-------+-------+-----------------------+
//	| payload len   | kind  | 0 0 0 | payload (len bytes)   |
//	| (big endian)  |       |       |                       |
//	+---------------+-------+-------+-----------------------+
//
// The agent speaks first, a hello; then the client sends requests and
// group changes, and the agent sends what its netlink socket receives.
// Frame fields are big endian; netlink payloads are the agent host's
// byte order, which the hello lets the client check against its own.
//
//	kind          direction  payload
//	hello     1   agent →    "NLRAGENT", version u16, 0x0102 in host order u16,
//	                         port id, max send, receive queue (u32 each)
//	request   2   → agent    netlink request messages, sent as one datagram
//	datagram  3   agent →    sender port u32, groups u32, nsid i32,
//	                         flags u32 (1: nsid valid), then the datagram
//	join      4   → agent    group u32
//	leave     5   → agent    group u32
//	result    6   agent →    errno u32 of the last join or leave (0: done)
//	overrun   7   agent →    none: the socket's queue overflowed (ENOBUFS)
//	refused   8   agent →    why, as text; the agent then exits
//
// The agent only ever writes request payloads to its NETLINK_ROUTE
// socket and changes its groups: it refuses (refused frame, exit) a
// frame with non-zero reserved bytes, an unknown kind, a payload over
// maxAgentFrame (or ServeOptions.MaxFrame), a request that is not
// well-formed netlink (every message parses, fills the payload exactly,
// has NLM_F_REQUEST and a type from RTM_BASE up) or that its policy
// refuses (ServeOptions.ReadOnly, Allow), a frame not complete within
// the frame timeout of its first byte, and a client idle too long.

const (
	agentHeaderLen = 8
	// maxAgentFrame bounds a payload: big enough for a batch send with a
	// large socket buffer, small enough that garbage cannot make either
	// side allocate much.
	maxAgentFrame = 8 << 20

	agentVersion   = 1
	agentHelloLen  = 8 + 2 + 2 + 4*3
	agentDgHeadLen = 16
)

var agentMagic = [8]byte{'N', 'L', 'R', 'A', 'G', 'E', 'N', 'T'}

// Frame kinds.
const (
	frameHello    uint8 = 1
	frameRequest  uint8 = 2
	frameDatagram uint8 = 3
	frameJoin     uint8 = 4
	frameLeave    uint8 = 5
	frameResult   uint8 = 6
	frameOverrun  uint8 = 7
	frameRefused  uint8 = 8
)

// errNotAgent is the cause of a stream that does not speak the protocol.
var errNotAgent = errors.New("not an nlroute agent stream")

// frameReader reads frames from a stream into one reused buffer.
type frameReader struct {
	r   io.Reader
	max int // the largest payload accepted; 0 is maxAgentFrame
	hdr [agentHeaderLen]byte
	buf []byte
}

// next reads one frame. The payload is valid until the next call. At a
// frame boundary the end of the stream is io.EOF; inside a frame it is
// io.ErrUnexpectedEOF. A malformed header is an error wrapping
// errNotAgent, naming the bytes seen.
func (fr *frameReader) next() (kind uint8, payload []byte, err error) {
	if _, err := io.ReadFull(fr.r, fr.hdr[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, nil, fmt.Errorf("%w: stream ended inside a frame header (% x)", errNotAgent, fr.hdr[:])
		}
		return 0, nil, err
	}
	n, kind, err := parseFrameHeader(fr.hdr[:])
	if err != nil {
		return 0, nil, err
	}
	if fr.max > 0 && n > fr.max {
		return 0, nil, fmt.Errorf("%w: frame of %d bytes exceeds this agent's limit of %d", errNotAgent, n, fr.max)
	}
	if cap(fr.buf) < n {
		fr.buf = make([]byte, n)
	}
	fr.buf = fr.buf[:n]
	if _, err := io.ReadFull(fr.r, fr.buf); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, fmt.Errorf("frame of %d bytes: %w", n, err)
	}
	return kind, fr.buf, nil
}

// parseFrameHeader checks a frame header and returns its payload length
// and kind.
func parseFrameHeader(h []byte) (int, uint8, error) {
	_ = h[agentHeaderLen-1]
	n := binary.BigEndian.Uint32(h[0:4])
	kind := h[4]
	if h[5] != 0 || h[6] != 0 || h[7] != 0 || kind < frameHello || kind > frameRefused {
		return 0, 0, fmt.Errorf("%w: bad frame header % x (%q)", errNotAgent, h, printable(h))
	}
	if n > maxAgentFrame {
		return 0, 0, fmt.Errorf("%w: frame of %d bytes exceeds the limit of %d", errNotAgent, n, maxAgentFrame)
	}
	return int(n), kind, nil
}

// printable returns b with bytes outside printable ASCII as dots, to
// show what a stream that is not an agent said.
func printable(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			c = '.'
		}
		out[i] = c
	}
	return string(out)
}

// appendFrame appends a frame of kind with payload p to dst.
func appendFrame(dst []byte, kind uint8, p ...[]byte) []byte {
	n := 0
	for _, q := range p {
		n += len(q)
	}
	dst = binary.BigEndian.AppendUint32(dst, uint32(n))
	dst = append(dst, kind, 0, 0, 0)
	for _, q := range p {
		dst = append(dst, q...)
	}
	return dst
}

// agentHello is the agent's first frame.
type agentHello struct {
	PortID             uint32
	MaxSend, RecvQueue uint32
}

func (h agentHello) appendTo(dst []byte) []byte {
	var p [agentHelloLen]byte
	copy(p[:8], agentMagic[:])
	binary.BigEndian.PutUint16(p[8:], agentVersion)
	binary.NativeEndian.PutUint16(p[10:], 0x0102)
	binary.BigEndian.PutUint32(p[12:], h.PortID)
	binary.BigEndian.PutUint32(p[16:], h.MaxSend)
	binary.BigEndian.PutUint32(p[20:], h.RecvQueue)
	return appendFrame(dst, frameHello, p[:])
}

// parseHello checks the first frame of an agent.
func parseHello(kind uint8, p []byte) (agentHello, error) {
	if kind != frameHello || len(p) != agentHelloLen || [8]byte(p[:8]) != agentMagic {
		return agentHello{}, fmt.Errorf("%w: first frame is not a hello", errNotAgent)
	}
	if v := binary.BigEndian.Uint16(p[8:]); v != agentVersion {
		return agentHello{}, fmt.Errorf("agent speaks protocol version %d, this side %d", v, agentVersion)
	}
	if binary.NativeEndian.Uint16(p[10:]) != 0x0102 {
		return agentHello{}, errors.New("agent host has the other byte order: netlink messages would not parse")
	}
	return agentHello{
		PortID:    binary.BigEndian.Uint32(p[12:]),
		MaxSend:   binary.BigEndian.Uint32(p[16:]),
		RecvQueue: binary.BigEndian.Uint32(p[20:]),
	}, nil
}

// checkAgentRequest reports whether p is what a request frame may carry:
// one or more well-formed netlink request messages filling p exactly.
func checkAgentRequest(p []byte) error {
	if len(p) < wire.HeaderLen {
		return fmt.Errorf("request of %d bytes is shorter than a netlink header", len(p))
	}
	if len(p) > maxAgentFrame {
		return fmt.Errorf("request of %d bytes exceeds the limit of %d", len(p), maxAgentFrame)
	}
	it := wire.NewMessages(p)
	i, end, rawEnd := 0, 0, 0
	for it.Next() {
		h := it.Message().Header
		rawEnd = end + int(h.Len)
		end += wire.Align(int(h.Len))
		if h.Flags&wire.FlagRequest == 0 {
			return fmt.Errorf("message %d (type %d) is not a request (no NLM_F_REQUEST)", i, h.Type)
		}
		if h.Type < 16 {
			return fmt.Errorf("message %d has control type %d", i, h.Type)
		}
		i++
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("malformed netlink after %d messages: %w", i, err)
	}
	// The messages fill p exactly; the last one may lack its padding.
	if end != len(p) && rawEnd != len(p) {
		return fmt.Errorf("malformed netlink: %d bytes after %d messages", len(p)-end, i)
	}
	return nil
}

// datagram frame payload head.
func appendDatagramHead(dst []byte, port, groups uint32, nsid int32, hasNSID bool) []byte {
	dst = binary.BigEndian.AppendUint32(dst, port)
	dst = binary.BigEndian.AppendUint32(dst, groups)
	dst = binary.BigEndian.AppendUint32(dst, uint32(nsid))
	var fl uint32
	if hasNSID {
		fl = 1
	}
	return binary.BigEndian.AppendUint32(dst, fl)
}
