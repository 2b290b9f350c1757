package tc

import (
	"bytes"
	"encoding/json"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// codecRoundTrip checks one encoded tc message against the codec tables:
// no unknown attribute anywhere under TCA_OPTIONS, Msg.Encode gives the
// same bytes back, and so does rendering to JSON and encoding that dict.
func codecRoundTrip(t testing.TB, raw []byte) {
	t.Helper()
	var m codec.Msg
	if err := m.ResetBytes(codec.TC, raw); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if unknown := unknownAttrs(m); unknown != "" {
		t.Errorf("unknown attributes: %s", unknown)
	}
	var b wire.Builder
	m.Encode(&b)
	if err := b.Err(); err != nil || !bytes.Equal(b.Bytes(), raw) {
		t.Errorf("Msg.Encode: %v\n got %x\nwant %x", err, b.Bytes(), raw)
	}
	js := m.AppendJSON(nil)
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var d map[string]any
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("render %s: %v", js, err)
	}
	var b2 wire.Builder
	if err := codec.TC.EncodeDict(&b2, d); err != nil || !bytes.Equal(b2.Bytes(), raw) {
		t.Errorf("EncodeDict(%s): %v\n got %x\nwant %x", js, err, b2.Bytes(), raw)
	}
}

// unknownAttrs lists the attributes of m that no table names, as
// "table:type" paths; nested values with a table are searched too.
func unknownAttrs(m codec.Msg) string {
	var sb strings.Builder
	it := m.Attrs()
	walkUnknown(&sb, "tc", &it)
	return sb.String()
}

