package main

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/rtnl"
)

func TestParseArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want invocation
		err  string // part of the error; "" for none
	}{
		{args: []string{"link"}, want: invocation{object: "link"}},
		{args: []string{"link", "show"}, want: invocation{object: "link", command: "show"}},
		{args: []string{"-n", "blue", "--json", "link", "show", "ifname=v0"},
			want: invocation{netns: "blue", format: formatJSON, object: "link", command: "show", words: []string{"ifname=v0"}}},
		{args: []string{"link", "index=2"}, want: invocation{object: "link", words: []string{"index=2"}}},
		{args: []string{"--netns=/proc/1/ns/net", "-r", "route"}, want: invocation{netns: "/proc/1/ns/net", format: formatRaw, object: "route"}},
		{args: []string{"dump", "--json"}, want: invocation{format: formatJSON, object: "dump"}},
		{args: []string{"dump", "links", "routes"}, want: invocation{object: "dump", words: []string{"links", "routes"}}},
		{args: []string{"-j", "--", "link", "show"}, want: invocation{format: formatJSON, object: "link", command: "show"}},
		{args: []string{"-h"}, want: invocation{help: true, object: "help"}},
		{args: []string{"help", "link"}, want: invocation{object: "help", words: []string{"link"}}},
		{args: nil, err: "missing OBJECT"},
		{args: []string{"-n"}, err: "flag -n needs a namespace"},
		{args: []string{"--netns="}, err: "flag --netns= needs a namespace"},
		{args: []string{"--json", "--raw", "link"}, err: "--json and --raw exclude each other"},
		{args: []string{"--colour", "link"}, err: `unknown flag "--colour"`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			got, err := parseArgs(tc.args)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !isUsage(err) {
					t.Fatalf("err = %v, want a usage error containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseValue(t *testing.T) {
	for _, tc := range []struct {
		key, in string
		want    any
	}{
		{"index", "2", json.Number("2")},
		{"index", "-1", json.Number("-1")},
		{"mark", "4294967295", json.Number("4294967295")},
		{"big", "18446744073709551615", json.Number("18446744073709551615")},
		{"x", "1.5", json.Number("1.5")},
		{"x", "1e3", json.Number("1e3")},
		{"ifname", "eth0", "eth0"},
		{"ifname", `"123"`, "123"},
		{"ifname", `""`, ""},
		{"ifname", "", ""},
		{"dst", "10.0.0.0/24", "10.0.0.0/24"},
		{"dst", "10.0.0.1", "10.0.0.1"},
		{"dst", "2001:db8::1", "2001:db8::1"},
		{"address", "02:00:00:00:00:01", "02:00:00:00:00:01"},
		{"parent", "1:10", "1:10"},
		{"x", "0x10", json.Number("16")},
		{"x", "0X1f", json.Number("31")},
		{"x", "0x", "0x"},
		{"x", "0x1g", "0x1g"},
		{"x", "0x10000000000000000", "0x10000000000000000"},
		{"x", "1abc", "1abc"},
		{"x", "[1, 2]", []any{json.Number("1"), json.Number("2")}},
		{"x", `{"kind": "vxlan", "id": 42}`, map[string]any{"kind": "vxlan", "id": json.Number("42")}},
		{"x", "true", true},
		{"x", "false", false},
		{"x", "[1,", "[1,"},
		{"x", "{", "{"},
		{"x", "1 2", "1 2"},
		{"x", " 7 ", json.Number("7")},
		{"family", "AF_INET6", json.Number("10")},
		{"family", "inet", json.Number("2")},
		{"family", "bridge", json.Number("7")},
		{"family", "10", json.Number("10")},
		{"family", "martian", "martian"},
		{"table", "main", json.Number("254")},
		{"table", "local", json.Number("255")},
		{"table", "100", json.Number("100")},
		{"ifname", "main", "main"},
	} {
		got, err := parseValue(tc.key, tc.in)
		if err != nil {
			t.Errorf("%s=%s: %v", tc.key, tc.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s=%s: got %#v, want %#v", tc.key, tc.in, got, tc.want)
		}
	}
}

func TestParseParams(t *testing.T) {
	ps, err := parseParams([]string{"index=2", "ifname=v0", "linkinfo.kind=veth", "x=a=b"})
	if err != nil {
		t.Fatal(err)
	}
	want := []param{{"index", json.Number("2")}, {"ifname", "v0"}, {"linkinfo.kind", "veth"}, {"x", "a=b"}}
	if !reflect.DeepEqual(ps, want) {
		t.Fatalf("got %#v, want %#v", ps, want)
	}
	if m := matchOf(ps); !reflect.DeepEqual(m, rtnl.Match{"index": json.Number("2"), "ifname": "v0", "linkinfo.kind": "veth", "x": "a=b"}) {
		t.Fatalf("matchOf = %#v", m)
	}

	for _, tc := range []struct {
		words []string
		err   string
	}{
		{[]string{"index"}, `argument "index" is not key=value`},
		{[]string{"=2"}, `argument "=2": bad key ""`},
		{[]string{".a=2"}, `bad key ".a"`},
		{[]string{"a.=2"}, `bad key "a."`},
		{[]string{"a..b=2"}, `bad key "a..b"`},
		{[]string{"index=1", "index=2"}, `argument "index=2": key "index" given twice`},
		{[]string{"index=null"}, `argument "index=null": null is not a value`},
	} {
		_, err := parseParams(tc.words)
		if err == nil || !strings.Contains(err.Error(), tc.err) || !isUsage(err) {
			t.Errorf("%q: err = %v, want a usage error containing %q", tc.words, err, tc.err)
		}
	}
}

func TestSpecOf(t *testing.T) {
	ps, _ := parseParams([]string{"ifname=v0", "linkinfo.kind=vxlan", "linkinfo.data.vxlan_id=42"})
	got, err := specOf(ps)
	if err != nil {
		t.Fatal(err)
	}
	want := rtnl.Spec{"ifname": "v0", "linkinfo": map[string]any{"kind": "vxlan", "data": map[string]any{"vxlan_id": json.Number("42")}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
	ps, _ = parseParams([]string{"linkinfo=1", "linkinfo.kind=vxlan"})
	if _, err := specOf(ps); err == nil || !isUsage(err) || !strings.Contains(err.Error(), `"linkinfo" is already a value`) {
		t.Fatalf("err = %v", err)
	}
}

func TestTCParams(t *testing.T) {
	ps, err := tcParams([]param{{"parent", "1:10"}, {"handle", "ffff:"}, {"index", json.Number("3")}, {"kind", "htb"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []param{{"parent", json.Number("65552")}, {"handle", json.Number("4294901760")}, {"index", json.Number("3")}, {"kind", "htb"}}
	if !reflect.DeepEqual(ps, want) {
		t.Fatalf("got %#v", ps)
	}
	if _, err := tcParams([]param{{"parent", "1:2:3"}}); err == nil || !isUsage(err) || !strings.Contains(err.Error(), "parent=1:2:3") {
		t.Fatalf("err = %v", err)
	}
}

func TestFixRouteGet(t *testing.T) {
	s := rtnl.Spec{"dst": "10.0.0.1", "src": "2001:db8::1"}
	fixRouteGet(s)
	if s["dst_len"] != 32 || s["src_len"] != 128 {
		t.Fatalf("got %v", s)
	}
	s = rtnl.Spec{"dst": "10.0.0.0/8", "dst_len": 8}
	fixRouteGet(s)
	if s["dst_len"] != 8 {
		t.Fatalf("got %v", s)
	}
}

// The command table agrees with the library: every object of rtnl.ShowObjects
// has a row, under its rtnl.LookupDumpGroup group name, with show and dump; and
// lookups of unknown names fail as usage errors naming them.
func TestCommandTable(t *testing.T) {
	if err := checkTable(); err != nil {
		t.Fatal(err)
	}
	for _, o := range objects {
		for _, c := range []string{"show", "dump"} {
			if _, err := o.findCommand(c); err != nil {
				t.Errorf("%s: %v", o.name, err)
			}
		}
	}
	for alias, name := range map[string]string{"vlan_filter": "vlan", "neighbour": "neigh", "address": "addr", "ntable": "neightbl"} {
		if o, err := findObject(alias); err != nil || o.name != name {
			t.Errorf("findObject(%q) = %v, %v", alias, o, err)
		}
	}
	if _, err := findObject("bogus"); err == nil || !isUsage(err) || !strings.Contains(err.Error(), `unknown object "bogus"`) {
		t.Errorf("err = %v", err)
	}
	o, _ := findObject("rule")
	if _, err := o.findCommand("frobnicate"); err == nil || !isUsage(err) || !strings.Contains(err.Error(), "rule frobnicate: command not implemented") {
		t.Errorf("err = %v", err)
	}
	if _, err := findGroup("brport"); err == nil {
		t.Error("brport is not a dump group")
	}
	if _, err := dumpObjects([]string{"links", "route"}); err != nil {
		t.Error(err)
	}
	var u *usageError
	if _, err := dumpObjects([]string{"nope"}); !errors.As(err, &u) {
		t.Errorf("err = %v", err)
	}
}
