package wire

import (
	"encoding/binary"
	"strconv"
	"syscall"
)

// Extended-ack attribute types (enum nlmsgerr_attrs).
const (
	ExtAckMsg      uint16 = 1 // NLMSGERR_ATTR_MSG: string
	ExtAckOffset   uint16 = 2 // NLMSGERR_ATTR_OFFS: u32, offset of the bad attribute in the request
	ExtAckCookie   uint16 = 3 // NLMSGERR_ATTR_COOKIE: binary
	ExtAckPolicy   uint16 = 4 // NLMSGERR_ATTR_POLICY: nested policy of the bad attribute
	ExtAckMissType uint16 = 5 // NLMSGERR_ATTR_MISS_TYPE: u32, type of a missing attribute
	ExtAckMissNest uint16 = 6 // NLMSGERR_ATTR_MISS_NEST: u32, offset of the nest that lacks it
)

// ExtAck is the extended acknowledgement the kernel attaches to an
// NLMSG_ERROR or NLMSG_DONE when NETLINK_EXT_ACK is on. Its slices borrow
// the received buffer. A successful ack may carry a Msg too: a warning.
type ExtAck struct {
	Msg         []byte // human-readable text, without its NUL
	Offset      uint32 // valid when HasOffset
	HasOffset   bool
	Cookie      []byte
	Policy      []byte // the raw nested policy attributes
	MissType    uint32 // valid when HasMissType
	HasMissType bool
	MissNest    uint32 // valid when HasMissNest
	HasMissNest bool
}

// IsZero reports whether the kernel attached nothing.
func (e ExtAck) IsZero() bool {
	return len(e.Msg) == 0 && !e.HasOffset && e.Cookie == nil && e.Policy == nil &&
		!e.HasMissType && !e.HasMissNest
}

// ParseExtAck decodes a chain of NLMSGERR_ATTR_* attributes. Unknown
// attributes are skipped, so newer kernels do not break older code.
func ParseExtAck(b []byte) (ExtAck, error) {
	var e ExtAck
	it := NewAttrs(b)
	for it.Next() {
		a := it.Attr()
		switch a.Kind() {
		case ExtAckMsg:
			e.Msg = a.StringBytes()
		case ExtAckOffset:
			e.Offset, e.HasOffset = a.Uint32()
		case ExtAckCookie:
			e.Cookie = a.Value
		case ExtAckPolicy:
			e.Policy = a.Value
		case ExtAckMissType:
			e.MissType, e.HasMissType = a.Uint32()
		case ExtAckMissNest:
			e.MissNest, e.HasMissNest = a.Uint32()
		}
	}
	return e, it.Err()
}

// ErrorMsg is a decoded NLMSG_ERROR: struct nlmsgerr, the echoed request and
// the extended ack. Errno 0 means the request succeeded (an ack).
type ErrorMsg struct {
	Errno   syscall.Errno // positive; 0 for an ack
	Request Header        // the echoed request header
	// RequestPayload is the echoed request after its header: empty when
	// the kernel capped it (NETLINK_CAP_ACK, or always for an ack).
	RequestPayload []byte
	Capped         bool
	ExtAck         ExtAck
}

// ParseError decodes the payload of an NLMSG_ERROR message. flags are the
// message's own header flags (they say whether the echo is capped and
// whether ext-ack attributes follow).
func ParseError(flags HeaderFlags, data []byte) (ErrorMsg, error) {
	var e ErrorMsg
	if len(data) < 4+HeaderLen {
		return e, malformed("error payload", "shorter than struct nlmsgerr", 0)
	}
	code := int32(binary.NativeEndian.Uint32(data[0:4]))
	if code < 0 {
		code = -code
	}
	e.Errno = syscall.Errno(code)
	e.Request, _ = ParseHeader(data[4:])
	e.Capped = flags&FlagCapped != 0
	rest := data[4+HeaderLen:]
	if !e.Capped {
		// The echo holds the whole request; its own length says how much.
		n := int(e.Request.Len) - HeaderLen
		if n < 0 || n > len(rest) {
			// Acks of success are echoed capped without the flag on
			// old kernels: take what is there.
			n = len(rest)
			if flags&FlagAckTLVs != 0 {
				return e, malformed("error payload", "echoed request length beyond message", 4)
			}
		}
		e.RequestPayload = rest[:n]
		if Align(n) <= len(rest) {
			rest = rest[Align(n):]
		} else {
			rest = rest[n:]
		}
	}
	if flags&FlagAckTLVs != 0 {
		var err error
		e.ExtAck, err = ParseExtAck(rest)
		if err != nil {
			return e, err
		}
	}
	return e, nil
}

