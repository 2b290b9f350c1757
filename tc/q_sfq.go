package tc

import (
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// SFQ is stochastic fairness queueing. Its options are a bare struct
// tc_sfq_qopt_v1, sent whole as tc sends it (its RED part zero: off).
type SFQ struct {
	Quantum  uint32        // bytes per round; 0 means the link's MTU
	Perturb  time.Duration // hash perturbation period, whole seconds (truncated); 0 never; negative or under 1s is a *ParamError
	Limit    uint32        // packets; 0 keeps the default (127)
	Divisor  uint32        // hash table size; 0 keeps the default (1024)
	Flows    uint32        // flows; 0 keeps the default
	Depth    uint32        // packets per flow; 0 keeps the default (127)
	Headdrop bool          // drop from the head of a full flow
}

// Kind returns "sfq".
func (SFQ) Kind() string { return "sfq" }

func (q SFQ) appendQdisc(b *wire.Builder) error {
	if err := checkTimes("sfq", time.Second, timeParam{"perturb", q.Perturb}); err != nil {
		return err
	}
	var o [72]byte
	hd := uint32(0)
	if q.Headdrop {
		hd = 1
	}
	putU32s(o[:], q.Quantum, uint32(q.Perturb/time.Second), q.Limit, q.Divisor, q.Flows, q.Depth, hd)
	b.PutBytes(uapi.TCA_OPTIONS, o[:])
	return nil
}

func init() {
	codec.RegisterTCOptionsStruct("sfq", codec.NewStruct("tc_sfq_qopt_v1", cat(
		[]codec.Field{{Name: "quantum", Kind: codec.KindU32}, {Name: "perturb_period", Kind: codec.KindS32}},
		fields(codec.KindU32, "limit", "divisor", "flows", "depth", "headdrop", "red_limit", "qth_min", "qth_max"),
		fields(codec.KindU8, "Wlog", "Plog", "Scell_log", "flags"),
		fields(codec.KindU32, "max_P", "prob_drop", "forced_drop", "prob_mark", "forced_mark",
			"prob_mark_head", "forced_mark_head"))...), nil)
	register(&kindDef{
		KindInfo: KindInfo{Name: "sfq", Doc: "stochastic fairness queueing", Params: []Param{
			{Name: "quantum", Type: "size", Unit: "bytes", Doc: "bytes dequeued per flow per round"},
			{Name: "perturb", Type: "int", Unit: "seconds", Doc: "hash perturbation period"},
			{Name: "limit", Type: "int", Unit: "packets", Doc: "queue limit"},
			{Name: "divisor", Type: "int", Doc: "hash table size"},
			{Name: "flows", Type: "int", Doc: "number of flows"},
			{Name: "depth", Type: "int", Unit: "packets", Doc: "limit per flow"},
			{Name: "headdrop", Type: "bool", Doc: "drop from the head"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			return SFQ{Quantum: k.size32("quantum", 0), Perturb: time.Duration(k.u32("perturb", 0)) * time.Second,
				Limit: k.u32("limit", 0), Divisor: k.u32("divisor", 0), Flows: k.u32("flows", 0),
				Depth: k.u32("depth", 0), Headdrop: k.flag("headdrop")}
		},
		decodeQdisc: func(o []byte) QdiscOptions {
			return SFQ{Quantum: u32At(o, 0), Perturb: time.Duration(u32At(o, 4)) * time.Second, Limit: u32At(o, 8),
				Divisor: u32At(o, 12), Flows: u32At(o, 16), Depth: u32At(o, 20), Headdrop: u32At(o, 24) != 0}
		},
	})
}
