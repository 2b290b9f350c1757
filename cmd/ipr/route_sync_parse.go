package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/rtnl"
)

// The desired routes of `ipr route sync`, read from `ip route show`
// lines or JSON lines, before any interface name is resolved.

type syncHop struct {
	gw     netip.Addr
	dev    string
	ifidx  int
	weight uint16
}

type syncRoute struct {
	line   int
	prefix netip.Prefix
	hops   []syncHop
}

// syncChecks are what lines may state and must then agree with: the
// sync's table, protocol and metric.
type syncChecks struct {
	table  uint32
	proto  uint32
	metric uint32
}

// lineError is a bad line of the input: nothing is applied.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return "line " + strconv.Itoa(e.line) + ": " + e.msg }

// readSyncRoutes reads every route of r; the first bad line is an error
// naming it.
func readSyncRoutes(r io.Reader, chk syncChecks) ([]syncRoute, error) {
	var routes []syncRoute
	seen := make(map[netip.Prefix]int)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if strings.HasPrefix(text, "nexthop") {
			// A continuation line of the multipath route above it.
			if len(routes) == 0 {
				return nil, &lineError{n, "a nexthop line with no route before it"}
			}
			last := &routes[len(routes)-1]
			hops, err := parseHops(strings.Fields(text), n)
			if err != nil {
				return nil, err
			}
			last.hops = append(last.hops, hops...)
			continue
		}
		var rt syncRoute
		var err error
		if strings.HasPrefix(text, "{") {
			rt, err = parseJSONRoute(text, n, chk)
		} else {
			rt, err = parseTextRoute(strings.Fields(text), n, chk)
		}
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[rt.prefix]; dup {
			return nil, &lineError{n, fmt.Sprintf("route %s is already on line %d", rt.prefix, prev)}
		}
		seen[rt.prefix] = n
		routes = append(routes, rt)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", n+1, err)
	}
	for _, rt := range routes {
		if len(rt.hops) == 0 {
			return nil, &lineError{rt.line, fmt.Sprintf("route %s has no next hop (want via ADDR, dev NAME or nexthop …)", rt.prefix)}
		}
	}
	return routes, nil
}

