package tc

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_U32_* (pkt_cls.h).
const (
	u32ClassID = 1
	u32Hash    = 2
	u32Link    = 3
	u32Divisor = 4
	u32Sel     = 5
	u32Police  = 6
	u32Act     = 7
	u32Indev   = 8
	u32Pcnt    = 9
	u32Mark    = 10
	u32Flags   = 11

	u32Terminal = 1   // TC_U32_TERMINAL
	u32MaxKeys  = 255 // tc_u32_sel.nkeys is a byte
)

// U32Key is one 32-bit match of a u32 filter: the packet word at Off
// (bytes from the network header, a multiple of 4), masked with Mask,
// must equal Val. Val and Mask are written as numbers (host order); the
// wire carries them in network byte order.
type U32Key struct {
	Val, Mask uint32
	Off       int32
	OffMask   int32
}

// U32 is the universal 32-bit classifier. Keys match packets; a match
// selects ClassID (pyroute2's target) and runs Actions. A filter with a
// Divisor and no keys creates a hash table instead.
//
// Keys holds at most 255 matches (the selector counts them in a byte);
// more is a *ParamError for "keys".
type U32 struct {
	ClassID Handle
	Keys    []U32Key // at most 255
	Actions []Action
	Divisor uint32 // create a hash table of this many buckets
	Hash    uint32 // the hash table (and bucket) to insert into, "ht 800:"
	Link    uint32 // the hash table to continue in
	Flags   uint32 // TCA_CLS_FLAGS_*
	// HashMask and HashOff pick the hash key (tc's "hashkey mask … at …").
	HashMask uint32
	HashOff  int16
}

// Kind returns "u32".
func (U32) Kind() string { return "u32" }

func (f U32) appendFilter(b *wire.Builder) error {
	if len(f.Keys) > u32MaxKeys {
		return &ParamError{Kind: "u32", Param: "keys", Value: len(f.Keys), Reason: "more than 255 keys"}
	}
	n := b.Nest(uapi.TCA_OPTIONS)
	if f.Divisor != 0 {
		b.PutUint32(u32Divisor, f.Divisor)
	}
	if f.ClassID != 0 {
		b.PutUint32(u32ClassID, uint32(f.ClassID))
	}
	if f.Hash != 0 {
		b.PutUint32(u32Hash, f.Hash)
	}
	if f.Link != 0 {
		b.PutUint32(u32Link, f.Link)
	}
	if f.Flags != 0 {
		b.PutUint32(u32Flags, f.Flags)
	}
	if f.Divisor == 0 || len(f.Keys) > 0 {
		f.appendSel(b)
	}
	if err := appendActions(b, u32Act, f.Actions); err != nil {
		return err
	}
	b.EndNest(n)
	return nil
}

// appendSel writes struct tc_u32_sel and its keys:
//
//	0     1        2     3    4       6    8        10     12
//	+-----+--------+-----+----+-------+----+--------+------+-------+
//	|flags|offshift|nkeys| pad|offmask| off| offoff | hoff | hmask |
//	+-----+--------+-----+----+-------+----+--------+------+-------+
//	then nkeys × {mask be32, val be32, off s32, offmask s32}
//
// appendFilter has checked that nkeys fits.
func (f U32) appendSel(b *wire.Builder) {
	// The selector is written in place inside an attribute whose length
	// EndNest fixes: no scratch slice, so no allocation per request.
	n := b.Nest(u32Sel)
	p := b.Reserve(16 + 16*len(f.Keys))
	if p != nil {
		if f.ClassID != 0 || len(f.Actions) > 0 || f.Link != 0 {
			p[0] = u32Terminal
		}
		p[2] = byte(len(f.Keys))
		binary.NativeEndian.PutUint16(p[10:], uint16(f.HashOff))
		binary.BigEndian.PutUint32(p[12:], f.HashMask)
		for i, k := range f.Keys {
			q := p[16+16*i:]
			binary.BigEndian.PutUint32(q, k.Mask)
			binary.BigEndian.PutUint32(q[4:], k.Val&k.Mask)
			putU32s(q[8:], uint32(k.Off), uint32(k.OffMask))
		}
	}
	b.EndNest(n)
}

