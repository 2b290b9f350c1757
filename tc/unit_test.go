package tc

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

func TestParseHandle(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Handle
		str  string
	}{
		{"1:0", 0x10000, "1:"}, {"1:", 0x10000, "1:"}, {"ffff:1", 0xffff0001, "ffff:1"}, {":1", 1, ":1"},
		{"root", HandleRoot, "root"}, {"ingress", 0xfffffff1, "ffff:fff1"}, {"clsact", 0xfffffff1, "ffff:fff1"},
		{"ffff:fff2", HandleClsactIngress, "ffff:fff2"}, {"ffff:fff3", HandleClsactEgress, "ffff:fff3"},
		{"1:10", 0x10010, "1:10"}, {"10000", 0x10000, "1:"}, {"none", 0, "none"},
	} {
		h, err := ParseHandle(tt.in)
		if err != nil || h != tt.want || h.String() != tt.str {
			t.Errorf("ParseHandle(%q) = %#x %q, %v; want %#x %q", tt.in, uint32(h), h, err, uint32(tt.want), tt.str)
		}
	}
	for _, bad := range []string{"1:2:3", "zz:", ":", "", "10000:1", "1:10000"} {
		if _, err := ParseHandle(bad); err == nil || !strings.Contains(err.Error(), "bad handle") {
			t.Errorf("ParseHandle(%q): %v, want a bad handle error", bad, err)
		}
	}
}

