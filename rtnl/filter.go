package rtnl

import (
	"slices"
	"sort"
	"strings"

	"github.com/nlroute/nlroute/codec"
)

// Matcher selects messages: pyroute2's dump_filter. The two kinds are
// [Match] (keywords, values and value predicates) and [MatchFunc] (a
// predicate over the whole message). Several filters given to one call
// must all pass.
//
// A Matcher may be used by many calls at once as long as nobody modifies
// it; its predicates are called from the goroutine iterating, once per
// message, with borrowed values that are valid only during the call.
type Matcher interface {
	// Match reports whether m passes. Called directly on a Match it
	// compiles the map for m's schema each time (and a bad keyword makes
	// it false); iterators compile once.
	Match(m *codec.Msg) bool
}

// MatchFunc is a predicate filter: pyroute2's match=callable. The
// message it receives is borrowed for the call.
type MatchFunc func(m *codec.Msg) bool

// Match calls f.
func (f MatchFunc) Match(m *codec.Msg) bool { return f(m) }

// Match is a keyword filter: pyroute2's dump_filter dict. A message
// passes when every key matches.
//
// Keys, looked up in this order:
//   - a family-header field ("index", "family", "table", "dst_len",
//     "ifindex", "state" of a neighbour). A field that an attribute
//     mirrors (a route's or rule's "table": rtm_table and RTA_TABLE)
//     reads the attribute when present;
//   - an attribute, by keyword ("ifname", "oif", "label") or kernel name
//     ("IFLA_IFNAME"); several attributes of the type (IFLA_ALT_IFNAME)
//     match when any does;
//   - a nested path, dotted ("linkinfo.kind", "linkinfo.data.vxlan_id")
//     or as a nested map (Match{"linkinfo": Match{"kind": "vxlan"}});
//   - a derived key: "state" of a link, "up" or "down" from IFF_UP;
//   - pyroute2's flat link keys: "kind" is "linkinfo.kind", and a kind's
//     data keyword ("br_stp_state", "vxlan_id") is "linkinfo.data.<it>",
//     of the kind the Match names or else of the kinds it belongs to.
//
// An unknown key is an error (a *codec.SpecError) before anything is
// sent.
//
// Values: integers of any Go type, float64 and json.Number holding
// integers (as JSON decoding gives), strings (compared with string
// attributes; parsed as an address, "addr/len" prefix, MAC or integer for
// attributes of those kinds — "dst": "10.0.0.0/24" compares RTA_DST with
// dst_len), netip.Addr, netip.Prefix, net.HardwareAddr, []byte, bool
// (for a flag attribute, or any attribute: presence), and predicates of
// these types: func(uint64) bool, func(int64) bool, func(int) bool,
// func(string) bool (allocates the string), func([]byte) bool (borrowed),
// func(netip.Addr) bool, func(netip.Prefix) bool, func(net.HardwareAddr)
// bool (borrowed), func(codec.Value) bool (borrowed, the general form),
// and func(any) bool (called with uint64, string, netip.Addr or []byte by
// the value's kind). A predicate is not called for an absent attribute:
// the message does not match.
//
// Names stand for numbers where pyroute2 takes them: "family" ("AF_INET",
// "inet", "inet6", "bridge", "mpls"), a link's "operstate" ("UP",
// "IF_OPER_DOWN"), a route's "proto", "scope", "type" and "table" (the
// names of RouteProtos, RouteScopes, RouteTypes, RouteTables), an
// address's "scope", a neighbour's "state" ("permanent", "NUD_STALE"),
// "flags" ("router") and "ndm_type", a rule's "action"
// ("FR_ACT_UNREACHABLE", "unreachable") and "table", a nexthop's "scope"
// and "protocol", a tc object's "handle" and "parent" ("1:0", "ffff:",
// "root", "ingress"). A list ([]any, []int, []string, []uint32, []uint64)
// means any of its values: Match{"index": []int{1, 2, 3}} is pyroute2's
// get_links(1, 2, 3); an empty list matches nothing.
type Match map[string]any

// Match reports whether m passes every key; see [Matcher].
func (f Match) Match(m *codec.Msg) bool {
	if m.Schema() == nil {
		return false
	}
	conds, err := compileMatch(m.Schema(), f, nil, nil)
	if err != nil {
		return false
	}
	return matchConds(conds, m)
}

// MatchMessages returns the messages of msgs that pass filter, in
// order, as pyroute2's filter_messages: any message stream, of any
// schema. A nil filter passes everything. It allocates the result (and
// compiles a Match once per schema met).
func MatchMessages(filter Matcher, msgs []*codec.Msg) []*codec.Msg {
	var out []*codec.Msg
	var cache map[*codec.Schema][]cond
	for _, m := range msgs {
		if filter == nil {
			out = append(out, m)
			continue
		}
		mf, ok := filter.(Match)
		if !ok {
			if filter.Match(m) {
				out = append(out, m)
			}
			continue
		}
		s := m.Schema()
		conds, seen := cache[s]
		if !seen {
			if cache == nil {
				cache = make(map[*codec.Schema][]cond)
			}
			var err error
			if conds, err = compileMatch(s, mf, nil, nil); err != nil {
				conds = []cond{{never: true}}
			}
			cache[s] = conds
		}
		if s != nil && matchConds(conds, m) {
			out = append(out, m)
		}
	}
	return out
}

// filterSet is the compiled form of the filters of one call.
type filterSet struct {
	conds []cond
	funcs []Matcher // MatchFunc and foreign Matcher implementations
}

func (f *filterSet) match(m *codec.Msg) bool {
	if !matchConds(f.conds, m) {
		return false
	}
	for _, fn := range f.funcs {
		if !fn.Match(m) {
			return false
		}
	}
	return true
}

// compileFilters compiles every Match of filters for schema s, so bad
// keywords fail before anything is sent and keys are resolved once.
func compileFilters(s *codec.Schema, filters []Matcher) (filterSet, error) {
	var f filterSet
	for _, flt := range filters {
		switch x := flt.(type) {
		case nil:
		case Match:
			if s == nil {
				f.funcs = append(f.funcs, x)
				continue
			}
			var err error
			if f.conds, err = compileMatch(s, x, nil, f.conds); err != nil {
				return filterSet{}, err
			}
		default:
			f.funcs = append(f.funcs, x)
		}
	}
	return f, nil
}

// compileMatch appends the conditions of m, whose keys sit below prefix.
func compileMatch(s *codec.Schema, m map[string]any, prefix []string, out []cond) ([]cond, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic errors
	for _, k := range keys {
		key := k
		if prefix == nil {
			key = flatKey(s, k, m)
		}
		path := append(slices.Clip(prefix), strings.Split(key, ".")...)
		if sub, ok := asMap(m[k]); ok {
			var err error
			if out, err = compileMatch(s, sub, path, out); err != nil {
				return nil, err
			}
			continue
		}
		var c cond
		var err error
		if l, ok := listValue(m[k]); ok {
			c, err = compileListValue(s, path, m[k], l)
		} else {
			c, err = compileCond(s, path, m[k])
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func asMap(v any) (map[string]any, bool) {
	switch x := v.(type) {
	case Match:
		return x, true
	case codec.Spec:
		return x, true
	case map[string]any:
		return x, true
	}
	return nil, false
}

func matchConds(conds []cond, m *codec.Msg) bool {
	for i := range conds {
		if !conds[i].match(m) {
			return false
		}
	}
	return true
}
