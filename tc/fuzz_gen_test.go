package tc

import (
	"bytes"
	"errors"
	"math"
	"math/bits"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	fuzz "github.com/google/gofuzz"
	"github.com/nlroute/nlroute/wire"
)

// FuzzTCGenerated generates a typed value of one registered tc kind
// from the fuzz input (its first byte picks the kind from genKinds, the
// rest feeds gofuzz and the fill functions of fuzz_gen_fill_test.go,
// which keep values valid), encodes it as a request (a qdisc on link 1,
// a class 1:1, a filter at clsact ingress, an action as the only action
// of a matchall filter) and checks:
//
//  1. encoding succeeds, or fails with a *ParamError naming the kind
//     and a keyword and leaves the builder as it was;
//  2. the message passes codecRoundTrip: every attribute known to
//     codec.TC, byte-exact through Msg.Encode and through JSON;
//  3. the kind's typed decoder gives back the generated value after the
//     canonicalisations below (reflect.DeepEqual), and, where marked
//     "bytes", the decoded value encodes to exactly the same bytes.
//
// Canonicalisations, by kind (anything not listed comes back as is);
// "µs" means a duration truncated to whole microseconds and saturated
// at 2^32-1 µs, as a u32 of microseconds holds it:
//
//	qdisc htb        R2Q 0 reads 10                                 bytes
//	qdisc tbf        Limit from Latency (Latency reads 0); Burst and MTU
//	                 through psched ticks at Rate and Peakrate (MTU 0
//	                 without Peakrate); LinkLayer 0 reads Ethernet
//	qdisc red        Min/Max defaults applied; Avpkt, Burst, Bandwidth
//	                 read 0 (only the derived Wlog/Plog/Scell_log go);
//	                 Probability through max_P (p·2^32, 0 means 0.02)
//	qdisc choke      as red, thresholds in packets
//	qdisc fq         MaxRate, LowRateThreshold and TimerSlack (ns)
//	                 saturate at 2^32-1; Buckets rounds down to a power
//	                 of 2; RefillDelay, CEThreshold, Horizon µs     bytes
//	qdisc cake       SetDiffserv/SetFlowMode read true when the mode is
//	                 non-zero; RTT µs                               bytes
//	qdisc codel, fq_codel, fq_pie, pie: times µs                    bytes
//	qdisc netem      percentages through the 2^32 scale (read back to
//	                 1e-6 %); Limit 0 reads 1000; Gap 0 reads 1 with
//	                 Reorder; correlations and rate details without
//	                 their value read 0
//	qdisc prio       Bands 0 reads 3, a nil Priomap the default     bytes
//	qdisc sfq        Perturb truncated to whole seconds             bytes
//	qdisc plug, mqprio, pfifo, bfifo, pfifo_fast, hfsc, ingress, clsact,
//	      mq, multiq, drr: none                                     bytes
//	class htb        Ceil 0 reads Rate; Burst/Cburst (or their
//	                 defaults) through ticks; MTU reads 0
//	class hfsc       curve rates saturate at 2^32-1; D µs           bytes
//	class drr        none                                           bytes
//	filter *         actions as below; no actions read nil
//	filter u32       key values masked; no keys read nil            bytes*
//	filter bpf       FD reads 0 (write-only)                        bytes* without FD
//	filter flower    EthType/VLANEthType derived as sent; all-ones
//	                 MAC masks and 0xffff port masks read nil/0;
//	                 port masks without a port and VLANPrio without
//	                 HasVLANPrio read 0; prefixes masked            bytes*
//	filter fw        an all-ones Mask reads 0                       bytes* unless all-ones
//	filter matchall, basic, route: none                             bytes*
//	action gact      random fields read 0 without RandomType        bytes
//	action mirred    Direction 0 reads egress redirect; Action 0
//	                 reads stolen (redirect) or pipe (mirror)       bytes
//	action police    Burst through ticks at Rate
//	action bpf       FD reads 0 (write-only)                        bytes without FD
//	action skbedit   fields without their Has… flag, and an all-ones
//	                 Mask, read 0                                   bytes
//	action vlan      pop reads no ID, Protocol, Prio                bytes
//	action tunnel_key release reads only Action and Index           bytes
//	action pedit     key values read without the mask's bits        bytes
//	action csum, connmark: none                                     bytes
//
// bytes* holds when every action of the filter holds it (not police,
// not bpf by FD). The committed regression inputs under
// testdata/fuzz/FuzzTCGenerated name their kind by its index in
// genKinds (sorted by object and name), as the seeds do.
func FuzzTCGenerated(f *testing.F) {
	for i := range genKinds {
		f.Add(genInput(i, 0))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		k := &genKinds[int(data[0])%len(genKinds)]
		checkGenerated(t, k, k.gen(newGen(data[1:])))
	})
}

