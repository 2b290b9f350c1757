package rtnl

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// The command path of routing rules, pyroute2's ipr.rule(command, …):
// keyword aliases and names (actions, IP protocols, ranges as strings)
// become what the codec encodes, and a new rule gets pyroute2's defaults.
// The first half of this file holds helpers the write side of rule,
// neigh, fdb, nexthop, vlan_filter and brport shares.

// kwErr is the *codec.SpecError of a bad keyword value of schema.
func kwErr(schema, key string, v any, why string) error {
	return &codec.SpecError{Schema: schema, Keyword: key, Value: v, Reason: why}
}

// kwClone returns a copy of spec a Prepare hook may modify.
func kwClone(spec Spec) Spec {
	out := maps.Clone(spec)
	if out == nil {
		out = Spec{}
	}
	return out
}

// kwVerb returns what command does by the package's verbs (OpGet for an
// unknown one, which Do rejects later anyway).
func kwVerb(command string) (VerbOp, bool) {
	v, ok := verbs[command]
	if !ok {
		return OpGet, false
	}
	return v.Op, v.Op == OpGet && v.Flags&wire.FlagDump == wire.FlagDump
}

// alias moves the value of the first alias found in spec to key, unless
// key is set; two spellings of one keyword are an error.
func kwAlias(schema string, spec Spec, key string, aliases ...string) error {
	for _, a := range aliases {
		v, ok := spec[a]
		if !ok {
			continue
		}
		if _, dup := spec[key]; dup {
			return kwErr(schema, a, v, "repeats keyword "+strconv.Quote(key))
		}
		spec[key] = v
		delete(spec, a)
	}
	return nil
}

// kwNames maps the names of a numeric keyword's values (lower case,
// without prefix) to their numbers.
type kwNames struct {
	prefix string // a prefix that may stand before a name ("fr_act_")
	names  map[string]uint64
	max    uint64 // the largest value accepted
}

// parse reads v as a number, a name (any case, with or without the
// prefix) or, when flags is true, a list of names and numbers, or names
// joined by "|" or ",", OR'ed together.
func (t *kwNames) parse(schema, key string, v any, flags bool) (uint64, error) {
	if u, neg, ok := asInt(v); ok {
		if neg || u > t.max {
			return 0, kwErr(schema, key, v, "is out of range (0-"+strconv.FormatUint(t.max, 10)+")")
		}
		return u, nil
	}
	switch x := v.(type) {
	case string:
		if flags && strings.ContainsAny(x, "|,") {
			fs := strings.FieldsFunc(x, func(r rune) bool { return r == '|' || r == ',' })
			for i := range fs {
				fs[i] = strings.TrimSpace(fs[i])
			}
			return parseFlagList(t, schema, key, fs)
		}
		n := strings.ToLower(strings.TrimSpace(x))
		if u, ok := t.names[strings.TrimPrefix(n, t.prefix)]; ok {
			return u, nil
		}
		if u, err := strconv.ParseUint(n, 0, 64); err == nil && u <= t.max {
			return u, nil
		}
		return 0, kwErr(schema, key, v, "is not a known name (one of "+t.list()+")")
	case []string:
		if flags {
			return parseFlagList(t, schema, key, x)
		}
	case []any:
		if flags {
			return parseFlagList(t, schema, key, x)
		}
	}
	return 0, kwErr(schema, key, v, "is not a number or a name")
}

// parseFlagList ORs the values of a list of names and numbers.
func parseFlagList[E any](t *kwNames, schema, key string, items []E) (uint64, error) {
	var out uint64
	for _, it := range items {
		u, err := t.parse(schema, key, it, false)
		if err != nil {
			return 0, err
		}
		out |= u
	}
	return out, nil
}

func (t *kwNames) list() string {
	l := make([]string, 0, len(t.names))
	for k := range t.names {
		l = append(l, k)
	}
	slices.Sort(l)
	return strings.Join(l, ", ")
}

