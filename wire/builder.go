package wire

import (
	"encoding/binary"
	"errors"
	"net/netip"
)

// ErrAttrTooLong is reported by Builder.Err when an attribute or a nest grew
// past the 65,535 bytes that nla_len can express.
var ErrAttrTooLong = errors.New("netlink: attribute longer than 65535 bytes")

// ErrUnbalanced is reported by Builder.Err when End or EndNest is called
// without a matching Begin or Nest, or End while a nest is open.
var ErrUnbalanced = errors.New("netlink: unbalanced message or nest")

// maxDepth bounds nesting: rtnetlink goes five levels deep at most (tc
// actions inside filters); the bound keeps the Builder free of allocations.
const maxDepth = 16

// Builder appends netlink messages to a byte slice. It is append-only:
// Begin starts a message, the Put methods append attributes, Nest/EndNest
// bracket a nested attribute and fix up its length, End fixes up the
// message length. Several messages may be built one after another into the
// same buffer (a batch); Bytes returns them all.
//
// Once the buffer has the capacity it needs, a Builder allocates nothing.
// Errors are sticky: the first one is kept, later calls do nothing, and
// Err reports it. A Builder is not safe for concurrent use.
//
//	var b wire.Builder
//	b.Reset(buf[:0])
//	b.Begin(rtmNewRoute, wire.FlagRequest|wire.FlagAck|wire.FlagCreate, seq)
//	copy(b.Reserve(12), rtmsg)
//	b.PutUint32(rtaOIF, 2)
//	b.End()
//	msgs, err := b.Bytes(), b.Err()
type Builder struct {
	buf   []byte
	open  int // start of the open message plus one; 0 when none
	depth int
	nests [maxDepth]int
	err   error
}

// Reset makes the Builder append to buf (usually buf[:0] of a pooled
// buffer) and forgets any error.
func (b *Builder) Reset(buf []byte) {
	b.buf = buf
	b.open = 0
	b.depth = 0
	b.err = nil
}

// Bytes returns everything built so far.
func (b *Builder) Bytes() []byte { return b.buf }

// Len returns the number of bytes built so far.
func (b *Builder) Len() int { return len(b.buf) }

// Err returns the first error met, or nil.
func (b *Builder) Err() error { return b.err }

