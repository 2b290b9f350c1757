package rtnl

import (
	"context"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Bridge port settings, pyroute2's ipr.brport("set"|"show", …) and
// `bridge link set`: RTM_SETLINK of family AF_BRIDGE on the port, its
// IFLA_BRPORT_* settings nested in IFLA_PROTINFO.

// brportAliases maps bridge-link(8) spellings to the IFLA_BRPORT_*
// keyword (without "brport_").
var brportAliases = map[string]string{
	"hairpin": "mode", "root_block": "protect", "fastleave": "fast_leave",
	"flood": "unicast_flood", "proxy_arp": "proxyarp", "proxy_arp_wifi": "proxyarp_wifi",
	"mcast_router": "multicast_router", "bpdu_guard": "guard",
}

// prepareBrport turns every keyword but "index" into an IFLA_BRPORT_*
// attribute of IFLA_PROTINFO: "cost" is IFLA_BRPORT_COST, "unicast_flood"
// IFLA_BRPORT_UNICAST_FLOOD, bridge-link's names ("hairpin", "flood",
// "proxy_arp" …) too; bools are 0 or 1. The message is of family
// AF_BRIDGE. Dumps ("show") pass their keywords on as filters.
func prepareBrport(_ context.Context, _ *IPRoute, command string, spec Spec) (Spec, error) {
	const s = "brport"
	op, dump := kwVerb(command)
	if dump || op == OpGet {
		return spec, nil
	}
	out := Spec{"family": uapi.AF_BRIDGE}
	pi := map[string]any{}
	for k, v := range spec {
		switch k {
		case "index", "ifindex":
			u, err := kwIndex(s, k, v)
			if err != nil {
				return nil, err
			}
			out["index"] = u
			continue
		case "family":
			continue
		case "protinfo":
			m, ok := asMap(v)
			if !ok {
				return nil, kwErr(s, k, v, "is not a map of bridge port settings")
			}
			for pk, pv := range m {
				pi[pk] = pv
			}
			continue
		}
		name := strings.TrimPrefix(strings.ToLower(k), "ifla_brport_")
		name = strings.TrimPrefix(name, "brport_")
		if a, ok := brportAliases[name]; ok {
			name = a
		}
		if !brportKnown(name) {
			return nil, kwErr(s, k, nil, "unknown keyword")
		}
		if b, ok := v.(bool); ok {
			v = 0
			if b {
				v = 1
			}
		}
		pi["brport_"+name] = v
	}
	if _, ok := out["index"]; !ok {
		return nil, kwErr(s, "index", nil, "is required")
	}
	out["protinfo"] = pi
	return out, nil
}

// brportKnown reports whether name is an IFLA_BRPORT_* keyword.
func brportKnown(name string) bool {
	m := codec.Link.Attrs.ByName("IFLA_PROTINFO")
	if m == nil || m.Select == nil {
		return false
	}
	t := m.Select.ByValue[uapi.AF_BRIDGE]
	return t != nil && t.ByName("IFLA_BRPORT_"+strings.ToUpper(name)) != nil
}

func init() {
	registerObject(&ObjectDef{Name: "brport", Schema: codec.Link,
		Set: uapi.RTM_SETLINK, Get: uapi.RTM_GETLINK,
		Verbs: map[string]Verb{"set": {OpSet, 0}}})
	registerPrepare("brport", prepareBrport)
	registerRun("brport", runBrport)
}

var runBrport = dumpRun(func(ctx context.Context, r *IPRoute, fs ...Matcher) Iter { return r.BridgePorts(ctx, fs...).Iter }, true)

// BridgePorts dumps the bridge ports (RTM_GETLINK of family AF_BRIDGE),
// as `bridge link show` and ipr.brport("show"): one message per port,
// IFLA_MASTER its bridge and IFLA_PROTINFO its IFLA_BRPORT_* settings
// (Msg().Get("protinfo", "brport_cost")). The kernel takes no filter in
// this dump; "index" and the rest are matched in userspace. See
// [Iterator].
func (r *IPRoute) BridgePorts(ctx context.Context, filters ...Matcher) Iterator[LinkView] {
	return Iterator[LinkView]{r.Stream(ctx, "brport dump", uapi.RTM_GETLINK, wire.FlagDump, codec.Link,
		Spec{"family": uapi.AF_BRIDGE}, filters...)}
}

// BridgePort holds bridge port settings in typed form, each sent only
// when Set (Opt), as the keywords of ipr.brport("set", …). It encodes to
// the same bytes as the equivalent Spec through [IPRoute.Do], allocating
// nothing into a warm buffer.
type BridgePort struct {
	Index           int         // the port
	State           Opt[uint8]  // "state": BR_STATE_* (STP state)
	Priority        Opt[uint16] // "priority"
	Cost            Opt[uint32] // "cost"
	Hairpin         Opt[bool]   // "hairpin" (IFLA_BRPORT_MODE)
	Guard           Opt[bool]   // "guard": BPDU guard
	RootBlock       Opt[bool]   // "root_block" (IFLA_BRPORT_PROTECT)
	FastLeave       Opt[bool]   // "fast_leave"
	Learning        Opt[bool]   // "learning"
	UnicastFlood    Opt[bool]   // "unicast_flood"
	ProxyARP        Opt[bool]   // "proxyarp"
	LearningSync    Opt[bool]   // "learning_sync"
	ProxyARPWiFi    Opt[bool]   // "proxyarp_wifi"
	MulticastRouter Opt[uint8]  // "multicast_router"
	MulticastFlood  Opt[bool]   // "mcast_flood"
	MulticastToUni  Opt[bool]   // "mcast_to_ucast"
	VLANTunnel      Opt[bool]   // "vlan_tunnel"
	BroadcastFlood  Opt[bool]   // "bcast_flood"
	GroupFwdMask    Opt[uint16] // "group_fwd_mask"
	NeighSuppress   Opt[bool]   // "neigh_suppress"
	Isolated        Opt[bool]   // "isolated"
	BackupPort      Opt[uint32] // "backup_port"
	Locked          Opt[bool]   // "locked"
	MAB             Opt[bool]   // "mab"
}

func putOptBool(b *wire.Builder, t uint16, o Opt[bool]) {
	if o.Set {
		var v uint8
		if o.V {
			v = 1
		}
		b.PutUint8(t, v)
	}
}

func putOptU8(b *wire.Builder, t uint16, o Opt[uint8]) {
	if o.Set {
		b.PutUint8(t, o.V)
	}
}

func putOptU16(b *wire.Builder, t uint16, o Opt[uint16]) {
	if o.Set {
		b.PutUint16(t, o.V)
	}
}

func putOptU32(b *wire.Builder, t uint16, o Opt[uint32]) {
	if o.Set {
		b.PutUint32(t, o.V)
	}
}

// Encode appends the settings as one RTM_SETLINK of family AF_BRIDGE
// with flags to b, the attributes in type order.
func (x *BridgePort) encodeMsg(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error {
	b.Begin(t, flags, seq)
	h := b.Reserve(codec.IfInfoMsg.Size)
	codec.IfInfoMsg.Put(h, 0, uapi.AF_BRIDGE)
	codec.IfInfoMsg.Put(h, 3, uint64(uint32(int32(x.Index))))
	tok := b.Nest(uapi.IFLA_PROTINFO | wire.AttrNested)
	putOptU8(b, uapi.IFLA_BRPORT_STATE, x.State)
	putOptU16(b, uapi.IFLA_BRPORT_PRIORITY, x.Priority)
	putOptU32(b, uapi.IFLA_BRPORT_COST, x.Cost)
	putOptBool(b, uapi.IFLA_BRPORT_MODE, x.Hairpin)
	putOptBool(b, uapi.IFLA_BRPORT_GUARD, x.Guard)
	putOptBool(b, uapi.IFLA_BRPORT_PROTECT, x.RootBlock)
	putOptBool(b, uapi.IFLA_BRPORT_FAST_LEAVE, x.FastLeave)
	putOptBool(b, uapi.IFLA_BRPORT_LEARNING, x.Learning)
	putOptBool(b, uapi.IFLA_BRPORT_UNICAST_FLOOD, x.UnicastFlood)
	putOptBool(b, uapi.IFLA_BRPORT_PROXYARP, x.ProxyARP)
	putOptBool(b, uapi.IFLA_BRPORT_LEARNING_SYNC, x.LearningSync)
	putOptBool(b, uapi.IFLA_BRPORT_PROXYARP_WIFI, x.ProxyARPWiFi)
	putOptU8(b, uapi.IFLA_BRPORT_MULTICAST_ROUTER, x.MulticastRouter)
	putOptBool(b, uapi.IFLA_BRPORT_MCAST_FLOOD, x.MulticastFlood)
	putOptBool(b, uapi.IFLA_BRPORT_MCAST_TO_UCAST, x.MulticastToUni)
	putOptBool(b, uapi.IFLA_BRPORT_VLAN_TUNNEL, x.VLANTunnel)
	putOptBool(b, uapi.IFLA_BRPORT_BCAST_FLOOD, x.BroadcastFlood)
	putOptU16(b, uapi.IFLA_BRPORT_GROUP_FWD_MASK, x.GroupFwdMask)
	putOptBool(b, uapi.IFLA_BRPORT_NEIGH_SUPPRESS, x.NeighSuppress)
	putOptBool(b, uapi.IFLA_BRPORT_ISOLATED, x.Isolated)
	putOptU32(b, uapi.IFLA_BRPORT_BACKUP_PORT, x.BackupPort)
	putOptBool(b, uapi.IFLA_BRPORT_LOCKED, x.Locked)
	putOptBool(b, uapi.IFLA_BRPORT_MAB, x.MAB)
	b.EndNest(tok)
	b.End()
	return b.Err()
}

// BridgePortSet applies the settings to port x.Index, as
// ipr.brport("set", …) and `bridge link set`. EOPNOTSUPP (or EINVAL)
// when the link is no bridge port; other refusals are *wire.OpError. It
// allocates nothing with warm buffers and a context without a Done
// channel.
func (r *IPRoute) BridgePortSet(ctx context.Context, x BridgePort) error {
	return r.execEncoded(ctx, "brport set", func(b *wire.Builder) error { return x.encodeMsg(b, uapi.RTM_SETLINK, wire.FlagAck, 0) })
}
