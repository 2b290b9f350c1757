package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// fakeSysctls makes a /proc/sys with every sysctl of interest but
// net.ipv6.route.max_size, as on a kernel without IPv6.
func fakeSysctls(t *testing.T) string {
	dir := t.TempDir()
	files := map[string]string{
		"kernel/osrelease":             "6.1.0-test\n",
		"net/core/rmem_max":            "212992\n",
		"net/core/wmem_max":            "425984\n",
		"net/ipv4/nexthop_compat_mode": "0\n",
	}
	for f, v := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestJSONReport(t *testing.T) {
	env := readEnvironment(fakeSysctls(t))
	rs := runs("install/errors", "nlroute", 100, 120)
	var buf bytes.Buffer
	if err := writeJSON(&buf, Report{Environment: env, Count: 2, Results: rs, Summary: summarize(rs)}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.Bytes())
	}
	e := doc["environment"].(map[string]any)
	for _, k := range []string{"time", "kernel", "cpu", "cpus", "go", "commit", "goos", "goarch"} {
		if v, ok := e[k]; !ok || v == "" {
			t.Errorf("environment.%s = %v", k, v)
		}
	}
	if e["kernel"] != "6.1.0-test" || e["commit"] == "" {
		t.Errorf("kernel %v commit %v", e["kernel"], e["commit"])
	}
	sc := e["sysctls"].(map[string]any)
	want := map[string]any{"net.core.rmem_max": "212992", "net.core.wmem_max": "425984",
		"net.ipv4.nexthop_compat_mode": "0", "net.ipv6.route.max_size": nil}
	for k, v := range want {
		got, ok := sc[k]
		if !ok || got != v {
			t.Errorf("sysctls[%s] = %v (present %v), want %v", k, got, ok, v)
		}
	}
	if len(doc["results"].([]any)) != 2 {
		t.Errorf("results %v", doc["results"])
	}
	sum := doc["summary"].([]any)[0].(map[string]any)
	for _, k := range []string{"workload", "tool", "n", "runs", "rate_per_s", "min_rate_per_s", "max_rate_per_s", "spread", "wide",
		"user_us_per_op", "sys_us_per_op", "syscalls_per_op", "allocs_per_op", "peak_rss_bytes", "lost"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary has no %q", k)
		}
	}
	if sum["runs"].(float64) != 2 || sum["rate_per_s"].(float64) != 110 {
		t.Errorf("summary %v", sum)
	}
}

func TestCPUModel(t *testing.T) {
	if got := cpuModel("processor\t: 0\nvendor_id\t: X\nmodel name\t: AMD EPYC 7B13\nmodel name\t: other\n"); got != "AMD EPYC 7B13" {
		t.Errorf("cpuModel = %q", got)
	}
	if got := cpuModel("processor : 0\n"); got != "unknown" {
		t.Errorf("cpuModel without one = %q", got)
	}
}

// The Go benchmark format (golang.org/x/perf/benchfmt, proposal 14313):
// a configuration line is "key: value", the key starting lower case with
// no space and no upper case; a result line is "Benchmark" and a name
// whose first rune is not lower case, with no space, an iteration count,
// then pairs of a number and a unit without spaces.
var (
	configLine = regexp.MustCompile(`^[a-z][^\sA-Z:]*: \S.*$`)
	resultName = regexp.MustCompile(`^Benchmark[^\sa-z]\S*$`)
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestGobenchLines(t *testing.T) {
	env := readEnvironment(fakeSysctls(t))
	var rs []Result
	rs = append(rs, runs("install/errors", "nlroute", 200000, 210000)...)
	rs = append(rs, runs("install/errors", "c", 300000)...)
	rs = append(rs, runs("links", "ip", 5000)...)
	rs[0].Seconds, rs[0].UserUsPerOp, rs[0].AllocsPerOp = 0.005, 0.25, 0.002
	// The machine's own facts, fixed so the output is the same everywhere.
	env.CPU, env.Go, env.Commit, env.GOOS, env.GOARCH = "Test CPU @ 2.0GHz", "go1.26.0", "0123456789abcdef", "linux", "amd64"
	var buf bytes.Buffer
	writeGobench(&buf, env, rs)
	results, configs := 0, map[string]string{}
	for line := range strings.Lines(buf.String()) {
		line = strings.TrimSuffix(line, "\n")
		if !strings.HasPrefix(line, "Benchmark") {
			if !configLine.MatchString(line) {
				t.Errorf("neither a result nor a configuration line: %q", line)
			}
			k, v, _ := strings.Cut(line, ": ")
			configs[k] = v
			continue
		}
		results++
		f := strings.Fields(line)
		if !resultName.MatchString(f[0]) || len(f) < 4 || len(f)%2 != 0 {
			t.Errorf("result line %q: bad name or not name, count and value-unit pairs", line)
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			t.Errorf("iterations %q: %v", f[1], err)
		}
		units := map[string]float64{}
		for i := 2; i < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				t.Errorf("value %q in %q: %v", f[i], line, err)
			}
			units[f[i+1]] = v
		}
		for _, u := range []string{"ns/op", "user-ns/op", "sys-ns/op", "allocs/op", "B/op", "syscalls/op"} {
			if _, ok := units[u]; !ok {
				t.Errorf("%q has no %s", line, u)
			}
		}
		if results == 1 {
			if f[0] != "BenchmarkInstall/errors/n=1000/tool=nlroute" || f[1] != "1000" ||
				units["ns/op"] != 5000 || units["routes/s"] != 200000 || units["user-ns/op"] != 250 {
				t.Errorf("first line %q", line)
			}
		}
		if strings.HasPrefix(f[0], "BenchmarkLinks") && units["links/s"] != 5000 {
			t.Errorf("links line %q: want links/s", line)
		}
	}
	if results != 4 {
		t.Errorf("%d result lines, want 4:\n%s", results, buf.String())
	}
	// The same lines are kept as a golden file, which the bench module
	// parses with golang.org/x/perf/benchfmt, benchstat's own reader
	// (bench/gobench_test.go); -update rewrites it.
	golden := filepath.Join("testdata", "gobench.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(golden); err != nil || !bytes.Equal(want, buf.Bytes()) {
		t.Errorf("gobench output differs from %s (go test -run TestGobenchLines -update): %v\ngot:\n%s", golden, err, buf.Bytes())
	}
	if configs["kernel"] != "6.1.0-test" || configs["net.ipv6.route.max_size"] != "absent" || configs["net.core.rmem_max"] != "212992" {
		t.Errorf("configuration %v", configs)
	}
}
