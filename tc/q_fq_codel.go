package tc

import (
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_FQ_CODEL_* (pkt_sched.h).
const (
	fqCodelTarget              = 1
	fqCodelLimit               = 2
	fqCodelInterval            = 3
	fqCodelECN                 = 4
	fqCodelFlows               = 5
	fqCodelQuantum             = 6
	fqCodelCEThreshold         = 7
	fqCodelDropBatchSize       = 8
	fqCodelMemoryLimit         = 9
	fqCodelCEThresholdSelector = 10
	fqCodelCEThresholdMask     = 11
)

// FQCodel is fair queueing with CoDel on each flow. Zero fields are not
// sent: the kernel keeps its defaults (limit 10240 packets, 1024 flows,
// target 5ms, interval 100ms, ECN on, quantum the link's MTU, memory
// limit 32 MB). Times go to the kernel in whole microseconds; a negative
// one, or a non-zero one under 1µs, is a *ParamError.
type FQCodel struct {
	Limit         uint32 // packets
	Flows         uint32 // number of flow queues; only at creation
	Target        time.Duration
	Interval      time.Duration
	Quantum       uint32 // bytes dequeued per flow per round
	NoECN         bool   // drop instead of marking (ECN is on by default)
	CEThreshold   time.Duration
	DropBatchSize uint32 // packets dropped at once when over limit
	MemoryLimit   uint32 // bytes
}

// Kind returns "fq_codel".
func (FQCodel) Kind() string { return "fq_codel" }

func (q FQCodel) appendQdisc(b *wire.Builder) error {
	if err := checkTimes("fq_codel", time.Microsecond, timeParam{"target", q.Target},
		timeParam{"interval", q.Interval}, timeParam{"ce_threshold", q.CEThreshold}); err != nil {
		return err
	}
	n := b.Nest(uapi.TCA_OPTIONS | wire.AttrNested)
	putUsec(b, fqCodelTarget, q.Target)
	putNonZero(b, fqCodelLimit, q.Limit)
	putUsec(b, fqCodelInterval, q.Interval)
	if q.NoECN {
		b.PutUint32(fqCodelECN, 0)
	}
	putNonZero(b, fqCodelFlows, q.Flows)
	putNonZero(b, fqCodelQuantum, q.Quantum)
	putUsec(b, fqCodelCEThreshold, q.CEThreshold)
	putNonZero(b, fqCodelDropBatchSize, q.DropBatchSize)
	putNonZero(b, fqCodelMemoryLimit, q.MemoryLimit)
	b.EndNest(n)
	return nil
}

func decodeFQCodel(o []byte) QdiscOptions {
	var q FQCodel
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case fqCodelTarget:
			q.Target = usec(a)
		case fqCodelLimit:
			q.Limit = au32(a)
		case fqCodelInterval:
			q.Interval = usec(a)
		case fqCodelECN:
			q.NoECN = au32(a) == 0
		case fqCodelFlows:
			q.Flows = au32(a)
		case fqCodelQuantum:
			q.Quantum = au32(a)
		case fqCodelCEThreshold:
			q.CEThreshold = usec(a)
		case fqCodelDropBatchSize:
			q.DropBatchSize = au32(a)
		case fqCodelMemoryLimit:
			q.MemoryLimit = au32(a)
		}
	})
	return q
}

func init() {
	// struct tc_fq_codel_xstats of a qdisc (type 0, TCA_FQ_CODEL_XSTATS_QDISC):
	// the type, then tc_fq_codel_qd_stats, under pyroute2's names.
	codec.RegisterTCXStats("fq_codel", false, codec.NewStruct("tc_fq_codel_xstats", cat(
		[]codec.Field{{Name: "type", Kind: codec.KindU32}},
		fields(codec.KindU32, "maxpacket", "drop_overlimit", "ecn_mark", "new_flow_count",
			"new_flows_len", "old_flows_len", "ce_mark", "memory_usage", "drop_overmemory"))...))
	registerTable("fq_codel", codec.NewTable("fq_codel", "TCA_FQ_CODEL_",
		attr(fqCodelTarget, "TCA_FQ_CODEL_TARGET", codec.KindU32),
		attr(fqCodelLimit, "TCA_FQ_CODEL_LIMIT", codec.KindU32),
		attr(fqCodelInterval, "TCA_FQ_CODEL_INTERVAL", codec.KindU32),
		attr(fqCodelECN, "TCA_FQ_CODEL_ECN", codec.KindU32),
		attr(fqCodelFlows, "TCA_FQ_CODEL_FLOWS", codec.KindU32),
		attr(fqCodelQuantum, "TCA_FQ_CODEL_QUANTUM", codec.KindU32),
		attr(fqCodelCEThreshold, "TCA_FQ_CODEL_CE_THRESHOLD", codec.KindU32),
		attr(fqCodelDropBatchSize, "TCA_FQ_CODEL_DROP_BATCH_SIZE", codec.KindU32),
		attr(fqCodelMemoryLimit, "TCA_FQ_CODEL_MEMORY_LIMIT", codec.KindU32),
		attr(fqCodelCEThresholdSelector, "TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR", codec.KindU8),
		attr(fqCodelCEThresholdMask, "TCA_FQ_CODEL_CE_THRESHOLD_MASK", codec.KindU8)))
	register(&kindDef{
		KindInfo: KindInfo{Name: "fq_codel", Doc: "fair queueing with CoDel per flow", Params: []Param{
			{Name: "limit", Type: "int", Unit: "packets", Doc: "queue limit (default 10240)"},
			{Name: "flows", Type: "int", Doc: "number of flows (default 1024)"},
			{Name: "target", Type: "time", Unit: "µs", Doc: "target queue delay (default 5ms)"},
			{Name: "interval", Type: "time", Unit: "µs", Doc: "moving window (default 100ms)"},
			{Name: "quantum", Type: "size", Unit: "bytes", Doc: "bytes per flow per round"},
			{Name: "ecn", Type: "bool", Doc: "mark instead of drop (default true)"},
			{Name: "ce_threshold", Type: "time", Unit: "µs", Doc: "CE marking threshold"},
			{Name: "drop_batch", Type: "int", Unit: "packets", Doc: "packets dropped at once over limit"},
			{Name: "memory_limit", Type: "size", Unit: "bytes", Doc: "memory limit (default 32Mb)"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			return FQCodel{Limit: k.u32("limit", 0), Flows: k.u32("flows", 0), Target: k.dur("target", 0),
				Interval: k.dur("interval", 0), Quantum: k.size32("quantum", 0), NoECN: k.has("ecn") && !k.flag("ecn"),
				CEThreshold: k.dur("ce_threshold", 0), DropBatchSize: k.u32("drop_batch", 0),
				MemoryLimit: k.size32("memory_limit", 0)}
		},
		decodeQdisc: decodeFQCodel,
	})
}
