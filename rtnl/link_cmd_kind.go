package rtnl

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/nlroute/nlroute/codec"
)

// The kinds of the link object's generic path: "kind" and the keywords
// of a kind moved into IFLA_LINKINFO, and the names and shapes pyroute2
// accepts for kind data translated into the schema's values.

// linkInfoTable returns the IFLA_INFO_DATA table of kind, or nil.
func linkInfoTable(kind string) *codec.Table {
	li := codec.Link.Attrs.ByName("IFLA_LINKINFO")
	if li == nil || li.Nested == nil {
		return nil
	}
	d := li.Nested.ByName("IFLA_INFO_DATA")
	if d == nil || d.Select == nil {
		return nil
	}
	return d.Select.ByName[kind]
}

// kindTablePrefix is each kind's own keyword prefix in its data table.
var kindTablePrefix = map[string]string{
	"bridge": "br_", "vxlan": "vxlan_", "macvlan": "macvlan_", "macvtap": "macvlan_",
	"vlan": "vlan_", "ipvlan": "ipvlan_", "ipvtap": "ipvlan_", "vrf": "vrf_",
	"gre": "gre_", "gretap": "gre_", "erspan": "gre_", "ip6gre": "gre_", "ip6gretap": "gre_", "ip6erspan": "gre_",
	"ipip": "iptun_", "ip6tnl": "iptun_", "sit": "iptun_", "vti": "vti_", "vti6": "vti_",
	"geneve": "geneve_", "bond": "bond_", "tun": "tun_", "xfrm": "xfrm_", "netkit": "netkit_",
	"gtp": "gtp_", "bareudp": "bareudp_", "macsec": "macsec_", "hsr": "hsr_", "ipoib": "ipoib_",
	"ppp": "ppp_", "rmnet": "rmnet_",
}

// dataKeyword returns the data-table keyword that top-level keyword k
// means for kind, if any.
func dataKeyword(kind, k string) (string, bool) {
	t := linkInfoTable(kind)
	if t == nil {
		return "", false
	}
	switch {
	case k == "peer" && kind == "veth":
		return "peer", true
	case k == "peer" && kind == "netkit":
		return "netkit_peer_info", true
	case kind == "ipoib" && (k == "pkey" || k == "mode" || k == "umcast"):
		return "ipoib_" + k, true
	case kind == "vxlan" && k == "vxlan_external":
		return "vxlan_collect_metadata", true
	}
	if strings.HasPrefix(k, "IFLA_") && t.ByName(k) != nil {
		return k, true
	}
	own := kindTablePrefix[kind]
	for _, p := range []string{kind + "_", own} {
		if p != "" && strings.HasPrefix(k, p) {
			if c := own + k[len(p):]; t.ByName(c) != nil {
				return c, true
			}
		}
	}
	return "", false
}

// kindsOfKeyword returns the kinds whose data k names, the kinds whose
// own name prefixes k first.
func kindsOfKeyword(k string) []string {
	var named, other []string
	for kind := range kindTablePrefix {
		if _, ok := dataKeyword(kind, k); ok && k != "peer" {
			if strings.HasPrefix(k, kind+"_") {
				named = append(named, kind)
			} else {
				other = append(other, kind)
			}
		}
	}
	slices.Sort(named)
	slices.Sort(other)
	if len(named) > 0 {
		return named
	}
	return other
}

var tuntapKeys = []string{"mode", "uid", "gid", "ifr", "multi_queue", "no_pi", "vnet_hdr", "one_queue", "persistent"}

// linkKind moves "kind" and the kind's keywords into IFLA_LINKINFO.
func linkKind(out Spec, path string, create bool) error {
	li, ok := linkInfoOf(out)
	if !ok {
		return nil
	}
	kind, err := takeKind(out, li, path)
	if err != nil {
		return err
	}
	if kind == "tuntap" || kind == "tun" && lkHasAny(out, tuntapKeys) {
		return tuntapSpec(out, path, create)
	}
	data := linkInfoData(li)
	if err := moveKindKeywords(out, data, kind, path); err != nil {
		return err
	}
	if kind == "" {
		if len(li) > 0 {
			out["linkinfo"] = li
		}
		return nil
	}
	li["kind"] = kind
	if err := putKindData(li, data, kind, path, create); err != nil {
		return err
	}
	out["linkinfo"] = li
	return nil
}

// linkInfoOf returns a copy of the "linkinfo" keyword's map to add the
// kind to, or false when it goes as it is: pyroute2's dict form, or a
// value the codec will say what is wrong with.
func linkInfoOf(out Spec) (Spec, bool) {
	switch x := out["linkinfo"].(type) {
	case nil:
		return Spec{}, true
	case Spec:
		if lkIsDict(x) {
			return nil, false
		}
		return maps.Clone(x), true
	case map[string]any:
		if _, ok := x["attrs"]; ok {
			return nil, false
		}
		return maps.Clone(Spec(x)), true
	}
	return nil, false
}

