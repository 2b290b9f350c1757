package tc

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_NETEM_* (pkt_sched.h).
const (
	netemCorr      = 1
	netemDelayDist = 2
	netemReorder   = 3
	netemCorrupt   = 4
	netemLoss      = 5
	netemRate      = 6
	netemECN       = 7
	netemRate64    = 8
	netemPad       = 9
	netemLatency64 = 10
	netemJitter64  = 11
	netemSlot      = 12
	netemSlotDist  = 13
	netemPrngSeed  = 14
)

// Netem emulates a network: delay with jitter, loss, duplication,
// reordering, corruption and a rate limit. Its options are a struct
// tc_netem_qopt followed by attributes:
//
//	+----------------------------------------------+---------------------+
//	| tc_netem_qopt: latency limit loss gap dup jitter (6 × u32) | TCA_NETEM_* … |
//	+----------------------------------------------+---------------------+
//
// Probabilities and correlations are percentages (0..100).
type Netem struct {
	Delay, Jitter  time.Duration // nanoseconds (TCA_NETEM_LATENCY64/JITTER64); negative is a *ParamError
	DelayCorr      float64
	Limit          uint32 // packets; 0 means 1000, as tc
	Loss, LossCorr float64
	Duplicate      float64
	DuplicateCorr  float64
	Reorder        float64 // percent of packets sent at once; needs Delay
	ReorderCorr    float64
	Gap            uint32 // reorder every Gap-th packet; 0 means 1 with Reorder
	Corrupt        float64
	CorruptCorr    float64
	Rate           uint64 // bytes/s; 0 no rate limit
	PacketOverhead int32
	CellSize       uint32
	CellOverhead   int32
	ECN            bool   // mark instead of dropping (with Loss)
	Seed           uint64 // PRNG seed; 0 lets the kernel pick one
}

// Kind returns "netem".
func (Netem) Kind() string { return "netem" }

// pct32 scales a percentage to the kernel's 0..2^32-1 probability.
func pct32(p float64) uint32 { return uint32(math.Round(p / 100 * math.MaxUint32)) }

func u32pct(u uint32) float64 { return math.Round(float64(u)/math.MaxUint32*100*1e6) / 1e6 }

func (q Netem) appendQdisc(b *wire.Builder) error {
	if err := checkTimes("netem", 1, timeParam{"delay", q.Delay}, timeParam{"jitter", q.Jitter}); err != nil {
		return err
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"delay_corr", q.DelayCorr}, {"loss", q.Loss}, {"loss_corr", q.LossCorr}, {"duplicate", q.Duplicate},
		{"duplicate_corr", q.DuplicateCorr}, {"reorder", q.Reorder}, {"reorder_corr", q.ReorderCorr},
		{"corrupt", q.Corrupt}, {"corrupt_corr", q.CorruptCorr}} {
		if p.v < 0 || p.v > 100 {
			return &ParamError{Kind: "netem", Param: p.name, Value: p.v, Reason: "not a percentage 0..100"}
		}
	}
	if q.Reorder != 0 && q.Delay == 0 {
		return &ParamError{Kind: "netem", Param: "reorder", Value: q.Reorder, Reason: "reordering needs a delay"}
	}
	limit, gap := q.Limit, q.Gap
	if limit == 0 {
		limit = 1000
	}
	if q.Reorder != 0 && gap == 0 {
		gap = 1
	}
	var o [24]byte
	putU32s(o[:], timeToTicks(float64(q.Delay/time.Microsecond)), limit, pct32(q.Loss), gap,
		pct32(q.Duplicate), timeToTicks(float64(q.Jitter/time.Microsecond)))
	n := b.Nest(uapi.TCA_OPTIONS)
	b.PutFixed(o[:])
	if q.Delay != 0 {
		b.PutUint64(netemLatency64, uint64(q.Delay))
	}
	if q.Jitter != 0 {
		b.PutUint64(netemJitter64, uint64(q.Jitter))
	}
	if q.DelayCorr != 0 || q.LossCorr != 0 || q.DuplicateCorr != 0 {
		var c [12]byte
		putU32s(c[:], pct32(q.DelayCorr), pct32(q.LossCorr), pct32(q.DuplicateCorr))
		b.PutBytes(netemCorr, c[:])
	}
	if q.Reorder != 0 {
		var r [8]byte
		putU32s(r[:], pct32(q.Reorder), pct32(q.ReorderCorr))
		b.PutBytes(netemReorder, r[:])
	}
	if q.Corrupt != 0 {
		var r [8]byte
		putU32s(r[:], pct32(q.Corrupt), pct32(q.CorruptCorr))
		b.PutBytes(netemCorrupt, r[:])
	}
	if q.Rate != 0 {
		var r [16]byte
		putU32s(r[:], uint32(min(q.Rate, math.MaxUint32)), uint32(q.PacketOverhead), q.CellSize, uint32(q.CellOverhead))
		b.PutBytes(netemRate, r[:])
		if q.Rate >= math.MaxUint32 {
			b.PutUint64(netemRate64, q.Rate)
		}
	}
	if q.ECN {
		b.PutUint32(netemECN, 1)
	}
	if q.Seed != 0 {
		b.PutUint64(netemPrngSeed, q.Seed)
	}
	b.EndNest(n)
	return nil
}