// ParseU32Keys parses pyroute2's u32 keys, "VAL/MASK+OFF" in hexadecimal
// with a decimal offset ("0x0006/0x00ff+8"). The width of the match is
// that of the mask as written: up to 2 hex digits a byte, up to 4 a
// 16-bit word, else 32 bits. Narrow matches are packed into the 32-bit
// word that holds them as tc packs "match u8/u16", and matches of the
// same word are merged; conflicting ones are an error.
func ParseU32Keys(keys []string) ([]U32Key, error) {
	var out []U32Key
	for _, s := range keys {
		k, err := parseU32Key(s)
		if err != nil {
			return nil, err
		}
		merged := false
		for i := range out {
			o := &out[i]
			if o.Off == k.Off && o.OffMask == k.OffMask {
				if (o.Val^k.Val)&o.Mask&k.Mask != 0 {
					return nil, fmt.Errorf("tc: u32 key %q conflicts with an earlier key", s)
				}
				o.Val |= k.Val
				o.Mask |= k.Mask
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, k)
		}
	}
	return out, nil
}

func parseU32Key(s string) (U32Key, error) {
	bad := func(why string) (U32Key, error) { return U32Key{}, fmt.Errorf("tc: bad u32 key %q: %s", s, why) }
	vs, rest, ok := strings.Cut(s, "/")
	if !ok {
		return bad("want VAL/MASK+OFF")
	}
	ms, offs, ok := strings.Cut(rest, "+")
	if !ok {
		return bad("want VAL/MASK+OFF")
	}
	val, err1 := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(vs), "0x"), 16, 32)
	mask, err2 := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(ms), "0x"), 16, 32)
	off, err3 := strconv.ParseInt(offs, 0, 32)
	if err1 != nil || err2 != nil || err3 != nil || off < 0 {
		return bad("not hexadecimal VAL/MASK and a non-negative offset")
	}
	digits := len(strings.TrimPrefix(strings.ToLower(ms), "0x"))
	width := 32
	switch {
	case digits <= 2:
		width = 8
	case digits <= 4:
		width = 16
	}
	if width < 32 && val>>width != 0 {
		return bad("value wider than the mask")
	}
	rem := int(off % 4)
	if rem*8+width > 32 {
		return bad("match crosses a 32-bit word")
	}
	shift := 32 - width - rem*8
	return U32Key{Val: uint32(val&mask) << shift, Mask: uint32(mask) << shift, Off: int32(off - off%4)}, nil
}

func decodeU32(o []byte) FilterOptions {
	var f U32
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case u32ClassID:
			f.ClassID = Handle(au32(a))
		case u32Hash:
			f.Hash = au32(a)
		case u32Link:
			f.Link = au32(a)
		case u32Divisor:
			f.Divisor = au32(a)
		case u32Flags:
			f.Flags = au32(a)
		case u32Act:
			f.Actions = decodeActions(a.Value)
		case u32Sel:
			v := a.Value
			if len(v) < 16 {
				return
			}
			f.HashOff, f.HashMask = int16(u16At(v, 10)), binary.BigEndian.Uint32(v[12:])
			for i := 0; i < int(v[2]) && 16+16*i+16 <= len(v); i++ {
				q := v[16+16*i:]
				f.Keys = append(f.Keys, U32Key{Mask: binary.BigEndian.Uint32(q), Val: binary.BigEndian.Uint32(q[4:]),
					Off: int32(u32At(q, 8)), OffMask: int32(u32At(q, 12))})
			}
		}
	})
	return f
}

