package codec

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// shapeCase is a Spec that encodes, renders to JSON holding want (a
// fragment) in pyroute2's shape, and encodes back from that JSON to the
// same bytes.
type shapeCase struct {
	name string
	s    *Schema
	ev   wire.MsgType
	spec Spec
	want string
}

func (tc shapeCase) check(t *testing.T) {
	var b wire.Builder
	b.Reset(nil)
	if err := tc.s.Encode(&b, tc.ev, wire.FlagRequest, 1, tc.spec); err != nil {
		t.Fatalf("encode %v: %v", tc.spec, err)
	}
	raw := b.Bytes()
	got, js := viaJSON(t, tc.s, raw)
	if !strings.Contains(string(js), tc.want) {
		t.Errorf("JSON %s lacks %s", js, tc.want)
	}
	if !bytes.Equal(got, raw) {
		t.Errorf("EncodeDict of %s gave\n% x\nwant\n% x", js, got, raw)
	}
}

// TestPyroute2Shapes: values render in pyroute2's shape (enum names …),
// and EncodeDict of that JSON gives back the bytes.
func TestPyroute2Shapes(t *testing.T) {
	for _, tc := range []shapeCase{
		{"operstate", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "operstate": "UP"}, `["IFLA_OPERSTATE", "UP"]`},
		{"operstate number", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "operstate": 5}, `["IFLA_OPERSTATE", "DORMANT"]`},
		{"operstate past the names", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "operstate": 9}, `["IFLA_OPERSTATE", 9]`},
		{"macvlan mode", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "linkinfo": Spec{"kind": "macvlan", "data": Spec{"macvlan_mode": "bridge", "macvlan_flags": "nopromisc"}}},
			`["IFLA_MACVLAN_MODE", "bridge"], ["IFLA_MACVLAN_FLAGS", "nopromisc"]`},
		{"macvlan mode without a name", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "linkinfo": Spec{"kind": "macvlan", "data": Spec{"macvlan_mode": 3}}},
			`["IFLA_MACVLAN_MODE", 3]`},
	} {
		t.Run(tc.name, tc.check)
	}
}

// TestPyroute2StructShapes: ranges, bridge ids and vias render in
// pyroute2's shape and encode back from it.
func TestPyroute2StructShapes(t *testing.T) {
	for _, tc := range []shapeCase{
		{"uid range", Rule, uapi.RTM_NEWRULE, Spec{"family": 2, "uid_range": "1000:2000", "sport_range": map[string]any{"start": 5, "end": 6}},
			`["FRA_UID_RANGE", "1000:2000"], ["FRA_SPORT_RANGE", "5:6"]`},
		{"via", Route, uapi.RTM_NEWROUTE, Spec{"family": 2, "via": map[string]any{"family": 10, "addr": "fe80::1"}},
			`["RTA_VIA", {"family": 10, "addr": "fe80::1"}]`},
		{"via of another length", Route, uapi.RTM_NEWROUTE, Spec{"family": 2, "via": "0a:00:01"},
			`["RTA_VIA", "0a:00:01"]`},
		{"inet conf", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "af_spec": Spec{"af_inet": Spec{"conf": []any{1, 0, 1}}}},
			`["IFLA_INET_CONF", {"forwarding": 1, "mc_forwarding": 0, "proxy_arp": 1}]`},
		{"inet6 conf past the names", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "af_spec": Spec{"af_inet6": Spec{"conf": zeros61()}}},
			`"accept_ra_min_lft": 0, "_59": 0, "_60": 0}`},
		{"bridge id", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "linkinfo": Spec{"kind": "bridge", "data": Spec{"br_root_id": map[string]any{"prio": 32768, "addr": "02:6e:6c:00:02:01"}}}},
			`["IFLA_BR_ROOT_ID", {"prio": 32768, "addr": "02:6e:6c:00:02:01"}]`},
	} {
		t.Run(tc.name, tc.check)
	}
	var b wire.Builder
	b.Reset(nil)
	err := Rule.Encode(&b, uapi.RTM_NEWRULE, wire.FlagRequest, 1, Spec{"family": 2, "uid_range": "1000-2000"})
	if err == nil || !strings.Contains(err.Error(), "uid_range") || !strings.Contains(err.Error(), "start:end") {
		t.Errorf("a range without a colon: %v, want an error naming uid_range and start:end", err)
	}
}

func zeros61() []any {
	l := make([]any, 61)
	for i := range l {
		l[i] = 0
	}
	return l
}
