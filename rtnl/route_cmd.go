package rtnl

import (
	"context"
	"maps"

	"github.com/nlroute/nlroute/internal/uapi"
)

// prepareRoute fills the defaults ip-route(8) applies to a route that is
// created or changed, for keywords the caller left out: table main, proto
// boot, type unicast, and scope link for a unicast route with no gateway,
// via or next hops (a directly connected one), universe otherwise. Other
// commands pass through unchanged.
func prepareRoute(_ context.Context, _ *IPRoute, command string, spec Spec) (Spec, error) {
	if v, ok := Verbs[command]; !ok || v.Op != OpNew {
		return spec, nil
	}
	out := maps.Clone(spec)
	if out == nil {
		out = Spec{}
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := out[k]; ok {
				return true
			}
		}
		return false
	}
	if !has("table", "RTA_TABLE") {
		out["table"] = uapi.RT_TABLE_MAIN
	}
	if !has("proto") {
		out["proto"] = uapi.RTPROT_BOOT
	}
	if !has("type") {
		out["type"] = uapi.RTN_UNICAST
	}
	if !has("scope") && !has("gateway", "RTA_GATEWAY", "via", "RTA_VIA", "multipath", "RTA_MULTIPATH", "nhid", "RTA_NH_ID") {
		if t, neg, ok := asInt(out["type"]); !ok || (!neg && t == uapi.RTN_UNICAST) {
			out["scope"] = uapi.RT_SCOPE_LINK
		}
	}
	return out, nil
}

func init() { registerPrepare("route", prepareRoute) }
