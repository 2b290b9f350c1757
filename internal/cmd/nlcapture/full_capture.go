package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// portFull is the port id of the full namespace's dump socket.
const portFull = 0x6e6c0007

// More kernel numbers, for the full namespace's requests.
const (
	rtmGetneigh       = 30  // RTM_GETNEIGH
	rtmGetrule        = 34  // RTM_GETRULE
	rtmGetqdisc       = 38  // RTM_GETQDISC
	rtmGettclass      = 42  // RTM_GETTCLASS
	rtmGettfilter     = 46  // RTM_GETTFILTER
	rtmGetneightbl    = 66  // RTM_GETNEIGHTBL
	rtmGetnsid        = 90  // RTM_GETNSID
	rtmGetstats       = 94  // RTM_GETSTATS
	rtmGetnexthop     = 106 // RTM_GETNEXTHOP
	rtmGetnexthopbkt  = 118 // RTM_GETNEXTHOPBUCKET
	afBridge          = 7   // AF_BRIDGE
	ntfProxy          = 0x8 // NTF_PROXY
	rtextFilterBridge = 0x2 | 0x10 | 0x20 | 0x40 | 0x80
	statsFilterAll    = 0x1f // IFLA_STATS_FILTER_BIT of IFLA_STATS_LINK_64 … IFLA_STATS_AF_SPEC
	sizeofNdmsg       = 12   // struct ndmsg
	sizeofFibRuleHdr  = 12   // struct fib_rule_hdr
	sizeofNhmsg       = 8    // struct nhmsg
	sizeofNdtmsg      = 4    // struct ndtmsg
	sizeofRtgenmsg    = 1    // struct rtgenmsg
	sizeofTcmsg       = 20   // struct tcmsg
	sizeofIfStatsMsg  = 12   // struct if_stats_msg
	tcHandleHTBRoot   = 0x00010000
	tcHandleIngress   = 0xffff0000
	tcHandleClsactIn  = 0xfffffff2
	tcHandleClsactEg  = 0xfffffff3
	fullSeqBase       = 20
)

// fullDump is one dump of the full namespace: its file name, what it
// is, and its request.
type fullDump struct {
	name, what string
	req        []byte
}

// tcmsgFor returns a struct tcmsg for ifindex and parent.
func tcmsgFor(index int32, parent uint32) []byte {
	b := make([]byte, sizeofTcmsg)
	ne.PutUint32(b[4:], uint32(index)) // tcm_ifindex
	ne.PutUint32(b[12:], parent)       // tcm_parent
	return b
}

