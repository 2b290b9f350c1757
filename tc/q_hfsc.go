package tc

import (
	"encoding/binary"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_HFSC_* (pkt_sched.h).
const (
	hfscRSC = 1
	hfscFSC = 2
	hfscUSC = 3
)

// HFSC is the hierarchical fair service curve qdisc. Its option is a
// bare struct tc_hfsc_qopt (the default class).
type HFSC struct {
	Default uint16 // minor number of the default class
}

// Curve is an HFSC service curve: rate M1 (bytes/s) for D, then M2. On
// the wire the rates saturate at 2^32-1 bytes/s and D, in whole
// microseconds, at 2^32-1 µs. A negative D, or a non-zero one under 1µs,
// is a *ParamError for "rsc.d" (or "fsc.d", "usc.d").
type Curve struct {
	M1 uint64
	D  time.Duration
	M2 uint64
}

// HFSCClass is a class of HFSC: its real-time (RSC), link-sharing (FSC)
// and upper-limit (USC) curves; a zero curve is not sent.
type HFSCClass struct {
	RSC, FSC, USC Curve
}

// Kind returns "hfsc".
func (HFSC) Kind() string { return "hfsc" }

// Kind returns "hfsc".
func (HFSCClass) Kind() string { return "hfsc" }

func (q HFSC) appendQdisc(b *wire.Builder) error {
	var o [2]byte // struct tc_hfsc_qopt: host order
	binary.NativeEndian.PutUint16(o[:], q.Default)
	b.PutBytes(uapi.TCA_OPTIONS, o[:])
	return nil
}

func (c HFSCClass) appendClass(b *wire.Builder) error {
	if c.RSC == (Curve{}) && c.FSC == (Curve{}) {
		return &ParamError{Kind: "hfsc", Param: "rsc", Reason: "missing required parameter (rsc or fsc)"}
	}
	if err := checkTimes("hfsc", time.Microsecond, timeParam{"rsc.d", c.RSC.D}, timeParam{"fsc.d", c.FSC.D},
		timeParam{"usc.d", c.USC.D}); err != nil {
		return err
	}
	n := b.Nest(uapi.TCA_OPTIONS)
	for _, sc := range []struct {
		t uint16
		c Curve
	}{{hfscRSC, c.RSC}, {hfscFSC, c.FSC}, {hfscUSC, c.USC}} {
		if sc.c == (Curve{}) {
			continue
		}
		var p [12]byte
		d := min(sc.c.D/time.Microsecond, 0xffffffff) // saturate, as the rates do, not wrap
		putU32s(p[:], uint32(min(sc.c.M1, 0xffffffff)), uint32(d), uint32(min(sc.c.M2, 0xffffffff)))
		b.PutBytes(sc.t, p[:])
	}
	b.EndNest(n)
	return nil
}

func curveFromSpec(k *kw, name string) Curve {
	v, ok := k.get(name)
	if !ok {
		return Curve{}
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		k.fail(name, v, `not a curve map {"m1", "d", "m2"}`)
		return Curve{}
	}
	ck := newKW("hfsc", m, []Param{{Name: "m1"}, {Name: "d"}, {Name: "m2"}})
	ck.check()
	c := Curve{M1: ck.rate("m1", 0), D: ck.dur("d", 0), M2: ck.rate("m2", 0)}
	if ck.err != nil {
		pe := ck.err.(*ParamError)
		k.fail(name+"."+pe.Param, pe.Value, pe.Reason)
	}
	return c
}

func decodeHFSCClass(o []byte) ClassOptions {
	var c HFSCClass
	attrsOf(o, func(a wire.Attr) {
		v := Curve{M1: uint64(u32At(a.Value, 0)), D: time.Duration(u32At(a.Value, 4)) * time.Microsecond, M2: uint64(u32At(a.Value, 8))}
		switch a.Kind() {
		case hfscRSC:
			c.RSC = v
		case hfscFSC:
			c.FSC = v
		case hfscUSC:
			c.USC = v
		}
	})
	return c
}

func init() {
	curve := codec.NewStruct("tc_service_curve", fields(codec.KindU32, "m1", "d", "m2")...)
	registerTable("hfsc", codec.NewTable("hfsc", "TCA_HFSC_",
		structAttr(hfscRSC, "TCA_HFSC_RSC", curve), structAttr(hfscFSC, "TCA_HFSC_FSC", curve),
		structAttr(hfscUSC, "TCA_HFSC_USC", curve)))
	codec.RegisterTCQdiscOptionsStruct("hfsc", codec.NewStruct("tc_hfsc_qopt",
		codec.Field{Name: "defcls", Kind: codec.KindU16}), nil)
	curveDoc := `curve {"m1": rate, "d": time, "m2": rate}`
	register(&kindDef{
		KindInfo: KindInfo{Name: "hfsc", Doc: "hierarchical fair service curve",
			Params: []Param{{Name: "default", Type: "handle", Doc: "default class (its minor number)"}},
			ClassParams: []Param{
				{Name: "rsc", Type: "curve", Doc: "real-time " + curveDoc},
				{Name: "fsc", Type: "curve", Doc: "link-sharing " + curveDoc},
				{Name: "usc", Type: "curve", Doc: "upper-limit " + curveDoc},
			}},
		qdisc: func(k *kw) QdiscOptions { return HFSC{Default: k.handle("default", 0).Minor()} },
		class: func(k *kw) ClassOptions {
			return HFSCClass{RSC: curveFromSpec(k, "rsc"), FSC: curveFromSpec(k, "fsc"), USC: curveFromSpec(k, "usc")}
		},
		decodeQdisc: func(o []byte) QdiscOptions { return HFSC{Default: u16At(o, 0)} },
		decodeClass: decodeHFSCClass,
	})
}
