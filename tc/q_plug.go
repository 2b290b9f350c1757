package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Plug actions (TCQ_PLUG_*).
const (
	PlugBuffer            int32 = 0 // hold packets from now on
	PlugReleaseOne        int32 = 1 // release what was held before the last buffer
	PlugReleaseIndefinite int32 = 2 // release everything and stop holding
	PlugLimit             int32 = 3 // change the queue limit only
)

var plugActionNames = map[string]uint32{"buffer": 0, "release": 1, "release_indefinite": 2, "limit": 3}

// Plug holds packets until told to release them (used by checkpointing).
// Its options are a bare struct tc_plug_qopt; the kernel never dumps
// them. On add the kernel ignores Action and takes Limit (bytes; 0 sends
// no options and keeps the default, txqueuelen × MTU); change applies
// Action.
type Plug struct {
	Action int32
	Limit  uint32
}

// Kind returns "plug".
func (Plug) Kind() string { return "plug" }

func (q Plug) appendQdisc(b *wire.Builder) error {
	if q.Action < 0 || q.Action > PlugLimit {
		return &ParamError{Kind: "plug", Param: "action", Value: q.Action, Reason: "unknown action"}
	}
	if q.Action == PlugBuffer && q.Limit == 0 {
		return nil // no options: the kernel's default limit
	}
	var o [8]byte
	putU32s(o[:], uint32(q.Action), q.Limit)
	b.PutBytes(uapi.TCA_OPTIONS, o[:])
	return nil
}

func init() {
	codec.RegisterTCOptionsStruct("plug", codec.NewStruct("tc_plug_qopt",
		codec.Field{Name: "action", Kind: codec.KindS32}, codec.Field{Name: "limit", Kind: codec.KindU32}), nil)
	register(&kindDef{
		KindInfo: KindInfo{Name: "plug", Doc: "hold packets until released", Params: []Param{
			{Name: "action", Type: "string", Doc: "buffer, release, release_indefinite, limit (default buffer; limit when only limit is given)"},
			{Name: "limit", Type: "size", Unit: "bytes", Doc: "queue limit"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			def := uint32(PlugBuffer)
			if k.has("limit") {
				def = uint32(PlugLimit)
			}
			return Plug{Action: int32(k.enum("action", def, plugActionNames)), Limit: k.size32("limit", 0)}
		},
		decodeQdisc: func(o []byte) QdiscOptions {
			return Plug{Action: int32(u32At(o, 0)), Limit: u32At(o, 4)}
		},
	})
}