func walkUnknown(sb *strings.Builder, table string, it *codec.AttrIter) {
	for it.Next() {
		v := it.Value()
		if v.Spec == nil {
			sb.WriteString(table + ":" + itoa(int(v.Type)) + " ")
			continue
		}
		if v.Kind() == codec.KindNested {
			n := v.Nest()
			if n.Table() == nil {
				if v.Name() == "TCA_OPTIONS" && len(n.Bytes()) > 0 {
					sb.WriteString(v.Name() + ":no-table ")
				}
				continue
			}
			sub := n.Attrs()
			walkUnknown(sb, n.Table().Name, &sub)
		}
	}
	if err := it.Err(); err != nil {
		sb.WriteString(table + ":" + err.Error() + " ")
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

func encodeFilter(t testing.TB, f FilterOptions) []byte {
	t.Helper()
	var b wire.Builder
	if err := appendFilter(&b, msgNewFilter, 0, &Filter{Link: 1, Parent: HandleClsactIngress, Priority: 1, Protocol: ProtoIP, Options: f}); err != nil {
		t.Fatalf("%s: %v", f.Kind(), err)
	}
	return b.Bytes()
}

var (
	testMAC  = net.HardwareAddr{0x02, 0, 0, 0, 0, 1}
	testMAC2 = net.HardwareAddr{0x02, 0, 0, 0, 0, 2}
)

// newFilterKinds is one example of each filter kind this file's authors
// added, with actions of every new kind.
var newFilterKinds = []FilterOptions{
	Matchall{ClassID: 0x10001, Flags: ClsSkipHW, Actions: []Action{Gact{Action: ActDrop}}},
	Matchall{Actions: []Action{SkbEdit{Mark: 7, HasMark: true, Mask: 0xff, Priority: 0x10010, HasPriority: true, Action: ActPipe},
		VLAN{Op: VLANPush, ID: 10, Protocol: Proto8021Q, Prio: 3, Action: ActPipe},
		Mirred{Direction: MirredEgressRedirect, Link: 2, Action: ActStolen}}},
	FW{ClassID: 0x10010, Mask: 0xff, Indev: "v0", Actions: []Action{Connmark{Zone: 5, Action: ActPipe}}},
	Basic{ClassID: 0x10020, Actions: []Action{Csum{Update: CsumIPv4Hdr | CsumTCP, Action: ActOK}}},
	Route{ClassID: 0x10030, To: 10, From: 20},
	Route{ClassID: 0x10030, IIF: 3},
	Flower{ClassID: 0x10001, EthType: ProtoIP, IPProto: ipProtoTCP, Flags: ClsSkipHW,
		SrcIP: netip.MustParsePrefix("10.0.0.0/8"), DstIP: netip.MustParsePrefix("192.168.1.1/32"),
		SrcPort: 1024, SrcPortMask: 0xfc00, DstPort: 80, DstMAC: testMAC, SrcMAC: testMAC2,
		SrcMACMask: net.HardwareAddr{0xff, 0xff, 0xff, 0, 0, 0},
		Actions: []Action{Pedit{Keys: []PeditKey{{Header: PeditIPv4, Off: 12, Val: 0x0a000001}}, Action: ActPipe},
			Csum{Update: CsumIPv4Hdr | CsumTCP}}},
	Flower{EthType: Proto8021Q, VLANID: 100, VLANPrio: 0, HasVLANPrio: true, VLANEthType: ProtoIPv6, IPProto: ipProtoUDP,
		DstIP: netip.MustParsePrefix("2001:db8::/32"), DstPort: 53, Indev: "v1",
		Actions: []Action{TunnelKey{Src: netip.MustParseAddr("192.0.2.1"), Dst: netip.MustParseAddr("192.0.2.2"),
			KeyID: 42, DstPort: 4789, NoCsum: true, TOS: 4, TTL: 64, Action: ActPipe}, TunnelKey{Release: true, Action: ActPipe}}},
	Flower{EthType: ProtoIP, IPProto: ipProtoSCTP, SrcPort: 9, Actions: []Action{
		Pedit{Keys: []PeditKey{{Off: 8, Val: 0x40000000, Mask: 0x00ffffff}}}}},
}

// TestNewFilterRoundTrip encodes each example, checks the bytes against
// the codec tables (decode, render, encode both ways) and decodes them
// back into the same typed value.
func TestNewFilterRoundTrip(t *testing.T) {
	for _, f := range newFilterKinds {
		t.Run(f.Kind(), func(t *testing.T) {
			raw := encodeFilter(t, f)
			codecRoundTrip(t, raw)
			h := decodeOne(t, raw)
			if got := kinds[h.kind].decodeFilter(h.options); !reflect.DeepEqual(got, f) {
				t.Errorf("decoded\n got %+v\nwant %+v", got, f)
			}
		})
	}
}

// TestFlowerDerived: EthType and VLANEthType come from the keys when 0.
func TestFlowerDerived(t *testing.T) {
	for _, tt := range []struct {
		f            Flower
		outer, inner uint16
	}{
		{Flower{SrcIP: netip.MustParsePrefix("10.0.0.1/32")}, ProtoIP, 0},
		{Flower{DstIP: netip.MustParsePrefix("::1/128")}, ProtoIPv6, 0},
		{Flower{IPProto: ipProtoTCP}, ProtoIP, 0},
		{Flower{VLANID: 5, DstIP: netip.MustParsePrefix("::1/128")}, Proto8021Q, ProtoIPv6},
		{Flower{VLANID: 5}, Proto8021Q, 0},
		{Flower{}, 0, 0},
	} {
		if o, i := tt.f.ethTypes(); o != tt.outer || i != tt.inner {
			t.Errorf("%+v: %#x %#x, want %#x %#x", tt.f, o, i, tt.outer, tt.inner)
		}
	}
}

// TestNewKindsFromSpec builds each new kind from pyroute2's keyword form.
func TestNewKindsFromSpec(t *testing.T) {
	for _, tt := range []struct {
		kind string
		spec Spec
		want FilterOptions
	}{
		{"matchall", Spec{"classid": "1:1", "skip_hw": true, "action": "drop"},
			Matchall{ClassID: 0x10001, Flags: ClsSkipHW, Actions: []Action{Gact{Action: ActDrop}}}},
		{"fw", Spec{"classid": "1:10", "mask": 0xff}, FW{ClassID: 0x10010, Mask: 0xff}},
		{"basic", Spec{"target": 0x10020, "action": map[string]any{"kind": "connmark", "zone": 3}},
			Basic{ClassID: 0x10020, Actions: []Action{Connmark{Zone: 3, Action: ActPipe}}}},
		{"route", Spec{"classid": "1:30", "to": 10, "fromif": 3}, Route{ClassID: 0x10030, To: 10, IIF: 3}},
		{"flower", Spec{"protocol": "ip", "ip_proto": "tcp", "src_ip": "10.0.0.0/8", "dst_ip": "192.168.1.1",
			"dst_port": 80, "src_port": "1024/0xfc00", "dst_mac": "02:00:00:00:00:01", "src_mac": "02:00:00:00:00:02/24",
			"skip_sw": true, "classid": "1:1",
			"action": []any{
				map[string]any{"kind": "pedit", "keys": []any{"ex munge ip src set 10.0.0.1"}, "action": "pipe"},
				map[string]any{"kind": "csum", "update": "iph and tcp"},
			}},
			Flower{ClassID: 0x10001, EthType: ProtoIP, IPProto: ipProtoTCP, Flags: ClsSkipSW,
				SrcIP: netip.MustParsePrefix("10.0.0.0/8"), DstIP: netip.MustParsePrefix("192.168.1.1/32"),
				SrcPort: 1024, SrcPortMask: 0xfc00, DstPort: 80, DstMAC: testMAC, SrcMAC: testMAC2,
				SrcMACMask: net.HardwareAddr{0xff, 0xff, 0xff, 0, 0, 0},
				Actions: []Action{Pedit{Keys: []PeditKey{{Header: PeditIPv4, Off: 12, Val: 0x0a000001}}, Action: ActPipe},
					Csum{Update: CsumIPv4Hdr | CsumTCP}}}},
		{"flower", Spec{"protocol": "802.1q", "vlan_id": 100, "vlan_prio": 0, "vlan_ethtype": "ipv6",
			"action": []any{map[string]any{"kind": "vlan", "v_action": "pop"},
				map[string]any{"kind": "tunnel_key", "src_ip": "192.0.2.1", "dst_ip": "192.0.2.2", "id": 42},
				map[string]any{"kind": "skbedit", "priority": "1:10", "ptype": "host"}}},
			Flower{EthType: Proto8021Q, VLANID: 100, HasVLANPrio: true, VLANEthType: ProtoIPv6,
				Actions: []Action{VLAN{Op: VLANPop, Action: ActPipe},
					TunnelKey{Src: netip.MustParseAddr("192.0.2.1"), Dst: netip.MustParseAddr("192.0.2.2"), KeyID: 42, Action: ActPipe},
					SkbEdit{Priority: 0x10010, HasPriority: true, PType: PacketHost, HasPType: true, Action: ActPipe}}}},
	} {
		f, err := FilterFromSpec(tt.kind, 1, nil, tt.spec, true)
		if err != nil {
			t.Errorf("%s %v: %v", tt.kind, tt.spec, err)
			continue
		}
		if !reflect.DeepEqual(f.Options, tt.want) {
			t.Errorf("%s %v:\n got %+v\nwant %+v", tt.kind, tt.spec, f.Options, tt.want)
		}
	}
}

// TestNewKindsBadInput: client-side errors naming the keyword.
func TestNewKindsBadInput(t *testing.T) {
	for _, tt := range []struct {
		kind string
		spec Spec
		want string
	}{
		{"flower", Spec{"dst_port": 80}, `parameter "ip_proto"`},
		{"flower", Spec{"src_ip": "10.0.0.300"}, `parameter "src_ip"`},
		{"flower", Spec{"src_ip": "10.0.0.1", "dst_ip": "::1"}, `parameter "dst_ip"`},
		{"flower", Spec{"vlan_id": 5000}, `parameter "vlan_id"`},
		{"flower", Spec{"dst_mac": "zz"}, `parameter "dst_mac"`},
		{"flower", Spec{"src_port": "0x10000"}, `parameter "src_port"`},
		{"flower", Spec{"ip_proto": "tcpx"}, `parameter "ip_proto"`},
		{"route", Spec{"from": 1, "fromif": 2}, `parameter "from"`},
		{"route", Spec{"to": 256}, `parameter "to"`},
		{"matchall", Spec{"skip_hw": "maybe"}, `parameter "skip_hw"`},
		{"fw", Spec{"mark": 1}, `parameter "mark": unknown parameter`},
		{"matchall", Spec{"action": map[string]any{"kind": "skbedit"}}, `parameter "mark": missing`},
		{"matchall", Spec{"action": map[string]any{"kind": "vlan", "v_action": "push"}}, `parameter "id": missing`},
		{"matchall", Spec{"action": map[string]any{"kind": "vlan", "v_action": "shove"}}, `parameter "v_action"`},
		{"matchall", Spec{"action": map[string]any{"kind": "tunnel_key", "src_ip": "192.0.2.1"}}, `parameter "src_ip": missing`},
		{"matchall", Spec{"action": map[string]any{"kind": "csum"}}, `parameter "update": missing`},
		{"matchall", Spec{"action": map[string]any{"kind": "csum", "update": "ip tcp"}}, `unknown checksum ip`},
		{"matchall", Spec{"action": map[string]any{"kind": "pedit", "keys": []any{"ip src set 10.0.0"}}}, `not an IPv4 address`},
		{"matchall", Spec{"action": map[string]any{"kind": "pedit", "keys": []any{"ip foo set 1"}}}, `unknown field "foo"`},
		{"matchall", Spec{"action": map[string]any{"kind": "pedit", "keys": []any{"ip ttl set 256"}}}, `not a 8-bit number`},
		{"matchall", Spec{"action": map[string]any{"kind": "connmark", "zone": 70000}}, `parameter "zone"`},
	} {
		_, err := FilterFromSpec(tt.kind, 1, nil, tt.spec, true)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %v: %v; want %q", tt.kind, tt.spec, err, tt.want)
		}
	}
}

func TestParsePeditKeys(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []PeditKey
	}{
		{"ex munge ip src set 10.0.0.1", []PeditKey{{Header: PeditIPv4, Off: 12, Val: 0x0a000001}}},
		{"ip ttl set 64", []PeditKey{{Header: PeditIPv4, Off: 8, Val: 0x40000000, Mask: 0x00ffffff}}},
		{"ip ttl add 0xff", []PeditKey{{Header: PeditIPv4, Cmd: PeditAdd, Off: 8, Val: 0xff000000, Mask: 0x00ffffff}}},
		{"tcp dport set 8080", []PeditKey{{Header: PeditTCP, Off: 0, Val: 0x00001f90, Mask: 0xffff0000}}},
		{"udp sport set 53", []PeditKey{{Header: PeditUDP, Off: 0, Val: 0x00350000, Mask: 0x0000ffff}}},
		{"eth src set 02:00:00:00:00:01", []PeditKey{
			{Header: PeditEth, Off: 4, Val: 0x00000200, Mask: 0xffff0000}, {Header: PeditEth, Off: 8, Val: 0x00000001}}},
		{"ip6 dst set 2001:db8::1", []PeditKey{{Header: PeditIPv6, Off: 24, Val: 0x20010db8}, {Header: PeditIPv6, Off: 28},
			{Header: PeditIPv6, Off: 32}, {Header: PeditIPv6, Off: 36, Val: 1}}},
		{"offset 12 u32 set 0x0a000001", []PeditKey{{Off: 12, Val: 0x0a000001}}},
		{"u32 at 12 set 0x0a000001", []PeditKey{{Off: 12, Val: 0x0a000001}}},
		{"munge offset 14 u16 set 0x1234", []PeditKey{{Off: 12, Val: 0x00001234, Mask: 0xffff0000}}},
	} {
		got, err := ParsePeditKeys([]string{tt.in})
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %+v, %v\nwant %+v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "ip src", "ip src set", "ipx src set 1", "offset x u32 set 1", "u64 at 0 set 1",
		"ip src invert 1", "eth dst set 02:00", "ip6 src set 10.0.0.1", "tcp dport set 70000"} {
		if _, err := ParsePeditKeys([]string{bad}); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestNewKindsCatalogue(t *testing.T) {
	for _, name := range []string{"matchall", "flower", "fw", "basic", "route", "skbedit", "vlan", "tunnel_key", "csum", "pedit", "connmark"} {
		h, err := Help(name)
		if err != nil || !strings.HasPrefix(h, name+" (") {
			t.Errorf("Help(%s) = %q, %v", name, h, err)
		}
	}
	if h, _ := Help("flower"); !strings.Contains(h, "dst_port (int)") || !strings.Contains(h, "skip_sw (bool)") {
		t.Errorf("Help(flower) = %q", h)
	}
}
