package codec

import (
	"fmt"

	"github.com/nlroute/nlroute/wire"

	"github.com/nlroute/nlroute/internal/uapi"
)

// TC is the schema of qdisc, class, filter and chain messages
// (RTM_*QDISC, RTM_*TCLASS, RTM_*TFILTER, RTM_*CHAIN): struct tcmsg and
// the TCA_* attributes (pyroute2's tcmsg).
//
// TCA_OPTIONS depends on TCA_KIND. This package knows no kind: the tc
// package registers one table per kind with RegisterTCOptions from its
// init functions, or, for options that are a bare struct (pfifo's
// tc_fifo_qopt) or a struct followed by attributes (netem's
// tc_netem_qopt), one struct with RegisterTCOptionsStruct. Until a kind is
// registered its TCA_OPTIONS decodes as a nested value with no table
// (Value.Nest().Table() is nil: every attribute inside reads as unknown)
// and round-trips byte for byte. TCA_XSTATS and TCA_STATS_APP, also
// kind-dependent, stay binary.
var TC = &Schema{
	Name:   "tc",
	Header: TcMsg,
	Attrs:  tcAttrs,
	Events: []Event{
		{uapi.RTM_NEWQDISC, "RTM_NEWQDISC"},
		{uapi.RTM_DELQDISC, "RTM_DELQDISC"},
		{uapi.RTM_GETQDISC, "RTM_GETQDISC"},
		{uapi.RTM_NEWTCLASS, "RTM_NEWTCLASS"},
		{uapi.RTM_DELTCLASS, "RTM_DELTCLASS"},
		{uapi.RTM_GETTCLASS, "RTM_GETTCLASS"},
		{uapi.RTM_NEWTFILTER, "RTM_NEWTFILTER"},
		{uapi.RTM_DELTFILTER, "RTM_DELTFILTER"},
		{uapi.RTM_GETTFILTER, "RTM_GETTFILTER"},
		{uapi.RTM_NEWCHAIN, "RTM_NEWCHAIN"},
		{uapi.RTM_DELCHAIN, "RTM_DELCHAIN"},
		{uapi.RTM_GETCHAIN, "RTM_GETCHAIN"},
	},
	FamilyField: "family",
}

// tcOptions maps TCA_KIND to the table of TCA_OPTIONS; filled by
// RegisterTCOptions during package initialisation only. tcOptionSpecs
// and tcQdiscSpecs hold the kinds whose options start with a struct
// (RegisterTCOptionsStruct), the latter for qdisc messages only.
var (
	tcOptions     = map[string]*Table{}
	tcOptionSpecs = map[string]*AttrSpec{}
	tcQdiscSpecs  = map[string]*AttrSpec{}

	// tcXStats holds the structs of TCA_XSTATS by message type and kind
	// (RegisterTCXStats), tcStats2 the TCA_STATS2 whose TCA_STATS_APP
	// (the same bytes) is that struct.
	tcXStats = map[wire.MsgType]map[string]*AttrSpec{
		uapi.RTM_NEWQDISC: {}, uapi.RTM_NEWTCLASS: {},
	}
	tcStats2 = map[wire.MsgType]map[string]*AttrSpec{
		uapi.RTM_NEWQDISC: {}, uapi.RTM_NEWTCLASS: {},
	}
)

// RegisterTCXStats makes the TCA_XSTATS of kind's qdiscs (class false) or
// classes (class true) the struct st (htb's tc_htb_xstats …), and
// TCA_STATS2's TCA_STATS_APP (the same bytes) too, so they decode and
// render by field as pyroute2 does; bytes of another length stay hex. It must be called from an init function. It panics if the
// kind is registered twice for the same messages or st is nil.
func RegisterTCXStats(kind string, class bool, st *Struct) {
	if st == nil {
		panic("codec: RegisterTCXStats(" + kind + "): nil struct")
	}
	ev := wire.MsgType(uapi.RTM_NEWQDISC)
	if class {
		ev = uapi.RTM_NEWTCLASS
	}
	if _, dup := tcXStats[ev][kind]; dup {
		panic(fmt.Sprintf("codec: RegisterTCXStats: kind %q registered twice", kind))
	}
	sp := structAttr(uapi.TCA_XSTATS, "TCA_XSTATS", st)
	sp.short = "xstats"
	tcXStats[ev][kind] = &sp
	s2 := nested(uapi.TCA_STATS2, "TCA_STATS2", tcStats2Table(kind, st))
	s2.short = "stats2"
	tcStats2[ev][kind] = &s2
}

