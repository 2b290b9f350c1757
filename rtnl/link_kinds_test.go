package rtnl_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// ipLink returns `ip -j -d link show dev name` as a generic map.
func ipLink(t *testing.T, ns *testutil.NetNS, name string) map[string]any {
	t.Helper()
	var l []map[string]any
	ns.RunJSON(t, &l, "-d", "link", "show", "dev", name)
	if len(l) != 1 {
		t.Fatalf("ip link show %s: %d links", name, len(l))
	}
	return l[0]
}

// jpath reads a nested value of ip's JSON, as a string ("" when absent).
func jpath(m map[string]any, path ...string) string {
	var v any = m
	for _, p := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = mm[p]
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

type linkEnv struct {
	r   *rtnl.IPRoute
	ns  *testutil.NetNS
	idx func(name string) int
}

// linkCase is one example of the reference in both forms. setup runs in
// the namespace first (ip commands); typed and spec build the request
// (with lower devices looked up); check reads the result through ip.
type linkCase struct {
	name    string
	kernel  []string
	setup   []string
	command string // "add" unless set
	typed   func(e linkEnv) rtnl.Link
	spec    func(e linkEnv) rtnl.Spec
	check   func(t *testing.T, e linkEnv)
}

func wantJSON(t *testing.T, e linkEnv, dev string, kv ...string) {
	t.Helper()
	j := ipLink(t, e.ns, dev)
	for i := 0; i < len(kv); i += 2 {
		if got := jpath(j, strings.Split(kv[i], ".")...); got != kv[i+1] {
			t.Errorf("%s: %s = %q, want %q", dev, kv[i], got, kv[i+1])
		}
	}
}

var lowerVeth = []string{"link add eth0 type veth peer name eth0p", "link set eth0 up", "link set eth0p up"}

var linkCases = []linkCase{
	{name: "dummy", kernel: []string{"link:dummy"},
		typed: func(linkEnv) rtnl.Link { return rtnl.Link{Name: "test", Info: rtnl.Dummy{}} },
		spec:  func(linkEnv) rtnl.Spec { return rtnl.Spec{"ifname": "test", "kind": "dummy"} },
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "test", "linkinfo.info_kind", "dummy") }},
	{name: "dummy-nested", kernel: []string{"link:dummy"},
		typed: func(linkEnv) rtnl.Link { return rtnl.Link{Name: "test", Info: rtnl.Dummy{}} },
		spec: func(linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "test", "IFLA_LINKINFO": map[string]any{"attrs": []any{[]any{"IFLA_INFO_KIND", "dummy"}}}}
		},
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "test", "linkinfo.info_kind", "dummy") }},
	{name: "bridge-index",
		typed: func(linkEnv) rtnl.Link { return rtnl.Link{Name: "br-test", Index: 2345, Info: rtnl.Bridge{}} },
		spec:  func(linkEnv) rtnl.Spec { return rtnl.Spec{"ifname": "br-test", "kind": "bridge", "index": 2345} },
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "br-test", "ifindex", "2345", "linkinfo.info_kind", "bridge")
		}},
	{name: "bridge-stp-up",
		typed: func(linkEnv) rtnl.Link {
			return rtnl.Link{Name: "br0", State: rtnl.LinkUp, Info: rtnl.Bridge{STP: rtnl.ToggleOn}}
		},
		spec: func(linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "br0", "kind": "bridge", "state": "up", "br_stp_state": 1}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "br0", "linkinfo.info_data.stp_state", "1")
			if f := jpath(ipLink(t, e.ns, "br0"), "flags"); !strings.Contains(f, "UP") {
				t.Errorf("flags %s", f)
			}
		}},
	{name: "bridge-set-kind-attr", setup: []string{"link add brx type bridge"}, command: "set",
		typed: func(e linkEnv) rtnl.Link {
			return rtnl.Link{Index: int32(e.idx("brx")), Info: rtnl.Bridge{ForwardDelay: 2000}}
		},
		spec: func(e linkEnv) rtnl.Spec {
			return rtnl.Spec{"index": e.idx("brx"), "kind": "bridge", "br_forward_delay": 2000}
		},
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "brx", "linkinfo.info_data.forward_delay", "2000") }},
	{name: "rename-mac", setup: []string{"link add brx type bridge"}, command: "set",
		typed: func(e linkEnv) rtnl.Link {
			mac, _ := net.ParseMAC("00:11:22:33:44:55")
			return rtnl.Link{Index: int32(e.idx("brx")), State: rtnl.LinkDown, Address: mac, Name: "br-ctrl"}
		},
		spec: func(e linkEnv) rtnl.Spec {
			return rtnl.Spec{"index": e.idx("brx"), "state": "down", "address": "00:11:22:33:44:55", "ifname": "br-ctrl"}
		},
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "br-ctrl", "address", "00:11:22:33:44:55") }},
	{name: "set-mtu-txqlen-up", setup: lowerVeth, command: "set",
		typed: func(e linkEnv) rtnl.Link {
			return rtnl.Link{Index: int32(e.idx("eth0")), MTU: 1000, TxQLen: 2000, State: rtnl.LinkUp}
		},
		spec: func(e linkEnv) rtnl.Spec {
			return rtnl.Spec{"index": e.idx("eth0"), "mtu": 1000, "txqlen": 2000, "state": "up"}
		},
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "eth0", "mtu", "1000", "txqlen", "2000") }},
	{name: "update-mtu", setup: lowerVeth, command: "update",
		typed: func(e linkEnv) rtnl.Link { return rtnl.Link{Index: int32(e.idx("eth0")), MTU: 1300} },
		spec:  func(e linkEnv) rtnl.Spec { return rtnl.Spec{"index": e.idx("eth0"), "IFLA_MTU": 1300} },
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "eth0", "mtu", "1300") }},
	{name: "geneve", kernel: []string{"link:geneve"},
		typed: func(linkEnv) rtnl.Link {
			return rtnl.Link{Name: "genx", Info: rtnl.Geneve{ID: 42, Remote: netip.MustParseAddr("172.16.0.101")}}
		},
		spec: func(linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "genx", "kind": "geneve", "geneve_id": 42, "geneve_remote": "172.16.0.101"}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "genx", "linkinfo.info_data.id", "42", "linkinfo.info_data.remote", "172.16.0.101")
		}},
	{name: "gre", kernel: []string{"link:gre"},
		typed: func(linkEnv) rtnl.Link {
			return rtnl.Link{Name: "grex", Info: rtnl.GRE{Local: netip.MustParseAddr("172.16.0.1"), Remote: netip.MustParseAddr("172.16.0.101"), TTL: 16}}
		},
		spec: func(linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "grex", "kind": "gre", "gre_local": "172.16.0.1", "gre_remote": "172.16.0.101", "gre_ttl": 16}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "grex", "linkinfo.info_data.local", "172.16.0.1", "linkinfo.info_data.remote", "172.16.0.101", "linkinfo.info_data.ttl", "16")
		}},
	{name: "gre-keyed", kernel: []string{"link:gre"},
		typed: func(linkEnv) rtnl.Link {
			return rtnl.Link{Name: "grex", Info: rtnl.GRE{Local: netip.MustParseAddr("172.16.0.1"), Remote: netip.MustParseAddr("172.16.0.101"), TTL: 16, IKey: 10, OKey: 10}}
		},
		spec: func(linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "grex", "kind": "gre", "gre_local": "172.16.0.1", "gre_remote": "172.16.0.101", "gre_ttl": 16,
				"gre_ikey": 10, "gre_okey": 10, "gre_iflags": 32, "gre_oflags": 32}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "grex", "linkinfo.info_data.ikey", "0.0.0.10", "linkinfo.info_data.okey", "0.0.0.10")
		}},
	{name: "ipip", kernel: []string{"link:ipip"},
		typed: func(linkEnv) rtnl.Link {
			return rtnl.Link{Name: "tun1", Info: rtnl.IPIP{Local: netip.MustParseAddr("172.16.0.1"), Remote: netip.MustParseAddr("172.16.0.101"), TTL: 16}}
		},
		spec: func(linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "tun1", "kind": "ipip", "ipip_local": "172.16.0.1", "ipip_remote": "172.16.0.101", "ipip_ttl": 16}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "tun1", "linkinfo.info_kind", "ipip", "linkinfo.info_data.remote", "172.16.0.101", "linkinfo.info_data.ttl", "16")
		}},
	{name: "sit", kernel: []string{"link:sit"},
		typed: func(linkEnv) rtnl.Link {
			return rtnl.Link{Name: "tun2", Info: rtnl.SIT{Local: netip.MustParseAddr("172.16.0.1"), Remote: netip.MustParseAddr("172.16.0.101"), TTL: 16}}
		},
		spec: func(linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "tun2", "kind": "sit", "sit_local": "172.16.0.1", "sit_remote": "172.16.0.101", "sit_ttl": 16}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "tun2", "linkinfo.info_kind", "sit", "linkinfo.info_data.local", "172.16.0.1")
		}},
	{name: "ip6tnl", kernel: []string{"link:ip6tnl"},
		typed: func(linkEnv) rtnl.Link {
			return rtnl.Link{Name: "tun3", Info: rtnl.IP6Tnl{Local: netip.MustParseAddr("2001:db8::1"), Remote: netip.MustParseAddr("2001:db8::2"), TTL: 16}}
		},
		spec: func(linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "tun3", "kind": "ip6tnl", "ip6tnl_local": "2001:db8::1", "ip6tnl_remote": "2001:db8::2", "ip6tnl_ttl": 16}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "tun3", "linkinfo.info_kind", "ip6tnl", "linkinfo.info_data.remote", "2001:db8::2")
		}},
	{name: "macvlan", kernel: []string{"link:macvlan"}, setup: lowerVeth,
		typed: func(e linkEnv) rtnl.Link {
			return rtnl.Link{Name: "mvlan0", Link: uint32(e.idx("eth0")), Info: rtnl.Macvlan{Mode: rtnl.MacvlanPrivate}}
		},
		spec: func(e linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "mvlan0", "kind": "macvlan", "link": e.idx("eth0"), "macvlan_mode": "private"}
		},
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "mvlan0", "linkinfo.info_data.mode", "private") }},
	{name: "macvtap", kernel: []string{"link:macvtap"}, setup: lowerVeth,
		typed: func(e linkEnv) rtnl.Link {
			return rtnl.Link{Name: "mvtap0", Link: uint32(e.idx("eth0")), Info: rtnl.Macvtap{Mode: rtnl.MacvlanVEPA}}
		},
		spec: func(e linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "mvtap0", "kind": "macvtap", "link": e.idx("eth0"), "macvtap_mode": "vepa"}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "mvtap0", "linkinfo.info_kind", "macvtap", "linkinfo.info_data.mode", "vepa")
			// The character device /dev/tapN, N the index, as the
			// namespace's sysfs shows it.
			want := fmt.Sprintf("tap%d", e.idx("mvtap0"))
			if out := e.ns.Exec(t, "ls", "/sys/class/net/mvtap0/macvtap"); strings.TrimSpace(out) != want {
				t.Errorf("macvtap device %q, want %s", out, want)
			}
		}},
	{name: "tuntap", kernel: []string{"tun"},
		typed: func(linkEnv) rtnl.Link {
			return rtnl.Link{Name: "tap0", MTU: 1400, Info: rtnl.Tuntap{Mode: rtnl.TunModeTap, Owner: 54321, NoPI: true}}
		},
		spec: func(linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "tap0", "kind": "tuntap", "mode": "tap", "uid": 54321, "ifr": map[string]any{"no_pi": true}, "mtu": 1400}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "tap0", "linkinfo.info_kind", "tun", "linkinfo.info_data.type", "tap",
				"linkinfo.info_data.pi", "false", "linkinfo.info_data.user", "54321", "mtu", "1400")
		}},
	{name: "veth",
		typed: func(linkEnv) rtnl.Link {
			return rtnl.Link{Name: "v1p0", Info: rtnl.Veth{Peer: rtnl.Link{Name: "v1p1"}}}
		},
		spec: func(linkEnv) rtnl.Spec { return rtnl.Spec{"ifname": "v1p0", "kind": "veth", "peer": "v1p1"} },
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "v1p0", "linkinfo.info_kind", "veth")
			wantJSON(t, e, "v1p1", "linkinfo.info_kind", "veth")
		}},
	{name: "vlan", kernel: []string{"link:vlan"}, setup: lowerVeth,
		typed: func(e linkEnv) rtnl.Link {
			return rtnl.Link{Name: "v100", Link: uint32(e.idx("eth0")), Info: rtnl.VLAN{ID: 100}}
		},
		spec: func(e linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "v100", "kind": "vlan", "link": e.idx("eth0"), "vlan_id": 100}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "v100", "linkinfo.info_data.id", "100", "linkinfo.info_data.protocol", "802.1Q")
		}},
	{name: "vlan-8021ad-stack", kernel: []string{"link:vlan"}, setup: lowerVeth,
		typed: func(e linkEnv) rtnl.Link {
			return rtnl.Link{Name: "v100s", Link: uint32(e.idx("eth0")), Info: rtnl.VLAN{ID: 100, Protocol: 0x88a8}}
		},
		spec: func(e linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "v100s", "kind": "vlan", "link": e.idx("eth0"), "vlan_id": 100, "vlan_protocol": 0x88a8}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "v100s", "linkinfo.info_data.protocol", "802.1ad")
			// The inner c-tag on the s-tag, in the other form each time.
			c := rtnl.Link{Name: "v200c", Link: uint32(e.idx("v100s")), Info: rtnl.VLAN{ID: 200, Protocol: 0x8100}}
			if err := e.r.LinkAdd(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			wantJSON(t, e, "v200c", "linkinfo.info_data.id", "200", "linkinfo.info_data.protocol", "802.1Q", "link", "v100s")
		}},
	{name: "vrf", kernel: []string{"link:vrf"},
		typed: func(linkEnv) rtnl.Link { return rtnl.Link{Name: "vrf-foo", Info: rtnl.VRF{Table: 42}} },
		spec:  func(linkEnv) rtnl.Spec { return rtnl.Spec{"ifname": "vrf-foo", "kind": "vrf", "vrf_table": 42} },
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "vrf-foo", "linkinfo.info_data.table", "42") }},
	{name: "vxlan", kernel: []string{"link:vxlan"}, setup: lowerVeth,
		typed: func(e linkEnv) rtnl.Link {
			return rtnl.Link{Name: "vx101", Info: rtnl.VXLAN{Link: uint32(e.idx("eth0")), ID: 101, Group: netip.MustParseAddr("239.1.1.1"), TTL: 16}}
		},
		spec: func(e linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "vx101", "kind": "vxlan", "vxlan_link": e.idx("eth0"), "vxlan_id": 101, "vxlan_group": "239.1.1.1", "vxlan_ttl": 16}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "vx101", "linkinfo.info_data.id", "101", "linkinfo.info_data.group", "239.1.1.1",
				"linkinfo.info_data.ttl", "16", "linkinfo.info_data.link", "eth0")
		}},
	{name: "ipvlan", kernel: []string{"link:ipvlan"}, setup: lowerVeth,
		typed: func(e linkEnv) rtnl.Link {
			return rtnl.Link{Name: "ipv0", Link: uint32(e.idx("eth0")), Info: rtnl.IPVlan{Mode: rtnl.IPVlanL2}}
		},
		spec: func(e linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "ipv0", "kind": "ipvlan", "link": e.idx("eth0"), "ipvlan_mode": "l2"}
		},
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "ipv0", "linkinfo.info_data.mode", "l2") }},
	{name: "bond", kernel: []string{"link:bond"},
		typed: func(linkEnv) rtnl.Link {
			return rtnl.Link{Name: "bond7", Info: rtnl.Bond{Mode: rtnl.BondActiveBackup, MIIMon: 100}}
		},
		spec: func(linkEnv) rtnl.Spec {
			return rtnl.Spec{"ifname": "bond7", "kind": "bond", "bond_mode": "active-backup", "bond_miimon": 100}
		},
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "bond7", "linkinfo.info_data.mode", "active-backup", "linkinfo.info_data.miimon", "100")
		}},
	{name: "team", kernel: []string{"link:team"},
		typed: func(linkEnv) rtnl.Link { return rtnl.Link{Name: "team7", Info: rtnl.Team{}} },
		spec:  func(linkEnv) rtnl.Spec { return rtnl.Spec{"ifname": "team7", "kind": "team"} },
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "team7", "linkinfo.info_kind", "team") }},
	{name: "wireguard", kernel: []string{"link:wireguard"},
		typed: func(linkEnv) rtnl.Link { return rtnl.Link{Name: "wg0", Info: rtnl.Wireguard{}} },
		spec:  func(linkEnv) rtnl.Spec { return rtnl.Spec{"ifname": "wg0", "kind": "wireguard"} },
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "wg0", "linkinfo.info_kind", "wireguard") }},
	{name: "xfrm", kernel: []string{"link:xfrm"},
		typed: func(linkEnv) rtnl.Link { return rtnl.Link{Name: "xfrm7", Info: rtnl.XFRM{IfID: 7}} },
		spec:  func(linkEnv) rtnl.Spec { return rtnl.Spec{"ifname": "xfrm7", "kind": "xfrm", "xfrm_if_id": 7} },
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "xfrm7", "linkinfo.info_data.if_id", "0x7") }},
	{name: "ifb", kernel: []string{"link:ifb"},
		typed: func(linkEnv) rtnl.Link { return rtnl.Link{Name: "ifb7", Info: rtnl.IFB{}} },
		spec:  func(linkEnv) rtnl.Spec { return rtnl.Spec{"ifname": "ifb7", "kind": "ifb"} },
		check: func(t *testing.T, e linkEnv) { wantJSON(t, e, "ifb7", "linkinfo.info_kind", "ifb") }},
	{name: "bond-slave", kernel: []string{"link:bond", "link:dummy"}, setup: []string{"link add bond8 type bond", "link add d8 type dummy"}, command: "set",
		typed: func(e linkEnv) rtnl.Link { return rtnl.Link{Index: int32(e.idx("d8")), Master: uint32(e.idx("bond8"))} },
		spec:  func(e linkEnv) rtnl.Spec { return rtnl.Spec{"index": e.idx("d8"), "master": e.idx("bond8")} },
		check: func(t *testing.T, e linkEnv) {
			wantJSON(t, e, "d8", "master", "bond8", "linkinfo.info_slave_kind", "bond")
			if err := e.r.LinkSet(context.Background(), rtnl.Link{Index: int32(e.idx("d8")), NoMaster: true}); err != nil {
				t.Fatal(err)
			}
			wantJSON(t, e, "d8", "master", "")
		}},
}

