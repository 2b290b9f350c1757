package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
)

func TestParseArgs(t *testing.T) {
	tests := []struct {
		args    string
		want    options
		wantErr string
	}{
		{args: "", want: options{workload: "all", family: "inet", ack: ring.AckErrors, count: 1}},
		{args: "install -n 5000 --ack per-msg --window 64 --batch 100",
			want: options{workload: "install", n: 5000, ack: ring.AckEach, ackSet: true, window: 64, batch: 100, family: "inet", count: 1}},
		{args: "dump --family inet6 --json --netns x --compare ip --plot out.svg",
			want: options{workload: "dump", family: "inet6", ack: ring.AckErrors, count: 1, json: true, netns: "x", compareIP: true, plot: "out.svg"}},
		{args: "-n 10", want: options{workload: "all", n: 10, family: "inet", ack: ring.AckErrors, count: 1}},
		{args: "install --compare c,ip", want: options{workload: "install", family: "inet", ack: ring.AckErrors, count: 1, compareC: true, compareIP: true}},
		{args: "install --compare ip,x", wantErr: `unknown peer "x"`},
		{args: "install --compare bird", wantErr: "--compare bird: not yet"},
		{args: "install --family inet6 --compare c", wantErr: "IPv4 routes only"},
		{args: "install -count 0", wantErr: "-count 0: want 1 or more"},
		{args: "frob", wantErr: `unknown workload "frob"`},
		{args: "install --ack maybe", wantErr: `ack mode "maybe"`},
		{args: "install --family ipx", wantErr: `--family "ipx"`},
		{args: "install --plot out.png", wantErr: "want a .svg file"},
		{args: "install -n -1", wantErr: "must not be negative"},
		{args: "install extra", wantErr: `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			got, err := parseArgs(strings.Fields(tt.args), io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestParseNetlinkDrops(t *testing.T) {
	text := []byte(`sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode
0000000000000000 0   1234       00000000 0        0        0     2        7        1111
0000000000000000 0   99         00000040 0        0        0     2        5        2222
0000000000000000 16  1234       00000000 0        0        0     2        100      3333
`)
	got, err := parseNetlinkDrops(text, []uint32{1234, 99})
	if err != nil || got != 12 {
		t.Fatalf("drops = %d, %v; want 12 (NETLINK_ROUTE only)", got, err)
	}
}

func TestParseVmHWM(t *testing.T) {
	status := []byte("Name:\tnlbench\nVmPeak:\t  812345 kB\nVmHWM:\t    7168 kB\nVmRSS:\t    6000 kB\n")
	if got := parseVmHWM(status); got != 7168*1024 {
		t.Errorf("parseVmHWM = %d, want %d", got, 7168*1024)
	}
	for _, bad := range []string{"", "VmRSS:\t 10 kB\n", "VmHWM:\t 10 MB\n", "VmHWM:\t x kB\n"} {
		if got := parseVmHWM([]byte(bad)); got != 0 {
			t.Errorf("parseVmHWM(%q) = %d, want 0", bad, got)
		}
	}
	if runtime.GOOS == "linux" && peakRSS() == 0 {
		t.Error("peakRSS() = 0 on Linux")
	}
}

// jsonKeys are the fields every JSON object must carry.
var jsonKeys = []string{"workload", "n", "rate_per_s", "user_us_per_op", "sys_us_per_op", "allocs_per_op",
	"syscalls_per_op", "peak_rss_bytes", "lost"}

func TestJSONShape(t *testing.T) {
	var buf bytes.Buffer
	writeJSON(&buf, Result{Workload: "install/errors", N: 3, RatePerS: 1})
	checkJSON(t, buf.Bytes(), 1)
}

func checkJSON(t *testing.T, out []byte, want int) []map[string]any {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != want {
		t.Fatalf("%d JSON lines, want %d:\n%s", len(lines), want, out)
	}
	var objs []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("bad JSON %q: %v", l, err)
		}
		for _, k := range jsonKeys {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: no %q", l, k)
			}
		}
		objs = append(objs, m)
	}
	return objs
}

// TestRunShort runs every workload with a small -n in a throwaway
// namespace, with C and ip alongside, and checks the JSON it prints.
func TestRunShort(t *testing.T) {
	testutil.RequireRoot(t)
	o, err := parseArgs(strings.Fields("all -n 500 --json --compare c,ip"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	// install ×2, dump and links with nlroute, C and ip; events; nexthop ×3.
	objs := checkJSON(t, out.Bytes(), 16)
	for _, m := range objs {
		if m["rate_per_s"].(float64) <= 0 || m["lost"].(float64) != 0 {
			t.Errorf("%v", m)
		}
		if m["tool"] == "nlroute" && strings.HasPrefix(m["workload"].(string), "install") && m["n"].(float64) != 500 {
			t.Errorf("%v", m)
		}
	}
}

func TestRunTable(t *testing.T) {
	testutil.RequireRoot(t)
	var out bytes.Buffer
	o, _ := parseArgs(strings.Fields("install -n 1000 --ack per-msg --window 100 --family inet6"), io.Discard)
	if err := run(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "install/per-msg") || !strings.Contains(out.String(), "routes") && !strings.Contains(out.String(), "ops/s") {
		t.Errorf("table:\n%s", out.String())
	}
}
