package codec

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"testing"
)

// Cross-checks of the full namespace's captures against iproute2's JSON
// of the same namespace (../testdata/kernel/README.md): the key values of
// every rule, neighbour, FDB entry, nexthop and address.

// fullMsgs decodes every message of a capture with schema s.
func fullMsgs(t *testing.T, name string, s *Schema) []*Msg {
	var out []*Msg
	for _, raw := range messages(t, capture(t, name)) {
		out = append(out, mustMsg(t, s, raw))
	}
	return out
}

// linkNames maps the full namespace's ifindexes to names.
func linkNames(t *testing.T) map[uint64]string {
	names := map[uint64]string{}
	for _, m := range fullMsgs(t, "links-full.bin", Link) {
		i, _ := m.Field("index")
		n, _ := m.GetAttr("ifname")
		names[i] = n.String()
	}
	return names
}

func attrString(m *Msg, name string) string {
	v, ok := m.GetAttr(name)
	if !ok {
		return ""
	}
	switch v.Kind() {
	case KindAddr:
		a, _ := v.Addr()
		return a.String()
	case KindMAC:
		return v.MAC().String()
	case KindString:
		return v.String()
	}
	return strconv.FormatUint(mustUint(v), 10)
}

func TestGoldenRules(t *testing.T) {
	want := readJSON(t, "ip-rule.json")
	tables := map[string]uint64{"local": 255, "main": 254, "default": 253}
	byPrio := map[string]*Msg{}
	for _, m := range fullMsgs(t, "rules.bin", Rule) {
		if f, _ := m.Field("family"); f == 2 {
			p := attrString(m, "priority")
			if p == "" {
				p = "0" // FRA_PRIORITY is left out when 0
			}
			byPrio[p] = m
		}
	}
	if len(byPrio) != len(want) {
		t.Errorf("%d IPv4 rules, ip shows %d", len(byPrio), len(want))
	}
	for _, w := range want {
		who := fmt.Sprint("rule ", w["priority"])
		m := byPrio[fmt.Sprint(w["priority"])]
		if m == nil {
			t.Errorf("%s: not in the dump", who)
			continue
		}
		if tb, ok := w["table"].(string); ok {
			n, err := strconv.ParseUint(tb, 10, 32)
			if err != nil {
				n = tables[tb]
			}
			check(t, who, n, attrString(m, "table"))
		}
		if src, _ := w["src"].(string); src != "all" {
			check(t, who, src, attrString(m, "src"))
			check(t, who, w["srclen"], fieldString(m, "src_len"))
		}
		check(t, who, w["dst"], attrString(m, "dst"))
		check(t, who, hexOf(w["fwmark"]), attrString(m, "fwmark"))
		check(t, who, hexOf(w["fwmask"]), attrString(m, "fwmask"))
		check(t, who, hexOf(w["tos"]), fieldString(m, "tos"))
		check(t, who, w["goto"], attrString(m, "goto"))
		check(t, who, w["suppress_prefixlen"], attrString(m, "suppress_prefixlen"))
		check(t, who, w["suppress_ifgroup"], attrString(m, "suppress_ifgroup"))
		check(t, who, w["iif"], attrString(m, "iifname"))
		check(t, who, w["oif"], attrString(m, "oifname"))
		check(t, who, map[string]any{"tcp": "6", "udp": "17"}[fmt.Sprint(w["ipproto"])], attrString(m, "ip_proto"))
		if v, ok := m.GetAttr("uid_range"); ok {
			start, _ := v.Field("start")
			end, _ := v.Field("end")
			check(t, who, w["uid_start"], strconv.FormatUint(start, 10))
			check(t, who, w["uid_end"], strconv.FormatUint(end, 10))
		}
		if v, ok := m.GetAttr("sport_range"); ok {
			start, _ := v.Field("start")
			end, _ := v.Field("end")
			check(t, who, w["sport_start"], strconv.FormatUint(start, 10))
			check(t, who, w["sport_end"], strconv.FormatUint(end, 10))
		}
		if v, ok := m.GetAttr("dport_range"); ok {
			start, _ := v.Field("start")
			check(t, who, w["dport"], strconv.FormatUint(start, 10))
		}
	}
}

func fieldString(m *Msg, name string) string {
	v, _ := m.Field(name)
	return strconv.FormatUint(v, 10)
}

// hexOf turns ip's "0x10" into "16"; nil stays nil.
func hexOf(v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 64)
	if err != nil {
		return s
	}
	return strconv.FormatUint(n, 10)
}

var nudNames = []string{"INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT"}

func TestGoldenNeighbours(t *testing.T) {
	names := linkNames(t)
	got := map[string]*Msg{}
	for _, m := range fullMsgs(t, "neigh.bin", Neigh) {
		i, _ := m.Field("ifindex")
		got[attrString(m, "dst")+"%"+names[i]] = m
	}
	want := readJSON(t, "ip-neigh.json")
	for _, w := range want {
		key := fmt.Sprint(w["dst"], "%", w["dev"])
		m := got[key]
		if m == nil {
			t.Errorf("neighbour %s: not in the dump", key)
			continue
		}
		check(t, key, w["lladdr"], attrString(m, "lladdr"))
		st, _ := m.Field("state")
		var states []string
		for b, n := range nudNames {
			if st&(1<<b) != 0 {
				states = append(states, n)
			}
		}
		check(t, key, fmt.Sprint(w["state"]), fmt.Sprint(states))
	}
	if len(got) != len(want) {
		t.Errorf("%d neighbours, ip shows %d", len(got), len(want))
	}
}

