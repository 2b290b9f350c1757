package tc

import (
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_FQ_PIE_* (pkt_sched.h).
const (
	fqPieLimit           = 1
	fqPieFlows           = 2
	fqPieTarget          = 3
	fqPieTupdate         = 4
	fqPieAlpha           = 5
	fqPieBeta            = 6
	fqPieQuantum         = 7
	fqPieMemoryLimit     = 8
	fqPieECNProb         = 9
	fqPieECN             = 10
	fqPieBytemode        = 11
	fqPieDQRateEstimator = 12
)

// FQPIE is fair queueing with PIE on each flow. Zero fields are not
// sent: the kernel keeps its defaults (limit 10240 packets, 1024 flows,
// target 15ms, tupdate 15ms, alpha 2, beta 20, ECN probability 10%).
// Times go to the kernel in whole microseconds; a negative one, or a
// non-zero one under 1µs, is a *ParamError.
type FQPIE struct {
	Limit           uint32 // packets
	Flows           uint32 // only at creation
	Target          time.Duration
	Tupdate         time.Duration
	Alpha, Beta     uint32 // 0..32
	Quantum         uint32 // bytes
	MemoryLimit     uint32 // bytes
	ECNProb         uint32 // percent, 0..100: mark below it, drop above
	ECN             bool
	Bytemode        bool
	DQRateEstimator bool
}

// Kind returns "fq_pie".
func (FQPIE) Kind() string { return "fq_pie" }

func (q FQPIE) appendQdisc(b *wire.Builder) error {
	if q.Alpha > 32 || q.Beta > 32 {
		return &ParamError{Kind: "fq_pie", Param: "alpha", Value: max(q.Alpha, q.Beta), Reason: "alpha and beta must be 0..32"}
	}
	if err := checkTimes("fq_pie", time.Microsecond, timeParam{"target", q.Target}, timeParam{"tupdate", q.Tupdate}); err != nil {
		return err
	}
	if q.ECNProb > 100 {
		return &ParamError{Kind: "fq_pie", Param: "ecn_prob", Value: q.ECNProb, Reason: "must be 0..100"}
	}
	n := b.Nest(uapi.TCA_OPTIONS | wire.AttrNested)
	putNonZero(b, fqPieLimit, q.Limit)
	putNonZero(b, fqPieFlows, q.Flows)
	putUsec(b, fqPieTarget, q.Target)
	putUsec(b, fqPieTupdate, q.Tupdate)
	putNonZero(b, fqPieAlpha, q.Alpha)
	putNonZero(b, fqPieBeta, q.Beta)
	putNonZero(b, fqPieQuantum, q.Quantum)
	putNonZero(b, fqPieMemoryLimit, q.MemoryLimit)
	putNonZero(b, fqPieECNProb, q.ECNProb)
	putBool(b, fqPieECN, q.ECN)
	putBool(b, fqPieBytemode, q.Bytemode)
	putBool(b, fqPieDQRateEstimator, q.DQRateEstimator)
	b.EndNest(n)
	return nil
}

func decodeFQPIE(o []byte) QdiscOptions {
	var q FQPIE
	attrsOf(o, func(a wire.Attr) {
		switch v := au32(a); a.Kind() {
		case fqPieLimit:
			q.Limit = v
		case fqPieFlows:
			q.Flows = v
		case fqPieTarget:
			q.Target = usec(a)
		case fqPieTupdate:
			q.Tupdate = usec(a)
		case fqPieAlpha:
			q.Alpha = v
		case fqPieBeta:
			q.Beta = v
		case fqPieQuantum:
			q.Quantum = v
		case fqPieMemoryLimit:
			q.MemoryLimit = v
		case fqPieECNProb:
			q.ECNProb = v
		case fqPieECN:
			q.ECN = v != 0
		case fqPieBytemode:
			q.Bytemode = v != 0
		case fqPieDQRateEstimator:
			q.DQRateEstimator = v != 0
		}
	})
	return q
}

func init() {
	registerTable("fq_pie", codec.NewTable("fq_pie", "TCA_FQ_PIE_",
		attr(fqPieLimit, "TCA_FQ_PIE_LIMIT", codec.KindU32),
		attr(fqPieFlows, "TCA_FQ_PIE_FLOWS", codec.KindU32),
		attr(fqPieTarget, "TCA_FQ_PIE_TARGET", codec.KindU32),
		attr(fqPieTupdate, "TCA_FQ_PIE_TUPDATE", codec.KindU32),
		attr(fqPieAlpha, "TCA_FQ_PIE_ALPHA", codec.KindU32),
		attr(fqPieBeta, "TCA_FQ_PIE_BETA", codec.KindU32),
		attr(fqPieQuantum, "TCA_FQ_PIE_QUANTUM", codec.KindU32),
		attr(fqPieMemoryLimit, "TCA_FQ_PIE_MEMORY_LIMIT", codec.KindU32),
		attr(fqPieECNProb, "TCA_FQ_PIE_ECN_PROB", codec.KindU32),
		attr(fqPieECN, "TCA_FQ_PIE_ECN", codec.KindU32),
		attr(fqPieBytemode, "TCA_FQ_PIE_BYTEMODE", codec.KindU32),
		attr(fqPieDQRateEstimator, "TCA_FQ_PIE_DQ_RATE_ESTIMATOR", codec.KindU32)))
	register(&kindDef{
		KindInfo: KindInfo{Name: "fq_pie", Doc: "fair queueing with PIE per flow", Params: []Param{
			{Name: "limit", Type: "int", Unit: "packets", Doc: "queue limit (default 10240)"},
			{Name: "flows", Type: "int", Doc: "number of flows (default 1024)"},
			{Name: "target", Type: "time", Unit: "µs", Doc: "target queue delay (default 15ms)"},
			{Name: "tupdate", Type: "time", Unit: "µs", Doc: "probability update interval (default 15ms)"},
			{Name: "alpha", Type: "int", Doc: "controller weight 0..32"},
			{Name: "beta", Type: "int", Doc: "controller weight 0..32"},
			{Name: "quantum", Type: "size", Unit: "bytes", Doc: "bytes per flow per round"},
			{Name: "memory_limit", Type: "size", Unit: "bytes", Doc: "memory limit (default 32Mb)"},
			{Name: "ecn_prob", Type: "int", Unit: "percent", Doc: "mark below this drop probability (default 10)"},
			{Name: "ecn", Type: "bool", Doc: "mark instead of drop"},
			{Name: "bytemode", Type: "bool", Doc: "scale drops by packet size"},
			{Name: "dq_rate_estimator", Type: "bool", Doc: "estimate delay from the dequeue rate"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			return FQPIE{Limit: k.u32("limit", 0), Flows: k.u32("flows", 0), Target: k.dur("target", 0),
				Tupdate: k.dur("tupdate", 0), Alpha: k.u32("alpha", 0), Beta: k.u32("beta", 0),
				Quantum: k.size32("quantum", 0), MemoryLimit: k.size32("memory_limit", 0), ECNProb: k.u32("ecn_prob", 0),
				ECN: k.flag("ecn"), Bytemode: k.flag("bytemode"), DQRateEstimator: k.flag("dq_rate_estimator")}
		},
		decodeQdisc: decodeFQPIE,
	})
}
