package tc

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// TCA_PEDIT_* (tc_act/tc_pedit.h).
const (
	peditTM     = 1
	peditParms  = 2
	peditPad    = 3
	peditParmsX = 4
	peditKeysX  = 5
	peditKeyX   = 6

	peditKeyXHType = 1
	peditKeyXCmd   = 2

	peditMaxKeys = 128 // tc's limit (MAX_OFFS); nkeys is a byte on the wire
)

// Header types a pedit key's offset is relative to
// (TCA_PEDIT_KEY_EX_HDR_TYPE_*).
const (
	PeditNetwork uint16 = 0 // the network header, as without "ex"
	PeditEth     uint16 = 1
	PeditIPv4    uint16 = 2
	PeditIPv6    uint16 = 3
	PeditTCP     uint16 = 4
	PeditUDP     uint16 = 5
)

// Pedit key commands (TCA_PEDIT_KEY_EX_CMD_*).
const (
	PeditSet uint16 = 0 // word = word&Mask ^ Val
	PeditAdd uint16 = 1 // word = word&Mask ^ (word+Val)&^Mask
)

// PeditKey edits one 32-bit word of a packet: the word at Off bytes from
// the start of Header (a multiple of 4) keeps the bits of Mask and gets
// Val in the others. Val and Mask are written as the word reads in
// network byte order (0xc0a80001 for 192.168.0.1); the wire carries
// them so.
type PeditKey struct {
	Header uint16 // PeditNetwork …
	Cmd    uint16 // PeditSet, PeditAdd
	Off    int32
	Val    uint32
	Mask   uint32
	// At, OffMask and Shift add a packet-dependent part to Off:
	// ((byte at At) & OffMask) >> Shift (tc's "at AT offmask M shift S").
	At, OffMask, Shift uint32
}

// Pedit rewrites packet bytes with a list of keys (tc's "pedit ex munge
// ip src set 10.0.0.1"); ParsePeditKeys reads tc's key syntax. Follow it
// with a Csum action when checksummed fields change.
type Pedit struct {
	Keys   []PeditKey
	Action Control
	Index  uint32
}

// Kind returns "pedit".
func (Pedit) Kind() string { return "pedit" }

func (a Pedit) extended() bool {
	for _, k := range a.Keys {
		if k.Header != PeditNetwork || k.Cmd != PeditSet {
			return true
		}
	}
	return false
}

// appendAction writes struct tc_pedit_sel and its keys, then, when a key
// names a header or a command, the TCA_PEDIT_KEYS_EX list:
//
//	0        20      21      22   24
//	+--------+-------+-------+----+---------------------------------------+
//	| tc_gen | nkeys | flags | pad| nkeys × {mask be, val be, off, at,   |
//	|        |       |       |    |          offmask, shift}             |
//	+--------+-------+-------+----+---------------------------------------+
func (a Pedit) appendAction(b *wire.Builder) error {
	if len(a.Keys) == 0 || len(a.Keys) > peditMaxKeys {
		return &ParamError{Kind: "pedit", Param: "keys", Value: len(a.Keys), Reason: "want 1 to 128 keys"}
	}
	ex := a.extended()
	t := uint16(peditParms)
	if ex {
		t = peditParmsX
	}
	// Nest gives an attribute whose length EndNest fixes; the struct is
	// written in place, with no scratch slice to allocate.
	n := b.Nest(t)
	if p := b.Reserve(24 + 24*len(a.Keys)); p != nil {
		putGen(p, a.Index, a.Action)
		p[20] = byte(len(a.Keys))
		for i, k := range a.Keys {
			q := p[24+24*i:]
			binary.BigEndian.PutUint32(q, k.Mask)
			binary.BigEndian.PutUint32(q[4:], k.Val&^k.Mask)
			putU32s(q[8:], uint32(k.Off), k.At, k.OffMask, k.Shift)
		}
	}
	b.EndNest(n)
	if ex {
		ks := b.Nest(peditKeysX)
		for _, k := range a.Keys {
			kn := b.Nest(peditKeyX)
			b.PutUint16(peditKeyXHType, k.Header)
			b.PutUint16(peditKeyXCmd, k.Cmd)
			b.EndNest(kn)
		}
		b.EndNest(ks)
	}
	return nil
}

