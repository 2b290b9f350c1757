package main

// The fib workload's table: tool × phase with the time, rate, CPU, peak
// RSS, kernel changes and latencies, and each row's rate over BIRD's and
// over C's in the same phase.

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"
)

// fibExtra records a fib row's extras for the table.
func (e *env) fibExtra(workload, tool string, x fibExtra) {
	if e.fibX == nil {
		e.fibX = map[string]fibExtra{}
	}
	e.fibX[workload+"\x00"+tool] = x
}

// writeFibTable prints the fib workload's summaries. time is n over the
// median rate; CPU is the tool's user + system seconds for the phase
// (BIRD's process, ip's, C's, or nlbench's own for nlroute); changes are
// the route notifications a monitor in the namespace saw ("-": not
// watched); p50/p99 from an update's issue to its notification (churn).
// spread is (max − min) / median of the rates over -count runs, "!" past
// wideSpread.
func writeFibTable(w io.Writer, ss []Summary, xs map[string]fibExtra) {
	ss = slices.Clone(ss)
	slices.SortStableFunc(ss, func(a, b Summary) int {
		return cmp.Or(cmp.Compare(a.Workload, b.Workload), cmp.Compare(toolRank(a.Tool), toolRank(b.Tool)))
	})
	rate := map[string]float64{}
	for _, s := range ss {
		rate[s.Workload+"\x00"+s.Tool] = s.RatePerS
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\ttool\tn\truns\ttime s\tper s\tspread\tx-BIRD\tx-C\tCPU s\tpeak RSS MiB\tchanges\tnh changes\tp50\tp99\t")
	for _, s := range ss {
		x := xs[s.Workload+"\x00"+s.Tool]
		secs := 0.0
		if s.RatePerS > 0 {
			secs = float64(s.N) / s.RatePerS
		}
		cpu := (s.UserUsPerOp + s.SysUsPerOp) * float64(max(s.N, 1)) / 1e6
		flag := " "
		if s.Wide {
			flag = "!"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.3f\t%.0f\t%.0f%%%s\t%s\t%s\t%.2f\t%.1f\t%s\t%s\t%s\t%s\t\n",
			s.Workload, s.Tool, s.N, s.Runs, secs, s.RatePerS, s.Spread*100, flag,
			ratio(s.RatePerS, rate[s.Workload+"\x00bird"]), ratio(s.RatePerS, rate[s.Workload+"\x00c"]),
			cpu, float64(s.PeakRSSBytes)/(1<<20), count(x.changes), count(x.nexthops), dur(x.p50, x.hasLat), dur(x.p99, x.hasLat))
	}
	tw.Flush()
	for _, s := range ss {
		if s.Note != "" {
			fmt.Fprintf(w, "%s (%s): %s\n", s.Workload, s.Tool, s.Note)
		}
	}
}

func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func count(n int64) string {
	if n < 0 {
		return "-"
	}
	return fmt.Sprint(n)
}

func dur(d time.Duration, ok bool) string {
	if !ok {
		return "-"
	}
	return d.Round(time.Microsecond).String()
}

// toolRank orders a phase's rows: nlroute, then the peers.
func toolRank(tool string) int {
	if i := slices.Index([]string{"nlroute", "c", "bird", "ip"}, tool); i >= 0 {
		return i
	}
	return 4
}
