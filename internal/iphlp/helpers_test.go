package iphlp

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// Byte-layout helpers for the rows in the tests. Windows is little-endian
// on every architecture it runs on.

func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func le64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
func zeros(n int) []byte   { return make([]byte, n) }

// cat joins the fields of a record.
func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// decoded is one translated message, decoded back through codec.
type decoded struct {
	msg  *codec.Msg
	json string
}

// decodeAll decodes every message of buf with s, and checks that each
// re-encodes through the schema to the same bytes: the translation emits
// canonical messages only.
func decodeAll(t testing.TB, s *codec.Schema, buf []byte) []decoded {
	t.Helper()
	var out []decoded
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
		out = append(out, decoded{msg: m.Clone(), json: string(m.AppendJSON(nil))})
	}
	if err := it.Err(); err != nil {
		t.Fatalf("messages: %v", err)
	}
	return out
}

// summary renders the family header fields and attributes of m as
// "field=value" words, in order: what the tests compare field by field.
func summary(m *codec.Msg) string {
	var w []string
	hs := m.Schema().Header
	for _, f := range hs.Fields {
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

// checkMsgs compares the summaries of msgs with want, one per message.
func checkMsgs(t *testing.T, msgs []decoded, want []string) {
	t.Helper()
	if len(msgs) != len(want) {
		for _, m := range msgs {
			t.Logf("got %s", summary(m.msg))
		}
		t.Fatalf("got %d messages, want %d", len(msgs), len(want))
	}
	for i, m := range msgs {
		if got := summary(m.msg); got != want[i] {
			t.Errorf("message %d:\n got %s\nwant %s", i, got, want[i])
		}
	}
}
