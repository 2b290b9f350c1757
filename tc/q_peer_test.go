package tc

import (
	"context"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// TestVethPeerRequest creates a veth pair from a codec.Link Spec whose
// VETH_INFO_PEER is a struct followed by attributes (codec's
// KindStructAttrs), sent raw through IPRoute.Request, and checks both
// ends with `ip -j -d link`. It lives here, beside the qdisc tests of
// the same codec change, because tc tests already own a namespace
// harness; rtnl's typed veth support is separate.
func TestVethPeerRequest(t *testing.T) {
	testutil.RequireRoot(t)
	ns := testutil.NewNetNS(t)
	c, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	spec := rtnl.Spec{
		"ifname": "pa", "mtu": 1400,
		"linkinfo": rtnl.Spec{"kind": "veth", "data": rtnl.Spec{
			"peer": rtnl.Spec{"ifname": "pb", "mtu": 1300, "address": "02:00:00:00:00:0b", "txqlen": 7},
		}},
	}
	_, err = c.Request(context.Background(), "link add", uapi.RTM_NEWLINK,
		wire.FlagRequest|wire.FlagAck|wire.FlagCreate|wire.FlagExcl, codec.Link, spec)
	if err != nil {
		t.Fatal(err)
	}
	var links []struct {
		Ifname   string `json:"ifname"`
		Link     string `json:"link"`
		MTU      int    `json:"mtu"`
		Address  string `json:"address"`
		Txqlen   int    `json:"txqlen"`
		Linkinfo struct {
			Kind string `json:"info_kind"`
		} `json:"linkinfo"`
	}
	ns.RunJSON(t, &links, "-d", "link", "show", "type", "veth")
	got := map[string]int{}
	for _, l := range links {
		got[l.Ifname] = l.MTU
		if l.Linkinfo.Kind != "veth" {
			t.Errorf("%s: kind %q", l.Ifname, l.Linkinfo.Kind)
		}
		if l.Ifname == "pb" && (l.Address != "02:00:00:00:00:0b" || l.Txqlen != 7 || l.Link != "pa") {
			t.Errorf("peer %+v", l)
		}
	}
	if len(got) != 2 || got["pa"] != 1400 || got["pb"] != 1300 {
		t.Errorf("veth pair: %+v", links)
	}
}
