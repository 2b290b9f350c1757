package tc

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// TCA_ACT_* (pkt_cls.h).
const (
	actKind    = 1
	actOptions = 2
)

// Control is an action's verdict (TC_ACT_*): what happens to the packet
// next.
type Control int32

// Verdicts.
const (
	ActContinue   Control = -1 // TC_ACT_UNSPEC
	ActOK         Control = 0  // TC_ACT_OK, "pass"
	ActReclassify Control = 1  // TC_ACT_RECLASSIFY
	ActDrop       Control = 2  // TC_ACT_SHOT
	ActPipe       Control = 3  // TC_ACT_PIPE
	ActStolen     Control = 4  // TC_ACT_STOLEN
	ActTrap       Control = 8  // TC_ACT_TRAP
)

var controlNames = map[string]uint32{
	"continue": uint32(0xffffffff), "ok": 0, "pass": 0, "reclassify": 1, "drop": 2, "shot": 2,
	"pipe": 3, "stolen": 4, "trap": 8,
}

// ParseControl parses a verdict name ("drop", "pass", "ok", "pipe" …).
func ParseControl(s string) (Control, error) {
	v, ok := controlNames[strings.ToLower(s)]
	if !ok {
		return 0, fmt.Errorf("tc: unknown action verdict %q", s)
	}
	return Control(int32(v)), nil
}

// putGen fills struct tc_gen (index, capab, action, refcnt, bindcnt),
// the head of every action's parameters.
func putGen(b []byte, index uint32, c Control) {
	putU32s(b, index, 0, uint32(c), 0, 0)
}

// appendActions appends the TCA_*_ACT nest of a filter: one nest per
// action, numbered from 1 in order, each with TCA_ACT_KIND and
// TCA_ACT_OPTIONS.
func appendActions(b *wire.Builder, t uint16, acts []Action) error {
	if len(acts) == 0 {
		return nil
	}
	n := b.Nest(t)
	for i, a := range acts {
		an := b.Nest(uint16(i + 1))
		b.PutString(actKind, a.Kind())
		on := b.Nest(actOptions)
		if err := a.appendAction(b); err != nil {
			return err
		}
		b.EndNest(on)
		b.EndNest(an)
	}
	b.EndNest(n)
	return nil
}

// decodeActions reads a TCA_*_ACT nest back into typed actions, for the
// kinds this package decodes (others are skipped).
func decodeActions(v []byte) []Action {
	var out []Action
	attrsOf(v, func(a wire.Attr) {
		var kind string
		var opts []byte
		attrsOf(a.Value, func(x wire.Attr) {
			switch x.Kind() {
			case actKind:
				kind = string(x.StringBytes())
			case actOptions:
				opts = x.Value
			}
		})
		if d := kinds[kind]; d != nil && d.decodeAction != nil {
			out = append(out, d.decodeAction(opts))
		}
	})
	return out
}

// genAction reads the tc_gen verdict from a PARMS attribute.
func genAction(p []byte) Control {
	if len(p) < 12 {
		return 0
	}
	return Control(int32(binary.NativeEndian.Uint32(p[8:])))
}

// actionsFromSpec reads pyroute2's action forms: a verdict string
// ("drop", a gact), a map with "kind", or a list of either.
func actionsFromSpec(k *kw, name string) []Action {
	v, ok := k.get(name)
	if !ok {
		return nil
	}
	var l []any
	switch x := v.(type) {
	case []any:
		l = x
	case []map[string]any:
		for _, m := range x {
			l = append(l, m)
		}
	default:
		l = []any{v}
	}
	out := make([]Action, 0, len(l))
	for _, item := range l {
		a, err := actionFromSpec(item)
		if err != nil {
			k.fail(name, item, err.Error())
			return nil
		}
		out = append(out, a)
	}
	return out
}

func actionFromSpec(v any) (Action, error) {
	switch x := v.(type) {
	case Action:
		return x, nil
	case string:
		c, err := ParseControl(x)
		return Gact{Action: c}, err
	case map[string]any:
		kind, _ := x["kind"].(string)
		d, err := lookupKind(kind, "action")
		if err != nil {
			return nil, err
		}
		k := newKW(kind, x, d.Params)
		k.check("kind")
		if k.err != nil {
			return nil, k.err
		}
		a := d.action(k)
		return a, k.err
	}
	return nil, fmt.Errorf("not an action (a verdict, a map with kind, or a list)")
}

// actionParam is the catalogue entry of a filter's "action" keyword.
var actionParam = Param{Name: "action", Type: "actions", Doc: `a verdict ("drop"), a map with "kind", or a list of them`}

// actionTables maps an action kind to its TCA_ACT_OPTIONS table; filled
// by init functions only.
var actionTables = map[string]*codec.Table{}

func registerAction(kind string, t *codec.Table) { actionTables[kind] = t }

// actTable is one action (TCA_ACT_*): kind, options chosen by kind,
// index, statistics.
var actTable = codec.NewTable("action", "TCA_ACT_",
	attr(actKind, "TCA_ACT_KIND", codec.KindString),
	codec.AttrSpec{Type: actOptions, Name: "TCA_ACT_OPTIONS", Kind: codec.KindNested,
		Select: &codec.Selector{Sibling: actKind, ByName: actionTables}},
	attr(3, "TCA_ACT_INDEX", codec.KindU32),
	nestAttr(4, "TCA_ACT_STATS", codec.TCStats()),
	attr(5, "TCA_ACT_PAD", codec.KindBinary),
	attr(6, "TCA_ACT_COOKIE", codec.KindBinary),
	attr(7, "TCA_ACT_FLAGS", codec.KindBinary),
	attr(8, "TCA_ACT_HW_STATS", codec.KindBinary),
	attr(9, "TCA_ACT_USED_HW_STATS", codec.KindBinary),
	attr(10, "TCA_ACT_IN_HW_COUNT", codec.KindU32),
)

// actsTable is a filter's action list: attribute n is the n-th action
// (TCA_ACT_MAX_PRIO is 32).
var actsTable = func() *codec.Table {
	specs := make([]codec.AttrSpec, 32)
	for i := range specs {
		specs[i] = nestAttr(uint16(i+1), "TCA_ACT_PRIO_"+strconv.Itoa(i+1), actTable)
	}
	return codec.NewTable("actions", "TCA_ACT_", specs...)
}()
