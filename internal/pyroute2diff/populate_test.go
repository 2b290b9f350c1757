package pyroute2diff

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// kindLines adds one link of each optional kind the kernel has; every
// line is tried only when testutil reports the kind.
var kindLines = []struct{ feature, line string }{
	{"link:dummy", "link add dm0 address 02:6e:6c:00:07:01 type dummy"},
	{"link:vlan", "link add link ve0 name vl10 type vlan id 10 protocol 802.1ad egress-qos-map 1:2 ingress-qos-map 3:4 reorder_hdr off gvrp on"},
	{"link:vrf", "link add vrf1 type vrf table 1001"},
	{"link:bond", "link add bd0 type bond mode active-backup miimon 100 updelay 200 downdelay 200 primary_reselect better"},
	{"link:gre", "link add gre1 type gre local 192.0.2.1 remote 192.0.2.70 ttl 20 key 5 csum"},
	{"link:gretap", "link add gtp1 type gretap local 192.0.2.1 remote 192.0.2.71 nopmtudisc"},
	{"link:ipip", "link add ipip1 type ipip local 192.0.2.1 remote 192.0.2.72 ttl 30"},
	{"link:sit", "link add sit1 type sit local 192.0.2.1 remote 192.0.2.73 mode ip6ip"},
	{"link:ip6gre", "link add ip6gre1 type ip6gre local 2001:db8:1::1 remote 2001:db8:1::70 hoplimit 40"},
	{"link:ip6gretap", "link add ip6gtp1 type ip6gretap local 2001:db8:1::1 remote 2001:db8:1::71"},
	{"link:ip6tnl", "link add ip6t1 type ip6tnl local 2001:db8:1::1 remote 2001:db8:1::72 mode any encaplimit none"},
	{"link:geneve", "link add gnv1 type geneve id 20 remote 192.0.2.74 ttl 5 dstport 6082"},
	{"link:ipvlan", "link add link ve4 name ipv1 type ipvlan mode l3 private"},
	{"link:xfrm", "link add xfrm1 type xfrm if_id 7"},
	{"link:vti", "link add vti1 type vti local 192.0.2.1 remote 192.0.2.75 ikey 3 okey 4"},
	{"link:vti6", "link add vti61 type vti6 local 2001:db8:1::1 remote 2001:db8:1::75"},
	{"link:erspan", "link add ers1 type erspan seq key 1 erspan_ver 1 erspan 7 local 192.0.2.1 remote 192.0.2.76"},
	{"link:ip6erspan", "link add ers61 type ip6erspan seq key 1 erspan_ver 2 erspan_dir egress erspan_hwid 3 local 2001:db8:1::1 remote 2001:db8:1::76"},
	{"link:bareudp", "link add bu1 type bareudp dstport 6635 ethertype mpls_uc"},
	{"link:netkit", "link add nk0 type netkit peer name nk1"},
}

// baseLinks are the kinds every kernel the suite runs on has.
var baseLinks = []string{
	"link add br1 address 02:6e:6c:00:02:01 type bridge stp_state 0 mcast_snooping 1 vlan_stats_enabled 1 group_fwd_mask 0x4000",
	"link add ve0 address 02:6e:6c:00:02:02 numtxqueues 2 numrxqueues 2 type veth peer name ve1 address 02:6e:6c:00:02:03",
	"link add ve2 address 02:6e:6c:00:02:04 type veth peer name ve3 address 02:6e:6c:00:02:05",
	"link add ve4 type veth peer name ve5",
	"link set ve1 master br1",
	"link set ve3 master br1",
	"link set ve1 type bridge_slave learning off cost 10 priority 5 mcast_router 2",
	"link add vx4 address 02:6e:6c:00:02:08 type vxlan id 100 remote 192.0.2.50 local 192.0.2.1 dstport 4789 ttl 10 tos inherit srcport 5000 6000 l2miss l3miss noudpcsum",
	"link add vx6 type vxlan id 200 remote 2001:db8:1::50 local 2001:db8:1::1 dstport 4790 udp6zerocsumtx flowlabel 5 ttl auto",
	"link add vxe type vxlan external dstport 4791 nolearning",
	"link add mvb link ve0 address 02:6e:6c:00:02:12 type macvlan mode bridge",
	"link add mvp link ve0 type macvlan mode private",
	"link add mtb link ve2 type macvtap mode vepa",
	"link add ifb0 type ifb",
	"tuntap add dev tap0 mode tap multi_queue vnet_hdr",
	"tuntap add dev tun0 mode tun pi",
	`link set ve2 alias "second veth" group 5 txqueuelen 500 mtu 1400`,
	"link set br1 up", "link set ve0 up", "link set ve1 up", "link set ve2 up", "link set ve3 up",
	"link set vx4 up", "link set vx6 up", "link set vxe up", "link set mvb up", "link set ifb0 up",
}

