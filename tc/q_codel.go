package tc

import (
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_CODEL_* (pkt_sched.h).
const (
	codelTarget      = 1
	codelLimit       = 2
	codelInterval    = 3
	codelECN         = 4
	codelCEThreshold = 5
)

// Codel is the controlled-delay AQM. Zero fields are not sent: the
// kernel keeps its defaults (limit 1000 packets, target 5ms, interval
// 100ms). Times go to the kernel in whole microseconds; a negative one,
// or a non-zero one under 1µs, is a *ParamError.
type Codel struct {
	Limit       uint32        // packets
	Target      time.Duration // acceptable standing queue delay
	Interval    time.Duration // width of the moving window
	ECN         bool          // mark instead of drop
	CEThreshold time.Duration // mark above this sojourn time (DCTCP); 0 off
}

// Kind returns "codel".
func (Codel) Kind() string { return "codel" }

func (q Codel) appendQdisc(b *wire.Builder) error {
	if err := checkTimes("codel", time.Microsecond, timeParam{"target", q.Target},
		timeParam{"interval", q.Interval}, timeParam{"ce_threshold", q.CEThreshold}); err != nil {
		return err
	}
	n := b.Nest(uapi.TCA_OPTIONS | wire.AttrNested)
	putUsec(b, codelTarget, q.Target)
	putNonZero(b, codelLimit, q.Limit)
	putUsec(b, codelInterval, q.Interval)
	if q.ECN {
		b.PutUint32(codelECN, 1)
	}
	putUsec(b, codelCEThreshold, q.CEThreshold)
	b.EndNest(n)
	return nil
}

// putUsec puts a time in microseconds, unless it is 0.
func putUsec(b *wire.Builder, t uint16, d time.Duration) {
	if d != 0 {
		b.PutUint32(t, uint32(min(d/time.Microsecond, 1<<32-1)))
	}
}

func putNonZero(b *wire.Builder, t uint16, v uint32) {
	if v != 0 {
		b.PutUint32(t, v)
	}
}

func usec(a wire.Attr) time.Duration { return time.Duration(au32(a)) * time.Microsecond }

func decodeCodel(o []byte) QdiscOptions {
	var q Codel
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case codelTarget:
			q.Target = usec(a)
		case codelLimit:
			q.Limit = au32(a)
		case codelInterval:
			q.Interval = usec(a)
		case codelECN:
			q.ECN = au32(a) != 0
		case codelCEThreshold:
			q.CEThreshold = usec(a)
		}
	})
	return q
}

func init() {
	registerTable("codel", codec.NewTable("codel", "TCA_CODEL_",
		attr(codelTarget, "TCA_CODEL_TARGET", codec.KindU32),
		attr(codelLimit, "TCA_CODEL_LIMIT", codec.KindU32),
		attr(codelInterval, "TCA_CODEL_INTERVAL", codec.KindU32),
		attr(codelECN, "TCA_CODEL_ECN", codec.KindU32),
		attr(codelCEThreshold, "TCA_CODEL_CE_THRESHOLD", codec.KindU32)))
	register(&kindDef{
		KindInfo: KindInfo{Name: "codel", Doc: "controlled delay AQM", Params: []Param{
			{Name: "limit", Type: "int", Unit: "packets", Doc: "queue limit (default 1000)"},
			{Name: "target", Type: "time", Unit: "µs", Doc: "target queue delay (default 5ms)"},
			{Name: "interval", Type: "time", Unit: "µs", Doc: "moving window (default 100ms)"},
			{Name: "ecn", Type: "bool", Doc: "mark instead of drop"},
			{Name: "ce_threshold", Type: "time", Unit: "µs", Doc: "CE marking threshold"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			return Codel{Limit: k.u32("limit", 0), Target: k.dur("target", 0), Interval: k.dur("interval", 0),
				ECN: k.flag("ecn"), CEThreshold: k.dur("ce_threshold", 0)}
		},
		decodeQdisc: decodeCodel,
	})
}