// takeKind removes the top-level "kind" from out and returns the kind,
// which must agree with linkinfo's own.
func takeKind(out, li Spec, path string) (string, error) {
	kind, _ := li["kind"].(string)
	v, ok := out["kind"]
	if !ok {
		return kind, nil
	}
	delete(out, "kind")
	s, isStr := v.(string)
	if !isStr || s == "" {
		return "", linkSpecError(path+"kind", v, "is not a kind name")
	}
	if kind != "" && kind != s {
		return "", linkSpecError(path+"kind", v, "contradicts linkinfo.kind "+kind)
	}
	return s, nil
}

// linkInfoData returns a copy of linkinfo's "data" map to add keywords
// to, or nil when it is raw data of a kind we have no table for.
func linkInfoData(li Spec) Spec {
	switch x := li["data"].(type) {
	case Spec:
		return maps.Clone(x)
	case map[string]any:
		return maps.Clone(Spec(x))
	case []byte, string:
		return nil
	}
	return Spec{}
}

// moveKindKeywords moves the top-level keywords of kind from out into
// data; a keyword of another kind (or of a kind when none is given) is
// an error naming the kinds it belongs to.
func moveKindKeywords(out, data Spec, kind, path string) error {
	for k, v := range out {
		if isLinkKeyword(k) {
			continue
		}
		if kind != "" {
			if dk, ok := dataKeyword(kind, k); ok {
				if data == nil {
					return linkSpecError(path+k, v, "cannot join raw linkinfo data")
				}
				delete(out, k)
				data[dk] = v
				continue
			}
		}
		if kinds := kindsOfKeyword(k); len(kinds) > 0 {
			if kind == "" {
				return linkSpecError(path+k, v, "is a keyword of kind "+strings.Join(kinds, "/")+": give kind")
			}
			return linkSpecError(path+k, v, "is a keyword of kind "+strings.Join(kinds, "/")+", not of kind "+kind)
		}
	}
	return nil
}

// putKindData sets linkinfo's "data": the translated keywords, or raw
// data (data nil) as the codec's hex form.
func putKindData(li, data Spec, kind, path string, create bool) error {
	if data == nil {
		switch x := li["data"].(type) {
		case []byte:
			li["data"] = map[string]any{"hex": fmt.Sprintf("%x", x)}
		case string:
			li["data"] = map[string]any{"hex": x}
		}
		return nil
	}
	if err := kindValues(kind, data, path); err != nil {
		return err
	}
	if (kind == "veth") && create && path == "" {
		if _, ok := data["peer"]; !ok {
			return linkSpecError("peer", nil, "is required for kind veth")
		}
	}
	if len(data) > 0 {
		li["data"] = data
	} else {
		delete(li, "data")
	}
	return nil
}

func lkHasAny(s Spec, keys []string) bool {
	for _, k := range keys {
		if _, ok := s[k]; ok {
			return true
		}
	}
	return false
}

// isLinkKeyword reports whether k is a keyword of the link message
// itself: an ifinfomsg field or a top-level attribute.
func isLinkKeyword(k string) bool {
	return codec.IfInfoMsg.FieldIndex(k) >= 0 || codec.Link.Attrs.ByName(k) != nil || strings.HasPrefix(k, "\x00")
}

// kindValues translates the names and shapes pyroute2 accepts for kind
// data into the schema's values.
func kindValues(kind string, data Spec, path string) error {
	for k, v := range data {
		nv, err := kindValue(kind, k, v)
		if err != nil {
			return linkSpecError(path+k, v, err.Error())
		}
		if nv == nil {
			delete(data, k)
			continue
		}
		data[k] = nv
	}
	// An IPv6 group, local or remote goes into its IPv6 attribute.
	for _, m := range [][2]string{{"vxlan_group", "vxlan_group6"}, {"vxlan_local", "vxlan_local6"}, {"geneve_remote", "geneve_remote6"}} {
		if v, ok := data[m[0]]; ok {
			if a, ok := lkAddrOf(v); ok && a.Is6() && !a.Is4In6() {
				delete(data, m[0])
				data[m[1]] = v
			}
		}
	}
	if strings.HasPrefix(kindTablePrefix[kind], "gre_") {
		// A key implies its flag, as in ip-link(8).
		for _, d := range [][2]string{{"gre_ikey", "gre_iflags"}, {"gre_okey", "gre_oflags"}} {
			if _, ok := data[d[0]]; ok {
				f, _, _ := asInt(data[d[1]])
				data[d[1]] = f | GREKey
			}
		}
	}
	if kind == "veth" || kind == "netkit" {
		k := "peer"
		if kind == "netkit" {
			k = "netkit_peer_info"
		}
		if p, ok := data[k]; ok {
			ps, err := peerSpec(p)
			if err != nil {
				return err
			}
			data[k] = ps
		}
	}
	return nil
}

// peerSpec translates a veth peer: a name, or a link Spec.
func peerSpec(v any) (Spec, error) {
	switch x := v.(type) {
	case string:
		if len(x) > maxIfName {
			return nil, linkSpecError("peer", v, "is longer than 15 bytes")
		}
		return Spec{"ifname": x}, nil
	case Spec:
		return translateLink(x, "peer.", false)
	case map[string]any:
		return translateLink(Spec(x), "peer.", false)
	}
	return nil, linkSpecError("peer", v, "is not a name or a link spec")
}

