package tc

import (
	"encoding/binary"
	"math"
	"math/bits"
	"net"
	"net/netip"
	"slices"
	"time"

	fuzz "github.com/google/gofuzz"
	"github.com/nlroute/nlroute/wire"
)

// The gofuzz fill functions of FuzzTCGenerated: one per typed kind, each
// drawing its fields from the fuzzer's randomness but keeping them in
// the ranges the encoders and the kernel accept (required fields set,
// enumerations in range, exclusive fields not both set, addresses
// without zones, names without NUL bytes, durations not negative, sizes
// far below attribute limits). Numbers lean to the edges: 0 (a
// default), 1, the maximum, small values, then any value with a random
// bit length. Values outside what tc's keyword form could give (a
// 9-hour codel target, a 2^40 bytes/s rate) are valid typed input and
// are generated.

// newGen returns a gofuzz Fuzzer reading its randomness from data (then
// from a PRNG seeded by data's first 8 bytes) with every fill function.
func newGen(data []byte) *fuzz.Fuzzer {
	return fuzz.NewFromGoFuzz(data).NilChance(0).Funcs(genFuncs...)
}

// genOf returns a generator of T for the kinds table.
func genOf[T any](f *fuzz.Fuzzer) any {
	var v T
	f.Fuzz(&v)
	return v
}

// upTo returns a value in 0..hi, leaning to the edges.
func upTo(c fuzz.Continue, hi uint64) uint64 {
	var v uint64
	switch c.Intn(8) {
	case 0:
		return 0
	case 1:
		return hi
	case 2:
		v = 1
	case 3:
		v = uint64(c.Intn(256))
	default:
		n := c.Intn(bits.Len64(hi) + 1)
		v = c.Uint64() & (uint64(1)<<n - 1)
	}
	return min(v, hi)
}

// between returns a value in lo..hi.
func between(c fuzz.Continue, lo, hi uint64) uint64 { return lo + upTo(c, hi-lo) }

func u32(c fuzz.Continue) uint32 { return uint32(upTo(c, math.MaxUint32)) }
func u16(c fuzz.Continue) uint16 { return uint16(upTo(c, math.MaxUint16)) }

// maybe returns v one time in n, else the zero value.
func maybe[T any](c fuzz.Continue, n int, v func() T) T {
	if c.Intn(n) == 0 {
		return v()
	}
	var zero T
	return zero
}

func pick[T any](c fuzz.Continue, vs ...T) T { return vs[c.Intn(len(vs))] }

// usecs returns a whole number of microseconds up to hi µs.
func usecs(c fuzz.Continue, hi uint64) time.Duration {
	return time.Duration(upTo(c, hi)) * time.Microsecond
}

// dur returns 0 or a duration from 1µs to 2^45 ns (9.8 hours): past
// what a u32 of microseconds holds, and rarely a whole number of them.
// (A negative one, or a non-zero one below 1µs, is a ParamError: see
// checkTimes.)
func dur(c fuzz.Continue) time.Duration {
	if c.Intn(8) == 0 {
		return 0
	}
	return time.Duration(between(c, 1000, 1<<45))
}

// percent returns 0, 100, a whole or any percentage.
func percent(c fuzz.Continue) float64 {
	switch c.Intn(4) {
	case 0:
		return 0
	case 1:
		return pick(c, 100.0, 1.0, 50.0)
	case 2:
		return float64(c.Intn(101))
	}
	return c.Float64() * 100
}

// redProbability returns 0 (the default) or a value in [0.001, 1).
func redProbability(c fuzz.Continue) float64 {
	if c.Intn(3) == 0 {
		return 0
	}
	return 0.001 + 0.998*c.Float64()
}

func verdict(c fuzz.Continue) Control {
	return pick(c, ActContinue, ActOK, ActReclassify, ActDrop, ActPipe, ActStolen, ActTrap)
}

func actIndex(c fuzz.Continue) uint32 { return maybe(c, 3, func() uint32 { return u32(c) }) }

func handle(c fuzz.Continue) Handle {
	switch c.Intn(3) {
	case 0:
		return 0
	case 1:
		return MakeHandle(1, uint16(between(c, 1, 0xffff)))
	}
	return Handle(u32(c))
}

func mac(c fuzz.Continue) net.HardwareAddr {
	m := make(net.HardwareAddr, 6)
	for i := range m {
		m[i] = byte(c.Intn(256))
	}
	return m
}

