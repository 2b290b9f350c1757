package tc

import (
	"net/netip"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// TCA_TUNNEL_KEY_* (tc_act/tc_tunnel_key.h).
const (
	tunkeyTM      = 1
	tunkeyParms   = 2
	tunkeyIPv4Src = 3
	tunkeyIPv4Dst = 4
	tunkeyIPv6Src = 5
	tunkeyIPv6Dst = 6
	tunkeyKeyID   = 7
	tunkeyPad     = 8
	tunkeyDstPort = 9
	tunkeyNoCsum  = 10
	tunkeyOpts    = 11
	tunkeyTOS     = 12
	tunkeyTTL     = 13

	tunkeySet     = 1 // TCA_TUNNEL_KEY_ACT_SET
	tunkeyRelease = 2 // TCA_TUNNEL_KEY_ACT_RELEASE
)

// TunnelKey sets the tunnel metadata a collect_md tunnel device (vxlan,
// geneve, gre "external") encapsulates with, or with Release ("unset")
// drops it.
type TunnelKey struct {
	Release bool       // unset instead of set; the other fields are then ignored
	Src     netip.Addr // outer source; required with set
	Dst     netip.Addr // outer destination, same family; required with set
	KeyID   uint32     // VNI or key; 0 sends none
	DstPort uint16     // outer UDP destination port; 0 leaves the device's
	NoCsum  bool       // no outer UDP checksum
	TOS     uint8
	TTL     uint8
	Action  Control
	Index   uint32
}

// Kind returns "tunnel_key".
func (TunnelKey) Kind() string { return "tunnel_key" }

func (a TunnelKey) appendAction(b *wire.Builder) error {
	op := uint32(tunkeyRelease)
	if !a.Release {
		op = tunkeySet
		if !a.Src.IsValid() || !a.Dst.IsValid() {
			return &ParamError{Kind: "tunnel_key", Param: "src_ip", Reason: "missing required parameter (src_ip and dst_ip)"}
		}
		if a.Src.Is4() != a.Dst.Is4() {
			return &ParamError{Kind: "tunnel_key", Param: "dst_ip", Value: a.Dst, Reason: "address family differs from src_ip"}
		}
	}
	var p [24]byte
	putGen(p[:], a.Index, a.Action)
	putU32s(p[20:], op)
	b.PutBytes(tunkeyParms, p[:])
	if a.Release {
		return nil
	}
	if a.Src.Is4() {
		putIP(b, tunkeyIPv4Src, a.Src)
		putIP(b, tunkeyIPv4Dst, a.Dst)
	} else {
		putIP(b, tunkeyIPv6Src, a.Src)
		putIP(b, tunkeyIPv6Dst, a.Dst)
	}
	if a.KeyID != 0 {
		b.PutUint32BE(tunkeyKeyID, a.KeyID)
	}
	if a.DstPort != 0 {
		b.PutUint16BE(tunkeyDstPort, a.DstPort)
	}
	if a.NoCsum {
		b.PutUint8(tunkeyNoCsum, 1)
	}
	if a.TOS != 0 {
		b.PutUint8(tunkeyTOS, a.TOS)
	}
	if a.TTL != 0 {
		b.PutUint8(tunkeyTTL, a.TTL)
	}
	return nil
}

func decodeTunnelKey(o []byte) Action {
	var a TunnelKey
	attrsOf(o, func(x wire.Attr) {
		v := x.Value
		switch x.Kind() {
		case tunkeyParms:
			a.Index, a.Action, a.Release = u32At(v, 0), genAction(v), u32At(v, 20) == tunkeyRelease
		case tunkeyIPv4Src, tunkeyIPv6Src:
			a.Src, _ = netip.AddrFromSlice(v)
		case tunkeyIPv4Dst, tunkeyIPv6Dst:
			a.Dst, _ = netip.AddrFromSlice(v)
		case tunkeyKeyID:
			if len(v) >= 4 {
				a.KeyID = uint32(v[0])<<24 | uint32(v[1])<<16 | uint32(v[2])<<8 | uint32(v[3])
			}
		case tunkeyDstPort:
			a.DstPort = be16(v)
		case tunkeyNoCsum:
			a.NoCsum = len(v) > 0 && v[0] != 0
		case tunkeyTOS:
			if len(v) > 0 {
				a.TOS = v[0]
			}
		case tunkeyTTL:
			if len(v) > 0 {
				a.TTL = v[0]
			}
		}
	})
	return a
}

func tunnelKeyFromSpec(k *kw) Action {
	a := TunnelKey{Release: k.flag("unset"), Src: kwPrefix(k, "src_ip").Addr(), Dst: kwPrefix(k, "dst_ip").Addr(),
		KeyID: k.u32("id", 0), DstPort: k.u16("dst_port", 0), NoCsum: k.flag("no_csum"),
		TOS: k.u8("tos", 0), TTL: k.u8("ttl", 0),
		Action: Control(int32(k.enum("action", uint32(ActPipe), controlNames))), Index: k.u32("index", 0)}
	if k.err == nil && !a.Release && (!a.Src.IsValid() || !a.Dst.IsValid()) {
		k.fail("src_ip", nil, "missing required parameter (src_ip and dst_ip, or unset)")
	}
	return a
}

func init() {
	geneve := codec.NewTable("tunnel_key_geneve", "TCA_TUNNEL_KEY_ENC_OPT_GENEVE_",
		attr(1, "TCA_TUNNEL_KEY_ENC_OPT_GENEVE_CLASS", codec.KindBE16),
		attr(2, "TCA_TUNNEL_KEY_ENC_OPT_GENEVE_TYPE", codec.KindU8),
		attr(3, "TCA_TUNNEL_KEY_ENC_OPT_GENEVE_DATA", codec.KindBinary),
	)
	vxlan := codec.NewTable("tunnel_key_vxlan", "TCA_TUNNEL_KEY_ENC_OPT_VXLAN_",
		attr(1, "TCA_TUNNEL_KEY_ENC_OPT_VXLAN_GBP", codec.KindU32),
	)
	erspan := codec.NewTable("tunnel_key_erspan", "TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_",
		attr(1, "TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_VER", codec.KindU8),
		attr(2, "TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_INDEX", codec.KindBE32),
		attr(3, "TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_DIR", codec.KindU8),
		attr(4, "TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_HWID", codec.KindU8),
	)
	opts := codec.NewTable("tunnel_key_opts", "TCA_TUNNEL_KEY_ENC_OPTS_",
		nestAttr(1, "TCA_TUNNEL_KEY_ENC_OPTS_GENEVE", geneve),
		nestAttr(2, "TCA_TUNNEL_KEY_ENC_OPTS_VXLAN", vxlan),
		nestAttr(3, "TCA_TUNNEL_KEY_ENC_OPTS_ERSPAN", erspan),
	)
	registerAction("tunnel_key", codec.NewTable("tunnel_key", "TCA_TUNNEL_KEY_",
		structAttr(tunkeyTM, "TCA_TUNNEL_KEY_TM", codec.NewStruct("tcf_t", tcfTFields...)),
		structAttr(tunkeyParms, "TCA_TUNNEL_KEY_PARMS", codec.NewStruct("tc_tunnel_key",
			append(append([]codec.Field{}, tcGenFields...), codec.Field{Name: "t_action", Kind: codec.KindS32})...)),
		attr(tunkeyIPv4Src, "TCA_TUNNEL_KEY_ENC_IPV4_SRC", codec.KindAddr),
		attr(tunkeyIPv4Dst, "TCA_TUNNEL_KEY_ENC_IPV4_DST", codec.KindAddr),
		attr(tunkeyIPv6Src, "TCA_TUNNEL_KEY_ENC_IPV6_SRC", codec.KindAddr),
		attr(tunkeyIPv6Dst, "TCA_TUNNEL_KEY_ENC_IPV6_DST", codec.KindAddr),
		attr(tunkeyKeyID, "TCA_TUNNEL_KEY_ENC_KEY_ID", codec.KindBE32),
		attr(tunkeyPad, "TCA_TUNNEL_KEY_PAD", codec.KindBinary),
		attr(tunkeyDstPort, "TCA_TUNNEL_KEY_ENC_DST_PORT", codec.KindBE16),
		attr(tunkeyNoCsum, "TCA_TUNNEL_KEY_NO_CSUM", codec.KindU8),
		nestAttr(tunkeyOpts, "TCA_TUNNEL_KEY_ENC_OPTS", opts),
		attr(tunkeyTOS, "TCA_TUNNEL_KEY_ENC_TOS", codec.KindU8),
		attr(tunkeyTTL, "TCA_TUNNEL_KEY_ENC_TTL", codec.KindU8),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "tunnel_key", Doc: "set or release tunnel metadata for collect_md tunnels", Params: []Param{
			{Name: "unset", Type: "bool", Doc: "release the metadata instead of setting it"},
			{Name: "src_ip", Type: "string", Doc: "outer source address (set)"},
			{Name: "dst_ip", Type: "string", Doc: "outer destination address (set)"},
			{Name: "id", Type: "int", Doc: "key id / VNI"},
			{Name: "dst_port", Type: "int", Doc: "outer UDP destination port"},
			{Name: "no_csum", Type: "bool", Doc: "no outer UDP checksum"},
			{Name: "tos", Type: "int", Doc: "outer TOS"},
			{Name: "ttl", Type: "int", Doc: "outer TTL"},
			{Name: "action", Type: "string", Doc: "verdict after (default pipe)"},
			{Name: "index", Type: "int", Doc: "action index"},
		}},
		action:       tunnelKeyFromSpec,
		decodeAction: decodeTunnelKey,
	})
}
