package main

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
)

// lineFunc renders one message as a human-readable line (without its
// newline), in the spirit of `ip -br`: the key fields, words iproute2
// would use.
type lineFunc func(n ifNames, m *codec.Msg) string

// line builds a line of space-separated words and fixed-width columns.
type line struct{ b strings.Builder }

// col adds s padded to width (columns line up while values fit).
func (l *line) col(width int, s string) {
	l.sep()
	l.b.WriteString(s)
	for i := len(s); i < width; i++ {
		l.b.WriteByte(' ')
	}
}

// add adds words.
func (l *line) add(words ...string) {
	for _, w := range words {
		l.sep()
		l.b.WriteString(w)
	}
}

func (l *line) sep() {
	if s := l.b.String(); len(s) > 0 && s[len(s)-1] != ' ' {
		l.b.WriteByte(' ')
	}
}

func (l *line) String() string { return strings.TrimRight(l.b.String(), " ") }

func itoa[T ~int | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64](v T) string {
	return strconv.FormatInt(int64(v), 10)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func macString(hw net.HardwareAddr) string {
	if len(hw) == 0 {
		return ""
	}
	return hw.String()
}

// linkLine: index, name, operational state, mtu, address, kind, master.
func linkLine(n ifNames, m *codec.Msg) string {
	l := rtnl.AsLink(m)
	var b line
	b.col(4, itoa(l.Index()))
	name := string(l.Name())
	if peer := l.Link(); peer != 0 && peer != l.Index() {
		if _, nsid := l.LinkNetNSID(); nsid {
			name += "@if" + itoa(peer)
		} else {
			name += "@" + n.of(peer)
		}
	}
	b.col(16, name)
	b.col(8, l.OperStateString())
	b.col(9, "mtu "+itoa(l.MTU()))
	b.col(17, orDash(macString(l.Address())))
	b.add(orDash(string(l.Kind())))
	if master := l.Master(); master != 0 {
		b.add("master", n.of(master))
	}
	if !l.Up() {
		b.add("down")
	}
	return b.String()
}

// brportLine: a bridge port (AF_BRIDGE link message): index, name,
// state, master and its STP port state.
func brportLine(n ifNames, m *codec.Msg) string {
	l := rtnl.AsLink(m)
	var b line
	b.col(4, itoa(l.Index()))
	b.col(16, string(l.Name()))
	b.col(8, l.OperStateString())
	if master := l.Master(); master != 0 {
		b.add("master", n.of(master))
	}
	if v, ok := m.Get("IFLA_PROTINFO", "IFLA_BRPORT_STATE"); ok {
		if s, ok := v.Uint(); ok {
			b.add("state", nameOf(stpStates, uint8(s)))
		}
	}
	if v, ok := m.Get("IFLA_PROTINFO", "IFLA_BRPORT_COST"); ok {
		if c, ok := v.Uint(); ok {
			b.add("cost", itoa(c))
		}
	}
	return b.String()
}

var stpStates = map[uint8]string{0: "disabled", 1: "listening", 2: "learning", 3: "forwarding", 4: "blocking"}

// addrLine: index, label (or interface name), family, address/prefix,
// scope, and the peer of a point-to-point address.
func addrLine(n ifNames, m *codec.Msg) string {
	a := rtnl.AsAddr(m)
	var b line
	b.col(4, itoa(a.Index()))
	name := string(a.Label())
	if name == "" {
		name = n.of(a.Index())
	}
	b.col(16, name)
	b.col(6, nameOf(familyNames, a.Family()))
	p := a.Prefix()
	b.col(20, orDash(prefixString(p)))
	if peer := a.Address(); a.Local().IsValid() && peer.IsValid() && peer != a.Local() {
		b.add("peer", netip.PrefixFrom(peer, a.PrefixLen()).String())
	}
	b.add("scope", nameOf(scopes, uint8(a.Scope())))
	return b.String()
}

func prefixString(p netip.Prefix) string {
	if !p.IsValid() {
		return ""
	}
	return p.String()
}

// routeLine: as `ip route`: [type] dst, via/dev or the next hops, table,
// proto, scope, metric.
func routeLine(n ifNames, m *codec.Msg) string {
	r := rtnl.AsRoute(m)
	var b line
	if t := r.Type(); t != rtnl.RouteUnicast {
		b.add(nameOf(routeTypes, uint8(t)))
	}
	b.add(routeDst(r))
	if s := r.Src(); r.SrcLen() > 0 && s.IsValid() {
		if s.IsSingleIP() {
			b.add("from", s.Addr().String())
		} else {
			b.add("from", s.String())
		}
	}
	if id := r.NHID(); id != 0 {
		b.add("nhid", itoa(id))
	}
	if gw := r.Gateway(); gw.IsValid() {
		b.add("via", gw.String())
	} else if via := r.Via(); via.IsValid() {
		b.add("via", nameOf(familyNames, familyOf(via)), via.String())
	}
	if oif := r.OIF(); oif != 0 {
		b.add("dev", n.of(oif))
	}
	if e := r.EncapType(); e != 0 {
		b.add("encap", nameOf(encapTypes, e))
	}
	b.add("table", nameOf(tables, uint32(r.Table())), "proto", nameOf(routeProtos, uint8(r.Proto())))
	if s := r.Scope(); s != rtnl.ScopeUniverse {
		b.add("scope", nameOf(scopes, uint8(s)))
	}
	if src := r.PrefSrc(); src.IsValid() {
		b.add("src", src.String())
	}
	if m.Has("priority") {
		b.add("metric", itoa(r.Priority()))
	}
	hops := r.Multipath()
	for hops.Next() {
		h := hops.Hop()
		b.add("nexthop")
		if gw := h.Gateway(); gw.IsValid() {
			b.add("via", gw.String())
		}
		if h.OIF != 0 {
			b.add("dev", n.of(h.OIF))
		}
		b.add("weight", itoa(h.Weight))
	}
	return b.String()
}

func routeDst(r rtnl.RouteView) string {
	if r.IsDefault() {
		return "default"
	}
	if p := r.Dst(); p.IsValid() {
		if p.IsSingleIP() {
			return p.Addr().String()
		}
		return p.String()
	}
	if v, ok := r.Msg().GetAttr("dst"); ok { // MPLS labels and the like
		return fmt.Sprintf("%x/%d", v.Bytes(), r.DstLen())
	}
	return "-"
}

func familyOf(a netip.Addr) uint8 {
	if a.Is4() {
		return uapi.AF_INET
	}
	return uapi.AF_INET6
}

// ruleLine: as `ip rule`: family, priority, selectors, action.
func ruleLine(_ ifNames, m *codec.Msg) string {
	r := rtnl.AsRule(m)
	var b line
	b.col(6, nameOf(familyNames, r.Family()))
	b.col(7, itoa(r.Priority())+":")
	if r.Flags()&0x2 != 0 { // FIB_RULE_INVERT
		b.add("not")
	}
	if s := r.Src(); s.IsValid() && r.SrcLen() > 0 {
		b.add("from", s.String())
	} else {
		b.add("from", "all")
	}
	if d := r.Dst(); d.IsValid() && r.DstLen() > 0 {
		b.add("to", d.String())
	}
	if t := r.TOS(); t != 0 {
		b.add("tos", "0x"+strconv.FormatUint(uint64(t), 16))
	}
	if mark := r.FwMark(); mark != 0 || m.Has("fwmask") {
		s := "0x" + strconv.FormatUint(uint64(mark), 16)
		if mask := r.FwMask(); m.Has("fwmask") && mask != 0xffffffff {
			s += "/0x" + strconv.FormatUint(uint64(mask), 16)
		}
		b.add("fwmark", s)
	}
	if s := r.IIFName(); len(s) > 0 {
		b.add("iif", string(s))
	}
	if s := r.OIFName(); len(s) > 0 {
		b.add("oif", string(s))
	}
	ruleSelectors(&b, m)
	switch a := r.Action(); a {
	case uapi.FR_ACT_TO_TBL:
		if !(r.Table() == rtnl.TableUnspec && m.Has("FRA_L3MDEV")) {
			b.add("lookup", nameOf(tables, uint32(r.Table())))
		}
	case uapi.FR_ACT_GOTO:
		b.add("goto", itoa(r.Goto()))
	default:
		b.add(nameOf(ruleActions, a))
	}
	if p := r.Proto(); p != rtnl.ProtoUnspec {
		b.add("proto", nameOf(routeProtos, uint8(p)))
	}
	return b.String()
}

// neighLine: as `ip neigh`: address, dev, lladdr, state, flags.
func neighLine(n ifNames, m *codec.Msg) string {
	v := rtnl.AsNeigh(m)
	var b line
	b.add(orDash(addrString(v.Dst())), "dev", n.of(v.IfIndex()))
	if hw := v.LLAddr(); len(hw) > 0 {
		b.add("lladdr", hw.String())
	}
	if v.Flags()&uapi.NTF_ROUTER != 0 {
		b.add("router")
	}
	if v.Flags()&uapi.NTF_PROXY != 0 {
		b.add("proxy")
	}
	b.add(nudString(uint16(v.State())))
	return b.String()
}

func addrString(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

// fdbLine: as `bridge fdb`: lladdr, dev, vlan, remote, master, flags,
// state.
func fdbLine(n ifNames, m *codec.Msg) string {
	v := rtnl.AsNeigh(m)
	var b line
	b.add(orDash(macString(v.LLAddr())), "dev", n.of(v.IfIndex()))
	if vlan := v.VLAN(); vlan != 0 {
		b.add("vlan", itoa(vlan))
	}
	if d := v.Dst(); d.IsValid() {
		b.add("dst", d.String())
	}
	if vni := v.VNI(); vni != 0 {
		b.add("vni", itoa(vni))
	}
	if master := v.Master(); master != 0 {
		b.add("master", n.of(master))
	}
	f := v.Flags()
	for _, x := range []struct {
		bit  uint8
		name string
	}{{uapi.NTF_SELF, "self"}, {uapi.NTF_MASTER, "master"}, {uapi.NTF_EXT_LEARNED, "extern_learn"}, {uapi.NTF_OFFLOADED, "offload"}, {uapi.NTF_STICKY, "sticky"}} {
		if f&x.bit != 0 && !(x.bit == uapi.NTF_MASTER && v.Master() != 0) {
			b.add(x.name)
		}
	}
	switch s := v.State(); {
	case s&uapi.NUD_PERMANENT != 0:
		b.add("permanent")
	case s&uapi.NUD_NOARP != 0:
		b.add("static")
	case s&uapi.NUD_STALE != 0:
		b.add("stale")
	}
	return b.String()
}

// nexthopLine: as `ip nexthop`: id, group or gateway and device,
// blackhole, scope, protocol.
func nexthopLine(n ifNames, m *codec.Msg) string {
	v := rtnl.AsNexthop(m)
	var b line
	b.add("id", itoa(v.ID()))
	if v.IsGroup() {
		members := make([]string, v.Group())
		for i := range members {
			id, w := v.GroupMember(i)
			members[i] = itoa(id)
			if w != 1 {
				members[i] += "," + itoa(w)
			}
		}
		b.add("group", strings.Join(members, "/"))
	}
	if gw := v.Gateway(); gw.IsValid() {
		b.add("via", gw.String())
	}
	if oif := v.OIF(); oif != 0 {
		b.add("dev", n.of(oif))
	}
	if v.Blackhole() {
		b.add("blackhole")
	}
	if s := v.Scope(); s != rtnl.ScopeUniverse {
		b.add("scope", nameOf(scopes, uint8(s)))
	}
	if p := v.Proto(); p != rtnl.ProtoUnspec {
		b.add("proto", nameOf(routeProtos, uint8(p)))
	}
	return b.String()
}

// ruleSelectors adds the rule selectors without a typed accessor, as
// `ip rule` prints them.
func ruleSelectors(b *line, m *codec.Msg) {
	if v, ok := m.GetAttr("FRA_L3MDEV"); ok {
		if u, _ := v.Uint(); u != 0 {
			b.add("lookup", "[l3mdev-table]")
		}
	}
	if v, ok := m.GetAttr("FRA_UID_RANGE"); ok {
		start, _ := v.Field("start")
		end, _ := v.Field("end")
		b.add("uidrange", itoa(start)+"-"+itoa(end))
	}
	if v, ok := m.GetAttr("FRA_IP_PROTO"); ok {
		u, _ := v.Uint()
		b.add("ipproto", itoa(u))
	}
	for _, x := range [][2]string{{"FRA_SPORT_RANGE", "sport"}, {"FRA_DPORT_RANGE", "dport"}} {
		if v, ok := m.GetAttr(x[0]); ok {
			start, _ := v.Field("start")
			end, _ := v.Field("end")
			s := itoa(start)
			if end != start {
				s += "-" + itoa(end)
			}
			b.add(x[1], s)
		}
	}
	if v, ok := m.GetAttr("FRA_SUPPRESS_PREFIXLEN"); ok {
		if u, _ := v.Int(); u >= 0 && u != 0xffffffff {
			b.add("suppress_prefixlength", itoa(u))
		}
	}
}
