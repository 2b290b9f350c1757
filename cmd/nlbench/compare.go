package main

// nlbench compare A.json B.json: two saved --format json runs side by
// side, for users without benchstat.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
)

// readReport reads a --format json document.
func readReport(file string) (Report, error) {
	var r Report
	b, err := os.ReadFile(file)
	if err != nil {
		return r, fmt.Errorf("nlbench compare: %w", err)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("nlbench compare: %s: not the output of nlbench --format json: %w", file, err)
	}
	if len(r.Summary) == 0 {
		return r, fmt.Errorf("nlbench compare: %s: no summary (want the output of nlbench --format json)", file)
	}
	return r, nil
}

// runCompare compares the runs in the files args names (exactly two).
func runCompare(args []string, out io.Writer) error {
	if len(args) != 2 {
		return errors.New("nlbench compare: want two files: nlbench compare OLD.json NEW.json")
	}
	a, err := readReport(args[0])
	if err != nil {
		return err
	}
	b, err := readReport(args[1])
	if err != nil {
		return err
	}
	writeCompare(out, a, b)
	return nil
}

// writeCompare prints the environment that differs, then for each
// workload and tool in both runs the median rates and new/old. A "~"
// marks a ratio whose runs' [min, max] ranges overlap: the difference
// is within the noise of the runs themselves.
func writeCompare(w io.Writer, a, b Report) {
	for _, d := range envDiff(a.Environment, b.Environment) {
		fmt.Fprintln(w, d)
	}
	type key struct{ w, t string }
	old := map[key]Summary{}
	for _, s := range a.Summary {
		old[key{s.Workload, s.Tool}] = s
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\ttool\told ops/s\tspread\tnew ops/s\tspread\tnew/old\t\t")
	noise, matched := false, 0
	for _, s := range b.Summary {
		o, ok := old[key{s.Workload, s.Tool}]
		if !ok || o.RatePerS <= 0 {
			continue
		}
		matched++
		mark := ""
		if overlap(o, s) {
			mark, noise = "~", true
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f%%\t%.0f\t%.0f%%\t%.2fx\t%s\t\n",
			s.Workload, s.Tool, o.RatePerS, o.Spread*100, s.RatePerS, s.Spread*100, s.RatePerS/o.RatePerS, mark)
	}
	tw.Flush()
	if matched == 0 {
		fmt.Fprintln(w, "no workload and tool is in both runs")
	}
	if noise {
		fmt.Fprintln(w, "~: the runs' min-max ranges overlap, so the difference is within their noise (run more with -count, or use benchstat on --format gobench output)")
	}
}

// envDiff lists what differs between two environments, one line each.
func envDiff(a, b Environment) []string {
	var d []string
	add := func(name, x, y string) {
		if x != y {
			d = append(d, fmt.Sprintf("%s: %s -> %s", name, x, y))
		}
	}
	add("kernel", a.Kernel, b.Kernel)
	add("cpu", a.CPU, b.CPU)
	add("go", a.Go, b.Go)
	add("commit", a.Commit, b.Commit)
	for _, k := range sysctls {
		add(k, sysctlValue(a.Sysctls[k]), sysctlValue(b.Sysctls[k]))
	}
	return d
}

func sysctlValue(p *string) string {
	if p == nil {
		return "absent"
	}
	return *p
}