func TestUnits(t *testing.T) {
	rates := map[string]uint64{"10mbit": 1250000, "1gbit": 125000000, "256kbit": 32000, "100kbps": 100000,
		"64kibit": 8192, "800": 100, "40gbit": 5000000000, "1tbit": 125000000000}
	for s, want := range rates {
		if got, err := ParseRate(s); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	sizes := map[string]uint64{"6k": 6144, "1mb": 1048576, "10kbit": 1280, "1500": 1500, "2g": 2 << 30}
	for s, want := range sizes {
		if got, err := ParseSize(s); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	times := map[string]time.Duration{"400ms": 400 * time.Millisecond, "10us": 10 * time.Microsecond, "1s": time.Second, "50": 50 * time.Microsecond}
	for s, want := range times {
		if got, err := ParseTime(s); err != nil || got != want {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, bad := range []string{"10xbit", "mbit", "-1mbit", ""} {
		if _, err := ParseRate(bad); err == nil {
			t.Errorf("ParseRate(%q) succeeded", bad)
		}
	}
}

// TestRateTable checks tc's numbers for a 256kbit rate (32000 bytes/s):
// mtu 1600 needs cell_log 3, and a 8-byte cell takes 8/32000 s = 250 µs
// = 3906 ticks.
func TestRateTable(t *testing.T) {
	var tab [1024]byte
	rs := rateTable(&tab, 32000, 1600, 0, 0, LinkLayerEthernet)
	if rs.cellLog != 3 || rs.rate != 32000 || rs.cellAlign != -1 || rs.linkLayer != LinkLayerEthernet {
		t.Errorf("ratespec %+v", rs)
	}
	if got := u32At(tab[:], 0); got != 3906 {
		t.Errorf("rtab[0] = %d, want 3906", got)
	}
	if got := xmitTime(32000, 6144); got != 3000000 { // tc shows "tokens: 3000000" for burst 6Kb
		t.Errorf("xmitTime = %d", got)
	}
	atm := adjustSize(49, 0, LinkLayerATM)
	if atm != 106 {
		t.Errorf("ATM size of 49 bytes = %d, want 106", atm)
	}
}

func TestU32Keys(t *testing.T) {
	got, err := ParseU32Keys([]string{"0x0006/0x00ff+8", "0x0000/0xffc0+2", "0x5/0xf+0", "0x10/0xff+33"})
	if err != nil {
		t.Fatal(err)
	}
	want := []U32Key{
		{Val: 0x00060000, Mask: 0x00ff0000, Off: 8},
		{Val: 0x05000000, Mask: 0x0f00ffc0, Off: 0}, // u16 at 2 merged with u8 at 0
		{Val: 0x00100000, Mask: 0x00ff0000, Off: 32},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("keys %#v\nwant %#v", got, want)
	}
	for _, bad := range [][]string{{"6/ff"}, {"0x1/0xffff+3"}, {"zz/ff+0"}, {"1/ff+0", "2/ff+0"}} {
		if _, err := ParseU32Keys(bad); err == nil {
			t.Errorf("ParseU32Keys(%q) succeeded", bad)
		}
	}
}

// TestBadInput: client-side errors naming the keyword and value, before
// anything is sent (no kernel: a nil IPRoute would panic if reached).
func TestBadInput(t *testing.T) {
	for _, tt := range []struct {
		cmd, kind string
		handle    any
		spec      Spec
		want      string
	}{
		{"add", "nosuchkind", nil, nil, `unknown kind "nosuchkind"`},
		{"add", "htb", nil, Spec{"defualt": 1}, `parameter "defualt": unknown parameter`},
		{"add", "htb", "1:2:3", nil, `parameter "handle": value "1:2:3"`},
		{"add", "htb", nil, Spec{"parent": "zz:"}, `parameter "parent": value "zz:"`},
		{"add", "choke", nil, Spec{"bandwith": "10mbit"}, `parameter "limit": missing required parameter`},
		{"add-class", "htb", "1:1", Spec{"rate": "10xbit"}, `parameter "rate": value "10xbit" (string): bad rate`},
		{"add-class", "htb", "1:1", Spec{}, `parameter "rate": missing required parameter`},
		{"add-class", "sfq", "1:1", Spec{}, `not a class kind "sfq"`},
		{"add-filter", "u32", nil, Spec{"keys": []any{"1/2"}}, `parameter "keys"`},
		{"add-filter", "u32", nil, Spec{"action": "explode"}, `unknown action verdict "explode"`},
		{"add-filter", "u32", nil, Spec{"action": map[string]any{"kind": "police", "rate": "1mbit"}}, `parameter "burst": missing required parameter`},
		{"frobnicate", "htb", nil, nil, `unknown command "frobnicate"`},
	} {
		err := Do(t.Context(), nil, tt.cmd, tt.kind, 1, tt.handle, tt.spec)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %s %v %v: %v; want %q", tt.cmd, tt.kind, tt.handle, tt.spec, err, tt.want)
		}
		if tt.cmd != "frobnicate" && !errors.Is(err, ErrBadParam) && !strings.Contains(tt.want, "keys") {
			t.Errorf("%v is not ErrBadParam", err)
		}
	}
}

func TestCatalogue(t *testing.T) {
	names := map[string]bool{}
	for _, k := range Kinds() {
		names[k.Name] = true
		if len(k.Objects) == 0 || k.Doc == "" {
			t.Errorf("kind %+v", k)
		}
	}
	for _, n := range []string{"htb", "hfsc", "drr", "choke", "sfq", "u32", "bpf", "gact", "police", "mirred", "clsact"} {
		if !names[n] {
			t.Errorf("catalogue lacks %s", n)
		}
	}
	h, err := Help("htb")
	if err != nil || !strings.Contains(h, "class rate (rate in bytes/s, required)") || !strings.Contains(h, "default (int)") {
		t.Errorf("Help(htb) = %q, %v", h, err)
	}
	if _, err := Help("nope"); err == nil {
		t.Error("Help(nope) succeeded")
	}
}

// TestRoundTrip encodes one object of each kind, decodes it with the
// codec schema (no unknown attributes inside TCA_OPTIONS) and with the
// typed decoder, and compares.
func TestRoundTrip(t *testing.T) {
	qdiscs := []QdiscOptions{PFIFO{Limit: 100}, BFIFO{Limit: 10000}, PFIFOFast{}, Prio{Bands: 3, Priomap: new(DefaultPriomap())},
		SFQ{Perturb: 10 * time.Second, Limit: 127}, HTB{Default: 0x20, R2Q: 10}, HFSC{Default: 1}, DRR{}, Ingress{}, Clsact{}, MQ{}, MultiQ{}}
	for _, q := range qdiscs {
		var b wire.Builder
		if err := appendQdisc(&b, msgNewQdisc, 0, &Qdisc{Link: 1, Options: q}); err != nil {
			t.Fatalf("%T: %v", q, err)
		}
		h := decodeOne(t, b.Bytes())
		got := kinds[h.kind].decodeQdisc(h.options)
		if !reflect.DeepEqual(got, q) {
			t.Errorf("%s: %+v, want %+v", q.Kind(), got, q)
		}
	}
	classes := []ClassOptions{DRRClass{Quantum: 1600}, HFSCClass{RSC: Curve{M2: 625000}},
		HTBClass{Rate: 32000, Ceil: 64000, Burst: 6144, Cburst: 6144, Prio: 1}, HTBClass{Rate: 5e9, Ceil: 5e9, Burst: 1 << 20, Cburst: 1 << 20}}
	for _, c := range classes {
		var b wire.Builder
		if err := appendClass(&b, msgNewClass, 0, &Class{Link: 1, Handle: 0x10001, Options: c}); err != nil {
			t.Fatal(err)
		}
		h := decodeOne(t, b.Bytes())
		got := kinds[h.kind].decodeClass(h.options)
		if hc, ok := got.(HTBClass); ok { // bursts come back through tick rounding
			want := c.(HTBClass)
			if hc.Rate != want.Rate || hc.Ceil != want.Ceil || hc.Prio != want.Prio || hc.Burst > want.Burst || hc.Burst < want.Burst-8-uint32(want.Rate/15625000) { // one 64 ns tick of bytes
				t.Errorf("htb class %+v, want %+v", hc, want)
			}
			continue
		}
		if !reflect.DeepEqual(got, c) {
			t.Errorf("%s: %+v, want %+v", c.Kind(), got, c)
		}
	}
	filters := []FilterOptions{
		U32{ClassID: 0x10010, Keys: []U32Key{{Val: 0x00060000, Mask: 0x00ff0000, Off: 8}},
			Actions: []Action{Gact{Action: ActDrop}, Mirred{Direction: 2, Link: 3, Action: ActPipe},
				Police{Rate: 1250, Burst: 10240, Exceed: ActReclassify}, ActBPF{Name: "p", Action: ActOK}}},
		BPF{FD: 7, Name: "myprog", ClassID: 1, DirectAction: true},
	}
	for _, f := range filters {
		var b wire.Builder
		if err := appendFilter(&b, msgNewFilter, 0, &Filter{Link: 1, Options: f}); err != nil {
			t.Fatal(err)
		}
		h := decodeOne(t, b.Bytes())
		got := kinds[h.kind].decodeFilter(h.options)
		if bp, ok := got.(BPF); ok { // the fd is not dumped back
			bp.FD = 7
			got = bp
		}
		if !reflect.DeepEqual(got, f) {
			t.Errorf("%s:\n got %+v\nwant %+v", f.Kind(), got, f)
		}
	}
}

// decodeOne checks b against codec.TC (no unknown attribute in the
// options of a kind with a table) and returns the parsed header.
func decodeOne(t *testing.T, b []byte) header {
	t.Helper()
	hdr, err := wire.ParseHeader(b)
	if err != nil {
		t.Fatal(err)
	}
	msg := wire.Message{Header: hdr, Data: b[wire.HeaderLen:hdr.Len]}
	var m codec.Msg
	if err := m.Reset(codec.TC, msg); err != nil {
		t.Fatal(err)
	}
	if v, ok := m.GetAttr("TCA_OPTIONS"); ok && v.Nest().Table() != nil {
		checkKnown(t, v.Nest())
	}
	h, err := parseMsg(msg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func checkKnown(t *testing.T, n codec.Nest) {
	it := n.Attrs()
	for it.Next() {
		v := it.Value()
		if v.Spec == nil {
			t.Errorf("table %s: unknown attribute %d", n.Table().Name, v.Type)
			continue
		}
		if v.Kind() == codec.KindNested && v.Nest().Table() != nil {
			checkKnown(t, v.Nest())
		}
	}
	if err := it.Err(); err != nil {
		t.Errorf("table %s: %v", n.Table().Name, err)
	}
}

// parseMsg is parseTC over a raw message, as the tests hold them.
func parseMsg(msg wire.Message) (header, error) {
	var m codec.Msg
	if err := m.Reset(codec.TC, msg); err != nil {
		return header{}, err
	}
	return parseTC(rtnl.AsTC(&m))
}
