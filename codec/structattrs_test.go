package codec

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Test kinds for the TCA_OPTIONS struct registrations: this package
// knows no real tc kind.
var (
	testFifoQopt  = NewStruct("test_fifo_qopt", u32("limit"))
	testNetemQopt = NewStruct("test_netem_qopt", u32("latency"), u32("limit"))
	testNetemOpts = NewTable("test_netem", "TCA_NETEM_",
		attr(1, "TCA_NETEM_CORR", KindU32),
		attr(2, "TCA_NETEM_RATE64", KindU64))
	testMqprioQopt = NewStruct("test_mqprio_qopt", u8("num_tc"), u8("hw"), u16("count"), u8("odd")) // 5 bytes: padded
	testHfscQopt   = NewStruct("test_hfsc_qopt", u16("defcls"))
	testHfscClass  = NewTable("test_hfsc", "TCA_HFSC_", attr(1, "TCA_HFSC_RSC", KindU32))
)

func init() {
	RegisterTCOptionsStruct("test_fifo", testFifoQopt, nil)
	RegisterTCOptionsStruct("test_netem", testNetemQopt, testNetemOpts)
	RegisterTCOptionsStruct("test_mqprio", testMqprioQopt, testNetemOpts)
	RegisterTCOptions("test_hfsc", testHfscClass)
	RegisterTCQdiscOptionsStruct("test_hfsc", testHfscQopt, nil)
}

// encodeRoundTrip encodes spec as one message of type t and checks that it
// round-trips through Encode and the JSON dict form.
func encodeRoundTrip(t *testing.T, s *Schema, typ wire.MsgType, spec Spec) []byte {
	t.Helper()
	var b wire.Builder
	b.Reset(nil)
	if err := s.Encode(&b, typ, wire.FlagRequest, 1, spec); err != nil {
		t.Fatalf("encode %v: %v", spec, err)
	}
	raw := append([]byte(nil), b.Bytes()...)
	if got := reencode(t, s, raw); !bytes.Equal(got, raw) {
		t.Errorf("Encode:\n got % x\nwant % x", got, raw)
	}
	if got, js := viaJSON(t, s, raw); !bytes.Equal(got, raw) {
		t.Errorf("EncodeDict of %s:\n got % x\nwant % x", js, got, raw)
	}
	return raw
}

func TestVethPeer(t *testing.T) {
	raw := encodeRoundTrip(t, Link, uapi.RTM_NEWLINK, Spec{
		"ifname": "v0",
		"linkinfo": Spec{"kind": "veth", "data": Spec{
			"peer": Spec{"ifname": "v1", "mtu": 1400, "index": 7, "flags": 1},
		}},
	})
	var m Msg
	if err := m.ResetBytes(Link, raw); err != nil {
		t.Fatal(err)
	}
	peer, ok := m.Get("linkinfo", "data", "peer")
	if !ok || peer.Kind() != KindStructAttrs {
		t.Fatalf("peer %+v %v", peer, ok)
	}
	// The value: ifinfomsg (16 bytes), then the peer's attributes.
	if len(peer.Value) != 16+8+8 || len(peer.StructBytes()) != 16 {
		t.Errorf("peer value % x", peer.Value)
	}
	if idx, ok := peer.Field("index"); !ok || idx != 7 {
		t.Errorf("peer index %d %v", idx, ok)
	}
	if f, _ := peer.Field("flags"); f != 1 {
		t.Errorf("peer flags %d", f)
	}
	if n, ok := peer.Nest().GetAttr("ifname"); !ok || n.String() != "v1" {
		t.Errorf("peer ifname %v %v", n, ok)
	}
	if mtu, ok := peer.Nest().Get("mtu"); !ok || mustUint(mtu) != 1400 {
		t.Errorf("peer mtu %v %v", mtu, ok)
	}
	js := string(m.AppendJSON(nil))
	want := `["VETH_INFO_PEER", {"family": 0, "ifi_type": 0, "index": 7, "flags": 1, "change": 0, ` +
		`"attrs": [["IFLA_IFNAME", "v1"], ["IFLA_MTU", 1400]]}, 32768]`
	if !strings.Contains(js, want) {
		t.Errorf("JSON %s\nwant it to hold %s", js, want)
	}
	if p := unknowns("link", m.Attrs()); len(p) != 0 {
		t.Errorf("unknown or non-canonical: %v", p)
	}
}

func TestNetkitPeer(t *testing.T) {
	raw := encodeRoundTrip(t, Link, uapi.RTM_NEWLINK, Spec{
		"ifname": "nk0",
		"linkinfo": Spec{"kind": "netkit", "data": Spec{
			"IFLA_NETKIT_PEER_INFO": Spec{"ifname": "nk1"}, "IFLA_NETKIT_MODE": 1,
		}},
	})
	var m Msg
	m.ResetBytes(Link, raw)
	v, ok := m.Get("linkinfo", "data", "IFLA_NETKIT_PEER_INFO")
	if n, _ := v.Nest().GetAttr("ifname"); !ok || n.String() != "nk1" {
		t.Errorf("netkit peer %+v", v)
	}
}