func lkAddrOf(v any) (netip.Addr, bool) {
	switch x := v.(type) {
	case netip.Addr:
		return x, true
	case string:
		a, err := netip.ParseAddr(x)
		return a, err == nil
	}
	return netip.Addr{}, false
}

var kindValueNames = map[string]map[string]uint64{
	"macvlan_mode":         {"private": 1, "vepa": 2, "bridge": 4, "passthru": 8, "source": 16},
	"macvlan_macaddr_mode": {"add": 0, "del": 1, "flush": 2, "set": 3},
	"ipvlan_mode":          {"l2": 0, "l3": 1, "l3s": 2},
	"vlan_protocol":        {"802.1q": 0x8100, "802.1Q": 0x8100, "802.1ad": 0x88a8},
	"br_vlan_protocol":     {"802.1q": 0x8100, "802.1Q": 0x8100, "802.1ad": 0x88a8},
	"bond_mode": {"balance-rr": 0, "active-backup": 1, "balance-xor": 2, "broadcast": 3,
		"802.3ad": 4, "balance-tlb": 5, "balance-alb": 6},
	"ipoib_mode":  {"datagram": 0, "connected": 1},
	"netkit_mode": {"l2": 0, "l3": 1},
}

// kindValue translates one data value; nil drops the keyword.
func kindValue(kind, k string, v any) (any, error) {
	if err := kindLimit(k, v); err != nil {
		return nil, err
	}
	if names, ok := kindValueNames[k]; ok {
		if s, isStr := v.(string); isStr {
			n, ok := names[s]
			if !ok {
				return nil, fmt.Errorf("is not one of %v", slices.Sorted(maps.Keys(names)))
			}
			return n, nil
		}
	}
	switch k {
	case "vxlan_ttl_inherit":
		// A flag in requests (a u8 in the kernel's replies, which the
		// schema decodes): an empty raw value when on.
		if on, ok := lkTruthy(v); !ok {
			return nil, fmt.Errorf("is not a bool")
		} else if !on {
			return nil, nil
		}
		return map[string]any{"hex": ""}, nil
	case "gre_iflags", "gre_oflags":
		// pyroute2 writes these as the host-order u16 of the big-endian
		// flags (32 for GRE_KEY); no GRE flag lives in the low byte of
		// the network-order value, so such a value is swapped.
		if u, neg, ok := asInt(v); ok && !neg && u != 0 && u < 0x100 {
			return (u&0xff)<<8 | u>>8, nil
		}
	case "vlan_egress_qos", "vlan_ingress_qos":
		if l, ok := v.([]any); ok {
			return lkQoSList(l)
		}
		if l, ok := v.([]map[string]any); ok {
			return lkQoSList(lkAnySlice(l))
		}
	case "macvlan_macaddr_data":
		if l, ok := v.([]any); ok {
			return lkMACList(l)
		}
		if l, ok := v.([]string); ok {
			return lkMACList(lkAnySlice(l))
		}
	case "bond_arp_ip_target":
		if l, ok := v.([]any); ok {
			return lkSlotList("IFLA_BOND_ARP_IP_TARGET_", l)
		}
		if l, ok := v.([]string); ok {
			return lkSlotList("IFLA_BOND_ARP_IP_TARGET_", lkAnySlice(l))
		}
	}
	return v, nil
}

func lkAnySlice[T any](l []T) []any {
	out := make([]any, len(l))
	for i := range l {
		out[i] = l[i]
	}
	return out
}

func lkTruthy(v any) (bool, bool) {
	if b, ok := v.(bool); ok {
		return b, true
	}
	u, _, ok := asInt(v)
	return u != 0, ok
}

func lkQoSList(l []any) (any, error) {
	attrs := make([]any, 0, len(l))
	for _, m := range l {
		if _, ok := m.(map[string]any); !ok {
			if _, ok := m.(Spec); !ok {
				return nil, fmt.Errorf("is not a list of {from, to} maps")
			}
		}
		attrs = append(attrs, []any{"IFLA_VLAN_QOS_MAPPING", m})
	}
	return Spec{"attrs": attrs}, nil
}

func lkMACList(l []any) (any, error) {
	attrs := make([]any, 0, len(l))
	for _, m := range l {
		mac, err := parseMAC(m)
		if err != nil {
			return nil, fmt.Errorf("holds %v, which %w", m, err)
		}
		attrs = append(attrs, []any{"IFLA_MACVLAN_MACADDR", mac})
	}
	return Spec{"attrs": attrs}, nil
}

func lkSlotList(prefix string, l []any) (any, error) {
	if len(l) > 16 {
		return nil, fmt.Errorf("holds more than 16 addresses")
	}
	attrs := make([]any, 0, len(l))
	for i, a := range l {
		attrs = append(attrs, []any{fmt.Sprintf("%s%d", prefix, i), a})
	}
	return Spec{"attrs": attrs}, nil
}