// TestLinkReference runs every link example of the reference in both
// forms, each in a namespace of its own, and checks it through iproute2.
func TestLinkReference(t *testing.T) {
	for _, c := range linkCases {
		for _, form := range []string{"typed", "spec"} {
			t.Run(c.name+"/"+form, func(t *testing.T) {
				testutil.RequireKernel(t, c.kernel...)
				r, ns := dialNS(t)
				if len(c.setup) > 0 {
					ns.Batch(t, c.setup...)
				}
				e := linkEnv{r: r, ns: ns, idx: func(n string) int { return ns.IfIndex(t, n) }}
				ctx := context.Background()
				command := c.command
				if command == "" {
					command = "add"
				}
				var err error
				if form == "typed" {
					l := c.typed(e)
					switch command {
					case "add":
						err = r.LinkAdd(ctx, l)
					case "set":
						err = r.LinkSet(ctx, l)
					case "update":
						err = r.LinkUpdate(ctx, l)
					}
				} else {
					var msgs []*codec.Msg
					msgs, err = r.Do(ctx, "link", command, c.spec(e))
					if err == nil && len(msgs) != 0 {
						t.Errorf("%d messages answering %s", len(msgs), command)
					}
				}
				if err != nil {
					t.Fatalf("%s: %v", command, err)
				}
				c.check(t, e)
			})
		}
	}
}

