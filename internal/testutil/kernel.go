package testutil

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// RequireKernel skips tb unless the running kernel has every feature
// named, probing each once per process in a throwaway namespace of its
// own. The skip message names the missing feature and what the probe saw.
//
// Inside the full-kernel VM lane (VMTEST=1), where Debian's kernel with all
// modules runs, a missing feature fails tb instead: there every feature
// the suite uses exists, so a skip would hide a broken test. On the host a
// missing feature stays a skip even under NLTEST_PRIVILEGED, because the
// host kernel (no loadable modules) lacks many; the VM lane covers them.
//
// Feature names:
//
//	link:KIND      a link kind that `ip link add … type KIND` can create
//	               (dummy, vlan, gre, gretap, ip6gre, ip6gretap, ipip, sit,
//	               ip6tnl, vrf, geneve, bond, team, ipvlan, macvlan, macvtap,
//	               vxlan, veth, bridge, ifb, wireguard, xfrm, …)
//	qdisc:KIND     a queueing discipline (sfq, fq_codel, prio, hfsc, netem,
//	               drr, choke, red, cake, htb, tbf, pfifo, ingress, clsact, …)
//	action:KIND    a tc action (gact, police, mirred, …)
//	filter:KIND    a tc classifier (u32, bpf, matchall, flower, …)
//	mpls           AF_MPLS routing (mpls_router)
//	bridge-vlan    bridge VLAN filtering
//	mpls-encap     MPLS lightweight-tunnel encapsulation on IP routes
//	seg6           IPv6 segment routing encapsulation
//	seg6local      seg6local routes (End, End.X, …)
//	tun            /dev/net/tun
//
// A feature is missing when NLTEST_MASK_FEATURES lists it, when
// /proc/config.gz says its config symbol is not set, or when its probe
// fails; the skip says which. Every skip is recorded in NLTEST_SKIPLOG
// (see features.go).
func RequireKernel(tb testing.TB, features ...string) {
	tb.Helper()
	RequireRoot(tb)
	for _, f := range features {
		if err := probeFeature(f); err != nil {
			if os.Getenv("VMTEST") == "1" && !Masked(f) && !newerThanVM[f] {
				tb.Fatalf("testutil: kernel feature %s missing in the full-kernel VM: %v", f, err)
			}
			SkipMissingFeature(tb, f, err)
		}
	}
}

// newerThanVM lists the features the VM lane's kernel (Debian 12's 6.1)
// is too old for: they skip there too, and the host lane runs them.
var newerThanVM = map[string]bool{
	"link:netkit": true, // Linux 6.7
	"tcx":         true, // Linux 6.6
}

// HasKernel reports whether the kernel has the feature, as RequireKernel
// probes it, without skipping.
func HasKernel(feature string) bool { return probeFeature(feature) == nil }

var probes sync.Map // feature → *probeResult

type probeResult struct {
	once sync.Once
	err  error
}

func probeFeature(f string) error {
	if Masked(f) {
		return fmt.Errorf("masked by %s", maskEnv)
	}
	v, _ := probes.LoadOrStore(f, new(probeResult))
	r := v.(*probeResult)
	r.once.Do(func() {
		if r.err = configMissing(f); r.err != nil {
			return
		}
		if r.err = runProbe(f); r.err != nil {
			r.err = fmt.Errorf("%w%s", r.err, configNote(f))
		}
	})
	return r.err
}

// Link kinds that stack on a lower device: the probe puts them on a veth.
var linkNeedsLower = map[string]bool{"vlan": true, "macvlan": true, "macvtap": true, "ipvlan": true, "ipvtap": true}

