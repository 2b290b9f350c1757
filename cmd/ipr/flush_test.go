package main

import (
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestFlushCommands: `ipr addr|route|rule flush key=value` deletes what
// passes the filters and nothing else; a bare flush is a usage error.
func TestFlushCommands(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add f0 type veth peer name f1", "link set f0 up", "link set f1 up",
		"addr add 192.0.2.1/24 dev f0 label f0:a", "addr add 192.0.2.2/24 dev f0 label f0:b", "addr add 198.51.100.1/24 dev f1",
		"route add 203.0.113.0/24 via 192.0.2.9 table 100", "route add 203.0.114.0/24 via 192.0.2.9 table 100",
		"route add 203.0.115.0/24 via 192.0.2.9",
		"rule add from 10.1.0.0/16 table 100 pref 500", "rule add from 10.2.0.0/16 table 100 pref 600")
	if out := iprOK(t, "-n", ns.Name, "route", "flush", "table=100"); out != "deleted 2\n" {
		t.Errorf("route flush table=100: %q", out)
	}
	if out := ns.Run(t, "route", "show", "table", "100"); out != "" {
		t.Errorf("table 100 after flush: %q", out)
	}
	if out := ns.Run(t, "route", "show", "203.0.115.0/24"); !strings.Contains(out, "via 192.0.2.9") {
		t.Errorf("main table route flushed too: %q", out)
	}
	if out := iprOK(t, "-n", ns.Name, "addr", "flush", "label=f0:b"); out != "deleted 1\n" {
		t.Errorf("addr flush label=f0:b: %q", out)
	}
	if out := ns.Run(t, "addr", "show", "dev", "f0"); strings.Contains(out, "192.0.2.2") || !strings.Contains(out, "192.0.2.1") {
		t.Errorf("addresses after flush: %q", out)
	}
	if out := iprOK(t, "-n", ns.Name, "rule", "flush", "family=inet", "priority=500"); out != "deleted 1\n" {
		t.Errorf("rule flush: %q", out)
	}
	if out := ns.Run(t, "rule", "show"); strings.Contains(out, "500:") || !strings.Contains(out, "600:") {
		t.Errorf("rules after flush: %q", out)
	}
	_, stderr, code := ipr(t, "-n", ns.Name, "route", "flush")
	if code != exitUsage || !strings.Contains(stderr, "at least one key=value filter") {
		t.Errorf("bare flush: exit %d, %q", code, stderr)
	}
}
