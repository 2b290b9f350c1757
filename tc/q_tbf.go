package tc

import (
	"math"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_TBF_* (pkt_sched.h).
const (
	tbfParms   = 1
	tbfRtab    = 2
	tbfPtab    = 3
	tbfRate64  = 4
	tbfPrate64 = 5
	tbfBurst   = 6
	tbfPburst  = 7
	tbfPad     = 8
)

// TBF is the token bucket filter: traffic shaped to Rate with bursts of
// Burst bytes, and optionally to Peakrate with bursts of MTU bytes. The
// queue holds Limit bytes, or as many as Latency allows at Rate. Rates
// are bytes per second; from 2^32 bytes/s (34 Gbit) up they go in the
// 64-bit attributes. Rate tables are computed as tc computes them.
type TBF struct {
	Rate      uint64        // required
	Burst     uint32        // bucket size in bytes; required
	Limit     uint32        // queue limit in bytes; this or Latency is required
	Latency   time.Duration // maximum time a packet waits; sets Limit when Limit is 0; negative is a *ParamError
	Peakrate  uint64        // 0: no peak rate
	MTU       uint32        // peak bucket size in bytes (tc's "mtu"/"minburst"); required with Peakrate
	MPU       uint16        // minimum packet unit
	Overhead  uint16        // per-packet overhead
	LinkLayer LinkLayer     // 0 means Ethernet
}

// Kind returns "tbf".
func (TBF) Kind() string { return "tbf" }

func (q TBF) appendQdisc(b *wire.Builder) error {
	bad := func(p string, v any, why string) error {
		return &ParamError{Kind: "tbf", Param: p, Value: v, Reason: why}
	}
	if err := checkTimes("tbf", 1, timeParam{"latency", q.Latency}); err != nil {
		return err
	}
	switch {
	case q.Rate == 0:
		return bad("rate", nil, "missing required parameter")
	case q.Burst == 0:
		return bad("burst", nil, "missing required parameter")
	case q.Limit == 0 && q.Latency == 0:
		return bad("limit", nil, "missing required parameter (limit or latency)")
	case q.Peakrate != 0 && q.MTU == 0:
		return bad("mtu", nil, "missing required parameter with peakrate")
	case q.Peakrate != 0 && q.Peakrate <= q.Rate:
		return bad("peakrate", q.Peakrate, "must be above rate")
	}
	limit := q.Limit
	if limit == 0 { // tc: the bytes Rate sends in Latency, plus the bucket
		lim := float64(q.Rate)*q.Latency.Seconds() + float64(q.Burst)
		if q.Peakrate != 0 {
			lim = min(lim, float64(q.Peakrate)*q.Latency.Seconds()+float64(q.MTU))
		}
		if lim > math.MaxUint32 {
			return bad("latency", q.Latency, "limit out of range")
		}
		limit = uint32(lim)
	}
	var rtab, ptab [1024]byte
	var o [36]byte
	rs := rateTable(&rtab, q.Rate, q.MTU, q.MPU, q.Overhead, q.LinkLayer)
	rs.put(o[0:])
	var mtuTicks uint32
	if q.Peakrate != 0 {
		ps := rateTable(&ptab, q.Peakrate, q.MTU, q.MPU, q.Overhead, q.LinkLayer)
		ps.put(o[12:])
		mtuTicks = xmitTime(q.Peakrate, uint64(q.MTU))
	}
	putU32s(o[24:], limit, xmitTime(q.Rate, uint64(q.Burst)), mtuTicks)
	n := b.Nest(uapi.TCA_OPTIONS | wire.AttrNested)
	b.PutBytes(tbfParms, o[:])
	b.PutUint32(tbfBurst, q.Burst)
	if q.Rate > math.MaxUint32 {
		b.PutUint64(tbfRate64, q.Rate)
	}
	b.PutBytes(tbfRtab, rtab[:])
	if q.Peakrate != 0 {
		if q.Peakrate > math.MaxUint32 {
			b.PutUint64(tbfPrate64, q.Peakrate)
		}
		b.PutUint32(tbfPburst, q.MTU)
		b.PutBytes(tbfPtab, ptab[:])
	}
	b.EndNest(n)
	return nil
}

func decodeTBF(o []byte) QdiscOptions {
	var q TBF
	var buffer, mtu uint32
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case tbfParms:
			if len(a.Value) < 36 {
				return
			}
			r, p := getRatespec(a.Value), getRatespec(a.Value[12:])
			if q.Rate == 0 {
				q.Rate = uint64(r.rate)
			}
			if q.Peakrate == 0 {
				q.Peakrate = uint64(p.rate)
			}
			q.MPU, q.Overhead, q.LinkLayer = r.mpu, r.overhead, r.linkLayer
			q.Limit, buffer, mtu = u32At(a.Value, 24), u32At(a.Value, 28), u32At(a.Value, 32)
		case tbfRate64:
			q.Rate = au64(a)
		case tbfPrate64:
			q.Peakrate = au64(a)
		}
	})
	q.Burst = uint32(xmitSize(q.Rate, buffer))
	if q.Peakrate != 0 {
		q.MTU = uint32(xmitSize(q.Peakrate, mtu))
	}
	return q
}

