package main

import (
	"strconv"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/rtnl"
)

// tcLine returns the line of a qdisc, class or filter, as tc prints
// them: "qdisc htb 1: dev ve0 root", "class htb 1:10 dev ve0 parent 1:1",
// "filter u32 dev ve0 parent 1: pref 10 protocol ip handle 0x800".
func tcLine(what string) lineFunc {
	return func(n ifNames, m *codec.Msg) string {
		t := rtnl.AsTC(m)
		var b line
		b.add(what, orDash(string(t.Kind())))
		if what != "filter" {
			b.add(handleString(t.Handle()))
		}
		b.add("dev", n.of(t.Index()))
		if p := t.Parent(); p == tcHRoot {
			b.add("root")
		} else {
			b.add("parent", handleString(p))
		}
		if what == "filter" {
			info := t.Info()
			proto := uint16(info)
			proto = proto<<8 | proto>>8 // network order
			b.add("pref", strconv.FormatUint(uint64(info>>16), 10), "protocol", nameOf(ethProtos, proto))
			if v, ok := m.GetAttr("chain"); ok {
				if c, ok := v.Uint(); ok && c != 0 {
					b.add("chain", strconv.FormatUint(c, 10))
				}
			}
			if h := t.Handle(); h != 0 {
				b.add("handle", "0x"+strconv.FormatUint(uint64(h), 16))
			}
		}
		return b.String()
	}
}

// vlanLine: a bridge port's VLANs: "v0 vlan 1 pvid untagged 10-20".
func vlanLine(n ifNames, m *codec.Msg) string {
	var b line
	idx, _ := m.Field("ifindex")
	b.col(16, n.of(int(idx)))
	entries := m.GetAttrs("BRIDGE_VLANDB_ENTRY")
	for entries.Next() {
		info, ok := entries.Value().Nest().GetAttr("BRIDGE_VLANDB_ENTRY_INFO")
		if !ok {
			continue
		}
		vid, _ := info.Field("vid")
		flags, _ := info.Field("flags")
		s := strconv.FormatUint(vid, 10)
		if r, ok := entries.Value().Nest().GetAttr("BRIDGE_VLANDB_ENTRY_RANGE"); ok {
			if end, ok := r.Uint(); ok && end != vid {
				s += "-" + strconv.FormatUint(end, 10)
			}
		}
		b.add("vlan", s)
		if flags&0x2 != 0 { // BRIDGE_VLAN_INFO_PVID
			b.add("pvid")
		}
		if flags&0x4 != 0 { // BRIDGE_VLAN_INFO_UNTAGGED
			b.add("untagged")
		}
	}
	return b.String()
}

// neightblLine: table name, family, and the device its parameters are
// for ("-" for the table's defaults).
func neightblLine(n ifNames, m *codec.Msg) string {
	var b line
	name := ""
	if v, ok := m.GetAttr("name"); ok {
		name = string(trimNUL(v.Bytes()))
	}
	fam, _ := m.Field("family")
	b.col(12, orDash(name))
	b.col(6, nameOf(familyNames, uint8(fam)))
	if v, ok := m.Get("parms", "ifindex"); ok {
		if i, ok := v.Uint(); ok {
			b.add("dev", n.of(int(i)))
		}
	} else {
		for _, k := range []string{"thresh1", "thresh2", "thresh3", "gc_interval"} {
			if v, ok := m.GetAttr(k); ok {
				if u, ok := v.Uint(); ok {
					b.add(k, strconv.FormatUint(u, 10))
				}
			}
		}
	}
	return b.String()
}

// nsidLine: "nsid 7" and the current namespace's id when given.
func nsidLine(_ ifNames, m *codec.Msg) string {
	var b line
	for _, k := range []string{"nsid", "current_nsid", "pid", "fd", "target_nsid"} {
		if v, ok := m.GetAttr(k); ok {
			if i, ok := v.Int(); ok {
				b.add(k, strconv.FormatInt(i, 10))
			}
		}
	}
	return b.String()
}

// statsLine: interface, then the main 64-bit counters.
func statsLine(n ifNames, m *codec.Msg) string {
	var b line
	idx, _ := m.Field("ifindex")
	b.col(4, strconv.FormatUint(idx, 10))
	b.col(16, n.of(int(idx)))
	if v, ok := m.GetAttr("link_64"); ok {
		for _, k := range []string{"rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "rx_dropped", "tx_dropped"} {
			if u, ok := v.Field(k); ok {
				b.add(k, strconv.FormatUint(u, 10))
			}
		}
	}
	return b.String()
}

func trimNUL(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return b
}