// TestLinkVethPeerNetNS: a veth whose peer goes to another namespace, by
// name.
func TestLinkVethPeerNetNS(t *testing.T) {
	for _, form := range []string{"typed", "spec"} {
		t.Run(form, func(t *testing.T) {
			r, ns := dialNS(t)
			other := testutil.NewNetNS(t)
			ctx := context.Background()
			var err error
			if form == "typed" {
				err = r.LinkAdd(ctx, rtnl.Link{Name: "v1p0", Info: rtnl.Veth{Peer: rtnl.Link{Name: "v1p1", NetNS: other.Name}}})
			} else {
				_, err = r.Do(ctx, "link", "add", rtnl.Spec{"ifname": "v1p0", "kind": "veth",
					"peer": rtnl.Spec{"ifname": "v1p1", "net_ns_fd": other.Name}})
			}
			if err != nil {
				t.Fatal(err)
			}
			var peer []map[string]any
			other.RunJSON(t, &peer, "link", "show", "v1p1")
			if len(peer) != 1 {
				t.Fatalf("peer in the other namespace: %v", peer)
			}
			if _, err := ns.TryRun("link", "show", "v1p1"); err == nil {
				t.Error("peer also in the first namespace")
			}
			// Move v1p0 over too, by namespace name.
			if form == "typed" {
				err = r.LinkSet(ctx, rtnl.Link{Name: "v1p0", NetNS: other.Path})
			} else {
				_, err = r.Do(ctx, "link", "set", rtnl.Spec{"ifname": "v1p0", "net_ns_fd": other.Path})
			}
			if err != nil {
				t.Fatal(err)
			}
			other.RunJSON(t, &peer, "link", "show", "v1p0")
		})
	}
}

