package tc

import (
	"encoding/binary"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

const (
	gactTM    = 1
	gactParms = 2
	gactProb  = 3
)

// Gact is the generic action: a fixed verdict ("drop", "pass" …),
// optionally replaced at random by another.
type Gact struct {
	Action Control
	Index  uint32 // shared action index; 0 lets the kernel choose
	// Random, when RandomType is 1 (netrand) or 2 (determ), applies
	// RandomAction with probability RandomValue/10000.
	RandomType   uint16
	RandomValue  uint16
	RandomAction Control
}

// Kind returns "gact".
func (Gact) Kind() string { return "gact" }

func (a Gact) appendAction(b *wire.Builder) error {
	var p [20]byte
	putGen(p[:], a.Index, a.Action)
	b.PutBytes(gactParms, p[:])
	if a.RandomType != 0 {
		var r [8]byte
		binary.NativeEndian.PutUint16(r[0:], a.RandomType) // struct tc_gact_p: host order
		binary.NativeEndian.PutUint16(r[2:], a.RandomValue)
		putU32s(r[4:], uint32(a.RandomAction))
		b.PutBytes(gactProb, r[:])
	}
	return nil
}

var tcGenFields = []codec.Field{
	{Name: "index", Kind: codec.KindU32}, {Name: "capab", Kind: codec.KindU32}, {Name: "action", Kind: codec.KindS32},
	{Name: "refcnt", Kind: codec.KindS32}, {Name: "bindcnt", Kind: codec.KindS32},
}

var tcfTFields = fields(codec.KindU64, "install", "lastuse", "expires", "firstuse")

func init() {
	registerAction("gact", codec.NewTable("gact", "TCA_GACT_",
		structAttr(gactTM, "TCA_GACT_TM", codec.NewStruct("tcf_t", tcfTFields...)),
		structAttr(gactParms, "TCA_GACT_PARMS", codec.NewStruct("tc_gact", tcGenFields...)),
		structAttr(gactProb, "TCA_GACT_PROB", codec.NewStruct("tc_gact_p",
			codec.Field{Name: "ptype", Kind: codec.KindU16}, codec.Field{Name: "pval", Kind: codec.KindU16},
			codec.Field{Name: "paction", Kind: codec.KindS32})),
		attr(4, "TCA_GACT_PAD", codec.KindBinary),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "gact", Doc: "generic action: a fixed verdict", Params: []Param{
			{Name: "action", Type: "string", Doc: "verdict: ok/pass, drop/shot, reclassify, pipe, continue, stolen, trap"},
			{Name: "index", Type: "int", Doc: "action index"},
		}},
		action: func(k *kw) Action {
			return Gact{Action: Control(int32(k.enum("action", 0, controlNames))), Index: k.u32("index", 0)}
		},
		decodeAction: func(o []byte) Action {
			var a Gact
			attrsOf(o, func(x wire.Attr) {
				switch x.Kind() {
				case gactParms:
					a.Action, a.Index = genAction(x.Value), u32At(x.Value, 0)
				case gactProb:
					if len(x.Value) >= 8 {
						a.RandomType, a.RandomValue = u16At(x.Value, 0), u16At(x.Value, 2)
						a.RandomAction = Control(int32(u32At(x.Value, 4)))
					}
				}
			})
			return a
		},
	})
}