// RegisterTCOptionsStruct makes the TCA_OPTIONS of kind a struct st
// (pfifo's tc_fifo_qopt, sfq's tc_sfq_qopt_v1) or, when t is non-nil, the
// struct padded to 4 bytes and followed by attributes of t (netem's
// tc_netem_qopt and TCA_NETEM_*), for decoding (Value.Field reads the
// struct, Value.Nest the chain), rendering (the fields, then "attrs") and
// Spec encoding (one map of field names and keywords). It must be called
// from an init function. It panics if kind is registered twice (either
// way) or st is nil.
func RegisterTCOptionsStruct(kind string, st *Struct, t *Table) {
	registerTCSpec(tcOptionSpecs, "RegisterTCOptionsStruct", kind, st, t)
	if _, dup := tcOptions[kind]; dup {
		panic(fmt.Sprintf("codec: RegisterTCOptionsStruct: kind %q registered twice", kind))
	}
}

// RegisterTCQdiscOptionsStruct is RegisterTCOptionsStruct for the qdisc
// messages (RTM_NEWQDISC, RTM_DELQDISC, RTM_GETQDISC) of kind only, for
// kinds whose qdisc options are a struct but whose class options are a
// chain registered with RegisterTCOptions (hfsc's tc_hfsc_qopt).
func RegisterTCQdiscOptionsStruct(kind string, st *Struct, t *Table) {
	registerTCSpec(tcQdiscSpecs, "RegisterTCQdiscOptionsStruct", kind, st, t)
}

func registerTCSpec(m map[string]*AttrSpec, fn, kind string, st *Struct, t *Table) {
	if st == nil {
		panic("codec: " + fn + "(" + kind + "): nil struct")
	}
	if _, dup := m[kind]; dup {
		panic(fmt.Sprintf("codec: %s: kind %q registered twice", fn, kind))
	}
	sp := structAttr(uapi.TCA_OPTIONS, "TCA_OPTIONS", st)
	if t != nil {
		sp = structAttrs(uapi.TCA_OPTIONS, "TCA_OPTIONS", st, t)
	}
	sp.short = "options"
	m[kind] = &sp
}

// RegisterTCOptions makes t the table of TCA_OPTIONS for qdisc, class or
// filter kind ("htb", "u32" …), for decoding, rendering and Spec
// encoding. It must be called from an init function: the registry is
// read without locking once messages are decoded. It panics if kind is
// registered twice or t is nil.
func RegisterTCOptions(kind string, t *Table) {
	if t == nil {
		panic("codec: RegisterTCOptions(" + kind + "): nil table")
	}
	_, dup := tcOptions[kind]
	if _, dup2 := tcOptionSpecs[kind]; dup || dup2 {
		panic(fmt.Sprintf("codec: RegisterTCOptions: kind %q registered twice", kind))
	}
	tcOptions[kind] = t
}

