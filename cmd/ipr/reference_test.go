package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// refCLICase is the ipr equivalent of one or more examples of
// ../shared/reference/pyroute2-iproute.txt (the table in
// rtnl/testdata/reference_examples.txt names each case by its name):
// ipr commands run in a throwaway namespace holding eth0 (a veth, up,
// 10.0.0.254/8 and 192.168.0.254/24) and br0 (a bridge, eth0's peer its
// port), and iproute2's view of the result must contain every want.
type refCLICase struct {
	name   string
	kernel []string   // testutil.RequireKernel features
	setup  []string   // ip -batch lines before the commands
	cmds   [][]string // ipr arguments; {eth0}, {br0} … become indexes
	check  []string   // the iproute2 command whose output is checked ("ip …", "tc …", "bridge …")
	want   []string   // "!x": x must not be there
}

var refCLICases = []refCLICase{
	{name: "link-lookup", cmds: [][]string{{"link", "lookup", "ifname=eth0"}, {"link", "lookup", "operstate=UP"}, {"link", "lookup", "address=00:11:22:33:44:55"}}},
	{name: "link-bridge-brx", cmds: [][]string{
		{"link", "add", "ifname=brx", "kind=bridge"}, {"link", "set", "index={brx}", "state=down"},
		{"link", "set", "index={brx}", "address=00:11:22:33:44:55", "ifname=br-ctrl"}},
		check: []string{"ip", "link", "show", "br-ctrl"}, want: []string{"00:11:22:33:44:55"}},
	{name: "addr-broadcast", cmds: [][]string{
		{"addr", "add", "index={eth0}", "address=10.1.0.1", "mask=24", "broadcast=10.1.0.255"},
		{"addr", "add", "index={eth0}", "address=10.1.0.2", "mask=24", "broadcast=10.1.0.255"},
		{"addr", "add", "index={eth0}", "address=10.1.0.4", "broadcast=10.1.0.255", "prefixlen=24", "label=eth0:1"},
		{"addr", "add", "index={eth0}", "address=10.2.1.2", "mask=24", "local=10.2.1.1"}},
		check: []string{"ip", "addr", "show", "dev", "eth0"},
		want:  []string{"10.1.0.1/24 brd 10.1.0.255", "10.1.0.2/24 brd 10.1.0.255", "10.1.0.4/24 brd 10.1.0.255 scope global secondary eth0:1", "10.2.1.1 peer 10.2.1.2/24"}},
	{name: "link-state", cmds: [][]string{{"link", "set", "index={eth0}", "state=down"}, {"link", "set", "index={eth0}", "mtu=1000", "txqlen=2000"}},
		check: []string{"ip", "link", "show", "eth0"}, want: []string{"mtu 1000", "qlen 2000", "state DOWN"}},
	{name: "link-set-ifla", cmds: [][]string{{"link", "set", "index={eth0}", "IFLA_MTU=1000"}}, check: []string{"ip", "link", "show", "eth0"}, want: []string{"mtu 1000"}},
	{name: "link-show-filters", cmds: [][]string{{"link", "show", "state=up"}, {"link", "show", "index=[1,2,3]"}, {"link", "dump"}, {"link", "get", "index={br0}"}}},
	{name: "poll-bridge", cmds: [][]string{{"link", "add", "ifname=br9", "kind=bridge", "state=up", "br_stp_state=1"}, {"link", "show", "ifname=br9", "kind=bridge", "br_stp_state=1"}},
		check: []string{"ip", "-d", "link", "show", "br9"}, want: []string{"stp_state 1"}},
	{name: "neigh", cmds: [][]string{
		{"neigh", "add", "dst=172.16.45.1", "lladdr=00:11:22:33:44:55", "ifindex={eth0}", "state=permanent"},
		{"neigh", "set", "dst=172.16.45.1", "lladdr=00:11:22:33:44:66", "ifindex={eth0}", "state=permanent"},
		{"neigh", "dump"}, {"neigh", "show", "ifindex={eth0}"}, {"neigh", "show", "dst=172.16.45.1"},
		{"neigh", "get", "dst=172.16.45.1", "ifindex={eth0}"}},
		check: []string{"ip", "neigh", "show", "dev", "eth0"}, want: []string{"172.16.45.1 lladdr 00:11:22:33:44:66 PERMANENT"}},
	{name: "addr-show-filters", cmds: [][]string{{"addr", "show"}, {"addr", "show", "index={eth0}"}, {"addr", "show", "label=eth0"},
		{"addr", "show", "index={eth0}", "broadcast=192.168.0.255"}, {"addr", "show", "index=1"}}},
	{name: "rule-route-show", cmds: [][]string{{"rule", "show"}, {"rule", "show", "family=AF_INET6"}, {"route", "show"}, {"route", "show", "family=AF_INET6"}, {"route", "show", "table=254"}}},
	{name: "flush", setup: []string{"addr add 10.3.0.1/24 dev eth0 label eth0:3", "rule add table 250 pref 100", "-6 rule add table 250 pref 101"},
		cmds:  [][]string{{"addr", "flush", "label=eth0:3"}, {"rule", "flush", "family=AF_INET", "table=250"}, {"rule", "flush", "family=AF_INET6", "table=250"}, {"addr", "flush", "index={eth0}"}},
		check: []string{"ip", "addr", "show", "dev", "eth0", "scope", "global"}, want: []string{"!inet "}},
	{name: "brport", setup: []string{"link set eth0 master br0"}, cmds: [][]string{{"brport", "set", "index={eth0}", "unicast_flood=0", "cost=200"}, {"brport", "show", "index={eth0}"}},
		check: []string{"bridge", "-d", "link", "show", "dev", "eth0"}, want: []string{"cost 200", "flood off"}},
	{name: "vlan-filter", kernel: []string{"link:vlan"}, setup: []string{"link set eth0 master br0"}, cmds: [][]string{
		{"vlan_filter", "add", "index={eth0}", `vlan_info={"vid": 500}`},
		{"link", "add", "ifname=br0v500", "kind=vlan", "link={br0}", "vlan_id=500"},
		{"link", "set", "index={br0}", "state=up"}, {"link", "set", "ifname=br0v500", "state=up"},
		{"addr", "add", "index={br0v500}", "address=172.16.5.2", "mask=24"},
		{"vlan_filter", "add", "index={eth0}", `vlan_info={"vid": 200}`}, {"vlan_filter", "del", "index={eth0}", `vlan_info={"vid": 200}`}},
		check: []string{"bridge", "vlan", "show", "dev", "eth0"}, want: []string{"500"}},
	{name: "fdb", setup: []string{"link set eth0 master br0"}, cmds: [][]string{
		{"fdb", "add", "ifindex={eth0}", "lladdr=00:11:22:33:44:55", "master=true"},
		{"fdb", "dump"}, {"fdb", "dump", "lladdr=00:11:22:33:44:55"}, {"fdb", "dump", "vlan=200"}},
		check: []string{"bridge", "fdb", "show", "dev", "eth0"}, want: []string{"00:11:22:33:44:55"}},
	{name: "fdb-vxlan", kernel: []string{"link:vxlan"}, setup: []string{"link add vx500 type vxlan id 500 dstport 4789"},
		cmds:  [][]string{{"fdb", "add", "ifindex={vx500}", "lladdr=00:11:22:33:44:55", "dst=10.0.0.1", "port=5678", "vni=600"}, {"fdb", "dump", "dst=10.0.0.1"}},
		check: []string{"bridge", "fdb", "show", "dev", "vx500"}, want: []string{"00:11:22:33:44:55 dst 10.0.0.1 port 5678 vni 600"}},
	{name: "link-dummy", kernel: []string{"link:dummy"}, cmds: [][]string{{"link", "add", "ifname=test", "kind=dummy"}, {"link", "del", "ifname=test"},
		{"link", "add", "ifname=test", `IFLA_LINKINFO={"attrs": [["IFLA_INFO_KIND", "dummy"]]}`}, {"link", "add", "ifname=dummy0", "kind=dummy"}, {"link", "del", "ifname=dummy0"}},
		check: []string{"ip", "-d", "link", "show", "test"}, want: []string{"dummy"}},
	{name: "link-bridge-index", cmds: [][]string{{"link", "add", "ifname=br-test", "kind=bridge", "index=2345"}},
		check: []string{"ip", "link", "show", "br-test"}, want: []string{"2345: br-test"}},
	{name: "link-geneve", kernel: []string{"link:geneve"}, cmds: [][]string{{"link", "add", "ifname=genx", "kind=geneve", "geneve_id=42", "geneve_remote=172.16.0.101"}},
		check: []string{"ip", "-d", "link", "show", "genx"}, want: []string{"geneve id 42 remote 172.16.0.101"}},
	{name: "link-gre", kernel: []string{"link:gre"}, cmds: [][]string{
		{"link", "add", "ifname=grex", "kind=gre", "gre_local=172.16.0.1", "gre_remote=172.16.0.101", "gre_ttl=16"},
		{"link", "add", "ifname=grey", "kind=gre", "gre_local=172.16.0.1", "gre_remote=172.16.0.102", "gre_ttl=16", "gre_ikey=10", "gre_okey=10", "gre_iflags=32", "gre_oflags=32"},
		{"link", "set", "ifname=grex", "kind=gre", "gre_local=10.0.0.1", "gre_remote=10.1.0.103"}},
		check: []string{"ip", "-d", "link", "show"}, want: []string{"gre remote 10.1.0.103 local 10.0.0.1", "ikey 0.0.0.10 okey 0.0.0.10"}},
	{name: "link-ipip", kernel: []string{"link:ipip"}, cmds: [][]string{{"link", "add", "ifname=tun1", "kind=ipip", "ipip_local=172.16.0.1", "ipip_remote=172.16.0.101", "ipip_ttl=16"}},
		check: []string{"ip", "-d", "link", "show", "tun1"}, want: []string{"ipip remote 172.16.0.101 local 172.16.0.1 ttl 16"}},
	{name: "link-macvlan", kernel: []string{"link:macvlan", "link:macvtap"}, cmds: [][]string{
		{"link", "add", "ifname=mvlan0", "kind=macvlan", "link={eth0}", "macvlan_mode=private"},
		{"link", "add", "ifname=mvtap0", "kind=macvtap", "link={eth0}", "macvtap_mode=vepa"}},
		check: []string{"ip", "-d", "link", "show"}, want: []string{"macvlan mode private", "macvtap mode vepa"}},
	{name: "link-tuntap", kernel: []string{"tun"}, cmds: [][]string{{"link", "add", "ifname=tap0", "kind=tuntap", "mode=tap"}},
		check: []string{"ip", "-d", "link", "show", "tap0"}, want: []string{"tun type tap"}},
	{name: "link-veth", cmds: [][]string{{"link", "add", "ifname=v1p0", "kind=veth", "peer=v1p1"},
		{"link", "add", "ifname=v2p0", "kind=veth", `peer={"ifname": "v2p1", "net_ns_fd": "{other}"}`}},
		check: []string{"ip", "-d", "link", "show"}, want: []string{"v1p1@v1p0", "v2p0@if"}},
	{name: "link-vlan", kernel: []string{"link:vlan"}, cmds: [][]string{
		{"link", "add", "ifname=v100", "kind=vlan", "link={eth0}", "vlan_id=100"},
		{"link", "add", "ifname=v100s", "kind=vlan", "link={eth0}", "vlan_id=101", "vlan_protocol=0x88a8"},
		{"link", "add", "ifname=v200c", "kind=vlan", "link={v100s}", "vlan_id=200", "vlan_protocol=0x8100"}},
		check: []string{"ip", "-d", "link", "show"}, want: []string{"vlan protocol 802.1Q id 100", "vlan protocol 802.1ad id 101", "v200c@v100s"}},
	{name: "link-vrf", kernel: []string{"link:vrf"}, cmds: [][]string{{"link", "add", "ifname=vrf-foo", "kind=vrf", "vrf_table=42"}},
		check: []string{"ip", "-d", "link", "show", "vrf-foo"}, want: []string{"vrf table 42"}},
	{name: "link-vxlan", kernel: []string{"link:vxlan"}, cmds: [][]string{{"link", "add", "ifname=vx101", "kind=vxlan", "vxlan_link={eth0}", "vxlan_id=101", "vxlan_group=239.1.1.1", "vxlan_ttl=16"}},
		check: []string{"ip", "-d", "link", "show", "vx101"}, want: []string{"vxlan id 101 group 239.1.1.1 dev eth0", "ttl 16"}},
	{name: "link-bridge-set", cmds: [][]string{{"link", "set", "index={br0}", "kind=bridge", "br_forward_delay=2000"}},
		check: []string{"ip", "-d", "link", "show", "br0"}, want: []string{"forward_delay 2000"}},
	{name: "link-get-ext-mask", cmds: [][]string{{"link", "get", "index={eth0}", "ext_mask=1"}}},
	{name: "route-gateway", cmds: [][]string{{"route", "add", "dst=10.4.0.0/24", "gateway=192.168.0.1"}, {"route", "add", "dst=10.5.0.0/24", "type=blackhole"},
		{"route", "add", "dst=172.16.0.0/24", "gateway=10.0.0.10", `metrics={"mtu": 1400, "hoplimit": 16}`},
		{"route", "add", "dst=10.6.0.0/24", `multipath=[{"gateway": "192.168.0.1", "hops": 2}, {"gateway": "192.168.0.2", "hops": 1}, {"gateway": "192.168.0.3"}]`}},
		check: []string{"ip", "route", "show"}, want: []string{"10.4.0.0/24 via 192.168.0.1 dev eth0 proto static", "blackhole 10.5.0.0/24 proto static",
			"172.16.0.0/24 via 10.0.0.10 dev eth0 proto static mtu 1400 hoplimit 16", "nexthop via 192.168.0.1 dev eth0 weight 3", "nexthop via 192.168.0.3 dev eth0 weight 1"}},
	{name: "route-via6", cmds: [][]string{{"addr", "add", "index={eth0}", "address=10.127.30.4", "mask=32"},
		{"route", "add", "prefsrc=10.127.30.4", "dst=172.16.0.0/24", `via={"family": 10, "addr": "fe80::1337"}`, "oif=[{eth0}]", "table=100"}},
		check: []string{"ip", "route", "show", "table", "100"}, want: []string{"172.16.0.0/24 via inet6 fe80::1337 dev eth0 proto static src 10.127.30.4"}},
	{name: "route-mpls", kernel: []string{"mpls"}, cmds: [][]string{
		{"route", "add", "dst=10.7.0.0/24", "oif=[{eth0}]", `encap={"type": "mpls", "labels": "200/300"}`},
		{"route", "add", "dst=10.8.0.0/24", "table=20", `multipath=[{"gateway": "192.168.0.1", "encap": {"type": "mpls", "labels": 200}}, {"ifindex": [{eth0}], "encap": {"type": "mpls", "labels": 300}}]`}},
		check: []string{"ip", "route", "show", "table", "all"}, want: []string{"10.7.0.0/24  encap mpls  200/300 dev eth0", "nexthop  encap mpls  300 dev eth0"}},
	{name: "route-mpls-push", kernel: []string{"mpls"}, setup: []string{"netns exec NS sysctl -qw net.mpls.platform_labels=1024"},
		cmds:  [][]string{{"route", "add", "family=AF_MPLS", "oif=[{eth0}]", "dst=0x200", "newdst=[512, 768]"}},
		check: []string{"ip", "-f", "mpls", "route", "show"}, want: []string{"512 as to 512/768 dev eth0"}},
	{name: "route-seg6", kernel: []string{"seg6"}, cmds: [][]string{
		{"route", "add", "dst=2001:0:0:10::2/128", "oif={eth0}", `encap={"type": "seg6", "mode": "encap", "segs": "2000::5,2000::6"}`},
		{"route", "add", "dst=2001:0:0:11::2/128", "oif={eth0}", `encap={"type": "seg6", "mode": "inline", "segs": ["2000::5", "2000::6"]}`},
		{"route", "add", "dst=2001:0:0:22::2/128", "oif={eth0}", `encap={"type": "seg6", "mode": "inline", "segs": "2000::5,2000::6,2000::7,2000::8", "hmac": 15}`},
		{"route", "add", "dst=172.16.0.0/24", "oif={eth0}", `encap={"type": "seg6", "mode": "encap", "segs": "2000::5,2000::6"}`}},
		check: []string{"ip", "route", "show", "table", "all"}, want: []string{"encap seg6 mode encap segs 2 [ 2000::5 2000::6 ]", "hmac F", "172.16.0.0/24  encap seg6"}},
	{name: "route-seg6local", kernel: []string{"seg6local"}, cmds: [][]string{
		{"route", "add", "dst=2001:0:0:10::2/128", "oif={eth0}", `encap={"type": "seg6local", "action": "End.DX4", "nh4": "172.16.0.10"}`},
		{"route", "add", "dst=2001:0:0:11::2/128", "oif={eth0}", `encap={"type": "seg6local", "action": "End.DT6", "table": "10"}`},
		{"route", "add", "dst=2001:0:0:12::2/128", "oif={eth0}", `encap={"type": "seg6local", "action": "End.B6", "srh": {"segs": "2000::5,2000::6"}}`},
		{"route", "add", "dst=2001:0:0:13::2/128", "oif={eth0}", `encap={"type": "seg6local", "action": "End.B6", "srh": {"segs": "2000::5,2000::6", "hmac": 15}}`}},
		check: []string{"ip", "-6", "route", "show"}, want: []string{"action End.DX4 nh4 172.16.0.10", "action End.DT6 table 10", "action End.B6", "hmac F"}},
	{name: "route-seg6local-dt4", kernel: []string{"seg6local", "link:vrf"}, setup: []string{"netns exec NS sysctl -qw net.vrf.strict_mode=1"}, cmds: [][]string{
		{"link", "add", "ifname=vrf-foo", "kind=vrf", "vrf_table=10"}, {"link", "set", "ifname=vrf-foo", "state=up"},
		{"route", "add", "dst=2001:0:0:10::2/128", "oif={eth0}", `encap={"type": "seg6local", "action": "End.DT4", "vrf_table": 10}`}},
		check: []string{"ip", "-6", "route", "show"}, want: []string{"action End.DT4 vrftable 10"}},
	{name: "rules", cmds: [][]string{
		{"rule", "add", "table=10", "priority=32000"}, {"rule", "add", "table=11", "priority=32001", "action=FR_ACT_UNREACHABLE"},
		{"rule", "add", "table=14", "priority=32004", "src=10.64.75.141"}, {"rule", "add", "table=15", "priority=32005", "dst=10.64.75.141", "dst_len=24"},
		{"rule", "add", "table=15", "priority=32006", "dst=10.64.75.141", "fwmark=10"}},
		check: []string{"ip", "rule", "show"}, want: []string{"32000:\tfrom all lookup 10", "32001:\tfrom all lookup 11 unreachable", "32004:\tfrom 10.64.75.141 lookup 14",
			"32005:\tfrom all to 10.64.75.141/24 lookup 15", "32006:\tfrom all to 10.64.75.141 fwmark 0xa lookup 15"}},
	{name: "tc-sfq", kernel: []string{"qdisc:sfq"}, cmds: [][]string{{"tc", "add", "kind=sfq", "index={eth0}"}}, check: []string{"tc", "qdisc", "show", "dev", "eth0"}, want: []string{"qdisc sfq"}},
	{name: "tc-drr", kernel: []string{"qdisc:drr"}, cmds: [][]string{{"tc", "add", "kind=drr", "index={eth0}", "handle=1:"},
		{"tc", "add-class", "kind=drr", "index={eth0}", "handle=1:10", "quantum=1600"}, {"tc", "add-class", "kind=drr", "index={eth0}", "handle=1:20", "quantum=1600"}},
		check: []string{"tc", "class", "show", "dev", "eth0"}, want: []string{"class drr 1:10 root quantum 1600b", "class drr 1:20"}},
	{name: "tc-choke", kernel: []string{"qdisc:choke"}, cmds: [][]string{{"tc", "add", "kind=choke", "index={eth0}", "limit=5500", "bandwith=10mbit", "ecn=true"}},
		check: []string{"tc", "qdisc", "show", "dev", "eth0"}, want: []string{"qdisc choke", "limit 5500p", "ecn"}},
	{name: "tc-clsact", kernel: []string{"qdisc:clsact"}, cmds: [][]string{{"tc", "add", "kind=clsact", "index={eth0}"}},
		check: []string{"tc", "qdisc", "show", "dev", "eth0"}, want: []string{"qdisc clsact ffff:"}},
	{name: "tc-hfsc", kernel: []string{"qdisc:hfsc"}, cmds: [][]string{{"tc", "add", "kind=hfsc", "index={eth0}", "handle=1:", "default=1:1"},
		{"tc", "add-class", "kind=hfsc", "index={eth0}", "handle=1:1", "parent=1:0", `rsc={"m2": "5mbit"}`}},
		check: []string{"tc", "class", "show", "dev", "eth0"}, want: []string{"class hfsc 1:1 parent 1: rt m1 0bit d 0us m2 5Mbit"}},
	{name: "tc-htb", kernel: []string{"qdisc:htb", "qdisc:sfq", "filter:u32"}, cmds: [][]string{
		{"tc", "add", "kind=htb", "index={eth0}", "handle=0x10000", "default=0x200000"},
		{"tc", "add-class", "kind=htb", "index={eth0}", "handle=0x10001", "parent=0x10000", "rate=256kbit", "burst=6144"},
		{"tc", "add-class", "kind=htb", "index={eth0}", "handle=0x10010", "parent=0x10001", "rate=192kbit", "burst=6144", "prio=1"},
		{"tc", "add-class", "kind=htb", "index={eth0}", "handle=0x10020", "parent=0x10001", "rate=128kbit", "burst=6144", "prio=2"},
		{"tc", "add", "kind=sfq", "index={eth0}", "handle=0x100000", "parent=0x10010", "perturb=10"},
		{"tc", "add", "kind=sfq", "index={eth0}", "handle=0x200000", "parent=0x10020", "perturb=10"},
		{"tc", "add-filter", "kind=u32", "index={eth0}", "parent=0x10000", "prio=10", "protocol=2", "target=0x10010", `keys=["0x0006/0x00ff+8", "0x0000/0xffc0+2"]`},
		{"tc", "add-filter", "kind=u32", "index={eth0}", "parent=0x10000", "prio=10", "protocol=2", "target=0x10020", `keys=["0x5/0xf+0", "0x10/0xff+33"]`}},
		check: []string{"tc", "filter", "show", "dev", "eth0"}, want: []string{"flowid 1:10", "flowid 1:20", "match 00060000/00ff0000 at 8"}},
	{name: "tc-u32-actions", kernel: []string{"qdisc:htb", "filter:u32", "action:gact", "action:police"}, cmds: [][]string{
		{"tc", "add", "kind=htb", "index={eth0}", "handle=0x10000", "default=0x200000"},
		{"tc", "add-filter", "kind=u32", "index={eth0}", "parent=0x10000", "prio=10", "protocol=all", "target=0x10020", `keys=["0x0/0x0+0"]`,
			`action=[{"kind": "police", "rate": "10kbit", "burst": 10240, "limit": 0}, {"kind": "gact", "action": "ok"}]`},
		// The kernel keeps one protocol per priority: the reference's
		// ETH_P_IP filters go at 20 beside its ETH_P_ALL one at 10.
		{"tc", "add-filter", "kind=u32", "index={eth0}", "parent=0x10000", "prio=20", "protocol=ip", "target=0x10010", `keys=["0xc0a80001/0xffffffff+12"]`},
		{"tc", "add-filter", "kind=u32", "index={eth0}", "parent=0x10000", "prio=20", "protocol=ip", "target=0x10020", `keys=["0xc0a80000/0xffffff00+16"]`, "action=drop"}},
		check: []string{"tc", "filter", "show", "dev", "eth0"}, want: []string{"match c0a80001/ffffffff at 12", "match c0a80000/ffffff00 at 16", "police", "gact action drop"}},
	{name: "tc-modules", cmds: [][]string{{"tc", "modules"}, {"tc", "help", "kind=htb"}}},
	{name: "dump", cmds: [][]string{{"dump"}, {"dump", "links", "addrs", "neighbours", "routes", "rules", "fdb", "vlans"}}},
}

