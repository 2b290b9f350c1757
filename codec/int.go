package codec

import (
	"encoding/binary"
	"math"
)

// readInt decodes a fixed-width integer of kind k from b, which must be
// exactly k.Width() bytes (KindUint: 1, 2, 4 or 8). Signed kinds are
// sign-extended into the uint64.
func readInt(k Kind, b []byte) (uint64, bool) {
	if k == KindUint {
		switch len(b) {
		case 1:
			return uint64(b[0]), true
		case 2:
			return uint64(binary.NativeEndian.Uint16(b)), true
		case 4:
			return uint64(binary.NativeEndian.Uint32(b)), true
		case 8:
			return binary.NativeEndian.Uint64(b), true
		}
		return 0, false
	}
	if len(b) != k.Width() || len(b) == 0 {
		return 0, false
	}
	switch k {
	case KindU8:
		return uint64(b[0]), true
	case KindS8:
		return uint64(int64(int8(b[0]))), true
	case KindU16:
		return uint64(binary.NativeEndian.Uint16(b)), true
	case KindS16:
		return uint64(int64(int16(binary.NativeEndian.Uint16(b)))), true
	case KindU32:
		return uint64(binary.NativeEndian.Uint32(b)), true
	case KindS32:
		return uint64(int64(int32(binary.NativeEndian.Uint32(b)))), true
	case KindU64, KindS64:
		return binary.NativeEndian.Uint64(b), true
	case KindBE16:
		return uint64(binary.BigEndian.Uint16(b)), true
	case KindBE32:
		return uint64(binary.BigEndian.Uint32(b)), true
	case KindBE64:
		return binary.BigEndian.Uint64(b), true
	}
	return 0, false
}

// putInt stores v into b (exactly k.Width() bytes) as kind k.
func putInt(k Kind, b []byte, v uint64) {
	switch k {
	case KindU8, KindS8:
		b[0] = byte(v)
	case KindU16, KindS16:
		binary.NativeEndian.PutUint16(b, uint16(v))
	case KindU32, KindS32:
		binary.NativeEndian.PutUint32(b, uint32(v))
	case KindU64, KindS64:
		binary.NativeEndian.PutUint64(b, v)
	case KindBE16:
		binary.BigEndian.PutUint16(b, uint16(v))
	case KindBE32:
		binary.BigEndian.PutUint32(b, uint32(v))
	case KindBE64:
		binary.BigEndian.PutUint64(b, v)
	}
}

// uintWidth is the width NLA_UINT uses for v: 4 bytes, or 8 above 32 bits.
func uintWidth(v uint64) int {
	if v > math.MaxUint32 {
		return 8
	}
	return 4
}

// intFits reports whether the value (given as an int64 when neg, else as
// a uint64) fits kind k.
func intFits(k Kind, u uint64, neg bool) bool {
	if k == KindUint {
		return !neg
	}
	w := uint(k.Width()) * 8
	if k.IsSigned() {
		if neg {
			return w == 64 || int64(u) >= -(1<<(w-1))
		}
		return u <= 1<<(w-1)-1
	}
	if neg {
		return false
	}
	return w == 64 || u < 1<<w
}