// fullDumps lists the full namespace's dumps; ve0 and ve2 are the
// ifindexes the per-device tc dumps need.
func fullDumps(ve0, ve2 int32) []fullDump {
	seq := uint32(fullSeqBase)
	next := func() uint32 { seq++; return seq - 1 }
	ndProxy := make([]byte, sizeofNdmsg)
	ndProxy[10] = ntfProxy // ndm_flags
	ndBridge := make([]byte, sizeofNdmsg)
	ndBridge[0] = afBridge
	stats := make([]byte, sizeofIfStatsMsg)
	ne.PutUint32(stats[8:], statsFilterAll) // filter_mask
	return []fullDump{
		{"links-full", "RTM_GETLINK dump (AF_UNSPEC, IFLA_EXT_MASK=RTEXT_FILTER_VF) of the full namespace",
			newMsg(rtmGetlink, flagRequest|flagDump, next(), ifinfomsg(afUnspec, 0)).attr(iflaExtMask, u32(rtextFilterVF)).bytes()},
		{"brlinks", "RTM_GETLINK dump (AF_BRIDGE, IFLA_EXT_MASK=RTEXT_FILTER_BRVLAN|MRP|CFM_CONFIG|CFM_STATUS|MST): bridge ports with IFLA_PROTINFO and IFLA_AF_SPEC",
			newMsg(rtmGetlink, flagRequest|flagDump, next(), ifinfomsg(afBridge, 0)).attr(iflaExtMask, u32(rtextFilterBridge)).bytes()},
		{"addrs-full", "RTM_GETADDR dump (AF_UNSPEC)",
			newMsg(rtmGetaddr, flagRequest|flagDump, next(), make([]byte, sizeofIfaddrmsg)).bytes()},
		{"routes-full", "RTM_GETROUTE dump (AF_UNSPEC: IPv4, IPv6 and multicast routing), every table",
			newMsg(rtmGetroute, flagRequest|flagDump, next(), rtmsg(afUnspec)).bytes()},
		{"rules", "RTM_GETRULE dump (AF_UNSPEC)",
			newMsg(rtmGetrule, flagRequest|flagDump, next(), make([]byte, sizeofFibRuleHdr)).bytes()},
		{"neigh", "RTM_GETNEIGH dump (AF_UNSPEC): ARP and NDP neighbours",
			newMsg(rtmGetneigh, flagRequest|flagDump, next(), make([]byte, sizeofNdmsg)).bytes()},
		{"neigh-proxy", "RTM_GETNEIGH dump (AF_UNSPEC, ndm_flags=NTF_PROXY): proxy entries",
			newMsg(rtmGetneigh, flagRequest|flagDump, next(), ndProxy).bytes()},
		{"fdb", "RTM_GETNEIGH dump (AF_BRIDGE): bridge and VXLAN FDB entries",
			newMsg(rtmGetneigh, flagRequest|flagDump, next(), ndBridge).bytes()},
		{"nexthops", "RTM_GETNEXTHOP dump: nexthop objects and groups",
			newMsg(rtmGetnexthop, flagRequest|flagDump, next(), make([]byte, sizeofNhmsg)).bytes()},
		{"nhbuckets", "RTM_GETNEXTHOPBUCKET dump: the buckets of resilient group 12",
			newMsg(rtmGetnexthopbkt, flagRequest|flagDump, next(), make([]byte, sizeofNhmsg)).bytes()},
		{"neightbl", "RTM_GETNEIGHTBL dump: ARP and NDP tables and their per-device parameters",
			newMsg(rtmGetneightbl, flagRequest|flagDump, next(), make([]byte, sizeofNdtmsg)).bytes()},
		{"nsid", "RTM_GETNSID dump: the peer namespace's id (7)",
			newMsg(rtmGetnsid, flagRequest|flagDump, next(), make([]byte, sizeofRtgenmsg)).bytes()},
		{"qdiscs", "RTM_GETQDISC dump: every device",
			newMsg(rtmGetqdisc, flagRequest|flagDump, next(), make([]byte, sizeofTcmsg)).bytes()},
		{"classes", "RTM_GETTCLASS dump of ve0 (htb classes)",
			newMsg(rtmGettclass, flagRequest|flagDump, next(), tcmsgFor(ve0, 0)).bytes()},
		{"filters", "RTM_GETTFILTER dump of ve0, parent 1: (u32 filters of the htb root)",
			newMsg(rtmGettfilter, flagRequest|flagDump, next(), tcmsgFor(ve0, tcHandleHTBRoot)).bytes()},
		{"filters-ingress", "RTM_GETTFILTER dump of ve0, parent ffff: (u32 with a mirred redirect on the ingress qdisc)",
			newMsg(rtmGettfilter, flagRequest|flagDump, next(), tcmsgFor(ve0, tcHandleIngress)).bytes()},
		{"filters-clsact", "RTM_GETTFILTER dump of ve2, parent ffff:fff2 (clsact ingress)",
			newMsg(rtmGettfilter, flagRequest|flagDump, next(), tcmsgFor(ve2, tcHandleClsactIn)).bytes()},
		{"filters-clsact-egress", "RTM_GETTFILTER dump of ve2, parent ffff:fff3 (clsact egress)",
			newMsg(rtmGettfilter, flagRequest|flagDump, next(), tcmsgFor(ve2, tcHandleClsactEg)).bytes()},
		{"stats", "RTM_GETSTATS dump, filter_mask=IFLA_STATS_LINK_64|LINK_XSTATS|LINK_XSTATS_SLAVE|LINK_OFFLOAD_XSTATS|AF_SPEC",
			newMsg(rtmGetstats, flagRequest|flagDump, next(), stats).bytes()},
	}
}

