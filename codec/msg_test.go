package codec

import (
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/wire"
)

// linkMsg is an RTM_NEWLINK for a bridge "br0" (little-endian host).
var linkMsg = []byte{
	// nlmsghdr
	0x88, 0x00, 0x00, 0x00, // nlmsg_len = 136
	0x10, 0x00, // nlmsg_type = RTM_NEWLINK
	0x02, 0x00, // nlmsg_flags = NLM_F_MULTI
	0x01, 0x01, 0x00, 0x00, // nlmsg_seq = 257
	0x49, 0x6e, 0x00, 0x00, // nlmsg_pid = 28233
	// ifinfomsg
	0x00,       // ifi_family = AF_UNSPEC
	0x00,       // __ifi_pad
	0x01, 0x00, // ifi_type = ARPHRD_ETHER
	0x05, 0x00, 0x00, 0x00, // ifi_index = 5
	0x43, 0x10, 0x01, 0x00, // ifi_flags = UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP
	0x00, 0x00, 0x00, 0x00, // ifi_change = 0
	// IFLA_IFNAME "br0"
	0x08, 0x00, 0x03, 0x00, 'b', 'r', '0', 0x00,
	// IFLA_MTU 1500
	0x08, 0x00, 0x04, 0x00, 0xdc, 0x05, 0x00, 0x00,
	// IFLA_ADDRESS 02:00:00:00:00:01
	0x0a, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
	// IFLA_LINKINFO (no NLA_F_NESTED), 36 bytes
	0x24, 0x00, 0x12, 0x00,
	/**/ 0x0b, 0x00, 0x01, 0x00, 'b', 'r', 'i', 'd', 'g', 'e', 0x00, 0x00, // IFLA_INFO_KIND "bridge"
	/**/ 0x14, 0x00, 0x02, 0x80, // IFLA_INFO_DATA | NLA_F_NESTED, 20 bytes
	/****/ 0x08, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, // IFLA_BR_STP_STATE 1
	/****/ 0x06, 0x00, 0x08, 0x00, 0x81, 0x00, 0x00, 0x00, // IFLA_BR_VLAN_PROTOCOL 0x8100 (be16)
	// IFLA_PROP_LIST | NLA_F_NESTED, 2 × IFLA_ALT_IFNAME
	0x18, 0x00, 0x34, 0x80,
	/**/ 0x0b, 0x00, 0x35, 0x00, 'b', 'r', 'i', 'd', 'g', 'e', 0x00, 0x00,
	/**/ 0x08, 0x00, 0x35, 0x00, 'b', 'r', 'x', 0x00,
	// type 250, unknown to the schema
	0x06, 0x00, 0xfa, 0x00, 0xde, 0xad, 0x00, 0x00,
	// IFLA_TXQLEN 1000
	0x08, 0x00, 0x0d, 0x00, 0xe8, 0x03, 0x00, 0x00,
}

// routeMsg is an RTM_NEWROUTE 10.1.0.0/16 via 192.168.0.1 dev 2 table 254
// metric 100 mtu 1400.
var routeMsg = []byte{
	// nlmsghdr
	0x50, 0x00, 0x00, 0x00, // nlmsg_len = 80
	0x18, 0x00, // nlmsg_type = RTM_NEWROUTE
	0x02, 0x00, // nlmsg_flags = NLM_F_MULTI
	0x02, 0x00, 0x00, 0x00, // nlmsg_seq = 2
	0x00, 0x00, 0x00, 0x00, // nlmsg_pid = 0
	// rtmsg
	0x02,                   // rtm_family = AF_INET
	0x10,                   // rtm_dst_len = 16
	0x00,                   // rtm_src_len
	0x00,                   // rtm_tos
	0xfe,                   // rtm_table = RT_TABLE_MAIN
	0x04,                   // rtm_protocol = RTPROT_STATIC
	0x00,                   // rtm_scope = RT_SCOPE_UNIVERSE
	0x01,                   // rtm_type = RTN_UNICAST
	0x00, 0x00, 0x00, 0x00, // rtm_flags
	0x08, 0x00, 0x0f, 0x00, 0xfe, 0x00, 0x00, 0x00, // RTA_TABLE 254
	0x08, 0x00, 0x01, 0x00, 10, 1, 0, 0, // RTA_DST 10.1.0.0
	0x08, 0x00, 0x06, 0x00, 100, 0, 0, 0, // RTA_PRIORITY 100
	0x08, 0x00, 0x05, 0x00, 192, 168, 0, 1, // RTA_GATEWAY 192.168.0.1
	0x08, 0x00, 0x04, 0x00, 2, 0, 0, 0, // RTA_OIF 2
	0x0c, 0x00, 0x08, 0x00, // RTA_METRICS, 12 bytes
	/**/ 0x08, 0x00, 0x02, 0x00, 0x78, 0x05, 0x00, 0x00, // RTAX_MTU 1400
}

