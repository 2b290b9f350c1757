package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestTCCommands runs the CLI examples against a throwaway
// namespace and checks the result through tc(8).
func TestTCCommands(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add t0 type veth peer name t1", "link set t0 up")
	idx := fmt.Sprint(ns.IfIndex(t, "t0"))
	iprOK(t, "-n", ns.Name, "tc", "add", "kind=htb", "index="+idx, "handle=1:", "default=0x200000")
	iprOK(t, "-n", ns.Name, "tc", "add-class", "kind=htb", "index="+idx, "handle=1:1", "parent=1:", "rate=256kbit", "burst=6144")
	iprOK(t, "-n", ns.Name, "tc", "add-filter", "kind=u32", "index="+idx, "parent=1:", "prio=1", "protocol=ip",
		`keys=["0x0/0x0+0"]`, "target=1:1")
	tcOut := func(args ...string) string {
		return ns.Exec(t, "tc", args...)
	}
	if out := tcOut("qdisc", "show", "dev", "t0"); !strings.Contains(out, "qdisc htb 1: root") || !strings.Contains(out, "default 0x200000") {
		t.Errorf("tc qdisc show: %q", out)
	}
	if out := tcOut("class", "show", "dev", "t0"); !strings.Contains(out, "class htb 1:1 root") || !strings.Contains(out, "rate 256Kbit") {
		t.Errorf("tc class show: %q", out)
	}
	if out := tcOut("filter", "show", "dev", "t0"); !strings.Contains(out, "u32") || !strings.Contains(out, "flowid 1:1") {
		t.Errorf("tc filter show: %q", out)
	}
	if out := iprOK(t, "-n", ns.Name, "qdisc", "show", "index="+idx); !strings.Contains(out, "htb") {
		t.Errorf("ipr qdisc show: %q", out)
	}
	iprOK(t, "-n", ns.Name, "tc", "del", "index="+idx, "handle=1:", "kind=htb")
	if out := tcOut("qdisc", "show", "dev", "t0"); strings.Contains(out, "htb") {
		t.Errorf("after del: %q", out)
	}
	for _, bad := range [][]string{
		{"tc", "add", "kind=nosuch", "index=" + idx, "handle=1:"},
		{"tc", "add", "kind=htb", "index=" + idx, "handle=1:2:3"},
		{"tc", "add", "kind=htb", "index=" + idx, "handle=1:", "bogus=1"},
	} {
		_, stderr, code := ipr(t, append([]string{"-n", ns.Name}, bad...)...)
		if code != exitUsage || stderr == "" {
			t.Errorf("ipr %v: exit %d, stderr %q; want a usage error", bad, code, stderr)
		}
	}
}