// addr returns a random IPv4 or IPv6 address, sometimes an IPv4-mapped
// one (::ffff:a.b.c.d, which stays IPv6 on the wire), never with a zone
// (the wire has none).
func addr(c fuzz.Continue, v6 bool) netip.Addr {
	v4 := [4]byte{byte(c.Intn(256)), byte(c.Intn(256)), byte(c.Intn(256)), byte(c.Intn(256))}
	switch {
	case !v6:
		return netip.AddrFrom4(v4)
	case c.Intn(8) == 0:
		return netip.AddrFrom16(netip.AddrFrom4(v4).As16())
	}
	var b [16]byte
	for i := range b {
		b[i] = byte(c.Intn(256))
	}
	return netip.AddrFrom16(b)
}

// name returns a link or program name: 1 to 15 characters.
func name(c fuzz.Continue) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789_"
	b := make([]byte, 1+c.Intn(15))
	for i := range b {
		b[i] = chars[c.Intn(len(chars))]
	}
	return string(b)
}

// classicProgram returns a classic BPF program the kernel's checker
// accepts: loads, ALU operations and forward jumps ending in a return.
func classicProgram(c fuzz.Continue) []ClassicBPF {
	n := 1 + c.Intn(6)
	ops := make([]ClassicBPF, n)
	for i := range n - 1 {
		switch c.Intn(4) {
		case 0:
			ops[i] = ClassicBPF{Code: pick[uint16](c, 0x20, 0x28, 0x30), K: uint32(c.Intn(64))} // ld [k] w, h, b
		case 1:
			ops[i] = ClassicBPF{Code: pick[uint16](c, 0x04, 0x54, 0x44), K: u32(c)} // add, and, or #k
		case 2:
			// jeq #k, landing at most on the return
			room := n - 2 - i
			ops[i] = ClassicBPF{Code: 0x15, JT: uint8(c.Intn(room + 1)), JF: uint8(c.Intn(room + 1)), K: u32(c)}
		default:
			ops[i] = ClassicBPF{Code: 0x00, K: u32(c)} // ld #k
		}
	}
	ops[n-1] = ClassicBPF{Code: 0x06, K: pick(c, 0, math.MaxUint32, u32(c))} // ret #k
	return ops
}

// ematchTree returns a TCA_BASIC_EMATCHES value: a tree header and a
// list of u32 ematches (TCF_EM_U32, struct tc_u32_key each), joined by
// AND.
func ematchTree(c fuzz.Continue) []byte {
	n := 1 + c.Intn(3)
	var b wire.Builder
	var hdr [4]byte
	binary.NativeEndian.PutUint16(hdr[:], uint16(n))
	b.PutBytes(1, hdr[:]) // TCA_EMATCH_TREE_HDR: nmatches, progid
	l := b.Nest(2)        // TCA_EMATCH_TREE_LIST
	for i := range n {
		var m [24]byte
		binary.NativeEndian.PutUint16(m[2:], 3) // kind TCF_EM_U32; matchid 0
		if i < n-1 {
			binary.NativeEndian.PutUint16(m[4:], 1) // TCF_EM_REL_AND
		}
		putU32s(m[8:], u32(c), u32(c), uint32(4*c.Intn(16)), 0) // mask, val, off, offmask
		b.PutBytes(uint16(i+1), m[:])
	}
	b.EndNest(l)
	return b.Bytes()
}

// actionGens generates one action of each kind.
var actionGens = []func(c fuzz.Continue) Action{
	actOf[Gact], actOf[Mirred], actOf[Police], actOf[ActBPF], actOf[SkbEdit],
	actOf[VLAN], actOf[TunnelKey], actOf[Csum], actOf[Pedit], actOf[Connmark],
}

func actOf[T Action](c fuzz.Continue) Action {
	var a T
	c.Fuzz(&a)
	return a
}

// genFuncs are the fill functions of every kind.
var genFuncs = slices.Concat(qdiscFills, classFills, filterFills, actionFills)

