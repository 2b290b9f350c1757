package rtnl

import (
	"context"
	"fmt"
	"maps"
	"net"
	"os"

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
