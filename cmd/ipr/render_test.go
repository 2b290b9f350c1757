package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// captures pairs each kernel capture (testdata/kernel at the repository
// root) with the object whose messages it holds.
var captures = []struct {
	file, object string
	goldenJSON   bool // also compare the whole JSON rendering with a golden file
}{
	{"links-full.bin", "link", false},
	{"brlinks.bin", "brport", true},
	{"addrs-full.bin", "addr", true},
	{"routes-full.bin", "route", false},
	{"rules.bin", "rule", true},
	{"neigh.bin", "neigh", false},
	{"neigh-proxy.bin", "neigh", true},
	{"fdb.bin", "fdb", false},
	{"nexthops.bin", "nexthop", true},
	{"qdiscs.bin", "qdisc", false},
	{"classes.bin", "class", true},
	{"filters.bin", "filter", true},
	{"filters-clsact.bin", "filter", false},
	{"neightbl.bin", "neightbl", false},
	{"nsid.bin", "nsid", true},
	{"stats.bin", "stats", false},
}

// pyroute2Fields are the family-header fields pyroute2 prints for each
// object, which --json must carry under these names.
var pyroute2Fields = map[string][]string{
	"link":    {"family", "ifi_type", "index", "flags", "change", "state"},
	"brport":  {"family", "ifi_type", "index", "flags", "change", "state"},
	"addr":    {"family", "prefixlen", "flags", "scope", "index"},
	"route":   {"family", "dst_len", "src_len", "tos", "table", "proto", "scope", "type", "flags"},
	"rule":    {"family", "dst_len", "src_len", "tos", "table", "action", "flags"},
	"neigh":   {"family", "ifindex", "state", "flags", "ndm_type"},
	"fdb":     {"family", "ifindex", "state", "flags", "ndm_type"},
	"nexthop": {"family", "scope", "protocol", "flags"},
	"qdisc":   {"family", "index", "handle", "parent", "info"},
	"class":   {"family", "index", "handle", "parent", "info"},
	"filter":  {"family", "index", "handle", "parent", "info"},
}