func decodeNetem(o []byte) QdiscOptions {
	var q Netem
	if len(o) < 24 {
		return q
	}
	ticks := func(t uint32) time.Duration { return time.Duration(float64(t)/ticksPerUsec) * time.Microsecond }
	q.Delay, q.Limit, q.Loss, q.Gap = ticks(u32At(o, 0)), u32At(o, 4), u32pct(u32At(o, 8)), u32At(o, 12)
	q.Duplicate, q.Jitter = u32pct(u32At(o, 16)), ticks(u32At(o, 20))
	attrsOf(o[24:], func(a wire.Attr) {
		v := a.Value
		switch a.Kind() {
		case netemLatency64:
			q.Delay = time.Duration(au64(a))
		case netemJitter64:
			q.Jitter = time.Duration(au64(a))
		case netemCorr:
			q.DelayCorr, q.LossCorr, q.DuplicateCorr = u32pct(u32At(v, 0)), u32pct(u32At(v, 4)), u32pct(u32At(v, 8))
		case netemReorder:
			q.Reorder, q.ReorderCorr = u32pct(u32At(v, 0)), u32pct(u32At(v, 4))
		case netemCorrupt:
			q.Corrupt, q.CorruptCorr = u32pct(u32At(v, 0)), u32pct(u32At(v, 4))
		case netemRate:
			if q.Rate == 0 {
				q.Rate = uint64(u32At(v, 0))
			}
			q.PacketOverhead, q.CellSize, q.CellOverhead = int32(u32At(v, 4)), u32At(v, 8), int32(u32At(v, 12))
		case netemRate64:
			q.Rate = au64(a)
		case netemECN:
			q.ECN = au32(a) != 0
		case netemPrngSeed:
			q.Seed = au64(a)
		}
	})
	return q
}

// percent reads a percentage: a number (1 is 1%) or a string "1%" or "1".
func (k *kw) percent(name string) float64 {
	v, ok := k.get(name)
	if !ok {
		return 0
	}
	if s, isStr := v.(string); isStr {
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "%"), 64)
		if err != nil {
			k.fail(name, v, "not a percentage")
		}
		return f
	}
	return k.float(name, 0)
}

var netemStructs = struct {
	qopt, corr, prob, rate, slot, gi, ge *codec.Struct
}{
	qopt: codec.NewStruct("tc_netem_qopt", fields(codec.KindU32, "latency", "limit", "loss", "gap", "duplicate", "jitter")...),
	corr: codec.NewStruct("tc_netem_corr", fields(codec.KindU32, "delay_corr", "loss_corr", "dup_corr")...),
	prob: codec.NewStruct("tc_netem_reorder", fields(codec.KindU32, "probability", "correlation")...),
	rate: codec.NewStruct("tc_netem_rate", codec.Field{Name: "rate", Kind: codec.KindU32},
		codec.Field{Name: "packet_overhead", Kind: codec.KindS32}, codec.Field{Name: "cell_size", Kind: codec.KindU32},
		codec.Field{Name: "cell_overhead", Kind: codec.KindS32}),
	slot: codec.NewStruct("tc_netem_slot", cat(fields(codec.KindS64, "min_delay", "max_delay"),
		fields(codec.KindS32, "max_packets", "max_bytes"), fields(codec.KindS64, "dist_delay", "dist_jitter"))...),
	gi: codec.NewStruct("tc_netem_gimodel", fields(codec.KindU32, "p13", "p31", "p32", "p14", "p23")...),
	ge: codec.NewStruct("tc_netem_gemodel", fields(codec.KindU32, "p", "r", "h", "k1")...),
}

