package rtnl

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TestKindLimits: a kind setting past its kernel range is refused by
// both encoders with a *codec.SpecError naming the keyword, and the
// range's edge values are accepted.
func TestKindLimits(t *testing.T) {
	for _, c := range []struct {
		keyword string
		bad     bool
		typed   LinkInfo
		spec    Spec
	}{
		{"vlan_id", false, VLAN{ID: 4094}, Spec{"kind": "vlan", "vlan_id": 4094}},
		{"vlan_id", true, VLAN{ID: 4095}, Spec{"kind": "vlan", "vlan_id": 4095}},
		{"vlan_protocol", false, VLAN{ID: 1, Protocol: 0x88a8}, Spec{"kind": "vlan", "vlan_id": 1, "vlan_protocol": 0x88a8}},
		{"vlan_protocol", false, VLAN{ID: 1}, Spec{"kind": "vlan", "vlan_id": 1, "vlan_protocol": "802.1Q"}},
		{"vlan_protocol", true, VLAN{ID: 1, Protocol: 0x0800}, Spec{"kind": "vlan", "vlan_id": 1, "vlan_protocol": 0x0800}},
		{"vxlan_id", false, VXLAN{ID: 1<<24 - 1}, Spec{"kind": "vxlan", "vxlan_id": 1<<24 - 1}},
		{"vxlan_id", true, VXLAN{ID: 1 << 24}, Spec{"kind": "vxlan", "vxlan_id": 1 << 24}},
		{"vxlan_df", false, VXLAN{ID: 1, DF: 2}, Spec{"kind": "vxlan", "vxlan_id": 1, "vxlan_df": 2}},
		{"vxlan_df", true, VXLAN{ID: 1, DF: 3}, Spec{"kind": "vxlan", "vxlan_id": 1, "vxlan_df": 3}},
		{"vxlan_label", true, VXLAN{ID: 1, Label: 1 << 20}, Spec{"kind": "vxlan", "vxlan_id": 1, "vxlan_label": 1 << 20}},
		{"geneve_id", true, Geneve{ID: 1 << 24}, Spec{"kind": "geneve", "geneve_id": 1 << 24}},
		{"geneve_df", true, Geneve{ID: 1, DF: 9}, Spec{"kind": "geneve", "geneve_id": 1, "geneve_df": 9}},
		{"geneve_label", false, Geneve{ID: 1, Label: 1<<20 - 1}, Spec{"kind": "geneve", "geneve_id": 1, "geneve_label": 1<<20 - 1}},
		{"geneve_label", true, Geneve{ID: 1, Label: 1 << 20}, Spec{"kind": "geneve", "geneve_id": 1, "geneve_label": 1 << 20}},
	} {
		var b wire.Builder
		l := Link{Name: "x0", Info: c.typed}
		errTyped := l.encodeMsg(&b, uapi.RTM_NEWLINK, wire.FlagCreate|wire.FlagAck, 0)
		spec := Spec{"ifname": "x0"}
		for k, v := range c.spec {
			spec[k] = v
		}
		_, errSpec := prepareLink(context.Background(), nil, "add", spec)
		for form, err := range map[string]error{"typed": errTyped, "spec": errSpec} {
			if !c.bad {
				if err != nil {
					t.Errorf("%s %s %v: %v", form, c.keyword, c.spec, err)
				}
				continue
			}
			var se *codec.SpecError
			if !errors.As(err, &se) || se.Keyword != c.keyword || !strings.Contains(err.Error(), c.keyword) {
				t.Errorf("%s %v: error %v, want a SpecError naming %s", form, c.spec, err, c.keyword)
			}
		}
	}
}
