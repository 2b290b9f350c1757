package rtnl_test

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// TestRouteEnums: a field not set takes its default, the explicit-zero
// constants send 0, named constants send their value, the views read the
// same constants back, and a value past the kernel's field is refused.
func TestRouteEnums(t *testing.T) {
	decode := func(rt rtnl.Route) rtnl.RouteView {
		t.Helper()
		var b wire.Builder
		if err := rt.Encode(&b, "add", 1); err != nil {
			t.Fatal(err)
		}
		var m codec.Msg
		if err := m.ResetBytes(codec.Route, b.Bytes()); err != nil {
			t.Fatal(err)
		}
		return rtnl.AsRoute(m.Clone())
	}
	dst := netip.MustParsePrefix("10.1.0.0/16")
	v := decode(rtnl.Route{Dst: dst, OIF: 2})
	if v.Table() != rtnl.TableMain || v.Proto() != rtnl.ProtoStatic || v.Type() != rtnl.RouteUnicast || v.Scope() != rtnl.ScopeLink {
		t.Errorf("defaults: table %v proto %v type %v scope %v, want main static unicast link", v.Table(), v.Proto(), v.Type(), v.Scope())
	}
	v = decode(rtnl.Route{Dst: dst, OIF: 2, Table: rtnl.TableUnspec, Proto: rtnl.ProtoUnspec, Type: rtnl.RouteUnspec, Scope: rtnl.ScopeUniverse})
	if v.Table() != rtnl.TableUnspec || v.Proto() != rtnl.ProtoUnspec || v.Type() != rtnl.RouteUnspec || v.Scope() != rtnl.ScopeUniverse {
		t.Errorf("explicit zeros: table %v proto %v type %v scope %v", v.Table(), v.Proto(), v.Type(), v.Scope())
	}
	if uint32(v.Table()) != 0 || uint8(v.Proto()) != 0 || uint8(v.Type()) != 0 || uint8(v.Scope()) != 0 {
		t.Errorf("explicit zeros do not convert to the kernel's 0")
	}
	v = decode(rtnl.Route{Dst: dst, OIF: 2, Table: 100000, Proto: rtnl.ProtoBGP, Type: rtnl.RouteBlackhole, Scope: rtnl.ScopeHost})
	if v.Table() != 100000 || v.Proto() != rtnl.ProtoBGP || v.Type() != rtnl.RouteBlackhole || v.Scope() != rtnl.ScopeHost {
		t.Errorf("named: table %v proto %v type %v scope %v", v.Table(), v.Proto(), v.Type(), v.Scope())
	}
	for _, c := range []struct {
		rt  rtnl.Route
		key string
	}{
		{rtnl.Route{Dst: dst, Table: 1<<32 + 5}, "Table"},
		{rtnl.Route{Dst: dst, Proto: 257}, "Proto"},
		{rtnl.Route{Dst: dst, Scope: 0x1ff}, "Scope"},
		{rtnl.Route{Dst: dst, Type: 300}, "Type"},
	} {
		var b wire.Builder
		err := c.rt.Encode(&b, "add", 1)
		var se *codec.SpecError
		if !errors.As(err, &se) || se.Keyword != c.key || b.Len() != 0 {
			t.Errorf("%+v: %v, want a SpecError for %s and nothing written", c.rt, err, c.key)
		}
	}
	for _, c := range []struct{ got, want string }{
		{rtnl.TableMain.String(), "main"}, {rtnl.TableUnspec.String(), "unspec"}, {rtnl.RouteTable(100).String(), "100"},
		{rtnl.ProtoBIRD.String(), "bird"}, {rtnl.ProtoUnspec.String(), "unspec"}, {rtnl.RouteProtocol(77).String(), "77"},
		{rtnl.ScopeLink.String(), "link"}, {rtnl.ScopeUniverse.String(), "universe"},
		{rtnl.RouteBlackhole.String(), "blackhole"}, {rtnl.RouteUnspec.String(), "unspec"}, {rtnl.RouteType(0).String(), "0"},
	} {
		if c.got != c.want {
			t.Errorf("String() = %q, want %q", c.got, c.want)
		}
	}
}
