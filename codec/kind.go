package codec

// Kind says how an attribute value (or a struct field) is laid out on the
// wire, and so how it is decoded, rendered and encoded.
type Kind uint8

// Value kinds. Integer kinds are host byte order unless named BE.
const (
	KindBinary      Kind = iota // opaque bytes; rendered as colon-separated hex ("hex" in pyroute2)
	KindU8                      // uint8
	KindU16                     // uint16
	KindU32                     // uint32
	KindU64                     // uint64
	KindS8                      // int8
	KindS16                     // int16
	KindS32                     // int32
	KindS64                     // int64
	KindBE16                    // uint16, network byte order
	KindBE32                    // uint32, network byte order
	KindBE64                    // uint64, network byte order
	KindUint                    // NLA_UINT: 4 or 8 bytes, host order, the narrowest that fits
	KindString                  // NUL-terminated string ("asciiz")
	KindText                    // string without terminator
	KindAddr                    // IPv4 or IPv6 address, 4 or 16 bytes
	KindMAC                     // link-layer address ("hwaddr"), any length
	KindFlag                    // NLA_FLAG: no value, presence is the value
	KindNested                  // a chain of attributes (AttrSpec.Nested or AttrSpec.Select)
	KindStruct                  // a C struct (AttrSpec.Struct)
	KindArray                   // a packed array of AttrSpec.Elem integers, or of AttrSpec.Struct when Elem is KindStruct
	KindRecords                 // rtnexthop-style records: AttrSpec.Struct whose first field is the u16 record length, then attributes of AttrSpec.Nested
	KindStructAttrs             // a C struct (AttrSpec.Struct), padded to 4 bytes, then a chain of attributes (AttrSpec.Nested or AttrSpec.Select): VETH_INFO_PEER, netem's TCA_OPTIONS
	numKinds
)

// KindAsciiz is pyroute2's name for a NUL-terminated string.
const KindAsciiz = KindString

var kindNames = [numKinds]string{
	"binary", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
	"be16", "be32", "be64", "uint", "string", "text", "addr", "mac", "flag",
	"nested", "struct", "array", "records", "struct+attrs",
}

// String returns the kind's name ("u32", "nested" …).
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "kind?"
}

// Width returns the size in bytes of a fixed-width integer kind, and 0
// for every other kind.
func (k Kind) Width() int {
	switch k {
	case KindU8, KindS8:
		return 1
	case KindU16, KindS16, KindBE16:
		return 2
	case KindU32, KindS32, KindBE32:
		return 4
	case KindU64, KindS64, KindBE64:
		return 8
	}
	return 0
}

// IsInt reports whether k is an integer kind (fixed width or KindUint).
func (k Kind) IsInt() bool { return k.Width() != 0 || k == KindUint }

// IsSigned reports whether k is a signed integer kind.
func (k Kind) IsSigned() bool { return k == KindS8 || k == KindS16 || k == KindS32 || k == KindS64 }

// IsBigEndian reports whether k is stored in network byte order.
func (k Kind) IsBigEndian() bool { return k == KindBE16 || k == KindBE32 || k == KindBE64 }
