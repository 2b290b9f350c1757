package rtnl

import (
	"context"
	"net/netip"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
)

// RuleView is a borrowed view of one routing rule (RTM_NEWRULE, struct
// fib_rule_hdr), read in place without allocating; valid as long as the
// message it views (see [LinkView]).
type RuleView struct{ m *codec.Msg }

// AsRule views m, a message decoded with codec.Rule, as a rule.
func AsRule(m *codec.Msg) RuleView { return RuleView{m} }

// Msg returns the underlying message, for generic access (uid and port
// ranges, ipproto …).
func (r RuleView) Msg() *codec.Msg {
	checkView(r.m, "RuleView")
	return r.m
}

// Clone returns a view over a copy of the message, valid forever.
func (r RuleView) Clone() RuleView {
	checkView(r.m, "RuleView")
	return RuleView{r.m.Clone()}
}

// Family returns the rule's family.
func (r RuleView) Family() uint8 {
	checkView(r.m, "RuleView")
	return fixedU8(r.m, 0)
}

// DstLen and SrcLen return the selector prefix lengths.
func (r RuleView) DstLen() int {
	checkView(r.m, "RuleView")
	return int(fixedU8(r.m, 1))
}

// SrcLen returns the source selector's prefix length.
func (r RuleView) SrcLen() int {
	checkView(r.m, "RuleView")
	return int(fixedU8(r.m, 2))
}

// TOS returns the TOS selector.
func (r RuleView) TOS() uint8 {
	checkView(r.m, "RuleView")
	return fixedU8(r.m, 3)
}

// Action returns the action (FR_ACT_TO_TBL, FR_ACT_GOTO …).
func (r RuleView) Action() uint8 {
	checkView(r.m, "RuleView")
	return fixedU8(r.m, 7)
}

// Flags returns the rule flags (FIB_RULE_INVERT …).
func (r RuleView) Flags() uint32 {
	checkView(r.m, "RuleView")
	return fixedU32(r.m, 8)
}

// Table returns FRA_TABLE when present, the header's table otherwise.
// A table 0 reads as TableUnspec.
func (r RuleView) Table() RouteTable {
	checkView(r.m, "RuleView")

	if a, ok := r.m.RawAttr(uapi.FRA_TABLE); ok {
		if t, ok := a.Uint32(); ok {
			return tableOf(t)
		}
	}
	return tableOf(uint32(fixedU8(r.m, 4)))
}

// Priority returns FRA_PRIORITY, the rule's preference.
func (r RuleView) Priority() uint32 {
	checkView(r.m, "RuleView")
	return attrU32(r.m, uapi.FRA_PRIORITY)
}

// FwMark returns FRA_FWMARK.
func (r RuleView) FwMark() uint32 {
	checkView(r.m, "RuleView")
	return attrU32(r.m, uapi.FRA_FWMARK)
}

// FwMask returns FRA_FWMASK.
func (r RuleView) FwMask() uint32 {
	checkView(r.m, "RuleView")
	return attrU32(r.m, uapi.FRA_FWMASK)
}

// Goto returns FRA_GOTO, the target priority of a goto rule.
func (r RuleView) Goto() uint32 {
	checkView(r.m, "RuleView")
	return attrU32(r.m, uapi.FRA_GOTO)
}

// Proto returns FRA_PROTOCOL (absent or 0 reads as ProtoUnspec).
func (r RuleView) Proto() RouteProtocol {
	checkView(r.m, "RuleView")
	return protoOf(attrU8(r.m, uapi.FRA_PROTOCOL))
}

// IIFName returns FRA_IIFNAME. It borrows.
func (r RuleView) IIFName() []byte {
	checkView(r.m, "RuleView")
	return attrString(r.m, uapi.FRA_IIFNAME)
}

// OIFName returns FRA_OIFNAME. It borrows.
func (r RuleView) OIFName() []byte {
	checkView(r.m, "RuleView")
	return attrString(r.m, uapi.FRA_OIFNAME)
}

// Src returns FRA_SRC with the source prefix length; invalid when absent.
func (r RuleView) Src() netip.Prefix {
	checkView(r.m, "RuleView")
	return rulePrefix(r.m, uapi.FRA_SRC, r.SrcLen())
}

// Dst returns FRA_DST with the destination prefix length.
func (r RuleView) Dst() netip.Prefix {
	checkView(r.m, "RuleView")
	return rulePrefix(r.m, uapi.FRA_DST, r.DstLen())
}

func rulePrefix(m *codec.Msg, t uint16, bits int) netip.Prefix {
	a := attrAddr(m, t)
	if !a.IsValid() || bits > a.BitLen() {
		return netip.Prefix{}
	}
	return netip.PrefixFrom(a, bits)
}

// Rules dumps the routing rules (RTM_GETRULE), as pyroute2's get_rules:
// every family unless "family" is given, which the kernel filters (the
// only rule filter it takes). See [Iterator].
func (r *IPRoute) Rules(ctx context.Context, filters ...Matcher) Iterator[RuleView] {
	return typed[RuleView](ctx, r, "rule dump", codec.Rule, filters, reqRule)
}

// GetRules is Rules collected: owned views in a slice.
func (r *IPRoute) GetRules(ctx context.Context, filters ...Matcher) ([]RuleView, error) {
	it := r.Rules(ctx, filters...)
	return it.Collect()
}