// fullViews are the iproute2 views saved beside the dumps: program and
// arguments.
var fullViews = []struct {
	name string
	prog string
	args []string
}{
	{"ip-link-full.json", "ip", []string{"-j", "-d", "link", "show"}},
	{"ip-addr-full.json", "ip", []string{"-j", "-d", "addr", "show"}},
	{"ip-route-full.json", "ip", []string{"-j", "-d", "-4", "route", "show", "table", "all"}},
	{"ip-route6-full.json", "ip", []string{"-j", "-d", "-6", "route", "show", "table", "all"}},
	{"ip-rule.json", "ip", []string{"-j", "-4", "rule", "show"}},
	{"ip-rule6.json", "ip", []string{"-j", "-6", "rule", "show"}},
	{"ip-neigh.json", "ip", []string{"-j", "neigh", "show", "nud", "all"}},
	{"ip-neigh-proxy.json", "ip", []string{"-j", "neigh", "show", "proxy"}},
	{"bridge-fdb.json", "bridge", []string{"-j", "fdb", "show"}},
	{"ip-nexthop.json", "ip", []string{"-j", "nexthop", "show"}},
	{"ip-ntable.json", "ip", []string{"-j", "ntable", "show"}},
	{"ip-netns-id.json", "ip", []string{"-j", "netns", "list-id"}},
	{"tc-qdisc.json", "tc", []string{"-j", "-s", "qdisc", "show"}},
	{"tc-class.json", "tc", []string{"-j", "-s", "class", "show", "dev", "ve0"}},
	{"tc-filter.json", "tc", []string{"-j", "filter", "show", "dev", "ve0", "parent", "1:"}},
	{"tc-filter-ingress.json", "tc", []string{"-j", "filter", "show", "dev", "ve0", "ingress"}},
	{"ip-stats.json", "ip", []string{"-j", "stats", "show", "group", "link"}},
}

// captureFull fills the full namespace (and peer, which receives one end
// of a veth and gets nsid 7), then writes its dumps and iproute2's JSON.
func captureFull(ctx context.Context, ns, peer *netns, dir string) ([]file, error) {
	if _, err := ns.ip(ctx, "netns", "set", peer.name, "7"); err != nil {
		return nil, err
	}
	steps := []struct {
		prog  string
		lines []string
	}{
		{"ip", fullLinksScript(peer.name)},
		{"bridge", fullBridgeScript()},
		{"ip", fullNetScript()},
		{"ip -6", fullRules6Script()},
		{"tc", fullTCScript()},
	}
	for _, st := range steps {
		if err := ns.batchWith(ctx, st.prog, st.lines); err != nil {
			return nil, err
		}
	}
	if err := ns.settle(ctx, "br1", 30*time.Second); err != nil {
		return nil, err
	}
	ve0, err := ns.ifindex(ctx, "ve0")
	if err != nil {
		return nil, err
	}
	ve2, err := ns.ifindex(ctx, "ve2")
	if err != nil {
		return nil, err
	}
	s, err := openIn(ns, portFull, false)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var files []file
	for _, d := range fullDumps(ve0, ve2) {
		c, err := request(s, d.req)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.name, err)
		}
		if code, ok := c.errorCode(); ok && code != 0 {
			return nil, fmt.Errorf("%s: kernel answered error %d", d.name, code)
		}
		if err := c.write(dir, d.name); err != nil {
			return nil, err
		}
		files = append(files, c.files(d.name, d.what)...)
	}
	for _, v := range fullViews {
		out, err := ns.run(ctx, v.prog, v.args...)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(dir+"/"+v.name, out, 0o644); err != nil {
			return nil, err
		}
		files = append(files, file{name: v.name, what: "`" + v.prog + " " + strings.Join(v.args, " ") + "`", size: len(out)})
	}
	return files, nil
}

// batchWith runs lines through one `PROG -n NAME -batch -`; prog is ip,
// bridge or tc, with options ("ip -6").
func (ns *netns) batchWith(ctx context.Context, prog string, lines []string) error {
	words := strings.Fields(prog)
	cmd := exec.CommandContext(ctx, words[0], append(words[1:], "-n", ns.name, "-batch", "-")...)
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s -n %s -batch (%d lines): %w\n%s", prog, ns.name, len(lines), err, out)
	}
	return nil
}

// run runs `PROG -n NAME args...` and returns its standard output.
func (ns *netns) run(ctx context.Context, prog string, args ...string) ([]byte, error) {
	var stdout, stderr strings.Builder
	cmd := exec.CommandContext(ctx, prog, append([]string{"-n", ns.name}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s -n %s %s: %w: %s", prog, ns.name, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return []byte(stdout.String()), nil
}

// ifindex returns the index of link name.
func (ns *netns) ifindex(ctx context.Context, name string) (int32, error) {
	out, err := ns.ip(ctx, "-j", "link", "show", "dev", name)
	if err != nil {
		return 0, err
	}
	var l []struct {
		Index int32 `json:"ifindex"`
	}
	if err := json.Unmarshal(out, &l); err != nil || len(l) != 1 {
		return 0, fmt.Errorf("ifindex of %s: %v (%s)", name, err, out)
	}
	return l[0].Index, nil
}