func u32FromSpec(k *kw) FilterOptions {
	f := U32{ClassID: k.handle("target", 0), Divisor: k.u32("divisor", 0), Hash: uint32(k.handle("ht", 0)),
		Link: uint32(k.handle("link", 0)), Flags: k.u32("flags", 0), Actions: actionsFromSpec(k, "action")}
	f.ClassID = k.handle("classid", f.ClassID)
	if v, ok := k.get("keys"); ok {
		var keys []string
		switch x := v.(type) {
		case []string:
			keys = x
		case []any:
			for _, e := range x {
				s, isStr := e.(string)
				if !isStr {
					k.fail("keys", v, "not a list of strings")
					return f
				}
				keys = append(keys, s)
			}
		default:
			k.fail("keys", v, "not a list of strings")
			return f
		}
		var err error
		if f.Keys, err = ParseU32Keys(keys); err != nil {
			k.fail("keys", v, err.Error())
		}
	}
	return f
}

// u32SelStruct is struct tc_u32_sel without its keys, u32KeyStruct one
// struct tc_u32_key, under pyroute2's field names.
var (
	u32SelStruct = codec.NewStruct("tc_u32_sel",
		codec.Field{Name: "flags", Kind: codec.KindU8}, codec.Field{Name: "offshift", Kind: codec.KindU8},
		codec.Field{Name: "nkeys", Kind: codec.KindU8}, codec.Field{Name: "__align", Kind: codec.KindU8},
		codec.Field{Name: "offmask", Kind: codec.KindBE16}, codec.Field{Name: "off", Kind: codec.KindU16},
		codec.Field{Name: "offoff", Kind: codec.KindS16}, codec.Field{Name: "hoff", Kind: codec.KindS16},
		codec.Field{Name: "hmask", Kind: codec.KindBE32})
	u32KeyStruct = codec.NewStruct("tc_u32_key",
		codec.Field{Name: "key_mask", Kind: codec.KindBE32}, codec.Field{Name: "key_val", Kind: codec.KindBE32},
		codec.Field{Name: "key_off", Kind: codec.KindS32}, codec.Field{Name: "key_offmask", Kind: codec.KindS32})
)

func init() {
	registerTable("u32", codec.NewTable("u32", "TCA_U32_",
		attr(u32ClassID, "TCA_U32_CLASSID", codec.KindU32),
		attr(u32Hash, "TCA_U32_HASH", codec.KindU32),
		attr(u32Link, "TCA_U32_LINK", codec.KindU32),
		attr(u32Divisor, "TCA_U32_DIVISOR", codec.KindU32),
		codec.StructKeysAttr(u32Sel, "TCA_U32_SEL", u32SelStruct, u32KeyStruct),
		attr(u32Police, "TCA_U32_POLICE", codec.KindBinary),
		nestAttr(u32Act, "TCA_U32_ACT", actsTable),
		attr(u32Indev, "TCA_U32_INDEV", codec.KindString),
		codec.NamedArrayAttr(u32Pcnt, "TCA_U32_PCNT", codec.KindU64, "rcnt", "rhit", "kcnts"),
		attr(u32Mark, "TCA_U32_MARK", codec.KindBinary),
		attr(u32Flags, "TCA_U32_FLAGS", codec.KindU32),
		attr(12, "TCA_U32_PAD", codec.KindBinary),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "u32", Doc: "universal 32-bit classifier", Params: []Param{
			{Name: "keys", Type: "list", Doc: `up to 255 matches "VAL/MASK+OFF" in hex, e.g. "0x0006/0x00ff+8"`},
			{Name: "target", Type: "handle", Doc: "class selected on a match (also classid)"},
			{Name: "classid", Type: "handle", Doc: "class selected on a match"},
			{Name: "divisor", Type: "int", Doc: "create a hash table with this many buckets"},
			{Name: "ht", Type: "handle", Doc: "hash table to insert into"},
			{Name: "link", Type: "handle", Doc: "hash table to continue in"},
			{Name: "flags", Type: "int", Doc: "skip_hw (1), skip_sw (2)"},
			actionParam,
		}},
		filter:       u32FromSpec,
		decodeFilter: decodeU32,
	})
}
