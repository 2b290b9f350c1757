package rtnl

import (
	"maps"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
)

// Symbolic values of Match keys, as pyroute2's filters take them: a
// family "AF_INET" or "inet", a route's proto "static", scope "link",
// type "unicast" and table "main", a neighbour's state "permanent" and
// flags "router", a rule's action "FR_ACT_UNREACHABLE", a link's
// operstate "UP", a tc handle "1:0". A name is translated to its number
// when the filter is compiled; the integer forms stay as they are.

// familyNames are the address families by name, with and without AF_.
var familyNames = &kwNames{prefix: "af_", max: 255, names: map[string]uint64{
	"unspec": uapi.AF_UNSPEC, "inet": uapi.AF_INET, "inet6": uapi.AF_INET6,
	"ipv4": uapi.AF_INET, "ipv6": uapi.AF_INET6, "bridge": uapi.AF_BRIDGE,
	"mpls": uapi.AF_MPLS, "packet": uapi.AF_PACKET, "link": uapi.AF_PACKET,
}}

// operStateNames are IFLA_OPERSTATE's values (IF_OPER_*), RFC 2863's names.
var operStateNames = &kwNames{prefix: "if_oper_", max: 255, names: map[string]uint64{
	"unknown": 0, "notpresent": 1, "down": 2, "lowerlayerdown": 3,
	"testing": 4, "dormant": 5, "up": 6,
}}

// symbolicTables maps schema → keyword → the names its values take.
var symbolicTables = map[string]map[string]func(string) (uint64, bool){
	"link": {"operstate": kwLookup(operStateNames)},
	"addr": {"scope": ntLookup(RouteScopes)},
	"route": {"proto": ntLookup(RouteProtos), "scope": ntLookup(RouteScopes),
		"type": ntLookup(RouteTypes), "table": ntLookup(RouteTables)},
	"rule": {"action": kwLookup(ruleActions), "table": ntLookup(RouteTables),
		"ip_proto": kwLookup(ipProtos)},
	"neigh":   {"state": kwLookup(neighStates), "flags": kwLookup(neighFlags), "ndm_type": ntLookup(RouteTypes)},
	"nexthop": {"scope": ntLookup(RouteScopes), "protocol": ntLookup(RouteProtos)},
	"tc":      {"handle": tcHandleLookup, "parent": tcHandleLookup},
}

func kwLookup(t *kwNames) func(string) (uint64, bool) {
	return func(s string) (uint64, bool) {
		n := strings.ToLower(strings.TrimSpace(s))
		u, ok := t.names[strings.TrimPrefix(n, t.prefix)]
		return u, ok
	}
}

func ntLookup(t *NameTable) func(string) (uint64, bool) {
	return func(s string) (uint64, bool) {
		n, ok := t.Lookup(s)
		if !ok {
			n, ok = t.Lookup(strings.ToLower(s))
		}
		return uint64(n), ok
	}
}

// tcHandleLookup reads a tc handle as tc writes it: "1:0", "1:", ":1",
// "ffff:fff2" (hexadecimal halves), or "root", "none", "ingress",
// "clsact", "egress". A bare number is an integer, not a handle.
func tcHandleLookup(s string) (uint64, bool) {
	switch strings.ToLower(s) {
	case "root":
		return 0xffffffff, true // TC_H_ROOT
	case "none":
		return 0, true
	case "ingress", "clsact":
		return 0xfffffff1, true // TC_H_INGRESS
	case "egress":
		return 0xfffffff3, true // clsact egress
	}
	maj, min, ok := strings.Cut(s, ":")
	if !ok || maj == "" && min == "" {
		return 0, false
	}
	var hi, lo uint64
	var err error
	if maj != "" {
		if hi, err = strconv.ParseUint(maj, 16, 16); err != nil {
			return 0, false
		}
	}
	if min != "" {
		if lo, err = strconv.ParseUint(min, 16, 16); err != nil {
			return 0, false
		}
	}
	return hi<<16 | lo, true
}