var qdiscFills = []any{
	func(q *HTB, c fuzz.Continue) { *q = HTB{Default: u32(c), R2Q: u32(c), DirectQlen: u32(c)} },
	func(q *TBF, c fuzz.Continue) {
		*q = TBF{Rate: between(c, 1, 1<<40), Burst: uint32(between(c, 1, math.MaxUint32)), MTU: uint32(upTo(c, 0xffff)),
			MPU: u16(c), Overhead: u16(c), LinkLayer: pick[LinkLayer](c, 0, LinkLayerEthernet, LinkLayerATM)}
		if c.Intn(3) == 0 {
			q.Latency = time.Duration(between(c, 1, 1e10)) // Limit from it
		} else {
			q.Limit, q.Latency = uint32(between(c, 1, math.MaxUint32)), maybe(c, 4, func() time.Duration { return usecs(c, 1e7) })
		}
		if c.Intn(2) == 0 {
			q.Peakrate, q.MTU = q.Rate+between(c, 1, 1<<40), uint32(between(c, 1, 0xffff))
		}
	},
	// RED and CHOKe: thresholds a few average packets apart, above two
	// of them, as tc's EWMA and probability logs need.
	func(q *RED, c fuzz.Continue) {
		avpkt := pick(c, 0, between(c, 64, 9000))
		a := avpkt
		if a == 0 {
			a = 1000
		}
		*q = RED{Avpkt: uint32(avpkt), Bandwidth: maybe(c, 2, func() uint64 { return between(c, 1e6, 1<<37) }),
			Probability: redProbability(c), ECN: c.RandBool(), Harddrop: c.RandBool(), Adaptive: c.RandBool()}
		minP := between(c, 2, 1000)
		maxP := minP + between(c, 1, 1000)
		q.Limit = uint32(maxP*a + upTo(c, 1<<20))
		if c.RandBool() {
			q.Min, q.Max = uint32(minP*a), uint32(maxP*a)
			q.Burst = uint32(maybe(c, 2, func() uint64 { return between(c, minP, minP+100) }))
		} else { // the defaults from Limit: at least 2 packets
			q.Limit = max(q.Limit, uint32(24*a))
		}
	},
	func(q *Choke, c fuzz.Continue) {
		*q = Choke{Bandwidth: between(c, 1e6, 1<<37), Avpkt: uint32(pick(c, 0, between(c, 64, 9000))),
			Probability: redProbability(c), ECN: c.RandBool()}
		minP := between(c, 2, 1000)
		maxP := minP + between(c, 1, 1000)
		q.Limit = uint32(maxP + upTo(c, 1<<12))
		if c.RandBool() {
			q.Min, q.Max = uint32(minP), uint32(maxP)
			q.Burst = uint32(maybe(c, 2, func() uint64 { return between(c, minP, minP+100) }))
		} else {
			q.Limit = max(q.Limit, 24)
		}
	},
	func(q *Codel, c fuzz.Continue) {
		*q = Codel{Limit: u32(c), Target: dur(c), Interval: dur(c), ECN: c.RandBool(), CEThreshold: dur(c)}
	},
	func(q *FQCodel, c fuzz.Continue) {
		*q = FQCodel{Limit: u32(c), Flows: uint32(upTo(c, 65536)), Target: dur(c), Interval: dur(c), Quantum: u32(c),
			NoECN: c.RandBool(), CEThreshold: dur(c), DropBatchSize: u32(c), MemoryLimit: u32(c)}
	},
	func(q *FQ, c fuzz.Continue) {
		*q = FQ{Limit: u32(c), FlowLimit: u32(c), Quantum: u32(c), InitialQuantum: u32(c), MaxRate: upTo(c, 1<<40),
			Buckets: uint32(upTo(c, 1<<18)), NoPacing: c.RandBool(), RefillDelay: dur(c),
			OrphanMask: u32(c), LowRateThreshold: upTo(c, 1<<40), CEThreshold: dur(c),
			TimerSlack: time.Duration(upTo(c, 1<<33)), Horizon: dur(c), HorizonCap: c.RandBool()}
	},
	func(q *FQPIE, c fuzz.Continue) {
		*q = FQPIE{Limit: u32(c), Flows: uint32(upTo(c, 65536)), Target: dur(c), Tupdate: dur(c), Alpha: uint32(upTo(c, 32)), Beta: uint32(upTo(c, 32)), Quantum: u32(c),
			MemoryLimit: u32(c), ECNProb: uint32(upTo(c, 100)), ECN: c.RandBool(), Bytemode: c.RandBool(),
			DQRateEstimator: c.RandBool()}
	},
	func(q *PIE, c fuzz.Continue) {
		*q = PIE{Limit: u32(c), Target: dur(c), Tupdate: dur(c), Alpha: uint32(upTo(c, 32)), Beta: uint32(upTo(c, 32)),
			ECN: c.RandBool(), Bytemode: c.RandBool(), DQRateEstimator: c.RandBool()}
	},
	func(q *Cake, c fuzz.Continue) {
		*q = Cake{Bandwidth: upTo(c, 1<<40), Diffserv: uint32(upTo(c, 4)), FlowMode: uint32(upTo(c, 7)),
			SetFlowMode: c.RandBool(), SetDiffserv: c.RandBool(), ATM: uint32(upTo(c, 2)), Overhead: int32(upTo(c, 64)) - 32,
			MPU: uint32(upTo(c, 256)), RTT: dur(c), Memory: u32(c), Fwmark: u32(c),
			AckFilter: uint32(upTo(c, 2)), NAT: c.RandBool(), Wash: c.RandBool(), Ingress: c.RandBool(),
			SplitGSO: c.RandBool(), Autorate: c.RandBool(), Raw: c.RandBool()}
	},
	func(q *Netem, c fuzz.Continue) {
		*q = Netem{Delay: dur(c), Jitter: dur(c), DelayCorr: percent(c),
			Limit: u32(c), Loss: percent(c), LossCorr: percent(c), Duplicate: percent(c), DuplicateCorr: percent(c),
			Reorder: percent(c), ReorderCorr: percent(c), Gap: u32(c), Corrupt: percent(c), CorruptCorr: percent(c),
			Rate: upTo(c, 1<<40), PacketOverhead: int32(c.Uint32()), CellSize: u32(c), CellOverhead: int32(c.Uint32()),
			ECN: c.RandBool(), Seed: upTo(c, math.MaxUint64)}
		if q.Reorder != 0 && q.Delay == 0 {
			q.Delay = time.Millisecond
		}
	},
	func(q *Plug, c fuzz.Continue) { *q = Plug{Action: int32(upTo(c, uint64(PlugLimit))), Limit: u32(c)} },
	func(q *MQPrio, c fuzz.Continue) {
		*q = MQPrio{NumTC: uint8(between(c, 1, 16)), HW: uint8(upTo(c, 1))}
		for i := range q.Map {
			q.Map[i] = uint8(c.Intn(int(q.NumTC)))
			q.Count[i], q.Offset[i] = u16(c), u16(c)
		}
	},
	func(q *PFIFO, c fuzz.Continue) { q.Limit = u32(c) },
	func(q *BFIFO, c fuzz.Continue) { q.Limit = u32(c) },
	func(q *Prio, c fuzz.Continue) {
		*q = Prio{Bands: uint32(maybe(c, 2, func() uint64 { return between(c, 2, 16) }))}
		if c.Intn(3) > 0 || q.Bands == 2 { // the default map uses 3 bands
			bands := q.Bands
			if bands == 0 {
				bands = 3
			}
			var pm [16]uint8
			for i := range pm {
				pm[i] = uint8(c.Intn(int(bands)))
			}
			q.Priomap = &pm
		}
	},
	func(q *SFQ, c fuzz.Continue) {
		*q = SFQ{Quantum: u32(c), Perturb: pick(c, 0, time.Duration(between(c, uint64(time.Second), 1<<50))),
			Limit:   uint32(upTo(c, 1<<16)),
			Divisor: uint32(maybe(c, 2, func() uint64 { return 1 << c.Intn(17) })), Flows: uint32(upTo(c, 65536)),
			Depth: uint32(upTo(c, 1<<16)), Headdrop: c.RandBool()}
	},
	func(q *HFSC, c fuzz.Continue) { q.Default = u16(c) },
}

