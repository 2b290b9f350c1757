package rtnl

import (
	"context"

	"github.com/nlroute/nlroute/internal/uapi"
)

// The command path of neighbours, pyroute2's ipr.neigh(command, …): ARP
// and NDP entries, proxy entries, states and flags by name.

// NeighStates names the neighbour states (ndm_state, NUD_*) as ip-neigh(8)
// and pyroute2's ndmsg.states spell them, for the "state" keyword.
var neighStates = &kwNames{prefix: "nud_", max: 0xffff, names: map[string]uint64{
	"none": uapi.NUD_NONE, "incomplete": uapi.NUD_INCOMPLETE, "reachable": uapi.NUD_REACHABLE,
	"stale": uapi.NUD_STALE, "delay": uapi.NUD_DELAY, "probe": uapi.NUD_PROBE,
	"failed": uapi.NUD_FAILED, "noarp": uapi.NUD_NOARP, "permanent": uapi.NUD_PERMANENT,
}}

// neighFlags names the neighbour flags (ndm_flags, NTF_*).
var neighFlags = &kwNames{prefix: "ntf_", max: 0xff, names: map[string]uint64{
	"use": uapi.NTF_USE, "self": uapi.NTF_SELF, "master": uapi.NTF_MASTER,
	"proxy": uapi.NTF_PROXY, "extern_learn": uapi.NTF_EXT_LEARNED, "ext_learned": uapi.NTF_EXT_LEARNED,
	"offloaded": uapi.NTF_OFFLOADED, "sticky": uapi.NTF_STICKY, "router": uapi.NTF_ROUTER,
}}

// neighBoolFlags are keywords that set one flag when true ("proxy":
// true is ip-neigh's "proxy").
var neighBoolFlags = map[string]uint8{
	"proxy": uapi.NTF_PROXY, "router": uapi.NTF_ROUTER, "use": uapi.NTF_USE,
	"extern_learn": uapi.NTF_EXT_LEARNED, "sticky": uapi.NTF_STICKY,
}

// prepareNeighCommon translates the keywords neigh and fdb share: the
// interface ("ifindex", or "index"; an int or a one-element list), state
// and flags by name or number, and the flag keywords of bools (bool
// "master" and "self" too, for fdb) into ndm_flags.
func prepareNeighCommon(s string, spec Spec, boolFlags map[string]uint8) (Spec, error) {
	out := kwClone(spec)
	if err := kwAlias(s, out, "ifindex", "index"); err != nil {
		return nil, err
	}
	if v, ok := out["ifindex"]; ok {
		u, err := kwIndex(s, "ifindex", v)
		if err != nil {
			return nil, err
		}
		out["ifindex"] = u
	}
	if err := kwSetNamed(s, out, "state", neighStates, true); err != nil {
		return nil, err
	}
	if err := kwSetNamed(s, out, "flags", neighFlags, true); err != nil {
		return nil, err
	}
	for k, f := range boolFlags {
		v, ok := out[k]
		if !ok {
			continue
		}
		b, isBool := v.(bool)
		if !isBool {
			if k == "master" { // an interface index: NDA_MASTER
				continue
			}
			return nil, kwErr(s, k, v, "is not a bool")
		}
		delete(out, k)
		if b {
			fl, _, _ := asInt(out["flags"])
			out["flags"] = fl | uint64(f)
		}
	}
	return out, nil
}

// prepareNeigh fills ip-neigh's defaults: a new entry (add, set,
// replace, change) is permanent unless a state is given. "get" needs
// "dst" and "ifindex", as the kernel does.
func prepareNeigh(_ context.Context, _ *IPRoute, command string, spec Spec) (Spec, error) {
	const s = "neigh"
	out, err := prepareNeighCommon(s, spec, neighBoolFlags)
	if err != nil {
		return nil, err
	}
	op, dump := kwVerb(command)
	switch {
	case dump:
	case op == OpNew:
		if _, ok := out["state"]; !ok {
			out["state"] = uapi.NUD_PERMANENT
		}
	case op == OpGet:
		for _, k := range []string{"dst", "ifindex"} {
			if _, ok := out[k]; !ok {
				return nil, kwErr(s, k, nil, "is required by neigh get")
			}
		}
	}
	return out, nil
}

func init() {
	registerPrepare("neigh", prepareNeigh)
	registerRun("neigh", kwShow("neigh"))
}
