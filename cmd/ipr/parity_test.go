package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestParityDetails checks the command line's pyroute2 details (issue
// 22): hexadecimal integers for every integer keyword, symbolic filter
// values, tc del by index, handle and kind alone, tc modules and help,
// the errno name and number of a refusal, and link lookup.
func TestParityDetails(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add t0 type veth peer name t1", "link set t0 up", "link set t1 up", "addr add 192.0.2.1/24 dev t0")
	n := func(args ...string) []string { return append([]string{"-n", ns.Name}, args...) }
	idx := fmt.Sprint(ns.IfIndex(t, "t0"))

	// Hexadecimal integers.
	iprOK(t, n("link", "set", "index="+idx, "mtu=0x500")...)
	if out := ns.Run(t, "link", "show", "t0"); !strings.Contains(out, "mtu 1280") {
		t.Errorf("mtu=0x500: %q", out)
	}
	iprOK(t, n("rule", "add", "table=0x10", "fwmark=0x10", "priority=0x100")...)
	if out := ns.Run(t, "rule", "show"); !strings.Contains(out, "256:\tfrom all fwmark 0x10 lookup 16") {
		t.Errorf("rule with hex: %q", out)
	}
	iprOK(t, n("addr", "add", "index="+idx, "address=198.51.100.1", "prefixlen=0x18")...)
	if out := ns.Run(t, "addr", "show", "dev", "t0"); !strings.Contains(out, "198.51.100.1/24") {
		t.Errorf("prefixlen=0x18: %q", out)
	}

	// Symbolic values and lists in filters; link lookup.
	if out := iprOK(t, n("link", "lookup", "operstate=UP")...); len(strings.Fields(out)) != 2 {
		t.Errorf("link lookup operstate=UP: %q", out)
	}
	if out := iprOK(t, n("link", "lookup", "ifname=lo")...); out != "1\n" {
		t.Errorf("link lookup ifname=lo: %q", out)
	}
	var got []int
	if err := json.Unmarshal([]byte(iprOK(t, n("--json", "link", "lookup", "index=[1,"+idx+",999]")...)), &got); err != nil || len(got) != 2 {
		t.Errorf("link lookup --json index=[…]: %v %v", got, err)
	}
	if out := iprOK(t, n("link", "lookup", "ifname=nosuch")...); out != "" {
		t.Errorf("link lookup of nothing: %q", out)
	}
	if out := iprOK(t, n("link", "show", "operstate=UP", "kind=veth")...); strings.Count(out, "\n") != 2 {
		t.Errorf("link show operstate=UP kind=veth: %q", out)
	}
	if out := iprOK(t, n("route", "show", "family=AF_INET", "proto=kernel", "scope=link")...); !strings.Contains(out, "192.0.2.0/24") {
		t.Errorf("route show with names: %q", out)
	}

	// tc: delete by index, handle and kind alone; modules; help.
	iprOK(t, n("tc", "add", "kind=tbf", "index="+idx, "handle=1:", "rate=1mbit", "burst=10kb", "latency=50ms")...)
	iprOK(t, n("tc", "del", "kind=tbf", "index="+idx, "handle=1:")...)
	if out := ns.Exec(t, "tc", "qdisc", "show", "dev", "t0"); strings.Contains(out, "tbf") {
		t.Errorf("after tc del: %q", out)
	}
	iprOK(t, n("tc", "add", "kind=htb", "index="+idx, "handle=1:")...)
	iprOK(t, n("tc", "add-class", "kind=htb", "index="+idx, "handle=1:10", "parent=1:", "rate=1mbit")...)
	iprOK(t, n("tc", "del-class", "kind=htb", "index="+idx, "handle=1:10", "parent=1:")...)
	if out := ns.Exec(t, "tc", "class", "show", "dev", "t0"); strings.Contains(out, "1:10") {
		t.Errorf("after tc del-class: %q", out)
	}
	if out := iprOK(t, "tc", "modules"); !strings.Contains(out, "htb") || !strings.Contains(out, "u32") {
		t.Errorf("tc modules: %q", out)
	}
	if out := iprOK(t, "help", "tc", "htb"); !strings.Contains(out, "rate") || !strings.Contains(out, "bytes/s") {
		t.Errorf("help tc htb: %q", out)
	}
	if out := iprOK(t, "tc", "help", "kind=tbf"); !strings.Contains(out, "burst") {
		t.Errorf("tc help kind=tbf: %q", out)
	}
	if _, _, code := ipr(t, "help", "tc", "nosuch"); code != exitUsage {
		t.Errorf("help tc nosuch: exit %d", code)
	}

	// A refusal names its errno.
	_, stderr, code := ipr(t, n("route", "add", "dst=192.0.2.0/24", "oif="+idx, "scope=link", "proto=kernel", "priority=0")...)
	if code != exitRuntime || !strings.Contains(stderr, "(EEXIST, 17)") {
		t.Errorf("route add of an existing route: exit %d, %q", code, stderr)
	}
	_, stderr, _ = ipr(t, n("link", "set", "index=9999", "mtu=1400")...)
	if !strings.Contains(stderr, "(ENODEV, 19)") {
		t.Errorf("link set of no link: %q", stderr)
	}
}
