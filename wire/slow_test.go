package wire

import "encoding/binary"

// slowAttr and slowMessage are the obvious reference decoders the fuzz
// targets compare the fast iterators against: they copy, allocate and
// follow the format's rules literally.
type slowAttr struct {
	off   int
	typ   uint16
	value []byte
}

// slowAttrs decodes b the plain way; ok is false where the fast iterator
// must report a malformation.
func slowAttrs(b []byte) (out []slowAttr, ok bool) {
	off := 0
	for off < len(b) {
		if len(b)-off < 4 {
			return out, false
		}
		n := int(binary.NativeEndian.Uint16(b[off:]))
		if n < 4 || off+n > len(b) {
			return out, false
		}
		out = append(out, slowAttr{off, binary.NativeEndian.Uint16(b[off+2:]), append([]byte(nil), b[off+4:off+n]...)})
		off += (n + 3) / 4 * 4
	}
	return out, true
}

type slowMessage struct {
	off  int
	h    Header
	data []byte
}

func slowMessages(b []byte) (out []slowMessage, ok bool) {
	off := 0
	for off < len(b) {
		rest := b[off:]
		if len(rest) < 16 {
			for _, c := range rest {
				if c != 0 {
					return out, false
				}
			}
			return out, true
		}
		n := int(binary.NativeEndian.Uint32(rest))
		if n < 16 || n > len(rest) {
			return out, false
		}
		h := Header{
			Len:   uint32(n),
			Type:  MsgType(binary.NativeEndian.Uint16(rest[4:])),
			Flags: HeaderFlags(binary.NativeEndian.Uint16(rest[6:])),
			Seq:   binary.NativeEndian.Uint32(rest[8:]),
			PID:   binary.NativeEndian.Uint32(rest[12:]),
		}
		out = append(out, slowMessage{off, h, append([]byte(nil), rest[16:n]...)})
		off += (n + 3) / 4 * 4
	}
	return out, true
}
