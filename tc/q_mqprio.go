package tc

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_MQPRIO_* (pkt_sched.h).
const (
	mqprioMode       = 1
	mqprioShaper     = 2
	mqprioMinRate64  = 3
	mqprioMaxRate64  = 4
	mqprioTCEntry    = 5
	mqprioQoptLen    = 82 // sizeof(struct tc_mqprio_qopt)
	mqprioMaxTC      = 16 // TC_QOPT_MAX_QUEUE
	mqprioBitmapSize = 16 // TC_QOPT_BITMASK + 1
)

// MQPrio maps packet priorities to traffic classes and traffic classes
// to ranges of hardware queues, on a multiqueue link, as root. Its
// options are a struct tc_mqprio_qopt (82 bytes, padded to 84), then
// attributes:
//
//	0        1                 17   18                50                82
//	+--------+-----------------+----+-----------------+-----------------+
//	| num_tc | prio_tc_map[16] | hw | count[16] (u16) | offset[16] (u16)|
//	+--------+-----------------+----+-----------------+-----------------+
type MQPrio struct {
	NumTC  uint8     // traffic classes, 1..16; required
	Map    [16]uint8 // priority → traffic class
	Count  [16]uint16
	Offset [16]uint16 // traffic class i uses queues Offset[i] … Offset[i]+Count[i]-1
	HW     uint8      // 1: offload to hardware (default 0: software)
}

// Kind returns "mqprio".
func (MQPrio) Kind() string { return "mqprio" }

func (q MQPrio) appendQdisc(b *wire.Builder) error {
	if q.NumTC == 0 || q.NumTC > mqprioMaxTC {
		return &ParamError{Kind: "mqprio", Param: "num_tc", Value: q.NumTC, Reason: "must be 1..16"}
	}
	for i, tc := range q.Map {
		if tc >= q.NumTC {
			return &ParamError{Kind: "mqprio", Param: "map", Value: int(tc), Reason: fmt.Sprintf("priority %d: class out of range for %d classes", i, q.NumTC)}
		}
	}
	var o [mqprioQoptLen]byte
	o[0] = q.NumTC
	copy(o[1:17], q.Map[:])
	o[17] = q.HW
	for i := range mqprioMaxTC {
		binary.NativeEndian.PutUint16(o[18+2*i:], q.Count[i]) // host order, as the kernel reads it
		binary.NativeEndian.PutUint16(o[50+2*i:], q.Offset[i])
	}
	n := b.Nest(uapi.TCA_OPTIONS)
	b.PutFixed(o[:])
	b.EndNest(n)
	return nil
}

func decodeMQPrio(o []byte) QdiscOptions {
	var q MQPrio
	if len(o) < mqprioQoptLen {
		return q
	}
	q.NumTC, q.HW = o[0], o[17]
	copy(q.Map[:], o[1:17])
	for i := range mqprioMaxTC {
		q.Count[i], q.Offset[i] = u16At(o, 18+2*i), u16At(o, 50+2*i)
	}
	return q
}

func init() {
	st := codec.NewStruct("tc_mqprio_qopt", cat([]codec.Field{{Name: "num_tc", Kind: codec.KindU8}},
		arrayFields(codec.KindU8, "prio_tc_map", mqprioBitmapSize), []codec.Field{{Name: "hw", Kind: codec.KindU8}},
		arrayFields(codec.KindU16, "count", mqprioMaxTC), arrayFields(codec.KindU16, "offset", mqprioMaxTC))...)
	if st.Size != mqprioQoptLen {
		panic("tc: tc_mqprio_qopt layout")
	}
	codec.RegisterTCOptionsStruct("mqprio", st, codec.NewTable("mqprio", "TCA_MQPRIO_",
		attr(mqprioMode, "TCA_MQPRIO_MODE", codec.KindU16),
		attr(mqprioShaper, "TCA_MQPRIO_SHAPER", codec.KindU16),
		nestAttr(mqprioMinRate64, "TCA_MQPRIO_MIN_RATE64", codec.NewTable("mqprio_min_rate", "TCA_MQPRIO_",
			attr(1, "TCA_MQPRIO_MIN_RATE64", codec.KindU64))),
		nestAttr(mqprioMaxRate64, "TCA_MQPRIO_MAX_RATE64", codec.NewTable("mqprio_max_rate", "TCA_MQPRIO_",
			attr(1, "TCA_MQPRIO_MAX_RATE64", codec.KindU64))),
		nestAttr(mqprioTCEntry, "TCA_MQPRIO_TC_ENTRY", codec.NewTable("mqprio_tc_entry", "TCA_MQPRIO_TC_ENTRY_",
			attr(1, "TCA_MQPRIO_TC_ENTRY_INDEX", codec.KindU32), attr(2, "TCA_MQPRIO_TC_ENTRY_FP", codec.KindU32)))))
	register(&kindDef{
		KindInfo: KindInfo{Name: "mqprio", Doc: "priorities to traffic classes to hardware queue ranges (root of a multiqueue link)", Params: []Param{
			{Name: "num_tc", Type: "int", Required: true, Doc: "number of traffic classes, 1..16"},
			{Name: "map", Type: "list", Doc: "traffic class of each priority 0..15 (missing ones: 0)"},
			{Name: "queues", Type: "list", Doc: `"count@offset" per traffic class`},
			{Name: "hw", Type: "int", Doc: "1: offload to hardware (default 0)"},
		}},
		qdisc:       mqprioFromSpec,
		decodeQdisc: decodeMQPrio,
	})
}

func mqprioFromSpec(k *kw) QdiscOptions {
	q := MQPrio{NumTC: k.u8("num_tc", 0), HW: k.u8("hw", 0)}
	if v, ok := k.get("map"); ok {
		l, isList := v.([]any)
		if !isList || len(l) > 16 {
			k.fail("map", v, "not a list of up to 16 traffic classes")
			return q
		}
		for i, x := range l {
			u, err := toUint(x)
			if err != nil || u > 15 {
				k.fail("map", v, "bad traffic class")
			}
			q.Map[i] = uint8(u)
		}
	}
	if v, ok := k.get("queues"); ok {
		l, isList := v.([]any)
		if !isList || len(l) > 16 {
			k.fail("queues", v, `not a list of up to 16 "count@offset"`)
			return q
		}
		for i, x := range l {
			s, _ := x.(string)
			c, off, found := strings.Cut(s, "@")
			cn, err1 := toUint(c)
			on, err2 := toUint(off)
			if !found || err1 != nil || err2 != nil || cn > 0xffff || on > 0xffff {
				k.fail("queues", x, `not "count@offset"`)
				return q
			}
			q.Count[i], q.Offset[i] = uint16(cn), uint16(on)
		}
	}
	return q
}
