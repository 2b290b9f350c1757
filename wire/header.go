package wire

import (
	"encoding/binary"
)

// Sizes and alignment of the netlink format.
const (
	HeaderLen     = 16 // sizeof(struct nlmsghdr)
	AttrHeaderLen = 4  // sizeof(struct nlattr)
	alignTo       = 4  // NLMSG_ALIGNTO, NLA_ALIGNTO
)

// Align rounds n up to the 4-byte boundary that netlink messages and
// attributes are aligned on (NLMSG_ALIGN, NLA_ALIGN).
func Align(n int) int { return (n + alignTo - 1) &^ (alignTo - 1) }

// MsgType is nlmsg_type: one of the control types below or a family's own
// request type (RTM_NEWLINK …).
type MsgType uint16

// Control message types, common to every netlink family.
const (
	TypeNoop    MsgType = 0x1 // NLMSG_NOOP
	TypeError   MsgType = 0x2 // NLMSG_ERROR
	TypeDone    MsgType = 0x3 // NLMSG_DONE
	TypeOverrun MsgType = 0x4 // NLMSG_OVERRUN
	// TypeMinType is the first type a family may use for its own messages.
	TypeMinType MsgType = 0x10 // NLMSG_MIN_TYPE
)

// HeaderFlags is nlmsg_flags. Several values are shared: the meaning of
// 0x100 … 0x800 depends on whether the request is a GET, a NEW, a DEL, or an
// acknowledgement.
type HeaderFlags uint16

// Flags of every request and reply.
const (
	FlagRequest      HeaderFlags = 0x01 // NLM_F_REQUEST
	FlagMulti        HeaderFlags = 0x02 // NLM_F_MULTI
	FlagAck          HeaderFlags = 0x04 // NLM_F_ACK
	FlagEcho         HeaderFlags = 0x08 // NLM_F_ECHO
	FlagDumpIntr     HeaderFlags = 0x10 // NLM_F_DUMP_INTR
	FlagDumpFiltered HeaderFlags = 0x20 // NLM_F_DUMP_FILTERED
)

// Modifiers of GET requests.
const (
	FlagRoot   HeaderFlags = 0x100                // NLM_F_ROOT
	FlagMatch  HeaderFlags = 0x200                // NLM_F_MATCH
	FlagAtomic HeaderFlags = 0x400                // NLM_F_ATOMIC
	FlagDump   HeaderFlags = FlagRoot | FlagMatch // NLM_F_DUMP
)

// Modifiers of NEW requests.
const (
	FlagReplace HeaderFlags = 0x100 // NLM_F_REPLACE
	FlagExcl    HeaderFlags = 0x200 // NLM_F_EXCL
	FlagCreate  HeaderFlags = 0x400 // NLM_F_CREATE
	FlagAppend  HeaderFlags = 0x800 // NLM_F_APPEND
)

// Modifiers of DELETE requests.
const (
	FlagNonrec HeaderFlags = 0x100 // NLM_F_NONREC
	FlagBulk   HeaderFlags = 0x200 // NLM_F_BULK
)

// Flags of acknowledgements (NLMSG_ERROR).
const (
	FlagCapped  HeaderFlags = 0x100 // NLM_F_CAPPED: the echoed request was cut to its header
	FlagAckTLVs HeaderFlags = 0x200 // NLM_F_ACK_TLVS: extended-ack attributes follow
)

// Header is struct nlmsghdr.
type Header struct {
	Len   uint32      // nlmsg_len: header and payload, without trailing padding
	Type  MsgType     // nlmsg_type
	Flags HeaderFlags // nlmsg_flags
	Seq   uint32      // nlmsg_seq
	PID   uint32      // nlmsg_pid: the sender's port id, 0 for the kernel
}

// ParseHeader reads a header from the start of b. It checks only that b is
// long enough for the header; Messages also checks Len against the buffer.
func ParseHeader(b []byte) (Header, error) {
	if len(b) < HeaderLen {
		return Header{}, errShortHeader
	}
	_ = b[15]
	return Header{
		Len:   binary.NativeEndian.Uint32(b[0:4]),
		Type:  MsgType(binary.NativeEndian.Uint16(b[4:6])),
		Flags: HeaderFlags(binary.NativeEndian.Uint16(b[6:8])),
		Seq:   binary.NativeEndian.Uint32(b[8:12]),
		PID:   binary.NativeEndian.Uint32(b[12:16]),
	}, nil
}

// Put writes h into the first HeaderLen bytes of b, which must be at least
// that long.
func (h Header) Put(b []byte) {
	_ = b[15]
	binary.NativeEndian.PutUint32(b[0:4], h.Len)
	binary.NativeEndian.PutUint16(b[4:6], uint16(h.Type))
	binary.NativeEndian.PutUint16(b[6:8], uint16(h.Flags))
	binary.NativeEndian.PutUint32(b[8:12], h.Seq)
	binary.NativeEndian.PutUint32(b[12:16], h.PID)
}

// Append appends h to b and returns the extended slice.
func (h Header) Append(b []byte) []byte {
	b = append(b, make([]byte, HeaderLen)...)
	h.Put(b[len(b)-HeaderLen:])
	return b
}