// genInput is a fuzz input for kind i: its index, then 64 bytes from a
// PRNG seeded with seed.
func genInput(i int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	b := make([]byte, 65)
	b[0] = byte(i)
	for j := 1; j < len(b); j++ {
		b[j] = byte(r.Uint32())
	}
	return b
}

// TestTCGeneratedCoversEveryKind fails when a kind the tc registry holds
// (as qdisc, class, filter or action) has no generator, or a generator no
// kind; then it runs every generator on 200 fixed inputs through the
// checks of FuzzTCGenerated and wants at least 90% of the values of
// each kind to encode.
func TestTCGeneratedCoversEveryKind(t *testing.T) {
	have := map[string]bool{}
	for _, k := range genKinds {
		have[k.obj+":"+k.name] = true
	}
	for name, d := range kinds {
		for _, obj := range d.Objects {
			if !have[obj+":"+name] {
				t.Errorf("%s %s: registered, but FuzzTCGenerated has no generator for it", obj, name)
			}
			delete(have, obj+":"+name)
		}
	}
	for k := range have {
		t.Errorf("%s: a generator for no registered kind", k)
	}
	for i := range genKinds {
		k := &genKinds[i]
		t.Run(k.obj+"_"+k.name, func(t *testing.T) {
			const n = 200
			ok := 0
			for seed := range uint64(n) {
				v := k.gen(newGen(genInput(i, seed)[1:]))
				if kv, isKind := v.(interface{ Kind() string }); !isKind || kv.Kind() != k.name {
					t.Fatalf("generated %T for %s %s", v, k.obj, k.name)
				}
				if checkGenerated(t, k, v) {
					ok++
				}
			}
			t.Logf("%s %s: %d of %d encoded", k.obj, k.name, ok, n)
			if ok < n*9/10 {
				t.Errorf("%s %s: only %d of %d generated values encode", k.obj, k.name, ok, n)
			}
		})
	}
}

// genKind is one registered kind as FuzzTCGenerated makes it.
type genKind struct {
	obj, name string // "qdisc", "htb"
	gen       func(*fuzz.Fuzzer) any
	// canon maps a generated value to what the typed decoder gives back
	// for its encoding; nil: the value itself.
	canon func(any) any
	// bytes reports whether the decoded value of v encodes to v's bytes;
	// nil: never.
	bytes func(v any) bool
}

// checkGenerated runs the checks of FuzzTCGenerated on v and reports
// whether v encoded.
func checkGenerated(t *testing.T, k *genKind, v any) bool {
	t.Helper()
	raw, err := encodeGenerated(k.obj, v)
	if err != nil {
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param == "" || pe.Kind != k.name || !errors.Is(err, ErrBadParam) || len(raw) != 0 {
			t.Fatalf("%s %s %+v: encoding failed without a clean error naming the keyword: %v (%d bytes left)", k.obj, k.name, v, err, len(raw))
		}
		return false
	}
	codecRoundTrip(t, raw)
	got := decodeGenerated(t, k.obj, raw)
	want := v
	if k.canon != nil {
		want = k.canon(v)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s %s decodes differently\n got %+v\nwant %+v\n(generated %+v)", k.obj, k.name, got, want, v)
	}
	if k.bytes != nil && k.bytes(v) {
		again, err := encodeGenerated(k.obj, got)
		if err != nil || !bytes.Equal(again, raw) {
			t.Fatalf("%s %s: the decoded %+v encodes differently: %v\n got %x\nwant %x", k.obj, k.name, got, err, again, raw)
		}
	}
	return true
}

