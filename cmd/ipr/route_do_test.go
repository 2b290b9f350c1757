package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestRouteAddrCommands: ipr reaches the address and route commands of
// the library (rtnl.IPRoute.Do with the addr and route Prepare hooks),
// and their effect shows in iproute2.
func TestRouteAddrCommands(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add eth0 type veth peer name eth0p", "link set eth0 up", "link set eth0p up")
	idx := strconv.Itoa(ns.IfIndex(t, "eth0"))
	iprOK(t, "-n", ns.Name, "addr", "add", "index=["+idx+"]", "address=192.168.0.254", "mask=24", "broadcast=true", "label=eth0:1")
	if out := ns.Run(t, "addr", "show", "dev", "eth0"); !strings.Contains(out, "inet 192.168.0.254/24 brd 192.168.0.255") || !strings.Contains(out, "eth0:1") {
		t.Fatalf("after addr add: %q", out)
	}
	iprOK(t, "-n", ns.Name, "route", "add", "dst=10.0.0.0/24", "gateway=192.168.0.1")
	iprOK(t, "-n", ns.Name, "route", "add", "dst=10.1.0.0/24", "type=blackhole", "table=1000", "proto=static")
	iprOK(t, "-n", ns.Name, "route", "add", "dst=10.2.0.0/24", "gateway=192.168.0.1", `metrics={"mtu":1400}`)
	if out := ns.Run(t, "route", "show", "10.0.0.0/24"); !strings.Contains(out, "via 192.168.0.1 dev eth0") {
		t.Errorf("after route add: %q", out)
	}
	if out := ns.Run(t, "route", "show", "table", "1000"); !strings.Contains(out, "blackhole 10.1.0.0/24 proto static") {
		t.Errorf("table 1000: %q", out)
	}
	if out := ns.Run(t, "route", "show", "10.2.0.0/24"); !strings.Contains(out, "mtu 1400") {
		t.Errorf("metrics: %q", out)
	}
	_, stderr, code := ipr(t, "-n", ns.Name, "route", "add", "dst=10.0.0.0/24", "gateway=192.168.0.1")
	if code != exitRuntime || !strings.Contains(stderr, "exists") {
		t.Errorf("duplicate route add: exit %d, %q", code, stderr)
	}
	_, stderr, code = ipr(t, "-n", ns.Name, "route", "add", "dst=10.3.0.0/24", "table=-1")
	if code == 0 || !strings.Contains(stderr, "table") {
		t.Errorf("table -1: exit %d, %q", code, stderr)
	}
	iprOK(t, "-n", ns.Name, "route", "del", "dst=10.0.0.0/24")
	if out := ns.Run(t, "route", "show", "10.0.0.0/24"); out != "" {
		t.Errorf("after route del: %q", out)
	}
	iprOK(t, "-n", ns.Name, "addr", "del", "index="+idx, "address=192.168.0.254/24")
	if out := ns.Run(t, "addr", "show", "dev", "eth0"); strings.Contains(out, "192.168.0.254") {
		t.Errorf("after addr del: %q", out)
	}
}
