package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_FW_* (pkt_cls.h).
const (
	fwClassID = 1
	fwPolice  = 2
	fwIndev   = 3
	fwAct     = 4
	fwMask    = 5
)

// FW classifies by firewall mark: a packet matches when its mark, ANDed
// with Mask, equals the filter's handle (Filter.Handle, tc's "handle 1
// fw"). Without ClassID the mark itself is the class (when it names one).
type FW struct {
	ClassID Handle
	Mask    uint32 // 0 leaves the kernel's default, 0xffffffff
	Indev   string // match only packets that arrived on this link
	Actions []Action
}

// Kind returns "fw".
func (FW) Kind() string { return "fw" }

func (f FW) appendFilter(b *wire.Builder) error {
	n := b.Nest(uapi.TCA_OPTIONS)
	if f.ClassID != 0 {
		b.PutUint32(fwClassID, uint32(f.ClassID))
	}
	if f.Mask != 0 {
		b.PutUint32(fwMask, f.Mask)
	}
	if f.Indev != "" {
		b.PutString(fwIndev, f.Indev)
	}
	if err := appendActions(b, fwAct, f.Actions); err != nil {
		return err
	}
	b.EndNest(n)
	return nil
}

func decodeFW(o []byte) FilterOptions {
	var f FW
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case fwClassID:
			f.ClassID = Handle(au32(a))
		case fwMask:
			if m := au32(a); m != 0xffffffff {
				f.Mask = m
			}
		case fwIndev:
			f.Indev = string(a.StringBytes())
		case fwAct:
			f.Actions = decodeActions(a.Value)
		}
	})
	return f
}

func init() {
	registerTable("fw", codec.NewTable("fw", "TCA_FW_",
		attr(fwClassID, "TCA_FW_CLASSID", codec.KindU32),
		attr(fwPolice, "TCA_FW_POLICE", codec.KindBinary),
		attr(fwIndev, "TCA_FW_INDEV", codec.KindString),
		nestAttr(fwAct, "TCA_FW_ACT", actsTable),
		attr(fwMask, "TCA_FW_MASK", codec.KindU32),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "fw", Doc: "classify by firewall mark (the filter's handle is the mark)", Params: []Param{
			{Name: "classid", Type: "handle", Doc: "class selected (also target)"},
			{Name: "target", Type: "handle", Doc: "class selected"},
			{Name: "mask", Type: "int", Doc: "mask applied to the mark before comparing (default 0xffffffff)"},
			{Name: "indev", Type: "string", Doc: "match only packets received on this link"},
			actionParam,
		}},
		filter: func(k *kw) FilterOptions {
			return FW{ClassID: k.handle("classid", k.handle("target", 0)), Mask: k.u32("mask", 0),
				Indev: k.str("indev", ""), Actions: actionsFromSpec(k, "action")}
		},
		decodeFilter: decodeFW,
	})
}
