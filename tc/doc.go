// Package tc is traffic control: read it to add, change, delete and dump
// qdiscs, classes and filters with their actions. Start with [QdiscAdd],
// [ClassAdd] and [FilterAdd] (typed: [Qdisc], [Class], [Filter] with an
// Options kind such as [HTB] or [U32]), [Do] for pyroute2's keyword form,
// and [Qdiscs], [Classes] and [Filters] to read them back. Attaching an
// eBPF program at the clsact hooks is simpler through package bpf; links
// and routes are package rtnl.
//
// Package tc is traffic control on top of rtnl: qdiscs, classes, filters
// and actions, one file per kind as iproute2 lays them out (q_htb.go,
// f_u32.go, m_mirred.go).
//
// Two ways in, as everywhere in nlroute. Typed:
//
//	tc.QdiscAdd(ctx, r, tc.Qdisc{Link: idx, Handle: tc.MustParseHandle("1:"), Options: tc.HTB{Default: 0x20}})
//
// and pyroute2's keyword form, checked keyword by keyword before anything
// is sent:
//
//	tc.Do(ctx, r, "add-class", "htb", idx, "1:10", rtnl.Spec{"parent": "1:1", "rate": "192kbit", "burst": 6144})
//
// Each kind is its own type behind a sealed interface (QdiscOptions,
// ClassOptions, FilterOptions, Action). Kinds() and Help() are the
// catalogue. Qdiscs, Classes and Filters dump and decode.
//
// Units: rates are bytes per second as integers, or strings with tc's
// units ("10mbit"); sizes bytes ("6k"); times microseconds ("400ms").
// Times go to the kernel in its unit, truncated: whole microseconds for
// most kinds (netem's delay and jitter in nanoseconds, sfq's perturb in
// seconds). A negative time, or a non-zero one under that unit — it
// would go as 0, which the kernel reads as "default" or "off" — is a
// *ParamError naming the keyword, before anything is sent. (tc's
// get_time knows no "ns" and truncates "0.5us" to 0; this package
// refuses such a value instead of sending 0.)
// Rate tables, bursts in ticks and RED constants are computed as tc
// computes them.
//
// For kinds whose TCA_OPTIONS is an attribute chain, this package
// registers a codec table (codec.RegisterTCOptions) so codec.Msg decodes,
// renders and round-trips them; kinds whose options are a bare C struct
// (pfifo, bfifo, prio, sfq, hfsc's qdisc, multiq) are decoded here only.
package tc
