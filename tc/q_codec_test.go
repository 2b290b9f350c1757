package tc

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// qdiscCodecCheck checks a request against codec.TC: TCA_OPTIONS resolves
// to its kind's layout, the JSON holds nothing unknown or raw, and both
// Msg.Encode and the JSON dict form give back the same bytes.
func qdiscCodecCheck(t *testing.T, raw []byte) {
	t.Helper()
	var m codec.Msg
	if err := m.ResetBytes(codec.TC, raw); err != nil {
		t.Fatal(err)
	}
	js := m.AppendJSON(nil)
	if bytes.Contains(js, []byte("UNKNOWN_")) || bytes.Contains(js, []byte(`"hex"`)) {
		t.Errorf("JSON has unknown or raw values: %s", js)
	}
	if v, ok := m.GetAttr("options"); ok {
		if v.Kind() == codec.KindNested && v.Nest().Table() == nil {
			t.Errorf("TCA_OPTIONS has no table: %s", js)
		}
	}
	var b wire.Builder
	b.Reset(nil)
	m.Encode(&b)
	if !bytes.Equal(b.Bytes(), raw) {
		t.Errorf("Encode:\n got % x\nwant % x", b.Bytes(), raw)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var d map[string]any
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("JSON %s: %v", js, err)
	}
	b.Reset(nil)
	if err := codec.TC.EncodeDict(&b, d); err != nil {
		t.Fatalf("EncodeDict %s: %v", js, err)
	}
	if !bytes.Equal(b.Bytes(), raw) {
		t.Errorf("EncodeDict of %s:\n got % x\nwant % x", js, b.Bytes(), raw)
	}
}

// TestQdiscKinds encodes each qdisc kind of these files, checks the
// request through codec and decodes it back with the typed decoder.
func TestQdiscKinds(t *testing.T) {
	var pm [16]uint8
	pm[1], pm[2] = 1, 1
	for _, q := range []QdiscOptions{
		TBF{Rate: 125000, Burst: 5000, Limit: 30000, MPU: 64, LinkLayer: LinkLayerEthernet},
		TBF{Rate: 5e9, Burst: 1 << 20, Limit: 1 << 22, Peakrate: 6e9, MTU: 9000, LinkLayer: LinkLayerEthernet},
		RED{Limit: 400000, Min: 30000, Max: 90000, Avpkt: 1000, Burst: 55, Bandwidth: 1250000, Probability: 0.02, ECN: true, Adaptive: true},
		Codel{Limit: 2000, Target: 4 * time.Millisecond, Interval: 80 * time.Millisecond, ECN: true, CEThreshold: time.Millisecond},
		FQCodel{Limit: 5000, Flows: 512, Target: 3 * time.Millisecond, Interval: 90 * time.Millisecond, Quantum: 1000,
			NoECN: true, CEThreshold: 2 * time.Millisecond, DropBatchSize: 32, MemoryLimit: 1 << 24},
		FQ{Limit: 5000, FlowLimit: 50, Quantum: 3000, InitialQuantum: 15000, MaxRate: 1e6, Buckets: 256, NoPacing: true,
			RefillDelay: 20 * time.Millisecond, OrphanMask: 511, LowRateThreshold: 100000, CEThreshold: time.Millisecond,
			TimerSlack: 20 * time.Microsecond, Horizon: 5 * time.Second, HorizonCap: true},
		PIE{Limit: 500, Target: 10 * time.Millisecond, Tupdate: 20 * time.Millisecond, Alpha: 3, Beta: 25, ECN: true, Bytemode: true, DQRateEstimator: true},
		FQPIE{Limit: 4000, Flows: 256, Target: 10 * time.Millisecond, Tupdate: 20 * time.Millisecond, Alpha: 3, Beta: 25,
			Quantum: 1514, MemoryLimit: 1 << 24, ECNProb: 20, ECN: true, Bytemode: true, DQRateEstimator: true},
		Cake{Bandwidth: 1250000, Diffserv: 1, SetDiffserv: true, FlowMode: 4, SetFlowMode: true, ATM: 2, Overhead: -4, MPU: 64,
			RTT: 50 * time.Millisecond, Memory: 1 << 22, Fwmark: 0xff, AckFilter: 1, NAT: true, Wash: true, Ingress: true,
			SplitGSO: true, Autorate: true},
		Netem{Delay: 100 * time.Millisecond, Jitter: 10 * time.Millisecond, DelayCorr: 25, Limit: 2000, Loss: 1, LossCorr: 10,
			Duplicate: 2, DuplicateCorr: 5, Reorder: 25, ReorderCorr: 50, Gap: 5, Corrupt: 0.5, CorruptCorr: 1, Rate: 125000,
			PacketOverhead: -4, CellSize: 53, CellOverhead: 5, ECN: true, Seed: 42},
		Netem{Delay: time.Second, Limit: 1000, Rate: 1 << 33},
		Plug{Action: PlugLimit, Limit: 10000},
		MQPrio{NumTC: 2, Map: pm, Count: [16]uint16{2, 2}, Offset: [16]uint16{0, 2}},
		PFIFO{Limit: 100}, BFIFO{Limit: 10000}, Prio{Bands: 3, Priomap: new(DefaultPriomap())},
		SFQ{Perturb: 10 * time.Second, Limit: 127, Depth: 64, Headdrop: true}, HFSC{Default: 1}, MultiQ{},
	} {
		t.Run(q.Kind(), func(t *testing.T) {
			var b wire.Builder
			if err := appendQdisc(&b, msgNewQdisc, 0, &Qdisc{Link: 1, Handle: 0x10000, Options: q}); err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			qdiscCodecCheck(t, b.Bytes())
			h := decodeOne(t, b.Bytes())
			got := kinds[h.kind].decodeQdisc(h.options)
			if tb, ok := got.(TBF); ok { // the bucket comes back through tick rounding
				want := q.(TBF)
				if tb.Burst > want.Burst || tb.Burst+uint32(want.Rate/15625000)+2 < want.Burst || tb.MTU > want.MTU || tb.MTU+uint32(want.Peakrate/15625000)+2 < want.MTU {
					t.Errorf("tbf %+v, want %+v", tb, want)
				}
				tb.Burst, tb.MTU = want.Burst, want.MTU
				got = tb
			}
			if r, ok := got.(RED); ok { // only the limit, thresholds, flags and max_P go to the kernel
				want := q.(RED)
				if d := r.Probability - want.Probability; d > 1e-9 || d < -1e-9 {
					t.Errorf("red probability %v, want %v", r.Probability, want.Probability)
				}
				r.Avpkt, r.Burst, r.Bandwidth, r.Probability = want.Avpkt, want.Burst, want.Bandwidth, want.Probability
				got = r
			}
			if !reflect.DeepEqual(got, q) {
				t.Errorf("decoded\n %+v\nwant\n %+v", got, q)
			}
		})
	}
}

