package rtnl_test

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
)

// ipRule is one rule as `ip -j -d rule` prints it.
type ipRule struct {
	Priority   int       `json:"priority"`
	Src        string    `json:"src"`
	SrcLen     int       `json:"srclen"`
	Dst        string    `json:"dst"`
	DstLen     int       `json:"dstlen"`
	Table      string    `json:"table"`
	Action     string    `json:"action"`
	FwMark     string    `json:"fwmark"`
	FwMask     string    `json:"fwmask"`
	IIF        string    `json:"iif"`
	OIF        string    `json:"oif"`
	UIDStart   int       `json:"uid_start"`
	UIDEnd     int       `json:"uid_end"`
	IPProto    string    `json:"ipproto"`
	SPortStart int       `json:"sport_start"`
	SPortEnd   int       `json:"sport_end"`
	DPortStart int       `json:"dport_start"`
	DPortEnd   int       `json:"dport_end"`
	Not        *struct{} `json:"not"`
	Goto       int       `json:"goto"`
	Suppress   *int      `json:"suppress_prefixlen"`
	Protocol   string    `json:"protocol"`
	TOS        string    `json:"tos"`
}

func ipRuleAt(t *testing.T, ns *testutil.NetNS, family string, prio int) (ipRule, bool) {
	t.Helper()
	var rules []ipRule
	ns.RunJSON(t, &rules, family, "-d", "rule", "show")
	for _, r := range rules {
		if r.Priority == prio {
			return r, true
		}
	}
	return ipRule{}, false
}

