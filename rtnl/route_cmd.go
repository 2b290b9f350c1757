package rtnl

import (
	"context"
	"encoding/binary"
	"maps"
	"net/netip"
	"slices"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
)

// prepareRoute translates pyroute2's route keywords into the schema's
// and fills the defaults ip-route(8) applies:
//
//   - "oif", "iif" (and a hop's "oif", or "ifindex"): an int, or a one-element
//     list as LinkLookup returns;
//   - "table", "proto", "scope", "type": numbers or names (RouteTables,
//     RouteProtos, RouteScopes, RouteTypes, with /etc/iproute2's names);
//     "metric" is "priority", "nhid" is "nh_id";
//   - "dst": "default" is the default route; for family AF_MPLS an
//     incoming label (an int or "100");
//   - "flags": an int or a list of names ("onlink"); "onlink": true;
//   - "via": an address or {"family": AF_INET6, "addr": "fe80::1"}
//     (RTA_VIA); an MPLS route's "gateway" becomes its via;
//   - "newdst": an MPLS label stack in any of ParseMPLSLabels' notations;
//   - "encap": pyroute2's encap dict (mpls, seg6, seg6local, ip6, bpf);
//   - "multipath": hops with "gateway", "via", "oif" (or "ifindex"), "hops" or
//     "weight", "flags", "newdst", "encap";
//   - "metrics": RTAX keywords, "congctl" for "cc_algo".
//
// For a command that creates or changes a route (add, set, replace,
// change, append) left-out keywords default to table main, proto static
// and type unicast (pyroute2's defaults), and the scope ip-route derives (see [Route]); a deletion
// defaults to table main and, for unicast, any scope. Get and dump pass
// with translation only. It never modifies spec.
func prepareRoute(_ context.Context, _ *IPRoute, command string, spec Spec) (Spec, error) {
	v, known := verbs[command]
	out := maps.Clone(spec)
	if out == nil {
		out = Spec{}
	}
	if err := translateRoute(out); err != nil {
		return nil, err
	}
	if !known || v.Op == OpGet || v.Op == OpSet {
		return finishMPLS(out), nil
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := out[k]; ok {
				return true
			}
		}
		return false
	}
	mpls := isMPLS(out)
	if !has("table", "RTA_TABLE") {
		out["table"] = uapi.RT_TABLE_MAIN
	}
	if v.Op == OpNew {
		if !has("proto") {
			out["proto"] = uapi.RTPROT_STATIC
		}
		if !has("type") {
			out["type"] = uapi.RTN_UNICAST
		}
	}
	if !has("scope") && !mpls { // MPLS routes are universe only
		typ := uint64(0)
		if t, neg, ok := asInt(out["type"]); ok && !neg {
			typ = t
		}
		direct := !has("gateway", "RTA_GATEWAY", "via", "RTA_VIA", "multipath", "RTA_MULTIPATH", "nh_id", "RTA_NH_ID")
		if typ <= 255 {
			if s, ok := defaultScope(v.Op, uint8(typ), direct); ok {
				out["scope"] = s
			}
		}
	}
	return finishMPLS(out), nil
}

func init() { registerPrepare("route", prepareRoute) }

func isMPLS(s Spec) bool {
	f, neg, ok := asInt(s["family"])
	return ok && !neg && f == uapi.AF_MPLS
}

