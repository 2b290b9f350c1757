package rtnl

import (
	"context"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/internal/uapi"
)

// The command path of nexthop objects, ipr.nexthop(command, …) and
// `ip nexthop`: single nexthops (gateway, oif, blackhole, fdb, encap) and
// groups (multipath with weights, resilient with buckets and timers).

const userHZ = 100 // USER_HZ: the kernel's clock_t ticks per second

var nhGroupTypes = &kwNames{prefix: "nexthop_grp_type_", max: 0xffff, names: map[string]uint64{
	"mpath": uapi.NEXTHOP_GRP_TYPE_MPATH, "multipath": uapi.NEXTHOP_GRP_TYPE_MPATH,
	"resilient": uapi.NEXTHOP_GRP_TYPE_RES, "res": uapi.NEXTHOP_GRP_TYPE_RES,
}}

var encapTypes = &kwNames{prefix: "lwtunnel_encap_", max: 0xffff, names: map[string]uint64{
	"mpls": uapi.LWTUNNEL_ENCAP_MPLS, "ip": uapi.LWTUNNEL_ENCAP_IP, "ila": uapi.LWTUNNEL_ENCAP_ILA,
	"ip6": uapi.LWTUNNEL_ENCAP_IP6, "seg6": uapi.LWTUNNEL_ENCAP_SEG6, "bpf": uapi.LWTUNNEL_ENCAP_BPF,
	"seg6local": uapi.LWTUNNEL_ENCAP_SEG6_LOCAL, "seg6_local": uapi.LWTUNNEL_ENCAP_SEG6_LOCAL,
	"rpl": uapi.LWTUNNEL_ENCAP_RPL, "ioam6": uapi.LWTUNNEL_ENCAP_IOAM6, "xfrm": uapi.LWTUNNEL_ENCAP_XFRM,
}}

// nhGroup reads a group's members: one id, a list of ids, of {"id", "weight"}
// maps (weight 1-256 as ip-nexthop prints it; 1 when left out), or
// ip-nexthop's string "1,2/3" (id 1 weight 2, id 3). It returns the
// struct nexthop_grp maps the codec encodes (the kernel's weight is one
// less, its high byte in weight_high).
func nhGroup(s string, v any) ([]any, error) {
	bad := func(why string) error { return kwErr(s, "group", v, why) }
	var members []NexthopMember
	switch x := v.(type) {
	case string:
		for _, m := range strings.Split(x, "/") {
			id, w, hasW := strings.Cut(m, ",")
			n, err := strconv.ParseUint(id, 10, 32)
			if err != nil {
				return nil, bad("is not a group \"ID[,WEIGHT]/…\"")
			}
			wt := uint64(1)
			if hasW {
				if wt, err = strconv.ParseUint(w, 10, 16); err != nil {
					return nil, bad("is not a group \"ID[,WEIGHT]/…\"")
				}
			}
			members = append(members, NexthopMember{ID: uint32(n), Weight: int(wt)})
		}
	case []int:
		for _, id := range x {
			members = append(members, NexthopMember{ID: uint32(id), Weight: 1})
			if id <= 0 || id > 1<<32-1 {
				return nil, bad("holds an id out of range")
			}
		}
	case []NexthopMember:
		members = x
	default:
		if id, neg, ok := asInt(v); ok && !neg && id > 0 && id <= 1<<32-1 {
			members = append(members, NexthopMember{ID: uint32(id), Weight: 1})
			break
		}
		l, ok := kwList(v)
		if !ok {
			return nil, bad("is not a list of members")
		}
		for _, e := range l {
			if id, neg, ok := asInt(e); ok && !neg && id <= 1<<32-1 {
				members = append(members, NexthopMember{ID: uint32(id), Weight: 1})
				continue
			}
			m, ok := asMap(e)
			if !ok {
				return nil, bad("holds a member that is neither an id nor {id, weight}")
			}
			id, neg, ok := asInt(m["id"])
			if !ok || neg || id == 0 || id > 1<<32-1 {
				return nil, bad("holds a member without a valid id")
			}
			w := uint64(1)
			if wv, has := m["weight"]; has {
				if w, neg, ok = asInt(wv); !ok || neg {
					return nil, bad("holds a weight that is not a number")
				}
			}
			members = append(members, NexthopMember{ID: uint32(id), Weight: int(w)})
		}
	}
	if len(members) == 0 {
		return nil, bad("is empty")
	}
	out := make([]any, len(members))
	for i, m := range members {
		if m.Weight == 0 {
			m.Weight = 1
		}
		if m.Weight < 1 || m.Weight > 256 {
			return nil, bad("holds weight " + strconv.Itoa(m.Weight) + " out of 1-256")
		}
		w := m.Weight - 1
		out[i] = map[string]any{"id": m.ID, "weight": w & 0xff, "weight_high": w >> 8}
	}
	return out, nil
}

// prepareNexthop translates the nexthop keywords: "oif" as an int or a
// one-element list, "group" (see nhGroup), "type"/"group_type" by name
// (mpath, resilient), a resilient group's "buckets", "idle_timer" and
// "unbalanced_timer" (seconds, as ip-nexthop; into NHA_RES_GROUP in
// clock ticks), "encap_type" by name. A single nexthop with no gateway
// to take the family from is AF_INET, as the kernel wants one.
func prepareNexthop(_ context.Context, _ *IPRoute, command string, spec Spec) (Spec, error) {
	const s = "nexthop"
	out := kwClone(spec)
	for _, a := range []struct {
		key     string
		aliases []string
	}{{"id", []string{"nhid", "NHA_ID"}}, {"group_type", []string{"type", "NHA_GROUP_TYPE"}}, {"oif", []string{"NHA_OIF", "dev"}}} {
		if err := kwAlias(s, out, a.key, a.aliases...); err != nil {
			return nil, err
		}
	}
	if v, ok := out["oif"]; ok {
		u, err := kwIndex(s, "oif", v)
		if err != nil {
			return nil, err
		}
		out["oif"] = u
	}
	if err := kwSetNamed(s, out, "group_type", nhGroupTypes, false); err != nil {
		return nil, err
	}
	if err := kwSetNamed(s, out, "encap_type", encapTypes, false); err != nil {
		return nil, err
	}
	if v, ok := out["group"]; ok {
		g, err := nhGroup(s, v)
		if err != nil {
			return nil, err
		}
		out["group"] = g
	}
	res := map[string]any{}
	for _, k := range []string{"buckets", "idle_timer", "unbalanced_timer"} {
		v, ok := out[k]
		if !ok {
			continue
		}
		delete(out, k)
		u, neg, isInt := asInt(v)
		max := uint64(1<<32-1) / userHZ
		if k == "buckets" {
			max = 0xffff
		}
		if !isInt || neg || u > max {
			return nil, kwErr(s, k, v, "is out of range (0-"+strconv.FormatUint(max, 10)+")")
		}
		if k != "buckets" {
			u *= userHZ
		}
		res[k] = u
	}
	if len(res) > 0 {
		if _, dup := out["res_group"]; dup {
			return nil, kwErr(s, "res_group", out["res_group"], "repeats buckets/idle_timer/unbalanced_timer")
		}
		out["res_group"] = res
	}
	if op, dump := kwVerb(command); op == OpNew && !dump {
		_, fam := out["family"]
		_, grp := out["group"]
		_, gw := out["gateway"]
		if !fam && !grp && !gw {
			out["family"] = uapi.AF_INET
		}
	}
	return out, nil
}

func init() {
	registerPrepare("nexthop", prepareNexthop)
	registerRun("nexthop", kwShow("nexthop"))
}
