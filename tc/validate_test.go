package tc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestEncodeBadInput: typed values the kernel would refuse, or take for
// something else, are a *ParamError naming the keyword and the value,
// and nothing is written.
func TestEncodeBadInput(t *testing.T) {
	for _, tt := range []struct {
		name  string
		obj   string // "qdisc", "class", "filter" or "action"
		v     any
		param string
		value any
	}{
		{"u32 256 keys", "filter", U32{Keys: make([]U32Key, 256)}, "keys", 256},
		{"bpf filter 4097 ops", "filter", BPF{Ops: make([]ClassicBPF, 4097)}, "ops", 4097},
		{"bpf filter 70000 ops", "filter", BPF{Ops: make([]ClassicBPF, 70000)}, "ops", 70000},
		{"bpf action 4097 ops", "action", ActBPF{Ops: make([]ClassicBPF, 4097)}, "ops", 4097},
	} {
		raw, err := encodeGenerated(tt.obj, tt.v)
		var pe *ParamError
		if !errors.As(err, &pe) {
			t.Errorf("%s: err %v (%T), want a *ParamError", tt.name, err, err)
			continue
		}
		if pe.Param != tt.param || fmt.Sprint(pe.Value) != fmt.Sprint(tt.value) || !strings.Contains(err.Error(), `"`+tt.param+`"`) {
			t.Errorf("%s: %v; want parameter %q, value %#v", tt.name, err, tt.param, tt.value)
		}
		if len(raw) != 0 {
			t.Errorf("%s: %d bytes written with the error", tt.name, len(raw))
		}
	}
}

// TestHostOrderStructs: options that are host-order kernel structs are
// written in native byte order, as the decoders read them.
func TestHostOrderStructs(t *testing.T) {
	ne := binary.NativeEndian
	var mq MQPrio
	mq.NumTC, mq.Count[0], mq.Offset[0], mq.Count[1], mq.Offset[1] = 2, 0x0102, 0, 0x0304, 0x0102
	mqWant := make([]byte, mqprioQoptLen)
	mqWant[0] = 2
	ne.PutUint16(mqWant[18:], 0x0102)
	ne.PutUint16(mqWant[20:], 0x0304)
	ne.PutUint16(mqWant[52:], 0x0102)
	for _, tt := range []struct {
		q    QdiscOptions
		want []byte
	}{
		{HFSC{Default: 0x0102}, ne.AppendUint16(nil, 0x0102)},
		{mq, mqWant},
	} {
		raw, err := encodeGenerated("qdisc", tt.q)
		if err != nil {
			t.Fatalf("%s: %v", tt.q.Kind(), err)
		}
		h := decodeOne(t, raw)
		if !bytes.HasPrefix(h.options, tt.want) {
			t.Errorf("%s options:\n got % x\nwant % x", tt.q.Kind(), h.options, tt.want)
		}
		if got := kinds[h.kind].decodeQdisc(h.options); got != tt.q {
			t.Errorf("%s: decoded %+v, want %+v", tt.q.Kind(), got, tt.q)
		}
	}
}

// TestEncodeAtLimits: the largest values the checks of TestEncodeBadInput
// let through encode.
func TestEncodeAtLimits(t *testing.T) {
	for _, tt := range []struct {
		obj string
		v   any
	}{
		{"filter", U32{Keys: make([]U32Key, 255)}},
		{"filter", BPF{Ops: make([]ClassicBPF, 4096)}},
		{"action", ActBPF{Ops: make([]ClassicBPF, 4096)}},
	} {
		if _, err := encodeGenerated(tt.obj, tt.v); err != nil {
			t.Errorf("%T: %v", tt.v, err)
		}
	}
}