var tcAttrs = NewTable("tc", "TCA_",
	attr(uapi.TCA_KIND, "TCA_KIND", KindString),
	selected(uapi.TCA_OPTIONS, "TCA_OPTIONS", &Selector{Sibling: uapi.TCA_KIND, ByName: tcOptions,
		Specs: tcOptionSpecs, EventSpecs: map[wire.MsgType]map[string]*AttrSpec{
			uapi.RTM_NEWQDISC: tcQdiscSpecs, uapi.RTM_DELQDISC: tcQdiscSpecs, uapi.RTM_GETQDISC: tcQdiscSpecs}}),
	structAttr(uapi.TCA_STATS, "TCA_STATS", TcStats),
	AttrSpec{Type: uapi.TCA_XSTATS, Name: "TCA_XSTATS", Kind: KindBinary,
		Select: &Selector{Sibling: uapi.TCA_KIND, EventSpecs: tcXStats}},
	structAttr(uapi.TCA_RATE, "TCA_RATE", TcEstimator),
	attr(uapi.TCA_FCNT, "TCA_FCNT", KindU32),
	AttrSpec{Type: uapi.TCA_STATS2, Name: "TCA_STATS2", Kind: KindNested, Nested: tcStatsAttrs,
		Select: &Selector{Sibling: uapi.TCA_KIND, EventSpecs: tcStats2, Default: tcStatsAttrs}},
	nested(uapi.TCA_STAB, "TCA_STAB", tcStabAttrs),
	attr(uapi.TCA_PAD, "TCA_PAD", KindBinary),
	attr(uapi.TCA_DUMP_INVISIBLE, "TCA_DUMP_INVISIBLE", KindFlag),
	attr(uapi.TCA_CHAIN, "TCA_CHAIN", KindU32),
	attr(uapi.TCA_HW_OFFLOAD, "TCA_HW_OFFLOAD", KindU8),
	attr(uapi.TCA_INGRESS_BLOCK, "TCA_INGRESS_BLOCK", KindU32),
	attr(uapi.TCA_EGRESS_BLOCK, "TCA_EGRESS_BLOCK", KindU32),
	structAttr(uapi.TCA_DUMP_FLAGS, "TCA_DUMP_FLAGS", nlaBitfield32),
	attr(uapi.TCA_EXT_WARN_MSG, "TCA_EXT_WARN_MSG", KindString),
)

// TCStats returns the table of TCA_STATS2 (gen_stats.h: TCA_STATS_BASIC
// …), for the nests of the same chain elsewhere: an action's
// TCA_ACT_STATS.
func TCStats() *Table { return tcStatsAttrs }

// tcStatsSpecs are TCA_STATS2's attributes (gen_stats.h); TCA_STATS_APP,
// the kind's xstats, is binary unless RegisterTCXStats gave the kind a
// table of its own (tcStats2).
var tcStatsSpecs = []AttrSpec{
	structAttr(uapi.TCA_STATS_BASIC, "TCA_STATS_BASIC", GnetStatsBasic),
	structAttr(uapi.TCA_STATS_RATE_EST, "TCA_STATS_RATE_EST", GnetStatsRateEst),
	structAttr(uapi.TCA_STATS_QUEUE, "TCA_STATS_QUEUE", GnetStatsQueue),
	attr(uapi.TCA_STATS_APP, "TCA_STATS_APP", KindBinary),
	structAttr(uapi.TCA_STATS_RATE_EST64, "TCA_STATS_RATE_EST64", GnetStatsRateEst64),
	attr(uapi.TCA_STATS_PAD, "TCA_STATS_PAD", KindBinary),
	structAttr(uapi.TCA_STATS_BASIC_HW, "TCA_STATS_BASIC_HW", GnetStatsBasic),
	attr(uapi.TCA_STATS_PKT64, "TCA_STATS_PKT64", KindU64),
}

// tcStatsAttrs is TCA_STATS2 (gen_stats.h).
var tcStatsAttrs = NewTable("tc_stats", "TCA_STATS_", tcStatsSpecs...)

// tcStats2Table is TCA_STATS2 with TCA_STATS_APP as the struct st.
func tcStats2Table(kind string, st *Struct) *Table {
	specs := append([]AttrSpec(nil), tcStatsSpecs...)
	for i := range specs {
		if specs[i].Type == uapi.TCA_STATS_APP {
			specs[i] = structAttr(uapi.TCA_STATS_APP, "TCA_STATS_APP", st)
		}
	}
	return NewTable("tc_stats_"+kind, "TCA_STATS_", specs...)
}

// tcStabAttrs is TCA_STAB: a size table.
var tcStabAttrs = NewTable("tc_stab", "TCA_STAB_",
	structAttr(uapi.TCA_STAB_BASE, "TCA_STAB_BASE", TcSizespec),
	array(uapi.TCA_STAB_DATA, "TCA_STAB_DATA", KindU16),
)

var nlaBitfield32 = NewStruct("nla_bitfield32", u32("value"), u32("selector"))