func decodePedit(o []byte) Action {
	var a Pedit
	var ex []byte
	attrsOf(o, func(x wire.Attr) {
		switch x.Kind() {
		case peditParms, peditParmsX:
			v := x.Value
			if len(v) < 24 {
				return
			}
			a.Index, a.Action = u32At(v, 0), genAction(v)
			for i := 0; i < int(v[20]) && 24+24*i+24 <= len(v); i++ {
				q := v[24+24*i:]
				a.Keys = append(a.Keys, PeditKey{Mask: binary.BigEndian.Uint32(q), Val: binary.BigEndian.Uint32(q[4:]),
					Off: int32(u32At(q, 8)), At: u32At(q, 12), OffMask: u32At(q, 16), Shift: u32At(q, 20)})
			}
		case peditKeysX:
			ex = x.Value
		}
	})
	i := 0
	attrsOf(ex, func(x wire.Attr) {
		if i < len(a.Keys) {
			attrsOf(x.Value, func(y wire.Attr) {
				switch y.Kind() {
				case peditKeyXHType:
					a.Keys[i].Header = u16At(y.Value, 0)
				case peditKeyXCmd:
					a.Keys[i].Cmd = u16At(y.Value, 0)
				}
			})
		}
		i++
	})
	return a
}

// peditField is a named field of a header: where it is, how wide, and
// how its value is written.
type peditField struct {
	off, size int
	kind      byte // 'n' number, '4' IPv4, '6' IPv6, 'm' MAC
}

var peditHeaders = map[string]uint16{"ip": PeditIPv4, "ip4": PeditIPv4, "ipv4": PeditIPv4, "ip6": PeditIPv6,
	"ipv6": PeditIPv6, "tcp": PeditTCP, "udp": PeditUDP, "eth": PeditEth}

var peditFields = map[uint16]map[string]peditField{
	PeditIPv4: {"src": {12, 4, '4'}, "dst": {16, 4, '4'}, "tos": {1, 1, 'n'}, "dsfield": {1, 1, 'n'},
		"ttl": {8, 1, 'n'}, "protocol": {9, 1, 'n'}},
	PeditIPv6: {"src": {8, 16, '6'}, "dst": {24, 16, '6'}, "hoplimit": {7, 1, 'n'}, "nexthdr": {6, 1, 'n'}},
	PeditTCP:  {"sport": {0, 2, 'n'}, "dport": {2, 2, 'n'}, "flags": {13, 1, 'n'}},
	PeditUDP:  {"sport": {0, 2, 'n'}, "dport": {2, 2, 'n'}},
	PeditEth:  {"dst": {0, 6, 'm'}, "src": {6, 6, 'm'}, "type": {12, 2, 'n'}},
}

var peditWidths = map[string]int{"u8": 1, "u16": 2, "u32": 4}

// ParsePeditKeys parses pedit keys in tc's syntax, one edit a string,
// "ex" and "munge" optional in front:
//
//	ip src set 10.0.0.1         (ip: src dst tos dsfield ttl protocol)
//	ip ttl add 0xff             (add: the kernel adds modulo the field)
//	ip6 dst set 2001:db8::1     (ip6: src dst hoplimit nexthdr)
//	tcp dport set 8080          (tcp: sport dport flags; udp: sport dport)
//	eth src set 02:00:00:00:00:01 (eth: src dst type)
//	offset 12 u32 set 0x0a000001 (raw, from the network header)
//	u32 at 12 set 0x0a000001     (the same)
//
// A field that spans words (MACs, IPv6 addresses) becomes several keys.
func ParsePeditKeys(keys []string) ([]PeditKey, error) {
	var out []PeditKey
	for _, s := range keys {
		ks, err := parsePeditKey(s, out)
		if err != nil {
			return nil, fmt.Errorf("tc: bad pedit key %q: %w", s, err)
		}
		out = ks
	}
	return out, nil
}

func parsePeditKey(s string, out []PeditKey) ([]PeditKey, error) {
	w := strings.Fields(strings.ToLower(s))
	for len(w) > 0 && (w[0] == "ex" || w[0] == "munge") {
		w = w[1:]
	}
	if len(w) < 4 {
		return nil, fmt.Errorf("want HEADER FIELD set|add VALUE or offset OFF u8|u16|u32 set|add VALUE")
	}
	var hdr uint16
	var f peditField
	switch {
	case w[0] == "offset" && len(w) == 5: // offset OFF WIDTH CMD VAL
		off, err := strconv.ParseUint(w[1], 0, 16)
		if err != nil || peditWidths[w[2]] == 0 {
			return nil, fmt.Errorf("bad offset or width")
		}
		f, w = peditField{int(off), peditWidths[w[2]], 'n'}, w[3:]
	case peditWidths[w[0]] != 0 && w[1] == "at" && len(w) == 5: // WIDTH at OFF CMD VAL
		off, err := strconv.ParseUint(w[2], 0, 16)
		if err != nil {
			return nil, fmt.Errorf("bad offset")
		}
		f, w = peditField{int(off), peditWidths[w[0]], 'n'}, w[3:]
	case len(w) == 4:
		h, ok := peditHeaders[w[0]]
		if !ok {
			return nil, fmt.Errorf("unknown header %q", w[0])
		}
		if f, ok = peditFields[h][w[1]]; !ok {
			return nil, fmt.Errorf("unknown field %q of %s", w[1], w[0])
		}
		hdr, w = h, w[2:]
	default:
		return nil, fmt.Errorf("want HEADER FIELD set|add VALUE or offset OFF u8|u16|u32 set|add VALUE")
	}
	var cmd uint16
	switch w[0] {
	case "set":
	case "add":
		cmd = PeditAdd
	default:
		return nil, fmt.Errorf("unknown command %q (set or add)", w[0])
	}
	val, err := peditValue(f, w[1])
	if err != nil {
		return nil, err
	}
	return peditWords(out, hdr, cmd, f.off, val), nil
}

