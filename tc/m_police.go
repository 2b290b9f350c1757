package tc

import (
	"math"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// TCA_POLICE_* (pkt_cls.h).
const (
	policeTBF       = 1
	policeRate      = 2
	policePeakrate  = 3
	policeAvrate    = 4
	policeResult    = 5
	policeTM        = 6
	policePad       = 7
	policeRate64    = 8
	policePeakrate6 = 9
)

// Police is the policing action: a token bucket at Rate bytes/s with
// Burst bytes; packets above it get Exceed, the others Conform.
type Police struct {
	Rate    uint64  // bytes/s; required
	Burst   uint32  // bytes; required
	MTU     uint32  // largest packet policed; 0 lets the kernel derive it
	Limit   uint32  // bytes queued, with a peak rate
	Exceed  Control // verdict above the rate; the zero value is ActOK, tc's default is ActReclassify
	Conform Control // verdict within the rate
	Index   uint32
}

// Kind returns "police".
func (Police) Kind() string { return "police" }

func (a Police) appendAction(b *wire.Builder) error {
	if a.Rate == 0 {
		return &ParamError{Kind: "police", Param: "rate", Reason: "missing required parameter"}
	}
	if a.Burst == 0 {
		return &ParamError{Kind: "police", Param: "burst", Reason: "missing required parameter"}
	}
	var rtab [1024]byte
	rs := rateTable(&rtab, a.Rate, a.MTU, 0, 0, LinkLayerEthernet)
	var p [56]byte
	putU32s(p[:], a.Index, uint32(a.Exceed), a.Limit, xmitTime(a.Rate, uint64(a.Burst)), a.MTU)
	rs.put(p[20:])
	b.PutBytes(policeTBF, p[:])
	b.PutBytes(policeRate, rtab[:])
	b.PutUint32(policeResult, uint32(a.Conform))
	if a.Rate > math.MaxUint32 {
		b.PutUint64(policeRate64, a.Rate)
	}
	return nil
}

func init() {
	registerAction("police", codec.NewTable("police", "TCA_POLICE_",
		structAttr(policeTBF, "TCA_POLICE_TBF", codec.NewStruct("tc_police", cat(
			fields(codec.KindU32, "index"), []codec.Field{{Name: "action", Kind: codec.KindS32}},
			fields(codec.KindU32, "limit", "burst", "mtu"),
			ratespecFields("rate"), ratespecFields("peak"),
			fields(codec.KindS32, "refcnt", "bindcnt"), fields(codec.KindU32, "capab"))...)),
		attr(policeRate, "TCA_POLICE_RATE", codec.KindBinary),
		attr(policePeakrate, "TCA_POLICE_PEAKRATE", codec.KindBinary),
		attr(policeAvrate, "TCA_POLICE_AVRATE", codec.KindU32),
		attr(policeResult, "TCA_POLICE_RESULT", codec.KindS32),
		structAttr(policeTM, "TCA_POLICE_TM", codec.NewStruct("tcf_t", tcfTFields...)),
		attr(policePad, "TCA_POLICE_PAD", codec.KindBinary),
		attr(policeRate64, "TCA_POLICE_RATE64", codec.KindU64),
		attr(policePeakrate6, "TCA_POLICE_PEAKRATE64", codec.KindU64),
		attr(10, "TCA_POLICE_PKTRATE64", codec.KindU64),
		attr(11, "TCA_POLICE_PKTBURST64", codec.KindU64),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "police", Doc: "token bucket policer", Params: []Param{
			{Name: "rate", Type: "rate", Unit: "bytes/s", Required: true, Doc: "policed rate"},
			{Name: "burst", Type: "size", Unit: "bytes", Required: true, Doc: "bucket size"},
			{Name: "mtu", Type: "size", Unit: "bytes", Doc: "largest packet"},
			{Name: "limit", Type: "size", Unit: "bytes", Doc: "queue limit"},
			{Name: "action", Type: "string", Doc: "verdict above the rate (default reclassify); also exceed"},
			{Name: "exceed", Type: "string", Doc: "verdict above the rate"},
			{Name: "conform", Type: "string", Doc: "verdict within the rate (default ok)"},
			{Name: "index", Type: "int", Doc: "action index"},
		}},
		action: func(k *kw) Action {
			ex := k.enum("action", uint32(ActReclassify), controlNames)
			ex = k.enum("exceed", ex, controlNames)
			return Police{Rate: k.rate("rate", 0), Burst: k.size32("burst", 0), MTU: k.size32("mtu", 0),
				Limit: k.size32("limit", 0), Exceed: Control(int32(ex)),
				Conform: Control(int32(k.enum("conform", 0, controlNames))), Index: k.u32("index", 0)}
		},
		decodeAction: func(o []byte) Action {
			var a Police
			var burst uint32
			attrsOf(o, func(x wire.Attr) {
				switch x.Kind() {
				case policeTBF:
					if len(x.Value) >= 32 {
						a.Index, a.Exceed, a.Limit = u32At(x.Value, 0), genActionAt(x.Value, 4), u32At(x.Value, 8)
						burst, a.MTU = u32At(x.Value, 12), u32At(x.Value, 16)
						if a.Rate == 0 {
							a.Rate = uint64(getRatespec(x.Value[20:]).rate)
						}
					}
				case policeRate64:
					a.Rate = au64(x)
				case policeResult:
					a.Conform = Control(int32(au32(x)))
				}
			})
			a.Burst = uint32(xmitSize(a.Rate, burst))
			return a
		},
	})
}

func genActionAt(b []byte, off int) Control { return Control(int32(u32At(b, off))) }