// ParseDone decodes the payload of an NLMSG_DONE that ends a dump: the
// dump's error code (0, or an errno the kernel hit mid-dump) and any
// extended ack. A DONE with an empty payload (some families) is success.
func ParseDone(flags HeaderFlags, data []byte) (syscall.Errno, ExtAck, error) {
	if len(data) < 4 {
		return 0, ExtAck{}, nil
	}
	code := int32(binary.NativeEndian.Uint32(data[0:4]))
	if code < 0 {
		code = -code
	}
	var ack ExtAck
	if flags&FlagAckTLVs != 0 {
		var err error
		if ack, err = ParseExtAck(data[4:]); err != nil {
			return syscall.Errno(code), ack, err
		}
	}
	return syscall.Errno(code), ack, nil
}

// Err turns a failed ErrorMsg into an *OpError for the operation op, and
// returns nil for an ack. It copies what it keeps out of the buffer.
func (e ErrorMsg) Err(op string) error {
	if e.Errno == 0 {
		return nil
	}
	return NewOpError(op, e.Errno, e.Request.Seq, e.ExtAck)
}

// OpError is the error of one netlink operation that the kernel refused.
// It unwraps to the syscall.Errno, so errors.Is(err, unix.EEXIST) holds,
// and its text carries the kernel's own extended-ack message.
type OpError struct {
	Op     string        // "link add", "route dump", ...
	Errno  syscall.Errno // the kernel's errno
	Msg    string        // the kernel's extended-ack text, if any
	Offset int           // offset of the offending attribute in the request, or -1
	Seq    uint32        // sequence number of the failed request
	// MissType is the type of an attribute the kernel wanted and did not
	// get, or -1.
	MissType int
}

// NewOpError builds an *OpError, copying ack's text out of the buffer.
func NewOpError(op string, errno syscall.Errno, seq uint32, ack ExtAck) *OpError {
	e := &OpError{Op: op, Errno: errno, Msg: string(ack.Msg), Offset: -1, Seq: seq, MissType: -1}
	if ack.HasOffset {
		e.Offset = int(ack.Offset)
	}
	if ack.HasMissType {
		e.MissType = int(ack.MissType)
	}
	return e
}

func (e *OpError) Error() string {
	if e.Op != "" {
		return e.Op + ": " + e.Detail()
	}
	return e.Detail()
}

// Detail is Error without the operation: the errno's text, the kernel's
// extended-ack text when there is one, and the offending attribute's
// offset or the missing attribute's type. Callers that name the request
// their own way (rtnl's "rtnl: route add 10.0.0.0/24: …") append it.
func (e *OpError) Detail() string {
	s := e.Errno.Error()
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	if e.Offset >= 0 {
		s += " (attribute at offset " + strconv.Itoa(e.Offset) + ")"
	}
	if e.MissType >= 0 {
		s += " (missing attribute type " + strconv.Itoa(e.MissType) + ")"
	}
	return s
}

// Unwrap returns the errno.
func (e *OpError) Unwrap() error { return e.Errno }

// AttrIn returns the attribute of request req (the bytes that were sent,
// header included) that the kernel named by its offset, if any.
func (e *OpError) AttrIn(req []byte) (Attr, bool) {
	if e.Offset < HeaderLen || e.Offset+AttrHeaderLen > len(req) {
		return Attr{}, false
	}
	it := NewAttrs(req[e.Offset:])
	if !it.Next() {
		return Attr{}, false
	}
	return it.Attr(), true
}