var netLines = []string{
	"addr add 192.0.2.1/24 brd + dev ve0 label ve0:one",
	"addr add 10.9.9.1 peer 10.9.9.2/32 dev ve2",
	"addr add 198.51.100.1/24 brd + dev br1 valid_lft 3000 preferred_lft 2000",
	"addr add 203.0.113.1/24 dev ve2 metric 77",
	"addr add 2001:db8:1::1/64 dev ve0 nodad",
	"addr add 2001:db8:4::1 peer 2001:db8:4::2/128 dev ve2 nodad",
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
	"route add 10.10.14.0/24 encap ip id 42 dst 192.0.2.60 ttl 8 dev vxe",
	"route add 10.10.15.0/24 via 192.0.2.254 dev ve0 proto 44 src 192.0.2.1 realm 5",
	"route add 10.10.16.0/24 dev ve0 tos 0x10 table 200",
	"route add 2001:db8:a::/64 via 2001:db8:1::fe dev ve0 metric 10 pref high",
	"route add 2001:db8:b::/64 table 200 nexthop via 2001:db8:1::fe dev ve0 weight 1 nexthop via fe80::5 dev br1 weight 2",
	"route add 2001:db8:e::/64 dev ve0 expires 300",
	"route add 2001:db8:f2::/64 encap ip6 id 43 dst 2001:db8:9::9 hoplimit 5 dev vxe",
	"route add unreachable 2001:db8:f5::/64 table 300",
	"route add 2001:db8:11::/64 via 2001:db8:1::fe mtu 1300 hoplimit 9 congctl cubic",
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
	"rule add blackhole priority 112 from 198.51.100.99",
	"rule add fwmark 5 protocol 99 table 200 priority 116",
	"rule add not from 192.0.2.99 table 200 priority 117",
	"rule add from 192.0.2.98 realms 3/4 table 200 priority 118",
	"rule add tun_id 77 table 200 priority 119",
	"neigh add 192.0.2.5 lladdr 02:6e:6c:00:05:01 dev ve0 nud permanent",
	"neigh add 192.0.2.6 lladdr 02:6e:6c:00:05:02 dev ve0 nud stale",
	"neigh add 198.51.100.5 lladdr 02:6e:6c:00:05:04 dev br1 nud permanent router",
	"neigh add 2001:db8:1::5 lladdr 02:6e:6c:00:05:05 dev ve0 nud permanent router",
	"neigh add proxy 192.0.2.9 dev ve0",
	"nexthop add id 1 via 192.0.2.254 dev ve0",
	"nexthop add id 2 via 198.51.100.254 dev br1",
	"nexthop add id 10 group 1/2",
	"route add 10.10.13.0/24 nhid 10",
}

var fdbLines = []string{
	"fdb add 02:6e:6c:00:03:01 dev ve1 master static",
	"fdb append 00:00:00:00:00:00 dev vx4 dst 192.0.2.51 self permanent",
	"fdb add 02:6e:6c:00:03:03 dev vx4 dst 192.0.2.53 vni 1000 port 4790 via ve0 self permanent",
}