// kwSetNamed replaces spec[key], when present, by its number.
func kwSetNamed(schema string, spec Spec, key string, t *kwNames, flags bool) error {
	v, ok := spec[key]
	if !ok {
		return nil
	}
	u, err := t.parse(schema, key, v, flags)
	if err != nil {
		return err
	}
	spec[key] = u
	return nil
}

// kwRange reads a range keyword: "1000:1234" or "80-120" (sep), a
// single number (start = end), a [start, end] list, or a map with
// "start" and "end"; it returns the struct map the codec encodes.
func kwRange(schema, key string, v any, sep string, max uint64) (map[string]any, error) {
	bad := func(why string) error { return kwErr(schema, key, v, why) }
	var lo, hi uint64
	switch x := v.(type) {
	case string:
		a, b, found := strings.Cut(strings.TrimSpace(x), sep)
		if !found {
			b = a
		}
		var err1, err2 error
		lo, err1 = strconv.ParseUint(strings.TrimSpace(a), 10, 64)
		hi, err2 = strconv.ParseUint(strings.TrimSpace(b), 10, 64)
		if err1 != nil || err2 != nil {
			return nil, bad("is not a range \"START" + sep + "END\"")
		}
	case map[string]any, Spec:
		m, _ := asMap(x)
		var ok1, ok2, n1, n2 bool
		lo, n1, ok1 = asInt(m["start"])
		hi, n2, ok2 = asInt(m["end"])
		if !ok1 || !ok2 || n1 || n2 || len(m) != 2 {
			return nil, bad("is not a range {start, end}")
		}
	case []int:
		if len(x) != 2 || x[0] < 0 || x[1] < 0 {
			return nil, bad("is not a range [start, end]")
		}
		lo, hi = uint64(x[0]), uint64(x[1])
	case []any:
		var ok1, ok2, n1, n2 bool
		if len(x) == 2 {
			lo, n1, ok1 = asInt(x[0])
			hi, n2, ok2 = asInt(x[1])
		}
		if !ok1 || !ok2 || n1 || n2 {
			return nil, bad("is not a range [start, end]")
		}
	default:
		u, neg, ok := asInt(v)
		if !ok || neg {
			return nil, bad("is not a range")
		}
		lo, hi = u, u
	}
	if lo > hi || hi > max {
		return nil, bad("is not a range of 0-" + strconv.FormatUint(max, 10) + " with start <= end")
	}
	return map[string]any{"start": lo, "end": hi}, nil
}

// kwIndex reads an interface index given as an int or as the
// one-element list link_lookup returns.
func kwIndex(schema, key string, v any) (uint64, error) {
	if l, ok := v.([]int); ok {
		if len(l) != 1 {
			return 0, kwErr(schema, key, v, "is not one interface index")
		}
		v = l[0]
	}
	if l, ok := v.([]any); ok {
		if len(l) != 1 {
			return 0, kwErr(schema, key, v, "is not one interface index")
		}
		v = l[0]
	}
	u, neg, ok := asInt(v)
	if !ok || neg || u > 1<<31-1 {
		return 0, kwErr(schema, key, v, "is not an interface index")
	}
	return u, nil
}

// kwShow returns a Run hook that answers dumps with the object's typed
// dump (show) filtered by the Spec, as pyroute2 filters a dump by its
// keywords, and sends every other command the generic way.
func kwShow(show string) RunFunc {
	return dumpRun(func(ctx context.Context, r *IPRoute, fs ...Matcher) Iter { return r.Show(ctx, show, fs...) }, false)
}

// dumpRun is a Run hook that answers a dump (every get, with gets) with
// the typed dump, the Spec's keywords as a filter — pyroute2 reads a
// dump's keywords as filters, and most cannot go into a kernel dump
// request — and sends every other command as Do would.
func dumpRun(dump func(ctx context.Context, r *IPRoute, fs ...Matcher) Iter, gets bool) RunFunc {
	return func(ctx context.Context, r *IPRoute, d *ObjectDef, command string, v Verb, spec Spec) ([]*codec.Msg, error) {
		if v.Op == OpGet && (gets || v.Flags&wire.FlagDump != 0) {
			var fs []Matcher
			if len(spec) > 0 {
				fs = append(fs, Match(spec))
			}
			it := dump(ctx, r, fs...)
			return it.Collect()
		}
		return r.kwRequest(ctx, d, command, v, spec)
	}
}