// encodeGenerated encodes v as the request of its object: the bytes, or
// none and the error.
func encodeGenerated(obj string, v any) ([]byte, error) {
	var b wire.Builder
	var err error
	switch obj {
	case "qdisc":
		err = appendQdisc(&b, msgNewQdisc, 0, &Qdisc{Link: 1, Handle: 0x10000, Options: v.(QdiscOptions)})
	case "class":
		err = appendClass(&b, msgNewClass, 0, &Class{Link: 1, Handle: 0x10001, Options: v.(ClassOptions)})
	case "filter":
		err = appendFilter(&b, msgNewFilter, 0, &Filter{Link: 1, Parent: HandleClsactIngress, Priority: 1, Protocol: ProtoIP, Options: v.(FilterOptions)})
	case "action":
		err = appendFilter(&b, msgNewFilter, 0, &Filter{Link: 1, Parent: HandleClsactIngress, Priority: 1, Options: Matchall{Actions: []Action{v.(Action)}}})
	}
	return b.Bytes(), err
}

// decodeGenerated decodes a request of encodeGenerated with the typed
// decoder of its kind.
func decodeGenerated(t *testing.T, obj string, raw []byte) any {
	t.Helper()
	h := decodeOne(t, raw)
	d := kinds[h.kind]
	switch obj {
	case "qdisc":
		return d.decodeQdisc(h.options)
	case "class":
		return d.decodeClass(h.options)
	case "filter":
		return d.decodeFilter(h.options)
	}
	acts := decodeMatchall(h.options).(Matchall).Actions
	if len(acts) != 1 {
		t.Fatalf("one action encoded, %d decoded: %+v", len(acts), acts)
	}
	return acts[0]
}

func canonOf[T any](f func(T) T) func(any) any { return func(v any) any { return f(v.(T)) } }

func always(any) bool { return true }

// genKinds is every registered kind, sorted by object and name.
var genKinds = func() []genKind {
	ks := slices.Concat(qdiscGenKinds, classGenKinds, filterGenKinds, actionGenKinds())
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].obj != ks[j].obj {
			return ks[i].obj < ks[j].obj
		}
		return ks[i].name < ks[j].name
	})
	return ks
}()

var qdiscGenKinds = []genKind{
	{obj: "qdisc", name: "htb", gen: genOf[HTB], bytes: always, canon: canonOf(func(q HTB) HTB {
		if q.R2Q == 0 {
			q.R2Q = 10
		}
		return q
	})},
	{obj: "qdisc", name: "tbf", gen: genOf[TBF], canon: canonOf(canonTBF)},
	{obj: "qdisc", name: "red", gen: genOf[RED], canon: canonOf(canonRED)},
	{obj: "qdisc", name: "choke", gen: genOf[Choke], canon: canonOf(canonChoke)},
	{obj: "qdisc", name: "codel", gen: genOf[Codel], bytes: always, canon: canonOf(func(q Codel) Codel {
		viaUsec(&q.Target, &q.Interval, &q.CEThreshold)
		return q
	})},
	{obj: "qdisc", name: "fq_codel", gen: genOf[FQCodel], bytes: always, canon: canonOf(func(q FQCodel) FQCodel {
		viaUsec(&q.Target, &q.Interval, &q.CEThreshold)
		return q
	})},
	{obj: "qdisc", name: "fq", gen: genOf[FQ], bytes: always, canon: canonOf(canonFQ)},
	{obj: "qdisc", name: "fq_pie", gen: genOf[FQPIE], bytes: always, canon: canonOf(func(q FQPIE) FQPIE {
		viaUsec(&q.Target, &q.Tupdate)
		return q
	})},
	{obj: "qdisc", name: "pie", gen: genOf[PIE], bytes: always, canon: canonOf(func(q PIE) PIE {
		viaUsec(&q.Target, &q.Tupdate)
		return q
	})},
	{obj: "qdisc", name: "cake", gen: genOf[Cake], bytes: always, canon: canonOf(func(q Cake) Cake {
		q.SetDiffserv = q.SetDiffserv || q.Diffserv != 0
		q.SetFlowMode = q.SetFlowMode || q.FlowMode != 0
		viaUsec(&q.RTT)
		return q
	})},
	{obj: "qdisc", name: "netem", gen: genOf[Netem], canon: canonOf(canonNetem)},
	{obj: "qdisc", name: "plug", gen: genOf[Plug], bytes: always},
	{obj: "qdisc", name: "mqprio", gen: genOf[MQPrio], bytes: always},
	{obj: "qdisc", name: "pfifo", gen: genOf[PFIFO], bytes: always},
	{obj: "qdisc", name: "bfifo", gen: genOf[BFIFO], bytes: always},
	{obj: "qdisc", name: "pfifo_fast", gen: genOf[PFIFOFast], bytes: always},
	{obj: "qdisc", name: "prio", gen: genOf[Prio], bytes: always, canon: canonOf(func(q Prio) Prio {
		if q.Bands == 0 {
			q.Bands = 3
		}
		if q.Priomap == nil {
			pm := DefaultPriomap()
			q.Priomap = &pm
		}
		return q
	})},
	{obj: "qdisc", name: "multiq", gen: genOf[MultiQ], bytes: always},
	{obj: "qdisc", name: "sfq", gen: genOf[SFQ], bytes: always, canon: canonOf(func(q SFQ) SFQ {
		q.Perturb = q.Perturb.Truncate(time.Second)
		return q
	})},
	{obj: "qdisc", name: "hfsc", gen: genOf[HFSC], bytes: always},
	{obj: "qdisc", name: "ingress", gen: genOf[Ingress], bytes: always},
	{obj: "qdisc", name: "clsact", gen: genOf[Clsact], bytes: always},
	{obj: "qdisc", name: "mq", gen: genOf[MQ], bytes: always},
	{obj: "qdisc", name: "drr", gen: genOf[DRR], bytes: always},
}

