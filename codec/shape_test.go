package codec

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TestPyroute2Shapes: values render in pyroute2's shape (enum names …),
// and EncodeDict of that JSON gives back the bytes.
func TestPyroute2Shapes(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    *Schema
		ev   wire.MsgType
		spec Spec
		want string // a fragment of the JSON
	}{
		{"operstate", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "operstate": "UP"}, `["IFLA_OPERSTATE", "UP"]`},
		{"operstate number", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "operstate": 5}, `["IFLA_OPERSTATE", "DORMANT"]`},
		{"operstate past the names", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "operstate": 9}, `["IFLA_OPERSTATE", 9]`},
		{"macvlan mode", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "linkinfo": Spec{"kind": "macvlan", "data": Spec{"macvlan_mode": "bridge", "macvlan_flags": "nopromisc"}}},
			`["IFLA_MACVLAN_MODE", "bridge"], ["IFLA_MACVLAN_FLAGS", "nopromisc"]`},
		{"macvlan mode without a name", Link, uapi.RTM_NEWLINK, Spec{"ifname": "x", "linkinfo": Spec{"kind": "macvlan", "data": Spec{"macvlan_mode": 3}}},
			`["IFLA_MACVLAN_MODE", 3]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
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
		})
	}
}