// Extra arguments some link kinds need before the kernel accepts them.
// Tunnels get endpoints: one with none would clash with the fallback
// device (gre0, tunl0 …) their module creates, and fail with EEXIST.
var linkProbeArgs = map[string]string{
	"gre":       "local 192.0.2.1 remote 192.0.2.2",
	"gretap":    "local 192.0.2.1 remote 192.0.2.2",
	"ipip":      "local 192.0.2.1 remote 192.0.2.2",
	"sit":       "local 192.0.2.1 remote 192.0.2.2",
	"ip6gre":    "local 2001:db8::1 remote 2001:db8::2",
	"ip6gretap": "local 2001:db8::1 remote 2001:db8::2",
	"ip6tnl":    "local 2001:db8::1 remote 2001:db8::2",
	"vlan":      "id 10",
	"vxlan":     "id 10 dstport 4789",
	"vrf":       "table 10",
	"geneve":    "id 10 remote 192.0.2.1",
	"veth":      "peer name nlprobe-p",
	"xfrm":      "if_id 1",
	"bareudp":   "dstport 6635 ethertype mpls_uc",
	"gtp":       "role sgsn",
	"vti":       "local 192.0.2.1 remote 192.0.2.2",
	"vti6":      "local 2001:db8::1 remote 2001:db8::2",
	"erspan":    "seq key 1 erspan_ver 1 erspan 1 local 192.0.2.1 remote 192.0.2.2",
	"ip6erspan": "seq key 1 erspan_ver 1 erspan 1 local 2001:db8::1 remote 2001:db8::2",
}

// Arguments of qdiscs that have no defaults.
var qdiscProbeArgs = map[string]string{
	"tbf":    "rate 1mbit burst 10k latency 10ms",
	"choke":  "limit 1000 bandwidth 10mbit",
	"red":    "limit 100k min 10k max 30k avpkt 1k burst 20 bandwidth 10mbit",
	"gred":   "setup vqs 4 default 0",
	"taprio": "num_tc 1 map 0 queues 1@0 base-time 0 sched-entry S 01 100000 clockid CLOCK_TAI",
	"mqprio": "num_tc 1 map 0 queues 1@0 hw 0",
}

// Action lines for `tc actions add action …`.
// A classic BPF program that accepts everything, as tc's "bytecode"
// argument: one instruction, ret #-1. The probes split their lines on
// white space, so the program's own spaces travel as "_" and are put back.
const acceptAllBytecode = "bytecode_1,6_0_0_4294967295"

var actionProbeArgs = map[string]string{
	"bpf":        "bpf " + acceptAllBytecode,
	"skbedit":    "skbedit mark 1",
	"vlan":       "vlan pop",
	"tunnel_key": "tunnel_key unset",
	"csum":       "csum ip4h",
	"pedit":      "pedit ex munge ip ttl set 1",
	"gact":       "pass",
	"police":     "police rate 1mbit burst 10k",
	"mirred":     "mirred egress redirect dev $LOWER",
}

// Filter lines for `tc filter add dev $LOWER ingress …`.
var filterProbeArgs = map[string]string{
	"bpf":      "protocol all prio 1 bpf " + acceptAllBytecode,
	"u32":      "protocol all prio 1 u32 match u32 0 0",
	"matchall": "protocol all prio 1 matchall classid 1:1",
	"flower":   "protocol ip prio 1 flower ip_proto tcp",
	"basic":    "protocol all prio 1 basic classid 1:1",
	"fw":       "protocol all prio 1 handle 1 fw classid 1:1",
	"route":    "protocol all prio 1 route to 1 classid 1:1",
}

// runProbe creates a namespace with a veth pair (nlprobe-l/nlprobe-r,
// available on every kernel the suite runs on), tries the feature there,
// and removes the namespace.
func runProbe(f string) error {
	if ok, err := probeHost(f); ok {
		return err
	}
	p := probeNS{name: fmt.Sprintf("nlprobe-%d-%d", os.Getpid(), nsCounter.Add(1))}
	if out, err := runIP("netns", "add", p.name); err != nil {
		return fmt.Errorf("probe namespace: %w (%s)", err, out)
	}
	defer runIP("netns", "del", p.name)
	if err := p.ip("link add nlprobe-l type veth peer name nlprobe-r"); err != nil {
		return fmt.Errorf("probe lower link: %w", err)
	}
	if err := p.ip("link set nlprobe-l up"); err != nil {
		return err
	}
	return p.try(f)
}

// probeHost probes the features that need no namespace; ok is false
// for the others.
func probeHost(f string) (ok bool, err error) {
	switch f {
	case "mpls":
		if _, err := os.Stat("/proc/sys/net/mpls/platform_labels"); err != nil {
			return true, fmt.Errorf("no /proc/sys/net/mpls (mpls_router not loaded): %w", err)
		}
		return true, nil
	case "tun":
		fd, err := os.OpenFile("/dev/net/tun", os.O_RDWR, 0)
		if err != nil {
			return true, err
		}
		return true, fd.Close()
	}
	return false, nil
}

