package rtnl

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

func linkMAC(s string) net.HardwareAddr {
	m, err := net.ParseMAC(s)
	if err != nil {
		panic(err)
	}
	return m
}

// specBytes encodes spec as IPRoute.Do would for link command.
func linkSpecBytes(t *testing.T, command string, spec Spec) []byte {
	t.Helper()
	p, err := prepareLink(context.Background(), nil, command, spec)
	if err != nil {
		t.Fatalf("prepare %v: %v", spec, err)
	}
	var b wire.Builder
	if err := codec.Link.Encode(&b, uapi.RTM_NEWLINK, wire.FlagCreate|wire.FlagExcl|wire.FlagAck, 0, p); err != nil {
		t.Fatalf("encode %v: %v", p, err)
	}
	return b.Bytes()
}

func linkTypedBytes(t *testing.T, l Link) []byte {
	t.Helper()
	var b wire.Builder
	if err := l.encodeMsg(&b, uapi.RTM_NEWLINK, wire.FlagCreate|wire.FlagExcl|wire.FlagAck, 0); err != nil {
		t.Fatalf("encode %+v: %v", l, err)
	}
	return b.Bytes()
}

// linkPairs are the same links in typed and Spec form: every example of
// the reference, and a few settings of every kind.
var linkPairs = []struct {
	name  string
	typed Link
	spec  Spec
}{
	{"dummy", Link{Name: "test", Info: Dummy{}}, Spec{"ifname": "test", "kind": "dummy"}},
	{"bridge-index", Link{Name: "br-test", Index: 2345, Info: Bridge{}}, Spec{"ifname": "br-test", "kind": "bridge", "index": 2345}},
	{"bridge-stp-up", Link{Name: "br0", State: LinkUp, Info: Bridge{STP: ToggleOn}},
		Spec{"ifname": "br0", "kind": "bridge", "state": "up", "br_stp_state": 1}},
	{"bridge-fwd-delay", Link{Index: 7, Info: Bridge{ForwardDelay: 2000}}, Spec{"index": 7, "kind": "bridge", "br_forward_delay": 2000}},
	{"rename-mac", Link{Index: 7, Name: "br-ctrl", Address: linkMAC("00:11:22:33:44:55")},
		Spec{"index": 7, "ifname": "br-ctrl", "address": "00:11:22:33:44:55"}},
	{"set-mtu-txqlen-down", Link{Index: 7, MTU: 1000, TxQLen: 2000, State: LinkDown},
		Spec{"index": 7, "mtu": 1000, "txqlen": 2000, "state": "down"}},
	{"raw-mtu", Link{Index: 7, MTU: 1000}, Spec{"index": 7, "IFLA_MTU": 1000}},
	{"geneve", Link{Name: "genx", Info: Geneve{ID: 42, Remote: netip.MustParseAddr("172.16.0.101")}},
		Spec{"ifname": "genx", "kind": "geneve", "geneve_id": 42, "geneve_remote": "172.16.0.101"}},
	{"geneve6", Link{Name: "genx", Info: Geneve{ID: 42, Remote: netip.MustParseAddr("2001:db8::1")}},
		Spec{"ifname": "genx", "kind": "geneve", "geneve_id": 42, "geneve_remote6": "2001:db8::1"}},
	{"gre", Link{Name: "grex", Info: GRE{Local: netip.MustParseAddr("172.16.0.1"), Remote: netip.MustParseAddr("172.16.0.101"), TTL: 16}},
		Spec{"ifname": "grex", "kind": "gre", "gre_local": "172.16.0.1", "gre_remote": "172.16.0.101", "gre_ttl": 16}},
	{"gre-keyed", Link{Name: "grex", Info: GRE{Local: netip.MustParseAddr("172.16.0.1"), Remote: netip.MustParseAddr("172.16.0.101"), TTL: 16, IKey: 10, OKey: 10}},
		Spec{"ifname": "grex", "kind": "gre", "gre_local": "172.16.0.1", "gre_remote": "172.16.0.101", "gre_ttl": 16,
			"gre_ikey": 10, "gre_okey": 10, "gre_iflags": 32, "gre_oflags": 32}},
	{"ip6gre", Link{Name: "g6", Info: IP6GRE{Local: netip.MustParseAddr("2001:db8::1"), Remote: netip.MustParseAddr("2001:db8::2")}},
		Spec{"ifname": "g6", "kind": "ip6gre", "ip6gre_local": "2001:db8::1", "ip6gre_remote": "2001:db8::2"}},
	{"ipip", Link{Name: "tun1", Info: IPIP{Local: netip.MustParseAddr("172.16.0.1"), Remote: netip.MustParseAddr("172.16.0.101"), TTL: 16}},
		Spec{"ifname": "tun1", "kind": "ipip", "ipip_local": "172.16.0.1", "ipip_remote": "172.16.0.101", "ipip_ttl": 16}},
	{"sit", Link{Name: "tun2", Info: SIT{Local: netip.MustParseAddr("172.16.0.1"), Remote: netip.MustParseAddr("172.16.0.101"), TTL: 16}},
		Spec{"ifname": "tun2", "kind": "sit", "sit_local": "172.16.0.1", "sit_remote": "172.16.0.101", "sit_ttl": 16}},
	{"ip6tnl", Link{Name: "tun3", Info: IP6Tnl{Local: netip.MustParseAddr("2001:db8::1"), Remote: netip.MustParseAddr("2001:db8::2"), TTL: 16}},
		Spec{"ifname": "tun3", "kind": "ip6tnl", "ip6tnl_local": "2001:db8::1", "ip6tnl_remote": "2001:db8::2", "ip6tnl_ttl": 16}},
	{"macvlan", Link{Name: "mvlan0", Link: 2, Info: Macvlan{Mode: MacvlanPrivate}},
		Spec{"ifname": "mvlan0", "kind": "macvlan", "link": 2, "macvlan_mode": "private"}},
	{"macvlan-source", Link{Name: "mv1", Link: 2, Info: Macvlan{Mode: MacvlanSource, MACMode: MacvlanMACSet, MACs: []net.HardwareAddr{linkMAC("02:00:00:00:00:01"), linkMAC("02:00:00:00:00:02")}}},
		Spec{"ifname": "mv1", "kind": "macvlan", "link": 2, "macvlan_mode": "source", "macvlan_macaddr_mode": "set",
			"macvlan_macaddr_data": []any{"02:00:00:00:00:01", "02:00:00:00:00:02"}}},
	{"macvtap", Link{Name: "mvtap0", Link: 2, Info: Macvtap{Mode: MacvlanVEPA}},
		Spec{"ifname": "mvtap0", "kind": "macvtap", "link": 2, "macvtap_mode": "vepa"}},
	{"veth", Link{Name: "v1p0", Info: Veth{Peer: Link{Name: "v1p1"}}}, Spec{"ifname": "v1p0", "kind": "veth", "peer": "v1p1"}},
	{"veth-peer-spec", Link{Name: "v1p0", Info: Veth{Peer: Link{Name: "v1p1", NetNSFD: 9, MTU: 1400}}},
		Spec{"ifname": "v1p0", "kind": "veth", "peer": Spec{"ifname": "v1p1", "net_ns_fd": 9, "mtu": 1400}}},
	{"vlan", Link{Name: "v100", Link: 2, Info: VLAN{ID: 100}}, Spec{"ifname": "v100", "kind": "vlan", "link": 2, "vlan_id": 100}},
	{"vlan-8021ad", Link{Name: "v100s", Link: 2, Info: VLAN{ID: 100, Protocol: 0x88a8}},
		Spec{"ifname": "v100s", "kind": "vlan", "link": 2, "vlan_id": 100, "vlan_protocol": 0x88a8}},
	{"vlan-qos", Link{Name: "v5", Link: 2, Info: VLAN{ID: 5, Flags: 1, Mask: 1, EgressQoS: []VLANQoSMap{{1, 2}, {3, 4}}}},
		Spec{"ifname": "v5", "kind": "vlan", "link": 2, "vlan_id": 5, "vlan_flags": Spec{"flags": 1, "mask": 1},
			"vlan_egress_qos": []any{Spec{"from": 1, "to": 2}, Spec{"from": 3, "to": 4}}}},
	{"vrf", Link{Name: "vrf-foo", Info: VRF{Table: 42}}, Spec{"ifname": "vrf-foo", "kind": "vrf", "vrf_table": 42}},
	{"vxlan", Link{Name: "vx101", Info: VXLAN{Link: 2, ID: 101, Group: netip.MustParseAddr("239.1.1.1"), TTL: 16}},
		Spec{"ifname": "vx101", "kind": "vxlan", "vxlan_link": 2, "vxlan_id": 101, "vxlan_group": "239.1.1.1", "vxlan_ttl": 16}},
	{"vxlan-more", Link{Name: "vx2", Info: VXLAN{ID: 2, Group: netip.MustParseAddr("ff05::1"), Learning: ToggleOff, Port: 4789, PortLow: 1000, PortHigh: 2000, GBP: true, TTLInherit: true, L2Miss: ToggleOn}},
		Spec{"ifname": "vx2", "kind": "vxlan", "vxlan_id": 2, "vxlan_group": "ff05::1", "vxlan_learning": 0, "vxlan_port": 4789,
			"vxlan_port_range": Spec{"low": 1000, "high": 2000}, "vxlan_gbp": true, "vxlan_ttl_inherit": true, "vxlan_l2miss": 1}},
	{"ipoib", Link{Name: "ipoib1", Link: 3, Info: IPoIB{PKey: 10}}, Spec{"ifname": "ipoib1", "kind": "ipoib", "link": 3, "pkey": 10}},
	{"ipoib-mode", Link{Name: "ipoib1", Link: 3, Info: IPoIB{PKey: 10, Mode: IPoIBConnected, UMcast: ToggleOn}},
		Spec{"ifname": "ipoib1", "kind": "ipoib", "link": 3, "pkey": 10, "mode": "connected", "umcast": 1}},
	{"ipvlan", Link{Name: "ipv0", Link: 2, Info: IPVlan{Mode: IPVlanL3S}}, Spec{"ifname": "ipv0", "kind": "ipvlan", "link": 2, "ipvlan_mode": "l3s"}},
	{"bond", Link{Name: "bond7", Info: Bond{Mode: Bond8023AD, MIIMon: 100, ARPIPTargets: []netip.Addr{netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")}}},
		Spec{"ifname": "bond7", "kind": "bond", "bond_mode": "802.3ad", "bond_miimon": 100, "bond_arp_ip_target": []any{"192.0.2.1", "192.0.2.2"}}},
	{"bond-slave", Link{Index: 4, Master: 5, SlaveInfo: BondSlave{QueueID: 3}},
		Spec{"index": 4, "master": 5, "linkinfo": Spec{"slave_kind": "bond", "slave_data": Spec{"bond_slave_queue_id": 3}}}},
	{"nomaster", Link{Index: 4, NoMaster: true}, Spec{"index": 4, "nomaster": true}},
	{"xfrm", Link{Name: "xfrm1", Info: XFRM{IfID: 7}}, Spec{"ifname": "xfrm1", "kind": "xfrm", "xfrm_if_id": 7}},
	{"vti", Link{Name: "vti1", Info: VTI{Local: netip.MustParseAddr("192.0.2.1"), Remote: netip.MustParseAddr("192.0.2.2"), IKey: 5, OKey: 6}},
		Spec{"ifname": "vti1", "kind": "vti", "vti_local": "192.0.2.1", "vti_remote": "192.0.2.2", "vti_ikey": 5, "vti_okey": 6}},
	{"team", Link{Name: "team0", Info: Team{}}, Spec{"ifname": "team0", "kind": "team"}},
	{"wireguard", Link{Name: "wg0", Info: Wireguard{}}, Spec{"ifname": "wg0", "kind": "wireguard"}},
	{"netkit", Link{Name: "nk0", Info: Netkit{Peer: Link{Name: "nk1"}, Mode: 2}}, Spec{"ifname": "nk0", "kind": "netkit", "peer": "nk1", "netkit_mode": "l3"}},
	{"raw-kind", Link{Name: "x0", Info: RawLinkInfo{Name: "frob", Data: []byte{8, 0, 1, 0, 7, 0, 0, 0}}},
		Spec{"ifname": "x0", "linkinfo": Spec{"kind": "frob", "data": []byte{8, 0, 1, 0, 7, 0, 0, 0}}}},
	{"netns-pid", Link{Index: 4, NetNSPID: 1}, Spec{"index": 4, "net_ns_pid": 1}},
	{"vf-mac", Link{Index: 2, VFs: []VF{{Index: 0, MAC: linkMAC("00:11:22:33:44:55")}}}, Spec{"index": 2, "vf": Spec{"vf": 0, "mac": "00:11:22:33:44:55"}}},
	{"vf-vlan", Link{Index: 2, VFs: []VF{{Index: 0, SetVLAN: true, VLAN: 100}}}, Spec{"index": 2, "vf": Spec{"vf": 0, "vlan": 100}}},
	{"vf-qinq", Link{Index: 2, VFs: []VF{{Index: 0, VLANs: []VFVLAN{{ID: 100, Proto: 0x88a8}, {ID: 200, Proto: 0x8100}}}}},
		Spec{"index": 2, "vf": Spec{"vf": 0, "vlan": []any{Spec{"vlan": 100, "proto": 0x88a8}, Spec{"vlan": 200, "proto": 0x8100}}}}},
	{"vf-all", Link{Index: 2, VFs: []VF{{Index: 1, TxRate: 5, SetRate: true, MinTxRate: 10, MaxTxRate: 100, SpoofCheck: ToggleOff, Trust: ToggleOn, LinkState: VFLinkDisable}}},
		Spec{"index": 2, "vf": Spec{"vf": 1, "tx_rate": 5, "rate": Spec{"min_tx_rate": 10, "max_tx_rate": 100}, "spoofchk": false, "trust": true, "link_state": "disable"}}},
	{"dict-form", Link{Name: "test", Info: Dummy{}}, Spec{"ifname": "test", "IFLA_LINKINFO": Spec{"attrs": []any{[]any{"IFLA_INFO_KIND", "dummy"}}}}},
}

// TestLinkTypedSpecSameBytes: typed and Spec forms of the same link give
// the same request bytes.
func TestLinkTypedSpecSameBytes(t *testing.T) {
	for _, c := range linkPairs {
		t.Run(c.name, func(t *testing.T) {
			got, want := linkTypedBytes(t, c.typed), linkSpecBytes(t, "add", c.spec)
			if !bytes.Equal(got, want) {
				t.Errorf("typed and Spec differ\ntyped %s\nspec  %s", hex.EncodeToString(got), hex.EncodeToString(want))
			}
		})
	}
}

// TestLinkVFBytes holds the SR-IOV encoding against hand-built bytes
// (there is no SR-IOV hardware to ask): VF 0 gets a MAC, VF 1 a QinQ
// list.
func TestLinkVFBytes(t *testing.T) {
	l := Link{Index: 2, VFs: []VF{
		{Index: 0, MAC: linkMAC("00:11:22:33:44:55"), SpoofCheck: ToggleOn},
		{Index: 1, VLANs: []VFVLAN{{ID: 100, Proto: 0x88a8}}, LinkState: VFLinkAuto},
	}}
	got := linkTypedBytes(t, l)
	le32 := func(v uint32) string {
		return hex.EncodeToString([]byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)})
	}
	want := "" +
		le32(16+16+100) + "1000" + "0406" + le32(0) + le32(0) + // nlmsghdr: len, RTM_NEWLINK, ACK|EXCL|CREATE (the Conn adds REQUEST), seq, pid
		"00000000" + le32(2) + le32(0) + le32(0) + // ifinfomsg: family, pad, type; index 2; flags; change
		"6400" + "1680" + // IFLA_VFINFO_LIST, 100 bytes, nested
		/**/ "3800" + "0180" + // IFLA_VF_INFO (VF 0), 56 bytes
		/*  */ "2800" + "0100" + le32(0) + "001122334455" + strings.Repeat("00", 26) + // IFLA_VF_MAC {vf 0, mac[32]}
		/*  */ "0c00" + "0400" + le32(0) + le32(1) + // IFLA_VF_SPOOFCHK {vf 0, on}
		/**/ "2800" + "0180" + // IFLA_VF_INFO (VF 1), 40 bytes
		/*  */ "0c00" + "0500" + le32(1) + le32(0) + // IFLA_VF_LINK_STATE {vf 1, auto}
		/*  */ "1800" + "0c80" + // IFLA_VF_VLAN_LIST, nested
		/*    */ "1400" + "0100" + le32(1) + le32(100) + le32(0) + "88a8" + "0000" // IFLA_VF_VLAN_INFO {vf 1, vlan 100, qos 0, 802.1ad}
	if hex.EncodeToString(got) != want {
		t.Errorf("VF request\ngot  %s\nwant %s", hex.EncodeToString(got), want)
	}
	spec := Spec{"index": 2, "vf": []any{
		Spec{"vf": 0, "mac": "00:11:22:33:44:55", "spoofchk": true},
		Spec{"vf": 1, "vlan": []any{Spec{"vlan": 100, "proto": 0x88a8}}, "link_state": "auto"},
	}}
	if s := hex.EncodeToString(linkSpecBytes(t, "add", spec)); s != want {
		t.Errorf("VF Spec\ngot  %s\nwant %s", s, want)
	}
}

// TestLinkEncodeAllocs: the typed encoder allocates nothing into a warm
// buffer.
func TestLinkEncodeAllocs(t *testing.T) {
	links := []Link{
		{Name: "v1p0", State: LinkUp, MTU: 1400, Info: Veth{Peer: Link{Name: "v1p1", NetNSFD: 5}}},
		{Name: "vx101", Info: VXLAN{Link: 2, ID: 101, Group: netip.MustParseAddr("239.1.1.1"), TTL: 16, Learning: ToggleOff}},
		{Name: "vxbig", Info: VXLAN{ID: 1<<24 - 1, Label: 70000, DF: 2}}, // values past 255 box with an allocation
		{Name: "gen", Info: Geneve{ID: 100000, Label: 70000}},
		{Name: "vl", Info: VLAN{ID: 4094, Protocol: 0x88a8}},
		{Index: 2, VFs: []VF{{Index: 0, MAC: linkMAC("00:11:22:33:44:55"), VLANs: []VFVLAN{{ID: 1}}}}},
		{Name: "grex", Info: GRE{Local: netip.MustParseAddr("172.16.0.1"), IKey: 10}},
	}
	buf := make([]byte, 0, 4096)
	var b wire.Builder
	for _, l := range links {
		n := testing.AllocsPerRun(200, func() {
			b.Reset(buf)
			if err := l.encodeMsg(&b, uapi.RTM_NEWLINK, wire.FlagCreate, 0); err != nil {
				t.Fatal(err)
			}
		})
		if n != 0 {
			t.Errorf("%s: %v allocations per encode", l.Name, n)
		}
	}
}

func BenchmarkLinkEncode(b *testing.B) {
	l := Link{Name: "v1p0", State: LinkUp, Info: Veth{Peer: Link{Name: "v1p1"}}}
	buf := make([]byte, 0, 1024)
	var w wire.Builder
	b.ReportAllocs()
	for b.Loop() {
		w.Reset(buf)
		if err := l.encodeMsg(&w, uapi.RTM_NEWLINK, wire.FlagCreate|wire.FlagExcl, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLinkBadInput: bad input is a *codec.SpecError naming the keyword
// and the value, before anything is encoded.
func TestLinkBadInput(t *testing.T) {
	for _, c := range []struct {
		spec      Spec
		key, want string
	}{
		{Spec{"ifname": "x", "kind": "dummy", "frobnicate": 1}, "frobnicate", "unknown keyword"},
		{Spec{"ifname": "x", "mtu": "big"}, "mtu", `"big"`},
		{Spec{"ifname": "x", "address": "00:11:22:zz:44:55"}, "address", "00:11:22:zz:44:55"},
		{Spec{"ifname": "a-very-long-name0"}, "ifname", "a-very-long-name0"},
		{Spec{"ifname": "v0", "kind": "veth"}, "peer", "required"},
		{Spec{"ifname": "v0", "kind": "veth", "peer": "a-very-long-name1"}, "peer", "a-very-long-name1"},
		{Spec{"ifname": "v0", "kind": "veth", "peer": Spec{"ifname": "p", "address": "bad"}}, "peer.address", `"bad"`},
		{Spec{"ifname": "x", "kind": "vxlan", "vxlan_id": 1, "gre_ttl": 16}, "gre_ttl", "kind gre"},
		{Spec{"ifname": "x", "vxlan_id": 1}, "vxlan_id", "kind vxlan"},
		{Spec{"ifname": "x", "kind": "macvlan", "macvlan_mode": "sideways"}, "macvlan_mode", "sideways"},
		{Spec{"ifname": "x", "state": "sideways"}, "state", "sideways"},
		{Spec{"ifname": "x", "kind": "tuntap", "mode": "tan"}, "mode", "tan"},
		{Spec{"index": 2, "vf": Spec{"vf": 0, "mac": "nope"}}, "vf.mac", "nope"},
		{Spec{"index": 2, "vf": Spec{"vlan": 3}}, "vf.vf", "required"},
	} {
		p, err := prepareLink(context.Background(), nil, "add", c.spec)
		if err == nil {
			var b wire.Builder
			err = codec.Link.Encode(&b, uapi.RTM_NEWLINK, 0, 0, p)
			if b.Len() != 0 {
				t.Errorf("%v: %d bytes encoded", c.spec, b.Len())
			}
		}
		var se *codec.SpecError
		if !errors.As(err, &se) || se.Keyword != c.key || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want a SpecError for %q containing %q", c.spec, err, c.key, c.want)
		}
	}
	var b wire.Builder
	for _, l := range []Link{
		{Name: "a-very-long-name0", Info: Dummy{}},
		{Name: "v0", Info: Veth{Peer: Link{Name: "a-very-long-name1"}}},
		{Name: "v0", Info: Veth{Peer: Link{Name: "p", Info: Dummy{}}}},
		{Name: "v0", NetNS: "blue"},
	} {
		err := l.encodeMsg(&b, uapi.RTM_NEWLINK, 0, 0)
		if !errors.Is(err, codec.ErrBadSpec) || b.Len() != 0 {
			t.Errorf("%+v: %v, %d bytes", l, err, b.Len())
		}
	}
}