// symbolic translates a Match value given by name for key of schema s
// (its canonical name: "proto", "operstate", "handle"); "family" takes
// the family names in every schema. Any other value is returned as it is.
func symbolic(s *codec.Schema, key string, v any) any {
	str, ok := v.(string)
	if !ok {
		return v
	}
	if _, err := strconv.ParseUint(str, 0, 64); err == nil {
		return v // an integer already
	}
	lookup := symbolicTables[s.Name][key]
	if key == "family" {
		lookup = kwLookup(familyNames)
	}
	if lookup == nil {
		return v
	}
	if u, ok := lookup(str); ok {
		return u
	}
	return v
}

// anyOf returns the values of a list given as a Match value, which
// matches when any of them does (pyroute2's get_links(1, 2, 3),
// ifname=["lo", "eth0"]). Bytes and hardware addresses are values, not
// lists.
func listValue(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []int:
		return listOf(x), true
	case []uint32:
		return listOf(x), true
	case []uint64:
		return listOf(x), true
	case []string:
		return listOf(x), true
	}
	return nil, false
}

func listOf[T any](l []T) []any {
	out := make([]any, len(l))
	for i, v := range l {
		out[i] = v
	}
	return out
}

// compileListValue compiles a list value: a cond that matches when the
// condition of any element does. An empty list matches nothing.
func compileListValue(s *codec.Schema, path []string, v any, l []any) (cond, error) {
	c := cond{name: strings.Join(path, "."), field: -1}
	c.want.kind = wantFunc // never a constant the kernel could filter by
	if len(l) == 0 {
		c.never = true
		return c, nil
	}
	for _, e := range l {
		if _, nested := listValue(e); nested {
			return cond{}, &codec.SpecError{Schema: s.Name, Keyword: c.name, Value: v, Reason: "is a list of lists (a list means any of its values)"}
		}
		ec, err := compileCond(s, path, e)
		if err != nil {
			return cond{}, err
		}
		c.any = append(c.any, ec)
	}
	c.name = c.any[0].name
	return c, nil
}

// flatKey resolves pyroute2's flat link keywords in a Match: "kind" is
// linkinfo.kind, and a keyword of a kind's data ("br_stp_state",
// "vxlan_id") is linkinfo.data.<it> — of the kind the Match names, or
// of the kinds whose keyword it is. Keys of the schema itself win.
func flatKey(s *codec.Schema, k string, m map[string]any) string {
	if s != codec.Link || strings.Contains(k, ".") || s.Header.FieldIndex(k) >= 0 || s.Attrs.ByName(k) != nil {
		return k
	}
	if _, ok := derivedKeys[s.Name][k]; ok {
		return k
	}
	if k == "kind" {
		return "linkinfo.kind"
	}
	if k == "slave_kind" {
		return "linkinfo.slave_kind"
	}
	kinds := kindsOfKeyword(k)
	if kind, ok := m["kind"].(string); ok {
		kinds = []string{kind}
	}
	for _, kind := range kinds {
		if c, ok := dataKeyword(kind, k); ok {
			return "linkinfo.data." + c
		}
	}
	return k
}

// symbolicSpec returns spec with the names of its top-level keywords'
// values translated as a Match's are (see [symbolic]): "family":
// "AF_INET", a link's "operstate": "UP", a neighbour's "state":
// "permanent" … A name it does not know stays, for the encoder to refuse
// naming keyword and value. spec itself is never modified.
func symbolicSpec(s *codec.Schema, spec Spec) Spec {
	var out Spec
	for k, v := range spec {
		if _, ok := v.(string); !ok {
			continue
		}
		if _, known := symbolicTables[s.Name][k]; !known && k != "family" {
			continue
		}
		if n := symbolic(s, k, v); n != v {
			if out == nil {
				out = maps.Clone(spec)
			}
			out[k] = n
		}
	}
	if out == nil {
		return spec
	}
	return out
}
