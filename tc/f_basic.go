package tc

import (
	"encoding/binary"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_BASIC_* (pkt_cls.h).
const (
	basicClassID  = 1
	basicEmatches = 2
	basicAct      = 3
	basicPolice   = 4
	basicPcnt     = 5
	basicPad      = 6
)

// Basic is the basic classifier: it matches when its extended-match tree
// does (every packet when it has none), selects ClassID and runs
// Actions.
type Basic struct {
	ClassID Handle
	Actions []Action
	// Ematches is the TCA_BASIC_EMATCHES value as it goes on the wire
	// (TCA_EMATCH_TREE_HDR and TCA_EMATCH_TREE_LIST); nil matches all.
	// Read back, it is a copy.
	Ematches []byte

	// Read back only.
	Hits uint64 // TCA_BASIC_PCNT rhit
}

// Kind returns "basic".
func (Basic) Kind() string { return "basic" }

func (f Basic) appendFilter(b *wire.Builder) error {
	n := b.Nest(uapi.TCA_OPTIONS)
	if f.ClassID != 0 {
		b.PutUint32(basicClassID, uint32(f.ClassID))
	}
	if len(f.Ematches) > 0 {
		b.PutBytes(basicEmatches, f.Ematches)
	}
	if err := appendActions(b, basicAct, f.Actions); err != nil {
		return err
	}
	b.EndNest(n)
	return nil
}

func decodeBasic(o []byte) FilterOptions {
	var f Basic
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case basicClassID:
			f.ClassID = Handle(au32(a))
		case basicEmatches:
			f.Ematches = append([]byte(nil), a.Value...)
		case basicAct:
			f.Actions = decodeActions(a.Value)
		case basicPcnt:
			f.Hits = u64At(a.Value, 8)
		}
	})
	return f
}

func u64At(b []byte, off int) uint64 {
	if len(b) < off+8 {
		return 0
	}
	return binary.NativeEndian.Uint64(b[off:])
}

func init() {
	ematchTree := codec.NewTable("ematch_tree", "TCA_EMATCH_TREE_",
		structAttr(1, "TCA_EMATCH_TREE_HDR", codec.NewStruct("tcf_ematch_tree_hdr",
			fields(codec.KindU16, "nmatches", "progid")...)),
		attr(2, "TCA_EMATCH_TREE_LIST", codec.KindBinary),
	)
	registerTable("basic", codec.NewTable("basic", "TCA_BASIC_",
		attr(basicClassID, "TCA_BASIC_CLASSID", codec.KindU32),
		nestAttr(basicEmatches, "TCA_BASIC_EMATCHES", ematchTree),
		nestAttr(basicAct, "TCA_BASIC_ACT", actsTable),
		attr(basicPolice, "TCA_BASIC_POLICE", codec.KindBinary),
		structAttr(basicPcnt, "TCA_BASIC_PCNT", codec.NewStruct("tc_basic_pcnt", fields(codec.KindU64, "rcnt", "rhit")...)),
		attr(basicPad, "TCA_BASIC_PAD", codec.KindBinary),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "basic", Doc: "basic classifier: extended matches, or every packet", Params: []Param{
			{Name: "classid", Type: "handle", Doc: "class selected (also target)"},
			{Name: "target", Type: "handle", Doc: "class selected"},
			actionParam,
		}},
		filter: func(k *kw) FilterOptions {
			return Basic{ClassID: k.handle("classid", k.handle("target", 0)), Actions: actionsFromSpec(k, "action")}
		},
		decodeFilter: decodeBasic,
	})
}
