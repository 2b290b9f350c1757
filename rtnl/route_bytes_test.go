package rtnl

import (
	"bytes"
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// routeSpecBytes encodes spec for object/command as Do does, without sending.
func routeSpecBytes(t *testing.T, object, command string, spec Spec) []byte {
	t.Helper()
	d, _ := LookupObject(object)
	v, _ := d.Verb(command)
	s, err := prepareHook(object)(context.Background(), nil, command, spec)
	if err != nil {
		t.Fatalf("prepare %v: %v", spec, err)
	}
	flags := v.Flags
	if v.Op != OpGet {
		flags |= wire.FlagAck
	}
	var b wire.Builder
	b.Reset(nil)
	if err := d.Schema.Encode(&b, d.msgType(v), flags, 0, s); err != nil {
		t.Fatalf("encode %v: %v", s, err)
	}
	return b.Bytes()
}

var mp = netip.MustParsePrefix
var ma = netip.MustParseAddr

// TestRouteTypedSpecBytes: the typed and the Spec form of a route
// encode to the same bytes, for every command.
func TestRouteTypedSpecBytes(t *testing.T) {
	cases := []struct {
		name  string
		spec  Spec
		typed Route
	}{
		{"gateway", Spec{"dst": "10.0.0.0/24", "gateway": "192.168.0.1"}, Route{Dst: mp("10.0.0.0/24"), Gateway: ma("192.168.0.1")}},
		{"blackhole", Spec{"dst": "10.0.0.0/24", "type": "blackhole"}, Route{Dst: mp("10.0.0.0/24"), Type: RouteBlackhole}},
		{"table-1000-names", Spec{"dst": "10.0.0.0/24", "oif": []int{3}, "table": 1000, "proto": "static", "metric": 9, "scope": "link"},
			Route{Dst: mp("10.0.0.0/24"), OIF: 3, Table: 1000, Proto: 4, Priority: 9, Scope: ScopeLink}},
		{"metrics", Spec{"dst": "172.16.0.0/24", "gateway": "10.0.0.10", "metrics": Spec{"mtu": 1400, "hoplimit": 16, "congctl": "reno"}},
			Route{Dst: mp("172.16.0.0/24"), Gateway: ma("10.0.0.10"), Metrics: RouteMetrics{MTU: 1400, HopLimit: 16, CongCtl: "reno"}}},
		{"multipath", Spec{"dst": "10.0.0.0/24", "multipath": []any{
			Spec{"gateway": "192.168.0.1", "hops": 2}, Spec{"gateway": "192.168.0.2", "weight": 2, "onlink": true}, Spec{"oif": []int{5}, "encap": Spec{"type": "mpls", "labels": 300}}}},
			Route{Dst: mp("10.0.0.0/24"), Multipath: []RouteHop{{Gateway: ma("192.168.0.1"), Weight: 3}, {Gateway: ma("192.168.0.2"), Weight: 2, Flags: uapi.RTNH_F_ONLINK},
				{OIF: 5, Encap: &MPLSEncap{Labels: []MPLSLabel{{Label: 300}}}}}}},
		{"via6", Spec{"dst": "172.16.0.0/24", "prefsrc": "10.127.30.4", "via": Spec{"family": uapi.AF_INET6, "addr": "fe80::1337"}, "oif": []int{2}, "table": 100},
			Route{Dst: mp("172.16.0.0/24"), PrefSrc: ma("10.127.30.4"), Via: ma("fe80::1337"), OIF: 2, Table: 100}},
		{"mpls-route", Spec{"family": uapi.AF_MPLS, "oif": []int{2}, "dst": 0x200, "newdst": []int{0x200, 0x300}},
			Route{Family: uapi.AF_MPLS, OIF: 2, Label: 0x200, NewDst: []MPLSLabel{{Label: 0x200}, {Label: 0x300}}}},
		{"mpls-route-via", Spec{"family": "mpls", "dst": "100", "gateway": "10.0.0.2", "newdst": "200/300", "oif": 2},
			Route{Family: uapi.AF_MPLS, OIF: 2, Label: 100, Via: ma("10.0.0.2"), NewDst: []MPLSLabel{{Label: 200}, {Label: 300}}}},
		{"seg6", Spec{"dst": "2001:0:0:22::2/128", "oif": 2, "encap": Spec{"type": "seg6", "mode": "inline", "segs": "2000::5,2000::6", "hmac": 0xf}},
			Route{Dst: mp("2001:0:0:22::2/128"), OIF: 2, Encap: &SEG6Encap{Mode: SEG6ModeInline, SRH: SRH{Segs: []netip.Addr{ma("2000::5"), ma("2000::6")}, HMAC: 0xf}}}},
		{"seg6local", Spec{"dst": "2001:0:0:10::2/128", "oif": 2, "encap": Spec{"type": "seg6local", "action": "End.B6.Encaps", "srh": Spec{"segs": []string{"2000::5"}}, "table": "main"}},
			Route{Dst: mp("2001:0:0:10::2/128"), OIF: 2, Encap: &SEG6LocalEncap{Action: uapi.SEG6_LOCAL_ACTION_END_B6_ENCAP, Table: 254, SRH: SRH{Segs: []netip.Addr{ma("2000::5")}}}}},
		{"ip6-encap", Spec{"dst": "10.9.0.0/16", "oif": 4, "encap": Spec{"type": "ip6", "id": 5, "dst": "2001:db8::9", "hoplimit": 9}},
			Route{Dst: mp("10.9.0.0/16"), OIF: 4, Encap: &IP6Encap{ID: 5, Dst: ma("2001:db8::9"), HopLimit: 9}}},
		{"bpf-encap", Spec{"dst": "10.9.0.0/16", "oif": 4, "encap": Spec{"type": "bpf", "in": Spec{"fd": 7, "name": "p"}, "headroom": 14}},
			Route{Dst: mp("10.9.0.0/16"), OIF: 4, Encap: &BPFEncap{In: BPFProg{FD: 7, Name: "p"}, Headroom: 14}}},
		{"nhid-mark", Spec{"dst": "10.1.0.0/16", "nhid": 12, "mark": 5}, Route{Dst: mp("10.1.0.0/16"), NHID: 12, Mark: 5}},
		{"default", Spec{"dst": "default", "gateway": "192.168.0.1"}, Route{Gateway: ma("192.168.0.1")}},
	}
	for _, c := range cases {
		for _, cmd := range []string{"add", "replace", "change", "append", "del", "get"} {
			want := routeSpecBytes(t, "route", cmd, c.spec)
			var b wire.Builder
			b.Reset(nil)
			if err := c.typed.Encode(&b, cmd, 0); err != nil {
				t.Fatalf("%s %s: %v", c.name, cmd, err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s %s:\ntyped % x\nspec  % x", c.name, cmd, b.Bytes(), want)
			}
		}
	}
}

// TestMPLSLabelNotations: every notation of a label stack encodes to the
// same bytes, with bottom of stack on the last entry only.
func TestMPLSLabelNotations(t *testing.T) {
	stack := []any{"200/300", []int{200, 300}, []any{"200", 300},
		[]any{map[string]any{"label": 200}, map[string]any{"label": 300, "bos": 1}}}
	var first []byte
	for _, labels := range stack {
		got := routeSpecBytes(t, "route", "add", Spec{"dst": "10.0.0.0/24", "oif": 2, "encap": Spec{"type": "mpls", "labels": labels}})
		if first == nil {
			first = got
			// 200<<12 = 0x000c8000 (no BoS), 300<<12|1<<8 = 0x0012c100
			if !bytes.Contains(got, []byte{0x00, 0x0c, 0x80, 0x00, 0x00, 0x12, 0xc1, 0x00}) {
				t.Fatalf("label stack 200/300 not in % x", got)
			}
		} else if !bytes.Equal(got, first) {
			t.Errorf("labels %v: % x, want % x", labels, got, first)
		}
	}
	one := []any{300, "300", []int{300}, map[string]any{"label": 300, "tc": 0, "bos": 1, "ttl": 0}}
	first = nil
	for _, labels := range one {
		got := routeSpecBytes(t, "route", "add", Spec{"dst": "10.0.0.0/24", "oif": 2, "encap": Spec{"type": "mpls", "labels": labels}})
		if first == nil {
			first = got
		} else if !bytes.Equal(got, first) {
			t.Errorf("labels %v: % x, want % x", labels, got, first)
		}
	}
	l, err := ParseMPLSLabels("labels", map[string]any{"label": 300, "tc": 1, "ttl": 16})
	if err != nil || len(l) != 1 || l[0].lse(true) != 300<<12|1<<9|1<<8|16 {
		t.Errorf("dict label: %v %v", l, err)
	}
}

// TestRouteBadInput: bad input is a *codec.SpecError naming keyword and
// value, before anything is sent.
func TestRouteBadInput(t *testing.T) {
	bad := []struct {
		spec Spec
		key  string
	}{
		{Spec{"dst": "10.0.0.0/24", "table": -1}, "table"},
		{Spec{"dst": "10.0.0.0/33"}, "dst"},
		{Spec{"dst": "10.0.0.0/24", "encap": Spec{"type": "mpls", "labels": 1 << 20}}, "encap.labels"},
		{Spec{"dst": "10.0.0.0/24", "encap": Spec{"type": "mpls", "labels": "200/x"}}, "encap.labels"},
		{Spec{"family": uapi.AF_MPLS, "dst": 1 << 20}, "dst"},
		{Spec{"dst": "10.0.0.0/24", "proto": "nosuchproto"}, "proto"},
		{Spec{"dst": "10.0.0.0/24", "type": "nosuchtype"}, "type"},
		{Spec{"dst": "10.0.0.0/24", "oif": []int{1, 2}}, "oif"},
		{Spec{"dst": "10.0.0.0/24", "flags": []string{"sideways"}}, "flags"},
		{Spec{"dst": "2001::/64", "encap": Spec{"type": "seg6local", "action": "End.Nope"}}, "encap.action"},
		{Spec{"dst": "2001::/64", "encap": Spec{"type": "seg6", "segs": "10.0.0.1"}}, "encap.segs"},
		{Spec{"dst": "2001::/64", "encap": Spec{"type": "seg6", "mode": "sideways", "segs": "2000::1"}}, "encap.mode"},
		{Spec{"dst": "2001::/64", "encap": Spec{"type": "gre"}}, "encap.type"},
		{Spec{"dst": "10.0.0.0/24", "multipath": []any{Spec{"gateway": "10.0.0.1", "weight": 0}}}, "multipath.weight"},
		{Spec{"dst": "10.0.0.0/24", "via": "nowhere"}, "via"},
	}
	for _, c := range bad {
		d, _ := LookupObject("route")
		s, err := prepareRoute(context.Background(), nil, "add", c.spec)
		if err == nil {
			var b wire.Builder
			err = d.Schema.Encode(&b, uapi.RTM_NEWROUTE, 0, 0, s)
		}
		var se *codec.SpecError
		if !errors.As(err, &se) || !strings.HasPrefix(se.Keyword, c.key) {
			t.Errorf("%v: %v, want a SpecError naming %q", c.spec, err, c.key)
			continue
		}
		if !strings.Contains(err.Error(), c.key) {
			t.Errorf("%v: %q does not name %q", c.spec, err, c.key)
		}
	}
	var b wire.Builder
	for _, rt := range []Route{{Label: 1 << 20, Family: uapi.AF_MPLS}, {Dst: mp("10.0.0.0/8"), Multipath: []RouteHop{{Weight: 300}}},
		{Dst: mp("10.0.0.0/8"), Encap: &MPLSEncap{Labels: []MPLSLabel{{Label: 1 << 21}}}}} {
		if err := rt.Encode(&b, "add", 0); !errors.Is(err, codec.ErrBadSpec) || b.Len() != 0 {
			t.Errorf("%+v: %v, %d bytes", rt, err, b.Len())
		}
	}
}

// TestAddrTypedSpecBytes: the typed and the Spec form of an address
// encode to the same bytes.
func TestAddrTypedSpecBytes(t *testing.T) {
	cases := []struct {
		name  string
		spec  Spec
		typed Addr
	}{
		{"mask", Spec{"index": 2, "address": "10.0.0.1", "mask": 24}, Addr{Index: 2, Prefix: mp("10.0.0.1/24")}},
		{"slash", Spec{"index": []int{2}, "address": "10.0.0.1/24", "broadcast": "10.0.0.255"}, Addr{Index: 2, Prefix: mp("10.0.0.1/24"), Broadcast: ma("10.0.0.255")}},
		{"auto-brd-label", Spec{"index": 2, "address": "10.0.0.4", "prefixlen": 24, "broadcast": true, "label": "eth0:1"},
			Addr{Index: 2, Prefix: mp("10.0.0.4/24"), AutoBroadcast: true, Label: "eth0:1"}},
		{"p2p", Spec{"index": 2, "address": "10.1.1.2", "mask": 24, "local": "10.1.1.1"}, Addr{Index: 2, Prefix: mp("10.1.1.1/24"), Peer: ma("10.1.1.2")}},
		{"v6-flags-lft", Spec{"index": 2, "address": "2001:db8::1/64", "flags": []string{"nodad", "noprefixroute"}, "valid_lft": 300, "preferred_lft": 100, "metric": 7},
			Addr{Index: 2, Prefix: mp("2001:db8::1/64"), Flags: uapi.IFA_F_NODAD | uapi.IFA_F_NOPREFIXROUTE, ValidLft: 300, PreferredLft: 100, Metric: 7}},
		{"scope-lo", Spec{"index": 1, "address": "127.0.0.2/8"}, Addr{Index: 1, Prefix: mp("127.0.0.2/8")}},
		{"scope-name", Spec{"index": 2, "address": "10.0.0.1/24", "scope": "link", "flags": "home"}, Addr{Index: 2, Prefix: mp("10.0.0.1/24"), Scope: 253, Flags: uapi.IFA_F_HOMEADDRESS}},
	}
	for _, c := range cases {
		for _, cmd := range []string{"add", "replace", "del"} {
			want := routeSpecBytes(t, "addr", cmd, c.spec)
			var b wire.Builder
			b.Reset(nil)
			if err := c.typed.Encode(&b, cmd, 0); err != nil {
				t.Fatalf("%s %s: %v", c.name, cmd, err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s %s:\ntyped % x\nspec  % x", c.name, cmd, b.Bytes(), want)
			}
		}
	}
	for _, s := range []Spec{{"address": "10.0.0.1", "mask": 33}, {"address": "10.0.0.1/24", "flags": []string{"bogus"}},
		{"address": "10.0.0.1/24", "valid_lft": 10, "preferred_lft": 20}, {"address": "2001::1/64", "broadcast": true}, {"address": "10.0.0.1/24", "scope": "galaxy"}} {
		if _, err := prepareAddr(context.Background(), nil, "add", s); !errors.Is(err, codec.ErrBadSpec) {
			t.Errorf("%v: %v, want a SpecError", s, err)
		}
	}
}

// TestRouteEncodeAllocs: typed routes and addresses encode into a warm
// buffer without allocating.
func TestRouteEncodeAllocs(t *testing.T) {
	rt := Route{Dst: mp("10.0.0.0/24"), Gateway: ma("192.168.0.1"), Table: 1000, Metrics: RouteMetrics{MTU: 1400, CongCtl: "reno"},
		Multipath: []RouteHop{{Gateway: ma("192.168.0.1"), Weight: 2, Encap: &MPLSEncap{Labels: []MPLSLabel{{Label: 200}, {Label: 300}}}}},
		Encap:     &SEG6Encap{Mode: SEG6ModeEncap, SRH: SRH{Segs: []netip.Addr{ma("2000::5"), ma("2000::6")}, HMAC: 3}}}
	a := Addr{Index: 2, Prefix: mp("10.0.0.1/24"), AutoBroadcast: true, Label: "eth0:1", ValidLft: 100, Flags: uapi.IFA_F_NOPREFIXROUTE}
	var b wire.Builder
	buf := make([]byte, 0, 4096)
	n := testing.AllocsPerRun(100, func() {
		b.Reset(buf)
		if err := rt.Encode(&b, "replace", 1); err != nil {
			t.Fatal(err)
		}
		if err := a.Encode(&b, "add", 2); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("%v allocations per encode", n)
	}
}

func BenchmarkRouteEncode(b *testing.B) {
	rt := Route{Dst: mp("10.0.0.0/24"), Gateway: ma("192.168.0.1"), Table: 1000, Metrics: RouteMetrics{MTU: 1400}}
	var w wire.Builder
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		w.Reset(buf)
		_ = rt.Encode(&w, "add", 0)
	}
}

// TestNameTables: built-in names, /etc/iproute2-style files and their
// .d directories.
func TestNameTables(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "rt_tables"), []byte("# c\n255\tlocal\n100 custom # x\n0x200 hexed\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "rt_tables.d"), 0o755)
	os.WriteFile(filepath.Join(dir, "rt_tables.d", "a.conf"), []byte("1000 big\n"), 0o644)
	old := nameDir
	nameDir = dir
	defer func() { nameDir = old }()
	tab := newNameTable("rt_tables", 1<<32-1, map[string]uint32{"main": 254, "local": 255})
	for name, want := range map[string]uint32{"main": 254, "local": 255, "custom": 100, "hexed": 0x200, "big": 1000, "77": 77, "0x10": 16} {
		if got, ok := tab.Lookup(name); !ok || got != want {
			t.Errorf("Lookup(%q) = %d, %v; want %d", name, got, ok, want)
		}
	}
	if _, ok := tab.Lookup("nope"); ok {
		t.Error("unknown name found")
	}
	if tab.Name(100) != "custom" || tab.Name(254) != "main" || tab.Name(9) != "9" {
		t.Errorf("names: %s %s %s", tab.Name(100), tab.Name(254), tab.Name(9))
	}
	if n, ok := RouteScopes.Lookup("host"); !ok || n != 254 {
		t.Errorf("scope host = %d", n)
	}
	if _, ok := RouteProtos.Lookup("256"); ok {
		t.Error("proto 256 accepted")
	}
}