// translateRoute rewrites the pyroute2 keywords of s in place.
func translateRoute(s Spec) error {
	for from, to := range map[string]string{"metric": "priority", "nhid": "nh_id"} {
		if v, ok := s[from]; ok {
			delete(s, from)
			s[to] = v
		}
	}
	if f, ok := s["family"].(string); ok {
		fam, known := map[string]int{"inet": uapi.AF_INET, "inet6": uapi.AF_INET6, "mpls": uapi.AF_MPLS}[f]
		if !known {
			return specErr("route", "family", f, "is not inet, inet6 or mpls")
		}
		s["family"] = fam
	}
	for _, k := range []string{"oif", "iif"} {
		if err := oneIndex(s, k, k); err != nil {
			return err
		}
	}
	for _, n := range []struct {
		key string
		t   *NameTable
	}{{"table", RouteTables}, {"proto", RouteProtos}, {"scope", RouteScopes}, {"type", RouteTypes}} {
		if err := byName(s, n.key, n.t); err != nil {
			return err
		}
	}
	if d, ok := s["dst"].(string); ok && d == "default" {
		delete(s, "dst")
		if _, ok := s["dst_len"]; !ok {
			s["dst_len"] = 0
		}
	}
	if err := routeFlags(s, "flags"); err != nil {
		return err
	}
	if isMPLS(s) {
		if err := mplsKeys(s); err != nil {
			return err
		}
	}
	if err := hopKeys(s, ""); err != nil {
		return err
	}
	if m, ok := s["metrics"]; ok {
		mm, ok := asMap(m)
		if !ok {
			return specErr("route", "metrics", m, "is not a dict of metrics")
		}
		mm = maps.Clone(mm)
		if c, ok := mm["congctl"]; ok {
			delete(mm, "congctl")
			mm["cc_algo"] = c
		}
		s["metrics"] = mm
	}
	if mp, ok := s["multipath"]; ok {
		l, ok := asList(mp)
		if !ok {
			return specErr("route", "multipath", mp, "is not a list of next hops")
		}
		hops := make([]any, len(l))
		for i, h := range l {
			hm, ok := asMap(h)
			if !ok {
				return specErr("route", "multipath", h, "is not a next hop dict")
			}
			hm = maps.Clone(hm)
			if err := translateHop(hm); err != nil {
				return err
			}
			hops[i] = hm
		}
		s["multipath"] = hops
	}
	return nil
}

// translateHop rewrites one multipath next hop.
func translateHop(h map[string]any) error {
	if _, ok := h["ifindex"]; ok {
		h["oif"] = h["ifindex"]
		delete(h, "ifindex")
	}
	if err := oneIndex(h, "oif", "multipath.oif"); err != nil {
		return err
	}
	if w, ok := h["weight"]; ok {
		delete(h, "weight")
		n, neg, ok := asInt(w)
		if !ok || neg || n < 1 || n > 256 {
			return specErr("route", "multipath.weight", w, "is not in 1 … 256")
		}
		h["hops"] = n - 1
	}
	if err := routeFlags(h, "flags"); err != nil {
		return err
	}
	return hopKeys(h, "multipath.")
}

// hopKeys translates the keywords a route and a hop share: via, newdst,
// encap.
func hopKeys(s map[string]any, path string) error {
	if v, ok := s["via"]; ok {
		b, err := parseViaSpec(path+"via", v)
		if err != nil {
			return err
		}
		s["via"] = b
	}
	if v, ok := s["newdst"]; ok {
		l, err := ParseMPLSLabels(path+"newdst", v)
		if err != nil {
			return err
		}
		s["newdst"] = labelsValue(l)
	}
	if v, ok := s["encap"]; ok {
		e, err := parseEncap(path+"encap", v)
		if err != nil {
			return err
		}
		s["encap_type"], s["encap"] = encapSpec(e)
	}
	return nil
}

// parseViaSpec reads a via: an address, or {"family": …, "addr": …}.
func parseViaSpec(key string, v any) ([]byte, error) {
	var a netip.Addr
	var ok bool
	if m, isMap := asMap(v); isMap {
		a, ok = asAddr(m["addr"])
		if f, given := m["family"]; given && ok {
			fam, neg, isInt := asInt(f)
			want := uint64(uapi.AF_INET)
			if a.Is6() && !a.Is4In6() {
				want = uapi.AF_INET6
			}
			if !isInt || neg || fam != want {
				return nil, specErr("route", key+".family", f, "does not match the address")
			}
		}
	} else {
		a, ok = asAddr(v)
	}
	if !ok {
		return nil, specErr("route", key, v, "is not an address or {family, addr}")
	}
	var buf [18]byte
	return slices.Clone(viaBytes(a, &buf)), nil
}

