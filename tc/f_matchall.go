package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_MATCHALL_* (pkt_cls.h).
const (
	matchallClassID = 1
	matchallAct     = 2
	matchallFlags   = 3
	matchallPcnt    = 4
	matchallPad     = 5
)

// Classifier flags (TCA_CLS_FLAGS_*), shared by matchall, flower, u32
// and bpf. The kernel adds ClsInHW or ClsNotInHW to what it dumps.
const (
	ClsSkipHW  uint32 = 1 << 0 // TCA_CLS_FLAGS_SKIP_HW: do not offload
	ClsSkipSW  uint32 = 1 << 1 // TCA_CLS_FLAGS_SKIP_SW: hardware only
	ClsInHW    uint32 = 1 << 2 // TCA_CLS_FLAGS_IN_HW (read back only)
	ClsNotInHW uint32 = 1 << 3 // TCA_CLS_FLAGS_NOT_IN_HW (read back only)
)

// Matchall matches every packet: it selects ClassID and runs Actions.
// Its usual home is a clsact or ingress hook.
type Matchall struct {
	ClassID Handle
	Actions []Action
	Flags   uint32 // ClsSkipHW, ClsSkipSW

	// Read back only.
	Hits uint64 // TCA_MATCHALL_PCNT: packets matched in software
}

// Kind returns "matchall".
func (Matchall) Kind() string { return "matchall" }

func (f Matchall) appendFilter(b *wire.Builder) error {
	n := b.Nest(uapi.TCA_OPTIONS)
	if f.ClassID != 0 {
		b.PutUint32(matchallClassID, uint32(f.ClassID))
	}
	if f.Flags != 0 {
		b.PutUint32(matchallFlags, f.Flags)
	}
	if err := appendActions(b, matchallAct, f.Actions); err != nil {
		return err
	}
	b.EndNest(n)
	return nil
}

func decodeMatchall(o []byte) FilterOptions {
	var f Matchall
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case matchallClassID:
			f.ClassID = Handle(au32(a))
		case matchallFlags:
			f.Flags = au32(a)
		case matchallAct:
			f.Actions = decodeActions(a.Value)
		case matchallPcnt:
			f.Hits = au64(a)
		}
	})
	return f
}

// clsFlagParams are the catalogue entries of skip_hw and skip_sw.
var clsFlagParams = []Param{
	{Name: "skip_hw", Type: "bool", Doc: "do not offload to hardware"},
	{Name: "skip_sw", Type: "bool", Doc: "run in hardware only"},
}

// clsFlags reads skip_hw and skip_sw (and a raw "flags" integer when the
// kind lists it).
func clsFlags(k *kw) uint32 {
	var fl uint32
	if k.known("flags") {
		fl = k.u32("flags", 0)
	}
	if k.flag("skip_hw") {
		fl |= ClsSkipHW
	}
	if k.flag("skip_sw") {
		fl |= ClsSkipSW
	}
	return fl
}

func init() {
	registerTable("matchall", codec.NewTable("matchall", "TCA_MATCHALL_",
		attr(matchallClassID, "TCA_MATCHALL_CLASSID", codec.KindU32),
		nestAttr(matchallAct, "TCA_MATCHALL_ACT", actsTable),
		attr(matchallFlags, "TCA_MATCHALL_FLAGS", codec.KindU32),
		structAttr(matchallPcnt, "TCA_MATCHALL_PCNT", codec.NewStruct("tc_matchall_pcnt",
			codec.Field{Name: "rhit", Kind: codec.KindU64})),
		attr(matchallPad, "TCA_MATCHALL_PAD", codec.KindBinary),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "matchall", Doc: "match every packet", Params: append([]Param{
			{Name: "classid", Type: "handle", Doc: "class selected (also target)"},
			{Name: "target", Type: "handle", Doc: "class selected"},
			actionParam,
		}, clsFlagParams...)},
		filter: func(k *kw) FilterOptions {
			return Matchall{ClassID: k.handle("classid", k.handle("target", 0)), Flags: clsFlags(k),
				Actions: actionsFromSpec(k, "action")}
		},
		decodeFilter: decodeMatchall,
	})
}