// probeNS is the namespace of one probe, its lower link nlprobe-l up.
type probeNS struct{ name string }

// ip runs ip in the namespace; args are split on spaces.
func (p probeNS) ip(args string) error {
	_, err := runIP(append([]string{"-n", p.name}, strings.Fields(args)...)...)
	return err
}

// tc runs tc in the namespace; args are split on spaces, and a field
// "bytecode_<prog>" is the bytecode argument with its underscores as
// spaces.
func (p probeNS) tc(args string) error {
	fields := []string{"-n", p.name}
	for _, f := range strings.Fields(args) {
		if prog, ok := strings.CutPrefix(f, "bytecode_"); ok {
			fields = append(fields, "bytecode", strings.ReplaceAll(prog, "_", " "))
			continue
		}
		fields = append(fields, f)
	}
	out, err := exec.Command("tc", fields...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("tc %s: %w: %s", args, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// try tries feature f in the namespace.
func (p probeNS) try(f string) error {
	kind, arg, _ := strings.Cut(f, ":")
	lower := func(s string) string { return strings.ReplaceAll(s, "$LOWER", "nlprobe-l") }
	switch {
	case kind == "link" && arg != "":
		line := "link add nlprobe0 type " + arg + " " + linkProbeArgs[arg]
		if linkNeedsLower[arg] {
			line = "link add link nlprobe-l name nlprobe0 type " + arg + " " + linkProbeArgs[arg]
		}
		return p.ip(line)
	case kind == "qdisc" && (arg == "ingress" || arg == "clsact"):
		return p.tc("qdisc add dev nlprobe-l " + arg)
	case kind == "qdisc" && arg != "":
		return p.tc("qdisc add dev nlprobe-l root handle 1: " + arg + " " + qdiscProbeArgs[arg])
	case kind == "action" && arg != "":
		line, ok := actionProbeArgs[arg]
		if !ok {
			line = arg
		}
		return p.tc(lower("actions add action " + line))
	case kind == "filter" && arg != "":
		line, ok := filterProbeArgs[arg]
		if !ok {
			line = "protocol all prio 1 " + arg
		}
		if err := p.tc("qdisc add dev nlprobe-l clsact"); err != nil {
			return err
		}
		return p.tc("filter add dev nlprobe-l ingress " + line)
	case f == "bridge-vlan":
		return p.bridgeVLAN()
	case f == "seg6":
		if err := p.ip("addr add 2001:db8::1/64 dev nlprobe-l"); err != nil {
			return err
		}
		return p.ip("-6 route add 2001:db8:1::/64 encap seg6 mode encap segs 2001:db8::2 dev nlprobe-l")
	case f == "seg6local":
		return p.ip("-6 route add 2001:db8:2::/128 encap seg6local action End dev nlprobe-l")
	case f == "mpls-encap":
		return p.ip("route add 198.51.100.0/24 encap mpls 100 dev nlprobe-l")
	case f == "nexthop-objects":
		// Nexthop objects (Linux 5.3) are built in with IPv4: no config
		// symbol decides them, so the probe makes one (a blackhole: it
		// needs lo up, nothing else).
		if err := p.ip("link set lo up"); err != nil {
			return err
		}
		return p.ip("nexthop add id 1 blackhole")
	}
	return fmt.Errorf("testutil: unknown kernel feature %q", f)
}

// bridgeVLAN tries a VLAN-filtering bridge. A kernel without
// CONFIG_BRIDGE_VLAN_FILTERING accepts the option and ignores it: read
// it back.
func (p probeNS) bridgeVLAN() error {
	if err := p.ip("link add nlprobe0 type bridge vlan_filtering 1"); err != nil {
		return err
	}
	out, err := runIP("-n", p.name, "-d", "link", "show", "nlprobe0")
	if err != nil {
		return err
	}
	if !strings.Contains(out, "vlan_filtering 1") {
		return fmt.Errorf("bridge created, but vlan_filtering reads back off")
	}
	return nil
}
