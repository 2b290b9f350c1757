package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestLinkDo: the link commands of the reference through the command
// line: a veth pair by peer name, set by index with state and mtu, an
// unknown keyword refused, del by name.
func TestLinkDo(t *testing.T) {
	ns := testutil.NewNetNS(t)
	iprOK(t, "-n", ns.Name, "link", "add", "ifname=v1p0", "kind=veth", "peer=v1p1")
	if out := ns.Run(t, "-d", "link", "show", "v1p1"); !strings.Contains(out, "veth") {
		t.Fatalf("peer v1p1: %q", out)
	}
	idx := strconv.Itoa(ns.IfIndex(t, "v1p0"))
	iprOK(t, "-n", ns.Name, "link", "set", "index="+idx, "state=up", "mtu=1400")
	if out := ns.Run(t, "link", "show", "v1p0"); !strings.Contains(out, "mtu 1400") || !strings.Contains(out, ",UP") {
		t.Fatalf("after set: %q", out)
	}
	iprOK(t, "-n", ns.Name, "link", "add", "ifname=br7", "kind=bridge", "br_stp_state=1")
	if out := ns.Run(t, "-d", "link", "show", "br7"); !strings.Contains(out, "stp_state 1") {
		t.Fatalf("bridge br7: %q", out)
	}
	_, stderr, code := ipr(t, "-n", ns.Name, "link", "add", "ifname=vx7", "kind=vxlan", "vxlan_id=7", "gre_ttl=3")
	if code == 0 || !strings.Contains(stderr, "gre_ttl") {
		t.Errorf("kind mismatch: exit %d, %q", code, stderr)
	}
	iprOK(t, "-n", ns.Name, "link", "del", "ifname=v1p0")
	if _, err := ns.TryRun("link", "show", "v1p1"); err == nil {
		t.Error("v1p1 still there after del")
	}
}