var classGenKinds = []genKind{
	{obj: "class", name: "htb", gen: genOf[HTBClass], canon: canonOf(canonHTBClass)},
	{obj: "class", name: "hfsc", gen: genOf[HFSCClass], bytes: always, canon: canonOf(func(c HFSCClass) HFSCClass {
		for _, cv := range []*Curve{&c.RSC, &c.FSC, &c.USC} {
			cv.M1, cv.M2 = min(cv.M1, math.MaxUint32), min(cv.M2, math.MaxUint32)
			viaUsec(&cv.D)
		}
		return c
	})},
	{obj: "class", name: "drr", gen: genOf[DRRClass], bytes: always},
}

var filterGenKinds = []genKind{
	{obj: "filter", name: "u32", gen: genOf[U32], bytes: func(v any) bool { return actionsReencode(v.(U32).Actions) },
		canon: canonOf(func(f U32) U32 {
			keys := f.Keys
			f.Keys = nil
			for _, k := range keys {
				k.Val &= k.Mask
				f.Keys = append(f.Keys, k)
			}
			f.Actions = canonActions(f.Actions)
			return f
		})},
	{obj: "filter", name: "bpf", gen: genOf[BPF], bytes: func(v any) bool {
		f := v.(BPF)
		return (f.FD == 0 || len(f.Ops) > 0) && actionsReencode(f.Actions)
	}, canon: canonOf(func(f BPF) BPF {
		f.FD, f.Actions = 0, canonActions(f.Actions)
		return f
	})},
	{obj: "filter", name: "flower", gen: genOf[Flower], bytes: func(v any) bool { return actionsReencode(v.(Flower).Actions) },
		canon: canonOf(canonFlower)},
	{obj: "filter", name: "fw", gen: genOf[FW], bytes: func(v any) bool {
		f := v.(FW)
		return f.Mask != math.MaxUint32 && actionsReencode(f.Actions)
	}, canon: canonOf(func(f FW) FW {
		if f.Mask == math.MaxUint32 {
			f.Mask = 0
		}
		f.Actions = canonActions(f.Actions)
		return f
	})},
	{obj: "filter", name: "matchall", gen: genOf[Matchall], bytes: func(v any) bool { return actionsReencode(v.(Matchall).Actions) },
		canon: canonOf(func(f Matchall) Matchall { f.Actions = canonActions(f.Actions); return f })},
	{obj: "filter", name: "basic", gen: genOf[Basic], bytes: func(v any) bool { return actionsReencode(v.(Basic).Actions) },
		canon: canonOf(func(f Basic) Basic { f.Actions = canonActions(f.Actions); return f })},
	{obj: "filter", name: "route", gen: genOf[Route], bytes: func(v any) bool { return actionsReencode(v.(Route).Actions) },
		canon: canonOf(func(f Route) Route { f.Actions = canonActions(f.Actions); return f })},
}