func (b *Builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// grow appends n zero bytes and returns them.
func (b *Builder) grow(n int) []byte {
	l := len(b.buf)
	if cap(b.buf)-l < n {
		b.buf = append(b.buf, make([]byte, n)...)
	} else {
		b.buf = b.buf[:l+n]
		clear(b.buf[l:])
	}
	return b.buf[l:]
}

// Begin starts a message of type t. PID is left 0 (the kernel fills in the
// sender). Begin while a message is open is an error.
func (b *Builder) Begin(t MsgType, flags HeaderFlags, seq uint32) {
	if b.err != nil {
		return
	}
	if b.open != 0 {
		b.fail(ErrUnbalanced)
		return
	}
	// Messages start aligned; a previous message is padded already.
	b.pad()
	b.open = len(b.buf) + 1
	h := b.grow(HeaderLen)
	Header{Type: t, Flags: flags, Seq: seq}.Put(h)
}

// Reserve appends n zero bytes to the open message and returns them for the
// caller to fill, typically the family header (ifinfomsg, rtmsg …). The
// slice is valid until the next call on the Builder. Reserve pads n to the
// alignment.
func (b *Builder) Reserve(n int) []byte {
	if b.err != nil {
		return nil
	}
	p := b.grow(Align(n))
	return p[:n:n]
}

// PutFixed appends p as a fixed part of the message (a family header or a
// struct), padded to the alignment.
func (b *Builder) PutFixed(p []byte) {
	if b.err != nil {
		return
	}
	copy(b.grow(Align(len(p))), p)
}

func (b *Builder) pad() {
	if n := Align(len(b.buf)) - len(b.buf); n > 0 {
		b.grow(n)
	}
}

// attr appends an attribute header for a value of n bytes and returns the
// value's bytes (zeroed, padding excluded).
func (b *Builder) attr(t uint16, n int) []byte {
	if b.err != nil {
		return nil
	}
	if n > 0xffff-AttrHeaderLen {
		b.fail(ErrAttrTooLong)
		return nil
	}
	p := b.grow(Align(AttrHeaderLen + n))
	binary.NativeEndian.PutUint16(p[0:2], uint16(AttrHeaderLen+n))
	binary.NativeEndian.PutUint16(p[2:4], t)
	return p[AttrHeaderLen : AttrHeaderLen+n]
}

// fill appends an attribute header for a value of n bytes that the
// caller writes whole, and returns the value's bytes: attr without
// zeroing them (only the padding after them), the encoders' hot path.
func (b *Builder) fill(t uint16, n int) []byte {
	l, size := len(b.buf), Align(AttrHeaderLen+n)
	if b.err != nil || n > 0xffff-AttrHeaderLen || cap(b.buf)-l < size {
		return b.attr(t, n) // the error, or growing the buffer
	}
	b.buf = b.buf[:l+size]
	p := b.buf[l:]
	binary.NativeEndian.PutUint16(p[0:2], uint16(AttrHeaderLen+n))
	binary.NativeEndian.PutUint16(p[2:4], t)
	for i := AttrHeaderLen + n; i < size; i++ {
		p[i] = 0
	}
	return p[AttrHeaderLen : AttrHeaderLen+n]
}

// PutBytes appends an attribute whose value is v.
func (b *Builder) PutBytes(t uint16, v []byte) {
	if p := b.fill(t, len(v)); p != nil {
		copy(p, v)
	}
}

// PutFlag appends an attribute with no value (NLA_FLAG).
func (b *Builder) PutFlag(t uint16) { b.attr(t, 0) }

// PutUint8 appends a one-byte attribute.
func (b *Builder) PutUint8(t uint16, v uint8) {
	if p := b.fill(t, 1); p != nil {
		p[0] = v
	}
}

// PutUint16 appends a host-order 16-bit attribute.
func (b *Builder) PutUint16(t uint16, v uint16) {
	if p := b.fill(t, 2); p != nil {
		binary.NativeEndian.PutUint16(p, v)
	}
}

// PutUint32 appends a host-order 32-bit attribute.
func (b *Builder) PutUint32(t uint16, v uint32) {
	if p := b.fill(t, 4); p != nil {
		binary.NativeEndian.PutUint32(p, v)
	}
}

// PutUint64 appends a host-order 64-bit attribute.
func (b *Builder) PutUint64(t uint16, v uint64) {
	if p := b.fill(t, 8); p != nil {
		binary.NativeEndian.PutUint64(p, v)
	}
}

// PutInt32 appends a host-order signed 32-bit attribute.
func (b *Builder) PutInt32(t uint16, v int32) { b.PutUint32(t, uint32(v)) }

// PutUint16BE appends a 16-bit attribute in network byte order. The
// NLA_F_NET_BYTEORDER flag is not set; OR it into t where a family wants it.
func (b *Builder) PutUint16BE(t uint16, v uint16) {
	if p := b.fill(t, 2); p != nil {
		binary.BigEndian.PutUint16(p, v)
	}
}

// PutUint32BE appends a 32-bit attribute in network byte order.
func (b *Builder) PutUint32BE(t uint16, v uint32) {
	if p := b.fill(t, 4); p != nil {
		binary.BigEndian.PutUint32(p, v)
	}
}

// PutUint64BE appends a 64-bit attribute in network byte order.
func (b *Builder) PutUint64BE(t uint16, v uint64) {
	if p := b.fill(t, 8); p != nil {
		binary.BigEndian.PutUint64(p, v)
	}
}

// PutString appends a NUL-terminated string attribute (NLA_NUL_STRING and
// the NLA_STRING the kernel accepts).
func (b *Builder) PutString(t uint16, s string) {
	if p := b.fill(t, len(s)+1); p != nil {
		copy(p, s)
		p[len(s)] = 0
	}
}

// PutAddr appends an IP address attribute: 4 bytes for IPv4, 16 for
// IPv6 — an IPv4-mapped IPv6 address (::ffff:a.b.c.d) included, so what
// was decoded from 16 bytes encodes back to 16; Unmap it first to send
// 4. The zone is dropped. An invalid address appends nothing and sets no
// error: callers check validity where they know the keyword.
func (b *Builder) PutAddr(t uint16, a netip.Addr) {
	switch {
	case a.Is4():
		v := a.As4()
		b.PutBytes(t, v[:])
	case a.Is6():
		v := a.As16()
		b.PutBytes(t, v[:])
	}
}

// Nest opens a nested attribute of type t (pass t|AttrNested where the
// family wants NLA_F_NESTED set) and returns a token for EndNest.
func (b *Builder) Nest(t uint16) int {
	if b.err != nil {
		return -1
	}
	if b.depth == maxDepth {
		b.fail(ErrUnbalanced)
		return -1
	}
	off := len(b.buf)
	b.attr(t, 0)
	b.nests[b.depth] = off
	b.depth++
	return off
}

// EndNest closes the nest opened by the Nest call that returned tok and
// fixes up its length. Nests close innermost first.
func (b *Builder) EndNest(tok int) {
	if b.err != nil {
		return
	}
	if b.depth == 0 || b.nests[b.depth-1] != tok {
		b.fail(ErrUnbalanced)
		return
	}
	b.depth--
	n := len(b.buf) - tok
	if n > 0xffff {
		b.fail(ErrAttrTooLong)
		return
	}
	binary.NativeEndian.PutUint16(b.buf[tok:tok+2], uint16(n))
}

// End closes the open message, fixes up nlmsg_len and returns the message
// (a view into the Builder's buffer, valid until the next call).
func (b *Builder) End() []byte {
	if b.err != nil {
		return nil
	}
	if b.open == 0 || b.depth != 0 {
		b.fail(ErrUnbalanced)
		return nil
	}
	m := b.buf[b.open-1:]
	binary.NativeEndian.PutUint32(m[0:4], uint32(len(m)))
	b.open = 0
	return m
}

// Seq rewrites the sequence number of the open message; request pipelines
// use it to stamp a message built before its sequence was known.
func (b *Builder) Seq(seq uint32) {
	if b.open != 0 && b.err == nil {
		binary.NativeEndian.PutUint32(b.buf[b.open-1+8:b.open-1+12], seq)
	}
}

// PID sets the port id of the open message. Requests to the kernel leave
// it 0; re-encoding a captured message, or a message to another socket,
// sets it.
func (b *Builder) PID(pid uint32) {
	if b.open != 0 && b.err == nil {
		binary.NativeEndian.PutUint32(b.buf[b.open-1+12:b.open-1+16], pid)
	}
}

// Mark is a point in a Builder's output that Rollback can return to.
type Mark struct {
	n, open, depth int
}

// Len returns the Builder's length when the mark was taken.
func (m Mark) Len() int { return m.n }

// Open reports whether a message is begun and not yet ended.
func (b *Builder) Open() bool { return b.open != 0 }

// Mark records the Builder's current state.
func (b *Builder) Mark() Mark { return Mark{n: len(b.buf), open: b.open, depth: b.depth} }

// Rollback discards everything appended since m was taken, and any error
// met since: an encoder that meets bad input half-way through a message
// leaves the Builder as it found it. m must come from this Builder since
// its last Reset.
func (b *Builder) Rollback(m Mark) {
	if m.n > len(b.buf) || m.depth > b.depth {
		b.fail(ErrUnbalanced)
		return
	}
	b.buf = b.buf[:m.n]
	b.open = m.open
	b.depth = m.depth
	b.err = nil
}