// TestQdiscSpec builds each new kind from the keyword form, as Do does,
// and checks the typed value.
func TestQdiscSpec(t *testing.T) {
	for _, tt := range []struct {
		kind string
		spec Spec
		want QdiscOptions
	}{
		{"tbf", Spec{"rate": "1mbit", "burst": "10k", "latency": "50ms"}, TBF{Rate: 125000, Burst: 10240, Latency: 50 * time.Millisecond}},
		{"tbf", Spec{"rate": 1000, "buffer": 2000, "limit": 3000, "peakrate": 2000, "minburst": 1500, "linklayer": "atm"},
			TBF{Rate: 1000, Burst: 2000, Limit: 3000, Peakrate: 2000, MTU: 1500, LinkLayer: LinkLayerATM}},
		{"red", Spec{"limit": "400k", "min": "30k", "max": "90k", "avpkt": "1k", "burst": 55, "bandwidth": "10mbit", "ecn": true},
			RED{Limit: 409600, Min: 30720, Max: 92160, Avpkt: 1024, Burst: 55, Bandwidth: 1250000, ECN: true}},
		{"codel", Spec{"limit": 100, "target": "4ms", "ecn": true}, Codel{Limit: 100, Target: 4 * time.Millisecond, ECN: true}},
		{"fq_codel", Spec{"limit": 100, "ecn": false, "memory_limit": "4m"}, FQCodel{Limit: 100, NoECN: true, MemoryLimit: 4 << 20}},
		{"fq", Spec{"maxrate": "8mbit", "pacing": false, "buckets": 64}, FQ{MaxRate: 1e6, NoPacing: true, Buckets: 64}},
		{"pie", Spec{"target": "20ms", "alpha": 3}, PIE{Target: 20 * time.Millisecond, Alpha: 3}},
		{"fq_pie", Spec{"ecn_prob": 20, "flows": 16}, FQPIE{ECNProb: 20, Flows: 16}},
		{"cake", Spec{"bandwidth": "10mbit", "diffserv": "diffserv4", "flow_mode": "flowblind", "overhead": -4, "nat": true},
			Cake{Bandwidth: 1250000, Diffserv: 1, SetDiffserv: true, SetFlowMode: true, Overhead: -4, NAT: true}},
		{"netem", Spec{"delay": "100ms", "loss": "1%", "duplicate": 2, "reorder": 25.0, "rate": "1mbit", "packet_overhead": -4},
			Netem{Delay: 100 * time.Millisecond, Loss: 1, Duplicate: 2, Reorder: 25, Rate: 125000, PacketOverhead: -4}},
		{"plug", Spec{"limit": "10k"}, Plug{Action: PlugLimit, Limit: 10240}},
		{"plug", Spec{"action": "release_indefinite"}, Plug{Action: PlugReleaseIndefinite}},
		{"mqprio", Spec{"num_tc": 2, "map": []any{0, 1, 1}, "queues": []any{"2@0", "2@2"}},
			MQPrio{NumTC: 2, Map: [16]uint8{0, 1, 1}, Count: [16]uint16{2, 2}, Offset: [16]uint16{0, 2}}},
	} {
		q, err := QdiscFromSpec(tt.kind, 1, "1:", tt.spec)
		if err != nil {
			t.Errorf("%s %v: %v", tt.kind, tt.spec, err)
			continue
		}
		if !reflect.DeepEqual(q.Options, tt.want) {
			t.Errorf("%s %v:\n got %+v\nwant %+v", tt.kind, tt.spec, q.Options, tt.want)
		}
	}
}

