package codec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"

	"github.com/nlroute/nlroute/wire"
)

// Golden tests over the raw kernel captures in ../testdata/kernel (see the
// README there for the command that made them).

func capture(t testing.TB, name string) []byte {
	t.Helper()
	return testutil.Capture(t, name)
}

// messages returns the raw bytes of every message of a capture before
// its NLMSG_DONE.
func messages(t testing.TB, buf []byte) [][]byte {
	t.Helper()
	var out [][]byte
	it := wire.NewMessages(buf)
	for it.Next() {
		m := it.Message()
		if m.Header.Type < wire.TypeMinType {
			continue
		}
		out = append(out, m.Raw(buf))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGoldenRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		file string
		s    *Schema
	}{
		{"links.bin", Link},
		{"routes.bin", Route},
		{"routes6.bin", Route},
		{"routes10k.bin.gz", Route},
	} {
		t.Run(tc.file, func(t *testing.T) {
			msgs := messages(t, capture(t, tc.file))
			if len(msgs) == 0 {
				t.Fatal("no messages")
			}
			for i, raw := range msgs {
				if got := reencode(t, tc.s, raw); !bytes.Equal(got, raw) {
					t.Fatalf("message %d: Encode differs:\n got % x\nwant % x", i, got, raw)
				}
				if i > 300 {
					continue // the JSON path is slow; the first messages cover every shape
				}
				if got, js := viaJSON(t, tc.s, raw); !bytes.Equal(got, raw) {
					t.Fatalf("message %d: EncodeDict of %s differs:\n got % x\nwant % x", i, js, got, raw)
				}
			}
		})
	}
}

func readJSON(t *testing.T, name string) []map[string]any {
	var l []map[string]any
	if err := json.Unmarshal(capture(t, name), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestGoldenLinks(t *testing.T) {
	msgs := messages(t, capture(t, "links.bin"))
	want := readJSON(t, "ip-link.json")
	if len(msgs) != len(want) {
		t.Fatalf("%d messages, ip shows %d links", len(msgs), len(want))
	}
	for i, raw := range msgs {
		m := mustMsg(t, Link, raw)
		w := want[i]
		idx, _ := m.Field("index")
		check(t, w["ifname"], fmt.Sprint(w["ifindex"]), strconv.FormatUint(idx, 10))
		name, _ := m.GetAttr("ifname")
		check(t, w["ifname"], w["ifname"], name.String())
		mtu, _ := m.GetAttr("mtu")
		n, _ := mtu.Uint()
		check(t, w["ifname"], fmt.Sprint(w["mtu"]), strconv.FormatUint(n, 10))
		addr, _ := m.GetAttr("address")
		check(t, w["ifname"], w["address"], addr.MAC().String())
		li, _ := w["linkinfo"].(map[string]any)
		kind, _ := m.Get("linkinfo", "kind")
		check(t, w["ifname"], orEmpty(li["info_kind"]), kind.String())
		data, _ := li["info_data"].(map[string]any)
		switch kind.String() {
		case "bridge":
			v, _ := m.Get("linkinfo", "data", "br_stp_state")
			n, _ := v.Uint()
			check(t, w["ifname"], fmt.Sprint(data["stp_state"]), strconv.FormatUint(n, 10))
		case "vxlan":
			v, _ := m.Get("linkinfo", "data", "vxlan_id")
			n, _ := v.Uint()
			check(t, w["ifname"], fmt.Sprint(data["id"]), strconv.FormatUint(n, 10))
		case "macvlan":
			v, _ := m.Get("linkinfo", "data", "macvlan_mode")
			n, _ := v.Uint()
			modes := map[uint64]string{1: "private", 2: "vepa", 4: "bridge", 8: "passthru", 16: "source"}
			check(t, w["ifname"], fmt.Sprint(data["mode"]), modes[n])
		}
	}
}

func orEmpty(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func check(t *testing.T, who, want any, got string) {
	t.Helper()
	if want == nil {
		return
	}
	if fmt.Sprint(want) != got {
		t.Errorf("%v: got %q, ip says %q", who, got, want)
	}
}

func TestGoldenRoutes(t *testing.T) {
	names := map[uint64]string{}
	for _, raw := range messages(t, capture(t, "links.bin")) {
		m := mustMsg(t, Link, raw)
		i, _ := m.Field("index")
		n, _ := m.GetAttr("ifname")
		names[i] = n.String()
	}
	for _, f := range [][2]string{{"routes.bin", "ip-route.json"}, {"routes6.bin", "ip-route6.json"}} {
		msgs := messages(t, capture(t, f[0]))
		want := readJSON(t, f[1])
		if len(msgs) != len(want) {
			t.Fatalf("%s: %d messages, ip shows %d routes", f[0], len(msgs), len(want))
		}
		for i, raw := range msgs {
			if f[0] == "routes6.bin" {
				break // per-link fe80::/64 order varies between ip and the dump (README)
			}
			m := mustMsg(t, Route, raw)
			w := want[i]
			who := fmt.Sprint(f[0], " #", i, " ", w["dst"])
			dst := "default"
			if p, ok := m.Prefix("dst"); ok {
				dst = p.String()
				if p.IsSingleIP() {
					dst = p.Addr().String()
				}
			}
			check(t, who, w["dst"], dst)
			if gw, ok := m.GetAttr("gateway"); ok {
				a, _ := gw.Addr()
				check(t, who, w["gateway"], a.String())
			}
			if oif, ok := m.GetAttr("oif"); ok {
				check(t, who, w["dev"], names[mustUint(oif)])
			}
			tb, _ := m.GetAttr("table")
			table := map[uint64]string{254: "<nil>", 255: "local"}[mustUint(tb)]
			if table == "" {
				table = strconv.FormatUint(mustUint(tb), 10)
			}
			check(t, who, fmt.Sprint(w["table"]), table)
			if p, ok := m.GetAttr("priority"); ok {
				check(t, who, w["metric"], strconv.FormatUint(mustUint(p), 10))
			}
			if ms, ok := w["metrics"].([]any); ok {
				mtu, _ := m.Get("metrics", "mtu")
				check(t, who, ms[0].(map[string]any)["mtu"], strconv.FormatUint(mustUint(mtu), 10))
			}
			if nh, ok := w["nexthops"].([]any); ok {
				v, _ := m.GetAttr("multipath")
				rs, n := v.Records(), 0
				for ; rs.Next(); n++ {
				}
				if err := rs.Err(); err != nil {
					t.Errorf("%s: multipath: %v", who, err)
				}
				check(t, who, len(nh), strconv.Itoa(n))
			}
		}
	}
}
