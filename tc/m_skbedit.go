package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// TCA_SKBEDIT_* (tc_act/tc_skbedit.h).
const (
	skbeditTM           = 1
	skbeditParms        = 2
	skbeditPriority     = 3
	skbeditQueueMapping = 4
	skbeditMark         = 5
	skbeditPad          = 6
	skbeditPtype        = 7
	skbeditMask         = 8
	skbeditFlags        = 9
	skbeditQueueMapMax  = 10

	skbeditFlagInheritDSField = 1 << 0 // SKBEDIT_F_INHERITDSFIELD, in TCA_SKBEDIT_FLAGS
)

// Packet types for SkbEdit.PType (PACKET_* of if_packet.h).
const (
	PacketHost      = 0
	PacketBroadcast = 1
	PacketMulticast = 2
	PacketOtherHost = 3
)

// SkbEdit changes a packet's metadata: its priority (a class id), its
// transmit queue, its firewall mark (under Mask), its packet type. Each
// Has… flag says which to set.
type SkbEdit struct {
	Priority        Handle // skb->priority, e.g. a class "1:10"
	HasPriority     bool
	QueueMapping    uint16
	HasQueueMapping bool
	Mark            uint32
	HasMark         bool
	Mask            uint32 // bits of the mark to change; 0 means all
	PType           uint16 // PacketHost …
	HasPType        bool
	InheritDSField  bool // set the priority from the IP DS field
	Action          Control
	Index           uint32
}

// Kind returns "skbedit".
func (SkbEdit) Kind() string { return "skbedit" }

func (a SkbEdit) appendAction(b *wire.Builder) error {
	if !a.HasPriority && !a.HasQueueMapping && !a.HasMark && !a.HasPType && !a.InheritDSField {
		return &ParamError{Kind: "skbedit", Param: "mark", Reason: "missing: set at least one of priority, queue_mapping, mark, ptype, inheritdsfield"}
	}
	var p [20]byte
	putGen(p[:], a.Index, a.Action)
	b.PutBytes(skbeditParms, p[:])
	if a.HasPriority {
		b.PutUint32(skbeditPriority, uint32(a.Priority))
	}
	if a.HasQueueMapping {
		b.PutUint16(skbeditQueueMapping, a.QueueMapping)
	}
	if a.HasMark {
		b.PutUint32(skbeditMark, a.Mark)
		if a.Mask != 0 && a.Mask != 0xffffffff {
			b.PutUint32(skbeditMask, a.Mask)
		}
	}
	if a.HasPType {
		b.PutUint16(skbeditPtype, a.PType)
	}
	if a.InheritDSField {
		b.PutUint64(skbeditFlags, skbeditFlagInheritDSField)
	}
	return nil
}

func decodeSkbEdit(o []byte) Action {
	var a SkbEdit
	attrsOf(o, func(x wire.Attr) {
		switch x.Kind() {
		case skbeditParms:
			a.Index, a.Action = u32At(x.Value, 0), genAction(x.Value)
		case skbeditPriority:
			a.Priority, a.HasPriority = Handle(au32(x)), true
		case skbeditQueueMapping:
			a.QueueMapping, a.HasQueueMapping = u16At(x.Value, 0), true
		case skbeditMark:
			a.Mark, a.HasMark = au32(x), true
		case skbeditMask:
			if m := au32(x); m != 0xffffffff {
				a.Mask = m
			}
		case skbeditPtype:
			a.PType, a.HasPType = u16At(x.Value, 0), true
		case skbeditFlags:
			a.InheritDSField = au64(x)&skbeditFlagInheritDSField != 0
		}
	})
	return a
}

var packetTypes = map[string]uint32{"host": PacketHost, "broadcast": PacketBroadcast, "multicast": PacketMulticast, "otherhost": PacketOtherHost}

func skbEditFromSpec(k *kw) Action {
	a := SkbEdit{HasPriority: k.has("priority"), Priority: k.handle("priority", 0),
		HasQueueMapping: k.has("queue_mapping"), QueueMapping: k.u16("queue_mapping", 0),
		HasMark: k.has("mark"), Mark: k.u32("mark", 0), Mask: k.u32("mask", 0),
		HasPType: k.has("ptype"), PType: uint16(k.enum("ptype", 0, packetTypes)),
		InheritDSField: k.flag("inheritdsfield"),
		Action:         Control(int32(k.enum("action", uint32(ActPipe), controlNames))), Index: k.u32("index", 0)}
	if k.err == nil && !a.HasPriority && !a.HasQueueMapping && !a.HasMark && !a.HasPType && !a.InheritDSField {
		k.fail("mark", nil, "missing: set at least one of priority, queue_mapping, mark, ptype, inheritdsfield")
	}
	return a
}

func init() {
	registerAction("skbedit", codec.NewTable("skbedit", "TCA_SKBEDIT_",
		structAttr(skbeditTM, "TCA_SKBEDIT_TM", codec.NewStruct("tcf_t", tcfTFields...)),
		structAttr(skbeditParms, "TCA_SKBEDIT_PARMS", codec.NewStruct("tc_skbedit", tcGenFields...)),
		attr(skbeditPriority, "TCA_SKBEDIT_PRIORITY", codec.KindU32),
		attr(skbeditQueueMapping, "TCA_SKBEDIT_QUEUE_MAPPING", codec.KindU16),
		attr(skbeditMark, "TCA_SKBEDIT_MARK", codec.KindU32),
		attr(skbeditPad, "TCA_SKBEDIT_PAD", codec.KindBinary),
		attr(skbeditPtype, "TCA_SKBEDIT_PTYPE", codec.KindU16),
		attr(skbeditMask, "TCA_SKBEDIT_MASK", codec.KindU32),
		attr(skbeditFlags, "TCA_SKBEDIT_FLAGS", codec.KindU64),
		attr(skbeditQueueMapMax, "TCA_SKBEDIT_QUEUE_MAPPING_MAX", codec.KindU16),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "skbedit", Doc: "set a packet's priority, queue, mark or type", Params: []Param{
			{Name: "priority", Type: "handle", Doc: `skb priority, a class id ("1:10")`},
			{Name: "queue_mapping", Type: "int", Doc: "transmit queue"},
			{Name: "mark", Type: "int", Doc: "firewall mark"},
			{Name: "mask", Type: "int", Doc: "bits of the mark to change (default all)"},
			{Name: "ptype", Type: "string", Doc: "packet type: host, broadcast, multicast, otherhost"},
			{Name: "inheritdsfield", Type: "bool", Doc: "set the priority from the IP DS field"},
			{Name: "action", Type: "string", Doc: "verdict after (default pipe)"},
			{Name: "index", Type: "int", Doc: "action index"},
		}},
		action:       skbEditFromSpec,
		decodeAction: decodeSkbEdit,
	})
}
