package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/nlroute/nlroute/internal/uapi"
)

// writeTable prints the summaries as an aligned table. ops/s is the
// median over the runs, min and max beside it, spread their distance
// over the median; a "!" after the spread flags one past wideSpread (20%),
// too noisy to trust. x-of-C is each row's median rate over the C
// program's on the same workload (1 is the kernel's limit as libmnl
// reaches it; 0.5 half of it), "-" without a C row.
func writeTable(w io.Writer, ss []Summary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\ttool\tn\truns\tops/s\tmin\tmax\tspread\tx-of-C\tuser µs/op\tsys µs/op\tsyscalls/op\tallocs/op\tpeak RSS MiB\tdrops\tlost\t")
	wide := false
	for _, s := range ss {
		flag := " "
		if s.Wide {
			flag, wide = "!", true
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.0f\t%.0f\t%.0f\t%.0f%%%s\t%s\t%.3f\t%.3f\t%.4f\t%.4f\t%.1f\t%d\t%d\t\n",
			s.Workload, s.Tool, s.N, s.Runs, s.RatePerS, s.MinRatePerS, s.MaxRatePerS, s.Spread*100, flag,
			xOfC(s.XOfC), s.UserUsPerOp, s.SysUsPerOp, s.SyscallsPerOp,
			s.AllocsPerOp, float64(s.PeakRSSBytes)/(1<<20), s.Drops, s.Lost)
	}
	tw.Flush()
	if wide {
		fmt.Fprintf(w, "!: spread over %.0f%% of the median, too noisy to trust: more runs (-count) or a quieter machine\n", wideSpread*100)
	}
	for _, s := range ss {
		if s.Note != "" {
			fmt.Fprintf(w, "%s (%s): %s\n", s.Workload, s.Tool, s.Note)
		}
	}
}

// xOfC formats a ratio to C, or "-" for none.
func xOfC(x float64) string {
	if x <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", x)
}

func familyByte(f string) byte {
	if f == "inet6" {
		return uapi.AF_INET6
	}
	return uapi.AF_INET
}
