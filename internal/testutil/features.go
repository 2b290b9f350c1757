package testutil

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Kernel configs differ between machines of one kind: a feature that one
// host has, the next may lack (seg6 and MPLS lwt encaps, say). So every
// test that needs an optional kernel feature names it through
// [RequireKernel], and a host without it skips with the feature's name.
// Three environment variables shape this:
//
//	NLTEST_MASK_FEATURES  comma-separated features to treat as missing,
//	                      even where the kernel has them and even in the VM
//	                      lane: `NLTEST_MASK_FEATURES=seg6,mpls make unit`
//	                      shows that a host without them stays green.
//	NLTEST_SKIPLOG        a file to which every feature skip appends a line
//	                      "feature<TAB>binary<TAB>test"; `make test` sets it
//	                      and prints the features the host lane skipped
//	                      (scripts/skipped-features).
//	VMTEST=1              the full-kernel VM lane: a missing feature fails
//	                      instead of skipping, unless it is masked.

// maskEnv names the features to treat as missing.
const maskEnv = "NLTEST_MASK_FEATURES"

// Masked reports whether feature is listed in NLTEST_MASK_FEATURES. Tests
// that detect a feature by their own means (TCX, say) check it before
// using the feature.
func Masked(feature string) bool {
	for _, f := range strings.Split(os.Getenv(maskEnv), ",") {
		if strings.TrimSpace(f) == feature {
			return true
		}
	}
	return false
}

// configPath is where the running kernel shows its build config.
var configPath = "/proc/config.gz"

var kconfig struct {
	once sync.Once
	m    map[string]string // CONFIG_X → "y", "m", "n" (is not set), other values
	err  error
}

// kernelConfig reads configPath once.
func kernelConfig() (map[string]string, error) {
	kconfig.once.Do(func() { kconfig.m, kconfig.err = readKernelConfig(configPath) })
	return kconfig.m, kconfig.err
}

func readKernelConfig(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	m := make(map[string]string)
	sc := bufio.NewScanner(z)
	for sc.Scan() {
		line := sc.Text()
		if sym, ok := strings.CutPrefix(line, "# "); ok {
			if sym, ok = strings.CutSuffix(sym, " is not set"); ok && strings.HasPrefix(sym, "CONFIG_") {
				m[sym] = "n"
			}
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok && strings.HasPrefix(k, "CONFIG_") {
			m[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Config symbols of the features whose symbol is not derived from the
// name (see configSymbol). Features with none (nexthop-objects: built
// in since Linux 5.3) are decided by their probe alone.
var featureConfig = map[string]string{
	"seg6":              "CONFIG_IPV6_SEG6_LWTUNNEL",
	"seg6local":         "CONFIG_IPV6_SEG6_LWTUNNEL",
	"mpls":              "CONFIG_MPLS_ROUTING",
	"mpls-encap":        "CONFIG_MPLS_IPTUNNEL",
	"bridge-vlan":       "CONFIG_BRIDGE_VLAN_FILTERING",
	"tun":               "CONFIG_TUN",
	"tcx":               "CONFIG_NET_XGRESS",
	"link:vlan":         "CONFIG_VLAN_8021Q",
	"link:gre":          "CONFIG_NET_IPGRE",
	"link:gretap":       "CONFIG_NET_IPGRE",
	"link:erspan":       "CONFIG_NET_IPGRE",
	"link:ip6gre":       "CONFIG_IPV6_GRE",
	"link:ip6gretap":    "CONFIG_IPV6_GRE",
	"link:ip6erspan":    "CONFIG_IPV6_GRE",
	"link:ipip":         "CONFIG_NET_IPIP",
	"link:sit":          "CONFIG_IPV6_SIT",
	"link:ip6tnl":       "CONFIG_IPV6_TUNNEL",
	"link:vti":          "CONFIG_NET_IPVTI",
	"link:vti6":         "CONFIG_IPV6_VTI",
	"link:vrf":          "CONFIG_NET_VRF",
	"link:bond":         "CONFIG_BONDING",
	"link:team":         "CONFIG_NET_TEAM",
	"link:xfrm":         "CONFIG_XFRM_INTERFACE",
	"link:ipvtap":       "CONFIG_IPVTAP",
	"link:bareudp":      "CONFIG_BAREUDP",
	"link:gtp":          "CONFIG_GTP",
	"qdisc:pfifo":       "CONFIG_NET_SCH_FIFO",
	"qdisc:bfifo":       "CONFIG_NET_SCH_FIFO",
	"qdisc:ingress":     "CONFIG_NET_SCH_INGRESS",
	"qdisc:clsact":      "CONFIG_NET_SCH_INGRESS",
	"filter:route":      "CONFIG_NET_CLS_ROUTE4",
	"action:tunnel_key": "CONFIG_NET_ACT_TUNNEL_KEY",
}

// configSymbol is the kernel config symbol that decides feature, or "".
func configSymbol(feature string) string {
	if s, ok := featureConfig[feature]; ok {
		return s
	}
	kind, arg, _ := strings.Cut(feature, ":")
	up := strings.ToUpper(arg)
	switch kind {
	case "link":
		if arg != "" {
			return "CONFIG_" + up
		}
	case "qdisc":
		return "CONFIG_NET_SCH_" + up
	case "action":
		return "CONFIG_NET_ACT_" + up
	case "filter":
		return "CONFIG_NET_CLS_" + up
	}
	return ""
}

// configMissing returns an error when the kernel config says feature is
// not built ("# CONFIG_X is not set"), and nil when it is built, or when
// there is no config to read or the symbol is not in it: then the probe
// decides.
func configMissing(feature string) error {
	sym := configSymbol(feature)
	if sym == "" {
		return nil
	}
	m, err := kernelConfig()
	if err != nil {
		return nil
	}
	if m[sym] == "n" {
		return fmt.Errorf("%s is not set (%s)", sym, configPath)
	}
	return nil
}

// configNote is " (CONFIG_X=y in /proc/config.gz)" for feature, or "".
func configNote(feature string) string {
	sym := configSymbol(feature)
	m, err := kernelConfig()
	if sym == "" || err != nil || m[sym] == "" {
		return ""
	}
	return fmt.Sprintf(" (%s=%s in %s)", sym, m[sym], configPath)
}

// logSkip appends "feature<TAB>binary<TAB>test" to NLTEST_SKIPLOG, when set.
func logSkip(tb testing.TB, feature string) {
	path := os.Getenv("NLTEST_SKIPLOG")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		tb.Logf("testutil: NLTEST_SKIPLOG: %v", err)
		return
	}
	defer f.Close()
	// One write of a short line: appends from parallel test binaries do
	// not interleave.
	line := feature + "\t" + strings.TrimSuffix(filepath.Base(os.Args[0]), ".test") + "\t" + tb.Name() + "\n"
	if _, err := f.WriteString(line); err != nil {
		tb.Logf("testutil: NLTEST_SKIPLOG: %v", err)
	}
}
