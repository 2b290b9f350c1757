package main

import "fmt"

// The namespaces' contents, as `ip -batch` lines. Everything is fixed
// (names, MACs, addresses, order of creation), so ifindexes and attribute
// values come out the same on every run; see README.md for what still
// varies.

// customTable is the non-main routing table the captures exercise.
const customTable = 100

// linksScript builds the links and addresses of the capture namespace.
func linksScript() []string {
	return []string{
		// A bridge with STP and non-default timers; forward_delay 2 s (the
		// minimum with STP) keeps the wait for forwarding short.
		"link add br0 address 02:6e:6c:00:00:01 type bridge stp_state 1 forward_delay 200 hello_time 300 max_age 2500 priority 4096 ageing_time 20000",
		"link add ve0 address 02:6e:6c:00:00:02 type veth peer name ve1 address 02:6e:6c:00:00:03",
		`link set ve1 master br0 mtu 1400 alias "uplink to br0"`,
		"link add vx0 address 02:6e:6c:00:00:04 type vxlan id 42 dstport 4789 local 192.0.2.1 nolearning ttl 64",
		"link add mv0 link ve0 address 02:6e:6c:00:00:05 type macvlan mode bridge",
		"link set br0 up",
		"link set ve1 up",
		"link set ve0 up",
		"link set vx0 up",
		"link set mv0 up",

		"addr add 10.255.255.1/32 dev lo",
		"addr add 2001:db8:ffff::1/128 dev lo",
		"addr add 192.0.2.1/24 brd + dev ve0",
		"addr add 192.0.2.200/24 dev ve0", // secondary
		"addr add 2001:db8:0:1::1/64 dev ve0 nodad",
		"addr add 198.51.100.1/24 brd + dev br0 label br0:main",
		"addr add 2001:db8:0:2::1/64 dev br0 nodad",
		"addr add 203.0.113.1/24 dev mv0 metric 50",
		"addr add 2001:db8:0:3::1/64 dev mv0 nodad noprefixroute",
		"addr add 100.64.0.1 peer 100.64.0.2/32 dev vx0",
	}
}

// routes4Script is the few hundred IPv4 routes of the capture namespace.
func routes4Script() []string {
	var l []string
	add := func(format string, a ...any) { l = append(l, fmt.Sprintf(format, a...)) }
	devs := []string{"ve0", "br0", "mv0"}
	gws := []string{"192.0.2.2 dev ve0", "198.51.100.2 dev br0", "203.0.113.2 dev mv0"}
	for i := range 40 {
		add("route add 10.1.%d.0/24 dev %s", i, devs[i%3])
	}
	for i := range 40 {
		add("route add 10.2.%d.0/24 via %s", i, gws[i%3])
	}
	for i := range 20 {
		if i%2 == 0 {
			add("route add 10.3.%d.0/24 nexthop via 192.0.2.2 weight 1 nexthop via 198.51.100.2 weight 3", i)
		} else {
			add("route add 10.3.%d.0/24 nexthop via 192.0.2.%d dev ve0 weight %d nexthop via 198.51.100.%d dev br0 nexthop dev mv0 weight 2", i, 10+i, 1+i%4, 10+i)
		}
	}
	metrics := []string{
		"mtu 1300 advmss 1260 hoplimit 32",
		"mtu lock 1280 window 65535 rtt 100ms rttvar 50ms",
		"initcwnd 10 initrwnd 20 reordering 5",
		"features ecn quickack 1 congctl cubic",
		"mtu 9000 hoplimit 255 ssthresh 100 cwnd 40 fastopen_no_cookie 1",
	}
	for i := range 20 {
		add("route add 10.4.%d.0/24 via 192.0.2.2 %s", i, metrics[i%len(metrics)])
	}
	for i, typ := range []string{"blackhole", "unreachable", "prohibit"} {
		for j := range 10 {
			add("route add %s 10.5.%d.0/24", typ, i*10+j)
		}
	}
	shapes := []string{
		"dev br0 realm 7 metric 100 proto static scope link",
		"via 192.0.2.2 realms 3/4 proto 42 metric 200",
		"dev ve0 proto kernel scope host metric 5",
		"via 198.51.100.2 proto boot metric 1000 src 198.51.100.1",
		"dev mv0 proto 99 scope link src 203.0.113.1",
	}
	for i := range 20 {
		add("route add 10.6.%d.0/24 %s", i, shapes[i%len(shapes)])
	}
	for i := range 10 {
		add("route add 10.7.%d.0/24 tos 0x%02x via 192.0.2.2", i, (i%4)*4)
	}
	add("route add 10.8.0.0/16 via 192.0.2.254 dev ve0 onlink")
	add("route add default via 192.0.2.254 metric 100")
	add("route add default via 198.51.100.254 metric 200")

	// The custom table.
	for i := range 20 {
		add("route add 172.16.%d.0/24 dev %s table %d", i, devs[i%3], customTable)
	}
	for i := range 20 {
		add("route add 172.17.%d.0/24 via %s table %d", i, gws[i%3], customTable)
	}
	for i := range 10 {
		add("route add 172.18.%d.0/24 table %d nexthop via 192.0.2.2 weight 2 nexthop via 198.51.100.2 weight 5", i, customTable)
	}
	for i, typ := range []string{"blackhole", "unreachable", "prohibit", "throw"} {
		add("route add %s 172.19.%d.0/24 table %d", typ, i, customTable)
	}
	add("route add default via 192.0.2.254 table %d metric 10 mtu 1400", customTable)
	return l
}

