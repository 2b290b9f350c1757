package testutil

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostFeatures are the optional features the suite's tests name that a
// host of our kind usually has; fullFeatures the ones only the VM lane's
// kernel is sure to have. Neither list is required on the host: kernel
// configs differ between machines, and a missing feature is a skip.
var (
	hostFeatures = []string{"link:veth", "link:bridge", "link:vxlan", "link:macvlan", "link:ifb", "qdisc:htb", "qdisc:tbf",
		"qdisc:clsact", "qdisc:ingress", "qdisc:pfifo", "filter:u32", "filter:bpf", "action:mirred", "tun", "nexthop-objects"}
	fullFeatures = []string{"link:dummy", "link:vlan", "link:gre", "link:gretap", "link:ip6gre", "link:ipip", "link:sit",
		"link:ip6tnl", "link:vrf", "link:geneve", "link:bond", "link:ipvlan", "link:macvtap", "link:wireguard",
		"link:xfrm", "qdisc:sfq", "qdisc:fq_codel", "qdisc:prio", "qdisc:hfsc", "qdisc:netem", "qdisc:drr",
		"qdisc:choke", "qdisc:red", "qdisc:cake", "action:gact", "action:police", "action:bpf", "mpls", "mpls-encap",
		"seg6", "seg6local", "bridge-vlan"}
)

// TestProbeHost probes every feature on the running kernel: each is a
// subtest that passes or skips naming the feature (in the VM lane, fails).
// Where /proc/config.gz says a feature's symbol is not set, the probe
// itself must fail too: that holds the feature → symbol table to the
// kernel's behaviour.
func TestProbeHost(t *testing.T) {
	RequireRoot(t)
	for _, f := range append(append([]string{}, hostFeatures...), fullFeatures...) {
		t.Run(f, func(t *testing.T) {
			if Masked(f) {
				t.Skipf("masked by %s", maskEnv)
			}
			if err := configMissing(f); err != nil {
				if perr := runProbe(f); perr == nil {
					t.Errorf("%s: the kernel config says %v, but the probe succeeded: wrong config symbol %s", f, err, configSymbol(f))
				}
			}
			RequireKernel(t, f)
		})
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
	for _, f := range append(append([]string{}, hostFeatures...), fullFeatures...) {
		if Masked(f) {
			continue
		}
		if err := probeFeature(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestMaskFeature: a masked feature is missing, named in the skip, even
// in the VM lane where a missing feature otherwise fails, and the skip is
// recorded in NLTEST_SKIPLOG.
func TestMaskFeature(t *testing.T) {
	log := filepath.Join(t.TempDir(), "skips")
	t.Setenv(maskEnv, "mpls, seg6")
	t.Setenv("NLTEST_SKIPLOG", log)
	for _, vm := range []string{"", "1"} {
		t.Setenv("VMTEST", vm)
		if !Masked("seg6") || !Masked("mpls") || Masked("seg6local") {
			t.Fatalf("Masked: seg6 %v mpls %v seg6local %v, want true true false", Masked("seg6"), Masked("mpls"), Masked("seg6local"))
		}
		err := probeFeature("seg6")
		if err == nil || !strings.Contains(err.Error(), maskEnv) {
			t.Errorf("probe of a masked feature: %v, want an error naming %s", err, maskEnv)
		}
		if os.Geteuid() != 0 {
			continue
		}
		r := &recordTB{TB: t}
		r.run(func(tb testing.TB) { RequireKernel(tb, "seg6") })
		if !r.skipped || r.failed {
			t.Errorf("VMTEST=%q: skipped=%v failed=%v, want a skip", vm, r.skipped, r.failed)
		}
	}
	r := &recordTB{TB: t}
	r.run(func(tb testing.TB) { SkipMissingFeature(tb, "mpls", nil) })
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, "\t")
		found = found || len(f) == 3 && f[0] == "mpls" && f[2] == t.Name()
	}
	if !found {
		t.Errorf("skip log %q lacks the mpls skip of %s", b, t.Name())
	}
}

func TestReadKernelConfig(t *testing.T) {
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write([]byte("#\n# Networking\n#\nCONFIG_VETH=y\nCONFIG_VXLAN=m\n# CONFIG_IPV6_SEG6_LWTUNNEL is not set\nCONFIG_NR_CPUS=64\n"))
	z.Close()
	path := filepath.Join(t.TempDir(), "config.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := readKernelConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"CONFIG_VETH": "y", "CONFIG_VXLAN": "m", "CONFIG_IPV6_SEG6_LWTUNNEL": "n", "CONFIG_NR_CPUS": "64"}
	if len(m) != len(want) {
		t.Errorf("got %v, want %v", m, want)
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %q, want %q", k, m[k], v)
		}
	}
	if _, err := readKernelConfig(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("a missing config read without error")
	}
	for f, sym := range map[string]string{"seg6": "CONFIG_IPV6_SEG6_LWTUNNEL", "link:dummy": "CONFIG_DUMMY", "qdisc:fq_codel": "CONFIG_NET_SCH_FQ_CODEL",
		"action:gact": "CONFIG_NET_ACT_GACT", "filter:u32": "CONFIG_NET_CLS_U32", "qdisc:clsact": "CONFIG_NET_SCH_INGRESS", "frobnicate": ""} {
		if got := configSymbol(f); got != sym {
			t.Errorf("configSymbol(%q) = %q, want %q", f, got, sym)
		}
	}
}
