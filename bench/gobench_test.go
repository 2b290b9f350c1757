package bench

import (
	"os"
	"testing"

	"golang.org/x/perf/benchfmt"
)

// TestNlbenchGobenchParses reads the lines `nlbench --format gobench`
// prints (kept as a golden file by cmd/nlbench's TestGobenchLines) with
// golang.org/x/perf/benchfmt, the reader benchstat uses: every result line
// parses, with its configuration and units, and nothing is a syntax error.
func TestNlbenchGobenchParses(t *testing.T) {
	f, err := os.Open("../cmd/nlbench/testdata/gobench.golden")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := benchfmt.NewReader(f, "gobench.golden")
	results := 0
	for r.Scan() {
		switch rec := r.Result(); rec := rec.(type) {
		case *benchfmt.SyntaxError:
			t.Errorf("benchfmt: %v", rec)
		case *benchfmt.Result:
			results++
			name := string(rec.Name.Full())
			// The Reader tidies units (5000 ns/op is 5e-06 sec/op) and
			// keeps what was read as OrigValue/OrigUnit.
			units := map[string]float64{}
			for _, v := range rec.Values {
				if v.OrigUnit != "" {
					units[v.OrigUnit] = v.OrigValue
				} else {
					units[v.Unit] = v.Value
				}
			}
			for _, u := range []string{"ns/op", "allocs/op", "B/op", "user-ns/op", "sys-ns/op", "syscalls/op"} {
				if _, ok := units[u]; !ok {
					t.Errorf("%s: no %s among %v", name, u, rec.Values)
				}
			}
			if results == 1 && units["ns/op"] != 5000 {
				t.Errorf("first result: %v ns/op, want 5000", units["ns/op"])
			}
			if rec.GetConfig("kernel") == "" || rec.GetConfig("commit") == "" {
				t.Errorf("%s: configuration lines kernel/commit missing", name)
			}
			if results == 1 {
				if name != "Install/errors/n=1000/tool=nlroute" || rec.Iters != 1000 {
					t.Errorf("first result %q × %d", name, rec.Iters)
				}
				if units["routes/s"] != 200000 {
					t.Errorf("first result routes/s %v, want 200000", units["routes/s"])
				}
			}
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if results != 4 {
		t.Errorf("%d results, want 4", results)
	}
}
