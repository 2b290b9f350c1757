package testutil

import (
	"os"
	"strings"
	"testing"
)

func TestProbeAvailable(t *testing.T) {
	RequireRoot(t)
	// What both kernels the suite runs on (host and VM) have.
	for _, f := range []string{"link:veth", "link:bridge", "link:vxlan", "link:macvlan", "qdisc:htb", "qdisc:tbf", "qdisc:clsact", "filter:u32", "filter:bpf", "seg6", "tun"} {
		if err := probeFeature(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestProbeMissing(t *testing.T) {
	RequireRoot(t)
	err := probeFeature("link:nosuchkind")
	if err == nil {
		t.Fatal("link:nosuchkind probed as present")
	}
	if !strings.Contains(err.Error(), "nosuchkind") {
		t.Errorf("error does not say what failed: %v", err)
	}
	if err := probeFeature("frobnicate"); err == nil || !strings.Contains(err.Error(), "unknown kernel feature") {
		t.Errorf("unknown feature: %v", err)
	}
}

// TestProbeFullKernel runs in the VM lane: every feature the suite names
// must be there.
func TestProbeFullKernel(t *testing.T) {
	if os.Getenv("VMTEST") != "1" {
		t.Skip("testutil: needs the full-kernel VM lane (VMTEST=1); the host kernel has no loadable modules")
	}
	for _, f := range []string{"link:dummy", "link:vlan", "link:gre", "link:gretap", "link:ip6gre", "link:ipip", "link:sit",
		"link:ip6tnl", "link:vrf", "link:geneve", "link:bond", "link:ipvlan", "link:macvtap", "link:wireguard",
		"link:xfrm", "qdisc:sfq", "qdisc:fq_codel", "qdisc:prio", "qdisc:hfsc", "qdisc:netem", "qdisc:drr",
		"qdisc:choke", "qdisc:red", "qdisc:cake", "action:gact", "action:police", "action:bpf", "mpls", "bridge-vlan"} {
		if err := probeFeature(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