func init() {
	s := netemStructs
	s16s := func(t uint16, n string) codec.AttrSpec {
		return codec.AttrSpec{Type: t, Name: n, Kind: codec.KindArray, Elem: codec.KindS16}
	}
	codec.RegisterTCOptionsStruct("netem", s.qopt, codec.NewTable("netem", "TCA_NETEM_",
		structAttr(netemCorr, "TCA_NETEM_CORR", s.corr),
		s16s(netemDelayDist, "TCA_NETEM_DELAY_DIST"),
		structAttr(netemReorder, "TCA_NETEM_REORDER", s.prob),
		structAttr(netemCorrupt, "TCA_NETEM_CORRUPT", s.prob),
		nestAttr(netemLoss, "TCA_NETEM_LOSS", codec.NewTable("netem_loss", "NETEM_LOSS_",
			structAttr(1, "NETEM_LOSS_GI", s.gi), structAttr(2, "NETEM_LOSS_GE", s.ge))),
		structAttr(netemRate, "TCA_NETEM_RATE", s.rate),
		attr(netemECN, "TCA_NETEM_ECN", codec.KindU32),
		attr(netemRate64, "TCA_NETEM_RATE64", codec.KindU64),
		attr(netemPad, "TCA_NETEM_PAD", codec.KindBinary),
		attr(netemLatency64, "TCA_NETEM_LATENCY64", codec.KindS64),
		attr(netemJitter64, "TCA_NETEM_JITTER64", codec.KindS64),
		structAttr(netemSlot, "TCA_NETEM_SLOT", s.slot),
		s16s(netemSlotDist, "TCA_NETEM_SLOT_DIST"),
		attr(netemPrngSeed, "TCA_NETEM_PRNG_SEED", codec.KindU64)))
	pct := func(name, doc string) Param { return Param{Name: name, Type: "percent", Unit: "%", Doc: doc} }
	register(&kindDef{
		KindInfo: KindInfo{Name: "netem", Doc: "network emulator: delay, loss, duplication, reordering, corruption, rate", Params: []Param{
			{Name: "delay", Type: "time", Unit: "µs", Doc: "added delay"},
			{Name: "jitter", Type: "time", Unit: "µs", Doc: "delay variation"},
			pct("delay_corr", "delay correlation"),
			{Name: "limit", Type: "int", Unit: "packets", Doc: "queue limit (default 1000)"},
			pct("loss", "random loss"), pct("loss_corr", "loss correlation"),
			pct("duplicate", "duplication"), pct("duplicate_corr", "duplication correlation"),
			pct("reorder", "packets sent at once (needs delay)"), pct("reorder_corr", "reordering correlation"),
			{Name: "gap", Type: "int", Doc: "reorder every gap-th packet"},
			pct("corrupt", "single-bit corruption"), pct("corrupt_corr", "corruption correlation"),
			{Name: "rate", Type: "rate", Unit: "bytes/s", Doc: "rate limit"},
			{Name: "packet_overhead", Type: "int", Unit: "bytes", Doc: "per-packet overhead for rate"},
			{Name: "cell_size", Type: "int", Unit: "bytes", Doc: "link-layer cell size for rate"},
			{Name: "cell_overhead", Type: "int", Unit: "bytes", Doc: "per-cell overhead for rate"},
			{Name: "ecn", Type: "bool", Doc: "mark instead of dropping"},
			{Name: "seed", Type: "int", Doc: "PRNG seed"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			q := Netem{Delay: k.dur("delay", 0), Jitter: k.dur("jitter", 0), DelayCorr: k.percent("delay_corr"),
				Limit: k.u32("limit", 0), Loss: k.percent("loss"), LossCorr: k.percent("loss_corr"),
				Duplicate: k.percent("duplicate"), DuplicateCorr: k.percent("duplicate_corr"),
				Reorder: k.percent("reorder"), ReorderCorr: k.percent("reorder_corr"), Gap: k.u32("gap", 0),
				Corrupt: k.percent("corrupt"), CorruptCorr: k.percent("corrupt_corr"), Rate: k.rate("rate", 0),
				CellSize: k.u32("cell_size", 0), ECN: k.flag("ecn"), Seed: k.uint("seed", 0, math.MaxUint64)}
			q.PacketOverhead, q.CellOverhead = k.s32("packet_overhead"), k.s32("cell_overhead")
			if q.Reorder != 0 && q.Delay == 0 {
				k.fail("reorder", k.m["reorder"], "reordering needs a delay")
			}
			return q
		},
		decodeQdisc: decodeNetem,
	})
}

// s32 reads a signed 32-bit integer.
func (k *kw) s32(name string) int32 {
	v, ok := k.get(name)
	if !ok {
		return 0
	}
	if i, isInt := v.(int); isInt && i < 0 && i >= math.MinInt32 {
		return int32(i)
	}
	return int32(k.uint(name, 0, math.MaxInt32))
}
