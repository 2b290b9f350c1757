package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nlroute/nlroute/wire"
)

// seedCaptures adds every message of the kernel captures to f's corpus.
func seedCaptures(f *testing.F) {
	for _, name := range catalogue {
		buf, err := os.ReadFile(filepath.Join("..", "testdata", "kernel", name))
		if err != nil {
			continue
		}
		it := wire.NewMessages(buf)
		for it.Next() {
			f.Add(it.Message().Raw(buf))
		}
		if err := it.Err(); err != nil {
			f.Fatalf("capture %s: %v", name, err)
		}
	}
	f.Add(linkMsg)
	f.Add(routeMsg)
	f.Add(multipathMsg)
}

// touch calls every accessor on every attribute, recursively.
func touch(it AttrIter, depth int) {
	for it.Next() {
		v := it.Value()
		v.Uint()
		v.Int()
		v.Addr()
		v.MAC()
		_ = v.String()
		v.Field("rx_packets")
		v.Index(0)
		v.ElemField(0, "id")
		_ = v.Len()
		if depth > 8 {
			continue
		}
		n := v.Nest()
		n.GetAttr("kind")
		n.Get("data", "br_stp_state")
		touch(n.Attrs(), depth+1)
		rs := v.Records()
		for rs.Next() {
			rs.Record().Field("oif")
			touch(rs.Record().Attrs(), depth+1)
		}
		_ = rs.Err() // fuzzed input may well end in an error: one more accessor
	}
	_ = it.Err()
}

func FuzzMsgDecode(f *testing.F) {
	seedCaptures(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, s := range Schemas() { // every family: each decodes any bytes
			var m Msg
			err := m.ResetBytes(s, data)
			if err == ErrShortHeader || m.Schema() == nil {
				continue // no message, or not one of this family
			}
			touch(m.Attrs(), 0)
			m.Get("linkinfo", "data", "br_stp_state")
			m.Get("metrics", "mtu")
			m.Prefix("dst")
			js := m.AppendJSON(nil)
			if !json.Valid(js) {
				t.Fatalf("invalid JSON %s", js)
			}
			// decode → encode → decode → encode is stable.
			var b1, b2 wire.Builder
			b1.Reset(nil)
			m.Encode(&b1)
			var m2 Msg
			if err := m2.ResetBytes(s, b1.Bytes()); err != nil {
				t.Fatalf("re-decode: %v", err)
			}
			b2.Reset(nil)
			m2.Encode(&b2)
			if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
				t.Fatalf("unstable:\n% x\n% x", b1.Bytes(), b2.Bytes())
			}
			// and the JSON of the re-encoded message encodes back to it.
			if m.Err() == nil {
				got, _ := viaJSON(t, s, b1.Bytes())
				if !bytes.Equal(got, b1.Bytes()) {
					t.Fatalf("JSON round trip:\n% x\n% x", got, b1.Bytes())
				}
			}
		}
	})
}

func FuzzSpecRoundTrip(f *testing.F) {
	f.Add("br0", uint32(1500), []byte{2, 0, 0, 0, 0, 1}, "bridge", uint32(1), []byte{10, 0, 0, 0}, uint8(24), uint32(100))
	f.Add("", uint32(0), []byte{}, "vxlan", uint32(42), []byte{0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, uint8(64), uint32(1<<20))
	f.Fuzz(func(t *testing.T, name string, mtu uint32, mac []byte, kind string, id uint32, dst []byte, bits uint8, table uint32) {
		var b wire.Builder
		b.Reset(nil)
		spec := Spec{"ifname": name, "mtu": mtu, "address": mac, "linkinfo": Spec{"kind": kind}}
		err := Link.Encode(&b, 16, 0, 0, spec)
		if bad := badLinkSpec(name, mac); len(bad) > 0 {
			// A name or address the kernel would cut or refuse: an
			// error naming the keyword, before anything is encoded.
			// With both bad, either may be reported (a Spec is a map).
			var se *SpecError
			if !errors.As(err, &se) || !slices.Contains(bad, se.Keyword) || b.Len() != 0 {
				t.Fatalf("ifname %q address % x: %v, want a SpecError for one of %q", name, mac, err, bad)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		m := mustMsg(t, Link, b.Bytes())
		if v, _ := m.GetAttr("ifname"); v.String() != name && !bytes.Contains([]byte(name), []byte{0}) {
			t.Errorf("ifname %q != %q", v.String(), name)
		}
		if v, _ := m.GetAttr("mtu"); v.Value == nil || mustUint(v) != uint64(mtu) {
			t.Errorf("mtu")
		}
		if v, _ := m.GetAttr("address"); !bytes.Equal(v.Bytes(), mac) {
			t.Errorf("address % x != % x", v.Bytes(), mac)
		}
		a, ok := netip.AddrFromSlice(dst)
		if !ok || int(bits) > a.BitLen() {
			return
		}
		p := netip.PrefixFrom(a, int(bits))
		b.Reset(nil)
		if err := Route.Encode(&b, 24, 0, 0, Spec{"dst": p, "table": table}); err != nil {
			t.Fatal(err)
		}
		r := mustMsg(t, Route, b.Bytes())
		if got, _ := r.Prefix("dst"); got != p {
			t.Errorf("dst %v != %v", got, p)
		}
		if v, _ := r.GetAttr("RTA_TABLE"); mustUint(v) != uint64(table) {
			t.Errorf("table %d != %d", mustUint(v), table)
		}
	})
}

func mustUint(v Value) uint64 {
	n, _ := v.Uint()
	return n
}

// badLinkSpec returns the keywords of FuzzSpecRoundTrip's link the
// encoder must refuse: a name over 15 bytes, an address of no link type's
// length.
func badLinkSpec(name string, mac []byte) []string {
	var bad []string
	if len(name) > 15 {
		bad = append(bad, "ifname")
	}
	switch len(mac) {
	case 4, 6, 8, 16, 20:
	default:
		bad = append(bad, "address")
	}
	return bad
}
