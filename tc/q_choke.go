package tc

import (
	"math"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_CHOKE_* (pkt_sched.h).
const (
	chokeParms = 1
	chokeStab  = 2
	chokeMaxP  = 3
)

// Choke is the CHOKe qdisc (RED with flow matching). Thresholds are in
// packets; the RED constants (Wlog, Plog, Scell_log and the idle
// damping table) are derived from them as tc derives them.
type Choke struct {
	Limit       uint32  // packets; required
	Bandwidth   uint64  // bytes/s, for idle damping; required
	Min, Max    uint32  // thresholds in packets; 0: Max = Limit/4, Min = Max/3
	Avpkt       uint32  // bytes; 0 means 1000
	Burst       uint32  // packets; 0 means (2·Min + Max)/3
	Probability float64 // maximum marking probability, below 1; 0 means 0.02; NaN, negative or ≥ 1 is a *ParamError
	ECN         bool
}

// Kind returns "choke".
func (Choke) Kind() string { return "choke" }

// redProbOK reports whether p is a maximum marking probability RED and
// CHOKe can send: 0 (the default, 0.02) or in (0, 1). TCA_*_MAX_P is
// p·2^32 in a u32, so 1 would wrap to 0; NaN and negatives mean nothing.
func redProbOK(p float64) bool { return p >= 0 && p < 1 }

const redProbReason = "not a probability in [0, 1) (0: the default 0.02)"

func (q Choke) appendQdisc(b *wire.Builder) error {
	bad := func(p string, v any, why string) error {
		return &ParamError{Kind: "choke", Param: p, Value: v, Reason: why}
	}
	if q.Limit == 0 {
		return bad("limit", nil, "missing required parameter")
	}
	if q.Bandwidth == 0 {
		return bad("bandwidth", nil, "missing required parameter")
	}
	if !redProbOK(q.Probability) {
		return bad("probability", q.Probability, redProbReason)
	}
	avpkt, prob := q.Avpkt, q.Probability
	if avpkt == 0 {
		avpkt = 1000
	}
	if prob == 0 {
		prob = 0.02
	}
	max := q.Max
	if max == 0 {
		max = q.Limit / 4
	}
	min := q.Min
	if min == 0 {
		min = max / 3
	}
	burst := q.Burst
	if burst == 0 {
		burst = (2*min + max) / 3
	}
	if max > q.Limit || min >= max {
		return bad("min", min, "thresholds need min < max <= limit")
	}
	var stab [256]byte
	w, p, s, err := redParams(min*avpkt, max*avpkt, burst, avpkt, prob, q.Bandwidth, &stab)
	if err != nil {
		return bad("burst", burst, err.Error())
	}
	var o [16]byte
	putU32s(o[:], q.Limit, min, max)
	o[12], o[13], o[14] = w, p, s
	if q.ECN {
		o[15] = 1 // TC_RED_ECN
	}
	n := b.Nest(uapi.TCA_OPTIONS)
	b.PutBytes(chokeParms, o[:])
	b.PutBytes(chokeStab, stab[:])
	b.PutUint32(chokeMaxP, uint32(prob*(1<<32)))
	b.EndNest(n)
	return nil
}

type errString string

func (e errString) Error() string { return string(e) }

// redParams computes RED's constants as tc does: the EWMA weight log so
// that burst packets of avpkt fill the average to qmin (bytes), the
// probability log for prob between qmin and qmax, and the idle damping
// cell log with its 256-entry table for the link's rate.
func redParams(qmin, qmax, burst, avpkt uint32, prob float64, rate uint64, stab *[256]byte) (wlog, plog, scell uint8, err error) {
	a := float64(burst) + 1 - float64(qmin)/float64(avpkt)
	if a < 1 {
		return 0, 0, 0, errString("burst too small for min and avpkt")
	}
	W := 0.5
	for wlog = 1; wlog < 32; wlog++ {
		if a <= (1-math.Pow(1-W, float64(burst)))/W {
			break
		}
		W /= 2
	}
	if wlog >= 32 {
		return 0, 0, 0, errString("burst too large")
	}
	if qmax > qmin {
		pr := prob / float64(qmax-qmin)
		for plog = 0; plog < 32 && pr <= 1; plog++ {
			pr *= 2
		}
		if plog >= 32 {
			return 0, 0, 0, errString("probability too small")
		}
	}
	xmit := float64(xmitTime(rate, uint64(avpkt)))
	lW := -math.Log(1-1/float64(uint32(1)<<wlog)) / xmit
	maxtime := 31 / lW
	for scell = 0; scell < 32; scell++ {
		if maxtime/float64(uint32(1)<<scell) < 512 {
			break
		}
	}
	if scell >= 32 {
		return 0, 0, 0, errString("bandwidth too small for idle damping")
	}
	for i := 1; i < 255; i++ {
		stab[i] = uint8(math.Min(float64(uint32(i)<<scell)*lW, 31))
	}
	stab[255] = 31
	return wlog, plog, scell, nil
}

func decodeChoke(o []byte) QdiscOptions {
	var q Choke
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case chokeParms:
			q.Limit, q.Min, q.Max = u32At(a.Value, 0), u32At(a.Value, 4), u32At(a.Value, 8)
			q.ECN = len(a.Value) >= 16 && a.Value[15]&1 != 0
		case chokeMaxP:
			q.Probability = float64(au32(a)) / (1 << 32)
		}
	})
	return q
}

func init() {
	registerTable("choke", codec.NewTable("choke", "TCA_CHOKE_",
		structAttr(chokeParms, "TCA_CHOKE_PARMS", redQopt),
		attr(chokeStab, "TCA_CHOKE_STAB", codec.KindBinary),
		attr(chokeMaxP, "TCA_CHOKE_MAX_P", codec.KindU32)))
	register(&kindDef{
		KindInfo: KindInfo{Name: "choke", Doc: "CHOKe: RED that drops packets of the flows hogging the queue", Params: []Param{
			{Name: "limit", Type: "int", Unit: "packets", Required: true, Doc: "queue limit"},
			{Name: "bandwith", Type: "rate", Unit: "bytes/s", Doc: "link rate (pyroute2's spelling); required, or bandwidth"},
			{Name: "bandwidth", Type: "rate", Unit: "bytes/s", Doc: "link rate"},
			{Name: "min", Type: "int", Unit: "packets", Doc: "lower threshold"},
			{Name: "max", Type: "int", Unit: "packets", Doc: "upper threshold"},
			{Name: "avpkt", Type: "size", Unit: "bytes", Doc: "average packet size (default 1000)"},
			{Name: "burst", Type: "int", Unit: "packets", Doc: "burst for the average"},
			{Name: "probability", Type: "float", Doc: "maximum marking probability, 0 < p < 1 (default 0.02)"},
			{Name: "ecn", Type: "bool", Doc: "mark instead of drop"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			q := Choke{Limit: k.u32("limit", 0), Bandwidth: k.rate("bandwidth", k.rate("bandwith", 0)),
				Min: k.u32("min", 0), Max: k.u32("max", 0), Avpkt: k.size32("avpkt", 0), Burst: k.u32("burst", 0),
				Probability: k.float("probability", 0), ECN: k.flag("ecn")}
			if q.Bandwidth == 0 {
				k.fail("bandwith", nil, "missing required parameter")
			}
			return q
		},
		decodeQdisc: decodeChoke,
	})
}
