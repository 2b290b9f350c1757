package tc

import (
	"math"
	"math/bits"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_FQ_* (pkt_sched.h).
const (
	fqPlimit           = 1
	fqFlowPlimit       = 2
	fqQuantum          = 3
	fqInitialQuantum   = 4
	fqRateEnable       = 5
	fqFlowDefaultRate  = 6
	fqFlowMaxRate      = 7
	fqBucketsLog       = 8
	fqFlowRefillDelay  = 9
	fqOrphanMask       = 10
	fqLowRateThreshold = 11
	fqCEThreshold      = 12
	fqTimerSlack       = 13
	fqHorizon          = 14
	fqHorizonDrop      = 15
	fqPriomap          = 16
	fqWeights          = 17
	fqOffloadHorizon   = 18
)

// FQ is the fair queue packet scheduler with pacing. Zero fields are not
// sent: the kernel keeps its defaults (limit 10000 packets, 100 per flow,
// quantum 2 MTUs, 1024 buckets, pacing on, horizon 10s with drop).
// RefillDelay, CEThreshold and Horizon go in whole microseconds,
// TimerSlack in nanoseconds; a negative time, or a non-zero one under
// its unit, is a *ParamError.
type FQ struct {
	Limit            uint32        // packets
	FlowLimit        uint32        // packets per flow
	Quantum          uint32        // bytes per flow per round
	InitialQuantum   uint32        // bytes for a new flow's first round
	MaxRate          uint64        // bytes/s per flow; saturates at 2^32-1 (unlimited)
	Buckets          uint32        // hash buckets, a power of 2 (rounded down)
	NoPacing         bool          // disable pacing
	RefillDelay      time.Duration // flow refill delay
	OrphanMask       uint32
	LowRateThreshold uint64 // bytes/s
	CEThreshold      time.Duration
	TimerSlack       time.Duration
	Horizon          time.Duration // drop (or cap) packets timestamped further ahead
	HorizonCap       bool          // cap instead of drop beyond Horizon
}

// Kind returns "fq".
func (FQ) Kind() string { return "fq" }

func (q FQ) appendQdisc(b *wire.Builder) error {
	if err := checkTimes("fq", time.Microsecond, timeParam{"refill_delay", q.RefillDelay},
		timeParam{"ce_threshold", q.CEThreshold}, timeParam{"horizon", q.Horizon}); err != nil {
		return err
	}
	if err := checkTimes("fq", 1, timeParam{"timer_slack", q.TimerSlack}); err != nil {
		return err
	}
	n := b.Nest(uapi.TCA_OPTIONS | wire.AttrNested)
	putNonZero(b, fqPlimit, q.Limit)
	putNonZero(b, fqFlowPlimit, q.FlowLimit)
	putNonZero(b, fqQuantum, q.Quantum)
	putNonZero(b, fqInitialQuantum, q.InitialQuantum)
	if q.NoPacing {
		b.PutUint32(fqRateEnable, 0)
	}
	putNonZero(b, fqFlowMaxRate, uint32(min(q.MaxRate, math.MaxUint32)))
	if q.Buckets != 0 {
		b.PutUint32(fqBucketsLog, uint32(bits.Len32(q.Buckets)-1))
	}
	putUsec(b, fqFlowRefillDelay, q.RefillDelay)
	putNonZero(b, fqOrphanMask, q.OrphanMask)
	putNonZero(b, fqLowRateThreshold, uint32(min(q.LowRateThreshold, math.MaxUint32)))
	putUsec(b, fqCEThreshold, q.CEThreshold)
	if q.TimerSlack != 0 {
		b.PutUint32(fqTimerSlack, uint32(min(q.TimerSlack, math.MaxUint32)))
	}
	putUsec(b, fqHorizon, q.Horizon)
	if q.HorizonCap {
		b.PutUint8(fqHorizonDrop, 0)
	}
	b.EndNest(n)
	return nil
}

func decodeFQ(o []byte) QdiscOptions {
	var q FQ
	attrsOf(o, func(a wire.Attr) {
		switch v := au32(a); a.Kind() {
		case fqPlimit:
			q.Limit = v
		case fqFlowPlimit:
			q.FlowLimit = v
		case fqQuantum:
			q.Quantum = v
		case fqInitialQuantum:
			q.InitialQuantum = v
		case fqRateEnable:
			q.NoPacing = v == 0
		case fqFlowMaxRate:
			q.MaxRate = uint64(v)
		case fqBucketsLog:
			if v < 32 {
				q.Buckets = 1 << v
			}
		case fqFlowRefillDelay:
			q.RefillDelay = usec(a)
		case fqOrphanMask:
			q.OrphanMask = v
		case fqLowRateThreshold:
			q.LowRateThreshold = uint64(v)
		case fqCEThreshold:
			q.CEThreshold = usec(a)
		case fqTimerSlack:
			q.TimerSlack = time.Duration(v)
		case fqHorizon:
			q.Horizon = usec(a)
		case fqHorizonDrop:
			q.HorizonCap = len(a.Value) > 0 && a.Value[0] == 0
		}
	})
	return q
}

func init() {
	registerTable("fq", codec.NewTable("fq", "TCA_FQ_",
		attr(fqPlimit, "TCA_FQ_PLIMIT", codec.KindU32),
		attr(fqFlowPlimit, "TCA_FQ_FLOW_PLIMIT", codec.KindU32),
		attr(fqQuantum, "TCA_FQ_QUANTUM", codec.KindU32),
		attr(fqInitialQuantum, "TCA_FQ_INITIAL_QUANTUM", codec.KindU32),
		attr(fqRateEnable, "TCA_FQ_RATE_ENABLE", codec.KindU32),
		attr(fqFlowDefaultRate, "TCA_FQ_FLOW_DEFAULT_RATE", codec.KindU32),
		attr(fqFlowMaxRate, "TCA_FQ_FLOW_MAX_RATE", codec.KindU32),
		attr(fqBucketsLog, "TCA_FQ_BUCKETS_LOG", codec.KindU32),
		attr(fqFlowRefillDelay, "TCA_FQ_FLOW_REFILL_DELAY", codec.KindU32),
		attr(fqOrphanMask, "TCA_FQ_ORPHAN_MASK", codec.KindU32),
		attr(fqLowRateThreshold, "TCA_FQ_LOW_RATE_THRESHOLD", codec.KindU32),
		attr(fqCEThreshold, "TCA_FQ_CE_THRESHOLD", codec.KindU32),
		attr(fqTimerSlack, "TCA_FQ_TIMER_SLACK", codec.KindU32),
		attr(fqHorizon, "TCA_FQ_HORIZON", codec.KindU32),
		attr(fqHorizonDrop, "TCA_FQ_HORIZON_DROP", codec.KindU8),
		structAttr(fqPriomap, "TCA_FQ_PRIOMAP", prioQopt),
		codec.AttrSpec{Type: fqWeights, Name: "TCA_FQ_WEIGHTS", Kind: codec.KindArray, Elem: codec.KindS32},
		attr(fqOffloadHorizon, "TCA_FQ_OFFLOAD_HORIZON", codec.KindU32)))
	register(&kindDef{
		KindInfo: KindInfo{Name: "fq", Doc: "fair queue packet scheduler with pacing", Params: []Param{
			{Name: "limit", Type: "int", Unit: "packets", Doc: "queue limit (default 10000)"},
			{Name: "flow_limit", Type: "int", Unit: "packets", Doc: "limit per flow (default 100)"},
			{Name: "quantum", Type: "size", Unit: "bytes", Doc: "bytes per flow per round"},
			{Name: "initial_quantum", Type: "size", Unit: "bytes", Doc: "first round of a new flow"},
			{Name: "maxrate", Type: "rate", Unit: "bytes/s", Doc: "rate limit per flow"},
			{Name: "buckets", Type: "int", Doc: "hash buckets, a power of 2 (default 1024)"},
			{Name: "pacing", Type: "bool", Doc: "pace flows (default true)"},
			{Name: "refill_delay", Type: "time", Unit: "µs", Doc: "flow refill delay (default 40ms)"},
			{Name: "orphan_mask", Type: "int", Doc: "mask for orphaned packets' hash"},
			{Name: "low_rate_threshold", Type: "rate", Unit: "bytes/s", Doc: "below it, flows are served one packet per round"},
			{Name: "ce_threshold", Type: "time", Unit: "µs", Doc: "CE marking threshold"},
			{Name: "timer_slack", Type: "time", Unit: "µs", Doc: "hrtimer slack (default 10µs)"},
			{Name: "horizon", Type: "time", Unit: "µs", Doc: "time horizon (default 10s)"},
			{Name: "horizon_cap", Type: "bool", Doc: "cap packets beyond the horizon instead of dropping them"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			return FQ{Limit: k.u32("limit", 0), FlowLimit: k.u32("flow_limit", 0), Quantum: k.size32("quantum", 0),
				InitialQuantum: k.size32("initial_quantum", 0), MaxRate: k.rate("maxrate", 0), Buckets: k.u32("buckets", 0),
				NoPacing: k.has("pacing") && !k.flag("pacing"), RefillDelay: k.dur("refill_delay", 0),
				OrphanMask: k.u32("orphan_mask", 0), LowRateThreshold: k.rate("low_rate_threshold", 0),
				CEThreshold: k.dur("ce_threshold", 0), TimerSlack: k.dur("timer_slack", 0), Horizon: k.dur("horizon", 0),
				HorizonCap: k.flag("horizon_cap")}
		},
		decodeQdisc: decodeFQ,
	})
}
