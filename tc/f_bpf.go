package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_BPF_* (pkt_cls.h).
const (
	bpfAct      = 1
	bpfPolice   = 2
	bpfClassID  = 3
	bpfOpsLen   = 4
	bpfOps      = 5
	bpfFD       = 6
	bpfName     = 7
	bpfFlags    = 8
	bpfFlagsGen = 9
	bpfTag      = 10
	bpfID       = 11

	bpfFlagDirectAction = 1 // TCA_BPF_FLAG_ACT_DIRECT
)

// BPF is the BPF classifier: an eBPF program by file descriptor (loaded
// elsewhere, of type BPF_PROG_TYPE_SCHED_CLS) or classic BPF
// instructions. With DirectAction the program's return value is the
// verdict (clsact's usual mode); otherwise it selects ClassID.
type BPF struct {
	FD           int
	Ops          []ClassicBPF // classic BPF instead of FD; at most 4096 (BPF_MAXINSNS), more is a *ParamError for "ops"
	Name         string
	ClassID      Handle
	DirectAction bool
	Flags        uint32 // TCA_CLS_FLAGS_SKIP_HW (1), TCA_CLS_FLAGS_SKIP_SW (2)
	Actions      []Action

	// Read back only.
	ID  uint32 // the program's id
	Tag []byte // the program's tag
}

// Kind returns "bpf".
func (BPF) Kind() string { return "bpf" }

func (f BPF) appendFilter(b *wire.Builder) error {
	n := b.Nest(uapi.TCA_OPTIONS)
	if err := appendBPFProg(b, f.FD, f.Ops, f.Name, bpfFD, bpfOpsLen, bpfOps, bpfName); err != nil {
		return err
	}
	if f.ClassID != 0 {
		b.PutUint32(bpfClassID, uint32(f.ClassID))
	}
	if f.DirectAction {
		b.PutUint32(bpfFlags, bpfFlagDirectAction)
	}
	if f.Flags != 0 {
		b.PutUint32(bpfFlagsGen, f.Flags)
	}
	if err := appendActions(b, bpfAct, f.Actions); err != nil {
		return err
	}
	b.EndNest(n)
	return nil
}

func decodeBPF(o []byte) FilterOptions {
	var f BPF
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case bpfName:
			f.Name = string(a.StringBytes())
		case bpfClassID:
			f.ClassID = Handle(au32(a))
		case bpfFlags:
			f.DirectAction = au32(a)&bpfFlagDirectAction != 0
		case bpfFlagsGen:
			f.Flags = au32(a)
		case bpfID:
			f.ID = au32(a)
		case bpfTag:
			f.Tag = append([]byte(nil), a.Value...)
		case bpfOps:
			f.Ops = decodeClassicBPF(a.Value)
		case bpfAct:
			f.Actions = decodeActions(a.Value)
		}
	})
	return f
}

var bpfFilterParams = []Param{
	{Name: "fd", Type: "int", Doc: "file descriptor of a loaded BPF program"},
	{Name: "name", Type: "string", Doc: "program name shown by tc"},
	{Name: "classid", Type: "handle", Doc: "class selected (filter)"},
	{Name: "direct_action", Type: "bool", Doc: "the program's return value is the verdict (filter)"},
	{Name: "ops", Type: "list", Doc: "classic BPF instructions [code, jt, jf, k] instead of fd, at most 4096 (filter)"},
	actionParam,
	{Name: "index", Type: "int", Doc: "action index (action)"},
}

func bpfFromSpec(k *kw) FilterOptions {
	f := BPF{FD: int(k.u32("fd", 0)), Name: k.str("name", ""), ClassID: k.handle("classid", 0),
		DirectAction: k.flag("direct_action"), Actions: actionsFromSpec(k, "action")}
	if v, ok := k.get("ops"); ok {
		l, _ := v.([]any)
		for _, ins := range l {
			q, ok := ins.([]any)
			if !ok || len(q) != 4 {
				k.fail("ops", v, "not a list of [code, jt, jf, k]")
				return f
			}
			var n [4]uint64
			for i := range q {
				var err error
				if n[i], err = toUint(q[i]); err != nil {
					k.fail("ops", v, "not a list of [code, jt, jf, k]")
					return f
				}
			}
			f.Ops = append(f.Ops, ClassicBPF{Code: uint16(n[0]), JT: uint8(n[1]), JF: uint8(n[2]), K: uint32(n[3])})
		}
	}
	if !k.has("fd") && len(f.Ops) == 0 {
		k.fail("fd", nil, "missing required parameter (fd or ops)")
	}
	return f
}

func init() {
	registerTable("bpf", codec.NewTable("bpf", "TCA_BPF_",
		nestAttr(bpfAct, "TCA_BPF_ACT", actsTable),
		attr(bpfPolice, "TCA_BPF_POLICE", codec.KindBinary),
		attr(bpfClassID, "TCA_BPF_CLASSID", codec.KindU32),
		attr(bpfOpsLen, "TCA_BPF_OPS_LEN", codec.KindU16),
		attr(bpfOps, "TCA_BPF_OPS", codec.KindBinary),
		attr(bpfFD, "TCA_BPF_FD", codec.KindU32),
		attr(bpfName, "TCA_BPF_NAME", codec.KindString),
		attr(bpfFlags, "TCA_BPF_FLAGS", codec.KindU32),
		attr(bpfFlagsGen, "TCA_BPF_FLAGS_GEN", codec.KindU32),
		attr(bpfTag, "TCA_BPF_TAG", codec.KindBinary),
		attr(bpfID, "TCA_BPF_ID", codec.KindU32),
	))
	register(&kindDef{
		KindInfo:     KindInfo{Name: "bpf", Doc: "BPF classifier and BPF action", Params: bpfFilterParams},
		filter:       bpfFromSpec,
		action:       actBPFFromSpec,
		decodeFilter: decodeBPF,
		decodeAction: decodeActBPF,
	})
}
