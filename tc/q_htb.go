package tc

import (
	"math"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_HTB_* (pkt_sched.h).
const (
	htbParms      = 1
	htbInit       = 2
	htbCtab       = 3
	htbRtab       = 4
	htbDirectQlen = 5
	htbRate64     = 6
	htbCeil64     = 7
	htbPad        = 8
	htbOffload    = 9
)

// HTB is the hierarchy token bucket qdisc.
type HTB struct {
	Default    uint32 // minor number of the default class (tc's "default 20" is 0x20)
	R2Q        uint32 // rate to quantum divisor; 0 means 10
	DirectQlen uint32 // direct queue limit in packets; 0 keeps the default
}

// Kind returns "htb".
func (HTB) Kind() string { return "htb" }

func (q HTB) appendQdisc(b *wire.Builder) error {
	r2q := q.R2Q
	if r2q == 0 {
		r2q = 10
	}
	n := b.Nest(uapi.TCA_OPTIONS)
	var g [20]byte
	putU32s(g[:], 3, r2q, q.Default) // version TC_HTB_PROTOVER
	b.PutBytes(htbInit, g[:])
	if q.DirectQlen != 0 {
		b.PutUint32(htbDirectQlen, q.DirectQlen)
	}
	b.EndNest(n)
	return nil
}

// HTBClass is a class of an HTB qdisc. Rates are bytes per second;
// rates from 2^32 bytes/s (34 Gbit) up go in the 64-bit attributes.
// Burst sizes default, as tc's, to rate/HZ + MTU.
type HTBClass struct {
	Rate     uint64 // guaranteed rate; required
	Ceil     uint64 // maximum rate; 0 means Rate
	Burst    uint32 // bytes at Rate; 0 means the default
	Cburst   uint32 // bytes at Ceil; 0 means the default
	Prio     uint32 // 0 (highest) .. 7
	Quantum  uint32 // bytes; 0 lets the kernel derive it from r2q
	MTU      uint32 // for the rate tables; 0 means 1600
	MPU      uint16 // minimum packet unit
	Overhead uint16 // per-packet overhead
}

// Kind returns "htb".
func (HTBClass) Kind() string { return "htb" }

func (c HTBClass) appendClass(b *wire.Builder) error {
	if c.Rate == 0 {
		return &ParamError{Kind: "htb", Param: "rate", Reason: "missing required parameter"}
	}
	ceil := c.Ceil
	if ceil == 0 {
		ceil = c.Rate
	}
	mtu := c.MTU
	if mtu == 0 {
		mtu = 1600
	}
	burst, cburst := uint64(c.Burst), uint64(c.Cburst)
	if burst == 0 {
		burst = c.Rate/clockHz + uint64(mtu)
	}
	if cburst == 0 {
		cburst = ceil/clockHz + uint64(mtu)
	}
	var rtab, ctab [1024]byte
	rs := rateTable(&rtab, c.Rate, mtu, c.MPU, c.Overhead, LinkLayerEthernet)
	cs := rateTable(&ctab, ceil, mtu, c.MPU, c.Overhead, LinkLayerEthernet)
	var o [44]byte
	rs.put(o[0:])
	cs.put(o[12:])
	putU32s(o[24:], xmitTime(c.Rate, burst), xmitTime(ceil, cburst), c.Quantum, 0, c.Prio)
	n := b.Nest(uapi.TCA_OPTIONS)
	if c.Rate > math.MaxUint32 {
		b.PutUint64(htbRate64, c.Rate)
	}
	if ceil > math.MaxUint32 {
		b.PutUint64(htbCeil64, ceil)
	}
	b.PutBytes(htbParms, o[:])
	b.PutBytes(htbRtab, rtab[:])
	b.PutBytes(htbCtab, ctab[:])
	b.EndNest(n)
	return nil
}

func decodeHTB(o []byte) QdiscOptions {
	var q HTB
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case htbInit:
			q.R2Q, q.Default = u32At(a.Value, 4), u32At(a.Value, 8)
		case htbDirectQlen:
			q.DirectQlen = au32(a)
		}
	})
	return q
}

