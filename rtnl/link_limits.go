package rtnl

import (
	"errors"
	"net"
)

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

// kindLimitWhy returns why value u of keyword k is past its kernel range
// (or, for vlan_protocol, not 802.1Q or 802.1ad), and "" when it is not.
func kindLimitWhy(k string, u uint64) string {
	if k == "vlan_protocol" && u != 0x8100 && u != 0x88a8 {
		return "is not 0x8100 (802.1Q) or 0x88a8 (802.1ad)"
	}
	if l, ok := kindLimits[k]; ok && u > l.max {
		return l.why
	}
	return ""
}

// kindLimit is kindLimitWhy for a Spec value; nil for a value that is
// not an unsigned integer (the codec names those).
func kindLimit(k string, v any) error {
	u, neg, ok := asInt(v)
	if !ok || neg {
		return nil
	}
	if why := kindLimitWhy(k, u); why != "" {
		return errors.New(why)
	}
	return nil
}

// checkKindLimit is kindLimitWhy for a typed setting, as a
// *codec.SpecError naming the keyword. It takes the value unboxed, so a
// setting in range costs no allocation.
func checkKindLimit(k string, u uint64) error {
	if why := kindLimitWhy(k, u); why != "" {
		return linkSpecError(k, u, why)
	}
	return nil
}

// checkLimits checks a typed link's fields of a narrower kernel range:
// the MTU is an int in the kernel, link-layer addresses have a link
// type's length.
func (l *Link) checkLimits() error {
	if l.MTU > 1<<31-1 {
		return linkSpecError("mtu", l.MTU, "is above 2147483647, the largest MTU (an int in the kernel)")
	}
	for _, a := range [2]struct {
		key string
		p   []byte
	}{{"address", l.Address}, {"broadcast", l.Broadcast}} {
		if why := llAddrWhy(a.p); why != "" {
			return linkSpecError(a.key, net.HardwareAddr(a.p), why)
		}
	}
	return nil
}