// oneIndex takes an interface index, or one given as a one-element list.
func oneIndex(s map[string]any, k, path string) error {
	v, ok := s[k]
	if !ok {
		return nil
	}
	if l, isList := asList(v); isList {
		if len(l) != 1 {
			return specErr("route", path, v, "is not one interface index")
		}
		v = l[0]
	}
	n, neg, isInt := asInt(v)
	if !isInt || neg || n > 1<<31-1 {
		return specErr("route", path, v, "is not an interface index")
	}
	s[k] = n
	return nil
}

// byName replaces a name by its number, and checks a number's range.
func byName(s map[string]any, k string, t *NameTable) error {
	v, ok := s[k]
	if !ok {
		return nil
	}
	if str, isStr := v.(string); isStr {
		n, ok := t.Lookup(str)
		if !ok {
			return specErr("route", k, v, "is not a known name or number")
		}
		s[k] = n
		return nil
	}
	if n, neg, isInt := asInt(v); !isInt || neg || n > t.max {
		return specErr("route", k, v, "is out of range")
	}
	return nil
}

// routeFlags reads flags as an int or a list of names, and "onlink".
func routeFlags(s map[string]any, k string) error {
	var f uint64
	if v, ok := s[k]; ok {
		if l, isList := asList(v); isList {
			for _, x := range l {
				name, _ := x.(string)
				bit, known := routeFlagTable[name]
				if !known {
					return specErr("route", k, x, "is not a route flag (onlink, pervasive)")
				}
				f |= uint64(bit)
			}
		} else if n, neg, isInt := asInt(v); isInt && !neg {
			f = n
		} else {
			return specErr("route", k, v, "is not flags (an int or a list of names)")
		}
	}
	if v, ok := s["onlink"]; ok {
		delete(s, "onlink")
		if b, isBool := v.(bool); !isBool {
			return specErr("route", "onlink", v, "is not a bool")
		} else if b {
			f |= uapi.RTNH_F_ONLINK
		}
	}
	if _, ok := s[k]; ok || f != 0 {
		s[k] = f
	}
	return nil
}

// mplsKeys translates an AF_MPLS route: dst is an incoming label
// (RTA_DST, one label stack entry with bottom of stack), dst_len 20,
// the gateway a via.
func mplsKeys(s Spec) error {
	if d, ok := s["dst"]; ok {
		l, err := ParseMPLSLabels("dst", d)
		if err != nil {
			return err
		}
		if len(l) != 1 {
			return specErr("route", "dst", d, "is not one MPLS label")
		}
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], l[0].lse(true))
		s["dst"] = b[:]
		s["dst_len"] = 20
	}
	if g, ok := s["gateway"]; ok {
		if _, has := s["via"]; !has {
			delete(s, "gateway")
			s["via"] = g
		}
	}
	return nil
}

// finishMPLS puts an AF_MPLS route in the codec's dict form: the MPLS
// kernel refuses RTA_TABLE, which the keyword "table" always sends, so
// the header fields go as fields and the attributes in type order.
func finishMPLS(s Spec) Spec {
	if !isMPLS(s) {
		return s
	}
	type kv struct {
		t uint16
		k string
		v any
	}
	var attrs []kv
	out := Spec{}
	for k, v := range s {
		if codec.RtMsg.FieldIndex(k) >= 0 {
			out[k] = v
			continue
		}
		if sp := codec.Route.Attrs.ByName(k); sp != nil {
			attrs = append(attrs, kv{sp.Type, sp.Name, v})
			continue
		}
		attrs = append(attrs, kv{0xffff, k, v}) // unknown: the codec names it
	}
	slices.SortStableFunc(attrs, func(a, b kv) int { return int(a.t) - int(b.t) })
	l := make([]any, 0, len(attrs))
	for _, a := range attrs {
		l = append(l, []any{a.k, a.v})
	}
	out["attrs"] = l
	return out
}
