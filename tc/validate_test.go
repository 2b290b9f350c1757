package tc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
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
		{"codel target 500ns", "qdisc", Codel{Target: 500}, "target", time.Duration(500)},
		{"codel interval -1ms", "qdisc", Codel{Interval: -time.Millisecond}, "interval", -time.Millisecond},
		{"fq_codel ce_threshold 1ns", "qdisc", FQCodel{CEThreshold: 1}, "ce_threshold", time.Duration(1)},
		{"pie tupdate -1", "qdisc", PIE{Tupdate: -1}, "tupdate", time.Duration(-1)},
		{"fq_pie target 999ns", "qdisc", FQPIE{Target: 999}, "target", time.Duration(999)},
		{"cake rtt 10ns", "qdisc", Cake{RTT: 10}, "rtt", time.Duration(10)},
		{"fq horizon 500ns", "qdisc", FQ{Horizon: 500}, "horizon", time.Duration(500)},
		{"fq timer_slack -1", "qdisc", FQ{TimerSlack: -1}, "timer_slack", time.Duration(-1)},
		{"netem delay -1ms", "qdisc", Netem{Delay: -time.Millisecond}, "delay", -time.Millisecond},
		{"netem jitter -1", "qdisc", Netem{Delay: time.Millisecond, Jitter: -1}, "jitter", time.Duration(-1)},
		{"tbf latency -1s", "qdisc", TBF{Rate: 1e6, Burst: 1e4, Latency: -time.Second}, "latency", -time.Second},
		{"sfq perturb 500ms", "qdisc", SFQ{Perturb: 500 * time.Millisecond}, "perturb", 500 * time.Millisecond},
		{"sfq perturb -1s", "qdisc", SFQ{Perturb: -time.Second}, "perturb", -time.Second},
		{"hfsc rsc d 500ns", "class", HFSCClass{RSC: Curve{M1: 1e6, D: 500, M2: 1e6}}, "rsc.d", time.Duration(500)},
		{"red probability 1", "qdisc", RED{Limit: 1e5, Probability: 1}, "probability", 1.0},
		{"red probability -0.1", "qdisc", RED{Limit: 1e5, Probability: -0.1}, "probability", -0.1},
		{"red probability NaN", "qdisc", RED{Limit: 1e5, Probability: math.NaN()}, "probability", math.NaN()},
		{"choke probability 1.5", "qdisc", Choke{Limit: 1000, Bandwidth: 1e6, Probability: 1.5}, "probability", 1.5},
		{"choke probability +Inf", "qdisc", Choke{Limit: 1000, Bandwidth: 1e6, Probability: math.Inf(1)}, "probability", math.Inf(1)},
		{"hfsc usc d -1us", "class", HFSCClass{FSC: Curve{M2: 1e6}, USC: Curve{D: -time.Microsecond, M2: 1}}, "usc.d", -time.Microsecond},
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
		{"qdisc", Codel{Target: time.Microsecond, Interval: 1500 * time.Nanosecond}},
		{"qdisc", FQ{Horizon: time.Microsecond, TimerSlack: 1}},
		{"qdisc", Netem{Delay: 1, Jitter: 1}},
		{"qdisc", SFQ{Perturb: time.Second}},
		{"class", HFSCClass{RSC: Curve{M1: 1, D: time.Microsecond, M2: 1}}},
		{"qdisc", RED{Limit: 1e5, Probability: 0.99}},
		{"qdisc", Choke{Limit: 1000, Bandwidth: 1e6, Probability: 0.5}},
	} {
		if _, err := encodeGenerated(tt.obj, tt.v); err != nil {
			t.Errorf("%T: %v", tt.v, err)
		}
	}
}
