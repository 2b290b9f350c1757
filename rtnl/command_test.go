package rtnl_test

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/rtnl"
)

// TestDo drives the generic command path with pyroute2's verbs and checks
// each effect through iproute2.
func TestDo(t *testing.T) {
	r, ns := dialNS(t)
	ctx := context.Background()
	do := func(object, command string, spec rtnl.Spec) []*codec.Msg {
		t.Helper()
		msgs, err := r.Do(ctx, object, command, spec)
		if err != nil {
			t.Fatalf("%s %s %v: %v", object, command, spec, err)
		}
		return msgs
	}
	do("link", "add", rtnl.Spec{"ifname": "br0", "linkinfo": rtnl.Spec{"kind": "bridge"}})
	idx := ns.IfIndex(t, "br0")
	if _, err := r.Do(ctx, "link", "add", rtnl.Spec{"ifname": "br0", "linkinfo": rtnl.Spec{"kind": "bridge"}}); !errors.Is(err, syscall.EEXIST) {
		t.Errorf("second add: %v, want EEXIST", err)
	}
	do("link", "set", rtnl.Spec{"index": idx, "mtu": 1400})
	var links []struct {
		MTU int `json:"mtu"`
	}
	ns.RunJSON(t, &links, "link", "show", "dev", "br0")
	if links[0].MTU != 1400 {
		t.Errorf("mtu after set = %d", links[0].MTU)
	}
	if got := do("link", "get", rtnl.Spec{"index": idx}); len(got) != 1 || rtnl.AsLink(got[0]).NameString() != "br0" {
		t.Errorf("get: %d messages", len(got))
	}
	// "set" of a link never creates one.
	if _, err := r.Do(ctx, "link", "set", rtnl.Spec{"ifname": "nosuch0", "mtu": 1400}); err == nil {
		t.Error("link set of a missing link succeeded")
	}

	ns.Run(t, "link", "set", "br0", "up")
	ns.Run(t, "addr", "add", "192.0.2.1/24", "dev", "br0")
	do("route", "add", rtnl.Spec{"dst": "198.51.100.0/24", "gateway": "192.0.2.2", "oif": idx})
	do("route", "replace", rtnl.Spec{"dst": "198.51.100.0/24", "gateway": "192.0.2.3", "oif": idx})
	out := ns.Run(t, "route", "show", "198.51.100.0/24")
	if !strings.Contains(out, "via 192.0.2.3") {
		t.Errorf("after replace: %q", out)
	}
	if _, err := r.Do(ctx, "route", "change", rtnl.Spec{"dst": "203.0.113.0/24", "gateway": "192.0.2.3", "oif": idx}); err == nil {
		t.Error("change of a missing route succeeded")
	}
	do("route", "del", rtnl.Spec{"dst": "198.51.100.0/24", "oif": idx})
	if out := ns.Run(t, "route", "show", "198.51.100.0/24"); out != "" {
		t.Errorf("after del: %q", out)
	}
	do("link", "del", rtnl.Spec{"index": idx})

	for _, bad := range []struct{ object, command string }{{"nosuch", "add"}, {"link", "frobnicate"}, {"addr", "update"}} {
		_, err := r.Do(ctx, bad.object, bad.command, nil)
		if err == nil || !strings.Contains(err.Error(), bad.object+" "+bad.command) {
			t.Errorf("%s %s: %v", bad.object, bad.command, err)
		}
	}
	if _, err := r.Do(ctx, "link", "add", rtnl.Spec{"mtu": "big"}); !errors.Is(err, codec.ErrBadSpec) {
		t.Errorf("bad spec: %v", err)
	}
}
