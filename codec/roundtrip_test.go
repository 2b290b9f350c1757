package codec

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/nlroute/nlroute/wire"
)

// reencode decodes raw with s and encodes it back through Msg.Encode.
func reencode(t testing.TB, s *Schema, raw []byte) []byte {
	t.Helper()
	var m Msg
	if err := m.ResetBytes(s, raw); err != nil {
		t.Fatalf("decode: %v", err)
	}
	var b wire.Builder
	b.Reset(nil)
	m.Encode(&b)
	if err := b.Err(); err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b.Bytes()
}

// viaJSON renders raw as JSON, decodes the JSON and encodes the dict.
func viaJSON(t testing.TB, s *Schema, raw []byte) ([]byte, []byte) {
	t.Helper()
	var m Msg
	if err := m.ResetBytes(s, raw); err != nil {
		t.Fatalf("decode: %v", err)
	}
	js := m.AppendJSON(nil)
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var d map[string]any
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("invalid JSON %s: %v", js, err)
	}
	var b wire.Builder
	b.Reset(nil)
	if err := s.EncodeDict(&b, d); err != nil {
		t.Fatalf("encode dict %s: %v", js, err)
	}
	return b.Bytes(), js
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    *Schema
		raw  []byte
	}{
		{"link", Link, linkMsg},
		{"route", Route, routeMsg},
		{"multipath", Route, multipathMsg},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := reencode(t, tc.s, tc.raw); !bytes.Equal(got, tc.raw) {
				t.Errorf("Encode:\n got % x\nwant % x", got, tc.raw)
			}
			got, js := viaJSON(t, tc.s, tc.raw)
			if !bytes.Equal(got, tc.raw) {
				t.Errorf("EncodeDict of %s:\n got % x\nwant % x", js, got, tc.raw)
			}
		})
	}
}

func TestJSONShape(t *testing.T) {
	m := mustMsg(t, Link, linkMsg)
	got := string(m.AppendJSON(nil))
	want := `{"attrs": [["IFLA_IFNAME", "br0"], ["IFLA_MTU", 1500], ` +
		`["IFLA_ADDRESS", "02:00:00:00:00:01"], ` +
		`["IFLA_LINKINFO", {"attrs": [["IFLA_INFO_KIND", "bridge"], ` +
		`["IFLA_INFO_DATA", {"attrs": [["IFLA_BR_STP_STATE", 1], ["IFLA_BR_VLAN_PROTOCOL", 33024]]}, 32768]]}], ` +
		`["IFLA_PROP_LIST", {"attrs": [["IFLA_ALT_IFNAME", "bridge"], ["IFLA_ALT_IFNAME", "brx"]]}, 32768], ` +
		`["UNKNOWN_250", "de:ad"], ["IFLA_TXQLEN", 1000]], ` +
		`"family": 0, "ifi_type": 1, "index": 5, "flags": 69699, "change": 0, ` +
		`"header": {"length": 136, "type": 16, "flags": 2, "sequence_number": 257, "pid": 28233}, ` +
		`"event": "RTM_NEWLINK"}`
	if got != want {
		t.Errorf("AppendJSON:\n got %s\nwant %s", got, want)
	}
	if !json.Valid([]byte(got)) {
		t.Error("invalid JSON")
	}
}

func TestNonCanonicalRoundTrip(t *testing.T) {
	// IFLA_MTU of 3 bytes and IFLA_IFNAME without its NUL: rendered as
	// {"hex": ...} and re-encoded unchanged.
	raw := []byte{
		0x28, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // nlmsghdr, len 40
		0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // ifinfomsg, index 1
		0x07, 0x00, 0x04, 0x00, 1, 2, 3, 0, // IFLA_MTU, 3 bytes
	}
	raw = append(raw[:24], raw[24:]...)
	raw[0] = byte(len(raw))
	var m Msg
	if err := m.ResetBytes(Link, raw); err != nil {
		t.Fatal(err)
	}
	js := string(m.AppendJSON(nil))
	if !bytes.Contains([]byte(js), []byte(`["IFLA_MTU", {"hex": "01:02:03"}]`)) {
		t.Errorf("JSON %s", js)
	}
	got, _ := viaJSON(t, Link, raw)
	if !bytes.Equal(got, raw) {
		t.Errorf("got % x\nwant % x", got, raw)
	}
}