// parsePrefix reads a destination: a prefix, an address (a host route)
// or "default" (of the family of the route's gateways, IPv4 when none
// says).
func parsePrefix(s string, n int) (netip.Prefix, error) {
	if s == "default" {
		return netip.PrefixFrom(netip.IPv4Unspecified(), 0), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		a, aerr := netip.ParseAddr(s)
		if aerr != nil {
			return p, &lineError{n, fmt.Sprintf("destination %q is not a prefix or address", s)}
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if p.Masked() != p {
		return p, &lineError{n, fmt.Sprintf("destination %s has host bits set (want %s)", p, p.Masked())}
	}
	return p, nil
}

// parseTextRoute reads one `ip route show` line.
func parseTextRoute(f []string, n int, chk syncChecks) (syncRoute, error) {
	rt := syncRoute{line: n}
	if len(f) > 0 && f[0] == "unicast" {
		f = f[1:]
	}
	if len(f) == 0 {
		return rt, &lineError{n, "no destination"}
	}
	if _, ok := rtnl.RouteTypes.Lookup(f[0]); ok && f[0] != "default" {
		return rt, &lineError{n, fmt.Sprintf("route type %q: only unicast routes can be synced", f[0])}
	}
	p, err := parsePrefix(f[0], n)
	if err != nil {
		return rt, err
	}
	rt.prefix = p
	var single syncHop
	rest := f[1:]
	for i := 0; i < len(rest); i++ {
		kw := rest[i]
		if kw == "nexthop" {
			hops, err := parseHops(rest[i:], n)
			if err != nil {
				return rt, err
			}
			rt.hops = append(rt.hops, hops...)
			break
		}
		if flagWords[kw] {
			continue
		}
		if i+1 >= len(rest) {
			return rt, &lineError{n, fmt.Sprintf("keyword %q needs a value", kw)}
		}
		val := rest[i+1]
		i++
		if err := applyRouteWord(&single, kw, val, n, chk); err != nil {
			return rt, err
		}
	}
	if single.gw.IsValid() || single.dev != "" {
		rt.hops = append([]syncHop{single}, rt.hops...)
	}
	return fixDefault(rt), nil
}

// flagWords are the words of `ip route show` without a value, ignored.
var flagWords = map[string]bool{"onlink": true, "linkdown": true, "dead": true, "pervasive": true, "offload": true, "trap": true, "rt_offload": true, "rt_trap": true}

// applyRouteWord applies keyword kw with its value to the route's single
// next hop, or checks it.
func applyRouteWord(h *syncHop, kw, val string, n int, chk syncChecks) error {
	switch kw {
	case "via":
		if val == "inet" || val == "inet6" {
			return &lineError{n, "via with a family: write the address alone"}
		}
		a, err := netip.ParseAddr(val)
		if err != nil {
			return &lineError{n, fmt.Sprintf("via %q is not an address", val)}
		}
		h.gw = a
	case "dev":
		h.dev = val
	case "weight":
		w, err := strconv.ParseUint(val, 10, 16)
		if err != nil || w < 1 || w > 256 {
			return &lineError{n, fmt.Sprintf("weight %q is not in 1 … 256", val)}
		}
		h.weight = uint16(w)
	case "proto", "protocol":
		return checkWord(kw, val, rtnl.RouteProtos, chk.proto, n)
	case "table":
		return checkWord(kw, val, rtnl.RouteTables, chk.table, n)
	case "metric", "priority", "preference":
		m, err := strconv.ParseUint(val, 10, 32)
		if err != nil || (uint32(m) != chk.metric && !(chk.metric == 0 && m == 1024)) {
			return &lineError{n, fmt.Sprintf("%s %q is not the sync's metric %d", kw, val, chk.metric)}
		}
	case "scope", "src", "pref", "expires", "mtu", "advmss", "hoplimit", "nhid":
		// Read by ip, set by the kernel or the address: ignored.
	default:
		return &lineError{n, fmt.Sprintf("keyword %q is not one route sync reads (via, dev, weight, nexthop, proto, table, metric; scope and src are ignored)", kw)}
	}
	return nil
}

func checkWord(kw, val string, t *rtnl.NameTable, want uint32, n int) error {
	v, ok := t.Lookup(val)
	if !ok {
		return &lineError{n, fmt.Sprintf("%s %q is not a %s name or number", kw, val, kw)}
	}
	if v != want {
		return &lineError{n, fmt.Sprintf("%s %s is not the sync's %s (%s)", kw, val, kw, t.Name(want))}
	}
	return nil
}

// parseHops reads "nexthop via A dev D weight W nexthop …".
func parseHops(f []string, n int) ([]syncHop, error) {
	var hops []syncHop
	for i := 0; i < len(f); i++ {
		if f[i] == "nexthop" {
			hops = append(hops, syncHop{})
			continue
		}
		if len(hops) == 0 {
			return nil, &lineError{n, fmt.Sprintf("%q before the first nexthop", f[i])}
		}
		if flagWords[f[i]] {
			continue
		}
		if i+1 >= len(f) {
			return nil, &lineError{n, fmt.Sprintf("keyword %q needs a value", f[i])}
		}
		switch f[i] {
		case "via", "dev", "weight":
			if err := applyRouteWord(&hops[len(hops)-1], f[i], f[i+1], n, syncChecks{}); err != nil {
				return nil, err
			}
		default:
			return nil, &lineError{n, fmt.Sprintf("keyword %q in a nexthop: want via, dev or weight", f[i])}
		}
		i++
	}
	return hops, nil
}

// fixDefault gives a default route the family of its gateways.
func fixDefault(rt syncRoute) syncRoute {
	if rt.prefix.Bits() == 0 && rt.prefix.Addr() == netip.IPv4Unspecified() {
		for _, h := range rt.hops {
			if h.gw.Is6() {
				rt.prefix = netip.PrefixFrom(netip.IPv6Unspecified(), 0)
			}
		}
	}
	return rt
}

// jsonRoute is a JSON line: fib.Route's shape ({"Prefix": …,
// "Nexthops": [{"Gateway", "Ifindex", "Weight"}]}) or `ip -j route`'s
// ({"dst", "gateway", "dev", "nexthops": [{"gateway", "dev",
// "weight"}], "protocol", "metric", "table"}); keys match in any case.
type jsonRoute struct {
	Prefix   string    `json:"prefix"`
	Dst      string    `json:"dst"`
	Gateway  string    `json:"gateway"`
	Dev      string    `json:"dev"`
	Nexthops []jsonHop `json:"nexthops"`
	Protocol any       `json:"protocol"`
	Metric   *uint32   `json:"metric"`
	Table    any       `json:"table"`
	Type     string    `json:"type"`
}

type jsonHop struct {
	Gateway string `json:"gateway"`
	Ifindex int    `json:"ifindex"`
	Dev     string `json:"dev"`
	Weight  int    `json:"weight"`
}

func parseJSONRoute(text string, n int, chk syncChecks) (syncRoute, error) {
	var j jsonRoute
	if err := json.Unmarshal([]byte(text), &j); err != nil {
		return syncRoute{}, &lineError{n, "bad JSON: " + err.Error()}
	}
	if j.Type != "" && j.Type != "unicast" {
		return syncRoute{}, &lineError{n, fmt.Sprintf("route type %q: only unicast routes can be synced", j.Type)}
	}
	dst := j.Prefix
	if dst == "" {
		dst = j.Dst
	}
	if dst == "" {
		return syncRoute{}, &lineError{n, `no "prefix" (or "dst")`}
	}
	words := []string{dst}
	if j.Gateway != "" {
		words = append(words, "via", j.Gateway)
	}
	if j.Dev != "" {
		words = append(words, "dev", j.Dev)
	}
	for kw, v := range map[string]any{"proto": j.Protocol, "table": j.Table} {
		if v != nil {
			words = append(words, kw, fmt.Sprint(v))
		}
	}
	if j.Metric != nil {
		words = append(words, "metric", strconv.FormatUint(uint64(*j.Metric), 10))
	}
	for _, h := range j.Nexthops {
		words = append(words, "nexthop")
		if h.Gateway != "" {
			words = append(words, "via", h.Gateway)
		}
		if h.Dev != "" {
			words = append(words, "dev", h.Dev)
		}
		if h.Ifindex != 0 {
			words = append(words, "dev", "#"+strconv.Itoa(h.Ifindex))
		}
		if h.Weight != 0 {
			words = append(words, "weight", strconv.Itoa(h.Weight))
		}
	}
	return parseTextRoute(words, n, chk)
}
