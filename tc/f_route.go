package tc

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TCA_ROUTE4_* (pkt_cls.h).
const (
	route4ClassID = 1
	route4To      = 2
	route4From    = 3
	route4IIF     = 4
	route4Police  = 5
	route4Act     = 6
)

// Route classifies by the routing decision: the realms of the route that
// carried the packet (To, the destination realm; From, the source realm)
// or the interface it arrived on (IIF, exclusive with From). The
// filter's handle encodes them; when Filter.Handle is 0 appendFilter
// sends the one the kernel expects (tc's "fh 0xffff000a" for "to 10").
type Route struct {
	ClassID Handle
	To      uint32 // destination realm, 0..255; 0 means any
	From    uint32 // source realm; 0 means any
	IIF     uint32 // input interface index; 0 means any
	Actions []Action
}

// Kind returns "route".
func (Route) Kind() string { return "route" }

func (f Route) appendFilter(b *wire.Builder) error {
	if f.From != 0 && f.IIF != 0 {
		return &ParamError{Kind: "route", Param: "from", Value: f.From, Reason: "exclusive with fromif"}
	}
	n := b.Nest(uapi.TCA_OPTIONS)
	if f.ClassID != 0 {
		b.PutUint32(route4ClassID, uint32(f.ClassID))
	}
	if f.To != 0 {
		b.PutUint32(route4To, f.To)
	}
	if f.From != 0 {
		b.PutUint32(route4From, f.From)
	}
	if f.IIF != 0 {
		b.PutUint32(route4IIF, f.IIF)
	}
	if err := appendActions(b, route4Act, f.Actions); err != nil {
		return err
	}
	b.EndNest(n)
	return nil
}

// derivedHandle is the handle route4 requires for these options: the
// destination realm (or 0x8000 for any) in the low half, the source realm,
// the input interface | 0x8000, or 0xffff (any) in the high half.
func (f Route) derivedHandle() uint32 {
	h := uint32(0x8000)
	if f.To != 0 {
		h = f.To & 0xff
	}
	switch {
	case f.From != 0:
		h |= (f.From & 0xff) << 16
	case f.IIF != 0:
		h |= (f.IIF | 0x8000) << 16
	default:
		h |= 0xffff << 16
	}
	return h
}

func decodeRoute(o []byte) FilterOptions {
	var f Route
	attrsOf(o, func(a wire.Attr) {
		switch a.Kind() {
		case route4ClassID:
			f.ClassID = Handle(au32(a))
		case route4To:
			f.To = au32(a)
		case route4From:
			f.From = au32(a)
		case route4IIF:
			f.IIF = au32(a)
		case route4Act:
			f.Actions = decodeActions(a.Value)
		}
	})
	return f
}

func init() {
	registerTable("route", codec.NewTable("route", "TCA_ROUTE4_",
		attr(route4ClassID, "TCA_ROUTE4_CLASSID", codec.KindU32),
		attr(route4To, "TCA_ROUTE4_TO", codec.KindU32),
		attr(route4From, "TCA_ROUTE4_FROM", codec.KindU32),
		attr(route4IIF, "TCA_ROUTE4_IIF", codec.KindU32),
		attr(route4Police, "TCA_ROUTE4_POLICE", codec.KindBinary),
		nestAttr(route4Act, "TCA_ROUTE4_ACT", actsTable),
	))
	register(&kindDef{
		KindInfo: KindInfo{Name: "route", Doc: "classify by route realm or input interface", Params: []Param{
			{Name: "classid", Type: "handle", Doc: "class selected (also target)"},
			{Name: "target", Type: "handle", Doc: "class selected"},
			{Name: "to", Type: "int", Doc: "destination realm (0..255)"},
			{Name: "from", Type: "int", Doc: "source realm (0..255)"},
			{Name: "fromif", Type: "int", Doc: "input interface index (exclusive with from)"},
			actionParam,
		}},
		filter: func(k *kw) FilterOptions {
			f := Route{ClassID: k.handle("classid", k.handle("target", 0)), To: uint32(k.uint("to", 0, 255)),
				From: uint32(k.uint("from", 0, 255)), IIF: k.u32("fromif", 0), Actions: actionsFromSpec(k, "action")}
			if f.From != 0 && f.IIF != 0 {
				k.fail("from", f.From, "exclusive with fromif")
			}
			return f
		},
		decodeFilter: decodeRoute,
	})
}
