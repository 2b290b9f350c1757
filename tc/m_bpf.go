package tc

import (
	"encoding/binary"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// TCA_ACT_BPF_* (tc_act/tc_bpf.h).
const (
	actBPFTM     = 1
	actBPFParms  = 2
	actBPFOpsLen = 3
	actBPFOps    = 4
	actBPFFD     = 5
	actBPFName   = 6

	bpfMaxInsns = 4096 // BPF_MAXINSNS (bpf_common.h): cls_bpf and act_bpf refuse more ops
)

// ActBPF runs a BPF program as an action: an eBPF program by file
// descriptor (FD, loaded elsewhere) or classic BPF instructions (Ops).
// More than 4096 Ops (the kernel's BPF_MAXINSNS) is a *ParamError for
// "ops".
type ActBPF struct {
	FD     int          // an eBPF program of type BPF_PROG_TYPE_SCHED_ACT; used when Ops is empty
	Ops    []ClassicBPF // at most 4096
	Name   string       // shown by tc
	Action Control
	Index  uint32
}

// ClassicBPF is one classic BPF instruction (struct sock_filter).
type ClassicBPF struct {
	Code uint16
	JT   uint8
	JF   uint8
	K    uint32
}

// Kind returns "bpf".
func (ActBPF) Kind() string { return "bpf" }

func (a ActBPF) appendAction(b *wire.Builder) error {
	var p [20]byte
	putGen(p[:], a.Index, a.Action)
	b.PutBytes(actBPFParms, p[:])
	return appendBPFProg(b, a.FD, a.Ops, a.Name, actBPFFD, actBPFOpsLen, actBPFOps, actBPFName)
}

// appendBPFProg writes a program as cls_bpf and act_bpf take it: ops
// (length, then the instructions) or a file descriptor, and a name.
// More than bpfMaxInsns ops is a *ParamError for "ops", before anything
// is written.
func appendBPFProg(b *wire.Builder, fd int, ops []ClassicBPF, name string, tFD, tOpsLen, tOps, tName uint16) error {
	if len(ops) > bpfMaxInsns {
		return &ParamError{Kind: "bpf", Param: "ops", Value: len(ops), Reason: "more than 4096 classic BPF instructions (BPF_MAXINSNS)"}
	}
	if len(ops) > 0 {
		b.PutUint16(tOpsLen, uint16(len(ops)))
		// Written in place (Nest, Reserve, EndNest): no scratch slice.
		n := b.Nest(tOps)
		if p := b.Reserve(8 * len(ops)); p != nil {
			for i, o := range ops {
				q := p[8*i:]
				binary.NativeEndian.PutUint16(q, o.Code)
				q[2], q[3] = o.JT, o.JF
				putU32s(q[4:], o.K)
			}
		}
		b.EndNest(n)
	} else {
		b.PutUint32(tFD, uint32(fd))
	}
	if name != "" {
		b.PutString(tName, name)
	}
	return nil
}

func init() {
	registerAction("bpf", codec.NewTable("act_bpf", "TCA_ACT_BPF_",
		structAttr(actBPFTM, "TCA_ACT_BPF_TM", codec.NewStruct("tcf_t", tcfTFields...)),
		structAttr(actBPFParms, "TCA_ACT_BPF_PARMS", codec.NewStruct("tc_act_bpf", tcGenFields...)),
		attr(actBPFOpsLen, "TCA_ACT_BPF_OPS_LEN", codec.KindU16),
		attr(actBPFOps, "TCA_ACT_BPF_OPS", codec.KindBinary),
		attr(actBPFFD, "TCA_ACT_BPF_FD", codec.KindU32),
		attr(actBPFName, "TCA_ACT_BPF_NAME", codec.KindString),
		attr(7, "TCA_ACT_BPF_PAD", codec.KindBinary),
		attr(8, "TCA_ACT_BPF_TAG", codec.KindBinary),
		attr(9, "TCA_ACT_BPF_ID", codec.KindU32),
	))
}

func actBPFFromSpec(k *kw) Action {
	return ActBPF{FD: int(k.u32("fd", 0)), Name: k.str("name", ""),
		Action: Control(int32(k.enum("action", uint32(ActPipe), controlNames))), Index: k.u32("index", 0)}
}

func decodeActBPF(o []byte) Action {
	var a ActBPF
	attrsOf(o, func(x wire.Attr) {
		switch x.Kind() {
		case actBPFParms:
			a.Index, a.Action = u32At(x.Value, 0), genAction(x.Value)
		case actBPFOps:
			a.Ops = decodeClassicBPF(x.Value)
		case actBPFName:
			a.Name = string(x.StringBytes())
		}
	})
	return a
}

// decodeClassicBPF reads the instructions of a TCA_BPF_OPS or
// TCA_ACT_BPF_OPS value (struct sock_filter, 8 bytes each); a trailing
// partial instruction is ignored.
func decodeClassicBPF(v []byte) []ClassicBPF {
	var ops []ClassicBPF
	for i := 0; i+8 <= len(v); i += 8 {
		q := v[i:]
		ops = append(ops, ClassicBPF{Code: u16At(q, 0), JT: q[2], JF: q[3], K: u32At(q, 4)})
	}
	return ops
}
