package rtnl_test

import (
	"context"
	"errors"
	"slices"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// dialNS opens an IPRoute in a fresh throwaway namespace.
func dialNS(t testing.TB) (*rtnl.IPRoute, *testutil.NetNS) {
	t.Helper()
	ns := testutil.NewNetNS(t)
	ipr, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ipr.Close() })
	return ipr, ns
}

func TestRequest(t *testing.T) {
	ipr, ns := dialNS(t)
	ctx := context.Background()
	ns.Batch(t, "link add br0 type bridge")

	msgs, err := ipr.Request(ctx, "link get", uapi.RTM_GETLINK, 0, codec.Link, rtnl.Spec{"ifname": "br0"})
	if err != nil || len(msgs) != 1 {
		t.Fatalf("link get: %v, %d messages", err, len(msgs))
	}
	if l := rtnl.AsLink(msgs[0]); l.NameString() != "br0" || l.KindString() != "bridge" || l.Index() != ns.IfIndex(t, "br0") {
		t.Fatalf("link get: %s %s %d", l.Name(), l.Kind(), l.Index())
	}

	// A change is acked: an empty list and no error.
	msgs, err = ipr.Request(ctx, "link set", uapi.RTM_NEWLINK, 0, codec.Link, rtnl.Spec{"ifname": "br0", "mtu": 1400})
	if err != nil || len(msgs) != 0 {
		t.Fatalf("link set: %v, %d messages", err, len(msgs))
	}
	if got := ns.Run(t, "-j", "link", "show", "br0"); !contains(got, `"mtu":1400`) {
		t.Fatalf("mtu not set: %s", got)
	}

	// A refusal is a *wire.OpError behind the package prefix.
	_, err = ipr.Request(ctx, "link get", uapi.RTM_GETLINK, 0, codec.Link, rtnl.Spec{"ifname": "nosuch0"})
	var oe *wire.OpError
	if !errors.As(err, &oe) || !errors.Is(err, syscall.ENODEV) || err.Error()[:20] != "rtnl: link get: no s" {
		t.Fatalf("missing link: %v", err)
	}

	// A bad spec fails before anything is sent.
	sends := ipr.Conn().Stats().Sends
	_, err = ipr.Request(ctx, "link get", uapi.RTM_GETLINK, 0, codec.Link, rtnl.Spec{"nosuchkeyword": 1})
	if !errors.Is(err, codec.ErrBadSpec) || ipr.Conn().Stats().Sends != sends {
		t.Fatalf("bad spec: %v", err)
	}

	// A dump through the generic path.
	msgs, err = ipr.Request(ctx, "link dump", uapi.RTM_GETLINK, wire.FlagDump, codec.Link, nil)
	msgs = slices.DeleteFunc(msgs, func(m *codec.Msg) bool { return testutil.IsTunnelFallback(rtnl.AsLink(m).NameString()) })
	if err != nil || len(msgs) != 2 {
		t.Fatalf("link dump: %v, %d messages", err, len(msgs))
	}
}

func TestStream(t *testing.T) {
	ipr, ns := dialNS(t)
	ns.Batch(t, "link add br0 type bridge", "link add br1 type bridge")
	it := ipr.Stream(context.Background(), "link dump", uapi.RTM_GETLINK, wire.FlagDump, codec.Link, nil,
		rtnl.Match{"linkinfo.kind": "bridge"})
	defer it.Close()
	var names []string
	for m := range it.All() {
		v, _ := m.GetAttr("ifname")
		names = append(names, v.String())
	}
	if it.Err() != nil || len(names) != 2 {
		t.Fatalf("stream: %v %v", it.Err(), names)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
