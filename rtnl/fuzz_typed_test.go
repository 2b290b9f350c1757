package rtnl

import (
	"errors"
	"fmt"
	"math/rand"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	fuzz "github.com/google/gofuzz"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/codectest"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// FuzzTypedSpecs is structured generation with github.com/google/gofuzz:
// the fuzzer's bytes drive a gofuzz.Fuzzer whose custom functions make
// random but valid typed specs — links of every kind (and port kinds),
// routes with multipath, metrics, MPLS stacks and every encap, rules,
// addresses, neighbours, FDB entries and nexthops. Each spec is encoded
// and then:
//   - the encoder either succeeds or refuses with a *codec.SpecError
//     naming the keyword (the generators stay inside most ranges, so
//     refusals are rare: TestTypedSpecsGenerated counts them),
//   - the message decodes through codec and re-encodes to the same
//     bytes, and every attribute it holds, nests included, is one the
//     schema knows, with the width the schema gives it,
//   - the typed view of the decoded message gives back the spec's
//     fields (checkXxx below compare them one by one).
//
// The same generators feed TestTypedSpecsKernel, which sends a bounded
// sample to the kernel in a throwaway namespace.
func FuzzTypedSpecs(f *testing.F) {
	r := rand.New(rand.NewSource(1))
	for fam := range typedFamilies {
		for range 3 {
			seed := make([]byte, 64)
			r.Read(seed)
			seed[0] = byte(fam)
			f.Add(seed)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		fam := typedFamilies[int(data[0])%len(typedFamilies)]
		c := fam.gen(newSpecGen(data[1:]))
		checkTypedCase(t, c)
	})
}

// genCase is one generated spec: how to encode it, how to check the
// decoded message against it, and how to send it.
type genCase struct {
	name   string
	spec   any
	encode func(b *wire.Builder) error
	check  func(t *testing.T, m *codec.Msg)
}

// checkTypedCase runs the properties of FuzzTypedSpecs on c; it returns
// the encoder's refusal, or nil when it accepted the spec.
func checkTypedCase(t *testing.T, c genCase) *codec.SpecError {
	t.Helper()
	var b wire.Builder
	if err := c.encode(&b); err != nil {
		var se *codec.SpecError
		if !errors.As(err, &se) || se.Keyword == "" || !strings.Contains(err.Error(), se.Keyword) {
			t.Fatalf("%s: %+v: encode error %v (%T) is not a spec error naming its keyword", c.name, c.spec, err, err)
		}
		if len(b.Bytes()) != 0 {
			t.Fatalf("%s: a refused spec left %d bytes in the builder", c.name, len(b.Bytes()))
		}
		return se
	}
	it := wire.NewMessages(b.Bytes())
	if !it.Next() {
		t.Fatalf("%s: %+v: no message encoded: %v", c.name, c.spec, it.Err())
	}
	schema := codec.SchemaFor(it.Message().Header.Type)
	if schema == nil {
		t.Fatalf("%s: message type %d has no schema", c.name, it.Message().Header.Type)
	}
	decoded := codectest.DecodeAll(t, schema, b.Bytes()) // byte-exact re-encode
	if len(decoded) != 1 {
		t.Fatalf("%s: %d messages encoded", c.name, len(decoded))
	}
	if err := codectest.Conform(decoded[0].Msg, "IFLA_VXLAN_TTL_INHERIT"); err != nil {
		t.Fatalf("%s: %+v: %v\n%s", c.name, c.spec, err, decoded[0].JSON)
	}
	c.check(t, decoded[0].Msg)
	return nil
}

// typedFamilies are the spec generators, one per object.
var typedFamilies = []struct {
	name string
	gen  func(g *specGen) genCase
}{
	{"link", genLinkCase},
	{"route", genRouteCase},
	{"rule", genRuleCase},
	{"addr", genAddrCase},
	{"neigh", genNeighCase},
	{"fdb", genFDBCase},
	{"nexthop", genNexthopCase},
}

// specGen holds a gofuzz.Fuzzer set up to make valid specs, and the
// address family the current spec keeps to (so a route's addresses
// agree, as the kernel requires).
type specGen struct {
	f     *fuzz.Fuzzer
	r     *rand.Rand // for choices outside a fill
	v6    bool
	depth int // of nested Links (a veth's peer)
}

func newSpecGen(data []byte) *specGen {
	g := &specGen{}
	var seed int64
	for i, c := range data[:min(len(data), 8)] {
		seed |= int64(c) << (8 * i)
	}
	g.r = rand.New(rand.NewSource(seed))
	g.v6 = seed&1 == 1
	g.f = fuzz.NewFromGoFuzz(data).NilChance(0.25).NumElements(0, 3).MaxDepth(8).Funcs(
		func(a *netip.Addr, c fuzz.Continue) { *a = g.addr(c) },
		func(p *netip.Prefix, c fuzz.Continue) {
			a := g.addr(c)
			if !a.IsValid() {
				*p = netip.Prefix{}
				return
			}
			*p = netip.PrefixFrom(a, c.Intn(a.BitLen()+1))
		},
		func(m *net.HardwareAddr, c fuzz.Continue) {
			if c.Intn(3) == 0 {
				*m = nil
				return
			}
			mac := make(net.HardwareAddr, 6)
			c.Read(mac)
			mac[0] &^= 1 // unicast
			*m = mac
		},
		func(s *string, c fuzz.Continue) { *s = genName(c) },
		func(u *uint64, c fuzz.Continue) { *u = uint64(smallish(c)) },
		func(u *uint32, c fuzz.Continue) { *u = smallish(c) },
		func(u *uint16, c fuzz.Continue) { *u = uint16(smallish(c)) },
		func(i *int, c fuzz.Continue) { *i = c.Intn(64) },
		func(i *int32, c fuzz.Continue) { *i = int32(c.Intn(64)) },
		func(t *Toggle, c fuzz.Continue) { *t = Toggle(c.Intn(3)) },
		func(s *LinkState, c fuzz.Continue) { *s = LinkState(c.Intn(3)) },
		func(l *MPLSLabel, c fuzz.Continue) {
			*l = MPLSLabel{Label: 16 + uint32(c.Intn(MPLSLabelMax-16)), TC: uint8(c.Intn(8)), TTL: uint8(c.Intn(256))}
		},
		func(l *Link, c fuzz.Continue) { g.link(l, c) },
		func(i *LinkInfo, c fuzz.Continue) { *i = g.linkInfo(c) },
		func(i *LinkSlaveInfo, c fuzz.Continue) { *i = g.slaveInfo(c) },
		func(e *Encap, c fuzz.Continue) { *e = g.encap(c) },
		func(p *BPFProg, c fuzz.Continue) { *p = BPFProg{} }, // descriptors are the caller's
	)
	return g
}

// smallish returns a value biased to the small ones settings take (and
// sometimes any 32-bit value).
func smallish(c fuzz.Continue) uint32 {
	switch c.Intn(4) {
	case 0:
		return 0
	case 1:
		return c.Uint32()
	}
	return uint32(c.Intn(1000))
}

// genName returns an interface-like name of at most 15 bytes, or "".
func genName(c fuzz.Continue) string {
	if c.Intn(4) == 0 {
		return ""
	}
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789-_"
	b := make([]byte, 1+c.Intn(14))
	for i := range b {
		b[i] = letters[c.Intn(len(letters))]
	}
	b[0] = letters[c.Intn(26)]
	return string(b)
}

// addr returns an address of the spec's family (or, rarely, none).
func (g *specGen) addr(c fuzz.Continue) netip.Addr {
	if c.Intn(5) == 0 {
		return netip.Addr{}
	}
	if g.v6 {
		var a [16]byte
		c.Read(a[:])
		a[0] = 0x20 // global unicast, never 4in6
		return netip.AddrFrom16(a)
	}
	var a [4]byte
	c.Read(a[:])
	a[0] = 1 + byte(c.Intn(223)) // unicast, not 0/8 or multicast
	return netip.AddrFrom4(a)
}

// linkKinds are every LinkInfo kind of the package; the generator fills
// a random one.
var linkKinds = []LinkInfo{Bond{}, Bridge{}, Geneve{}, GRE{}, GRETap{}, IP6GRE{}, IP6GRETap{}, IPoIB{}, IPIP{}, SIT{}, IP6Tnl{}, IPVlan{}, IPVtap{}, Macvlan{}, Macvtap{}, Netkit{}, Dummy{}, IFB{}, Team{}, Wireguard{}, NLMon{}, Tuntap{}, Veth{}, VLAN{}, VRF{}, VTI{}, VTI6{}, VXLAN{}, XFRM{}}

func fill[T any](c fuzz.Continue) T {
	var x T
	c.Fuzz(&x)
	return x
}

func (g *specGen) linkInfo(c fuzz.Continue) LinkInfo {
	if g.depth > 1 || c.Intn(8) == 0 { // a peer has no kind; some links none either
		return nil
	}
	p := reflect.New(reflect.TypeOf(linkKinds[c.Intn(len(linkKinds))]))
	c.Fuzz(p.Interface())
	return p.Elem().Interface().(LinkInfo)
}

func (g *specGen) slaveInfo(c fuzz.Continue) LinkSlaveInfo {
	switch c.Intn(4) {
	case 0:
		return fill[BridgeSlave](c)
	case 1:
		return fill[BondSlave](c)
	}
	return nil
}

func (g *specGen) link(l *Link, c fuzz.Continue) {
	g.depth++
	defer func() { g.depth-- }()
	c.FuzzNoCustom(l)
	// The namespace fields name descriptors and processes of the caller's:
	// a generated one would be a random fd.
	l.NetNS, l.NetNSFD, l.NetNSPID = "", 0, 0
	if g.depth > 1 {
		l.VFs = nil
	}
}

func (g *specGen) encap(c fuzz.Continue) Encap {
	switch c.Intn(6) {
	case 0:
		return new(fill[MPLSEncap](c))
	case 1:
		e := fill[SEG6Encap](c)
		e.Mode = uint32(c.Intn(4))
		return &e
	case 2:
		e := fill[SEG6LocalEncap](c)
		e.Action = 1 + uint32(c.Intn(15))
		return &e
	case 3:
		return new(fill[IP6Encap](c))
	case 4:
		return new(fill[BPFEncap](c))
	}
	return nil
}

// fill fills x through the generator, its addresses of family v6 (IPv6)
// or not (IPv4).
func (g *specGen) fill(x any, v6 bool) {
	g.v6 = v6
	g.f.Fuzz(x)
}

func genLinkCase(g *specGen) genCase {
	var l Link
	g.fill(&l, g.r.Intn(2) == 0)
	if g.r.Intn(10) != 0 { // one in ten keeps what the encoder refuses
		l.Info = inKernelRange(l.Info)
		l.MTU &= 1<<31 - 1
	}
	return genCase{name: "link " + kindOf(l.Info), spec: &l,
		encode: func(b *wire.Builder) error {
			return l.encodeMsg(b, uapi.RTM_NEWLINK, wire.FlagCreate|wire.FlagExcl|wire.FlagAck, 1)
		},
		check: func(t *testing.T, m *codec.Msg) { checkLink(t, &l, AsLink(m)) }}
}

// inKernelRange brings the settings of kindLimits into their ranges.
func inKernelRange(i LinkInfo) LinkInfo {
	switch x := i.(type) {
	case VLAN:
		x.ID %= 4095
		x.Protocol = [...]uint16{0, 0x8100, 0x88a8}[x.Protocol%3]
		return x
	case VXLAN:
		x.ID, x.DF, x.Label = x.ID&(1<<24-1), x.DF%3, x.Label&(1<<20-1)
		return x
	case Geneve:
		x.ID, x.DF, x.Label = x.ID&(1<<24-1), x.DF%3, x.Label&(1<<20-1)
		return x
	case Veth:
		x.Peer.MTU &= 1<<31 - 1
		return x
	case Netkit:
		x.Peer.MTU &= 1<<31 - 1
		return x
	}
	return i
}

func kindOf(i LinkInfo) string {
	if i == nil {
		return "(none)"
	}
	return i.Kind()
}

func genRouteCase(g *specGen) genCase {
	var rt Route
	g.fill(&rt, g.r.Intn(2) == 0)
	rt.Family, rt.Label, rt.Via, rt.NewDst = 0, 0, netip.Addr{}, nil // IP routes; MPLS ones below
	// The enumerated fields in their range, now and then explicitly 0.
	rt.Table, rt.Proto, rt.Scope, rt.Type = RouteTable(uint32(rt.Table)), rt.Proto&0xff, rt.Scope&0xff, rt.Type&0xff
	if g.r.Intn(16) == 0 {
		rt.Table, rt.Proto, rt.Scope, rt.Type = TableUnspec, ProtoUnspec, ScopeUniverse, RouteUnspec
	}
	for i := range rt.Multipath {
		rt.Multipath[i].Via, rt.Multipath[i].NewDst = netip.Addr{}, nil
		rt.Multipath[i].Weight = g.r.Intn(257)
	}
	if g.r.Intn(10) != 0 { // one in ten keeps what the encoder refuses
		rt.TOS &^= 3
		m := &rt.Metrics
		m.MTU, m.AdvMSS, m.HopLimit = m.MTU%65521, m.AdvMSS%65496, m.HopLimit%256
	}
	if g.r.Intn(8) == 0 { // an MPLS route: a label in, a stack out
		rt = Route{Family: uapi.AF_MPLS, Label: 16 + uint32(g.r.Intn(1000)), OIF: rt.OIF,
			NewDst: []MPLSLabel{{Label: 100 + uint32(g.r.Intn(1000))}}, Via: rt.Gateway}
	}
	return genCase{name: "route", spec: &rt,
		encode: func(b *wire.Builder) error { return rt.Encode(b, "add", 1) },
		check:  func(t *testing.T, m *codec.Msg) { checkRoute(t, &rt, AsRoute(m)) }}
}

func genRuleCase(g *specGen) genCase {
	var x Rule
	v6 := g.r.Intn(2) == 0
	g.fill(&x, v6)
	x.Table, x.Protocol = RouteTable(uint32(x.Table)), x.Protocol&0xff // in range
	x.Family = 0
	if g.r.Intn(10) != 0 { // one in ten keeps what the encoder refuses
		x.TOS &^= 3
		for _, r := range []*Range{&x.UIDRange, &x.SPortRange, &x.DPortRange} {
			if r != &x.UIDRange {
				r.Start, r.End = r.Start&0xffff, r.End&0xffff
			}
			if r.Start > r.End {
				r.Start, r.End = r.End, r.Start
			}
		}
	}
	return genCase{name: "rule", spec: &x,
		encode: func(b *wire.Builder) error { return x.encodeMsg(b, uapi.RTM_NEWRULE, wire.FlagCreate|wire.FlagAck, 0) },
		check:  func(t *testing.T, m *codec.Msg) { checkRule(t, &x, AsRule(m)) }}
}

func genAddrCase(g *specGen) genCase {
	var a Addr
	g.fill(&a, g.r.Intn(2) == 0)
	a.Scope &= 0xff        // in range
	if g.r.Intn(10) != 0 { // one in ten keeps what the encoder refuses
		for !a.Prefix.IsValid() {
			g.f.Fuzz(&a.Prefix)
		}
		a.AutoBroadcast = a.AutoBroadcast && a.Prefix.Addr().Is4()
		a.PreferredLft = min(a.PreferredLft, a.ValidLft)
	}
	return genCase{name: "addr", spec: &a,
		encode: func(b *wire.Builder) error { return a.Encode(b, "add", 1) },
		check:  func(t *testing.T, m *codec.Msg) { checkAddr(t, &a, AsAddr(m)) }}
}

func genNeighCase(g *specGen) genCase {
	var x Neigh
	g.fill(&x, g.r.Intn(2) == 0)
	x.State, x.Protocol = x.State&0xffff, x.Protocol&0xff // in range
	for g.r.Intn(10) != 0 && !x.Dst.IsValid() {
		g.f.Fuzz(&x.Dst)
	}
	return genCase{name: "neigh", spec: &x,
		encode: func(b *wire.Builder) error {
			return x.encodeMsg(b, uapi.RTM_NEWNEIGH, wire.FlagCreate|wire.FlagExcl|wire.FlagAck, 0)
		},
		check: func(t *testing.T, m *codec.Msg) { checkNeigh(t, &x, AsNeigh(m)) }}
}

func genFDBCase(g *specGen) genCase {
	var x FDBEntry
	g.fill(&x, g.r.Intn(2) == 0)
	x.State &= 0xffff // in range
	for g.r.Intn(10) != 0 && len(x.LLAddr) == 0 {
		g.f.Fuzz(&x.LLAddr)
	}
	if g.r.Intn(10) != 0 { // one in ten keeps what the encoder refuses
		x.VLAN %= 4095
		if len(x.LLAddr) != 0 {
			x.LLAddr = append(x.LLAddr, make([]byte, 6)...)[:6]
		}
	}
	return genCase{name: "fdb", spec: &x,
		encode: func(b *wire.Builder) error {
			return x.encodeMsg(b, uapi.RTM_NEWNEIGH, wire.FlagCreate|wire.FlagExcl|wire.FlagAck, 0)
		},
		check: func(t *testing.T, m *codec.Msg) { checkFDB(t, &x, AsNeigh(m)) }}
}

func genNexthopCase(g *specGen) genCase {
	var x Nexthop
	g.fill(&x, g.r.Intn(2) == 0)
	x.Protocol &= 0xff // in range
	x.Family = 0       // from the gateway
	return genCase{name: "nexthop", spec: &x,
		encode: func(b *wire.Builder) error {
			return x.encodeMsg(b, uapi.RTM_NEWNEXTHOP, wire.FlagCreate|wire.FlagExcl|wire.FlagAck, 0)
		},
		check: func(t *testing.T, m *codec.Msg) { checkNexthop(t, &x, AsNexthop(m)) }}
}

// same compares one field of a decoded message with its spec.
func same[T comparable](t *testing.T, spec any, field string, got, want T) {
	t.Helper()
	if got != want {
		t.Fatalf("%s reads back as %v, the spec has %v\nspec: %+v", field, got, want, spec)
	}
}

func checkLink(t *testing.T, l *Link, v LinkView) {
	same(t, l, "index", int32(v.Index()), l.Index)
	same(t, l, "ifname", v.NameString(), l.Name)
	same(t, l, "address", v.Address().String(), l.Address.String())
	same(t, l, "broadcast", v.Broadcast().String(), l.Broadcast.String())
	same(t, l, "mtu", v.MTU(), l.MTU)
	same(t, l, "link", uint32(v.Link()), l.Link)
	if !l.NoMaster {
		same(t, l, "master", uint32(v.Master()), l.Master)
	}
	same(t, l, "txqlen", v.TxQLen(), l.TxQLen)
	same(t, l, "ifalias", string(v.Alias()), l.Alias)
	same(t, l, "group", v.Group(), l.Group)
	if l.Info != nil {
		same(t, l, "kind", v.KindString(), l.Info.Kind())
	} else {
		same(t, l, "kind", v.KindString(), "")
	}
	if l.SlaveInfo != nil {
		same(t, l, "slave kind", string(v.SlaveKind()), l.SlaveInfo.SlaveKind())
	}
	flags, change := l.Flags, l.Change
	switch l.State {
	case LinkUp:
		flags, change = flags|1, change|1
	case LinkDown:
		flags, change = flags&^1, change|1
	}
	same(t, l, "flags", v.Flags(), flags)
	same(t, l, "change", v.Change(), change)
}

func checkRoute(t *testing.T, rt *Route, v RouteView) {
	if rt.Family == uapi.AF_MPLS {
		same(t, rt, "family", v.Family(), uint8(uapi.AF_MPLS))
		return
	}
	if rt.Dst.IsValid() {
		same(t, rt, "dst", v.Dst(), rt.Dst)
	} else {
		same(t, rt, "dst_len", v.DstLen(), 0)
	}
	if rt.Src.IsValid() {
		same(t, rt, "src", v.Src(), rt.Src)
	}
	table := rt.Table
	if table == 0 {
		table = uapi.RT_TABLE_MAIN
	}
	same(t, rt, "table", v.Table(), table)
	same(t, rt, "tos", v.TOS(), rt.TOS)
	same(t, rt, "gateway", v.Gateway(), rt.Gateway)
	same(t, rt, "prefsrc", v.PrefSrc(), rt.PrefSrc)
	same(t, rt, "oif", v.OIF(), rt.OIF)
	same(t, rt, "iif", v.IIF(), rt.IIF)
	same(t, rt, "priority", v.Priority(), rt.Priority)
	same(t, rt, "mark", v.Mark(), rt.Mark)
	same(t, rt, "nh_id", v.NHID(), rt.NHID)
	if rt.Proto != 0 {
		same(t, rt, "proto", v.Proto(), rt.Proto)
	}
	if rt.Type != 0 {
		same(t, rt, "type", v.Type(), rt.Type)
	}
	if rt.Encap != nil {
		same(t, rt, "encap_type", v.EncapType(), rt.Encap.EncapType())
	}
	vals := rt.Metrics.values()
	for rtax, val := range vals {
		if rtax == 0 || val == 0 {
			continue
		}
		got, _ := v.Metric(uint16(rtax))
		same(t, rt, fmt.Sprintf("metric %d", rtax), got, val)
	}
	hops := v.Multipath()
	n := 0
	for hops.Next() {
		if n >= len(rt.Multipath) {
			t.Fatalf("more hops than the spec's %d: %+v", len(rt.Multipath), rt)
		}
		h, s := hops.Hop(), rt.Multipath[n]
		same(t, rt, fmt.Sprintf("hop %d oif", n), h.OIF, s.OIF)
		same(t, rt, fmt.Sprintf("hop %d weight", n), h.Weight, max(s.Weight, 1))
		same(t, rt, fmt.Sprintf("hop %d flags", n), h.Flags, s.Flags)
		same(t, rt, fmt.Sprintf("hop %d gateway", n), h.Gateway(), s.Gateway)
		n++
	}
	if hops.Err() != nil || n != len(rt.Multipath) {
		t.Fatalf("%d hops read back (%v), the spec has %d", n, hops.Err(), len(rt.Multipath))
	}
}

func checkRule(t *testing.T, x *Rule, v RuleView) {
	same(t, x, "priority", v.Priority(), x.Priority)
	if x.Table != 0 {
		same(t, x, "table", uint32(v.Table()), uint32(x.Table))
	}
	same(t, x, "fwmark", v.FwMark(), x.FwMark)
	if x.FwMask != 0 {
		same(t, x, "fwmask", v.FwMask(), x.FwMask)
	}
	same(t, x, "goto", v.Goto(), x.Goto)
	same(t, x, "tos", v.TOS(), x.TOS)
	same(t, x, "protocol", uint8(v.Proto()), uint8(x.Protocol))
	same(t, x, "iifname", string(v.IIFName()), x.IIFName)
	same(t, x, "oifname", string(v.OIFName()), x.OIFName)
	if x.Src.IsValid() {
		same(t, x, "src", v.Src(), x.Src)
	}
	if x.Dst.IsValid() {
		same(t, x, "dst", v.Dst(), x.Dst)
	}
}

func checkAddr(t *testing.T, a *Addr, v AddrView) {
	same(t, a, "index", v.Index(), a.Index)
	same(t, a, "prefixlen", v.PrefixLen(), a.Prefix.Bits())
	same(t, a, "local", v.Local(), a.Prefix.Addr())
	if a.Peer.IsValid() {
		same(t, a, "address", v.Address(), a.Peer)
	} else {
		same(t, a, "address", v.Address(), a.Prefix.Addr())
	}
	same(t, a, "label", string(v.Label()), a.Label)
	if a.Broadcast.IsValid() && !a.AutoBroadcast {
		same(t, a, "broadcast", v.Broadcast(), a.Broadcast)
	}
	same(t, a, "proto", v.Proto(), a.Proto)
}

func checkNeigh(t *testing.T, x *Neigh, v NeighView) {
	same(t, x, "ifindex", v.IfIndex(), x.IfIndex)
	same(t, x, "dst", v.Dst(), x.Dst)
	same(t, x, "lladdr", v.LLAddr().String(), x.LLAddr.String())
	if x.State != 0 {
		same(t, x, "state", uint16(v.State()), uint16(x.State))
	}
}

func checkFDB(t *testing.T, x *FDBEntry, v NeighView) {
	same(t, x, "ifindex", v.IfIndex(), x.IfIndex)
	same(t, x, "lladdr", v.LLAddr().String(), x.LLAddr.String())
	same(t, x, "dst", v.Dst(), x.Dst)
	same(t, x, "vlan", v.VLAN(), x.VLAN)
	same(t, x, "vni", v.VNI(), x.VNI)
}

func checkNexthop(t *testing.T, x *Nexthop, v NexthopView) {
	same(t, x, "id", v.ID(), x.ID)
	same(t, x, "blackhole", v.Blackhole(), x.Blackhole)
	if len(x.Group) == 0 {
		same(t, x, "oif", v.OIF(), x.OIF)
		same(t, x, "gateway", v.Gateway(), x.Gateway)
		return
	}
	same(t, x, "group size", v.Group(), len(x.Group))
	for i, mb := range x.Group {
		id, _ := v.GroupMember(i)
		same(t, x, fmt.Sprintf("group member %d", i), id, mb.ID)
	}
}

// TestTypedSpecsGenerated runs FuzzTypedSpecs's properties over 400
// generated specs of every family (deterministic seeds), and fails when
// the generators stop making valid specs: at least 3 in 4 of every
// family must be accepted by the encoder, and every link kind must come
// up.
func TestTypedSpecsGenerated(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for _, fam := range typedFamilies {
		ok, kinds, refused := 0, map[string]int{}, map[string]int{}
		const n = 400
		for range n {
			seed := make([]byte, 48)
			r.Read(seed)
			c := fam.gen(newSpecGen(seed))
			if se := checkTypedCase(t, c); se != nil {
				refused[se.Keyword]++
			} else {
				ok++
				kinds[c.name]++
			}
		}
		t.Logf("%s: %d/%d accepted; refused by keyword: %v", fam.name, ok, n, refused)
		if ok*4 < n*3 {
			t.Errorf("%s: only %d of %d generated specs were valid: tighten the generator (refusals %v)", fam.name, ok, n, refused)
		}
		if fam.name == "link" {
			for _, k := range linkKinds {
				if name := "link " + k.Kind(); kinds[name] == 0 {
					t.Errorf("no valid %s was generated", name)
				}
			}
		}
	}
}
