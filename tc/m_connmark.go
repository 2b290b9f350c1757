package tc

import (
	"encoding/binary"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// TCA_CONNMARK_* (tc_act/tc_connmark.h); PARMS comes before TM.
const (
	connmarkParms = 1
	connmarkTM    = 2
	connmarkPad   = 3
)

// Connmark restores a packet's firewall mark from its conntrack entry in
// Zone.
type Connmark struct {
	Zone   uint16
	Action Control
	Index  uint32
}

// Kind returns "connmark".
func (Connmark) Kind() string { return "connmark" }

func (a Connmark) appendAction(b *wire.Builder) error {
	var p [24]byte // struct tc_connmark: tc_gen, u16 zone, 2 bytes of padding
	putGen(p[:], a.Index, a.Action)
	binary.NativeEndian.PutUint16(p[20:], a.Zone)
	b.PutBytes(connmarkParms, p[:])
	return nil
}

func init() {
	registerAction("connmark", codec.NewTable("connmark", "TCA_CONNMARK_",
		structAttr(connmarkParms, "TCA_CONNMARK_PARMS", codec.NewStruct("tc_connmark",
			append(append([]codec.Field{}, tcGenFields...), codec.Field{Name: "zone", Kind: codec.KindU16},
				codec.Field{Name: "__pad", Kind: codec.KindU16})...)),
		structAttr(connmarkTM, "TCA_CONNMARK_TM", codec.NewStruct("tcf_t", tcfTFields...)),
		attr(connmarkPad, "TCA_CONNMARK_PAD", codec.KindBinary),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "connmark", Doc: "restore the firewall mark from conntrack", Params: []Param{
			{Name: "zone", Type: "int", Doc: "conntrack zone"},
			{Name: "action", Type: "string", Doc: "verdict after (default pipe)"},
			{Name: "index", Type: "int", Doc: "action index"},
		}},
		action: func(k *kw) Action {
			return Connmark{Zone: k.u16("zone", 0), Action: Control(int32(k.enum("action", uint32(ActPipe), controlNames))),
				Index: k.u32("index", 0)}
		},
		decodeAction: func(o []byte) Action {
			var a Connmark
			attrsOf(o, func(x wire.Attr) {
				if x.Kind() == connmarkParms {
					a.Index, a.Action, a.Zone = u32At(x.Value, 0), genAction(x.Value), u16At(x.Value, 20)
				}
			})
			return a
		},
	})
}
