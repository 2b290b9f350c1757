package tc

import (
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// TCA_CSUM_* (tc_act/tc_csum.h); note PARMS comes before TM here.
const (
	csumParms = 1
	csumTM    = 2
	csumPad   = 3
)

// Checksums the csum action recomputes (TCA_CSUM_UPDATE_FLAG_*).
const (
	CsumIPv4Hdr uint32 = 1
	CsumICMP    uint32 = 2
	CsumIGMP    uint32 = 4
	CsumTCP     uint32 = 8
	CsumUDP     uint32 = 16
	CsumUDPLite uint32 = 32
	CsumSCTP    uint32 = 64
)

// Csum recomputes the checksums named by Update (CsumIPv4Hdr | CsumTCP
// …), typically after pedit rewrote addresses or ports.
type Csum struct {
	Update uint32 // required
	Action Control
	Index  uint32
}

// Kind returns "csum".
func (Csum) Kind() string { return "csum" }

func (a Csum) appendAction(b *wire.Builder) error {
	if a.Update == 0 {
		return &ParamError{Kind: "csum", Param: "update", Reason: "missing required parameter"}
	}
	var p [24]byte
	putGen(p[:], a.Index, a.Action)
	putU32s(p[20:], a.Update)
	b.PutBytes(csumParms, p[:])
	return nil
}

var csumNames = map[string]uint32{
	"iph": CsumIPv4Hdr, "ip4h": CsumIPv4Hdr, "ipv4h": CsumIPv4Hdr, "icmp": CsumICMP, "igmp": CsumIGMP,
	"tcp": CsumTCP, "udp": CsumUDP, "udplite": CsumUDPLite, "sctp": CsumSCTP,
}

// csumUpdate reads "update": an integer, a string of names ("iph and
// tcp", "ip4h tcp udp") or a list of names.
func csumUpdate(k *kw) uint32 {
	v, ok := k.get("update")
	if !ok {
		return 0
	}
	var names []string
	switch x := v.(type) {
	case string:
		names = strings.Fields(strings.ReplaceAll(x, ",", " "))
	case []string:
		names = x
	case []any:
		for _, e := range x {
			s, _ := e.(string)
			names = append(names, s)
		}
	default:
		return k.u32("update", 0)
	}
	var fl uint32
	for _, n := range names {
		if n == "and" || n == "|" {
			continue
		}
		f, ok := csumNames[strings.ToLower(n)]
		if !ok {
			k.fail("update", v, "unknown checksum "+n)
			return 0
		}
		fl |= f
	}
	return fl
}

func init() {
	registerAction("csum", codec.NewTable("csum", "TCA_CSUM_",
		structAttr(csumParms, "TCA_CSUM_PARMS", codec.NewStruct("tc_csum",
			append(append([]codec.Field{}, tcGenFields...), codec.Field{Name: "update_flags", Kind: codec.KindU32})...)),
		structAttr(csumTM, "TCA_CSUM_TM", codec.NewStruct("tcf_t", tcfTFields...)),
		attr(csumPad, "TCA_CSUM_PAD", codec.KindBinary),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "csum", Doc: "recompute checksums", Params: []Param{
			{Name: "update", Type: "list", Required: true, Doc: "checksums: iph (ip4h), icmp, igmp, tcp, udp, udplite, sctp"},
			{Name: "action", Type: "string", Doc: "verdict after (default ok)"},
			{Name: "index", Type: "int", Doc: "action index"},
		}},
		action: func(k *kw) Action {
			return Csum{Update: csumUpdate(k), Action: Control(int32(k.enum("action", uint32(ActOK), controlNames))),
				Index: k.u32("index", 0)}
		},
		decodeAction: func(o []byte) Action {
			var a Csum
			attrsOf(o, func(x wire.Attr) {
				if x.Kind() == csumParms {
					a.Index, a.Action, a.Update = u32At(x.Value, 0), genAction(x.Value), u32At(x.Value, 20)
				}
			})
			return a
		},
	})
}
