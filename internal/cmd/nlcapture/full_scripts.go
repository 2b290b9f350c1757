package main

import "slices"

// The full namespace: everything this kernel can make, for the
// zero-unknown-attribute and cross-check tests. Like the main namespace
// it is filled through iproute2 batches, with fixed names, MACs and
// addresses, so ifindexes and values come out the same on every run.
//
// This kernel has no loadable modules: bridge, veth, vxlan, macvlan,
// macvtap, ifb and tun are the link kinds it can make; the bridge has no
// VLAN filtering (so no bridge VLAN database and no VLAN tunnel
// mapping); MPLS, IOAM6 and RPL encapsulations are missing. The
// schemas of what is missing are exercised by the fuzz target only.

// fullLinksScript builds the links of the full namespace; peer names
// the namespace that receives the other end of veth vp0.
func fullLinksScript(peer string) []string {
	return []string{
		"link add br1 address 02:6e:6c:00:02:01 type bridge stp_state 0 mcast_snooping 1 mcast_querier 1 mcast_stats_enabled 1 vlan_stats_enabled 1 vlan_stats_per_port 1 group_fwd_mask 0x4000",
		"link add ve0 address 02:6e:6c:00:02:02 numtxqueues 2 numrxqueues 2 type veth peer name ve1 address 02:6e:6c:00:02:03",
		"link add ve2 address 02:6e:6c:00:02:04 type veth peer name ve3 address 02:6e:6c:00:02:05",
		"link add ve4 address 02:6e:6c:00:02:06 type veth peer name ve5 address 02:6e:6c:00:02:07",
		"link set ve1 master br1",
		"link set ve3 master br1",
		"link set ve1 type bridge_slave learning off neigh_suppress on mcast_flood off cost 10 priority 5 bcast_flood on group_fwd_mask 0x4000 mcast_router 2",
		"link set ve3 type bridge_slave isolated on hairpin on guard on root_block on fastleave on proxy_arp on",
		"link add vx4 address 02:6e:6c:00:02:08 type vxlan id 100 remote 192.0.2.50 local 192.0.2.1 dstport 4789 ttl 10 tos inherit ageing 300 srcport 5000 6000 l2miss l3miss noudpcsum df set",
		"link add vx6 address 02:6e:6c:00:02:09 type vxlan id 200 remote 2001:db8:1::50 local 2001:db8:1::1 dstport 4790 udp6zerocsumtx udp6zerocsumrx flowlabel 5 ttl auto",
		"link add vxe address 02:6e:6c:00:02:0a type vxlan external dstport 4791 nolearning",
		"link add vxg address 02:6e:6c:00:02:0b type vxlan id 300 group 239.1.1.1 dev ve0 dstport 4789 gbp",
		"link set vxe master br1",
		"link add mvp link ve0 address 02:6e:6c:00:02:10 type macvlan mode private",
		"link add mvv link ve0 address 02:6e:6c:00:02:11 type macvlan mode vepa",
		"link add mvb link ve0 address 02:6e:6c:00:02:12 type macvlan mode bridge bcqueuelen 100",
		"link add mvs link ve2 address 02:6e:6c:00:02:13 type macvlan mode source",
		"link set mvs type macvlan macaddr add 02:6e:6c:00:04:01",
		"link set mvs type macvlan macaddr add 02:6e:6c:00:04:02",
		"link add mtb link ve2 address 02:6e:6c:00:02:14 type macvtap mode bridge",
		"link add mvt link ve4 type macvlan mode passthru flag nopromisc",
		"link add ifb0 address 02:6e:6c:00:02:15 type ifb",
		"tuntap add dev tap0 mode tap user 65534 group 65534 multi_queue vnet_hdr",
		"tuntap add dev tun0 mode tun pi",
		"link set tap0 address 02:6e:6c:00:02:16",
		"link property add dev ve0 altname vethzero",
		"link property add dev ve0 altname veth-zero-alt",
		`link set ve2 alias "second veth" group 5 txqueuelen 500 mtu 1400`,
		"link add vp0 address 02:6e:6c:00:02:17 type veth peer name vp1 netns " + peer,
		"link set lo up",
		"link set br1 up",
		"link set ve0 up",
		"link set ve1 up",
		"link set ve2 up",
		"link set ve3 up",
		"link set ve4 up",
		"link set ve5 up",
		"link set vx4 up",
		"link set vx6 up",
		"link set vxe up",
		"link set mvb up",
		"link set ifb0 up",
	}
}