func init() {
	registerTable("tbf", codec.NewTable("tbf", "TCA_TBF_",
		structAttr(tbfParms, "TCA_TBF_PARMS", codec.NewStruct("tc_tbf_qopt", cat(
			ratespecFields("rate"), ratespecFields("peak"),
			fields(codec.KindU32, "limit", "buffer", "mtu"))...)),
		attr(tbfRtab, "TCA_TBF_RTAB", codec.KindBinary),
		attr(tbfPtab, "TCA_TBF_PTAB", codec.KindBinary),
		attr(tbfRate64, "TCA_TBF_RATE64", codec.KindU64),
		attr(tbfPrate64, "TCA_TBF_PRATE64", codec.KindU64),
		attr(tbfBurst, "TCA_TBF_BURST", codec.KindU32),
		attr(tbfPburst, "TCA_TBF_PBURST", codec.KindU32),
		attr(tbfPad, "TCA_TBF_PAD", codec.KindBinary)))
	register(&kindDef{
		KindInfo: KindInfo{Name: "tbf", Doc: "token bucket filter: shape to a rate", Params: []Param{
			{Name: "rate", Type: "rate", Unit: "bytes/s", Required: true, Doc: "shaping rate"},
			{Name: "burst", Type: "size", Unit: "bytes", Doc: "bucket size; required (or buffer, maxburst)"},
			{Name: "buffer", Type: "size", Unit: "bytes", Doc: "alias of burst"},
			{Name: "maxburst", Type: "size", Unit: "bytes", Doc: "alias of burst"},
			{Name: "limit", Type: "size", Unit: "bytes", Doc: "queue limit; this or latency is required"},
			{Name: "latency", Type: "time", Unit: "µs", Doc: "maximum wait, sets limit"},
			{Name: "peakrate", Type: "rate", Unit: "bytes/s", Doc: "peak rate"},
			{Name: "mtu", Type: "size", Unit: "bytes", Doc: "peak bucket size (with peakrate)"},
			{Name: "minburst", Type: "size", Unit: "bytes", Doc: "alias of mtu"},
			{Name: "mpu", Type: "size", Unit: "bytes", Doc: "minimum packet unit"},
			{Name: "overhead", Type: "size", Unit: "bytes", Doc: "per-packet overhead"},
			{Name: "linklayer", Type: "string", Doc: `"ethernet" (default) or "atm"`},
		}},
		qdisc: func(k *kw) QdiscOptions {
			q := TBF{Rate: k.rate("rate", 0), Burst: k.size32("burst", k.size32("buffer", k.size32("maxburst", 0))),
				Limit: k.size32("limit", 0), Latency: k.dur("latency", 0), Peakrate: k.rate("peakrate", 0),
				MTU: k.size32("mtu", k.size32("minburst", 0)), MPU: uint16(k.size32("mpu", 0)),
				Overhead:  uint16(k.size32("overhead", 0)),
				LinkLayer: LinkLayer(k.enum("linklayer", 0, map[string]uint32{"ethernet": 1, "atm": 2}))}
			switch {
			case q.Burst == 0:
				k.fail("burst", nil, "missing required parameter")
			case q.Limit == 0 && q.Latency == 0:
				k.fail("limit", nil, "missing required parameter (limit or latency)")
			case q.Peakrate != 0 && q.MTU == 0:
				k.fail("mtu", nil, "missing required parameter with peakrate")
			}
			return q
		},
		decodeQdisc: decodeTBF,
	})
}