var classFills = []any{
	func(cl *HTBClass, c fuzz.Continue) {
		*cl = HTBClass{Rate: between(c, 1, 1<<40), Ceil: upTo(c, 1<<40), Burst: u32(c), Cburst: u32(c),
			Prio: uint32(upTo(c, 7)), Quantum: u32(c), MTU: uint32(upTo(c, 0xffff)), MPU: u16(c), Overhead: u16(c)}
	},
	func(cl *HFSCClass, c fuzz.Continue) {
		curve := func() Curve {
			return maybe(c, 2, func() Curve {
				return Curve{M1: upTo(c, 1<<33), D: dur(c), M2: upTo(c, 1<<33)}
			})
		}
		*cl = HFSCClass{RSC: curve(), FSC: curve(), USC: curve()}
		if cl.RSC == (Curve{}) && cl.FSC == (Curve{}) {
			cl.FSC.M2 = between(c, 1, math.MaxUint32)
		}
	},
	func(cl *DRRClass, c fuzz.Continue) { cl.Quantum = u32(c) },
}

var filterFills = []any{
	func(f *U32, c fuzz.Continue) {
		*f = U32{ClassID: handle(c), Flags: pick(c, 0, ClsSkipHW), Hash: maybe(c, 8, func() uint32 { return u32(c) }),
			Link: maybe(c, 8, func() uint32 { return u32(c) })}
		if c.Intn(8) == 0 {
			f.Divisor = 1 << c.Intn(9)
		} else {
			f.Keys = make([]U32Key, c.Intn(9))
			for i := range f.Keys {
				f.Keys[i] = U32Key{Val: u32(c), Mask: u32(c), Off: int32(4 * upTo(c, 64)),
					OffMask: maybe(c, 8, func() int32 { return int32(c.Uint32()) })}
			}
			if c.Intn(4) == 0 {
				f.HashMask, f.HashOff = u32(c), int16(c.Uint32())
			}
		}
		c.Fuzz(&f.Actions)
	},
	func(f *BPF, c fuzz.Continue) {
		*f = BPF{ClassID: handle(c), DirectAction: c.RandBool(), Flags: pick(c, 0, ClsSkipHW, ClsSkipSW)}
		if c.Intn(4) == 0 {
			f.FD = int(upTo(c, 1<<20))
		} else {
			f.Ops = classicProgram(c)
		}
		f.Name = maybe(c, 2, func() string { return name(c) })
		c.Fuzz(&f.Actions)
	},
	func(f *Matchall, c fuzz.Continue) {
		*f = Matchall{ClassID: handle(c), Flags: pick(c, 0, ClsSkipHW, ClsSkipSW)}
		c.Fuzz(&f.Actions)
	},
	func(f *FW, c fuzz.Continue) {
		*f = FW{ClassID: handle(c), Mask: u32(c), Indev: maybe(c, 4, func() string { return name(c) })}
		c.Fuzz(&f.Actions)
	},
	func(f *Basic, c fuzz.Continue) {
		*f = Basic{ClassID: handle(c), Ematches: maybe(c, 2, func() []byte { return ematchTree(c) })}
		c.Fuzz(&f.Actions)
	},
	func(f *Route, c fuzz.Continue) {
		*f = Route{ClassID: handle(c), To: uint32(upTo(c, 255))}
		if c.RandBool() {
			f.From = uint32(upTo(c, 255))
		} else {
			f.IIF = uint32(upTo(c, 1<<16))
		}
		c.Fuzz(&f.Actions)
	},
	fillFlower,
}