// actionGenKinds: every action kind; its canonicalisation is
// canonAction's.
func actionGenKinds() []genKind {
	var ks []genKind
	for _, a := range []struct {
		name string
		gen  func(*fuzz.Fuzzer) any
	}{{"gact", genOf[Gact]}, {"mirred", genOf[Mirred]}, {"police", genOf[Police]}, {"bpf", genOf[ActBPF]},
		{"skbedit", genOf[SkbEdit]}, {"vlan", genOf[VLAN]}, {"tunnel_key", genOf[TunnelKey]}, {"csum", genOf[Csum]},
		{"pedit", genOf[Pedit]}, {"connmark", genOf[Connmark]}} {
		ks = append(ks, genKind{obj: "action", name: a.name, gen: a.gen,
			canon: func(v any) any { return canonAction(v.(Action)) },
			bytes: func(v any) bool { return actionsReencode([]Action{v.(Action)}) }})
	}
	return ks
}

// viaUsec truncates each duration to what a u32 of microseconds holds,
// saturating (putUsec).
func viaUsec(ds ...*time.Duration) {
	for _, d := range ds {
		*d = min(*d/time.Microsecond, math.MaxUint32) * time.Microsecond
	}
}

// ticked is size in bytes after its trip through psched ticks at rate.
func ticked(rate, size uint64) uint32 { return uint32(xmitSize(rate, xmitTime(rate, size))) }

// maxP is a RED probability after its trip through max_P.
func maxP(p float64) float64 {
	if p == 0 {
		p = 0.02
	}
	return float64(uint32(p*(1<<32))) / (1 << 32)
}

func canonTBF(q TBF) TBF {
	if q.Limit == 0 { // the bytes Rate sends in Latency, plus the bucket
		lim := float64(q.Rate)*q.Latency.Seconds() + float64(q.Burst)
		if q.Peakrate != 0 {
			lim = min(lim, float64(q.Peakrate)*q.Latency.Seconds()+float64(q.MTU))
		}
		q.Limit = uint32(lim)
	}
	q.Latency = 0
	q.Burst = ticked(q.Rate, uint64(q.Burst))
	if q.Peakrate != 0 {
		q.MTU = ticked(q.Peakrate, uint64(q.MTU))
	} else {
		q.MTU = 0
	}
	if q.LinkLayer == 0 {
		q.LinkLayer = LinkLayerEthernet
	}
	return q
}

func canonRED(q RED) RED {
	if q.Max == 0 {
		q.Max = q.Limit / 4
		if q.Min != 0 {
			q.Max = 3 * q.Min
		}
	}
	if q.Min == 0 {
		q.Min = q.Max / 3
	}
	q.Avpkt, q.Burst, q.Bandwidth, q.Probability = 0, 0, 0, maxP(q.Probability)
	return q
}

func canonChoke(q Choke) Choke {
	if q.Max == 0 {
		q.Max = q.Limit / 4
	}
	if q.Min == 0 {
		q.Min = q.Max / 3
	}
	q.Avpkt, q.Burst, q.Bandwidth, q.Probability = 0, 0, 0, maxP(q.Probability)
	return q
}

func canonFQ(q FQ) FQ {
	q.MaxRate, q.LowRateThreshold = min(q.MaxRate, math.MaxUint32), min(q.LowRateThreshold, math.MaxUint32)
	q.TimerSlack = min(q.TimerSlack, math.MaxUint32)
	viaUsec(&q.RefillDelay, &q.CEThreshold, &q.Horizon)
	if q.Buckets != 0 {
		q.Buckets = 1 << (bits.Len32(q.Buckets) - 1)
	}
	return q
}