// fullBridgeScript is the `bridge -batch` of the FDB entries.
func fullBridgeScript() []string {
	return []string{
		"fdb add 02:6e:6c:00:03:01 dev ve1 master static",
		"fdb add 02:6e:6c:00:03:02 dev ve3 master dynamic",
		"fdb add 02:6e:6c:00:03:06 dev ve1 master static",
		"fdb append 00:00:00:00:00:00 dev vx4 dst 192.0.2.51 self permanent",
		"fdb append 00:00:00:00:00:00 dev vx4 dst 192.0.2.52 self permanent",
		"fdb add 02:6e:6c:00:03:03 dev vx4 dst 192.0.2.53 vni 1000 port 4790 via ve0 self permanent",
		"fdb add 02:6e:6c:00:03:04 dev vx6 dst 2001:db8:1::53 self permanent",
		"fdb add 02:6e:6c:00:03:05 dev vxe dst 192.0.2.54 vni 1010 self permanent",
		"fdb add 02:6e:6c:00:03:07 dev ve1 self permanent",
	}
}

// fullNetScript adds addresses, nexthop objects, routes of every type,
// rules of every selector and neighbours, in that order.
func fullNetScript() []string {
	return slices.Concat(fullAddrScript(), fullRouteScript(), fullRuleNeighScript())
}

// fullAddrScript adds the addresses and the nexthop objects the routes use.
func fullAddrScript() []string {
	return []string{
		"addr add 192.0.2.1/24 brd + dev ve0 label ve0:one",
		"addr add 192.0.2.2/24 dev ve0 label ve0:two",
		"addr add 10.9.9.1 peer 10.9.9.2/32 dev ve2",
		"addr add 198.51.100.1/24 brd + dev br1 valid_lft 3000 preferred_lft 2000",
		"addr add 203.0.113.1/24 dev ve2 metric 77",
		"addr add 100.64.1.1/24 dev mvb",
		"addr add 239.2.2.2/32 dev ve0 autojoin",
		"addr add 2001:db8:1::1/64 dev ve0 nodad",
		"addr add 2001:db8:2::1/64 dev br1 nodad home mngtmpaddr",
		"addr add 2001:db8:3::1/64 dev ve2 nodad noprefixroute valid_lft 5000 preferred_lft 4000",
		"addr add 2001:db8:4::1 peer 2001:db8:4::2/128 dev ve2 nodad",
		"nexthop add id 1 via 192.0.2.254 dev ve0",
		"nexthop add id 2 via 2001:db8:1::fe dev ve0",
		"nexthop add id 3 dev ve2",
		"nexthop add id 4 blackhole",
		"nexthop add id 5 via 198.51.100.254 dev br1 onlink",
		"nexthop add id 6 encap seg6 mode encap segs 2001:db8:9::1 dev ve0",
		"nexthop add id 7 via 192.0.2.61 fdb",
		"nexthop add id 8 via 192.0.2.62 fdb",
		"nexthop add id 9 via 192.0.2.253 dev ve0 proto 99",
		"nexthop add id 10 group 1/5",
		"nexthop add id 11 group 1,3/5,2 type mpath",
		"nexthop add id 12 group 1/9 type resilient buckets 8 idle_timer 60 unbalanced_timer 120",
		"nexthop add id 13 group 7/8 fdb",
		"nexthop add id 14 group 2",
	}
}

