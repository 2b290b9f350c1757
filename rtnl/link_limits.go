package rtnl

import "errors"

// kindLimits are the kind settings whose kernel range is narrower than
// their attribute: the kernel refuses a value past it (ERANGE for ids,
// EINVAL for DF) or, for flow labels, silently keeps only the low 20
// bits. Both encoders — the typed kinds and the Spec keywords — refuse
// such a value first, naming the keyword.
var kindLimits = map[string]struct {
	max uint64
	why string
}{
	"vlan_id":      {4094, "is above 4094, the highest VLAN id"},
	"vxlan_id":     {1<<24 - 1, "is above 16777215: a VNI has 24 bits"},
	"vxlan_df":     {2, "is not 0 (unset), 1 (set) or 2 (inherit)"},
	"vxlan_label":  {1<<20 - 1, "is above 1048575: a flow label has 20 bits"},
	"geneve_id":    {1<<24 - 1, "is above 16777215: a VNI has 24 bits"},
	"geneve_df":    {2, "is not 0 (unset), 1 (set) or 2 (inherit)"},
	"geneve_label": {1<<20 - 1, "is above 1048575: a flow label has 20 bits"},
}

// kindLimit returns why value v of keyword k is past its kernel range
// (or, for vlan_protocol, not 802.1Q or 802.1ad); nil for any other
// keyword, or a value that is not an integer (the codec names those).
func kindLimit(k string, v any) error {
	u, neg, ok := asInt(v)
	if !ok || neg {
		return nil
	}
	if k == "vlan_protocol" && u != 0x8100 && u != 0x88a8 {
		return errors.New("is not 0x8100 (802.1Q) or 0x88a8 (802.1ad)")
	}
	if l, ok := kindLimits[k]; ok && u > l.max {
		return errors.New(l.why)
	}
	return nil
}

// checkKindLimits checks typed settings given as keyword, value pairs,
// and returns a *codec.SpecError for the first past its range; a zero
// VLAN protocol is the kernel's default, not a value.
func checkKindLimits(kv ...any) error {
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		if k == "vlan_protocol" && kv[i+1] == any(uint16(0)) {
			continue
		}
		if err := kindLimit(k, kv[i+1]); err != nil {
			return linkSpecError(k, kv[i+1], err.Error())
		}
	}
	return nil
}