// kwRequest is the end of Do: encode, send, collect.
func (r *IPRoute) kwRequest(ctx context.Context, d *ObjectDef, command string, v Verb, spec Spec) ([]*codec.Msg, error) {
	flags := v.Flags
	if v.Op != OpGet {
		flags |= wire.FlagAck
	}
	return r.Request(ctx, d.Name+" "+command, d.msgType(v), flags, d.Schema, spec)
}

// Rule keywords.

var ruleActions = &kwNames{prefix: "fr_act_", max: 255, names: map[string]uint64{
	"unspec": uapi.FR_ACT_UNSPEC, "to_tbl": uapi.FR_ACT_TO_TBL, "table": uapi.FR_ACT_TO_TBL,
	"lookup": uapi.FR_ACT_TO_TBL, "goto": uapi.FR_ACT_GOTO, "nop": uapi.FR_ACT_NOP,
	"blackhole": uapi.FR_ACT_BLACKHOLE, "unreachable": uapi.FR_ACT_UNREACHABLE,
	"prohibit": uapi.FR_ACT_PROHIBIT,
}}

// ipProtos names the IP protocols of a rule's ipproto, as ip-rule(8)
// reads them from /etc/protocols.
var ipProtos = &kwNames{prefix: "ipproto_", max: 255, names: map[string]uint64{
	"icmp": 1, "igmp": 2, "tcp": 6, "udp": 17, "gre": 47, "esp": 50, "ah": 51,
	"ipv6-icmp": 58, "icmpv6": 58, "sctp": 132, "udplite": 136,
}}

var ruleFlags = &kwNames{prefix: "fib_rule_", max: 1<<32 - 1, names: map[string]uint64{
	"permanent": uapi.FIB_RULE_PERMANENT, "invert": uapi.FIB_RULE_INVERT,
	"unresolved": uapi.FIB_RULE_UNRESOLVED, "iif_detached": uapi.FIB_RULE_IIF_DETACHED,
	"oif_detached": uapi.FIB_RULE_OIF_DETACHED, "find_saddr": uapi.FIB_RULE_FIND_SADDR,
}}

// prepareRule translates pyroute2's rule keywords: aliases ("pref",
// "prio", "lookup", "ipproto", "iif", "oif", "not"), an action by name
// ("FR_ACT_UNREACHABLE", "goto" …), an IP protocol by name, uid_range
// "1000:1234", sport_range/dport_range "80-120"; it fills the family
// (AF_INET unless an address says otherwise) and the action: to_tbl
// with a table or l3mdev, goto with a goto target (the kernel wants it
// on a delete too), nop otherwise for a new rule (a delete without one
// matches any action). A dump passes its keywords, translated, on as filters.
func prepareRule(_ context.Context, _ *IPRoute, command string, spec Spec) (Spec, error) {
	const s = "rule"
	op, dump := kwVerb(command)
	out := kwClone(spec)
	for _, a := range ruleAliases {
		if err := kwAlias(s, out, a.key, a.aliases...); err != nil {
			return nil, err
		}
	}
	if v, ok := out["not"]; ok {
		delete(out, "not")
		if b, isBool := v.(bool); !isBool {
			return nil, kwErr(s, "not", v, "is not a bool")
		} else if b {
			f, _, _ := asInt(out["flags"])
			out["flags"] = f | uapi.FIB_RULE_INVERT
		}
	}
	if err := kwSetNamed(s, out, "flags", ruleFlags, true); err != nil {
		return nil, err
	}
	if err := kwSetNamed(s, out, "action", ruleActions, false); err != nil {
		return nil, err
	}
	if err := kwSetNamed(s, out, "ip_proto", ipProtos, false); err != nil {
		return nil, err
	}
	if v, ok := out["table"]; ok {
		if u, neg, isInt := asInt(v); isInt && (neg || u > 1<<32-1) {
			return nil, kwErr(s, "table", v, "is not a table id (0-4294967295)")
		}
	}
	for _, r := range ruleRanges {
		if v, ok := out[r.key]; ok {
			m, err := kwRange(s, r.key, v, r.sep, r.max)
			if err != nil {
				return nil, err
			}
			out[r.key] = m
		}
	}
	if err := kwPrefixLens(s, out, "src", "dst"); err != nil {
		return nil, err
	}
	if dump {
		return out, nil
	}
	ruleDefaults(out, op)
	return out, nil
}

