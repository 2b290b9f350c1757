package wire

import "encoding/binary"

// Message is one netlink message inside a received buffer: its header and
// its payload (the bytes after the header, up to Header.Len). Data borrows
// the buffer that was iterated.
type Message struct {
	Header Header
	Data   []byte
	// Offset is where the message starts in the iterated buffer.
	Offset int
}

// Raw returns the whole message, header included, without trailing
// padding. It borrows the iterated buffer.
func (m Message) Raw(buf []byte) []byte {
	return buf[m.Offset : m.Offset+HeaderLen+len(m.Data)]
}

// Messages iterates over the netlink messages of a buffer without copying
// or allocating. The zero value iterates over nothing; use NewMessages or
// Reset.
//
//	it := wire.NewMessages(buf)
//	for it.Next() {
//		m := it.Message() // valid while buf is
//	}
//	if err := it.Err(); err != nil { ... }
//
// Iteration stops at the first malformed message; Err then returns an error
// that matches ErrMalformed. A trailing run of fewer than HeaderLen zero
// bytes (padding) is not an error.
type Messages struct {
	buf []byte
	off int
	cur Message
	err error
}

// NewMessages returns an iterator over the messages in b.
func NewMessages(b []byte) Messages { return Messages{buf: b} }

// Reset makes the iterator start over on b.
func (it *Messages) Reset(b []byte) { *it = Messages{buf: b} }

// Next advances to the next message and reports whether there is one.
func (it *Messages) Next() bool {
	if it.err != nil {
		return false
	}
	rest := len(it.buf) - it.off
	if rest <= 0 {
		return false
	}
	if rest < HeaderLen {
		if allZero(it.buf[it.off:]) {
			it.off = len(it.buf)
			return false
		}
		it.err = malformed("message", "truncated header", it.off)
		return false
	}
	b := it.buf[it.off:]
	n := int(binary.NativeEndian.Uint32(b[0:4]))
	if n < HeaderLen {
		it.err = malformed("message", "length below header size", it.off)
		return false
	}
	if n > rest {
		it.err = malformed("message", "length beyond buffer", it.off)
		return false
	}
	it.cur = Message{
		Header: Header{
			Len:   uint32(n),
			Type:  MsgType(binary.NativeEndian.Uint16(b[4:6])),
			Flags: HeaderFlags(binary.NativeEndian.Uint16(b[6:8])),
			Seq:   binary.NativeEndian.Uint32(b[8:12]),
			PID:   binary.NativeEndian.Uint32(b[12:16]),
		},
		Data:   b[HeaderLen:n:n],
		Offset: it.off,
	}
	// A message's successor starts at the next aligned offset; a final
	// message may lack its padding.
	next := it.off + Align(n)
	if next > len(it.buf) {
		next = len(it.buf)
	}
	it.off = next
	return true
}

// Message returns the current message. It borrows the iterated buffer.
func (it *Messages) Message() Message { return it.cur }

// Err returns the malformation that stopped the iteration, or nil.
func (it *Messages) Err() error { return it.err }

// Rest returns the bytes not yet iterated.
func (it *Messages) Rest() []byte { return it.buf[it.off:] }

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