// TestRuleReference runs every rule example of the reference, in the
// Spec form (Do) and the typed form (RuleAdd), and checks each through
// `ip -j -d rule`.
func TestRuleReference(t *testing.T) {
	r, ns := dialNS(t)
	ctx := context.Background()
	p := netip.MustParsePrefix
	cases := []struct {
		name  string
		spec  rtnl.Spec
		typed rtnl.Rule
		check func(ipRule) bool
	}{
		{"all packets via table 10", rtnl.Spec{"table": 10, "priority": 32000},
			rtnl.Rule{Table: 10, Priority: 32000},
			func(x ipRule) bool { return x.Table == "10" && x.Src == "all" }},
		{"default action unreachable", rtnl.Spec{"table": 11, "priority": 32001, "action": "FR_ACT_UNREACHABLE"},
			rtnl.Rule{Table: 11, Priority: 32001, Action: rtnl.RuleUnreachable},
			func(x ipRule) bool { return x.Action == "unreachable" }},
		{"source address", rtnl.Spec{"table": 14, "priority": 32004, "src": "10.64.75.141"},
			rtnl.Rule{Table: 14, Priority: 32004, Src: p("10.64.75.141/32")},
			func(x ipRule) bool { return x.Src == "10.64.75.141" && x.Table == "14" }},
		{"dst with dst_len", rtnl.Spec{"table": 15, "priority": 32005, "dst": "10.64.75.141", "dst_len": 24},
			rtnl.Rule{Table: 15, Priority: 32005, Dst: netip.PrefixFrom(netip.MustParseAddr("10.64.75.141"), 24)},
			func(x ipRule) bool { return strings.HasPrefix(x.Dst, "10.64.75.") && x.DstLen == 24 }},
		{"fwmark", rtnl.Spec{"table": 15, "priority": 32006, "dst": "10.64.75.141", "fwmark": 10},
			rtnl.Rule{Table: 15, Priority: 32006, Dst: p("10.64.75.141/32"), FwMark: 10},
			func(x ipRule) bool { return x.FwMark == "0xa" && x.Dst == "10.64.75.141" }},
		{"ranges ipproto iif oif mask", rtnl.Spec{"table": 1000, "priority": 200, "uid_range": "1000:1234",
			"dport_range": "80-120", "sport_range": "1024-2048", "ipproto": "tcp", "iifname": "lo",
			"fwmark": 1, "fwmask": 0xff, "not": true, "suppress_prefixlen": 0},
			rtnl.Rule{Table: 1000, Priority: 200, UIDRange: rtnl.Range{Start: 1000, End: 1234},
				DPortRange: rtnl.Range{Start: 80, End: 120}, SPortRange: rtnl.Range{Start: 1024, End: 2048}, IPProto: 6,
				IIFName: "lo", FwMark: 1, FwMask: 0xff, Invert: true, SuppressPrefixLen: rtnl.Some[uint32](0)},
			func(x ipRule) bool {
				return x.UIDStart == 1000 && x.UIDEnd == 1234 && x.DPortStart == 80 && x.DPortEnd == 120 &&
					x.SPortStart == 1024 && x.SPortEnd == 2048 && x.IPProto == "tcp" && x.IIF == "lo" &&
					x.Table == "1000" && x.Suppress != nil && *x.Suppress == 0
			}},
		{"goto", rtnl.Spec{"priority": 300, "goto": 32000, "tos": 0x10},
			rtnl.Rule{Priority: 300, Goto: 32000, TOS: 0x10},
			func(x ipRule) bool { return x.Goto == 32000 && x.TOS == "0x10" }},
		{"blackhole", rtnl.Spec{"priority": 400, "action": "blackhole", "oifname": "lo"},
			rtnl.Rule{Priority: 400, Action: rtnl.RuleBlackhole, OIFName: "lo"},
			func(x ipRule) bool { return x.Action == "blackhole" && x.OIF == "lo" }},
	}
	for _, form := range []string{"spec", "typed"} {
		for _, c := range cases {
			var err error
			if form == "spec" {
				_, err = r.Do(ctx, "rule", "add", c.spec)
			} else {
				err = r.RuleAdd(ctx, c.typed)
			}
			if err != nil {
				t.Fatalf("%s %s: %v", form, c.name, err)
			}
			prio := int(c.typed.Priority)
			got, ok := ipRuleAt(t, ns, "-4", prio)
			if !ok || !c.check(got) {
				t.Errorf("%s %s: ip rule shows %+v (found %v)", form, c.name, got, ok)
			}
			if form == "spec" {
				_, err = r.Do(ctx, "rule", "del", c.spec)
			} else {
				err = r.RuleDel(ctx, c.typed)
			}
			if err != nil {
				t.Errorf("%s %s del: %v", form, c.name, err)
			}
			if _, ok := ipRuleAt(t, ns, "-4", prio); ok {
				t.Errorf("%s %s: still there after del", form, c.name)
			}
		}
	}
	// A second add of the same rule is EEXIST.
	if err := r.RuleAdd(ctx, rtnl.Rule{Table: 10, Priority: 32000}); err != nil {
		t.Fatal(err)
	}
	if err := r.RuleAdd(ctx, rtnl.Rule{Table: 10, Priority: 32000}); !errors.Is(err, syscall.EEXIST) {
		t.Errorf("second add: %v, want EEXIST", err)
	}
	if _, err := r.Do(ctx, "rule", "add", rtnl.Spec{"table": -1}); !errors.Is(err, codec.ErrBadSpec) ||
		!strings.Contains(err.Error(), `"table"`) || !strings.Contains(err.Error(), "-1") {
		t.Errorf("table -1: %v", err)
	}
}

