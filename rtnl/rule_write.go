package rtnl

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Opt is an optional value of a typed spec whose zero value is also a
// meaningful setting (a suppress_prefixlen of 0, a bridge port priority
// of 0): the value is sent only when Set. The zero Opt is unset.
type Opt[T any] struct {
	V   T
	Set bool
}

// Some returns an Opt holding v.
func Some[T any](v T) Opt[T] { return Opt[T]{V: v, Set: true} }

// RuleAction is what a rule does when it matches (fib_rule_hdr.action).
type RuleAction uint8

// Rule actions.
const (
	RuleActionDefault RuleAction = 0                       // derived: see Rule.Action
	RuleToTable       RuleAction = uapi.FR_ACT_TO_TBL      // FR_ACT_TO_TBL: look the route up in Table
	RuleGoto          RuleAction = uapi.FR_ACT_GOTO        // FR_ACT_GOTO: jump to the rule of priority Goto
	RuleNop           RuleAction = uapi.FR_ACT_NOP         // FR_ACT_NOP
	RuleBlackhole     RuleAction = uapi.FR_ACT_BLACKHOLE   // FR_ACT_BLACKHOLE: drop silently
	RuleUnreachable   RuleAction = uapi.FR_ACT_UNREACHABLE // FR_ACT_UNREACHABLE: drop, ENETUNREACH
	RuleProhibit      RuleAction = uapi.FR_ACT_PROHIBIT    // FR_ACT_PROHIBIT: drop, EACCES
)

const (
	ruleHdrLen    = 12  // struct fib_rule_hdr
	ruleHdrFlags  = 8   // the index of its flags field
	maxTable      = 255 // the largest table the header holds
	rtTableCompat = 252 // RT_TABLE_COMPAT: the header's table when FRA_TABLE is larger
)

// Range is an inclusive range of user ids or ports (struct
// fib_rule_uid_range, struct fib_rule_port_range). The zero Range is
// unset; use the Spec form for the range 0-0.
type Range struct{ Start, End uint32 }

// Rule is a routing policy rule in typed form, pyroute2's ipr.rule(…)
// keywords as fields (the Spec keyword beside each). Zero fields are
// left out, except where an Opt says otherwise. A Rule encodes to the
// same bytes as the equivalent Spec through [IPRoute.Do] (with the
// defaults prepareRule fills), allocating nothing into a warm buffer.
type Rule struct {
	// Family is AF_INET or AF_INET6 ("family"); 0 takes the family of
	// Src or Dst, or AF_INET.
	Family   uint8
	Priority uint32     // "priority": FRA_PRIORITY; 0 lets the kernel choose
	Table    RouteTable // "table": FRA_TABLE (and the header's table); TableUnspec sends 0
	Action   RuleAction // "action"; 0: to_tbl with Table or L3MDev, goto with Goto, else nop on add and any on del
	// Src and Dst select by source and destination prefix ("src",
	// "src_len", "dst", "dst_len"); the address is sent as given.
	Src, Dst          netip.Prefix
	IIFName, OIFName  string        // "iifname", "oifname"
	FwMark, FwMask    uint32        // "fwmark", "fwmask"
	Goto              uint32        // "goto": FRA_GOTO, the priority to jump to
	TOS               uint8         // "tos"
	IPProto           uint8         // "ipproto": FRA_IP_PROTO
	Protocol          RouteProtocol // "protocol": FRA_PROTOCOL, who installed the rule
	L3MDev            bool          // "l3mdev": look up the table of the VRF device
	Invert            bool          // "not": FIB_RULE_INVERT
	SuppressPrefixLen Opt[uint32]
	UIDRange          Range // "uid_range"
	SPortRange        Range // "sport_range"
	DPortRange        Range // "dport_range"
}

func (x *Rule) family() uint8 {
	switch {
	case x.Family != 0:
		return x.Family
	case x.Dst.IsValid() && x.Dst.Addr().Is6() && !x.Dst.Addr().Is4In6(),
		x.Src.IsValid() && x.Src.Addr().Is6() && !x.Src.Addr().Is4In6():
		return uapi.AF_INET6
	}
	return uapi.AF_INET
}

