package rtnl

import (
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
)

// cond is one compiled key of a Match: where to read (a family-header
// field, an attribute and a path below it, or a derived value) and what
// to compare with.
type cond struct {
	name   string // the canonical keyword path: "table", "linkinfo.kind"
	field  int    // family-header field index, or -1
	signed bool   // the field is signed
	mirror uint16 // attribute overriding the field (RTA_TABLE), or 0
	attr   uint16 // top-level attribute type, when field < 0
	prefix bool   // the attribute has a PrefixField (RTA_DST and dst_len)
	path   []string
	derive func(m *codec.Msg) (uint64, bool) // a derived value; field and attr unused
	never  bool                              // matches nothing (a filter that failed to compile)
	any    []cond                            // a list value: matches when any of these does
	want   want
}

// derivedKeys are keys that are neither fields nor attributes.
var derivedKeys = map[string]map[string]func(*codec.Msg) (uint64, bool){
	"link": {"state": linkStateUp},
}

// linkStateUp derives pyroute2's link "state": 1 ("up") when IFF_UP.
func linkStateUp(m *codec.Msg) (uint64, bool) {
	if len(m.Fixed()) < codec.IfInfoMsg.Size {
		return 0, false
	}
	return m.FieldAt(linkFieldFlags) & uapi.IFF_UP, true
}

func compileCond(s *codec.Schema, path []string, v any) (cond, error) {
	c := cond{name: strings.Join(path, "."), field: -1}
	bad := func(why string) (cond, error) {
		return cond{}, &codec.SpecError{Schema: s.Name, Keyword: c.name, Value: v, Reason: why}
	}
	if len(path) == 1 {
		if i := s.Header.FieldIndex(path[0]); i >= 0 && !strings.HasPrefix(path[0], "__") {
			f := s.Header.Fields[i]
			c.field, c.signed, c.mirror = i, f.Kind.IsSigned(), f.Mirror
			w, err := compileWant(symbolic(s, path[0], v), f.Kind)
			if err != "" {
				return bad(err)
			}
			c.want = w
			return c, nil
		}
		if d, ok := derivedKeys[s.Name][path[0]]; ok {
			c.derive = d
			w, err := compileWant(stateWord(v), codec.KindU32)
			if err != "" {
				return bad(err)
			}
			c.want = w
			return c, nil
		}
	}
	sp := s.Attrs.ByName(path[0])
	if sp == nil {
		return cond{}, &codec.SpecError{Schema: s.Name, Keyword: path[0], Reason: "unknown keyword"}
	}
	c.attr, c.prefix, c.path = sp.Type, sp.PrefixField != "", path[1:]
	names := []string{sp.Short()}
	kind := sp.Kind
	tb := sp.Nested
	for _, p := range c.path {
		if sp.Select != nil || tb == nil {
			kind = codec.KindBinary // resolved per message: unknown now
			names = append(names, p)
			tb = nil
			continue
		}
		if sp = tb.ByName(p); sp == nil {
			return cond{}, &codec.SpecError{Schema: s.Name, Keyword: c.name, Reason: "unknown keyword"}
		}
		kind, tb = sp.Kind, sp.Nested
		names = append(names, sp.Short())
	}
	c.name = strings.Join(names, ".")
	if len(names) == 1 {
		v = symbolic(s, names[0], v)
	}
	w, err := compileWant(v, kind)
	if err != "" {
		return bad(err)
	}
	c.want = w
	return c, nil
}

// stateWord maps pyroute2's "up"/"down" to the IFF_UP bit.
func stateWord(v any) any {
	switch v {
	case "up", "UP":
		return uapi.IFF_UP
	case "down", "DOWN":
		return 0
	}
	return v
}

func (c *cond) match(m *codec.Msg) bool {
	switch {
	case c.never:
		return false
	case c.any != nil:
		for i := range c.any {
			if c.any[i].match(m) {
				return true
			}
		}
		return false
	case c.derive != nil:
		u, ok := c.derive(m)
		return ok && c.want.uint(u, false)
	case c.field >= 0:
		if c.mirror != 0 {
			if a, ok := m.RawAttr(c.mirror); ok {
				if u, ok := a.Uint32(); ok {
					return c.want.uint(uint64(u), false)
				}
			}
		}
		if len(m.Fixed()) == 0 {
			return false
		}
		return c.want.uint(m.FieldAt(c.field), c.signed)
	}
	if len(c.path) > 0 {
		return c.matchNested(m)
	}
	if c.prefix && c.want.kind == wantPrefix {
		p, ok := m.Prefix(c.name)
		return ok && p == c.want.p
	}
	v, ok := m.GetAttrType(c.attr)
	if !ok {
		return c.want.absent()
	}
	if c.want.value(v) {
		return true
	}
	it := m.GetAttrs(c.name) // a repeated attribute matches when any does
	it.Next()
	for it.Next() {
		if c.want.value(it.Value()) {
			return true
		}
	}
	return false
}

// matchNested follows the path to the chain holding the last name, and
// matches when any attribute of that name there does.
func (c *cond) matchNested(m *codec.Msg) bool {
	v, ok := m.GetAttrType(c.attr)
	if ok && len(c.path) > 1 {
		v, ok = v.Nest().Get(c.path[:len(c.path)-1]...)
	}
	if !ok {
		return c.want.absent()
	}
	it := v.Nest().GetAttrs(c.path[len(c.path)-1])
	found := false
	for it.Next() {
		found = true
		if c.want.value(it.Value()) {
			return true
		}
	}
	return !found && c.want.absent()
}
