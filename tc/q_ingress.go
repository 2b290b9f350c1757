package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// Ingress is the ingress qdisc: a hook for filters on received packets
// (parent ffff:fff1, handle ffff:0 by default; filters attach to ffff:).
type Ingress struct{}

// Clsact is the clsact qdisc: ingress and egress hooks for
// direct-action filters (parents ffff:fff2 and ffff:fff3).
type Clsact struct{}

// MQ is the multiqueue root qdisc: one child per hardware queue.
type MQ struct{}

// Kind returns "ingress".
func (Ingress) Kind() string { return "ingress" }

// Kind returns "clsact".
func (Clsact) Kind() string { return "clsact" }

// Kind returns "mq".
func (MQ) Kind() string { return "mq" }

func (Ingress) appendQdisc(b *wire.Builder) error { return nil }
func (Clsact) appendQdisc(b *wire.Builder) error  { return nil }
func (MQ) appendQdisc(b *wire.Builder) error      { return nil }

func init() {
	// Both dump an empty TCA_OPTIONS nest.
	registerTable("ingress", codec.NewTable("ingress", "TCA_INGRESS_"))
	registerTable("clsact", codec.NewTable("clsact", "TCA_CLSACT_"))
	register(&kindDef{KindInfo: KindInfo{Name: "ingress", Doc: "ingress filter hook"},
		qdisc: func(*kw) QdiscOptions { return Ingress{} }, decodeQdisc: func([]byte) QdiscOptions { return Ingress{} }})
	register(&kindDef{KindInfo: KindInfo{Name: "clsact", Doc: "ingress and egress filter hooks (ffff:fff2, ffff:fff3)"},
		qdisc: func(*kw) QdiscOptions { return Clsact{} }, decodeQdisc: func([]byte) QdiscOptions { return Clsact{} }})
	register(&kindDef{KindInfo: KindInfo{Name: "mq", Doc: "multiqueue root: one child per hardware queue"},
		qdisc: func(*kw) QdiscOptions { return MQ{} }, decodeQdisc: func([]byte) QdiscOptions { return MQ{} }})
}
