package tc

import (
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_PIE_* (pkt_sched.h).
const (
	pieTarget          = 1
	pieLimit           = 2
	pieTupdate         = 3
	pieAlpha           = 4
	pieBeta            = 5
	pieECN             = 6
	pieBytemode        = 7
	pieDQRateEstimator = 8
)

// PIE is the proportional integral controller enhanced AQM. Zero fields
// are not sent: the kernel keeps its defaults (limit 1000 packets,
// target 15ms, tupdate 15ms, alpha 2, beta 20). Times go to the kernel
// in whole microseconds; a negative one, or a non-zero one under 1µs,
// is a *ParamError.
type PIE struct {
	Limit           uint32        // packets
	Target          time.Duration // target queue delay
	Tupdate         time.Duration // drop probability update interval
	Alpha, Beta     uint32        // controller weights, 0..32
	ECN             bool          // mark instead of drop
	Bytemode        bool          // scale drop probability by packet size
	DQRateEstimator bool          // estimate delay from the dequeue rate
}

// Kind returns "pie".
func (PIE) Kind() string { return "pie" }

func putBool(b *wire.Builder, t uint16, v bool) {
	if v {
		b.PutUint32(t, 1)
	}
}

func (q PIE) appendQdisc(b *wire.Builder) error {
	if q.Alpha > 32 || q.Beta > 32 {
		return &ParamError{Kind: "pie", Param: "alpha", Value: max(q.Alpha, q.Beta), Reason: "alpha and beta must be 0..32"}
	}
	if err := checkTimes("pie", time.Microsecond, timeParam{"target", q.Target}, timeParam{"tupdate", q.Tupdate}); err != nil {
		return err
	}
	n := b.Nest(uapi.TCA_OPTIONS | wire.AttrNested)
	putUsec(b, pieTarget, q.Target)
	putNonZero(b, pieLimit, q.Limit)
	putUsec(b, pieTupdate, q.Tupdate)
	putNonZero(b, pieAlpha, q.Alpha)
	putNonZero(b, pieBeta, q.Beta)
	putBool(b, pieECN, q.ECN)
	putBool(b, pieBytemode, q.Bytemode)
	putBool(b, pieDQRateEstimator, q.DQRateEstimator)
	b.EndNest(n)
	return nil
}

func decodePIE(o []byte) QdiscOptions {
	var q PIE
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case pieTarget:
			q.Target = usec(a)
		case pieLimit:
			q.Limit = au32(a)
		case pieTupdate:
			q.Tupdate = usec(a)
		case pieAlpha:
			q.Alpha = au32(a)
		case pieBeta:
			q.Beta = au32(a)
		case pieECN:
			q.ECN = au32(a) != 0
		case pieBytemode:
			q.Bytemode = au32(a) != 0
		case pieDQRateEstimator:
			q.DQRateEstimator = au32(a) != 0
		}
	})
	return q
}

func init() {
	registerTable("pie", codec.NewTable("pie", "TCA_PIE_",
		attr(pieTarget, "TCA_PIE_TARGET", codec.KindU32),
		attr(pieLimit, "TCA_PIE_LIMIT", codec.KindU32),
		attr(pieTupdate, "TCA_PIE_TUPDATE", codec.KindU32),
		attr(pieAlpha, "TCA_PIE_ALPHA", codec.KindU32),
		attr(pieBeta, "TCA_PIE_BETA", codec.KindU32),
		attr(pieECN, "TCA_PIE_ECN", codec.KindU32),
		attr(pieBytemode, "TCA_PIE_BYTEMODE", codec.KindU32),
		attr(pieDQRateEstimator, "TCA_PIE_DQ_RATE_ESTIMATOR", codec.KindU32)))
	register(&kindDef{
		KindInfo: KindInfo{Name: "pie", Doc: "proportional integral controller enhanced AQM", Params: []Param{
			{Name: "limit", Type: "int", Unit: "packets", Doc: "queue limit (default 1000)"},
			{Name: "target", Type: "time", Unit: "µs", Doc: "target queue delay (default 15ms)"},
			{Name: "tupdate", Type: "time", Unit: "µs", Doc: "probability update interval (default 15ms)"},
			{Name: "alpha", Type: "int", Doc: "controller weight 0..32 (default 2)"},
			{Name: "beta", Type: "int", Doc: "controller weight 0..32 (default 20)"},
			{Name: "ecn", Type: "bool", Doc: "mark instead of drop"},
			{Name: "bytemode", Type: "bool", Doc: "scale drops by packet size"},
			{Name: "dq_rate_estimator", Type: "bool", Doc: "estimate delay from the dequeue rate"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			return PIE{Limit: k.u32("limit", 0), Target: k.dur("target", 0), Tupdate: k.dur("tupdate", 0),
				Alpha: k.u32("alpha", 0), Beta: k.u32("beta", 0), ECN: k.flag("ecn"), Bytemode: k.flag("bytemode"),
				DQRateEstimator: k.flag("dq_rate_estimator")}
		},
		decodeQdisc: decodePIE,
	})
}
