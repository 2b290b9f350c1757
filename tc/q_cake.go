package tc

import (
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_CAKE_* (pkt_sched.h).
const (
	cakePad          = 1
	cakeBaseRate64   = 2
	cakeDiffservMode = 3
	cakeATM          = 4
	cakeFlowMode     = 5
	cakeOverhead     = 6
	cakeRTT          = 7
	cakeTarget       = 8
	cakeAutorate     = 9
	cakeMemory       = 10
	cakeNAT          = 11
	cakeRaw          = 12
	cakeWash         = 13
	cakeMPU          = 14
	cakeIngress      = 15
	cakeAckFilter    = 16
	cakeSplitGSO     = 17
	cakeFwmark       = 18
)

var (
	cakeDiffservNames = map[string]uint32{"diffserv3": 0, "diffserv4": 1, "diffserv8": 2, "besteffort": 3, "precedence": 4}
	cakeFlowNames     = map[string]uint32{"flowblind": 0, "srchost": 1, "dsthost": 2, "hosts": 3, "flows": 4,
		"dual-srchost": 5, "dual-dsthost": 6, "triple-isolate": 7}
	cakeATMNames       = map[string]uint32{"noatm": 0, "atm": 1, "ptm": 2}
	cakeAckFilterNames = map[string]uint32{"no-ack-filter": 0, "ack-filter": 1, "ack-filter-aggressive": 2}
)

// Cake is the common applications kept enhanced shaper and AQM. The
// enumerations take the kernel's values (see the keyword names in Help:
// Diffserv 0 diffserv3 … 4 precedence; FlowMode 0 flowblind … 7
// triple-isolate). Zero fields are not sent: the kernel keeps its
// defaults (unlimited, diffserv3, triple-isolate, rtt 100ms). RTT goes
// in whole microseconds; negative or non-zero under 1µs is a *ParamError.
type Cake struct {
	Bandwidth   uint64 // bytes/s; 0 unlimited
	Diffserv    uint32
	FlowMode    uint32
	SetFlowMode bool   // send FlowMode even when 0 (flowblind)
	SetDiffserv bool   // send Diffserv even when 0 (diffserv3)
	ATM         uint32 // 0 noatm, 1 atm, 2 ptm
	Overhead    int32  // per-packet overhead in bytes (may be negative)
	MPU         uint32
	RTT         time.Duration
	Memory      uint32 // memory limit in bytes
	Fwmark      uint32 // mask of the mark selecting the tin
	AckFilter   uint32 // 0 off, 1 on, 2 aggressive
	NAT         bool
	Wash        bool
	Ingress     bool
	SplitGSO    bool
	Autorate    bool // autorate-ingress
	Raw         bool // no overhead compensation
}

// Kind returns "cake".
func (Cake) Kind() string { return "cake" }

func (q Cake) appendQdisc(b *wire.Builder) error {
	if q.Diffserv > 4 || q.FlowMode > 7 || q.ATM > 2 || q.AckFilter > 2 {
		return &ParamError{Kind: "cake", Param: "diffserv", Value: q.Diffserv, Reason: "an enumeration is out of range"}
	}
	if err := checkTimes("cake", time.Microsecond, timeParam{"rtt", q.RTT}); err != nil {
		return err
	}
	n := b.Nest(uapi.TCA_OPTIONS | wire.AttrNested)
	if q.Bandwidth != 0 {
		b.PutUint64(cakeBaseRate64, q.Bandwidth)
	}
	if q.Diffserv != 0 || q.SetDiffserv {
		b.PutUint32(cakeDiffservMode, q.Diffserv)
	}
	putNonZero(b, cakeATM, q.ATM)
	if q.FlowMode != 0 || q.SetFlowMode {
		b.PutUint32(cakeFlowMode, q.FlowMode)
	}
	if q.Overhead != 0 {
		b.PutInt32(cakeOverhead, q.Overhead)
	}
	putUsec(b, cakeRTT, q.RTT)
	putBool(b, cakeAutorate, q.Autorate)
	putNonZero(b, cakeMemory, q.Memory)
	putBool(b, cakeNAT, q.NAT)
	if q.Raw {
		b.PutFlag(cakeRaw)
	}
	putBool(b, cakeWash, q.Wash)
	putNonZero(b, cakeMPU, q.MPU)
	putBool(b, cakeIngress, q.Ingress)
	putNonZero(b, cakeAckFilter, q.AckFilter)
	putBool(b, cakeSplitGSO, q.SplitGSO)
	putNonZero(b, cakeFwmark, q.Fwmark)
	b.EndNest(n)
	return nil
}

func decodeCake(o []byte) QdiscOptions {
	var q Cake
	attrsOf(o, func(a wire.Attr) {
		switch v := au32(a); a.Kind() {
		case cakeBaseRate64:
			q.Bandwidth = au64(a)
		case cakeDiffservMode:
			q.Diffserv, q.SetDiffserv = v, true
		case cakeATM:
			q.ATM = v
		case cakeFlowMode:
			q.FlowMode, q.SetFlowMode = v, true
		case cakeOverhead:
			q.Overhead = int32(v)
		case cakeRTT:
			q.RTT = usec(a)
		case cakeAutorate:
			q.Autorate = v != 0
		case cakeMemory:
			q.Memory = v
		case cakeNAT:
			q.NAT = v != 0
		case cakeRaw:
			q.Raw = true
		case cakeWash:
			q.Wash = v != 0
		case cakeMPU:
			q.MPU = v
		case cakeIngress:
			q.Ingress = v != 0
		case cakeAckFilter:
			q.AckFilter = v
		case cakeSplitGSO:
			q.SplitGSO = v != 0
		case cakeFwmark:
			q.Fwmark = v
		}
	})
	return q
}

func init() {
	u32 := func(t uint16, n string) codec.AttrSpec { return attr(t, n, codec.KindU32) }
	registerTable("cake", codec.NewTable("cake", "TCA_CAKE_",
		attr(cakePad, "TCA_CAKE_PAD", codec.KindBinary),
		attr(cakeBaseRate64, "TCA_CAKE_BASE_RATE64", codec.KindU64),
		u32(cakeDiffservMode, "TCA_CAKE_DIFFSERV_MODE"), u32(cakeATM, "TCA_CAKE_ATM"),
		u32(cakeFlowMode, "TCA_CAKE_FLOW_MODE"), attr(cakeOverhead, "TCA_CAKE_OVERHEAD", codec.KindS32),
		u32(cakeRTT, "TCA_CAKE_RTT"), u32(cakeTarget, "TCA_CAKE_TARGET"), u32(cakeAutorate, "TCA_CAKE_AUTORATE"),
		u32(cakeMemory, "TCA_CAKE_MEMORY"), u32(cakeNAT, "TCA_CAKE_NAT"),
		attr(cakeRaw, "TCA_CAKE_RAW", codec.KindFlag), u32(cakeWash, "TCA_CAKE_WASH"),
		u32(cakeMPU, "TCA_CAKE_MPU"), u32(cakeIngress, "TCA_CAKE_INGRESS"), u32(cakeAckFilter, "TCA_CAKE_ACK_FILTER"),
		u32(cakeSplitGSO, "TCA_CAKE_SPLIT_GSO"), u32(cakeFwmark, "TCA_CAKE_FWMARK")))
	register(&kindDef{
		KindInfo: KindInfo{Name: "cake", Doc: "common applications kept enhanced: shaper and AQM", Params: []Param{
			{Name: "bandwidth", Type: "rate", Unit: "bytes/s", Doc: "shaping rate (default unlimited)"},
			{Name: "diffserv", Type: "string", Doc: "diffserv3, diffserv4, diffserv8, besteffort, precedence"},
			{Name: "flow_mode", Type: "string", Doc: "flowblind, srchost, dsthost, hosts, flows, dual-srchost, dual-dsthost, triple-isolate"},
			{Name: "atm", Type: "string", Doc: "noatm, atm, ptm"},
			{Name: "overhead", Type: "int", Unit: "bytes", Doc: "per-packet overhead (may be negative)"},
			{Name: "mpu", Type: "size", Unit: "bytes", Doc: "minimum packet unit"},
			{Name: "rtt", Type: "time", Unit: "µs", Doc: "round-trip time (default 100ms)"},
			{Name: "memlimit", Type: "size", Unit: "bytes", Doc: "memory limit"},
			{Name: "fwmark", Type: "int", Doc: "mark mask selecting the tin"},
			{Name: "ack_filter", Type: "string", Doc: "no-ack-filter, ack-filter, ack-filter-aggressive"},
			{Name: "nat", Type: "bool", Doc: "look through NAT for flow isolation"},
			{Name: "wash", Type: "bool", Doc: "clear DSCP"},
			{Name: "ingress", Type: "bool", Doc: "ingress mode"},
			{Name: "split_gso", Type: "bool", Doc: "split GSO super-packets"},
			{Name: "autorate_ingress", Type: "bool", Doc: "estimate the bandwidth from arrivals"},
			{Name: "raw", Type: "bool", Doc: "no overhead compensation"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			var ov int32
			if s, ok := k.m["overhead"].(int); ok && s < 0 && s >= -64 {
				ov = int32(s)
			} else {
				ov = int32(k.uint("overhead", 0, 256))
			}
			return Cake{Bandwidth: k.rate("bandwidth", 0), Diffserv: k.enum("diffserv", 0, cakeDiffservNames),
				SetDiffserv: k.has("diffserv"), FlowMode: k.enum("flow_mode", 0, cakeFlowNames), SetFlowMode: k.has("flow_mode"),
				ATM: k.enum("atm", 0, cakeATMNames), Overhead: ov, MPU: k.size32("mpu", 0),
				RTT: k.dur("rtt", 0), Memory: k.size32("memlimit", 0), Fwmark: k.u32("fwmark", 0),
				AckFilter: k.enum("ack_filter", 0, cakeAckFilterNames), NAT: k.flag("nat"), Wash: k.flag("wash"),
				Ingress: k.flag("ingress"), SplitGSO: k.flag("split_gso"), Autorate: k.flag("autorate_ingress"), Raw: k.flag("raw")}
		},
		decodeQdisc: decodeCake,
	})
}
