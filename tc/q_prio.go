package tc

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// defaultPriomap is the map of DefaultPriomap; never changed.
var defaultPriomap = [16]uint8{1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}

// DefaultPriomap returns the priority-to-band map prio and pfifo_fast
// use unless told otherwise (a copy: the array is returned by value).
func DefaultPriomap() [16]uint8 { return defaultPriomap }

// Prio is the classful priority qdisc: Bands bands (classes maj:1 …),
// packets sorted by their priority through Priomap. Its options are a
// bare struct tc_prio_qopt.
type Prio struct {
	Bands   uint32     // 2..16; 0 means 3
	Priomap *[16]uint8 // nil means DefaultPriomap
}

// Kind returns "prio".
func (Prio) Kind() string { return "prio" }

func (q Prio) appendQdisc(b *wire.Builder) error {
	bands := q.Bands
	if bands == 0 {
		bands = 3
	}
	if bands < 2 || bands > 16 {
		return &ParamError{Kind: "prio", Param: "bands", Value: bands, Reason: "must be 2..16"}
	}
	pm := &defaultPriomap
	if q.Priomap != nil {
		pm = q.Priomap
	}
	var o [20]byte
	binary.NativeEndian.PutUint32(o[:], bands)
	for i, band := range pm {
		if uint32(band) >= bands {
			return &ParamError{Kind: "prio", Param: "priomap", Value: int(band), Reason: fmt.Sprintf("band out of range for %d bands", bands)}
		}
		o[4+i] = band
	}
	b.PutBytes(uapi.TCA_OPTIONS, o[:])
	return nil
}

// MultiQ is the multiqueue qdisc: one band per hardware queue. Its
// options (struct tc_multiq_qopt) are filled in by the kernel.
type MultiQ struct{}

// Kind returns "multiq".
func (MultiQ) Kind() string { return "multiq" }

func (MultiQ) appendQdisc(b *wire.Builder) error {
	var o [4]byte
	b.PutBytes(uapi.TCA_OPTIONS, o[:])
	return nil
}

// arrayFields names the n elements of a C array inside a struct
// "name_0" … "name_<n-1>" (codec structs hold integers only).
func arrayFields(k codec.Kind, name string, n int) []codec.Field {
	f := make([]codec.Field, n)
	for i := range f {
		f[i] = codec.Field{Name: name + "_" + strconv.Itoa(i), Kind: k}
	}
	return f
}

// prioQopt is struct tc_prio_qopt: prio's and pfifo_fast's options, fq's
// TCA_FQ_PRIOMAP.
var prioQopt = codec.NewStruct("tc_prio_qopt", cat(
	[]codec.Field{{Name: "bands", Kind: codec.KindU32}}, codec.ListFields("priomap", codec.KindU8, 16))...)

func init() {
	codec.RegisterTCOptionsStruct("prio", prioQopt, nil)
	codec.RegisterTCOptionsStruct("multiq", codec.NewStruct("tc_multiq_qopt",
		codec.Field{Name: "bands", Kind: codec.KindU16}, codec.Field{Name: "max_bands", Kind: codec.KindU16}), nil)
	register(&kindDef{
		KindInfo: KindInfo{Name: "prio", Doc: "classful priority bands", Params: []Param{
			{Name: "bands", Type: "int", Doc: "number of bands, 2..16 (default 3)"},
			{Name: "priomap", Type: "list", Doc: "16 band numbers, one per packet priority"},
		}},
		qdisc: func(k *kw) QdiscOptions {
			q := Prio{Bands: k.u32("bands", 0)}
			if v, ok := k.get("priomap"); ok {
				l, isList := v.([]any)
				if !isList || len(l) != 16 {
					k.fail("priomap", v, "not a list of 16 bands")
					return q
				}
				var pm [16]uint8
				for i, x := range l {
					u, err := toUint(x)
					if err != nil || u > 15 {
						k.fail("priomap", v, "bad band")
					}
					pm[i] = uint8(u)
				}
				q.Priomap = &pm
			}
			return q
		},
		decodeQdisc: func(o []byte) QdiscOptions {
			q := Prio{Bands: u32At(o, 0)}
			if len(o) >= 20 {
				var pm [16]uint8
				copy(pm[:], o[4:20])
				q.Priomap = &pm
			}
			return q
		},
	})
	register(&kindDef{KindInfo: KindInfo{Name: "multiq", Doc: "one band per hardware queue"},
		qdisc:       func(k *kw) QdiscOptions { return MultiQ{} },
		decodeQdisc: func(o []byte) QdiscOptions { return MultiQ{} }})
}