func decodeHTBClass(o []byte) ClassOptions {
	var c HTBClass
	var bufTicks, cbufTicks uint32
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case htbParms:
			if len(a.Value) < 44 {
				return
			}
			r, ce := getRatespec(a.Value), getRatespec(a.Value[12:])
			if c.Rate == 0 {
				c.Rate = uint64(r.rate)
			}
			if c.Ceil == 0 {
				c.Ceil = uint64(ce.rate)
			}
			c.MPU, c.Overhead = r.mpu, r.overhead
			bufTicks, cbufTicks = u32At(a.Value, 24), u32At(a.Value, 28)
			c.Quantum, c.Prio = u32At(a.Value, 32), u32At(a.Value, 40)
		case htbRate64:
			c.Rate = au64(a)
		case htbCeil64:
			c.Ceil = au64(a)
		}
	})
	c.Burst = uint32(xmitSize(c.Rate, bufTicks))
	c.Cburst = uint32(xmitSize(c.Ceil, cbufTicks))
	return c
}

var htbTable = codec.NewTable("htb", "TCA_HTB_",
	structAttr(htbParms, "TCA_HTB_PARMS", codec.NewStruct("tc_htb_opt", cat(
		ratespecFields("rate"), ratespecFields("ceil"),
		fields(codec.KindU32, "buffer", "cbuffer", "quantum", "level", "prio"))...)),
	structAttr(htbInit, "TCA_HTB_INIT", codec.NewStruct("tc_htb_glob",
		fields(codec.KindU32, "version", "rate2quantum", "defcls", "debug", "direct_pkts")...)),
	attr(htbCtab, "TCA_HTB_CTAB", codec.KindBinary),
	attr(htbRtab, "TCA_HTB_RTAB", codec.KindBinary),
	attr(htbDirectQlen, "TCA_HTB_DIRECT_QLEN", codec.KindU32),
	attr(htbRate64, "TCA_HTB_RATE64", codec.KindU64),
	attr(htbCeil64, "TCA_HTB_CEIL64", codec.KindU64),
	attr(htbPad, "TCA_HTB_PAD", codec.KindBinary),
	attr(htbOffload, "TCA_HTB_OFFLOAD", codec.KindFlag),
)

func init() {
	// struct tc_htb_xstats, a class's TCA_XSTATS, under pyroute2's names.
	codec.RegisterTCXStats("htb", true, codec.NewStruct("tc_htb_xstats",
		codec.Field{Name: "lends", Kind: codec.KindU32}, codec.Field{Name: "borrows", Kind: codec.KindU32},
		codec.Field{Name: "giants", Kind: codec.KindU32}, codec.Field{Name: "tokens", Kind: codec.KindS32},
		codec.Field{Name: "ctokens", Kind: codec.KindS32}))
	registerTable("htb", htbTable)
	register(&kindDef{
		KindInfo: KindInfo{Name: "htb", Doc: "hierarchy token bucket", Params: []Param{
			{Name: "default", Type: "int", Doc: "minor number of the default class"},
			{Name: "r2q", Type: "int", Doc: "rate to quantum divisor (default 10)"},
			{Name: "direct_qlen", Type: "int", Unit: "packets", Doc: "direct queue limit"},
		}, ClassParams: []Param{
			{Name: "rate", Type: "rate", Unit: "bytes/s", Required: true, Doc: "guaranteed rate"},
			{Name: "ceil", Type: "rate", Unit: "bytes/s", Doc: "maximum rate (default rate)"},
			{Name: "burst", Type: "size", Unit: "bytes", Doc: "burst at rate"},
			{Name: "cburst", Type: "size", Unit: "bytes", Doc: "burst at ceil"},
			{Name: "prio", Type: "int", Doc: "priority, 0..7"},
			{Name: "quantum", Type: "size", Unit: "bytes", Doc: "deficit round robin quantum"},
			{Name: "mtu", Type: "size", Unit: "bytes", Doc: "rate table MTU (default 1600)"},
			{Name: "mpu", Type: "size", Unit: "bytes", Doc: "minimum packet unit"},
			{Name: "overhead", Type: "size", Unit: "bytes", Doc: "per-packet overhead"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			return HTB{Default: k.u32("default", 0), R2Q: k.u32("r2q", 0), DirectQlen: k.u32("direct_qlen", 0)}
		},
		class: func(k *kw) ClassOptions {
			return HTBClass{Rate: k.rate("rate", 0), Ceil: k.rate("ceil", 0), Burst: k.size32("burst", 0),
				Cburst: k.size32("cburst", 0), Prio: k.u32("prio", 0), Quantum: k.size32("quantum", 0),
				MTU: k.size32("mtu", 0), MPU: uint16(k.size32("mpu", 0)), Overhead: uint16(k.size32("overhead", 0))}
		},
		decodeQdisc: decodeHTB,
		decodeClass: decodeHTBClass,
	})
}