// TestLinkGetDelDump: get by index and name (with ext_mask), dump, del,
// alt names, and the kernel's refusals as *wire.OpError.
func TestLinkGetDelDump(t *testing.T) {
	r, ns := dialNS(t)
	ctx := context.Background()
	if err := r.LinkAdd(ctx, rtnl.Link{Name: "v1p0", Info: rtnl.Veth{Peer: rtnl.Link{Name: "v1p1"}}}); err != nil {
		t.Fatal(err)
	}
	idx := ns.IfIndex(t, "v1p0")
	v, err := r.LinkGet(ctx, rtnl.Link{Name: "v1p0", ExtMask: 1})
	if err != nil || v.Index() != idx || v.KindString() != "veth" {
		t.Fatalf("LinkGet: %v, index %d", err, v.Index())
	}
	msgs, err := r.Do(ctx, "link", "get", rtnl.Spec{"index": idx, "ext_mask": 1})
	if err != nil || len(msgs) != 1 {
		t.Fatalf("get: %v, %d", err, len(msgs))
	}
	msgs, err = r.Do(ctx, "link", "dump", nil)
	if err != nil || len(msgs) < 3 {
		t.Fatalf("dump: %v, %d", err, len(msgs))
	}
	if _, err := r.Do(ctx, "link", "property_add", rtnl.Spec{"index": idx, "altname": []any{"alt-one", "alt-two"}}); err != nil {
		t.Fatal(err)
	}
	if j := ipLink(t, ns, "v1p0"); !strings.Contains(jpath(j, "altnames"), "alt-two") {
		t.Errorf("altnames %s", jpath(j, "altnames"))
	}
	if _, err := r.Do(ctx, "link", "property_del", rtnl.Spec{"index": idx, "altname": "alt-one"}); err != nil {
		t.Fatal(err)
	}
	if j := ipLink(t, ns, "v1p0"); strings.Contains(jpath(j, "altnames"), "alt-one") {
		t.Errorf("altnames after del %s", jpath(j, "altnames"))
	}

	var oe *wire.OpError
	err = r.LinkAdd(ctx, rtnl.Link{Name: "v1p0", Info: rtnl.Veth{Peer: rtnl.Link{Name: "v1p2"}}})
	if !errors.As(err, &oe) || !errors.Is(err, syscall.EEXIST) {
		t.Errorf("duplicate: %v", err)
	}
	_, err = r.Do(ctx, "link", "add", rtnl.Spec{"ifname": "x0", "kind": "nosuchkind"})
	if !errors.As(err, &oe) || !errors.Is(err, syscall.EOPNOTSUPP) || oe.Msg == "" {
		t.Errorf("unknown kind: %v (ext ack %q)", err, oe.Msg)
	}
	if err := r.LinkDel(ctx, rtnl.Link{Name: "v1p0"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ns.TryRun("link", "show", "v1p1"); err == nil {
		t.Error("v1p1 survived its pair")
	}
	err = r.LinkDel(ctx, rtnl.Link{Index: int32(idx)})
	if !errors.As(err, &oe) || !errors.Is(err, syscall.ENODEV) {
		t.Errorf("del missing: %v", err)
	}
	if _, err := r.LinkGet(ctx, rtnl.Link{Name: "v1p0"}); !errors.Is(err, syscall.ENODEV) {
		t.Errorf("get missing: %v", err)
	}
	_, err = r.Do(ctx, "link", "del", rtnl.Spec{"ifname": "v1p0"})
	if !errors.As(err, &oe) || !errors.Is(err, syscall.ENODEV) {
		t.Errorf("Do del missing: %v", err)
	}
	// Bad input sends nothing: no link appears.
	if _, err := r.Do(ctx, "link", "add", rtnl.Spec{"ifname": "bad0", "kind": "veth", "peer": "p", "address": "xx"}); !errors.Is(err, codec.ErrBadSpec) {
		t.Errorf("bad MAC: %v", err)
	}
	if _, err := ns.TryRun("link", "show", "bad0"); err == nil {
		t.Error("bad0 exists")
	}
}

// TestLinkIPoIB: there is no InfiniBand device to put a child on, here or
// in the VM; the request is checked offline (TestLinkTypedSpecSameBytes)
// and here the kernel's refusal comes back as an OpError.
func TestLinkIPoIB(t *testing.T) {
	r, _ := dialNS(t)
	ctx := context.Background()
	err := r.LinkAdd(ctx, rtnl.Link{Name: "ipoib1", Link: 1, Info: rtnl.IPoIB{PKey: 10}})
	var oe *wire.OpError
	if !errors.As(err, &oe) {
		t.Errorf("ipoib on lo: %v, want the kernel's refusal", err)
	}
}