// fullRouteScript adds routes of every type, IPv4 then IPv6.
func fullRouteScript() []string {
	return []string{
		"route add 10.10.1.0/24 via 192.0.2.254 dev ve0",
		"route add 10.10.2.0/24 via 192.0.2.254 table 200 metric 5",
		"route add 10.10.3.0/24 nexthop via 192.0.2.254 dev ve0 weight 2 nexthop via 198.51.100.254 dev br1 weight 3",
		"route add 10.10.4.0/24 via inet6 fe80::1 dev ve0",
		"route add 10.10.5.0/24 via 192.0.2.254 mtu lock 1400 advmss 1300 hoplimit 5 congctl lock reno rto_min 10ms quickack 1 window 1000 features ecn initcwnd 4 initrwnd 5",
		"route add blackhole 10.10.6.0/24 table 200",
		"route add unreachable 10.10.7.0/24",
		"route add prohibit 10.10.8.0/24 table 300",
		"route add local 10.10.9.1 dev ve0 table 300",
		"route add broadcast 10.10.10.255 dev ve0 table 300",
		"route add multicast 239.5.5.0/24 dev ve0 table 300",
		"route add throw 10.10.11.0/24 table 300",
		"route add 10.10.12.0/24 encap seg6 mode encap segs 2001:db8:9::1,2001:db8:9::2 dev ve0",
		"route add 10.10.13.0/24 nhid 10",
		"route add 10.10.14.0/24 encap ip id 42 dst 192.0.2.60 ttl 8 dev vxe",
		"route add 10.10.15.0/24 via 192.0.2.254 dev ve0 proto 44 src 192.0.2.1 realm 5",
		"route add 10.10.16.0/24 dev ve0 tos 0x10 table 200",
		"route add 10.10.17.0/24 nhid 12",
		"route add 10.10.18.0/24 nexthop via 192.0.2.254 dev ve0 nexthop via inet6 fe80::2 dev ve2 weight 4",
		"route add 2001:db8:a::/64 via 2001:db8:1::fe dev ve0 metric 10 pref high",
		"route add 2001:db8:b::/64 table 200 nexthop via 2001:db8:1::fe dev ve0 weight 1 nexthop via 2001:db8:2::fe dev br1 weight 2",
		"route add 2001:db8:c::/64 encap seg6 mode inline segs 2001:db8:9::1 dev ve0",
		"route add 2001:db8:c1::/64 encap seg6 mode encap segs 2001:db8:9::1,2001:db8:9::3 dev ve0",
		"route add 2001:db8:d::1/128 encap seg6local action End dev ve0",
		"route add 2001:db8:d::2/128 encap seg6local action End.X nh6 2001:db8:1::fe dev ve0",
		"route add 2001:db8:d::3/128 encap seg6local action End.T table 200 dev ve0",
		"route add 2001:db8:d::4/128 encap seg6local action End.DX4 nh4 192.0.2.254 dev ve0",
		"route add 2001:db8:d::5/128 encap seg6local action End.DT6 table 200 count dev ve0",
		"route add 2001:db8:d::6/128 encap seg6local action End.B6 srh segs 2001:db8:9::1 dev ve0",
		"route add 2001:db8:d::7/128 encap seg6local action End.DX6 nh6 2001:db8:1::fe oif ve0 dev ve0",
		"route add 2001:db8:e::/64 dev ve0 expires 300",
		"route add 2001:db8:f2::/64 encap ip6 id 43 dst 2001:db8:9::9 hoplimit 5 dev vxe",
		"route add 2001:db8:f3::/64 nhid 14",
		"route add blackhole 2001:db8:f4::/64 table 300",
		"route add unreachable 2001:db8:f5::/64 table 300",
		"route add prohibit 2001:db8:f6::/64 table 300",
		"route add local 2001:db8:f7::1 dev ve0 table 300",
		"route add anycast 2001:db8:f8::1 dev ve0 table 300",
		"route add 2001:db8:10::/64 from 2001:db8:1::/64 via 2001:db8:1::fe",
		"route add 2001:db8:11::/64 via 2001:db8:1::fe mtu 1300 hoplimit 9 congctl cubic",
	}
}

