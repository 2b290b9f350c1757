package tc

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// QdiscOptions is the kind-specific part of a qdisc: HTB, TBF, SFQ … one
// type per kind. The interface is sealed: only this package's kinds
// implement it.
type QdiscOptions interface {
	// Kind returns the kernel's name of the kind ("htb").
	Kind() string
	// appendQdisc appends TCA_OPTIONS (or nothing, for kinds without
	// options) to the open message.
	appendQdisc(b *wire.Builder) error
}

// ClassOptions is the kind-specific part of a class (HTBClass,
// HFSCClass, DRRClass). Sealed.
type ClassOptions interface {
	Kind() string
	appendClass(b *wire.Builder) error
}

// FilterOptions is the kind-specific part of a filter (U32, BPF,
// Matchall, Flower, FW, Basic, Route). Sealed.
type FilterOptions interface {
	Kind() string
	appendFilter(b *wire.Builder) error
}

// Action is one tc action (Gact, Mirred, Police, ActBPF, SkbEdit, VLAN,
// TunnelKey, Csum, Pedit, Connmark), attached to a filter alone or in a
// chain. Sealed.
type Action interface {
	Kind() string
	// appendAction appends the action's TCA_ACT_OPTIONS.
	appendAction(b *wire.Builder) error
}

// Param describes one keyword of a kind in the catalogue.
type Param struct {
	Name     string // pyroute2's keyword, "rate"
	Type     string // "int", "rate", "size", "time", "bool", "handle", "string", "float", "percent", "list", "curve", "actions"
	Unit     string // what a bare number means, "bytes/s", "bytes", "µs"
	Required bool
	Doc      string
}

// KindInfo is one supported kind in the catalogue (pyroute2's
// tc("modules")): what it can be (qdisc, class, filter, action) and its
// keywords.
type KindInfo struct {
	Name        string
	Objects     []string // "qdisc", "class", "filter", "action"
	Doc         string
	Params      []Param // of the qdisc, filter or action
	ClassParams []Param // of its classes, for classful qdiscs
}

type kindDef struct {
	KindInfo
	qdisc  func(*kw) QdiscOptions
	class  func(*kw) ClassOptions
	filter func(*kw) FilterOptions
	action func(*kw) Action

	// Typed decoders of TCA_OPTIONS' value, best effort: what they cannot
	// read stays zero.
	decodeQdisc  func([]byte) QdiscOptions
	decodeClass  func([]byte) ClassOptions
	decodeFilter func([]byte) FilterOptions
	decodeAction func([]byte) Action
}

var kinds = map[string]*kindDef{}

// register adds d to the catalogue; called from init functions only.
func register(d *kindDef) {
	if _, dup := kinds[d.Name]; dup {
		panic("tc: kind " + d.Name + " registered twice")
	}
	for _, o := range []struct {
		ok   bool
		name string
	}{{d.qdisc != nil, "qdisc"}, {d.class != nil, "class"}, {d.filter != nil, "filter"}, {d.action != nil, "action"}} {
		if o.ok {
			d.Objects = append(d.Objects, o.name)
		}
	}
	kinds[d.Name] = d
}

// registerTable registers t for kind's TCA_OPTIONS with codec, once.
func registerTable(kind string, t *codec.Table) { codec.RegisterTCOptions(kind, t) }

// Kinds returns the catalogue of supported kinds, sorted by name. The
// slice is new; its KindInfo values share their Params with the package
// and must not be modified.
func Kinds() []KindInfo {
	out := make([]KindInfo, 0, len(kinds))
	for _, d := range kinds {
		out = append(out, d.KindInfo)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Help returns the description of kind and its keywords as text, with
// types, units and which are required (pyroute2's tc("help", "htb")).
func Help(kind string) (string, error) {
	d, ok := kinds[kind]
	if !ok {
		return "", fmt.Errorf("tc: help: %w", &ParamError{Kind: kind, Reason: "unknown kind"})
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s (%s): %s\n", d.Name, strings.Join(d.Objects, ", "), d.Doc)
	writeParams(&sb, "", d.Params)
	if len(d.ClassParams) > 0 {
		writeParams(&sb, "class ", d.ClassParams)
	}
	return sb.String(), nil
}

func writeParams(sb *strings.Builder, prefix string, ps []Param) {
	for _, p := range ps {
		req := ""
		if p.Required {
			req = ", required"
		}
		unit := ""
		if p.Unit != "" {
			unit = " in " + p.Unit
		}
		fmt.Fprintf(sb, "  %s%s (%s%s%s): %s\n", prefix, p.Name, p.Type, unit, req, p.Doc)
	}
}

// ErrBadParam is matched (errors.Is) by every *ParamError; so is
// codec.ErrBadSpec.
var ErrBadParam = errors.New("tc: bad parameter")

// ParamError reports bad keyword input, before anything is sent: an
// unknown kind, an unknown or missing keyword, or a value of the wrong
// type or range.
type ParamError struct {
	Kind   string // "htb"
	Param  string // "rate"; empty for an unknown kind
	Value  any    // the offending value; nil when missing or unknown
	Reason string
}

func (e *ParamError) Error() string {
	switch {
	case e.Param == "":
		return fmt.Sprintf("tc: %s %q", e.Reason, e.Kind)
	case e.Value == nil:
		return fmt.Sprintf("tc: %s: parameter %q: %s", e.Kind, e.Param, e.Reason)
	}
	return fmt.Sprintf("tc: %s: parameter %q: value %#v (%T): %s", e.Kind, e.Param, e.Value, e.Value, e.Reason)
}

// Is matches ErrBadParam and codec.ErrBadSpec.
func (e *ParamError) Is(target error) bool {
	return target == ErrBadParam || target == codec.ErrBadSpec
}

// lookupKind returns the definition of kind for object obj ("qdisc" …).
func lookupKind(kind, obj string) (*kindDef, error) {
	d, ok := kinds[kind]
	if !ok {
		return nil, &ParamError{Kind: kind, Reason: "unknown kind"}
	}
	if !slices.Contains(d.Objects, obj) {
		return nil, &ParamError{Kind: kind, Reason: "not a " + obj + " kind"}
	}
	return d, nil
}