// TestRuleIPv6AndDump adds IPv6 rules (big table ids too) and reads them
// back through Rules, Do("dump") with keyword filters, and ip.
func TestRuleIPv6AndDump(t *testing.T) {
	r, ns := dialNS(t)
	ctx := context.Background()
	if _, err := r.Do(ctx, "rule", "add", rtnl.Spec{"family": 10, "table": 250, "priority": 1000, "src": "2001:db8::/32"}); err != nil {
		t.Fatal(err)
	}
	if err := r.RuleAdd(ctx, rtnl.Rule{Table: 100000, Priority: 1001, Dst: netip.MustParsePrefix("2001:db8:1::/48")}); err != nil {
		t.Fatal(err)
	}
	for prio, want := range map[int]string{1000: "250", 1001: "100000"} {
		if got, ok := ipRuleAt(t, ns, "-6", prio); !ok || got.Table != want {
			t.Errorf("ip -6 rule %d: %+v", prio, got)
		}
	}
	msgs, err := r.Do(ctx, "rule", "dump", rtnl.Spec{"family": 10, "table": 100000})
	if err != nil || len(msgs) != 1 || rtnl.AsRule(msgs[0]).Priority() != 1001 {
		t.Fatalf("dump table 100000: %d, %v", len(msgs), err)
	}
	if v := rtnl.AsRule(msgs[0]); v.Dst() != netip.MustParsePrefix("2001:db8:1::/48") || v.Table() != 100000 {
		t.Errorf("view: %v table %d", v.Dst(), v.Table())
	}
	// flush_rules(family=AF_INET6, table=250)
	n, err := r.FlushRules(ctx, rtnl.Match{"family": 10, "table": 250})
	if err != nil || n != 1 {
		t.Fatalf("flush table 250: %d, %v", n, err)
	}
	if _, ok := ipRuleAt(t, ns, "-6", 1000); ok {
		t.Error("rule of table 250 survived the flush")
	}
	if _, ok := ipRuleAt(t, ns, "-6", 1001); !ok {
		t.Error("rule of table 100000 went with the flush")
	}
}

// TestFlushRulesPredicate: flush_rules(family=AF_INET, priority=lambda
// p: 5 < p < 32000) restores the original rule count.
func TestFlushRulesPredicate(t *testing.T) {
	r, _ := dialNS(t)
	ctx := context.Background()
	before, err := r.GetRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if err := r.RuleAdd(ctx, rtnl.Rule{Table: rtnl.RouteTable(10 + i), Priority: uint32(100 + i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.Do(ctx, "rule", "add", rtnl.Spec{"family": 10, "table": 10, "priority": 500}); err != nil {
		t.Fatal(err)
	}
	n, err := r.FlushRules(ctx, rtnl.Match{"family": 2, "priority": func(p uint64) bool { return 5 < p && p < 32000 }})
	if err != nil || n != 50 {
		t.Fatalf("flush: %d, %v", n, err)
	}
	after, _ := r.GetRules(ctx)
	if len(after) != len(before)+1 { // the IPv6 rule stays
		t.Errorf("rules: %d before, %d after (want %d)", len(before), len(after), len(before)+1)
	}
	n, err = r.FlushRules(ctx, rtnl.Match{"family": 10, "priority": func(p uint64) bool { return 5 < p && p < 32000 }})
	if err != nil || n != 1 {
		t.Fatalf("flush v6: %d, %v", n, err)
	}
	if after, _ := r.GetRules(ctx); len(after) != len(before) {
		t.Errorf("rules: %d before, %d at the end", len(before), len(after))
	}
}

// TestRuleL3MDev needs a vrf (VM lane).
func TestRuleL3MDev(t *testing.T) {
	testutil.RequireKernel(t, "link:vrf")
	r, ns := dialNS(t)
	ctx := context.Background()
	ns.Run(t, "link", "add", "vrf0", "type", "vrf", "table", "77")
	if err := r.RuleAdd(ctx, rtnl.Rule{Priority: 900, L3MDev: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Do(ctx, "rule", "add", rtnl.Spec{"family": 10, "priority": 900, "l3mdev": 1}); err != nil {
		t.Fatal(err)
	}
	for _, fam := range []string{"-4", "-6"} {
		if out := ns.Run(t, fam, "rule", "show", "pref", "900"); !strings.Contains(out, "l3mdev") {
			t.Errorf("%s: %q", fam, out)
		}
	}
}
