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
		{args: "", want: options{workload: "all", family: "inet", ack: ring.AckErrors, count: 1, format: "table", path: "writer", seed: 1, nhCompat: -1, fibMode: "restore"}},
		{args: "install -n 5000 --ack per-msg --window 64 --batch 100",
			want: options{workload: "install", n: 5000, ack: ring.AckEach, ackSet: true, window: 64, batch: 100, family: "inet", count: 1, format: "table", path: "writer", seed: 1, nhCompat: -1, fibMode: "restore"}},
		{args: "dump --family inet6 --json --netns x --compare ip --plot out.svg",
			want: options{workload: "dump", family: "inet6", ack: ring.AckErrors, count: 1, format: "json", netns: "x", compareIP: true, plot: "out.svg", path: "writer", seed: 1, nhCompat: -1, fibMode: "restore"}},
		{args: "-n 10", want: options{workload: "all", n: 10, family: "inet", ack: ring.AckErrors, count: 1, format: "table", path: "writer", seed: 1, nhCompat: -1, fibMode: "restore"}},
		{args: "install --compare c,ip", want: options{workload: "install", family: "inet", ack: ring.AckErrors, count: 1, format: "table", compareC: true, compareIP: true, path: "writer", seed: 1, nhCompat: -1, fibMode: "restore"}},
		{args: "install --path raw", want: options{workload: "install", family: "inet", ack: ring.AckErrors, count: 1, format: "table", path: "raw", seed: 1, nhCompat: -1, fibMode: "restore"}},
		{args: "install --path fast", wantErr: `--path "fast": want writer or raw`},
		{args: "install --compare ip,x", wantErr: `unknown peer "x"`},
		{args: "fib --fib-interference maybe", wantErr: `--fib-interference "maybe": want restore, report or off`},
		{args: "fib --nexthop-compat-mode 2", wantErr: "--nexthop-compat-mode 2: want 0, 1 or -1"},
		{args: "install --compare bird", wantErr: "BIRD runs in the fib workload only"},
		{args: "fib -n 2000 --compare bird,c -seed 7", want: options{workload: "fib", n: 2000, family: "inet", ack: ring.AckErrors, count: 1, format: "table", compareBird: true, compareC: true, seed: 7, nhCompat: -1, fibMode: "restore", path: "writer"}},
		{args: "install --family inet6 --compare c", wantErr: "IPv4 routes only"},
		{args: "install -count 0", wantErr: "-count 0: want 1 or more"},
		{args: "frob", wantErr: `unknown workload "frob"`},
		{args: "install --ack maybe", wantErr: `ack mode "maybe"`},
		{args: "install --family ipx", wantErr: `--family "ipx"`},
		{args: "install --plot out.gif", wantErr: "want a .svg or .png file"},
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

// TestRunShort runs every workload with a small -n in a throwaway
// namespace, with C and ip alongside, and checks the JSON it prints.
// runReport runs nlbench with args (which ask for --json) and returns the
// one JSON document it prints.
func runReport(t *testing.T, args []string) Report {
	t.Helper()
	o, err := parseArgs(args, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, out.Bytes())
	}
	return rep
}

func TestRunShort(t *testing.T) {
	testutil.RequireRoot(t)
	rep := runReport(t, strings.Fields("all -n 500 --json --compare c,ip"))
	// install ×2, dump and links with nlroute, C and ip; events; nexthop ×3.
	if len(rep.Results) != 16 || len(rep.Summary) != 16 || rep.Count != 1 {
		t.Fatalf("%d results, %d summaries, count %d; want 16, 16, 1", len(rep.Results), len(rep.Summary), rep.Count)
	}
	if rep.Environment.Kernel == "unknown" || rep.Environment.Go == "" {
		t.Errorf("environment %+v", rep.Environment)
	}
	for _, r := range rep.Results {
		if r.RatePerS <= 0 || r.Lost != 0 {
			t.Errorf("%+v", r)
		}
		if r.Tool == "nlroute" && strings.HasPrefix(r.Workload, "install") && r.N != 500 {
			t.Errorf("%+v", r)
		}
	}
	for _, s := range rep.Summary {
		hasC := !strings.HasPrefix(s.Workload, "events") && !strings.HasPrefix(s.Workload, "nexthop")
		if hasC != (s.XOfC > 0) {
			t.Errorf("%s %s: x-of-C %v", s.Workload, s.Tool, s.XOfC)
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