// peditValue parses v as field f's value, big-endian, f.size bytes.
func peditValue(f peditField, v string) ([]byte, error) {
	switch f.kind {
	case '4', '6':
		a, err := netip.ParseAddr(v)
		if err != nil || (a.Is4() != (f.kind == '4')) {
			return nil, fmt.Errorf("value %q is not an IPv%c address", v, f.kind)
		}
		return a.AsSlice(), nil
	case 'm':
		m, err := net.ParseMAC(v)
		if err != nil || len(m) != 6 {
			return nil, fmt.Errorf("value %q is not a MAC address", v)
		}
		return m, nil
	}
	n, err := strconv.ParseUint(v, 0, 8*f.size)
	if err != nil {
		return nil, fmt.Errorf("value %q is not a %d-bit number", v, 8*f.size)
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[8-f.size:], nil
}

// peditWords appends the keys that put val at byte off of the header:
// one per 32-bit word touched, keeping the bytes outside the field.
func peditWords(out []PeditKey, hdr, cmd uint16, off int, val []byte) []PeditKey {
	end := off + len(val)
	for word := off &^ 3; word < end; word += 4 {
		var v, m [4]byte
		for i := range 4 {
			if p := word + i; p >= off && p < end {
				v[i] = val[p-off]
			} else {
				m[i] = 0xff
			}
		}
		out = append(out, PeditKey{Header: hdr, Cmd: cmd, Off: int32(word),
			Val: binary.BigEndian.Uint32(v[:]), Mask: binary.BigEndian.Uint32(m[:])})
	}
	return out
}

func peditFromSpec(k *kw) Action {
	a := Pedit{Action: Control(int32(k.enum("action", uint32(ActOK), controlNames))), Index: k.u32("index", 0)}
	v, _ := k.get("keys")
	var keys []string
	switch x := v.(type) {
	case []PeditKey:
		a.Keys = x
		return a
	case string:
		keys = []string{x}
	case []string:
		keys = x
	case []any:
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				k.fail("keys", v, "not a list of strings")
				return a
			}
			keys = append(keys, s)
		}
	default:
		k.fail("keys", v, "not a list of strings")
		return a
	}
	var err error
	if a.Keys, err = ParsePeditKeys(keys); err != nil {
		k.fail("keys", v, err.Error())
	} else if len(a.Keys) > peditMaxKeys {
		k.fail("keys", v, "more than 128 words")
	}
	return a
}

func init() {
	keyEx := codec.NewTable("pedit_key_ex", "TCA_PEDIT_KEY_EX_",
		attr(peditKeyXHType, "TCA_PEDIT_KEY_EX_HTYPE", codec.KindU16),
		attr(peditKeyXCmd, "TCA_PEDIT_KEY_EX_CMD", codec.KindU16),
	)
	keysEx := codec.NewTable("pedit_keys_ex", "TCA_PEDIT_",
		nestAttr(peditKeyX, "TCA_PEDIT_KEY_EX", keyEx),
	)
	registerAction("pedit", codec.NewTable("pedit", "TCA_PEDIT_",
		structAttr(peditTM, "TCA_PEDIT_TM", codec.NewStruct("tcf_t", tcfTFields...)),
		attr(peditParms, "TCA_PEDIT_PARMS", codec.KindBinary), // tc_pedit_sel and its keys
		attr(peditPad, "TCA_PEDIT_PAD", codec.KindBinary),
		attr(peditParmsX, "TCA_PEDIT_PARMS_EX", codec.KindBinary),
		nestAttr(peditKeysX, "TCA_PEDIT_KEYS_EX", keysEx),
		nestAttr(peditKeyX, "TCA_PEDIT_KEY_EX", keyEx),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "pedit", Doc: "rewrite packet bytes", Params: []Param{
			{Name: "keys", Type: "list", Required: true, Doc: `edits in tc's syntax: "ip src set 10.0.0.1", "tcp dport set 80", "offset 12 u32 set 0x0a000001"`},
			{Name: "action", Type: "string", Doc: "verdict after (default ok)"},
			{Name: "index", Type: "int", Doc: "action index"},
		}},
		action:       peditFromSpec,
		decodeAction: decodePedit,
	})
}