// routes6Script is the IPv6 routes of the capture namespace.
func routes6Script() []string {
	var l []string
	add := func(format string, a ...any) { l = append(l, fmt.Sprintf(format, a...)) }
	devs := []string{"ve0", "br0", "mv0"}
	gws := []string{"2001:db8:0:1::2 dev ve0", "2001:db8:0:2::2 dev br0", "fe80::1 dev mv0"}
	for i := range 30 {
		add("route add 2001:db8:10:%x::/64 dev %s", i, devs[i%3])
	}
	for i := range 30 {
		add("route add 2001:db8:20:%x::/64 via %s", i, gws[i%3])
	}
	for i := range 15 {
		add("route add 2001:db8:30:%x::/64 nexthop via 2001:db8:0:1::2 dev ve0 weight %d nexthop via 2001:db8:0:2::2 dev br0 weight 2", i, 1+i%3)
	}
	metrics := []string{
		"mtu 1400 advmss 1340 hoplimit 40",
		"mtu lock 1280 initcwnd 10",
		"hoplimit 255 features ecn",
	}
	for i := range 15 {
		add("route add 2001:db8:40:%x::/64 via 2001:db8:0:1::2 %s", i, metrics[i%len(metrics)])
	}
	for i, typ := range []string{"blackhole", "unreachable", "prohibit"} {
		for j := range 5 {
			add("route add %s 2001:db8:50:%x::/64", typ, i*5+j)
		}
	}
	for i, pref := range []string{"high", "medium", "low", "high", "low", "medium", "high", "low", "medium", "high"} {
		add("route add 2001:db8:60:%x::/64 via 2001:db8:0:1::2 pref %s", i, pref)
	}
	for i := range 10 {
		add("route add 2001:db8:70:%x::/64 dev br0 proto %d metric %d", i, 42+i%3, 100+i)
	}
	add("route add 2001:db8:80::/48 from 2001:db8:0:1::/64 via 2001:db8:0:1::2") // source-specific
	add("route add default via 2001:db8:0:1::fe dev ve0 metric 1024 pref low")

	for i := range 10 {
		add("route add 2001:db8:100:%x::/64 via 2001:db8:0:2::2 table %d", i, customTable)
	}
	for i, typ := range []string{"blackhole", "unreachable", "prohibit", "throw"} {
		add("route add %s 2001:db8:101:%x::/64 table %d", typ, i, customTable)
	}
	add("route add 2001:db8:102::/64 table %d nexthop via 2001:db8:0:1::2 weight 3 nexthop via 2001:db8:0:2::2 weight 1", customTable)
	return l
}

// tenKScript builds the big namespace: two veths with addresses, then
// exactly tenKRoutes routes: 6000 dev routes, 2800 gateway routes, 600
// multipath routes and 600 routes with metrics.
const tenKRoutes = 10000

func tenKScript() []string {
	l := []string{
		"link add ve0 address 02:6e:6c:00:01:02 type veth peer name ve1 address 02:6e:6c:00:01:03",
		"link set ve0 up",
		"link set ve1 up",
		"addr add 192.0.2.1/24 dev ve0",
		"addr add 198.51.100.1/24 dev ve1",
	}
	add := func(format string, a ...any) { l = append(l, fmt.Sprintf(format, a...)) }
	n := 0
	for i := range 6000 {
		add("route add 10.%d.%d.0/24 dev ve%d", i/256, i%256, i%2)
		n++
	}
	for i := range 2800 {
		add("route add 10.%d.%d.0/24 via 192.0.2.%d", 100+i/256, i%256, 2+i%200)
		n++
	}
	for i := range 600 {
		add("route add 10.%d.%d.0/24 nexthop via 192.0.2.%d weight %d nexthop via 198.51.100.%d weight 1", 150+i/256, i%256, 2+i%100, 1+i%4, 2+i%100)
		n++
	}
	for i := range 600 {
		add("route add 10.%d.%d.0/24 via 198.51.100.2 mtu %d advmss %d hoplimit %d", 200+i/256, i%256, 1280+i%200, 1240+i%200, 1+i%255)
		n++
	}
	if n != tenKRoutes {
		panic(fmt.Sprintf("tenKScript: %d routes", n))
	}
	return l
}
