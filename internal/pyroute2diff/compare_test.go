package pyroute2diff

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"testing"
)

// diff is one attribute (or header field) whose value differs between
// pyroute2's dict and ours, or that only one side has.
type diff struct {
	path    string // "RTM_NEWLINK/IFLA_LINKINFO/IFLA_INFO_DATA/IFLA_VXLAN_TTL"
	decoder string // the attribute (or "<event> header") holding it
	what    string // "ours X, pyroute2 Y", "only ours", "only pyroute2"
	obj     string // the object's key, for the report
}

func (d diff) String() string { return d.path + "\t" + d.what + "\t" + d.obj }

// keyFields are, per event, the header fields and attributes naming an
// object: the two dumps are paired on them.
var keyFields = map[string][]string{
	"RTM_NEWLINK":    {"family", "index"},
	"RTM_NEWADDR":    {"family", "index", "prefixlen", "IFA_ADDRESS", "IFA_LOCAL"},
	"RTM_NEWROUTE":   {"family", "table", "dst_len", "src_len", "tos", "type", "RTA_TABLE", "RTA_DST", "RTA_SRC", "RTA_PRIORITY", "RTA_OIF"},
	"RTM_NEWRULE":    {"family", "FRA_PRIORITY"},
	"RTM_NEWNEIGH":   {"family", "ifindex", "flags", "NDA_DST", "NDA_LLADDR", "NDA_MASTER", "NDA_VLAN"},
	"RTM_NEWQDISC":   {"index", "handle", "parent"},
	"RTM_NEWTCLASS":  {"index", "handle", "parent"},
	"RTM_NEWTFILTER": {"index", "handle", "parent", "info"},
}

func objKey(m map[string]any) string {
	ev, _ := m["event"].(string)
	var b strings.Builder
	b.WriteString(ev)
	for _, k := range keyFields[ev] {
		v, ok := m[k]
		if !ok {
			v = attrValue(m, k)
		}
		fmt.Fprintf(&b, " %s=%v", k, canon(v))
	}
	return b.String()
}

func attrValue(m map[string]any, name string) any {
	as, _ := m["attrs"].([]any)
	for _, a := range as {
		if p, ok := a.([]any); ok && len(p) >= 2 && p[0] == name {
			return p[1]
		}
	}
	return nil
}