// actionFills fill a filter's action list, then each action kind.
var actionFills = []any{
	func(as *[]Action, c fuzz.Continue) {
		*as = nil
		for range c.Intn(4) {
			*as = append(*as, actionGens[c.Intn(len(actionGens))](c))
		}
	},
	func(a *Gact, c fuzz.Continue) {
		*a = Gact{Action: verdict(c), Index: actIndex(c), RandomType: uint16(maybe(c, 2, func() uint64 { return between(c, 1, 2) }))}
		if a.RandomType != 0 {
			a.RandomValue, a.RandomAction = uint16(upTo(c, 10000)), verdict(c)
		}
	},
	func(a *Mirred, c fuzz.Continue) {
		*a = Mirred{Direction: uint32(upTo(c, 4)), Link: uint32(between(c, 1, 1<<16)), Index: actIndex(c),
			Action: maybe(c, 2, func() Control { return verdict(c) })}
	},
	func(a *Police, c fuzz.Continue) {
		*a = Police{Rate: between(c, 1, 1<<40), Burst: uint32(between(c, 1, math.MaxUint32)), MTU: uint32(upTo(c, 0xffff)),
			Limit: u32(c), Exceed: verdict(c), Conform: verdict(c), Index: actIndex(c)}
	},
	func(a *ActBPF, c fuzz.Continue) {
		*a = ActBPF{Name: maybe(c, 2, func() string { return name(c) }), Action: verdict(c), Index: actIndex(c)}
		if c.Intn(4) == 0 {
			a.FD = int(upTo(c, 1<<20))
		} else {
			a.Ops = classicProgram(c)
		}
	},
	func(a *SkbEdit, c fuzz.Continue) {
		*a = SkbEdit{Priority: handle(c), HasPriority: c.RandBool(), QueueMapping: u16(c), HasQueueMapping: c.RandBool(),
			Mark: u32(c), HasMark: c.RandBool(), Mask: u32(c), PType: uint16(upTo(c, PacketOtherHost)), HasPType: c.RandBool(),
			InheritDSField: c.RandBool(), Action: verdict(c), Index: actIndex(c)}
		if !a.HasPriority && !a.HasQueueMapping && !a.HasPType && !a.InheritDSField {
			a.HasMark = true
		}
	},
	func(a *VLAN, c fuzz.Continue) {
		*a = VLAN{Op: uint32(between(c, VLANPop, VLANModify)), ID: uint16(upTo(c, 4095)),
			Protocol: pick[uint16](c, 0, Proto8021Q, 0x88a8), Prio: uint8(upTo(c, 7)), Action: verdict(c), Index: actIndex(c)}
	},
	func(a *TunnelKey, c fuzz.Continue) {
		v6 := c.RandBool()
		*a = TunnelKey{Release: c.Intn(4) == 0, Src: addr(c, v6), Dst: addr(c, v6), KeyID: u32(c), DstPort: u16(c),
			NoCsum: c.RandBool(), TOS: uint8(upTo(c, 255)), TTL: uint8(upTo(c, 255)), Action: verdict(c), Index: actIndex(c)}
	},
	func(a *Csum, c fuzz.Continue) {
		*a = Csum{Update: uint32(between(c, 1, 0x7f)), Action: verdict(c), Index: actIndex(c)}
	},
	func(a *Pedit, c fuzz.Continue) {
		*a = Pedit{Keys: make([]PeditKey, 1+c.Intn(6)), Action: verdict(c), Index: actIndex(c)}
		for i := range a.Keys {
			k := PeditKey{Off: int32(4 * upTo(c, 32)), Val: u32(c), Mask: u32(c)}
			if c.RandBool() {
				k.Header, k.Cmd = uint16(upTo(c, uint64(PeditUDP))), uint16(upTo(c, uint64(PeditAdd)))
			}
			if c.Intn(8) == 0 {
				k.At, k.OffMask, k.Shift = uint32(4*upTo(c, 16)), uint32(upTo(c, 255)), uint32(upTo(c, 7))
			}
			a.Keys[i] = k
		}
	},
	func(a *Connmark, c fuzz.Continue) {
		*a = Connmark{Zone: u16(c), Action: verdict(c), Index: actIndex(c)}
	},
}

