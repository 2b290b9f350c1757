package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// saveReport writes a --format json document of rs into dir and returns
// its file.
func saveReport(t *testing.T, dir, name string, env Environment, rs []Result) string {
	t.Helper()
	var buf bytes.Buffer
	if err := writeJSON(&buf, Report{Environment: env, Count: 3, Results: rs, Summary: summarize(rs)}); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, name)
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCompare(t *testing.T) {
	dir := t.TempDir()
	env := readEnvironment(fakeSysctls(t))
	env2 := env
	env2.Kernel, env2.Sysctls = "6.18.0-new", map[string]*string{"net.core.rmem_max": new("8388608")}
	var a, b []Result
	a = append(a, runs("install/errors", "nlroute", 100, 110, 120)...)
	a = append(a, runs("dump", "nlroute", 1000, 1010, 990)...)
	a = append(a, runs("links", "nlroute", 50)...)
	b = append(b, runs("install/errors", "nlroute", 200, 210, 220)...) // 1.91x, ranges apart
	b = append(b, runs("dump", "nlroute", 1005, 1100, 1002)...)        // ranges overlap
	b = append(b, runs("events", "nlroute", 7)...)                     // only in b
	fa := saveReport(t, dir, "a.json", env, a)
	fb := saveReport(t, dir, "b.json", env2, b)
	var out bytes.Buffer
	if err := runCompare([]string{fa, fb}, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"kernel: 6.1.0-test -> 6.18.0-new", "net.core.rmem_max: 212992 -> 8388608",
		"net.ipv4.nexthop_compat_mode: 0 -> absent"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	rows := map[string][]string{}
	for line := range strings.Lines(text) {
		if f := strings.Fields(line); len(f) >= 7 && f[1] == "nlroute" {
			rows[f[0]] = f
		}
	}
	if len(rows) != 2 || rows["events"] != nil || rows["links"] != nil {
		t.Fatalf("want the install and dump rows only:\n%s", text)
	}
	if r := rows["install/errors"]; r[6] != "1.91x" || len(r) != 7 {
		t.Errorf("install row %q: want 1.91x and no ~", r)
	}
	if r := rows["dump"]; r[6] != "1.00x" || len(r) != 8 || r[7] != "~" {
		t.Errorf("dump row %q: want 1.00x ~", r)
	}
	if !strings.Contains(text, "~: the runs' min-max ranges overlap") {
		t.Errorf("no ~ legend:\n%s", text)
	}
}

func TestCompareErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"workload":"install"}`), 0o644)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "want two files"},
		{[]string{bad, filepath.Join(dir, "none.json")}, "no summary"},
		{[]string{filepath.Join(dir, "none.json"), bad}, "no such file"},
	} {
		if err := runCompare(tt.args, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("runCompare(%q) = %v, want %q", tt.args, err, tt.want)
		}
	}
}
