package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// PFIFO is the packet-limited first-in first-out qdisc. Its options are a
// bare struct tc_fifo_qopt (a u32 limit), not an attribute chain.
type PFIFO struct {
	Limit uint32 // packets; 0 keeps the kernel's default (the link's txqueuelen)
}

// BFIFO is the byte-limited first-in first-out qdisc.
type BFIFO struct {
	Limit uint32 // bytes; 0 keeps the kernel's default (txqueuelen × MTU)
}

// PFIFOFast is the classic three-band default qdisc; it takes no options.
type PFIFOFast struct{}

// Kind returns "pfifo".
func (PFIFO) Kind() string { return "pfifo" }

// Kind returns "bfifo".
func (BFIFO) Kind() string { return "bfifo" }

// Kind returns "pfifo_fast".
func (PFIFOFast) Kind() string { return "pfifo_fast" }

func appendFifo(b *wire.Builder, limit uint32) error {
	if limit != 0 {
		var o [4]byte
		putU32s(o[:], limit)
		b.PutBytes(uapi.TCA_OPTIONS, o[:])
	}
	return nil
}

func (q PFIFO) appendQdisc(b *wire.Builder) error   { return appendFifo(b, q.Limit) }
func (q BFIFO) appendQdisc(b *wire.Builder) error   { return appendFifo(b, q.Limit) }
func (PFIFOFast) appendQdisc(b *wire.Builder) error { return nil }

func init() {
	fifoQopt := codec.NewStruct("tc_fifo_qopt", codec.Field{Name: "limit", Kind: codec.KindU32})
	codec.RegisterTCOptionsStruct("pfifo", fifoQopt, nil)
	codec.RegisterTCOptionsStruct("bfifo", fifoQopt, nil)
	codec.RegisterTCOptionsStruct("pfifo_head_drop", fifoQopt, nil)
	codec.RegisterTCOptionsStruct("pfifo_fast", prioQopt, nil) // dumped, never taken
	limit := func(unit string) []Param {
		return []Param{{Name: "limit", Type: "int", Unit: unit, Doc: "queue length"}}
	}
	register(&kindDef{KindInfo: KindInfo{Name: "pfifo", Doc: "packet-limited FIFO", Params: limit("packets")},
		qdisc:       func(k *kw) QdiscOptions { return PFIFO{Limit: k.u32("limit", 0)} },
		decodeQdisc: func(o []byte) QdiscOptions { return PFIFO{Limit: u32At(o, 0)} }})
	register(&kindDef{KindInfo: KindInfo{Name: "bfifo", Doc: "byte-limited FIFO", Params: limit("bytes")},
		qdisc:       func(k *kw) QdiscOptions { return BFIFO{Limit: k.size32("limit", 0)} },
		decodeQdisc: func(o []byte) QdiscOptions { return BFIFO{Limit: u32At(o, 0)} }})
	register(&kindDef{KindInfo: KindInfo{Name: "pfifo_fast", Doc: "three-band priority FIFO (the default qdisc)"},
		qdisc:       func(k *kw) QdiscOptions { return PFIFOFast{} },
		decodeQdisc: func(o []byte) QdiscOptions { return PFIFOFast{} }})
}