// TestQdiscBadInput: bad keyword input is refused before anything is
// sent, naming the keyword.
func TestQdiscBadInput(t *testing.T) {
	for _, tt := range []struct {
		kind string
		spec Spec
		want string
	}{
		{"tbf", Spec{"burst": "10k", "latency": "50ms"}, `tbf: parameter "rate": missing required parameter`},
		{"tbf", Spec{"rate": "1mbit", "latency": "50ms"}, `tbf: parameter "burst": missing required parameter`},
		{"tbf", Spec{"rate": "1mbit", "burst": "10k"}, `tbf: parameter "limit": missing required parameter (limit or latency)`},
		{"tbf", Spec{"rate": "1mbit", "burst": "10k", "limit": 1, "peakrate": "2mbit"}, `tbf: parameter "mtu"`},
		{"tbf", Spec{"rate": "1mbit", "burst": "10k", "latency": "5 parsecs"}, `tbf: parameter "latency": value "5 parsecs"`},
		{"tbf", Spec{"rate": "1mbit", "burst": "10k", "latency": "5ms", "linklayer": "carrier-pigeon"}, `parameter "linklayer"`},
		{"red", Spec{"min": "30k"}, `red: parameter "limit": missing required parameter`},
		{"codel", Spec{"target": "soon"}, `codel: parameter "target": value "soon"`},
		{"fq_codel", Spec{"flows": -1}, `fq_codel: parameter "flows"`},
		{"fq", Spec{"pacing": "maybe"}, `fq: parameter "pacing"`},
		{"pie", Spec{"alhpa": 2}, `pie: parameter "alhpa": unknown parameter`},
		{"cake", Spec{"diffserv": "diffserv5"}, `cake: parameter "diffserv": value "diffserv5"`},
		{"netem", Spec{"reorder": 25}, `netem: parameter "reorder"`},
		{"netem", Spec{"loss": "lots"}, `netem: parameter "loss": value "lots"`},
		{"plug", Spec{"action": "unplug"}, `plug: parameter "action"`},
		{"mqprio", Spec{"map": []any{0}}, `mqprio: parameter "num_tc": missing required parameter`},
		{"mqprio", Spec{"num_tc": 2, "queues": []any{"2-0"}}, `mqprio: parameter "queues": value "2-0"`},
	} {
		err := Do(t.Context(), nil, "add", tt.kind, 1, "1:", tt.spec)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrBadParam) {
			t.Errorf("%s %v: %v; want %q", tt.kind, tt.spec, err, tt.want)
		}
	}
	// Typed values are checked too, at encoding.
	for _, q := range []QdiscOptions{TBF{Burst: 1, Limit: 1}, RED{}, PIE{Alpha: 33}, FQPIE{ECNProb: 101},
		Cake{Diffserv: 9}, Netem{Loss: 101}, Netem{Reorder: 1}, Plug{Action: 9}, MQPrio{}, MQPrio{NumTC: 1, Map: [16]uint8{1}}} {
		var b wire.Builder
		err := appendQdisc(&b, msgNewQdisc, 0, &Qdisc{Link: 1, Options: q})
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param == "" || b.Len() != 0 {
			t.Errorf("%T %+v: %v (builder %d bytes)", q, q, err, b.Len())
		}
	}
}

func TestXStats(t *testing.T) {
	le := func(vs ...uint32) []byte {
		b := make([]byte, 4*len(vs))
		putU32s(b, vs...)
		return b
	}
	for _, tt := range []struct {
		kind string
		b    []byte
		want XStats
	}{
		{"htb", le(1, 2, 3, 0xfffffffc, 5), HTBXStats{Lends: 1, Borrows: 2, Giants: 3, Tokens: -4, CTokens: 5}},
		{"fq_codel", le(0, 1514, 2, 3, 4, 5, 6, 7, 8, 9), FQCodelXStats{MaxPacket: 1514, DropOverlimit: 2, ECNMark: 3,
			NewFlowCount: 4, NewFlowsLen: 5, OldFlowsLen: 6, CEMark: 7, MemoryUsage: 8, DropOvermemory: 9}},
		{"fq_codel", le(1, 0xffffff00, 100, 3, 4, 1, 0xfffffff6), FQCodelClassXStats{Deficit: -256, LDelay: 100 * time.Microsecond,
			Count: 3, LastCount: 4, Dropping: true, DropNext: -10 * time.Microsecond}},
		{"htb", le(1, 2), nil},
		{"fq_codel", le(7), nil},
		{"sfq", le(1), nil},
	} {
		if got := decodeXStats(tt.kind, tt.b); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s % x: %+v, want %+v", tt.kind, tt.b, got, tt.want)
		}
	}
}
