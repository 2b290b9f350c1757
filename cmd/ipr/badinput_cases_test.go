package main

import (
	"context"
	"net"
	"net/netip"
	"strings"

	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/tc"
)

// badIPRCases are command lines the kernel would refuse late, take for
// something else, or accept wrongly; keyword is what the error must name.
var badIPRCases = []struct{ args, keyword string }{
	// Issue 23's wrong successes.
	{"route add dst=10.1.0.0/24 oif=3 family=inet6", "dst"},
	{"addr add index=3 address=10.0.0.9 prefixlen=24 local=::1", "local"},
	{"neigh add dst=10.0.0.4 lladdr=00:11:22:33:44:55:66:77:88 ifindex=3", "lladdr"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55 vlan=4095", "vlan"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55 vlan=5000", "vlan"},
	{"rule add table=10 priority=100 sport_range=200-100", "sport_range"},
	{"rule add table=10 priority=100 dport_range=90-80", "dport_range"},
	{"rule add table=10 priority=100 uid_range=2000:1000", "uid_range"},
	{"tc add kind=tbf index=3 handle=1: rate=1bit burst=10k latency=50ms", "rate"},
	{"tc add-class kind=htb index=3 handle=1:1 parent=1: rate=0bit burst=6144", "rate"},
	{"addr add index=3 address=10.0.0.9/24 label=abcdefghijklmnopq", "label"},
	// Routes: addresses of the other family, given or derived.
	{"route add dst=10.1.0.0/24 gateway=fe80::1 oif=3", "gateway"},
	{"route add dst=2001:db8::/64 gateway=10.0.0.1 oif=3", "gateway"},
	{"route add dst=10.1.0.0/24 prefsrc=2001:db8::1 oif=3", "prefsrc"},
	{"route add dst=2001:db8::/64 prefsrc=10.0.0.1 oif=3", "prefsrc"},
	{"route add dst=2001:db8::/64 src=10.0.0.0/8 oif=3", "src"},
	{"route add dst=10.0.0.0/8 src=2001:db8::/64 oif=3", "src"},
	{"route add dst=2001:db8::/64 oif=3 family=inet", "dst"},
	{"route add dst=10.0.0.0/8 oif=3 family=10", "dst"},
	{"route add dst=10.0.0.0/8 oif=3 family=2 gateway=::1", "gateway"},
	{"route del dst=10.1.0.0/24 oif=3 family=inet6", "dst"},
	{"route replace dst=10.1.0.0/24 oif=3 family=inet6", "dst"},
	{"route append dst=10.1.0.0/24 gateway=2001:db8::1", "gateway"},
	{"route change dst=2001:db8::/32 gateway=192.0.2.1", "gateway"},
	{"route set dst=192.0.2.0/24 gateway=2001:db8::2", "gateway"},
	{"route add dst=10.1.0.0/24 oif=3 family=inet6 gateway=fe80::1", "dst"},
	{"route add dst=::ffff:10.0.0.0/104 gateway=10.0.0.1 oif=3", "dst_len"},
	{"route add dst=10.1.0.0/24 dst_len=33", "dst_len"},
	{"route add dst=2001:db8::/64 dst_len=129", "dst_len"},
	{"route add dst=10.1.0.0/24 dst_len=16 oif=3", "dst_len"},
	{"route add dst=10.1.0.0/24 src_len=40 oif=3", "src_len"},
	{"route add dst=10.1.0.0/33 oif=3", "dst"},
	{"route add dst=2001:db8::/129 oif=3", "dst"},
	{"route add dst=10.1.0.0/24 oif=3 tos=1", "tos"},
	{"route add dst=10.1.0.0/24 oif=3 tos=3", "tos"},
	{"route add dst=10.1.0.0/24 oif=3 tos=256", "tos"},
	{"route add dst=10.1.0.0/24 oif=3 metrics={\"mtu\":70000}", "mtu"},
	{"route add dst=10.1.0.0/24 oif=3 metrics={\"advmss\":65500}", "advmss"},
	{"route add dst=10.1.0.0/24 oif=3 metrics={\"hoplimit\":256}", "hoplimit"},
	{"route add dst=10.1.0.0/24 oif=3 table=-1", "table"},
	{"route add dst=10.1.0.0/24 oif=3 priority=4294967296", "priority"},
	{"route add dst=10.1.0.0/24 oif=3 type=bogus", "type"},
	{"route add dst=10.1.0.0/24 oif=3 scope=bogus", "scope"},
	{"route add dst=10.1.0.0/24 oif=3 proto=bogus", "proto"},
	{"route add dst=10.1.0.0/24 oif=3 proto=300", "proto"},
	{"route add dst=not-an-address oif=3", "dst"},
	{"route add dst=10.1.0.0/24 gateway=10.0.0.256", "gateway"},
	{"route add dst=10.1.0.0/24 oif=x", "oif"},
	{"route add dst=10.1.0.0/24 oif=3 mark=-1", "mark"},
	{"route add dst=10.1.0.0/24 oif=3 nosuchkeyword=1", "nosuchkeyword"},
	{"route add dst=10.1.0.0/24 oif=3 flags=bogus", "flags"},
	{"route add dst=10.1.0.0/24 multipath=[{\"gateway\":\"2001:db8::1\",\"oif\":3}]", "gateway"},
	{"route add dst=2001:db8::/64 multipath=[{\"gateway\":\"10.0.0.1\",\"oif\":3},{\"gateway\":\"2001:db8::1\",\"oif\":3}]", "gateway"},
	{"route add dst=10.1.0.0/24 multipath=[{\"gateway\":\"10.0.0.1\",\"hops\":300}]", "hops"},
	{"route add dst=10.1.0.0/24 oif=3 family=300", "family"},
	{"route get dst=10.1.0.0/24 family=inet6", "dst"},
	// Addresses.
	{"addr add index=3 address=2001:db8::1/64 local=10.0.0.1", "local"},
	{"addr add index=3 address=10.0.0.9/24 broadcast=ff02::1", "broadcast"},
	{"addr add index=3 address=2001:db8::9/64 broadcast=10.255.255.255", "broadcast"},
	{"addr add index=3 address=10.0.0.9/24 anycast=2001:db8::1", "anycast"},
	{"addr add index=3 address=10.0.0.9/24 family=inet6", "address"},
	{"addr add index=3 address=2001:db8::1/64 family=inet", "address"},
	{"addr add index=3 address=10.0.0.9 prefixlen=33", "prefixlen"},
	{"addr add index=3 address=2001:db8::1 prefixlen=129", "prefixlen"},
	{"addr add index=3 address=10.0.0.9/24 prefixlen=16", "prefixlen"},
	{"addr add index=3 address=10.0.0.9/33", "address"},
	{"addr add index=3 address=10.0.0.9/24 label=0123456789abcdef", "label"},
	{"addr add index=3 address=10.0.0.9/24 label=eth0:a-very-long-label", "label"},
	{"addr add index=3 address=bogus/24", "address"},
	{"addr add index=3 address=10.0.0.9/24 scope=bogus", "scope"},
	{"addr add index=3 address=10.0.0.9/24 scope=256", "scope"},
	{"addr add index=3 address=10.0.0.9/24 nosuch=1", "nosuch"},
	{"addr add index=-1 address=10.0.0.9/24", "index"},
	{"addr add index=3 address=10.0.0.9/24 local=2001:db8::9", "local"},
	{"addr del index=3 address=10.0.0.9/24 local=::1", "local"},
	{"addr replace index=3 address=10.0.0.9/24 local=::1", "local"},
	{"addr add index=3 address=10.0.0.9/24 flags=bogus", "flags"},
	// Neighbours.
	{"neigh add dst=10.0.0.4 lladdr=00:11:22:33:44 ifindex=3", "lladdr"},
	{"neigh add dst=10.0.0.4 lladdr=00:11:22:33:44:55:66 ifindex=3", "lladdr"},
	{"neigh add dst=10.0.0.4 lladdr=00 ifindex=3", "lladdr"},
	{"neigh add dst=10.0.0.4 lladdr=zz:11:22:33:44:55 ifindex=3", "lladdr"},
	{"neigh add dst=10.0.0.4 lladdr=00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44 ifindex=3", "lladdr"},
	{"neigh add dst=10.0.0.4 lladdr=00:11:22:33:44:55 ifindex=3 family=inet6", "dst"},
	{"neigh add dst=2001:db8::4 lladdr=00:11:22:33:44:55 ifindex=3 family=inet", "dst"},
	{"neigh add dst=10.0.0.4 lladdr=00:11:22:33:44:55 ifindex=3 state=bogus", "state"},
	{"neigh add dst=10.0.0.4 lladdr=00:11:22:33:44:55 ifindex=3 state=70000", "state"},
	{"neigh add dst=10.0.0.4 lladdr=00:11:22:33:44:55 ifindex=3 flags=bogus", "flags"},
	{"neigh add dst=bogus lladdr=00:11:22:33:44:55 ifindex=3", "dst"},
	{"neigh add dst=10.0.0.4 lladdr=00:11:22:33:44:55 ifindex=x", "ifindex"},
	{"neigh add dst=10.0.0.4 lladdr=00:11:22:33:44:55 ifindex=3 proxy=maybe", "proxy"},
	{"neigh add dst=10.0.0.4 lladdr=00:11:22:33:44:55 ifindex=3 nosuch=1", "nosuch"},
	{"neigh set dst=10.0.0.4 lladdr=00:11:22:33:44:55:66:77:88 ifindex=3", "lladdr"},
	{"neigh replace dst=10.0.0.4 lladdr=0011223344556677889900 ifindex=3", "lladdr"},
	// FDB.
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55 vlan=65535", "vlan"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55 vlan=0", "vlan"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55 vlan=70000", "vlan"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55 vlan=-1", "vlan"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55:66 vlan=10", "lladdr"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44", "lladdr"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55:66:77:88", "lladdr"},
	{"fdb del ifindex=3 lladdr=00:11:22:33:44:55 vlan=4095", "vlan"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55 vni=x", "vni"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55 dst=bogus", "dst"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55 port=70000", "port"},
	{"fdb add ifindex=3 lladdr=00:11:22:33:44:55 state=bogus", "state"},
	// Rules.
	{"rule add table=10 priority=100 src=10.0.0.0/8 dst=2001:db8::/32", "src"},
	{"rule add table=10 priority=100 src=2001:db8::/32 dst=10.0.0.0/8", "src"},
	{"rule add table=10 priority=100 src=10.0.0.0/8 family=inet6", "src"},
	{"rule add table=10 priority=100 dst=2001:db8::/32 family=inet", "dst"},
	{"rule add table=10 priority=100 src=10.0.0.0/8 src_len=33", "src_len"},
	{"rule add table=10 priority=100 dst=2001:db8::/32 dst_len=130", "dst_len"},
	{"rule add table=10 priority=100 src=10.0.0.0/8 src_len=16", "src_len"},
	{"rule add table=10 priority=100 sport_range=70000", "sport_range"},
	{"rule add table=10 priority=100 dport_range=1-70000", "dport_range"},
	{"rule add table=10 priority=100 sport_range=a-b", "sport_range"},
	{"rule add table=10 priority=100 uid_range=5000000000", "uid_range"},
	{"rule add table=10 priority=100 tos=1", "tos"},
	{"rule add table=10 priority=100 tos=2", "tos"},
	{"rule add table=10 priority=100 tos=300", "tos"},
	{"rule add table=10 priority=100 iifname=0123456789abcdefg", "iifname"},
	{"rule add table=10 priority=100 oifname=0123456789abcdefg", "oifname"},
	{"rule add table=10 priority=100 action=bogus", "action"},
	{"rule add table=10 priority=-5", "priority"},
	{"rule add table=bogus priority=100", "table"},
	{"rule add table=10 priority=100 fwmark=x", "fwmark"},
	{"rule add table=10 priority=100 ipproto=bogus", "ip_proto"},
	{"rule add table=10 priority=100 nosuch=1", "nosuch"},
	{"rule del table=10 priority=100 dport_range=9-8", "dport_range"},
	// Nexthops.
	{"nexthop add id=1 gateway=10.0.0.1 family=inet6 oif=3", "gateway"},
	{"nexthop add id=1 gateway=2001:db8::1 family=inet oif=3", "gateway"},
	{"nexthop add id=1 gateway=bogus oif=3", "gateway"},
	{"nexthop add id=x gateway=10.0.0.1 oif=3", "id"},
	{"nexthop add id=1 gateway=10.0.0.1 oif=3 protocol=bogus", "protocol"},
	{"nexthop add id=2 group=[{\"id\":1,\"weight\":300}]", "group"},
	{"nexthop add id=1 gateway=10.0.0.1 oif=3 nosuch=1", "nosuch"},
	// Links.
	{"link add ifname=0123456789abcdefg linkinfo={\"kind\":\"dummy\"}", "ifname"},
	{"link set index=3 mtu=4294967295", "mtu"},
	{"link set index=3 mtu=2147483648", "mtu"},
	{"link set index=3 mtu=-1", "mtu"},
	{"link set index=3 address=00:11:22:33:44", "address"},
	{"link set index=3 address=00:11:22:33:44:55:66", "address"},
	{"link set index=3 address=zz", "address"},
	{"link set index=3 broadcast=ff:ff:ff", "broadcast"},
	{"link set index=3 ifname=abcdefghijklmnopqrstuvwxyz", "ifname"},
	{"link add ifname=v0 linkinfo={\"kind\":\"vlan\",\"data\":{\"vlan_id\":4095}} link=3", "vlan_id"},
	{"link add ifname=vx0 linkinfo={\"kind\":\"vxlan\",\"data\":{\"vxlan_id\":16777216}}", "vxlan_id"},
	{"link add ifname=vx0 linkinfo={\"kind\":\"vxlan\",\"data\":{\"vxlan_id\":10,\"vxlan_local6\":\"10.0.0.1\"}}", "vxlan_local6"},
	{"link add ifname=gn0 linkinfo={\"kind\":\"geneve\",\"data\":{\"geneve_id\":10,\"geneve_remote6\":\"10.0.0.1\"}}", "geneve_remote6"},
	{"link set index=3 nosuch=1", "nosuch"},
	{"link set index=3 txqlen=-1", "txqlen"},
	{"link set index=3 state=sideways", "state"},
	// tc.
	{"tc add kind=tbf index=3 handle=1: rate=7bit burst=10k latency=50ms", "rate"},
	{"tc add kind=tbf index=3 handle=1: rate=0 burst=10k latency=50ms", "rate"},
	{"tc add kind=tbf index=3 handle=1: rate=0bit burst=10k latency=50ms", "rate"},
	{"tc add kind=tbf index=3 handle=1: rate=fast burst=10k latency=50ms", "rate"},
	{"tc add kind=tbf index=3 handle=1: rate=1mbit burst=bogus latency=50ms", "burst"},
	{"tc add kind=tbf index=3 handle=1: rate=1mbit burst=10k latency=bogus", "latency"},
	{"tc add-class kind=htb index=3 handle=1:1 parent=1: rate=1bit burst=6144", "rate"},
	{"tc add-class kind=htb index=3 handle=1:1 parent=1: rate=0 burst=6144", "rate"},
	{"tc add-class kind=htb index=3 handle=1:1 parent=1: rate=1mbit ceil=3bit", "ceil"},
	{"tc add-class kind=htb index=3 handle=1:1 parent=1: rate=-5", "rate"},
	{"tc add kind=htb index=3 handle=bogus", "handle"},
	{"tc add kind=htb index=3 handle=1:2:3", "handle"},
	{"tc add kind=htb index=3 handle=10000:", "handle"},
	{"tc add kind=nosuchkind index=3 handle=1:", "nosuchkind"},
	{"tc add kind=htb index=3 handle=1:5", "handle"},
	{"tc add kind=tbf index=3 handle=1:1 rate=1mbit burst=10k latency=50ms", "handle"},
	{"tc add-class kind=htb index=3 handle=1:0 parent=1: rate=1mbit", "handle"},
	{"tc add-class kind=htb index=3 handle=1:1 parent=1: rate=1mbit ceil=1bit", "ceil"},
	{"tc add kind=netem index=3 handle=1: rate=1bit", "rate"},
	{"tc add kind=fq index=3 handle=1: maxrate=1bit", "maxrate"},
	{"tc add kind=cake index=3 handle=1: bandwidth=1bit", "bandwidth"},
	{"tc add kind=htb index=3 handle=1: nosuch=1", "nosuch"},
	{"tc add kind=netem index=3 handle=1: delay=-1ms", "delay"},
	{"tc add kind=sfq index=3 handle=1: perturb=500ms", "perturb"},
	{"tc add kind=red index=3 handle=1: limit=100000 probability=2", "probability"},
}

func hw(s string) net.HardwareAddr {
	h, _ := net.ParseMAC(s)
	if h == nil {
		h = net.HardwareAddr(strings.Repeat("\x01", len(s)))
	}
	return h
}

var (
	v4   = netip.MustParseAddr("10.0.0.1")
	v6   = netip.MustParseAddr("2001:db8::1")
	m4   = netip.MustParseAddr("::ffff:10.0.0.1")
	p4   = netip.MustParsePrefix("10.1.0.0/24")
	p6   = netip.MustParsePrefix("2001:db8::/64")
	mac9 = net.HardwareAddr{0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}
	mac5 = net.HardwareAddr{0, 0x11, 0x22, 0x33, 0x44}
	mac6 = net.HardwareAddr{2, 0, 0, 0, 0, 1}
)

type typedCase struct {
	name, keyword string
	call          func(context.Context, *rtnl.IPRoute) error
}

// badTypedCases are typed values of the same mistakes.
var badTypedCases = []typedCase{
	{"Route Dst v4 Family inet6", "Dst", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Family: 10, Dst: p4, OIF: 3})
	}},
	{"Route Dst v6 Family inet", "Dst", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Family: 2, Dst: p6, OIF: 3})
	}},
	{"Route v4 Gateway v6", "Gateway", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Dst: p4, Gateway: v6})
	}},
	{"Route v6 Gateway v4", "Gateway", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Dst: p6, Gateway: v4})
	}},
	{"Route v4 PrefSrc v6", "PrefSrc", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Dst: p4, PrefSrc: v6, OIF: 3})
	}},
	{"Route v6 Src v4", "Src", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Dst: p6, Src: p4, OIF: 3})
	}},
	{"Route mapped Gateway", "Gateway", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Dst: p4, Gateway: m4})
	}},
	{"Route v4 hop v6", "Multipath.Gateway", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Dst: p4, Multipath: []rtnl.RouteHop{{Gateway: v4, OIF: 3}, {Gateway: v6, OIF: 3}}})
	}},
	{"Route TOS ECN", "TOS", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Dst: p4, OIF: 3, TOS: 1})
	}},
	{"Route metrics MTU", "Metrics.MTU", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Dst: p4, OIF: 3, Metrics: rtnl.RouteMetrics{MTU: 70000}})
	}},
	{"Route metrics AdvMSS", "Metrics.AdvMSS", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Dst: p4, OIF: 3, Metrics: rtnl.RouteMetrics{AdvMSS: 65500}})
	}},
	{"Route metrics HopLimit", "Metrics.HopLimit", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Dst: p6, OIF: 3, Metrics: rtnl.RouteMetrics{HopLimit: 256}})
	}},
	{"Route del Dst v4 Family inet6", "Dst", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteDel(ctx, rtnl.Route{Family: 10, Dst: p4})
	}},
	{"Route weight", "Multipath.Weight", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Dst: p4, Multipath: []rtnl.RouteHop{{Gateway: v4, Weight: 300}}})
	}},
	{"Route label", "Label", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RouteAdd(ctx, rtnl.Route{Family: 28, Label: 1 << 20, Via: v4, OIF: 3})
	}},
	{"Addr Broadcast v6", "Broadcast", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.AddrAdd(ctx, rtnl.Addr{Index: 3, Prefix: p4, Broadcast: v6})
	}},
	{"Addr Broadcast v4 in v6", "Broadcast", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.AddrAdd(ctx, rtnl.Addr{Index: 3, Prefix: p6, Broadcast: v4})
	}},
	{"Addr Peer v6", "Peer", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.AddrAdd(ctx, rtnl.Addr{Index: 3, Prefix: p4, Peer: v6})
	}},
	{"Addr Label 16", "Label", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.AddrAdd(ctx, rtnl.Addr{Index: 3, Prefix: p4, Label: "0123456789abcdef"})
	}},
	{"Addr no prefix", "Prefix", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.AddrAdd(ctx, rtnl.Addr{Index: 3})
	}},
	{"Addr AutoBroadcast v6", "AutoBroadcast", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.AddrAdd(ctx, rtnl.Addr{Index: 3, Prefix: p6, AutoBroadcast: true})
	}},
	{"Neigh lladdr 9", "lladdr", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.NeighAdd(ctx, rtnl.Neigh{IfIndex: 3, Dst: v4, LLAddr: mac9})
	}},
	{"Neigh lladdr 5", "lladdr", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.NeighAdd(ctx, rtnl.Neigh{IfIndex: 3, Dst: v4, LLAddr: mac5})
	}},
	{"Neigh no dst", "dst", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.NeighAdd(ctx, rtnl.Neigh{IfIndex: 3, LLAddr: mac6})
	}},
	{"FDB vlan 4095", "vlan", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.FDBAdd(ctx, rtnl.FDBEntry{IfIndex: 3, LLAddr: mac6, VLAN: 4095})
	}},
	{"FDB vlan 65535", "vlan", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.FDBAdd(ctx, rtnl.FDBEntry{IfIndex: 3, LLAddr: mac6, VLAN: 65535})
	}},
	{"FDB lladdr 9", "lladdr", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.FDBAdd(ctx, rtnl.FDBEntry{IfIndex: 3, LLAddr: mac9})
	}},
	{"FDB no lladdr", "lladdr", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.FDBAdd(ctx, rtnl.FDBEntry{IfIndex: 3})
	}},
	{"Rule dst v6 in v4", "dst", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RuleAdd(ctx, rtnl.Rule{Family: 2, Dst: p6, Table: 10})
	}},
	{"Rule src v4 in v6", "src", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RuleAdd(ctx, rtnl.Rule{Family: 10, Src: p4, Table: 10})
	}},
	{"Rule mixed", "dst", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RuleAdd(ctx, rtnl.Rule{Src: p6, Dst: p4, Table: 10})
	}},
	{"Rule sport backwards", "sport_range", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RuleAdd(ctx, rtnl.Rule{Table: 10, SPortRange: rtnl.Range{Start: 200, End: 100}})
	}},
	{"Rule dport over 65535", "dport_range", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RuleAdd(ctx, rtnl.Rule{Table: 10, DPortRange: rtnl.Range{Start: 1, End: 70000}})
	}},
	{"Rule uid backwards", "uid_range", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RuleAdd(ctx, rtnl.Rule{Table: 10, UIDRange: rtnl.Range{Start: 2000, End: 1000}})
	}},
	{"Rule tos ECN", "tos", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RuleAdd(ctx, rtnl.Rule{Table: 10, TOS: 2})
	}},
	{"Rule iifname 16", "iifname", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RuleAdd(ctx, rtnl.Rule{Table: 10, IIFName: "0123456789abcdef"})
	}},
	{"Rule oifname 16", "oifname", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RuleAdd(ctx, rtnl.Rule{Table: 10, OIFName: "0123456789abcdef"})
	}},
	{"Rule del sport backwards", "sport_range", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.RuleDel(ctx, rtnl.Rule{Table: 10, SPortRange: rtnl.Range{Start: 9, End: 8}})
	}},
	{"Nexthop v4 gateway family inet6", "gateway", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.NexthopAdd(ctx, rtnl.Nexthop{ID: 1, Family: 10, Gateway: v4, OIF: 3})
	}},
	{"Nexthop v6 gateway family inet", "gateway", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.NexthopAdd(ctx, rtnl.Nexthop{ID: 1, Family: 2, Gateway: v6, OIF: 3})
	}},
	{"Nexthop mapped gateway", "gateway", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.NexthopAdd(ctx, rtnl.Nexthop{ID: 1, Gateway: m4, OIF: 3})
	}},
	{"Nexthop group weight", "group", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.NexthopAdd(ctx, rtnl.Nexthop{ID: 2, Group: []rtnl.NexthopMember{{ID: 1, Weight: 300}}})
	}},
	{"Link name 16", "ifname", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.LinkAdd(ctx, rtnl.Link{Name: "0123456789abcdef", Info: rtnl.Dummy{}})
	}},
	{"Link mtu", "mtu", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.LinkSet(ctx, rtnl.Link{Index: 3, MTU: 1 << 31})
	}},
	{"Link address 5", "address", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.LinkSet(ctx, rtnl.Link{Index: 3, Address: mac5})
	}},
	{"Link broadcast 9", "broadcast", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.LinkSet(ctx, rtnl.Link{Index: 3, Broadcast: mac9})
	}},
	{"Link vlan id", "vlan_id", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.LinkAdd(ctx, rtnl.Link{Name: "v0", Info: rtnl.VLAN{ID: 4095}, Link: 3})
	}},
	{"tc qdisc handle with a minor", "handle", func(ctx context.Context, r *rtnl.IPRoute) error {
		return tc.QdiscAdd(ctx, r, tc.Qdisc{Link: 3, Handle: tc.MakeHandle(1, 5), Options: &tc.HTB{}})
	}},
	{"tc class handle minor 0", "handle", func(ctx context.Context, r *rtnl.IPRoute) error {
		return tc.ClassAdd(ctx, r, tc.Class{Link: 3, Handle: tc.MakeHandle(1, 0), Options: &tc.HTBClass{Rate: 1e6}})
	}},
	{"tc tbf rate 0", "rate", func(ctx context.Context, r *rtnl.IPRoute) error {
		return tc.QdiscAdd(ctx, r, tc.Qdisc{Link: 3, Handle: tc.MakeHandle(1, 0), Options: &tc.TBF{Burst: 1e4, Latency: 5e7}})
	}},
	{"tc htb class rate 0", "rate", func(ctx context.Context, r *rtnl.IPRoute) error {
		return tc.ClassAdd(ctx, r, tc.Class{Link: 3, Handle: tc.MakeHandle(1, 1), Options: &tc.HTBClass{}})
	}},
	{"Link address 19", "address", func(ctx context.Context, r *rtnl.IPRoute) error {
		return r.LinkSet(ctx, rtnl.Link{Index: 3, Address: hw("0011223344556677889")})
	}},
}
