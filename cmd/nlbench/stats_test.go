package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	for _, tt := range []struct {
		v    []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		in := append([]float64(nil), tt.v...)
		if got := median(tt.v); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.v, got, tt.want)
		}
		for i := range in {
			if in[i] != tt.v[i] {
				t.Errorf("median changed its input: %v", tt.v)
			}
		}
	}
}

// runs makes the results of one workload and tool at the given rates.
func runs(workload, tool string, rates ...float64) []Result {
	var rs []Result
	for _, r := range rates {
		rs = append(rs, Result{Workload: workload, Tool: tool, N: 1000, RatePerS: r, Lost: 1})
	}
	return rs
}

func TestSummarize(t *testing.T) {
	var rs []Result
	// Interleaved as -count runs them: nlroute, c, ip, then again.
	for i, r := range []float64{100, 90, 110} {
		rs = append(rs, runs("install/errors", "nlroute", r)...)
		rs = append(rs, runs("install/errors", "c", 200)...)
		rs = append(rs, runs("install/errors", "ip", []float64{10, 20, 10}[i])...)
	}
	ss := summarize(rs)
	if len(ss) != 3 || ss[0].Tool != "nlroute" || ss[1].Tool != "c" || ss[2].Tool != "ip" {
		t.Fatalf("summaries %+v", ss)
	}
	nl := ss[0]
	if nl.Runs != 3 || nl.RatePerS != 100 || nl.MinRatePerS != 90 || nl.MaxRatePerS != 110 || nl.Lost != 3 {
		t.Errorf("nlroute %+v", nl)
	}
	if !near(nl.Spread, 0.2) || nl.Wide {
		t.Errorf("spread %v wide %v: want 0.2, not wide (the threshold is exclusive)", nl.Spread, nl.Wide)
	}
	if !near(nl.XOfC, 0.5) || !near(ss[1].XOfC, 1) {
		t.Errorf("x-of-C %v %v, want 0.5 and 1", nl.XOfC, ss[1].XOfC)
	}
	if ip := ss[2]; ip.RatePerS != 10 || !near(ip.Spread, 1) || !ip.Wide {
		t.Errorf("ip %+v: want median 10, spread 1, wide", ip)
	}
	if s := summarize(runs("events", "nlroute", 5)); s[0].XOfC != 0 {
		t.Errorf("x-of-C without a C row: %v", s[0].XOfC)
	}
}

func TestTableFormat(t *testing.T) {
	var rs []Result
	rs = append(rs, runs("install/errors", "nlroute", 100, 60, 110)...)
	rs = append(rs, runs("install/errors", "c", 200, 200, 200)...)
	rs = append(rs, runs("events", "nlroute", 50)...)
	var buf bytes.Buffer
	writeTable(&buf, summarize(rs))
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("want header, 3 rows and the ! legend:\n%s", buf.String())
	}
	for _, col := range []string{"ops/s", "min", "max", "spread", "x-of-C", "user µs/op", "sys µs/op", "allocs/op"} {
		if !strings.Contains(lines[0], col) {
			t.Errorf("header has no %q: %s", col, lines[0])
		}
	}
	nl, c, ev := strings.Fields(lines[1]), strings.Fields(lines[2]), strings.Fields(lines[3])
	// workload tool n runs ops/s min max spread x-of-C ...
	if got := strings.Join(nl[:9], " "); got != "install/errors nlroute 1000 3 100 60 110 50%! 0.50" {
		t.Errorf("nlroute row %q", got)
	}
	if got := strings.Join(c[:9], " "); got != "install/errors c 1000 3 200 200 200 0% 1.00" {
		t.Errorf("c row %q", got)
	}
	if ev[8] != "-" {
		t.Errorf("events row without C: x-of-C %q, want -", ev[8])
	}
	if !strings.HasPrefix(lines[4], "!: spread over 20%") {
		t.Errorf("legend %q", lines[4])
	}
}