// tcLines are the tc objects, each added when the kernel has every
// feature it names.
var tcLines = []struct{ features, line string }{
	{"qdisc:htb", "qdisc add dev ve0 root handle 1: htb default 20 r2q 5"},
	{"qdisc:htb", "class add dev ve0 parent 1: classid 1:1 htb rate 10mbit ceil 20mbit burst 15k"},
	{"qdisc:htb", "class add dev ve0 parent 1:1 classid 1:10 htb rate 5mbit ceil 10mbit prio 1"},
	{"qdisc:htb", "class add dev ve0 parent 1:1 classid 1:20 htb rate 3mbit prio 2"},
	{"qdisc:htb qdisc:tbf", "qdisc add dev ve0 parent 1:10 handle 10: tbf rate 1mbit burst 10k latency 50ms peakrate 2mbit mtu 2000"},
	{"qdisc:htb qdisc:prio", "qdisc add dev ve0 parent 1:20 handle 20: prio bands 4 priomap 3 2 1 0 3 2 1 0 3 2 1 0 3 2 1 0"},
	{"qdisc:htb filter:u32 action:mirred", "filter add dev ve0 parent 1: protocol ip prio 1 u32 match ip dst 10.10.1.0/24 match ip sport 80 0xffff match ip protocol 6 0xff flowid 1:10 action mirred egress redirect dev ifb0"},
	{"qdisc:ingress", "qdisc add dev ve2 ingress"},
	{"qdisc:ingress filter:u32 action:mirred", "filter add dev ve2 parent ffff: protocol all prio 2 u32 match u32 0 0 action mirred egress mirror dev ifb0"},
	{"qdisc:clsact", "qdisc add dev br1 clsact"},
	{"qdisc:clsact filter:u32 action:gact", "filter add dev br1 egress protocol ip prio 3 u32 match ip src 192.0.2.0/24 action drop"},
	{"qdisc:tbf", "qdisc add dev ve2 root handle 2: tbf rate 8mbit burst 20k limit 30k"},
	{"qdisc:prio", "qdisc add dev ve1 root handle 3: prio"},
}

// populate fills ns; it returns the optional link kinds it added.
func populate(t *testing.T, ns *testutil.NetNS) []string {
	// No duplicate address detection: the IPv6 link-local addresses and
	// their routes exist at once, not between the two dumps.
	ns.Exec(t, "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.default.router_solicitations=0")
	ns.Batch(t, baseLinks...)
	// The optional lines go in one forced batch each (a process costs
	// much in the VM lane); probing a feature costs a namespace, so only a
	// line that failed asks whether the kernel has what it needs.
	var kinds []string
	lines := make([]string, len(kindLines))
	for i, k := range kindLines {
		lines[i] = k.line
	}
	failed, out := forceBatch(t, ns, "ip", lines)
	for i, k := range kindLines {
		if !failed[i] {
			kinds = append(kinds, k.feature)
		} else if testutil.HasKernel(k.feature) {
			t.Fatalf("ip %s: failed though the kernel has %s:\n%s", k.line, k.feature, out)
		}
	}
	ns.Batch(t, netLines...)
	ns.Run(t, "-6", "rule", "add", "from", "2001:db8::/32", "sport", "1-2", "uidrange", "5-6", "table", "200", "priority", "120")
	batch(t, ns, "bridge", fdbLines)
	lines = make([]string, len(tcLines))
	for i, l := range tcLines {
		lines[i] = l.line
	}
	failed, out = forceBatch(t, ns, "tc", lines)
	for i, l := range tcLines {
		if !failed[i] {
			continue
		}
		if !hasAll(strings.Fields(l.features)) {
			t.Logf("skipped for lack of %s: tc %s", l.features, l.line)
			continue
		}
		t.Fatalf("tc %s: failed though the kernel has %s:\n%s", l.line, l.features, out)
	}
	return kinds
}

// forceBatch runs lines through `prog -n NS -force -batch -`, which goes
// on past a failing line, and returns the indexes of the lines that
// failed (from its "Command failed -:N" reports) and its output.
func forceBatch(t *testing.T, ns *testutil.NetNS, prog string, lines []string) (map[int]bool, string) {
	t.Helper()
	cmd := exec.Command(prog, "-n", ns.Name, "-force", "-batch", "-")
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	b, err := cmd.CombinedOutput()
	out := string(b)
	failed := map[int]bool{}
	for _, l := range strings.Split(out, "\n") {
		if n, ok := strings.CutPrefix(strings.TrimSpace(l), "Command failed -:"); ok {
			if i, err := strconv.Atoi(n); err == nil && i >= 1 && i <= len(lines) {
				failed[i-1] = true
			}
		}
	}
	if err != nil && len(failed) == 0 {
		t.Fatalf("%s -batch: %v\n%s", prog, err, out)
	}
	return failed, out
}

func batch(t *testing.T, ns *testutil.NetNS, prog string, lines []string) {
	t.Helper()
	cmd := exec.Command(prog, "-n", ns.Name, "-batch", "-")
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s -n %s -batch: %v\n%s", prog, ns.Name, err, out)
	}
}

func hasAll(features []string) bool {
	for _, f := range features {
		if !testutil.HasKernel(f) {
			return false
		}
	}
	return true
}
