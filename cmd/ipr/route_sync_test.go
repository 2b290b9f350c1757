package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

func syncNS(t *testing.T) *testutil.NetNS {
	t.Helper()
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up",
		"addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad",
		"route add 10.9.0.0/16 via 192.0.2.9 proto boot",
		"route add 10.1.0.0/24 via 192.0.2.2 proto 200",
		"route add 10.7.0.0/24 via 192.0.2.7 proto 200")
	return ns
}

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "routes")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRouteSync: a dry run prints the diff and changes nothing; the sync
// applies it (ip route show lines and JSON lines mixed), leaving other
// protocols' routes; a second sync is no change; the file read back
// from `ip route show proto 200` syncs to no change too.
func TestRouteSync(t *testing.T) {
	ns := syncNS(t)
	file := writeFile(t, `# desired
10.1.0.0/24 via 192.0.2.3 dev v0 proto 200
10.2.0.0/24 proto 200
	nexthop via 192.0.2.2 dev v0 weight 1
	nexthop via 192.0.2.3 dev v0 weight 3
{"prefix": "10.3.0.0/24", "nexthops": [{"gateway": "192.0.2.4"}]}
{"dst": "2001:db8:5::/48", "gateway": "2001:db8::2", "dev": "v0", "protocol": "200", "metric": 1024}
`)
	before := ns.Run(t, "route", "show")
	out := iprOK(t, "-n", ns.Name, "route", "sync", "--proto", "200", "--dry-run", file)
	for _, want := range []string{"would replace 10.1.0.0/24", "would add 10.2.0.0/24", "would add 10.3.0.0/24",
		"would add 2001:db8:5::/48", "would del 10.7.0.0/24", "added 3, replaced 1, deleted 1, kept 0, failed 0"} {
		if !strings.Contains(out, want) {
			t.Fatalf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if after := ns.Run(t, "route", "show"); after != before {
		t.Fatalf("dry run changed the table:\n%s", after)
	}
	out = iprOK(t, "-n", ns.Name, "route", "sync", "--proto", "200", file)
	if !strings.Contains(out, "added 3, replaced 1, deleted 1, kept 0, failed 0") {
		t.Fatalf("sync output:\n%s", out)
	}
	got := ns.Run(t, "route", "show", "proto", "200") + ns.Run(t, "-6", "route", "show", "proto", "200")
	for _, want := range []string{"10.1.0.0/24", "192.0.2.3", "10.2.0.0/24", "weight 3", "10.3.0.0/24", "2001:db8:5::/48"} {
		if !strings.Contains(got, want) {
			t.Fatalf("table lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "10.7.0.0") || !strings.Contains(ns.Run(t, "route", "show"), "10.9.0.0/16 via 192.0.2.9 dev v0") {
		t.Fatalf("wrong routes deleted:\n%s", ns.Run(t, "route", "show"))
	}
	if out := iprOK(t, "-n", ns.Name, "route", "sync", "--proto=200", file); !strings.Contains(out, "added 0, replaced 0, deleted 0, kept 4, failed 0 (0 kernel ops)") {
		t.Fatalf("second sync:\n%s", out)
	}
	shown := writeFile(t, ns.Run(t, "route", "show", "proto", "200")+ns.Run(t, "-6", "route", "show", "proto", "200"))
	if out := iprOK(t, "-n", ns.Name, "route", "sync", "--proto", "200", shown); !strings.Contains(out, "kept 4, failed 0 (0 kernel ops)") {
		t.Fatalf("sync of ip route show's own output:\n%s", out)
	}
}

// TestRouteSyncErrors: a bad line is a usage error naming the line, and
// nothing is applied; a route the kernel refuses is named, exit 1, the
// others installed.
func TestRouteSyncErrors(t *testing.T) {
	ns := syncNS(t)
	before := ns.Run(t, "route", "show")
	for _, c := range []struct{ text, want string }{
		{"10.1.0.0/24 via 192.0.2.3\n10.2.0.0/33 via 192.0.2.3\n", "line 2: destination \"10.2.0.0/33\""},
		{"10.1.0.0/24 via 192.0.2.3 color red\n", "line 1: keyword \"color\""},
		{"10.1.0.0/24 via 192.0.2.3 proto 201\n", "line 1: proto 201 is not the sync's proto"},
		{"10.1.0.0/24\n", "line 1: route 10.1.0.0/24 has no next hop"},
		{"10.1.0.1/24 via 192.0.2.3\n", "line 1: destination 10.1.0.1/24 has host bits set"},
		{"\n10.1.0.0/24 via 192.0.2.3 dev nosuch\n", "line 2: dev \"nosuch\": no such interface"},
		{"{\"prefix\": 3}\n", "line 1: bad JSON"},
		{"10.1.0.0/24 via 192.0.2.3\n10.1.0.0/24 via 192.0.2.4\n", "line 2: route 10.1.0.0/24 is already on line 1"},
		{"blackhole 10.1.0.0/24\n", "line 1: route type \"blackhole\""},
	} {
		_, errs, code := ipr(t, "-n", ns.Name, "route", "sync", "--proto", "200", writeFile(t, c.text))
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Fatalf("%q: exit %d, stderr %q, want exit 2 naming %q", c.text, code, errs, c.want)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"route", "sync"}, "want one FILE"},
		{[]string{"route", "sync", "a", "b"}, "want one FILE"},
		{[]string{"route", "sync", "--table", "nope", "x"}, "--table \"nope\" is not a table"},
		{[]string{"route", "sync", "--proto", "0", "x"}, "--proto \"0\" is not a protocol"},
		{[]string{"route", "sync", "--metric", "-1", "x"}, "--metric \"-1\""},
		{[]string{"route", "sync", "--bogus", "x"}, "unknown flag \"--bogus\""},
	} {
		_, errs, code := ipr(t, append([]string{"-n", ns.Name}, c.args...)...)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Fatalf("%q: exit %d, stderr %q, want exit 2 naming %q", c.args, code, errs, c.want)
		}
	}
	if after := ns.Run(t, "route", "show"); after != before {
		t.Fatalf("a bad file changed the table:\n%s", after)
	}
	syncStdin = strings.NewReader("10.1.0.0/24 via 192.0.2.3 bogus 1\n")
	defer func() { syncStdin = os.Stdin }()
	_, errs, code := ipr(t, "-n", ns.Name, "route", "sync", "--proto", "200", "--table", "main", "-")
	if code != exitUsage || !strings.Contains(errs, "standard input: line 1: keyword \"bogus\"") {
		t.Fatalf("stdin: exit %d: %s", code, errs)
	}
	file := writeFile(t, "10.1.0.0/24 via 192.0.2.3\n10.2.0.0/24 via 203.0.113.1 dev v0\n10.3.0.0/24 via 192.0.2.4\n")
	out, errs, code := ipr(t, "-n", ns.Name, "route", "sync", "--proto", "200", file)
	if code != exitRuntime || !strings.Contains(errs, "1 routes could not be installed: 10.2.0.0/24") || !strings.Contains(out, "failed add 10.2.0.0/24") {
		t.Fatalf("refused route: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	got := ns.Run(t, "route", "show", "proto", "200")
	if !strings.Contains(got, "10.1.0.0/24") || !strings.Contains(got, "10.3.0.0/24") {
		t.Fatalf("the other routes are not installed:\n%s", got)
	}
}