func TestTCOptionsStruct(t *testing.T) {
	for _, tc := range []struct {
		name string
		typ  wire.MsgType
		spec Spec
		opts []byte // TCA_OPTIONS' value
		json string
	}{
		{"bare struct", uapi.RTM_NEWQDISC, Spec{"kind": "test_fifo", "options": Spec{"limit": 100}},
			[]byte{100, 0, 0, 0}, `["TCA_OPTIONS", {"limit": 100}]`},
		{"struct and attrs", uapi.RTM_NEWQDISC,
			Spec{"kind": "test_netem", "options": Spec{"latency": 5, "limit": 1000, "corr": 9}},
			[]byte{5, 0, 0, 0, 0xe8, 3, 0, 0, 8, 0, 1, 0, 9, 0, 0, 0},
			`["TCA_OPTIONS", {"latency": 5, "limit": 1000, "attrs": [["TCA_NETEM_CORR", 9]]}, 32768]`},
		{"struct only of struct and attrs", uapi.RTM_NEWQDISC,
			Spec{"kind": "test_netem", "options": Spec{"latency": 5}},
			[]byte{5, 0, 0, 0, 0, 0, 0, 0},
			`["TCA_OPTIONS", {"latency": 5, "limit": 0, "attrs": []}, 32768]`},
		{"padded struct", uapi.RTM_NEWQDISC,
			Spec{"kind": "test_mqprio", "options": Spec{"num_tc": 2, "odd": 1, "rate64": 7}},
			[]byte{2, 0, 0, 0, 1, 0, 0, 0, 12, 0, 2, 0, 7, 0, 0, 0, 0, 0, 0, 0},
			`["TCA_OPTIONS", {"num_tc": 2, "hw": 0, "count": 0, "odd": 1, "attrs": [["TCA_NETEM_RATE64", 7]]}, 32768]`},
		{"qdisc struct", uapi.RTM_NEWQDISC, Spec{"kind": "test_hfsc", "options": Spec{"defcls": 16}},
			[]byte{16, 0}, `["TCA_OPTIONS", {"defcls": 16}]`},
		{"class chain", uapi.RTM_NEWTCLASS, Spec{"kind": "test_hfsc", "options": Spec{"rsc": 3}},
			[]byte{8, 0, 1, 0, 3, 0, 0, 0}, `["TCA_OPTIONS", {"attrs": [["TCA_HFSC_RSC", 3]]}, 32768]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := encodeRoundTrip(t, TC, tc.typ, tc.spec)
			var m Msg
			if err := m.ResetBytes(TC, raw); err != nil {
				t.Fatal(err)
			}
			v, ok := m.GetAttr("options")
			if !ok || !bytes.Equal(v.Value, tc.opts) {
				t.Errorf("TCA_OPTIONS % x, want % x", v.Value, tc.opts)
			}
			js := m.AppendJSON(nil)
			if !bytes.Contains(js, []byte(tc.json)) {
				t.Errorf("JSON %s\nwant it to hold %s", js, tc.json)
			}
			if !json.Valid(js) {
				t.Errorf("invalid JSON %s", js)
			}
			if p := unknowns("tc", m.Attrs()); len(p) != 0 {
				t.Errorf("unknown or non-canonical: %v", p)
			}
		})
	}
	var m Msg
	m.ResetBytes(TC, encodeRoundTrip(t, TC, uapi.RTM_NEWQDISC, Spec{"kind": "test_netem", "options": Spec{"latency": 5, "rate64": 1}}))
	v, _ := m.GetAttr("options")
	if l, ok := v.Field("latency"); !ok || l != 5 {
		t.Errorf("Field(latency) = %d, %v", l, ok)
	}
	if r, ok := v.Nest().GetAttr("rate64"); !ok || mustUint(r) != 1 {
		t.Errorf("Nest rate64 = %v, %v", r, ok)
	}
}

func TestTCOptionsStructBad(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		{Spec{"kind": "test_fifo", "options": Spec{"limit": -1}}, `"options.limit"`},
		{Spec{"kind": "test_fifo", "options": Spec{"nope": 1}}, `"options.nope"`},
		{Spec{"kind": "test_netem", "options": Spec{"nope": 1}}, `"options.nope"`},
		{Spec{"kind": "test_netem", "options": 3}, `"options"`},
	} {
		var b wire.Builder
		b.Reset(nil)
		err := TC.Encode(&b, uapi.RTM_NEWQDISC, wire.FlagRequest, 1, tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err %v, want it to name %s", tc.spec, err, tc.want)
		}
	}
}

// TestStructAttrsNonCanonical: a padded struct sent without its padding
// (or with garbage in it) renders as hex and re-encodes unchanged.
func TestStructAttrsNonCanonical(t *testing.T) {
	for _, opts := range [][]byte{
		{2, 0, 0, 0, 1},             // 5 bytes, no padding
		{2, 0, 0, 0, 1, 0xff, 0, 0}, // garbage in the padding
		{1, 2},                      // shorter than the struct
	} {
		var b wire.Builder
		b.Reset(nil)
		b.Begin(uapi.RTM_NEWQDISC, 0, 1)
		b.PutFixed(make([]byte, TcMsg.Size))
		b.PutString(uapi.TCA_KIND, "test_mqprio")
		b.PutBytes(uapi.TCA_OPTIONS, opts)
		b.End()
		raw := append([]byte(nil), b.Bytes()...)
		if got := reencode(t, TC, raw); !bytes.Equal(got, raw) {
			t.Errorf("% x: Encode:\n got % x\nwant % x", opts, got, raw)
		}
		if got, js := viaJSON(t, TC, raw); !bytes.Equal(got, raw) || !bytes.Contains(js, []byte(`"hex"`)) {
			t.Errorf("% x: EncodeDict of %s:\n got % x\nwant % x", opts, js, got, raw)
		}
	}
}
