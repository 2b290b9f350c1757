package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

const (
	mirredTM    = 1
	mirredParms = 2
)

// Mirred directions (TCA_EGRESS_REDIR …).
const (
	MirredEgressRedirect  = 1
	MirredEgressMirror    = 2
	MirredIngressRedirect = 3
	MirredIngressMirror   = 4
)

// Mirred mirrors or redirects packets to another link.
type Mirred struct {
	Direction uint32  // MirredEgressRedirect …; 0 means MirredEgressRedirect
	Link      uint32  // target interface index; required
	Action    Control // verdict; 0 picks tc's: stolen for a redirect, pipe for a mirror
	Index     uint32
}

// Kind returns "mirred".
func (Mirred) Kind() string { return "mirred" }

func (a Mirred) appendAction(b *wire.Builder) error {
	if a.Link == 0 {
		return &ParamError{Kind: "mirred", Param: "ifindex", Reason: "missing required parameter"}
	}
	dir := a.Direction
	if dir == 0 {
		dir = MirredEgressRedirect
	}
	act := a.Action
	if act == 0 {
		act = ActStolen
		if dir == MirredEgressMirror || dir == MirredIngressMirror {
			act = ActPipe
		}
	}
	var p [28]byte
	putGen(p[:], a.Index, act)
	putU32s(p[20:], dir, a.Link)
	b.PutBytes(mirredParms, p[:])
	return nil
}

var mirredDirs = map[string]uint32{
	"egress_redir": 1, "egress_mirror": 2, "ingress_redir": 3, "ingress_mirror": 4,
	"redirect": 1, "mirror": 2,
}

func init() {
	registerAction("mirred", codec.NewTable("mirred", "TCA_MIRRED_",
		structAttr(mirredTM, "TCA_MIRRED_TM", codec.NewStruct("tcf_t", tcfTFields...)),
		structAttr(mirredParms, "TCA_MIRRED_PARMS", codec.NewStruct("tc_mirred",
			append(append([]codec.Field{}, tcGenFields...), fields(codec.KindU32, "eaction", "ifindex")...)...)),
		attr(3, "TCA_MIRRED_PAD", codec.KindBinary),
		attr(4, "TCA_MIRRED_BLOCKID", codec.KindU32),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "mirred", Doc: "mirror or redirect to a link", Params: []Param{
			{Name: "ifindex", Type: "int", Required: true, Doc: "target interface index"},
			{Name: "direction", Type: "string", Doc: "egress_redir (redirect), egress_mirror (mirror), ingress_redir, ingress_mirror"},
			{Name: "action", Type: "string", Doc: "verdict after (default stolen for redirects, pipe for mirrors)"},
			{Name: "index", Type: "int", Doc: "action index"},
		}},
		action: func(k *kw) Action {
			return Mirred{Direction: k.enum("direction", 0, mirredDirs), Link: k.u32("ifindex", 0),
				Action: Control(int32(k.enum("action", 0, controlNames))), Index: k.u32("index", 0)}
		},
		decodeAction: func(o []byte) Action {
			var a Mirred
			attrsOf(o, func(x wire.Attr) {
				if x.Kind() == mirredParms && len(x.Value) >= 28 {
					a.Index, a.Action = u32At(x.Value, 0), genAction(x.Value)
					a.Direction, a.Link = u32At(x.Value, 20), u32At(x.Value, 24)
				}
			})
			return a
		},
	})
}
