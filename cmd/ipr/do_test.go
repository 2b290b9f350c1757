package main

import (
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestModifyCommands: commands beyond show/dump/get go through the
// library's generic path (rtnl.IPRoute.Do), and their effect shows in
// iproute2.
func TestModifyCommands(t *testing.T) {
	ns := testutil.NewNetNS(t)
	iprOK(t, "-n", ns.Name, "link", "add", "ifname=br9", `linkinfo={"kind":"bridge"}`)
	if out := ns.Run(t, "-d", "link", "show", "br9"); !strings.Contains(out, "bridge") {
		t.Fatalf("ip -d link show br9: %q", out)
	}
	iprOK(t, "-n", ns.Name, "link", "set", "ifname=br9", "mtu=1400")
	if out := ns.Run(t, "link", "show", "br9"); !strings.Contains(out, "mtu 1400") {
		t.Fatalf("after set: %q", out)
	}
	_, stderr, code := ipr(t, "-n", ns.Name, "link", "add", "ifname=br9", `linkinfo={"kind":"bridge"}`)
	if code != exitRuntime || !strings.Contains(stderr, "file exists") {
		t.Errorf("duplicate add: exit %d, stderr %q", code, stderr)
	}
	iprOK(t, "-n", ns.Name, "link", "del", "ifname=br9")
	if _, err := ns.TryRun("link", "show", "br9"); err == nil {
		t.Error("br9 still there after del")
	}
}