func canon(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// compareDumps pairs the objects of both dumps and compares them. Objects
// only one side has are differences of their own ("<event> object").
func compareDumps(ours, py []map[string]any) []diff {
	var ds []diff
	byKey := map[string][]map[string]any{}
	for _, m := range py {
		k := objKey(m)
		byKey[k] = append(byKey[k], m)
	}
	for _, m := range ours {
		k := objKey(m)
		ev, _ := m["event"].(string)
		if len(byKey[k]) == 0 {
			ds = append(ds, diff{path: ev, decoder: ev + " object", what: "only ours", obj: k})
			continue
		}
		p := byKey[k][0]
		byKey[k] = byKey[k][1:]
		c := cmp{obj: k}
		c.fields(ev, ev+" header", m, p)
		ds = append(ds, c.ds...)
	}
	for k, ms := range byKey {
		for _, m := range ms {
			ev, _ := m["event"].(string)
			ds = append(ds, diff{path: ev, decoder: ev + " object", what: "only pyroute2", obj: k})
		}
	}
	sort.Slice(ds, func(i, j int) bool {
		if ds[i].path != ds[j].path {
			return ds[i].path < ds[j].path
		}
		return ds[i].obj < ds[j].obj
	})
	return ds
}

type cmp struct {
	obj string
	ds  []diff
}

func (c *cmp) add(path, dec, what string) {
	c.ds = append(c.ds, diff{path: path, decoder: dec, what: what, obj: c.obj})
}

// fields compares two dicts: "attrs" as attribute chains, "header"
// skipped (lengths and sequence numbers differ), every other key as a
// field.
func (c *cmp) fields(path, dec string, ours, py map[string]any) {
	for k, ov := range ours {
		switch k {
		case "header", "event":
			continue
		case "attrs":
			oa, _ := ov.([]any)
			pa, _ := py["attrs"].([]any)
			c.attrs(path, oa, pa)
			continue
		}
		pv, ok := py[k]
		if !ok {
			c.add(path+"/"+k, dec, "only ours: "+canon(ov))
			continue
		}
		c.value(path+"/"+k, dec, ov, pv)
	}
	for k, pv := range py {
		if _, ok := ours[k]; ok || k == "header" || k == "event" || isEmptyPad(k, pv) {
			continue
		}
		c.add(path+"/"+k, dec, "only pyroute2: "+canon(pv))
	}
}

// isEmptyPad: pyroute2's padding fields ("__align": [], "__pad": 0…)
// that render nothing of the message.
func isEmptyPad(k string, v any) bool {
	if !strings.HasPrefix(k, "__") {
		return false
	}
	switch x := v.(type) {
	case []any:
		return len(x) == 0
	case json.Number:
		return x.String() == "0"
	case string:
		return x == "" || strings.Trim(x, "0:") == ""
	}
	return v == nil
}

// attrs pairs two chains by name, in order of occurrence.
func (c *cmp) attrs(path string, ours, py []any) {
	type nv struct {
		name  string
		value any
	}
	split := func(l []any) (names []string, m map[string][]any) {
		m = map[string][]any{}
		for _, a := range l {
			p, ok := a.([]any)
			if !ok || len(p) < 2 {
				continue
			}
			n, _ := p[0].(string)
			if m[n] == nil {
				names = append(names, n)
			}
			m[n] = append(m[n], p[1])
		}
		return names, m
	}
	on, om := split(ours)
	pn, pm := split(py)
	unwrapInet(pm)
	for _, n := range on {
		for i, ov := range om[n] {
			if i >= len(pm[n]) {
				c.add(path+"/"+n, n, "only ours: "+short(canon(ov)))
				continue
			}
			c.value(path+"/"+n, n, ov, pm[n][i])
		}
	}
	for _, n := range pn {
		for i := len(om[n]); i < len(pm[n]); i++ {
			c.add(path+"/"+n, n, "only pyroute2: "+short(canon(pm[n][i])))
		}
	}
}

// volatile are the values that change between the two dumps (counters,
// ages, timers): for them only the JSON type is compared.
var volatile = []string{
	"**/*STATS*/**", "**/*STATS*", "**/NDA_CACHEINFO/*", "**/NDA_PROBES", "**/RTA_CACHEINFO/*",
	"**/IFLA_INET6_CACHEINFO/*", "**/*_TIMER", "**/IFLA_CARRIER_*", "**/IFA_CACHEINFO/*",
	"**/TCA_XSTATS/**", "**/TCA_ACT_STATS/**", "**/TCA_FCNT", "**/TCA_U32_PCNT",
	"**/TCA_MIRRED_TM/*", "**/TCA_GACT_TM/*", "**/*_TM/*",
}

func isVolatile(path string) bool {
	segs := strings.Split(path, "/")
	for _, v := range volatile {
		if matchSegs(strings.Split(v, "/"), segs) {
			return true
		}
	}
	return false
}

func jsonType(v any) string {
	switch v.(type) {
	case json.Number:
		return "number"
	case string:
		return "string"
	case bool:
		return "bool"
	case []any:
		return "list"
	case map[string]any:
		return "object"
	}
	return "null"
}

func (c *cmp) value(path, dec string, ov, pv any) {
	om, ook := ov.(map[string]any)
	pm, pok := pv.(map[string]any)
	if ook && pok {
		c.fields(path, dec, om, pm)
		return
	}
	ol, ook := ov.([]any)
	pl, pok := pv.([]any)
	if ook && pok && len(ol) == len(pl) {
		for i := range ol {
			c.value(path, dec, ol[i], pl[i])
		}
		return
	}
	if isVolatile(path) {
		if jsonType(ov) != jsonType(pv) {
			c.add(path, dec, "ours "+short(canon(ov))+", pyroute2 "+short(canon(pv)))
		}
		return
	}
	if !sameScalar(ov, pv) {
		c.add(path, dec, "ours "+short(canon(ov))+", pyroute2 "+short(canon(pv)))
	}
}

func sameScalar(a, b any) bool {
	an, aok := a.(json.Number)
	bn, bok := b.(json.Number)
	if aok && bok {
		if an == bn {
			return true
		}
		af, e1 := an.Float64()
		bf, e2 := bn.Float64()
		return e1 == nil && e2 == nil && af == bf
	}
	return canon(a) == canon(b)
}

func short(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

// allowEntry is one line of the allow list: a path pattern ("**"
// matches any number of segments, any other segment is a path.Match
// pattern), optionally "only ours"/"only pyroute2"/"differs", and the
// reason.
type allowEntry struct {
	pattern []string
	what    string
	reason  string
	used    int
}

func loadAllow(t *testing.T, path string) []*allowEntry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var es []*allowEntry
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pat, reason, ok := strings.Cut(line, "\t")
		reason = strings.TrimSpace(reason)
		what := ""
		for _, w := range []string{"only ours", "only pyroute2", "differs"} {
			if r, ok := strings.CutPrefix(reason, w+"\t"); ok {
				what, reason = w, strings.TrimSpace(r)
			}
		}
		if !ok || reason == "" {
			t.Fatalf("%s:%d: want PATTERN<TAB>[only ours|only pyroute2|differs<TAB>]REASON", path, n)
		}
		es = append(es, &allowEntry{pattern: strings.Split(pat, "/"), what: what, reason: reason})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return es
}

func (e *allowEntry) allows(d diff) bool {
	switch e.what {
	case "only ours", "only pyroute2":
		if !strings.HasPrefix(d.what, e.what) {
			return false
		}
	case "differs":
		if !strings.HasPrefix(d.what, "ours ") {
			return false
		}
	}
	return matchSegs(e.pattern, strings.Split(d.path, "/"))
}

func matchSegs(pat, segs []string) bool {
	if len(pat) == 0 {
		return len(segs) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(segs); i++ {
			if matchSegs(pat[1:], segs[i:]) {
				return true
			}
		}
		return false
	}
	if len(segs) == 0 {
		return false
	}
	ok, _ := path.Match(pat[0], segs[0])
	return ok && matchSegs(pat[1:], segs[1:])
}

// byDecoder counts differences per decoder, as "count decoder" lines,
// largest first. A difference is one attribute value of one object: the
// fields of one struct that differ count once.
func byDecoder(ds []diff) []string {
	n := map[string]int{}
	seen := map[string]bool{}
	for _, d := range ds {
		p := d.path
		if i := strings.Index(p, "/"+d.decoder+"/"); i >= 0 {
			p = p[:i+len(d.decoder)+1]
		}
		if k := d.obj + " " + p + " " + d.what[:min(len(d.what), 5)]; !seen[k] {
			seen[k] = true
			n[d.decoder]++
		}
	}
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if n[keys[i]] != n[keys[j]] {
			return n[keys[i]] > n[keys[j]]
		}
		return keys[i] < keys[j]
	})
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%4d %s", n[k], k)
	}
	return out
}

// unwrapInet undoes a quirk of pyroute2 0.7.2: it reads AF_INET's nest as
// struct ipv4_devconf itself, its first field ("dummy") being the header of
// the IFLA_INET_CONF attribute inside. The fields after it are that
// attribute's elements, which we render as ["IFLA_INET_CONF", {fields}]
// inside AF_INET's chain; this puts pyroute2's in the same place.
func unwrapInet(pm map[string][]any) {
	for i, v := range pm["AF_INET"] {
		m, ok := v.(map[string]any)
		if _, quirk := m["dummy"]; !ok || !quirk {
			continue
		}
		conf := map[string]any{}
		for k, x := range m {
			if k != "dummy" {
				conf[k] = x
			}
		}
		pm["AF_INET"][i] = map[string]any{"attrs": []any{[]any{"IFLA_INET_CONF", conf}}}
	}
}
