package codec

import "github.com/nlroute/nlroute/wire"

// Link state words of HeaderValue("state"); never changed.
var (
	stateUp   = []byte("up")
	stateDown = []byte("down")
	stateSpec = AttrSpec{Name: "state", Kind: KindString}
)

// HeaderValue returns a family-header field of m as a Value, as
// pyroute2's msg.get("index") reads one: its Kind is the field's, Uint
// reads it, and its bytes borrow the message's header. pyroute2's
// derived link "state" ("up" or "down" from IFF_UP) is a KindString
// value. Get falls back to it for a name that is not an attribute. It
// allocates nothing.
func (m *Msg) HeaderValue(name string) (Value, bool) {
	if m.schema == nil || m.fixed == nil {
		return Value{}, false
	}
	h := m.schema.Header
	i := h.FieldIndex(name)
	if i < 0 {
		if name == "state" && m.schema == Link {
			return m.linkState()
		}
		return Value{}, false
	}
	f := &h.Fields[i]
	end := f.Offset + f.Kind.Width()
	if end > len(m.fixed) || i >= len(h.fieldSpecs) {
		return Value{}, false
	}
	return Value{Attr: wire.Attr{Value: m.fixed[f.Offset:end:end]}, Spec: &h.fieldSpecs[i]}, true
}

func (m *Msg) linkState() (Value, bool) {
	flags, ok := m.Field("flags")
	if !ok {
		return Value{}, false
	}
	b := stateDown
	if flags&1 != 0 { // IFF_UP
		b = stateUp
	}
	return Value{Attr: wire.Attr{Value: b[:len(b):len(b)]}, Spec: &stateSpec}, true
}
