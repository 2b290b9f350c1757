package testutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// NetNS is a throwaway network namespace made by [NewNetNS] and removed
// when its test ends. Its methods drive iproute2 inside it and fail the
// test, with the command's output, when the command fails.
type NetNS struct {
	// Name is the namespace's name for `ip netns`, "nlt-<pid>-<n>".
	Name string
	// Path is where the namespace is bound, /var/run/netns/<Name>; open
	// it to enter the namespace.
	Path string
}

var nsCounter atomic.Uint64

// NewNetNS creates a fresh network namespace with `ip netns add`, brings
// its loopback up, and registers its removal (`ip netns del`) with
// tb.Cleanup. It skips tb as [RequireRoot] does, and also when iproute2's
// ip is missing (failing instead under [Privileged]).
//
// Sockets opened inside the namespace keep it alive after the name is
// deleted; close them in the test.
func NewNetNS(tb testing.TB) *NetNS {
	tb.Helper()
	RequireRoot(tb)
	if _, err := exec.LookPath("ip"); err != nil {
		if Privileged() {
			tb.Fatalf("testutil: iproute2 ip not found: %v", err)
		}
		SkipMissingFeature(tb, "iproute2 ip", err)
	}
	name := fmt.Sprintf("nlt-%d-%d", os.Getpid(), nsCounter.Add(1))
	if out, err := runIP("netns", "add", name); err != nil {
		tb.Fatalf("testutil: ip netns add %s: %v\n%s", name, err, out)
	}
	ns := &NetNS{Name: name, Path: "/var/run/netns/" + name}
	tb.Cleanup(func() {
		if out, err := runIP("netns", "del", name); err != nil {
			tb.Errorf("testutil: ip netns del %s: %v\n%s", name, err, out)
		}
	})
	ns.Run(tb, "link", "set", "lo", "up")
	return ns
}

// Run runs `ip -n NAME args...` and returns its standard output. It fails
// tb when the command fails.
func (ns *NetNS) Run(tb testing.TB, args ...string) string {
	tb.Helper()
	out, err := ns.TryRun(args...)
	if err != nil {
		tb.Fatalf("testutil: %v", err)
	}
	return out
}

// TryRun is Run for commands expected to fail: it returns the standard
// output and an error carrying the command line and its standard error.
func (ns *NetNS) TryRun(args ...string) (string, error) {
	return runIP(append([]string{"-n", ns.Name}, args...)...)
}

// RunJSON runs `ip -n NAME -j args...` and unmarshals its output into v.
// It fails tb when the command fails or prints invalid JSON.
func (ns *NetNS) RunJSON(tb testing.TB, v any, args ...string) {
	tb.Helper()
	out := ns.Run(tb, append([]string{"-j"}, args...)...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		tb.Fatalf("testutil: ip -n %s -j %s: bad JSON: %v\n%s", ns.Name, strings.Join(args, " "), err, out)
	}
}

// Batch runs the ip commands in lines (one command each, without the
// leading "ip") in one `ip -n NAME -batch -` process, which is much faster
// than one process per command. It fails tb on the first failing line.
func (ns *NetNS) Batch(tb testing.TB, lines ...string) {
	tb.Helper()
	cmd := exec.Command("ip", "-n", ns.Name, "-batch", "-")
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("testutil: ip -n %s -batch: %v\n%s", ns.Name, err, out)
	}
}

// Exec runs the program name with args inside the namespace (`ip netns
// exec NAME name args...`) and returns its standard output. It fails tb
// when the program fails.
func (ns *NetNS) Exec(tb testing.TB, name string, args ...string) string {
	tb.Helper()
	out, err := runIP(append([]string{"netns", "exec", ns.Name, name}, args...)...)
	if err != nil {
		tb.Fatalf("testutil: %v", err)
	}
	return out
}

// IfIndex returns the interface index of the link called name, failing tb
// when there is none.
func (ns *NetNS) IfIndex(tb testing.TB, name string) int {
	tb.Helper()
	var links []struct {
		IfIndex int `json:"ifindex"`
	}
	ns.RunJSON(tb, &links, "link", "show", "dev", name)
	if len(links) != 1 {
		tb.Fatalf("testutil: ip -n %s link show dev %s: %d links", ns.Name, name, len(links))
	}
	return links[0].IfIndex
}

// runIP runs ip with args and returns its standard output; on failure the
// error holds the command line and the standard error.
func runIP(args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("ip", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("ip %s: %w: %s", strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	return stdout.String(), nil
}

// tunnelFallbackDevices are the devices tunnel modules create in every
// network namespace once they are loaded (the VM lane's kernel, after a
// probe or test loaded them): a fresh namespace may hold them besides lo.
var tunnelFallbackDevices = []string{"gre0", "gretap0", "erspan0", "ip6tnl0", "ip6gre0", "tunl0", "sit0", "ip_vti0", "ip6_vti0"}

// IsTunnelFallback reports whether name is one of the devices tunnel
// modules create in every namespace once they are loaded: a device a
// test that counts the links of a fresh namespace must not count, since
// whether it is there depends on which tunnel modules earlier tests (of
// any package, in the same kernel) have loaded.
func IsTunnelFallback(name string) bool { return slices.Contains(tunnelFallbackDevices, name) }

// NetNSName returns a fresh name for a namespace the test creates itself
// (through the code under test), and removes that namespace, if it exists,
// when the test ends.
func NetNSName(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("nlt-mk-%d-%d", os.Getpid(), nsCounter.Add(1))
	tb.Cleanup(func() {
		if _, err := os.Stat("/var/run/netns/" + name); err == nil {
			runIP("netns", "del", name)
		}
	})
	return name
}