func mustMsg(t testing.TB, s *Schema, b []byte) *Msg {
	t.Helper()
	var m Msg
	if err := m.ResetBytes(s, b); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return &m
}

func TestLinkDecode(t *testing.T) {
	m := mustMsg(t, Link, linkMsg)
	if got := m.Event(); got != "RTM_NEWLINK" {
		t.Errorf("event %q", got)
	}
	for _, tc := range []struct {
		field string
		want  uint64
	}{{"family", 0}, {"ifi_type", 1}, {"index", 5}, {"flags", 0x11043}, {"change", 0}} {
		if v, ok := m.Field(tc.field); !ok || v != tc.want {
			t.Errorf("field %s = %d, %v; want %d", tc.field, v, ok, tc.want)
		}
	}
	for _, name := range []string{"ifname", "IFLA_IFNAME"} {
		if v, ok := m.GetAttr(name); !ok || v.String() != "br0" {
			t.Errorf("GetAttr(%q) = %q, %v", name, v.String(), ok)
		}
	}
	if v, ok := m.GetAttr("mtu"); !ok {
		t.Error("no mtu")
	} else if n, ok := v.Uint(); !ok || n != 1500 {
		t.Errorf("mtu = %d, %v", n, ok)
	}
	if v, _ := m.GetAttr("address"); v.MAC().String() != "02:00:00:00:00:01" {
		t.Errorf("address = %v", v.MAC())
	}
	if v, ok := m.Get("linkinfo", "kind"); !ok || v.String() != "bridge" {
		t.Errorf("linkinfo.kind = %q, %v", v.String(), ok)
	}
	if v, ok := m.Get("linkinfo", "data", "br_stp_state"); !ok {
		t.Error("no br_stp_state")
	} else if n, _ := v.Uint(); n != 1 || v.Name() != "IFLA_BR_STP_STATE" {
		t.Errorf("br_stp_state = %d (%s)", n, v.Name())
	}
	if v, ok := m.Get("IFLA_LINKINFO", "IFLA_INFO_DATA", "IFLA_BR_VLAN_PROTOCOL"); !ok {
		t.Error("no vlan protocol")
	} else if n, _ := v.Uint(); n != 0x8100 {
		t.Errorf("vlan protocol = %#x", n)
	}
	var alt []string
	it, _ := m.GetAttr("prop_list")
	ai := it.Nest().GetAttrs("alt_ifname")
	for ai.Next() {
		alt = append(alt, ai.Value().String())
	}
	if err := ai.Err(); err != nil {
		t.Error(err)
	}
	if len(alt) != 2 || alt[0] != "bridge" || alt[1] != "brx" {
		t.Errorf("alt_ifname = %q", alt)
	}
	if v, ok := m.GetAttrType(250); !ok || v.Spec != nil || string(v.Bytes()) != "\xde\xad" {
		t.Errorf("unknown attr = %+v, %v", v, ok)
	}
	if _, ok := m.GetAttr("qdisc"); ok {
		t.Error("qdisc present")
	}
	if _, ok := m.GetAttr("nonsense"); ok {
		t.Error("nonsense present")
	}
}

