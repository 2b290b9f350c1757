package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// TCA_VLAN_* (tc_act/tc_vlan.h).
const (
	vlanTM       = 1
	vlanParms    = 2
	vlanPushID   = 3
	vlanPushProt = 4
	vlanPad      = 5
	vlanPushPrio = 6
	vlanPushDst  = 7
	vlanPushSrc  = 8
)

// VLAN action operations (TCA_VLAN_ACT_*).
const (
	VLANPop    = 1
	VLANPush   = 2
	VLANModify = 3
)

// VLAN pops, pushes or modifies a packet's outer VLAN tag.
type VLAN struct {
	Op       uint32 // VLANPop, VLANPush, VLANModify; required
	ID       uint16 // push, modify: the VLAN id (0..4095)
	Protocol uint16 // push, modify: Proto8021Q (the kernel's default when 0) or 0x88a8
	Prio     uint8  // push, modify: the priority (0..7)
	Action   Control
	Index    uint32
}

// Kind returns "vlan".
func (VLAN) Kind() string { return "vlan" }

func (a VLAN) appendAction(b *wire.Builder) error {
	switch {
	case a.Op < VLANPop || a.Op > VLANModify:
		return &ParamError{Kind: "vlan", Param: "v_action", Value: a.Op, Reason: "not pop, push or modify"}
	case a.ID > 4095:
		return &ParamError{Kind: "vlan", Param: "id", Value: a.ID, Reason: "out of range"}
	case a.Prio > 7:
		return &ParamError{Kind: "vlan", Param: "priority", Value: a.Prio, Reason: "out of range"}
	}
	var p [24]byte
	putGen(p[:], a.Index, a.Action)
	putU32s(p[20:], a.Op)
	b.PutBytes(vlanParms, p[:])
	if a.Op != VLANPop {
		b.PutUint16(vlanPushID, a.ID)
		if a.Protocol != 0 {
			b.PutUint16BE(vlanPushProt, a.Protocol)
		}
		b.PutUint8(vlanPushPrio, a.Prio)
	}
	return nil
}

func decodeVLAN(o []byte) Action {
	var a VLAN
	attrsOf(o, func(x wire.Attr) {
		switch x.Kind() {
		case vlanParms:
			a.Index, a.Action, a.Op = u32At(x.Value, 0), genAction(x.Value), u32At(x.Value, 20)
		case vlanPushID:
			a.ID = u16At(x.Value, 0)
		case vlanPushProt:
			a.Protocol = be16(x.Value)
		case vlanPushPrio:
			if len(x.Value) > 0 {
				a.Prio = x.Value[0]
			}
		}
	})
	return a
}

var vlanOps = map[string]uint32{"pop": VLANPop, "push": VLANPush, "modify": VLANModify}

func init() {
	registerAction("vlan", codec.NewTable("vlan", "TCA_VLAN_",
		structAttr(vlanTM, "TCA_VLAN_TM", codec.NewStruct("tcf_t", tcfTFields...)),
		structAttr(vlanParms, "TCA_VLAN_PARMS", codec.NewStruct("tc_vlan",
			append(append([]codec.Field{}, tcGenFields...), codec.Field{Name: "v_action", Kind: codec.KindS32})...)),
		attr(vlanPushID, "TCA_VLAN_PUSH_VLAN_ID", codec.KindU16),
		attr(vlanPushProt, "TCA_VLAN_PUSH_VLAN_PROTOCOL", codec.KindBE16),
		attr(vlanPad, "TCA_VLAN_PAD", codec.KindBinary),
		attr(vlanPushPrio, "TCA_VLAN_PUSH_VLAN_PRIORITY", codec.KindU8),
		attr(vlanPushDst, "TCA_VLAN_PUSH_ETH_DST", codec.KindMAC),
		attr(vlanPushSrc, "TCA_VLAN_PUSH_ETH_SRC", codec.KindMAC),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "vlan", Doc: "pop, push or modify a VLAN tag", Params: []Param{
			{Name: "v_action", Type: "string", Required: true, Doc: "pop, push or modify"},
			{Name: "id", Type: "int", Doc: "VLAN id (push, modify)"},
			{Name: "protocol", Type: "string", Doc: "802.1q (default) or 802.1ad (push, modify)"},
			{Name: "priority", Type: "int", Doc: "VLAN priority 0..7 (push, modify)"},
			{Name: "action", Type: "string", Doc: "verdict after (default pipe)"},
			{Name: "index", Type: "int", Doc: "action index"},
		}},
		action: func(k *kw) Action {
			a := VLAN{Op: k.enum("v_action", 0, vlanOps), ID: uint16(k.uint("id", 0, 4095)),
				Protocol: uint16(k.enum("protocol", 0, ethTypeNames)), Prio: uint8(k.uint("priority", 0, 7)),
				Action: Control(int32(k.enum("action", uint32(ActPipe), controlNames))), Index: k.u32("index", 0)}
			if a.Op != VLANPop && !k.has("id") {
				k.fail("id", nil, "missing required parameter (push, modify)")
			}
			return a
		},
		decodeAction: decodeVLAN,
	})
}