func canonNetem(q Netem) Netem {
	for _, p := range []*float64{&q.DelayCorr, &q.Loss, &q.LossCorr, &q.Duplicate, &q.DuplicateCorr,
		&q.Reorder, &q.ReorderCorr, &q.Corrupt, &q.CorruptCorr} {
		*p = u32pct(pct32(*p))
	}
	if q.Limit == 0 {
		q.Limit = 1000
	}
	if q.Reorder == 0 {
		q.ReorderCorr = 0
	} else if q.Gap == 0 {
		q.Gap = 1
	}
	if q.Corrupt == 0 {
		q.CorruptCorr = 0
	}
	if q.Rate == 0 {
		q.PacketOverhead, q.CellSize, q.CellOverhead = 0, 0, 0
	}
	return q
}

func canonHTBClass(c HTBClass) HTBClass {
	if c.Ceil == 0 {
		c.Ceil = c.Rate
	}
	mtu := uint64(c.MTU)
	if mtu == 0 {
		mtu = 1600
	}
	burst, cburst := uint64(c.Burst), uint64(c.Cburst)
	if burst == 0 {
		burst = c.Rate/clockHz + mtu
	}
	if cburst == 0 {
		cburst = c.Ceil/clockHz + mtu
	}
	c.Burst, c.Cburst, c.MTU = ticked(c.Rate, burst), ticked(c.Ceil, cburst), 0
	return c
}

func canonFlower(f Flower) Flower {
	f.EthType, f.VLANEthType = f.ethTypes()
	for _, m := range []*[]byte{(*[]byte)(&f.DstMACMask), (*[]byte)(&f.SrcMACMask)} {
		if isAllOnes(*m) {
			*m = nil
		}
	}
	f.SrcIP, f.DstIP = f.SrcIP.Masked(), f.DstIP.Masked()
	if src, _ := flowerPortTypes(f.IPProto); src == 0 {
		f.SrcPort, f.DstPort = 0, 0
	}
	for _, p := range []struct{ port, mask *uint16 }{{&f.SrcPort, &f.SrcPortMask}, {&f.DstPort, &f.DstPortMask}} {
		if *p.port == 0 {
			*p.mask = 0
		}
		*p.mask = exactIs0(*p.mask)
	}
	if !f.HasVLANPrio {
		f.VLANPrio = 0
	}
	f.Actions = canonActions(f.Actions)
	return f
}

func canonActions(as []Action) []Action {
	var out []Action
	for _, a := range as {
		out = append(out, canonAction(a))
	}
	return out
}

func canonAction(a Action) Action {
	switch a := a.(type) {
	case Gact:
		if a.RandomType == 0 {
			a.RandomValue, a.RandomAction = 0, 0
		}
		return a
	case Mirred:
		if a.Direction == 0 {
			a.Direction = MirredEgressRedirect
		}
		if a.Action == 0 {
			a.Action = ActStolen
			if a.Direction == MirredEgressMirror || a.Direction == MirredIngressMirror {
				a.Action = ActPipe
			}
		}
		return a
	case Police:
		a.Burst = ticked(a.Rate, uint64(a.Burst))
		return a
	case ActBPF:
		a.FD = 0
		return a
	case SkbEdit:
		return canonSkbEdit(a)
	case VLAN:
		if a.Op == VLANPop {
			a.ID, a.Protocol, a.Prio = 0, 0, 0
		}
		return a
	case TunnelKey:
		if a.Release {
			return TunnelKey{Release: true, Action: a.Action, Index: a.Index}
		}
		return a
	case Pedit:
		keys := a.Keys
		a.Keys = nil
		for _, k := range keys {
			k.Val &^= k.Mask
			a.Keys = append(a.Keys, k)
		}
		return a
	}
	return a
}

func canonSkbEdit(a SkbEdit) SkbEdit {
	if !a.HasPriority {
		a.Priority = 0
	}
	if !a.HasQueueMapping {
		a.QueueMapping = 0
	}
	if !a.HasMark || a.Mask == math.MaxUint32 {
		a.Mask = 0
	}
	if !a.HasMark {
		a.Mark = 0
	}
	if !a.HasPType {
		a.PType = 0
	}
	return a
}

// actionsReencode reports whether the decoded forms of as encode to the
// same bytes: not after police (its burst goes through ticks) or a BPF
// action by file descriptor (which does not read back).
func actionsReencode(as []Action) bool {
	for _, a := range as {
		switch a := a.(type) {
		case Police:
			return false
		case ActBPF:
			if a.FD != 0 && len(a.Ops) == 0 {
				return false
			}
		}
	}
	return true
}