func TestGoldenFDB(t *testing.T) {
	names := linkNames(t)
	got := map[string]*Msg{}
	for _, m := range fullMsgs(t, "fdb.bin", Neigh) {
		i, _ := m.Field("ifindex")
		got[attrString(m, "lladdr")+"%"+names[i]+"%"+attrString(m, "dst")+"%"+attrString(m, "vlan")] = m
	}
	want := readJSON(t, "bridge-fdb.json")
	if len(got) != len(want) {
		t.Errorf("%d FDB entries, bridge shows %d", len(got), len(want))
	}
	for _, w := range want {
		key := fmt.Sprint(w["mac"], "%", w["ifname"], "%", orEmpty(w["dst"]), "%", orEmpty(w["vlan"]))
		m := got[key]
		if m == nil {
			t.Errorf("fdb %s: not in the dump", key)
			continue
		}
		check(t, key, w["port"], attrString(m, "port"))
		check(t, key, w["vni"], attrString(m, "vni"))
		if via, ok := m.GetAttr("ifindex"); ok {
			check(t, key, w["viaIf"], names[mustUint(via)])
		}
		if mi, ok := m.GetAttr("master"); ok {
			check(t, key, w["master"], names[mustUint(mi)])
		}
		st, _ := m.Field("state")
		state := "" // NUD_PERMANENT, NUD_NOARP (static), else dynamic
		if st&0x80 != 0 {
			state = "permanent"
		} else if st&0x40 != 0 {
			state = "static"
		}
		if w["state"] != nil || state != "" {
			check(t, key, orEmpty(w["state"]), state)
		}
	}
}

func TestGoldenNexthops(t *testing.T) {
	names := linkNames(t)
	got := map[string]*Msg{}
	for _, m := range fullMsgs(t, "nexthops.bin", Nexthop) {
		got[attrString(m, "id")] = m
	}
	want := readJSON(t, "ip-nexthop.json")
	if len(got) != len(want) {
		t.Errorf("%d nexthops, ip shows %d", len(got), len(want))
	}
	for _, w := range want {
		who := fmt.Sprint("nexthop ", w["id"])
		m := got[fmt.Sprint(w["id"])]
		if m == nil {
			t.Errorf("%s: not in the dump", who)
			continue
		}
		check(t, who, w["gateway"], attrString(m, "gateway"))
		if oif, ok := m.GetAttr("oif"); ok {
			check(t, who, w["dev"], names[mustUint(oif)])
		}
		_, fdb := w["fdb"]
		check(t, who, fdb, strconv.FormatBool(m.Has("fdb")))
		_, bh := w["blackhole"]
		check(t, who, bh, strconv.FormatBool(m.Has("blackhole")))
		if grp, ok := w["group"].([]any); ok {
			v, _ := m.GetAttr("group")
			if v.Len() != len(grp) {
				t.Errorf("%s: %d group members, ip shows %d", who, v.Len(), len(grp))
				continue
			}
			for i, g := range grp {
				e := g.(map[string]any)
				id, _ := v.ElemField(i, "id")
				wt, _ := v.ElemField(i, "weight")
				check(t, who, e["id"], strconv.FormatUint(id, 10))
				if e["weight"] != nil {
					check(t, who, e["weight"], strconv.FormatUint(wt+1, 10))
				}
			}
		}
	}
}

func TestGoldenAddrs(t *testing.T) {
	got := map[string]*Msg{}
	for _, m := range fullMsgs(t, "addrs-full.bin", Addr) {
		i, _ := m.Field("index")
		got[fmt.Sprint(i, "%", attrString(m, "local"))] = m
		if _, ok := m.GetAttr("local"); !ok { // IPv6: IFA_ADDRESS only
			got[fmt.Sprint(i, "%", attrString(m, "address"))] = m
		}
	}
	n := 0
	for _, l := range readJSON(t, "ip-addr-full.json") {
		infos, _ := l["addr_info"].([]any)
		for _, a := range infos {
			w := a.(map[string]any)
			n++
			key := fmt.Sprint(l["ifindex"], "%", w["local"])
			m := got[key]
			if m == nil {
				t.Errorf("address %s: not in the dump", key)
				continue
			}
			check(t, key, w["prefixlen"], fieldString(m, "prefixlen"))
			check(t, key, w["label"], attrString(m, "label"))
			check(t, key, w["broadcast"], attrString(m, "broadcast"))
			if peer, ok := w["address"]; ok {
				check(t, key, peer, attrString(m, "address"))
			}
			flags, _ := m.GetAttr("flags")
			fl := mustUint(flags)
			for bit, name := range map[uint64]string{0x01: "secondary", 0x02: "nodad", 0x10: "home", 0x100: "mngtmpaddr", 0x200: "noprefixroute", 0x400: "autojoin"} {
				_, set := w[name]
				if name == "secondary" && set {
					set = w[name] == true
				}
				if set != (fl&bit != 0) {
					t.Errorf("%s: flag %s: ip says %v, IFA_FLAGS %#x", key, name, set, fl)
				}
			}
			if a, err := netip.ParseAddr(fmt.Sprint(w["local"])); err == nil && a.Is4() {
				check(t, key, "2", fieldString(m, "family"))
			}
		}
	}
	if n != len(fullMsgs(t, "addrs-full.bin", Addr)) {
		t.Errorf("%d addresses in the dump, ip shows %d", len(fullMsgs(t, "addrs-full.bin", Addr)), n)
	}
}