// fullRuleNeighScript adds rules of every selector, neighbours and
// proxies, and changes a neighbour table.
func fullRuleNeighScript() []string {
	return []string{
		"rule add priority 200 table 200",
		"rule add from 192.0.2.0/24 table 200 priority 100",
		"rule add to 10.10.0.0/16 table 200 priority 101",
		"rule add iif ve0 table 200 priority 102",
		"rule add oif ve2 table 300 priority 103",
		"rule add fwmark 0x10/0xff table 300 priority 104",
		"rule add uidrange 1000-2000 table 200 priority 105",
		"rule add sport 1000-2000 dport 80 ipproto tcp table 200 priority 106",
		"rule add tos 0x10 table 300 priority 107",
		"rule add table main suppress_prefixlength 0 priority 108",
		"rule add table main suppress_ifgroup 5 priority 109",
		"rule add goto 200 priority 110",
		"rule add nop priority 111",
		"rule add blackhole priority 112 from 198.51.100.99",
		"rule add unreachable priority 113 to 198.51.100.98",
		"rule add prohibit priority 114 from 198.51.100.97",
		"rule add l3mdev priority 115",
		"rule add fwmark 5 protocol 99 table 200 priority 116",
		"rule add not from 192.0.2.99 table 200 priority 117",
		"rule add from 192.0.2.98 realms 3/4 table 200 priority 118",
		"rule add tun_id 77 table 200 priority 119",
		"neigh add 192.0.2.5 lladdr 02:6e:6c:00:05:01 dev ve0 nud permanent",
		"neigh add 192.0.2.6 lladdr 02:6e:6c:00:05:02 dev ve0 nud stale",
		"neigh add 192.0.2.7 lladdr 02:6e:6c:00:05:03 dev ve0 nud noarp",
		"neigh add 198.51.100.5 lladdr 02:6e:6c:00:05:04 dev br1 nud permanent router",
		"neigh add 192.0.2.8 dev ve0 nud failed",
		"neigh add 2001:db8:1::5 lladdr 02:6e:6c:00:05:05 dev ve0 nud permanent router",
		"neigh add 2001:db8:1::6 lladdr 02:6e:6c:00:05:06 dev ve0 nud stale",
		"neigh add 10.10.4.9 lladdr 02:6e:6c:00:05:07 dev ve0 extern_learn",
		"neigh add proxy 192.0.2.9 dev ve0",
		"neigh add proxy 2001:db8:1::9 dev ve0",
		"neigh add 192.0.2.10 lladdr 02:6e:6c:00:05:08 dev ve0 nud permanent protocol 99",
		"ntable change name arp_cache dev ve0 queue 8 base_reachable 60000",
	}
}

// fullTCScript is the `tc -batch` of qdiscs, classes and filters.
func fullTCScript() []string {
	return []string{
		"qdisc add dev ve0 root handle 1: htb default 20 r2q 1000",
		"class add dev ve0 parent 1: classid 1:1 htb rate 100mbit ceil 100mbit",
		"class add dev ve0 parent 1:1 classid 1:10 htb rate 50mbit ceil 80mbit prio 1",
		"class add dev ve0 parent 1:1 classid 1:20 htb rate 10mbit ceil 100mbit prio 2",
		"qdisc add dev ve0 parent 1:10 handle 10: pfifo limit 100",
		"qdisc add dev ve0 parent 1:20 handle 20: tbf rate 1mbit burst 32k latency 50ms",
		"qdisc add dev ve0 ingress",
		"qdisc add dev ve2 clsact",
		"qdisc add dev br1 root handle 2: estimator 1sec 8sec stab overhead 20 mtu 1500 linklayer ethernet tbf rate 10mbit burst 10k limit 30000",
		"filter add dev ve0 parent 1: protocol ip prio 1 u32 match ip dst 10.10.0.0/16 flowid 1:10",
		"filter add dev ve0 parent 1: protocol ip prio 2 u32 match ip sport 80 0xffff flowid 1:20",
		"filter add dev ve0 parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev ifb0",
		"filter add dev ve2 ingress protocol ip prio 1 u32 match ip src 192.0.2.0/24 action mirred egress mirror dev ifb0",
		"filter add dev ve2 egress protocol ip prio 2 chain 0 u32 match ip tos 0x10 0xff action mirred ingress mirror dev ifb0",
	}
}

// fullRules6Script adds the IPv6 rules, through `ip -6 -batch`.
func fullRules6Script() []string {
	return []string{
		"rule add from 2001:db8:1::/64 table 200 priority 100",
		"rule add to 2001:db8:a::/64 iif ve0 ipproto udp dport 53 table 300 priority 101",
		"rule add oif ve2 sport 1024-2048 table 200 priority 102",
	}
}
