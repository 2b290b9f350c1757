package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_RED_* (pkt_sched.h).
const (
	redParms          = 1
	redStab           = 2
	redMaxP           = 3
	redFlags          = 4
	redEarlyDropBlock = 5
	redMarkBlock      = 6
)

// RED flags (TC_RED_*).
const (
	redECN        = 1
	redHarddrop   = 2
	redAdaptative = 4
)

// RED is random early detection. Thresholds and the limit are in bytes;
// Wlog, Plog, Scell_log and the idle damping table are derived from them
// as tc derives them.
type RED struct {
	Limit       uint32  // bytes; required
	Min, Max    uint32  // thresholds in bytes; 0: Max = Limit/4 (or 3·Min), Min = Max/3
	Avpkt       uint32  // bytes; 0 means 1000
	Burst       uint32  // packets; 0 means (2·Min + Max)/(3·Avpkt)
	Bandwidth   uint64  // bytes/s, for idle damping; 0 means 10mbit
	Probability float64 // maximum marking probability, below 1; 0 means 0.02; NaN, negative or ≥ 1 is a *ParamError
	ECN         bool
	Harddrop    bool // drop instead of marking above Max
	Adaptive    bool // adapt the probability to hold the average between the thresholds
}

// Kind returns "red".
func (RED) Kind() string { return "red" }

func (q RED) appendQdisc(b *wire.Builder) error {
	bad := func(p string, v any, why string) error {
		return &ParamError{Kind: "red", Param: p, Value: v, Reason: why}
	}
	if q.Limit == 0 {
		return bad("limit", nil, "missing required parameter")
	}
	if !redProbOK(q.Probability) {
		return bad("probability", q.Probability, redProbReason)
	}
	avpkt, prob, rate := q.Avpkt, q.Probability, q.Bandwidth
	if avpkt == 0 {
		avpkt = 1000
	}
	if prob == 0 {
		prob = 0.02
	}
	if rate == 0 {
		rate = 10e6 / 8
	}
	max, min := q.Max, q.Min
	if max == 0 {
		max = q.Limit / 4
		if min != 0 {
			max = 3 * min
		}
	}
	if min == 0 {
		min = max / 3
	}
	burst := q.Burst
	if burst == 0 {
		burst = (2*min + max) / (3 * avpkt)
	}
	if min >= max || max > q.Limit {
		return bad("min", min, "thresholds need min < max <= limit")
	}
	var stab [256]byte
	w, p, s, err := redParams(min, max, burst, avpkt, prob, rate, &stab)
	if err != nil {
		return bad("burst", burst, err.Error())
	}
	var o [16]byte
	putU32s(o[:], q.Limit, min, max)
	o[12], o[13], o[14] = w, p, s
	if q.ECN {
		o[15] |= redECN
	}
	if q.Harddrop {
		o[15] |= redHarddrop
	}
	if q.Adaptive {
		o[15] |= redAdaptative
	}
	n := b.Nest(uapi.TCA_OPTIONS | wire.AttrNested)
	b.PutBytes(redParms, o[:])
	b.PutBytes(redStab, stab[:])
	b.PutUint32(redMaxP, uint32(prob*(1<<32)))
	b.EndNest(n)
	return nil
}

func decodeRED(o []byte) QdiscOptions {
	var q RED
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case redParms:
			q.Limit, q.Min, q.Max = u32At(a.Value, 0), u32At(a.Value, 4), u32At(a.Value, 8)
			if len(a.Value) >= 16 {
				f := a.Value[15]
				q.ECN, q.Harddrop, q.Adaptive = f&redECN != 0, f&redHarddrop != 0, f&redAdaptative != 0
			}
		case redMaxP:
			q.Probability = float64(au32(a)) / (1 << 32)
		}
	})
	return q
}

// redQopt is struct tc_red_qopt, the parameters of RED and of CHOKe
// (TCA_RED_PARMS, TCA_CHOKE_PARMS).
var redQopt = codec.NewStruct("tc_red_qopt", append(
	fields(codec.KindU32, "limit", "qth_min", "qth_max"), fields(codec.KindU8, "Wlog", "Plog", "Scell_log", "flags")...)...)

func init() {
	registerTable("red", codec.NewTable("red", "TCA_RED_",
		structAttr(redParms, "TCA_RED_PARMS", redQopt),
		attr(redStab, "TCA_RED_STAB", codec.KindBinary),
		attr(redMaxP, "TCA_RED_MAX_P", codec.KindU32),
		structAttr(redFlags, "TCA_RED_FLAGS", codec.NewStruct("nla_bitfield32", fields(codec.KindU32, "value", "selector")...)),
		attr(redEarlyDropBlock, "TCA_RED_EARLY_DROP_BLOCK", codec.KindU32),
		attr(redMarkBlock, "TCA_RED_MARK_BLOCK", codec.KindU32)))
	register(&kindDef{
		KindInfo: KindInfo{Name: "red", Doc: "random early detection", Params: []Param{
			{Name: "limit", Type: "size", Unit: "bytes", Required: true, Doc: "queue limit"},
			{Name: "min", Type: "size", Unit: "bytes", Doc: "lower threshold (default max/3)"},
			{Name: "max", Type: "size", Unit: "bytes", Doc: "upper threshold (default limit/4)"},
			{Name: "avpkt", Type: "size", Unit: "bytes", Doc: "average packet size (default 1000)"},
			{Name: "burst", Type: "int", Unit: "packets", Doc: "burst for the average"},
			{Name: "bandwidth", Type: "rate", Unit: "bytes/s", Doc: "link rate for idle damping (default 10mbit)"},
			{Name: "probability", Type: "float", Doc: "maximum marking probability, 0 < p < 1 (default 0.02)"},
			{Name: "ecn", Type: "bool", Doc: "mark instead of drop"},
			{Name: "harddrop", Type: "bool", Doc: "drop above max even with ecn"},
			{Name: "adaptive", Type: "bool", Doc: "adaptive RED"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			return RED{Limit: k.size32("limit", 0), Min: k.size32("min", 0), Max: k.size32("max", 0),
				Avpkt: k.size32("avpkt", 0), Burst: k.u32("burst", 0), Bandwidth: k.rate("bandwidth", 0),
				Probability: k.float("probability", 0), ECN: k.flag("ecn"), Harddrop: k.flag("harddrop"),
				Adaptive: k.flag("adaptive")}
		},
		decodeQdisc: decodeRED,
	})
}
