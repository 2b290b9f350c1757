package testutil

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestNewNetNS(t *testing.T) {
	var path string
	t.Run("inside", func(t *testing.T) {
		ns := NewNetNS(t)
		path = ns.Path
		if !strings.HasPrefix(ns.Name, "nlt-") || ns.Path != "/var/run/netns/"+ns.Name {
			t.Fatalf("name %q path %q", ns.Name, ns.Path)
		}
		if _, err := os.Stat(ns.Path); err != nil {
			t.Fatalf("namespace not bound: %v", err)
		}

		var links []struct {
			Name  string   `json:"ifname"`
			Flags []string `json:"flags"`
		}
		ns.RunJSON(t, &links, "link", "show")
		// A fresh namespace holds lo, up — and, on a kernel whose tunnel
		// modules are loaded (the VM lane, once a probe has loaded them),
		// their fallback devices (gre0, sit0, tunl0 …), which stay down.
		if len(links) == 0 || links[0].Name != "lo" || !slices.Contains(links[0].Flags, "UP") {
			t.Fatalf("want lo first, up; got %+v", links)
		}
		for _, l := range links[1:] {
			if slices.Contains(l.Flags, "UP") {
				t.Errorf("link %s is up in a fresh namespace: %+v", l.Name, links)
			}
		}
		if got := ns.IfIndex(t, "lo"); got != 1 {
			t.Errorf("lo ifindex %d, want 1", got)
		}

		ns.Batch(t, "link add tb0 type bridge", "link set tb0 up")
		if out := ns.Run(t, "link", "show", "tb0"); !strings.Contains(out, "tb0") {
			t.Errorf("link show tb0: %q", out)
		}
		if _, err := ns.TryRun("link", "show", "nosuch0"); err == nil {
			t.Error("TryRun of a failing command returned no error")
		}
		if out := ns.Exec(t, "cat", "/proc/net/dev"); !strings.Contains(out, "tb0") {
			t.Errorf("exec inside: tb0 not in /proc/net/dev:\n%s", out)
		}

		other := NewNetNS(t)
		if other.Name == ns.Name {
			t.Fatalf("two namespaces named %q", ns.Name)
		}
		if out := other.Run(t, "link", "show"); strings.Contains(out, "tb0") {
			t.Errorf("tb0 visible in the other namespace:\n%s", out)
		}
	})
	if path == "" {
		return // skipped
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("namespace %s still bound after its test: %v", path, err)
	}
}