// Encode appends the rule as one message of type t (RTM_NEWRULE,
// RTM_DELRULE) with flags to b. A prefix longer than its address is an
// error naming the keyword; b is then left as it was.
func (x *Rule) encodeMsg(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error {
	if !x.Table.valid() {
		return kwErr("rule", "table", x.Table, "is above 4294967295 (and not TableUnspec)")
	}
	if !x.Protocol.valid() {
		return kwErr("rule", "protocol", x.Protocol, "is above 255 (and not ProtoUnspec)")
	}
	for _, p := range [2]struct {
		key string
		p   netip.Prefix
	}{{"src", x.Src}, {"dst", x.Dst}} {
		if p.p.IsValid() && p.p.Bits() < 0 {
			return kwErr("rule", p.key, p.p, "is not a prefix")
		}
	}
	if err := x.check(); err != nil {
		return err
	}
	act := x.Action
	if act == RuleActionDefault {
		switch {
		case x.Table != 0 || x.L3MDev:
			act = RuleToTable
		case x.Goto != 0:
			act = RuleGoto
		case t == uapi.RTM_NEWRULE:
			act = RuleNop
		}
	}
	b.Begin(t, flags, seq)
	h := b.Reserve(ruleHdrLen) // struct fib_rule_hdr
	h[0] = x.family()
	if x.Dst.IsValid() {
		h[1] = uint8(x.Dst.Bits())
	}
	if x.Src.IsValid() {
		h[2] = uint8(x.Src.Bits())
	}
	h[3] = x.TOS
	if x.Table != 0 {
		h[4] = rtTableCompat
		if uint32(x.Table) <= maxTable {
			h[4] = uint8(x.Table)
		}
	}
	h[7] = uint8(act)
	if x.Invert {
		codec.FibRuleHdr.Put(h, ruleHdrFlags, uapi.FIB_RULE_INVERT)
	}
	x.attrs(b)
	b.End()
	return b.Err()
}

// attrs appends the FRA_* attributes in type order, as the Spec encoder
// does.
func (x *Rule) attrs(b *wire.Builder) {
	if x.Dst.IsValid() {
		b.PutAddr(uapi.FRA_DST, x.Dst.Addr())
	}
	if x.Src.IsValid() {
		b.PutAddr(uapi.FRA_SRC, x.Src.Addr())
	}
	if x.IIFName != "" {
		b.PutString(uapi.FRA_IIFNAME, x.IIFName)
	}
	if x.Goto != 0 {
		b.PutUint32(uapi.FRA_GOTO, x.Goto)
	}
	if x.Priority != 0 {
		b.PutUint32(uapi.FRA_PRIORITY, x.Priority)
	}
	if x.FwMark != 0 {
		b.PutUint32(uapi.FRA_FWMARK, x.FwMark)
	}
	if x.SuppressPrefixLen.Set {
		b.PutUint32(uapi.FRA_SUPPRESS_PREFIXLEN, x.SuppressPrefixLen.V)
	}
	if x.Table != 0 {
		b.PutUint32(uapi.FRA_TABLE, uint32(x.Table))
	}
	if x.FwMask != 0 {
		b.PutUint32(uapi.FRA_FWMASK, x.FwMask)
	}
	if x.OIFName != "" {
		b.PutString(uapi.FRA_OIFNAME, x.OIFName)
	}
	if x.L3MDev {
		b.PutUint8(uapi.FRA_L3MDEV, 1)
	}
	if x.UIDRange != (Range{}) {
		putRange32(b, uapi.FRA_UID_RANGE, x.UIDRange)
	}
	if x.Protocol != 0 {
		b.PutUint8(uapi.FRA_PROTOCOL, uint8(x.Protocol))
	}
	if x.IPProto != 0 {
		b.PutUint8(uapi.FRA_IP_PROTO, x.IPProto)
	}
	if x.SPortRange != (Range{}) {
		putRange16(b, uapi.FRA_SPORT_RANGE, x.SPortRange)
	}
	if x.DPortRange != (Range{}) {
		putRange16(b, uapi.FRA_DPORT_RANGE, x.DPortRange)
	}
}

// putRange32 appends struct fib_rule_uid_range; putRange16 struct
// fib_rule_port_range (host order, like every struct the kernel takes).
func putRange32(b *wire.Builder, t uint16, r Range) {
	var p [8]byte
	codec.FibRuleUIDRange.Put(p[:], 0, uint64(r.Start))
	codec.FibRuleUIDRange.Put(p[:], 1, uint64(r.End))
	b.PutBytes(t, p[:])
}

func putRange16(b *wire.Builder, t uint16, r Range) {
	var p [4]byte
	codec.FibRulePortRange.Put(p[:], 0, uint64(r.Start))
	codec.FibRulePortRange.Put(p[:], 1, uint64(r.End))
	b.PutBytes(t, p[:])
}

// execEncoded builds one request with enc into a pooled buffer, sends it
// and waits for the ack. With warm buffers it allocates nothing, whatever
// the context (enc does not escape; the builder is pooled).
func (r *IPRoute) execEncoded(ctx context.Context, op string, enc func(b *wire.Builder) error) error {
	b := r.getBuilder()
	defer r.putBuilder(b)
	if err := enc(b); err != nil {
		return wrap(op, err)
	}
	return wrapReq(op, b.Bytes(), r.c.Exec(ctx, op, b.Bytes()))
}

// queryEncoded builds one request with enc, sends it and returns the
// first message answering it, cloned (owned), decoded with s.
func (r *IPRoute) queryEncoded(ctx context.Context, op string, s *codec.Schema, enc func(b *wire.Builder) error) (*codec.Msg, error) {
	b := r.getBuilder()
	defer r.putBuilder(b)
	if err := enc(b); err != nil {
		return nil, wrap(op, err)
	}
	var it Iter
	it.start(ctx, r, op, s, b.Bytes(), false, filterSet{})
	defer it.Close()
	if !it.Next() {
		if err := it.Err(); err != nil {
			return nil, err
		}
		return nil, wrap(op, fmt.Errorf("no answer"))
	}
	m := ownedCopy(it.Msg())
	return m, it.Close()
}

// RuleAdd adds the rule (RTM_NEWRULE, NLM_F_CREATE|NLM_F_EXCL), as
// ipr.rule("add", …). The kernel's refusal is a *wire.OpError (EEXIST
// for a rule that exists). It allocates nothing with warm buffers,
// whatever the context.
func (r *IPRoute) RuleAdd(ctx context.Context, x Rule) error {
	return r.execEncoded(ctx, "rule add", func(b *wire.Builder) error {
		return x.encodeMsg(b, uapi.RTM_NEWRULE, wire.FlagCreate|wire.FlagExcl|wire.FlagAck, 0)
	})
}

// RuleDel deletes the first rule matching x (RTM_DELRULE): the kernel
// compares every field and attribute x sets (an unset action matches
// any). ENOENT when none matches.
func (r *IPRoute) RuleDel(ctx context.Context, x Rule) error {
	return r.execEncoded(ctx, "rule del", func(b *wire.Builder) error {
		return x.encodeMsg(b, uapi.RTM_DELRULE, wire.FlagAck, 0)
	})
}

// FlushRules deletes every rule that passes the filters, as pyroute2's
// flush_rules: all families unless a "family" filter says otherwise, so
// give one (and take care: no filter at all deletes every rule, the
// kernel's default ones included). Values may be predicates:
//
//	ipr.FlushRules(ctx, rtnl.Match{"family": unix.AF_INET,
//		"priority": func(p uint64) bool { return 5 < p && p < 32000 }})
//
// Each matching rule is sent back as an RTM_DELRULE carrying the
// attributes the dump gave, all in one batch. It returns how many rules
// were deleted, and the first refusal (a rule deleted meanwhile is
// ENOENT).
func (r *IPRoute) FlushRules(ctx context.Context, filters ...Matcher) (int, error) {
	const op = "rule flush"
	rules, err := r.GetRules(ctx, filters...)
	if err != nil || len(rules) == 0 {
		return 0, err
	}
	var b wire.Builder
	b.Reset(nil)
	for _, x := range rules {
		m := x.Msg()
		b.Begin(uapi.RTM_DELRULE, wire.FlagAck, 0)
		b.PutFixed(m.Fixed())
		b.PutFixed(m.AttrBytes())
		b.End()
	}
	if err := b.Err(); err != nil {
		return 0, wrap(op, err)
	}
	results := make([]error, len(rules))
	failed, err := r.c.Batch(ctx, op, b.Bytes(), results)
	if err != nil {
		return 0, wrap(op, err)
	}
	for _, e := range results {
		if e != nil {
			return len(rules) - failed, wrap(op, e)
		}
	}
	return len(rules) - failed, nil
}
