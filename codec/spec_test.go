package codec

import (
	"errors"
	"net"
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

func encodeSpec(t *testing.T, s *Schema, spec Spec) *Msg {
	t.Helper()
	var b wire.Builder
	b.Reset(nil)
	if err := s.Encode(&b, uapi.RTM_NEWLINK, wire.FlagRequest, 1, spec); err != nil {
		t.Fatalf("encode %v: %v", spec, err)
	}
	return mustMsg(t, s, b.Bytes())
}

func TestSpecLink(t *testing.T) {
	m := encodeSpec(t, Link, Spec{
		"index":    7,
		"ifname":   "br0",
		"IFLA_MTU": uint32(1400),
		"address":  net.HardwareAddr{2, 0, 0, 0, 0, 1},
		"linkinfo": Spec{"kind": "bridge", "data": map[string]any{"br_stp_state": 1, "br_vlan_protocol": 0x88a8}},
		"prop_list": map[string]any{"attrs": []any{
			[]any{"IFLA_ALT_IFNAME", "a"}, []any{"alt_ifname", "b"},
		}},
	})
	if n, _ := m.Field("index"); n != 7 {
		t.Errorf("index %d", n)
	}
	if v, _ := m.Get("linkinfo", "data", "br_vlan_protocol"); v.Value[0] != 0x88 {
		t.Errorf("be16 % x", v.Value)
	}
	if v, _ := m.GetAttr("linkinfo"); !v.IsNested() {
		t.Error("keyword nests carry NLA_F_NESTED")
	}
	if v, _ := m.GetAttr("address"); v.MAC().String() != "02:00:00:00:00:01" {
		t.Errorf("address %v", v.MAC())
	}
}

func TestSpecRoute(t *testing.T) {
	m := encodeSpec(t, Route, Spec{
		"dst":       "2001:db8::/32",
		"gateway":   netip.MustParseAddr("2001:db8::1"),
		"table":     1000,
		"metrics":   Spec{"mtu": 1400, "hoplimit": 16},
		"multipath": []Spec{{"gateway": "2001:db8::2", "hops": 2, "oif": 3}, {"gateway": "2001:db8::3"}},
	})
	if f, _ := m.Field("family"); f != uapi.AF_INET6 {
		t.Errorf("family %d", f)
	}
	if p, _ := m.Prefix("dst"); p.String() != "2001:db8::/32" {
		t.Errorf("dst %v", p)
	}
	if f, _ := m.Field("table"); f != uapi.RT_TABLE_COMPAT {
		t.Errorf("rtm_table %d", f)
	}
	if v, _ := m.GetAttr("RTA_TABLE"); v.Value[0] != 0xe8 {
		t.Errorf("RTA_TABLE % x", v.Value)
	}
	v, _ := m.GetAttr("multipath")
	rs := v.Records()
	rs.Next()
	if h, _ := rs.Record().Field("hops"); h != 2 {
		t.Errorf("hops %d", h)
	}
}

func TestSpecErrors(t *testing.T) {
	for _, tc := range []struct {
		s    *Schema
		spec Spec
		want string
	}{
		{Link, Spec{"mtu": "big"}, `codec: link: keyword "mtu": value "big" (string) is not an integer`},
		{Link, Spec{"mtux": 1}, `codec: link: unknown keyword "mtux"`},
		{Link, Spec{"mtu": -1}, `codec: link: keyword "mtu": value -1 (int) is out of range for u32`},
		{Link, Spec{"index": 1 << 40}, `codec: link: keyword "index": value 1099511627776 (int) is out of range for s32`},
		{Link, Spec{"linkinfo": Spec{"kind": "bridge", "data": Spec{"br_stp_state": "on"}}},
			`codec: link: keyword "linkinfo.data.br_stp_state": value "on" (string) is not an integer`},
		{Link, Spec{"linkinfo": Spec{"kind": "bridge", "data": Spec{"nope": 1}}},
			`codec: link: unknown keyword "linkinfo.data.nope"`},
		{Route, Spec{"dst": "10.0.0.300/24"}, `codec: route: keyword "dst": value "10.0.0.300/24" (string) is not an IP address or prefix`},
		{Route, Spec{"multipath": []Spec{{"hops": 256}}}, `codec: route: keyword "multipath.hops": value 256 (int) is out of range for u8`},
	} {
		var b wire.Builder
		b.Reset(nil)
		err := tc.s.Encode(&b, 16, 0, 0, tc.spec)
		if err == nil || err.Error() != tc.want {
			t.Errorf("Encode(%v) = %v, want %s", tc.spec, err, tc.want)
		}
		if !errors.Is(err, ErrBadSpec) {
			t.Errorf("%v does not match ErrBadSpec", err)
		}
		if b.Len() != 0 {
			t.Errorf("Encode(%v) left %d bytes", tc.spec, b.Len())
		}
	}
}
