// Package codectest holds test helpers for packages that produce RTNL
// messages (the BSD and Windows translators): decode what they produced
// through codec, require a byte-exact re-encode, and compare messages as
// "field=value" summaries. Only tests import it.
package codectest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// Decoded is one produced message, decoded back through codec.
type Decoded struct {
	Msg  *codec.Msg // an owned clone
	JSON string     // its pyroute2-style rendering
}

// DecodeAll decodes every message of buf with s, and requires each to
// re-encode through the schema to the same bytes: a producer must emit
// canonical messages only.
func DecodeAll(t testing.TB, s *codec.Schema, buf []byte) []Decoded {
	t.Helper()
	var out []Decoded
	it := wire.NewMessages(buf)
	for it.Next() {
		var m codec.Msg
		if err := m.Reset(s, it.Message()); err != nil {
			t.Fatalf("decode %s message %d: %v", s.Name, len(out), err)
		}
		var b wire.Builder
		m.Encode(&b)
		if raw := it.Message().Raw(buf); b.Err() != nil || !bytes.Equal(b.Bytes(), raw) {
			t.Fatalf("re-encode %s message %d: err %v\n got %x\nwant %x", s.Name, len(out), b.Err(), b.Bytes(), raw)
		}
		out = append(out, Decoded{Msg: m.Clone(), JSON: string(m.AppendJSON(nil))})
	}
	if err := it.Err(); err != nil {
		t.Fatalf("messages: %v", err)
	}
	return out
}

// Summary renders the family header fields and attributes of m as
// "field=value" words, in order: what the tests compare field by field.
func Summary(m *codec.Msg) string {
	var w []string
	for _, f := range m.Schema().Header.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		v, _ := m.Field(f.Name)
		w = append(w, fmt.Sprintf("%s=%d", f.Name, v))
	}
	it := m.Attrs()
	for it.Next() {
		v := it.Value()
		w = append(w, v.Name()+"="+valueString(v))
	}
	return strings.Join(w, " ")
}

func valueString(v codec.Value) string {
	switch k := v.Kind(); {
	case k == codec.KindAddr:
		a, _ := v.Addr()
		return a.String()
	case k == codec.KindMAC:
		return v.MAC().String()
	case k == codec.KindString:
		return string(bytes.TrimRight(v.Bytes(), "\x00"))
	case k.IsInt():
		u, _ := v.Uint()
		return fmt.Sprint(u)
	}
	return fmt.Sprintf("%x", v.Bytes())
}

// CheckMsgs compares the summaries of msgs with want, one per message.
func CheckMsgs(t *testing.T, msgs []Decoded, want []string) {
	t.Helper()
	if len(msgs) != len(want) {
		for _, m := range msgs {
			t.Logf("got %s", Summary(m.Msg))
		}
		t.Fatalf("got %d messages, want %d", len(msgs), len(want))
	}
	for i, m := range msgs {
		if got := Summary(m.Msg); got != want[i] {
			t.Errorf("message %d:\n got %s\nwant %s", i, got, want[i])
		}
	}
}
