package rtnl_test

import (
	"context"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
)

// TestNetNSInfo: namespace A gives namespace B the id 5 and holds one end
// of a veth whose peer lives in B. From A, NetNSInfo must list B with id
// 5 and that veth, GetNetNSID must agree, and `ip netns list-id` too.
func TestNetNSInfo(t *testing.T) {
	r, a := dialNS(t)
	b := testutil.NewNetNS(t)
	a.Run(t, "netns", "set", b.Name, "5")
	a.Run(t, "link", "add", "vi0", "type", "veth", "peer", "name", "vi1", "netns", b.Name)
	idx := a.IfIndex(t, "vi0")
	ctx := context.Background()

	id, err := r.GetNetNSID(ctx, b.Path)
	if err != nil || id != 5 {
		t.Fatalf("GetNetNSID(%s) = %d, %v; want 5", b.Name, id, err)
	}
	var ids []struct {
		NSID int    `json:"nsid"`
		Name string `json:"name"`
	}
	a.RunJSON(t, &ids, "netns", "list-id")
	found := false
	for _, e := range ids {
		found = found || (e.NSID == 5 && e.Name == b.Name)
	}
	if !found {
		t.Errorf("ip -j netns list-id in %s: %+v, want nsid 5 for %s", a.Name, ids, b.Name)
	}

	info, err := r.NetNSInfo(ctx, rtnl.NetNSInfoConfig{})
	if err != nil {
		t.Fatal(err)
	}
	var got *rtnl.NetNSEntry
	for i := range info {
		if info[i].Name == b.Name {
			got = &info[i]
		}
	}
	if got == nil || got.NSID != 5 || len(got.Links) != 1 || got.Links[0] != idx || got.Path != b.Path {
		t.Fatalf("NetNSInfo entry for %s = %+v, want nsid 5 and link %d", b.Name, got, idx)
	}
	for _, e := range info {
		if e.Name == a.Name && e.NSID != rtnl.NSIDNotAssigned && len(e.Links) != 0 {
			t.Errorf("A's own entry claims peers: %+v", e)
		}
	}

	if _, err := r.GetNetNSID(ctx, "/nonexistent/netns"); err == nil {
		t.Error("GetNetNSID of a missing path succeeded")
	}
}

// TestIPRouteNetNS: an IPRoute from Dial knows its namespace; one made
// with New over any Conn does not.
func TestIPRouteNetNS(t *testing.T) {
	r, ns := dialNS(t)
	if got, ok := r.NetNS(); !ok || got != ns.Path {
		t.Errorf("NetNS() = %q, %v; want %q, true", got, ok, ns.Path)
	}
	here, err := rtnl.Dial(rtnl.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer here.Close()
	if got, ok := here.NetNS(); !ok || got != "" {
		t.Errorf("caller's namespace: NetNS() = %q, %v", got, ok)
	}
	if _, ok := rtnl.New(r.Conn()).NetNS(); ok {
		t.Error("an IPRoute from New claims to know its namespace")
	}
}