// fillFlower fills a flower filter with keys of one address family,
// ports only under tcp, udp or sctp, and VLAN keys in range.
func fillFlower(f *Flower, c fuzz.Continue) {
	*f = Flower{ClassID: handle(c), Indev: maybe(c, 4, func() string { return name(c) }),
		Flags: pick(c, 0, ClsSkipHW, ClsSkipSW), IPProto: pick[uint8](c, 0, ipProtoTCP, ipProtoUDP, ipProtoSCTP, 1, 58, uint8(c.Intn(256)))}
	v6 := c.RandBool()
	prefix := func() netip.Prefix {
		return maybe(c, 2, func() netip.Prefix {
			a := addr(c, v6)
			return netip.PrefixFrom(a, c.Intn(a.BitLen()+1))
		})
	}
	f.SrcIP, f.DstIP = prefix(), prefix()
	if src, _ := flowerPortTypes(f.IPProto); src != 0 {
		f.SrcPort, f.SrcPortMask, f.DstPort, f.DstPortMask = u16(c), u16(c), u16(c), u16(c)
	}
	for _, m := range []struct{ a, mask *net.HardwareAddr }{{&f.DstMAC, &f.DstMACMask}, {&f.SrcMAC, &f.SrcMACMask}} {
		if c.Intn(3) == 0 {
			*m.a = mac(c)
			*m.mask = maybe(c, 2, func() net.HardwareAddr { return mac(c) })
		}
	}
	if c.Intn(4) == 0 {
		f.VLANID, f.HasVLANPrio, f.VLANPrio = uint16(upTo(c, 4095)), c.RandBool(), uint8(upTo(c, 7))
		f.VLANEthType = maybe(c, 4, func() uint16 { return pick(c, ProtoIP, ProtoIPv6, ProtoARP) })
	}
	if c.Intn(4) == 0 {
		f.EthType = pick(c, ProtoIP, ProtoIPv6, Proto8021Q, ProtoARP, 0x88a8)
	}
	c.Fuzz(&f.Actions)
}