// captureMsgs decodes the messages of a capture (NLMSG_DONE and errors
// left out), each an owned *codec.Msg, with the raw bytes of each.
func captureMsgs(t *testing.T, file string) ([]*codec.Msg, [][]byte) {
	t.Helper()
	buf := testutil.Capture(t, file)
	var msgs []*codec.Msg
	var raws [][]byte
	it := wire.NewMessages(buf)
	for it.Next() {
		m := it.Message()
		if m.Header.Type < wire.TypeMinType {
			continue
		}
		s := codec.SchemaFor(m.Header.Type)
		if s == nil {
			t.Fatalf("%s: no schema for message type %d", file, m.Header.Type)
		}
		var msg codec.Msg
		if err := msg.Reset(s, m); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		msgs = append(msgs, msg.Clone())
		raws = append(raws, m.Raw(buf))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	if len(msgs) == 0 {
		t.Fatalf("%s: no messages", file)
	}
	return msgs, raws
}

// captureNames is the interface names of the full namespace, as ipr
// loads them before printing human lines.
func captureNames(t *testing.T) map[int]string {
	msgs, _ := captureMsgs(t, "links-full.bin")
	names := map[int]string{}
	for _, m := range msgs {
		l := rtnl.AsLink(m)
		names[l.Index()] = l.NameString()
	}
	return names
}

// render renders msgs as ipr does for object name in format f.
func render(t *testing.T, name string, f format, msgs []*codec.Msg, names map[int]string) string {
	t.Helper()
	o, err := findObject(name)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	r := newRenderer(f, w, false)
	if h, ok := r.(*humanRenderer); ok {
		h.names = names
	}
	for _, m := range msgs {
		if err := r.msg(o, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.finish(); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return out.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestGoldenHuman(t *testing.T) {
	names := captureNames(t)
	for _, c := range captures {
		t.Run(c.file, func(t *testing.T) {
			msgs, _ := captureMsgs(t, c.file)
			got := render(t, c.object, formatHuman, msgs, names)
			if n := strings.Count(got, "\n"); n != len(msgs) {
				t.Errorf("%d lines for %d messages", n, len(msgs))
			}
			golden(t, strings.TrimSuffix(c.file, ".bin")+".txt", got)
		})
	}
}

func TestGoldenJSON(t *testing.T) {
	for _, c := range captures {
		t.Run(c.file, func(t *testing.T) {
			msgs, _ := captureMsgs(t, c.file)
			got := render(t, c.object, formatJSON, msgs, nil)
			var arr []map[string]any
			if err := json.Unmarshal([]byte(got), &arr); err != nil {
				t.Fatalf("invalid JSON: %v\n%s", err, got)
			}
			if len(arr) != len(msgs) {
				t.Fatalf("%d messages rendered, want %d", len(arr), len(msgs))
			}
			for i, d := range arr {
				checkDict(t, c.object, msgs[i], d)
			}
			if c.goldenJSON {
				golden(t, strings.TrimSuffix(c.file, ".bin")+".json", got)
			}
		})
	}
}

// checkDict checks one rendered message: pyroute2's fields under their
// names with the header's values, "event", "header", "attrs", and
// nothing but what codec renders besides a link's "state".
func checkDict(t *testing.T, object string, m *codec.Msg, d map[string]any) {
	t.Helper()
	for _, k := range append([]string{"event", "header", "attrs"}, pyroute2Fields[object]...) {
		if _, ok := d[k]; !ok {
			t.Fatalf("%s message lacks %q: %v", object, k, d)
		}
	}
	if d["event"] != m.Event() {
		t.Errorf("event %v, want %s", d["event"], m.Event())
	}
	for _, k := range pyroute2Fields[object] {
		if k == "state" && (object == "link" || object == "brport") {
			want := "down"
			if rtnl.AsLink(m).Up() {
				want = "up"
			}
			if d[k] != want {
				t.Errorf("state %v, want %s", d[k], want)
			}
			continue
		}
		v, _ := m.Field(k)
		if d[k] != float64(v) {
			t.Errorf("%s: %v, want %d", k, d[k], v)
		}
	}
	var plain map[string]any
	if err := json.Unmarshal(m.AppendJSON(nil), &plain); err != nil {
		t.Fatal(err)
	}
	if object == "link" || object == "brport" {
		delete(d, "state")
	}
	if len(d) != len(plain) {
		t.Errorf("keys %d, codec renders %d", len(d), len(plain))
	}
}

func TestRawRendering(t *testing.T) {
	for _, c := range captures {
		msgs, raws := captureMsgs(t, c.file)
		got := render(t, c.object, formatRaw, msgs, nil)
		lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		if len(lines) != len(raws) {
			t.Fatalf("%s: %d lines for %d messages", c.file, len(lines), len(raws))
		}
		for i, l := range lines {
			b, err := hex.DecodeString(l)
			if err != nil || !bytes.Equal(b, raws[i]) {
				t.Fatalf("%s message %d: raw line does not decode to the message (%v)", c.file, i, err)
			}
		}
	}
}

func TestEmptyRenderings(t *testing.T) {
	for _, tc := range []struct {
		f    format
		dump bool
		want string
	}{
		{formatJSON, false, "[]\n"},
		{formatJSON, true, "{}\n"},
		{formatHuman, false, ""},
		{formatRaw, false, ""},
	} {
		var out bytes.Buffer
		w := bufio.NewWriter(&out)
		r := newRenderer(tc.f, w, tc.dump)
		if err := r.finish(); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		if out.String() != tc.want {
			t.Errorf("format %d dump %v: %q, want %q", tc.f, tc.dump, out.String(), tc.want)
		}
	}
}

// A dump renders as an object of arrays keyed by group, empty groups
// included, and human lines under a dump start with the object.
func TestDumpRendering(t *testing.T) {
	links, _ := captureMsgs(t, "links-full.bin")
	rules, _ := captureMsgs(t, "rules.bin")
	lo, _ := findObject("link")
	ro, _ := findObject("rule")
	no, _ := findObject("nsid")
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	r := newRenderer(formatJSON, w, true)
	r.group(lo)
	for _, m := range links[:2] {
		r.msg(lo, m)
	}
	r.group(no)
	r.group(ro)
	r.msg(ro, rules[0])
	r.finish()
	w.Flush()
	var d map[string][]map[string]any
	if err := json.Unmarshal(out.Bytes(), &d); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(d["links"]) != 2 || len(d["rules"]) != 1 || d["nsids"] == nil || len(d["nsids"]) != 0 {
		t.Fatalf("got %s", out.String())
	}

	out.Reset()
	r = &humanRenderer{w: w, dump: true, names: captureNames(t)}
	r.msg(ro, rules[0])
	w.Flush()
	if !strings.HasPrefix(out.String(), "rule     inet") {
		t.Fatalf("got %q", out.String())
	}
}
