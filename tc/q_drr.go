package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

const drrQuantum = 1 // TCA_DRR_QUANTUM

// DRR is the deficit round robin qdisc; it takes no options.
type DRR struct{}

// DRRClass is a class of DRR.
type DRRClass struct {
	Quantum uint32 // bytes per round; 0 means the link's MTU
}

// Kind returns "drr".
func (DRR) Kind() string { return "drr" }

// Kind returns "drr".
func (DRRClass) Kind() string { return "drr" }

func (DRR) appendQdisc(b *wire.Builder) error {
	b.EndNest(b.Nest(uapi.TCA_OPTIONS))
	return nil
}

func (c DRRClass) appendClass(b *wire.Builder) error {
	n := b.Nest(uapi.TCA_OPTIONS)
	if c.Quantum != 0 {
		b.PutUint32(drrQuantum, c.Quantum)
	}
	b.EndNest(n)
	return nil
}

func init() {
	registerTable("drr", codec.NewTable("drr", "TCA_DRR_", attr(drrQuantum, "TCA_DRR_QUANTUM", codec.KindU32)))
	register(&kindDef{
		KindInfo: KindInfo{Name: "drr", Doc: "deficit round robin", ClassParams: []Param{
			{Name: "quantum", Type: "size", Unit: "bytes", Doc: "bytes per round (default the MTU)"},
		}},
		qdisc:       func(*kw) QdiscOptions { return DRR{} },
		class:       func(k *kw) ClassOptions { return DRRClass{Quantum: k.size32("quantum", 0)} },
		decodeQdisc: func([]byte) QdiscOptions { return DRR{} },
		decodeClass: func(o []byte) ClassOptions {
			var c DRRClass
			attrsOf(o, func(a wire.Attr) {
				if a.Kind() == drrQuantum {
					c.Quantum = au32(a)
				}
			})
			return c
		},
	})
}
