package rtnl

import (
	"context"
	"fmt"
	"maps"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// The "link" object of the generic path (IPRoute.Do) takes pyroute2's
// keywords for ifinfmsg (ipr.link(command, **spec)):
//
//   - "state": "up" or "down", a shortcut for flags/change: up sets IFF_UP
//     in both, down clears it in flags and sets it in change (pyroute2's
//     documentation reads "mask=0" for down, which the kernel would take
//     as "change nothing");
//   - "kind" at the top level goes into IFLA_LINKINFO/IFLA_INFO_KIND, and
//     keywords prefixed by a kind (vxlan_id, gre_ttl, macvlan_mode,
//     br_stp_state; ipip_…, sit_…, ip6tnl_… for the iptun table; ip6gre_…,
//     gretap_… for the gre one; macvtap_…, ipvtap_…, vti6_…) into
//     IFLA_INFO_DATA; a keyword of another kind than the one given is an
//     error naming it. Mode names are accepted (macvlan_mode "bridge",
//     ipvlan_mode "l3", bond_mode "802.3ad", vlan_protocol "802.1ad",
//     ipoib "mode" "connected");
//   - "peer" of a veth (or netkit): a name, or a full link Spec with its
//     own keywords ("net_ns_fd": "ns" puts the peer in another namespace);
//   - "master": an index; "nomaster": true (IFLA_MASTER 0);
//   - "net_ns_fd": a descriptor, or a namespace name or path, opened for
//     the request ("netns" is the same); "net_ns_pid": a process;
//   - "vf": an SR-IOV VF dict (or a list of them) as pyroute2's: "vf",
//     "mac", "vlan" (an int, or a QinQ list of {"vlan", "qos", "proto"}),
//     "qos", "rate" ({"min_tx_rate", "max_tx_rate"}), "tx_rate",
//     "spoofchk", "trust", "link_state" ("auto", "enable", "disable");
//   - kind "tuntap" with "mode" ("tun"/"tap"), "uid", "gid", "ifr" (a dict
//     of flags) or "multi_queue", "no_pi", "vnet_hdr": created through the
//     TUNSETIFF ioctl as Tuntap is;
//   - every other keyword is an attribute name (mtu → IFLA_MTU), raw
//     IFLA_* names and full nested structures included.
//
// "ifname" (and a peer's) longer than 15 bytes, a malformed "address" or
// "broadcast", a veth without "peer" are errors naming keyword and value,
// and nothing is sent. The commands "property_add" and "property_del"
// add and delete alternative names ("altname": a name or a list),
// RTM_NEWLINKPROP and RTM_DELLINKPROP.

func init() {
	registerPrepare("link", prepareLink)
	registerRun("link", runLink)
	// The property verbs; command.go's init has registered "link" by
	// now (init functions run in file name order).
	if d, ok := lookupObject("link"); ok {
		nd := *d
		nd.Verbs = maps.Clone(d.Verbs)
		if nd.Verbs == nil {
			nd.Verbs = map[string]Verb{}
		}
		nd.Verbs["property_add"] = Verb{OpNew, wire.FlagCreate | wire.FlagAppend}
		nd.Verbs["property_del"] = Verb{OpDel, 0}
		registerObject(&nd)
	}
}

const tuntapKey = "\x00tuntap" // the Tuntap a prepared "add" carries to runLink

func prepareLink(_ context.Context, _ *IPRoute, command string, spec Spec) (Spec, error) {
	switch command {
	case "property_add", "property_del":
		return prepareLinkProp(spec)
	}
	if v, ok := verbs[command]; !ok || (v.Op == OpGet && v.Flags&wire.FlagDump != 0) {
		return spec, nil // a dump's keywords are filters
	}
	return translateLink(spec, "", command == "add")
}

// translateLink rewrites one link Spec (the top level, or a peer's with
// path "peer.").
func translateLink(spec Spec, path string, create bool) (Spec, error) {
	if lkIsDict(spec) {
		return spec, nil // pyroute2's dict form goes as it is
	}
	out := maps.Clone(spec)
	if out == nil {
		out = Spec{}
	}
	if err := linkState(out, path); err != nil {
		return nil, err
	}
	for _, k := range []string{"ifname", "IFLA_IFNAME"} {
		if v, ok := out[k]; ok {
			if s, ok := v.(string); ok && len(s) > maxIfName {
				return nil, linkSpecError(path+k, v, "is longer than 15 bytes")
			}
		}
	}
	for _, k := range []string{"address", "broadcast", "IFLA_ADDRESS", "IFLA_BROADCAST"} {
		if v, ok := out[k]; ok {
			mac, err := parseMAC(v)
			if err != nil {
				return nil, linkSpecError(path+k, v, err.Error())
			}
			out[k] = mac
		}
	}
	if v, ok := out["nomaster"]; ok {
		delete(out, "nomaster")
		if b, isBool := v.(bool); !isBool {
			return nil, linkSpecError(path+"nomaster", v, "is not a bool")
		} else if b {
			out["master"] = 0
		}
	}
	if v, ok := out["netns"]; ok {
		delete(out, "netns")
		out["net_ns_fd"] = v
	}
	if v, ok := out["vf"]; ok {
		delete(out, "vf")
		l, err := vfSpec(v)
		if err != nil {
			return nil, err
		}
		out["vfinfo_list"] = Spec{"attrs": l}
	}
	if err := linkKind(out, path, create); err != nil {
		return nil, err
	}
	return out, nil
}

func lkIsDict(s Spec) bool { _, ok := s["attrs"].([]any); return ok }

// linkState turns "state" into flags and change.
func linkState(out Spec, path string) error {
	v, ok := out["state"]
	if !ok {
		return nil
	}
	delete(out, "state")
	s, _ := v.(string)
	if s != "up" && s != "down" {
		return linkSpecError(path+"state", v, `is not "up" or "down"`)
	}
	flags, err := specUint(out, "flags", path)
	if err != nil {
		return err
	}
	change, err := specUint(out, "change", path)
	if err != nil {
		return err
	}
	if s == "up" {
		flags |= uapi.IFF_UP
	} else {
		flags &^= uapi.IFF_UP
	}
	out["flags"], out["change"] = flags, change|uapi.IFF_UP
	return nil
}

func specUint(s Spec, k, path string) (uint64, error) {
	v, ok := s[k]
	if !ok {
		return 0, nil
	}
	u, neg, ok := asInt(v)
	if !ok || neg {
		return 0, linkSpecError(path+k, v, "is not an unsigned integer")
	}
	return u, nil
}

// parseMAC accepts what a link address keyword takes: "aa:bb:…" (or
// with dashes), net.HardwareAddr, []byte.
func parseMAC(v any) (net.HardwareAddr, error) {
	switch x := v.(type) {
	case net.HardwareAddr:
		if len(x) == 0 || len(x) > 32 {
			return nil, fmt.Errorf("is not a link-layer address")
		}
		return x, nil
	case []byte:
		if len(x) == 0 || len(x) > 32 {
			return nil, fmt.Errorf("is not a link-layer address")
		}
		return net.HardwareAddr(x), nil
	case string:
		m, err := net.ParseMAC(x)
		if err != nil {
			return nil, fmt.Errorf("is not a MAC address")
		}
		return m, nil
	}
	return nil, fmt.Errorf("is not a MAC address")
}

// openSpecNetNS replaces a namespace name or path given as "net_ns_fd" in
// s (and in a veth peer) by an open descriptor, and returns the files to
// close after the request. s is modified: it is runLink's own copy.
func openSpecNetNS(s Spec, path string) ([]*os.File, error) {
	var files []*os.File
	if v, ok := s["net_ns_fd"].(string); ok {
		f, err := openNetNSFile(v)
		if err != nil {
			return nil, linkSpecError(path+"net_ns_fd", v, "is not a network namespace: "+err.Error())
		}
		files = append(files, f)
		s["net_ns_fd"] = int(f.Fd())
	}
	li, _ := s["linkinfo"].(Spec)
	data, _ := li["data"].(Spec)
	for _, k := range []string{"peer", "netkit_peer_info"} {
		if p, ok := data[k].(Spec); ok {
			more, err := openSpecNetNS(p, path+"peer.")
			files = append(files, more...)
			if err != nil {
				lkCloseFiles(files)
				return nil, err
			}
		}
	}
	return files, nil
}

func lkCloseFiles(files []*os.File) {
	for _, f := range files {
		f.Close()
	}
}

// runLink sends a prepared link command: a tuntap through its ioctl,
// the property verbs as RTM_NEWLINKPROP/RTM_DELLINKPROP, the rest as
// Do would, with the namespaces named by net_ns_fd open meanwhile.
func runLink(ctx context.Context, r *IPRoute, d *ObjectDef, command string, v Verb, spec Spec) ([]*codec.Msg, error) {
	op := "link " + command
	if t, ok := spec[tuntapKey].(Tuntap); ok {
		return nil, r.runTuntap(ctx, op, t, spec)
	}
	t := d.msgType(v)
	switch command {
	case "property_add":
		t = uapi.RTM_NEWLINKPROP
	case "property_del":
		t = uapi.RTM_DELLINKPROP
	}
	flags := v.Flags
	if v.Op != OpGet {
		flags |= wire.FlagAck
	}
	if v.Op == OpGet && v.Flags&wire.FlagDump != 0 {
		return r.Request(ctx, op, t, flags, d.Schema, spec)
	}
	spec = deepCloneSpec(spec)
	files, err := openSpecNetNS(spec, "")
	if err != nil {
		return nil, fmt.Errorf("rtnl: %s: %w", op, err)
	}
	defer lkCloseFiles(files)
	return r.Request(ctx, op, t, flags, d.Schema, spec)
}

// deepCloneSpec copies the maps of s that openSpecNetNS may write.
func deepCloneSpec(s Spec) Spec {
	out := maps.Clone(s)
	if li, ok := out["linkinfo"].(Spec); ok {
		li = maps.Clone(li)
		if data, ok := li["data"].(Spec); ok {
			data = maps.Clone(data)
			for _, k := range []string{"peer", "netkit_peer_info"} {
				if p, ok := data[k].(Spec); ok {
					data[k] = deepCloneSpec(p)
				}
			}
			li["data"] = data
		}
		out["linkinfo"] = li
	}
	return out
}

// runTuntap creates a tuntap device, then sets the rest of spec on it.
func (r *IPRoute) runTuntap(ctx context.Context, op string, t Tuntap, spec Spec) error {
	name, _ := spec["ifname"].(string)
	if name == "" {
		return fmt.Errorf("rtnl: %s: %w", op, linkSpecError("ifname", spec["ifname"], "is required for a tuntap"))
	}
	if err := r.createTun(t.sysTun(name)); err != nil {
		return fmt.Errorf("rtnl: %s: %w", op, err)
	}
	rest := maps.Clone(spec)
	delete(rest, tuntapKey)
	delete(rest, "linkinfo")
	if len(rest) == 1 {
		return nil
	}
	_, err := r.Do(ctx, "link", "set", rest)
	return err
}

// prepareLinkProp turns "altname" (a name or a list) into IFLA_PROP_LIST.
func prepareLinkProp(spec Spec) (Spec, error) {
	out := maps.Clone(spec)
	v, ok := out["altname"]
	if !ok {
		return out, nil
	}
	delete(out, "altname")
	var names []string
	switch x := v.(type) {
	case string:
		names = []string{x}
	case []string:
		names = x
	case []any:
		for _, n := range x {
			s, ok := n.(string)
			if !ok {
				return nil, linkSpecError("altname", v, "is not a list of names")
			}
			names = append(names, s)
		}
	default:
		return nil, linkSpecError("altname", v, "is not a name or a list of names")
	}
	attrs := make([]any, 0, len(names))
	for _, n := range names {
		if n == "" || len(n) > 127 {
			return nil, linkSpecError("altname", n, "is not 1 to 127 bytes long")
		}
		attrs = append(attrs, []any{"IFLA_ALT_IFNAME", n})
	}
	out["prop_list"] = Spec{"attrs": attrs}
	return out, nil
}

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
	li := Spec{}
	switch x := out["linkinfo"].(type) {
	case nil:
	case Spec:
		if lkIsDict(x) {
			return nil
		}
		li = maps.Clone(x)
	case map[string]any:
		if _, ok := x["attrs"]; ok {
			return nil
		}
		li = maps.Clone(Spec(x))
	default:
		return nil // the codec says what is wrong with it
	}
	kind, _ := li["kind"].(string)
	if v, ok := out["kind"]; ok {
		delete(out, "kind")
		s, isStr := v.(string)
		if !isStr || s == "" {
			return linkSpecError(path+"kind", v, "is not a kind name")
		}
		if kind != "" && kind != s {
			return linkSpecError(path+"kind", v, "contradicts linkinfo.kind "+kind)
		}
		kind = s
	}
	if kind == "tuntap" || kind == "tun" && lkHasAny(out, tuntapKeys) {
		return tuntapSpec(out, path, create)
	}
	data := Spec{}
	switch x := li["data"].(type) {
	case Spec:
		data = maps.Clone(x)
	case map[string]any:
		data = maps.Clone(Spec(x))
	case nil:
	case []byte, string:
		data = nil // raw data of a kind we have no table for
	}
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
	if kind == "" {
		if len(li) > 0 {
			out["linkinfo"] = li
		}
		return nil
	}
	li["kind"] = kind
	if data != nil {
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
	} else if raw, ok := li["data"].([]byte); ok {
		li["data"] = map[string]any{"hex": fmt.Sprintf("%x", raw)}
	} else if s, ok := li["data"].(string); ok {
		li["data"] = map[string]any{"hex": s}
	}
	out["linkinfo"] = li
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
