package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestDoMisc drives rule, neigh, fdb and nexthop commands through the
// command line (rtnl.IPRoute.Do) and checks them through iproute2.
func TestDoMisc(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up", "addr add 192.0.2.10/24 dev v0",
		"link add br0 type bridge")
	for _, c := range []struct {
		args  []string
		check []string // ip arguments, and what their output holds
		want  string
	}{
		{[]string{"rule", "add", "table=10", "priority=32000"}, []string{"rule", "show", "pref", "32000"}, "lookup 10"},
		{[]string{"rule", "add", "table=20", "priority=100", "uid_range=1000:1234", "dport_range=80-120", "ipproto=tcp"},
			[]string{"rule", "show", "pref", "100"}, "uidrange 1000-1234"},
		{[]string{"neigh", "add", "dst=192.0.2.1", "lladdr=00:11:22:33:44:55", "ifindex=" + strconv.Itoa(ns.IfIndex(t, "v0")), "state=permanent"},
			[]string{"neigh", "show", "192.0.2.1"}, "PERMANENT"},
		{[]string{"fdb", "add", "ifindex=" + strconv.Itoa(ns.IfIndex(t, "br0")), "lladdr=00:11:22:33:44:55"},
			nil, ""},
		{[]string{"nexthop", "add", "id=1", "gateway=192.0.2.1", "oif=" + strconv.Itoa(ns.IfIndex(t, "v0"))},
			[]string{"nexthop", "show", "id", "1"}, "via 192.0.2.1"},
		{[]string{"nexthop", "add", "id=2", "group=1"}, []string{"nexthop", "show", "id", "2"}, "group 1"},
		// After the nexthops: this rule makes every route lookup fail.
		{[]string{"rule", "add", "table=11", "priority=32001", "action=FR_ACT_UNREACHABLE"}, []string{"rule", "show", "pref", "32001"}, "unreachable"},
		{[]string{"rule", "del", "table=10", "priority=32000"}, []string{"rule", "show", "pref", "32000"}, ""},
	} {
		out, errOut, code := ipr(t, append([]string{"-n", ns.Name}, c.args...)...)
		if code != 0 {
			t.Fatalf("ipr %v: exit %d: %s %s", c.args, code, out, errOut)
		}
		if c.check == nil {
			continue
		}
		got := ns.Run(t, c.check...)
		if (c.want == "" && strings.TrimSpace(got) != "") || !strings.Contains(got, c.want) {
			t.Errorf("ipr %v: ip %v = %q, want %q", c.args, c.check, got, c.want)
		}
	}
	if out := ns.Exec(t, "bridge", "fdb", "show", "dev", "br0"); !strings.Contains(out, "00:11:22:33:44:55") {
		t.Errorf("fdb: %q", out)
	}
	if _, errOut, code := ipr(t, "-n", ns.Name, "rule", "add", "uid_range=1000-1234"); code == 0 || !strings.Contains(errOut, "uid_range") {
		t.Errorf("bad uid_range: exit %d, %q", code, errOut)
	}
}