// ifRef is an interface reference in a case's arguments: {eth0}.
var ifRef = regexp.MustCompile(`\{[A-Za-z][\w.-]*\}`)

// TestReferenceCLI runs the ipr equivalents of the reference's examples,
// each case in a namespace of its own, and checks each through iproute2.
func TestReferenceCLI(t *testing.T) {
	for _, c := range refCLICases {
		t.Run(c.name, func(t *testing.T) {
			testutil.RequireKernel(t, c.kernel...)
			ns := testutil.NewNetNS(t)
			ns.Batch(t, "link add eth0 type veth peer name eth0p", "link add br0 type bridge",
				"link set eth0 up", "link set eth0p up", "link set eth0p master br0",
				"addr add 10.0.0.254/8 dev eth0", "addr add 192.168.0.254/24 dev eth0")
			for _, l := range c.setup {
				args := strings.Fields(strings.ReplaceAll(l, "NS", ns.Name))
				if args[0] == "netns" {
					ns.Exec(t, "ip", args...)
				} else {
					ns.Run(t, args...)
				}
			}
			other := testutil.NewNetNS(t)
			subst := func(a string) string {
				a = strings.ReplaceAll(a, "{other}", other.Name)
				return ifRef.ReplaceAllStringFunc(a, func(m string) string {
					return strconv.Itoa(ns.IfIndex(t, m[1:len(m)-1]))
				})
			}
			for _, cmd := range c.cmds {
				args := []string{"-n", ns.Name}
				for _, a := range cmd {
					args = append(args, subst(a))
				}
				iprOK(t, args...)
			}
			if len(c.check) == 0 {
				return
			}
			out := ns.Exec(t, c.check[0], c.check[1:]...)
			for _, w := range c.want {
				if no, ok := strings.CutPrefix(w, "!"); ok {
					if strings.Contains(out, no) {
						t.Errorf("%v holds %q:\n%s", c.check, no, out)
					}
					continue
				}
				if !strings.Contains(out, w) {
					t.Errorf("%v lacks %q:\n%s", c.check, w, out)
				}
			}
		})
	}
}