// ruleAliases lists the other names pyroute2 and iproute2 give the rule
// keywords.
var ruleAliases = [...]struct {
	key     string
	aliases []string
}{
	{"priority", []string{"pref", "preference", "prio", "FRA_PRIORITY"}},
	{"table", []string{"lookup", "FRA_TABLE"}},
	{"ip_proto", []string{"ipproto", "FRA_IP_PROTO"}},
	{"iifname", []string{"iif", "FRA_IIFNAME"}},
	{"oifname", []string{"oif", "FRA_OIFNAME"}},
	{"uid_range", []string{"FRA_UID_RANGE"}},
	{"sport_range", []string{"FRA_SPORT_RANGE"}},
	{"dport_range", []string{"FRA_DPORT_RANGE"}},
	{"goto", []string{"FRA_GOTO"}},
}

// ruleRanges are the range keywords: their separator and largest bound.
var ruleRanges = [...]struct {
	key, sep string
	max      uint64
}{{"uid_range", ":", 1<<32 - 1}, {"sport_range", "-", 65535}, {"dport_range", "-", 65535}}

// DefaultRulePriority is the priority of a rule created through the
// generic path with none given: pyroute2's 32000 (the kernel would pick
// one below the lowest existing rule, 32765 in a fresh namespace).
const DefaultRulePriority = 32000

// ruleDefaults fills the family, priority and action of a rule to send
// (see prepareRule).
func ruleDefaults(out Spec, op VerbOp) {
	if _, ok := out["family"]; !ok && out["src"] == nil && out["dst"] == nil {
		out["family"] = uapi.AF_INET
	}
	if _, ok := out["priority"]; !ok && op == OpNew {
		out["priority"] = DefaultRulePriority
	}
	if _, ok := out["action"]; ok {
		return
	}
	_, table := out["table"]
	_, l3 := out["l3mdev"]
	_, gt := out["goto"]
	switch {
	case table || l3:
		out["action"] = uapi.FR_ACT_TO_TBL
	case gt:
		out["action"] = uapi.FR_ACT_GOTO
	case op == OpNew:
		out["action"] = uapi.FR_ACT_NOP
	}
}

// kwPrefixLens rejects a "<key>_len" beyond the address length of the
// family (from the address, or the family keyword; 128 when neither).
func kwPrefixLens(schema string, spec Spec, keys ...string) error {
	for _, k := range keys {
		lk := k + "_len"
		v, ok := spec[lk]
		if !ok {
			continue
		}
		max := uint64(128)
		if f, _, ok := asInt(spec["family"]); ok && f == uapi.AF_INET {
			max = 32
		}
		if a, ok := spec[k]; ok {
			if s, isStr := a.(string); isStr && !strings.Contains(s, ":") {
				max = 32
			}
		}
		if u, neg, isInt := asInt(v); !isInt || neg || u > max {
			return kwErr(schema, lk, v, "is not a prefix length (0-"+strconv.FormatUint(max, 10)+")")
		}
	}
	return nil
}

func init() {
	registerPrepare("rule", prepareRule)
	registerRun("rule", kwShow("rule"))
}

// kwList reads the list shapes a Spec holds, as the codec reads them.
func kwList(v any) ([]any, bool) { return codec.AsList(v) }
