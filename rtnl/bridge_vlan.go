package rtnl

import (
	"context"
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Bridge VLAN filters, pyroute2's ipr.vlan_filter("add"|"del", …) and
// `bridge vlan add|del`: RTM_SETLINK / RTM_DELLINK of family AF_BRIDGE
// carrying IFLA_AF_SPEC { IFLA_BRIDGE_FLAGS, IFLA_BRIDGE_VLAN_INFO … }.
// The bridge must filter VLANs (vlan_filtering 1).

// vlanInfoFlags names the flags of struct bridge_vlan_info.
var vlanInfoFlags = &kwNames{prefix: "bridge_vlan_info_", max: 0xffff, names: map[string]uint64{
	"master": uapi.BRIDGE_VLAN_INFO_MASTER, "pvid": uapi.BRIDGE_VLAN_INFO_PVID,
	"untagged": uapi.BRIDGE_VLAN_INFO_UNTAGGED, "range_begin": uapi.BRIDGE_VLAN_INFO_RANGE_BEGIN,
	"range_end": uapi.BRIDGE_VLAN_INFO_RANGE_END, "brentry": uapi.BRIDGE_VLAN_INFO_BRENTRY,
	"only_opts": uapi.BRIDGE_VLAN_INFO_ONLY_OPTS,
}}

// bridgeFlags names IFLA_BRIDGE_FLAGS: where the VLAN goes.
var bridgeFlags = &kwNames{prefix: "bridge_flags_", max: 0xffff, names: map[string]uint64{
	"master": uapi.BRIDGE_FLAGS_MASTER, "self": uapi.BRIDGE_FLAGS_SELF,
}}

const rtextFilterBRVLAN = 1 << 1 // RTEXT_FILTER_BRVLAN

// vlanEntries reads one vlan_info: {"vid": 500 or "100-200", "vid_end":
// 200, "flags": 6 or ["pvid", "untagged"]}, and returns its
// bridge_vlan_info maps: one, or the two ends of a range.
func vlanEntries(v any) ([]any, error) {
	const s = "vlan_filter"
	m, ok := asMap(v)
	if !ok {
		return nil, kwErr(s, "vlan_info", v, "is not a map {vid, flags}")
	}
	for k := range m {
		if k != "vid" && k != "flags" && k != "vid_end" {
			return nil, kwErr(s, "vlan_info."+k, m[k], "is not a vlan_info key (vid, vid_end, flags)")
		}
	}
	var flags uint64
	if f, ok := m["flags"]; ok {
		var err error
		if flags, err = vlanInfoFlags.parse(s, "vlan_info.flags", f, true); err != nil {
			return nil, err
		}
	}
	lo, hi, err := vidRange(m["vid"], m["vid_end"])
	if err != nil {
		return nil, err
	}
	if lo == hi {
		return []any{map[string]any{"vid": lo, "flags": flags}}, nil
	}
	return []any{
		map[string]any{"vid": lo, "flags": flags | uapi.BRIDGE_VLAN_INFO_RANGE_BEGIN},
		map[string]any{"vid": hi, "flags": flags | uapi.BRIDGE_VLAN_INFO_RANGE_END},
	}, nil
}

func vidRange(vid, end any) (lo, hi uint64, err error) {
	const s = "vlan_filter"
	bad := func(k string, v any) error { return kwErr(s, k, v, "is not a VLAN id (1-4094) or range") }
	if str, ok := vid.(string); ok {
		a, b, isRange := strings.Cut(str, "-")
		var e1, e2 error
		lo, e1 = strconv.ParseUint(strings.TrimSpace(a), 10, 16)
		hi, e2 = lo, nil
		if isRange {
			hi, e2 = strconv.ParseUint(strings.TrimSpace(b), 10, 16)
		}
		if e1 != nil || e2 != nil {
			return 0, 0, bad("vlan_info.vid", vid)
		}
	} else {
		var neg, ok bool
		if lo, neg, ok = asInt(vid); !ok || neg {
			return 0, 0, bad("vlan_info.vid", vid)
		}
		hi = lo
	}
	if end != nil {
		var neg, ok bool
		if hi, neg, ok = asInt(end); !ok || neg {
			return 0, 0, bad("vlan_info.vid_end", end)
		}
	}
	if lo < 1 || hi > 4094 || lo > hi {
		return 0, 0, bad("vlan_info.vid", vid)
	}
	return lo, hi, nil
}

// prepareVLANFilter builds the AF_BRIDGE link message of a VLAN filter
// change: "index" (int or one-element list), "vlan_info" (one map or a
// list of them; see vlanEntries) and "vlan_flags" ("self" for the bridge
// device itself, "master", or a number: IFLA_BRIDGE_FLAGS). Dumps pass
// their keywords on as filters of GetVLANs.
func prepareVLANFilter(_ context.Context, _ *IPRoute, command string, spec Spec) (Spec, error) {
	const s = "vlan_filter"
	if _, dump := kwVerb(command); dump {
		return spec, nil
	}
	out := Spec{"family": uapi.AF_BRIDGE}
	var attrs []any
	for k, v := range spec {
		switch k {
		case "index", "ifindex":
			u, err := kwIndex(s, k, v)
			if err != nil {
				return nil, err
			}
			out["index"] = u
		case "vlan_flags":
			f, err := bridgeFlags.parse(s, k, v, true)
			if err != nil {
				return nil, err
			}
			attrs = append([]any{[]any{"IFLA_BRIDGE_FLAGS", f}}, attrs...)
		case "vlan_info":
			l, ok := kwList(v)
			if !ok {
				l = []any{v}
			}
			for _, e := range l {
				es, err := vlanEntries(e)
				if err != nil {
					return nil, err
				}
				for _, x := range es {
					attrs = append(attrs, []any{"IFLA_BRIDGE_VLAN_INFO", x})
				}
			}
		default:
			return nil, kwErr(s, k, nil, "unknown keyword")
		}
	}
	if _, ok := out["index"]; !ok {
		return nil, kwErr(s, "index", nil, "is required")
	}
	if len(attrs) == 0 || (len(attrs) == 1 && spec["vlan_flags"] != nil) {
		return nil, kwErr(s, "vlan_info", nil, "is required")
	}
	out["af_spec"] = map[string]any{"attrs": attrs}
	return out, nil
}

func init() {
	registerObject(&ObjectDef{Name: "vlan_filter", Schema: codec.Link,
		Set: uapi.RTM_SETLINK, Del: uapi.RTM_DELLINK, Get: uapi.RTM_GETLINK,
		Verbs: map[string]Verb{"add": {OpSet, 0}}})
	registerPrepare("vlan_filter", prepareVLANFilter)
	registerRun("vlan_filter", dumpRun(func(ctx context.Context, r *IPRoute, fs ...Matcher) Iter { return r.VLANs(ctx, fs...).Iter }, true))
}

// VLANs dumps the bridge ports with their VLANs, as pyroute2's
// get_vlans and `bridge vlan show` on older kernels: RTM_GETLINK of
// family AF_BRIDGE with RTEXT_FILTER_BRVLAN, one message per port (and
// bridge) whose IFLA_AF_SPEC lists IFLA_BRIDGE_VLAN_INFO entries
// (Msg().GetAttr("af_spec")). Filters are matched in userspace. See
// [Iterator]; [IPRoute.VLANEntries] is the per-VLAN database (RTM_GETVLAN).
func (r *IPRoute) VLANs(ctx context.Context, filters ...Matcher) Iterator[LinkView] {
	return Iterator[LinkView]{r.Stream(ctx, "vlan_filter dump", uapi.RTM_GETLINK, wire.FlagDump, codec.Link,
		Spec{"family": uapi.AF_BRIDGE, "ext_mask": rtextFilterBRVLAN}, filters...)}
}

// GetVLANs is VLANs collected: owned views in a slice.
func (r *IPRoute) GetVLANs(ctx context.Context, filters ...Matcher) ([]LinkView, error) {
	it := r.VLANs(ctx, filters...)
	return it.Collect()
}

// BridgeVLAN is a VLAN filter entry in typed form, the keywords of
// ipr.vlan_filter(…): VLAN VID (or VID to VIDEnd) on port Index. It
// encodes to the same bytes as the equivalent Spec through
// [IPRoute.Do], allocating nothing into a warm buffer.
type BridgeVLAN struct {
	Index  int
	VID    uint16 // 1-4094
	VIDEnd uint16 // the end of a range VID-VIDEnd; 0 for one VLAN
	// Flags are bridge_vlan_info flags: BRIDGE_VLAN_INFO_PVID (2),
	// BRIDGE_VLAN_INFO_UNTAGGED (4) …
	Flags uint16
	// Self (BRIDGE_FLAGS_SELF) puts the VLAN on the bridge device itself
	// (Index is the bridge); Master (BRIDGE_FLAGS_MASTER) says so
	// explicitly for a port. Neither sends no IFLA_BRIDGE_FLAGS.
	Self, Master bool
}

// Encode appends the entry as one message of type t (RTM_SETLINK to add,
// RTM_DELLINK to delete) with flags to b. A VID out of 1-4094, or a range
// that runs backwards, is an error naming "vlan_info.vid".
func (x *BridgeVLAN) encodeMsg(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error {
	end := x.VID
	if x.VIDEnd != 0 {
		end = x.VIDEnd
	}
	if x.VID < 1 || end > 4094 || end < x.VID {
		return kwErr("vlan_filter", "vlan_info.vid", x.VID, "is not a VLAN id (1-4094) or range")
	}
	b.Begin(t, flags, seq)
	h := b.Reserve(codec.IfInfoMsg.Size)
	codec.IfInfoMsg.Put(h, 0, uapi.AF_BRIDGE)
	codec.IfInfoMsg.Put(h, 3, uint64(uint32(int32(x.Index))))
	tok := b.Nest(uapi.IFLA_AF_SPEC | wire.AttrNested)
	var bf uint16
	if x.Self {
		bf |= uapi.BRIDGE_FLAGS_SELF
	}
	if x.Master {
		bf |= uapi.BRIDGE_FLAGS_MASTER
	}
	if bf != 0 {
		b.PutUint16(uapi.IFLA_BRIDGE_FLAGS, bf)
	}
	if end == x.VID {
		putVLANInfo(b, x.Flags, x.VID)
	} else {
		putVLANInfo(b, x.Flags|uapi.BRIDGE_VLAN_INFO_RANGE_BEGIN, x.VID)
		putVLANInfo(b, x.Flags|uapi.BRIDGE_VLAN_INFO_RANGE_END, end)
	}
	b.EndNest(tok)
	b.End()
	return b.Err()
}

// putVLANInfo appends struct bridge_vlan_info { u16 flags; u16 vid; }.
func putVLANInfo(b *wire.Builder, flags, vid uint16) {
	var p [4]byte
	binary.NativeEndian.PutUint16(p[0:], flags)
	binary.NativeEndian.PutUint16(p[2:], vid)
	b.PutBytes(uapi.IFLA_BRIDGE_VLAN_INFO, p[:])
}

// BridgeVLANAdd allows the VLAN(s) on the port, as
// ipr.vlan_filter("add", …) and `bridge vlan add`. EINVAL or EOPNOTSUPP
// when the bridge does not filter VLANs. It allocates nothing with warm
// buffers, whatever the context.
func (r *IPRoute) BridgeVLANAdd(ctx context.Context, x BridgeVLAN) error {
	return r.execEncoded(ctx, "vlan_filter add", func(b *wire.Builder) error {
		return x.encodeMsg(b, uapi.RTM_SETLINK, wire.FlagAck, 0)
	})
}

// BridgeVLANDel removes the VLAN(s) from the port, as
// ipr.vlan_filter("del", …) and `bridge vlan del`.
func (r *IPRoute) BridgeVLANDel(ctx context.Context, x BridgeVLAN) error {
	return r.execEncoded(ctx, "vlan_filter del", func(b *wire.Builder) error {
		return x.encodeMsg(b, uapi.RTM_DELLINK, wire.FlagAck, 0)
	})
}