func TestRouteDecode(t *testing.T) {
	m := mustMsg(t, Route, routeMsg)
	p, ok := m.Prefix("dst")
	if !ok || p != netip.MustParsePrefix("10.1.0.0/16") {
		t.Errorf("dst = %v, %v", p, ok)
	}
	gw, _ := m.GetAttr("gateway")
	if a, ok := gw.Addr(); !ok || a != netip.MustParseAddr("192.168.0.1") {
		t.Errorf("gateway = %v", a)
	}
	for name, want := range map[string]uint64{"oif": 2, "table": 254, "priority": 100} {
		v, _ := m.GetAttr(name)
		if n, ok := v.Uint(); !ok || n != want {
			t.Errorf("%s = %d, %v", name, n, ok)
		}
	}
	if v, ok := m.Get("metrics", "mtu"); !ok {
		t.Error("no metrics.mtu")
	} else if n, _ := v.Uint(); n != 1400 {
		t.Errorf("metrics.mtu = %d", n)
	}
	if v, _ := m.Field("table"); v != 254 {
		t.Errorf("rtm_table = %d", v)
	}
}

func TestMalformed(t *testing.T) {
	var m Msg
	if err := m.Reset(Route, wire.Message{Data: []byte{1, 2, 3}}); err != ErrShortHeader {
		t.Errorf("short: %v", err)
	}
	b := append([]byte(nil), routeMsg...)
	b[len(b)-12] = 0xff // RTA_METRICS length beyond the message
	err := m.ResetBytes(Route, b)
	if err == nil {
		t.Fatal("no error for a lying length")
	}
	if _, ok := m.GetAttr("oif"); !ok {
		t.Error("attributes before the malformation lost")
	}
}

// multipathMsg is an RTM_NEWROUTE 10.2.0.0/24 with two next hops, the
// second carrying an MPLS encapsulation.
var multipathMsg = []byte{
	// nlmsghdr
	0x5c, 0x00, 0x00, 0x00, // nlmsg_len = 92
	0x18, 0x00, // nlmsg_type = RTM_NEWROUTE
	0x00, 0x00, // nlmsg_flags
	0x03, 0x00, 0x00, 0x00, // nlmsg_seq = 3
	0x00, 0x00, 0x00, 0x00, // nlmsg_pid
	// rtmsg
	0x02, 0x18, 0x00, 0x00, // family AF_INET, dst_len 24, src_len, tos
	0xfe, 0x03, 0x00, 0x01, // table main, proto boot, scope universe, type unicast
	0x00, 0x00, 0x00, 0x00, // flags
	0x08, 0x00, 0x01, 0x00, 10, 2, 0, 0, // RTA_DST 10.2.0.0
	0x38, 0x00, 0x09, 0x00, // RTA_MULTIPATH, 56 bytes
	/**/ 0x10, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, // rtnexthop len 16, flags 0, hops 1, ifindex 2
	/****/ 0x08, 0x00, 0x05, 0x00, 192, 168, 0, 1, // RTA_GATEWAY 192.168.0.1
	/**/ 0x24, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, // rtnexthop len 36, ifindex 3
	/****/ 0x08, 0x00, 0x05, 0x00, 192, 168, 0, 2, // RTA_GATEWAY 192.168.0.2
	/****/ 0x06, 0x00, 0x15, 0x00, 0x01, 0x00, 0x00, 0x00, // RTA_ENCAP_TYPE LWTUNNEL_ENCAP_MPLS
	/****/ 0x0c, 0x00, 0x16, 0x80, // RTA_ENCAP | NLA_F_NESTED
	/******/ 0x08, 0x00, 0x01, 0x00, 0x00, 0x0c, 0x81, 0x00, // MPLS_IPTUNNEL_DST label 200, bos
}

func TestMultipathDecode(t *testing.T) {
	m := mustMsg(t, Route, multipathMsg)
	v, ok := m.GetAttr("multipath")
	if !ok {
		t.Fatal("no multipath")
	}
	rs := v.Records()
	var gws []string
	var ifs []uint64
	for rs.Next() {
		r := rs.Record()
		g, _ := r.GetAttr("gateway")
		a, _ := g.Addr()
		gws = append(gws, a.String())
		n, _ := r.Field("oif")
		ifs = append(ifs, n)
		if e, ok := r.Get("encap", "dst"); ok && e.Name() != "MPLS_IPTUNNEL_DST" {
			t.Errorf("encap dst named %s", e.Name())
		}
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	if len(gws) != 2 || gws[1] != "192.168.0.2" || ifs[1] != 3 {
		t.Errorf("gateways %v ifindex %v", gws, ifs)
	}
}
