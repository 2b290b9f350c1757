package pfroute

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrMalformed is wrapped by every error about a record or sockaddr
// whose lengths do not fit the buffer or the header it claims.
var ErrMalformed = errors.New("pfroute: malformed record")

// ErrVersion is wrapped by the error for a record whose version is not
// RTM_VERSION (5): its layout is unknown, so nothing of it is read.
var ErrVersion = errors.New("pfroute: unsupported routing message version")

// ErrOS is returned for an OS value the package has no layouts for.
var ErrOS = errors.New("pfroute: unknown OS")

// Record is one routing message of a sysctl buffer. Bytes borrows the
// buffer and covers the message exactly (msglen bytes).
type Record struct {
	Type    uint8 // RTM_IFINFO, RTM_NEWADDR, RTM_GET …
	Version uint8 // RTM_VERSION
	Bytes   []byte
}

// Records iterates over the routing messages of a sysctl buffer:
//
//	rs := pfroute.NewRecords(buf)
//	for rs.Next() {
//		r := rs.Record()
//	}
//	err := rs.Err()
//
// Each Record borrows buf. The iteration stops at the first message whose
// length is shorter than its 4-byte preamble or runs past the buffer; Err
// then wraps ErrMalformed. It allocates nothing until it meets an error.
type Records struct {
	buf []byte
	off int
	cur Record
	err error
}

// NewRecords returns an iterator over the messages of buf. The preamble
// of a routing message (msglen, version, type) is the same on every BSD.
func NewRecords(buf []byte) Records { return Records{buf: buf} }

// Next advances to the next message and reports whether there is one.
func (rs *Records) Next() bool {
	if rs.err != nil || rs.off >= len(rs.buf) {
		return false
	}
	b := rs.buf[rs.off:]
	if len(b) < 4 {
		rs.err = fmt.Errorf("pfroute: %d trailing bytes at offset %d: %w", len(b), rs.off, ErrMalformed)
		return false
	}
	n := int(binary.NativeEndian.Uint16(b))
	if n < 4 || n > len(b) {
		rs.err = fmt.Errorf("pfroute: msglen %d at offset %d (%d bytes left): %w", n, rs.off, len(b), ErrMalformed)
		return false
	}
	rs.cur = Record{Type: b[3], Version: b[2], Bytes: b[:n:n]}
	rs.off += n
	return true
}

// Record returns the current message.
func (rs *Records) Record() Record { return rs.cur }

// Offset returns the offset in the buffer of the current message.
func (rs *Records) Offset() int { return rs.off - len(rs.cur.Bytes) }

// Err returns the error that stopped the iteration, or nil.
func (rs *Records) Err() error { return rs.err }

// sockaddrs holds the sockaddrs of one message by RTAX_* index; an
// absent one is nil, a zero-length one (a /0 netmask) is empty, non-nil.
type sockaddrs [maxAddrs][]byte

// parseAddrs splits b, the sockaddrs that follow a message header, by the
// address bitmask. Each sockaddr starts with its length byte and takes up
// that length rounded up to align, or align bytes when the length is 0.
// Sockaddrs missing at the end of b are left nil: the kernel sets bits it
// has no room for in truncated replies.
func parseAddrs(align int, mask uint32, b []byte, sa *sockaddrs) error {
	for i := range maxAddrs {
		if mask&(1<<i) == 0 {
			continue
		}
		if len(b) == 0 {
			return nil
		}
		l := int(b[0])
		if l > len(b) {
			return fmt.Errorf("sockaddr %d: length %d past the %d bytes left: %w", i, l, len(b), ErrMalformed)
		}
		sa[i] = b[:l:l]
		adv := align
		if l > 0 {
			adv = (l + align - 1) &^ (align - 1)
		}
		b = b[min(adv, len(b)):]
	}
	return nil
}

// u16, u32 and u64 read host-order integers at off; the caller has
// checked the bounds.
func u16(b []byte, off int) uint16 { return binary.NativeEndian.Uint16(b[off : off+2]) }
func u32(b []byte, off int) uint32 { return binary.NativeEndian.Uint32(b[off : off+4]) }
func u64(b []byte, off int) uint64 { return binary.NativeEndian.Uint64(b[off : off+8]) }

// header checks a message of type want against its layout and returns
// the offset of its sockaddrs. fixed is sizeof the header struct, need
// the extent of the fields the caller reads. On OpenBSD the header length
// comes from the message itself (hdrlen) and must cover need.
func header(lay *layout, msg []byte, want uint8, fixed, need int) (int, error) {
	if len(msg) < 4 || msg[3] != want {
		return 0, fmt.Errorf("record is not of type %d: %w", want, ErrMalformed)
	}
	if msg[2] != rtmVersion {
		return 0, fmt.Errorf("record version %d: %w", msg[2], ErrVersion)
	}
	hl := fixed
	if lay.hdrLen >= 0 {
		if len(msg) < lay.hdrLen+2 {
			return 0, fmt.Errorf("record of %d bytes has no hdrlen: %w", len(msg), ErrMalformed)
		}
		hl = int(u16(msg, lay.hdrLen))
	}
	if hl < need || hl > len(msg) {
		return 0, fmt.Errorf("header of %d bytes in a record of %d (need %d): %w", hl, len(msg), need, ErrMalformed)
	}
	return hl, nil
}
