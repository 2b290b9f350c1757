package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
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

// plotSizes are the fractions of -n the scaling curve is drawn over.
var plotSizes = []int{16, 8, 4, 2, 1}

// plotScaling runs install and dump at several sizes up to -n and draws
// their rates against N into file, an SVG picture.
func plotScaling(ctx context.Context, e *env, file string) error {
	n := e.size(defaultRoutes)
	c, err := e.dial(ring.PipelineConfig(ring.Config{}))
	if err != nil {
		return err
	}
	defer c.Close()
	inst := series{Name: "install (" + e.o.ack.String() + " acks)"}
	dump := series{Name: "dump"}
	last := 0
	for _, div := range plotSizes {
		k := max(n/div, 1000)
		if k == last { // a small -n: the 1000 floor repeats
			continue
		}
		last = k
		e.bar.start(fmt.Sprintf("plot %d", k))
		m := startMeter(c)
		if _, err := e.routes(ctx, c, e.o.ack, k, 0, wire.FlagCreate|wire.FlagExcl, false); err != nil {
			return err
		}
		inst.Points = append(inst.Points, point{float64(k), m.stop("", k).RatePerS})
		req := dumpReq(uapi.RTM_GETROUTE, 12, familyByte(e.o.family))
		m = startMeter(c)
		got, err := countDump(ctx, c, req, codec.Route, uapi.RTA_DST)
		if err != nil {
			return err
		}
		dump.Points = append(dump.Points, point{float64(k), m.stop("", got).RatePerS})
		if _, err := e.routes(ctx, c, ring.AckErrors, k, 0, 0, true); err != nil {
			return err
		}
		e.bar.done()
	}
	ch := chart{
		Title:  "nlroute: routes/s against N (" + e.o.family + ")",
		X:      axis{Label: "routes (N)", Log: true},
		Y:      axis{Label: "routes/s", Unit: "/s"},
		Series: []series{inst, dump},
	}
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("nlbench: --plot: %w", err)
	}
	if err := ch.writeSVG(f); err != nil {
		f.Close()
		return fmt.Errorf("nlbench: --plot: %w", err)
	}
	return f.Close()
}

func familyByte(f string) byte {
	if f == "inet6" {
		return uapi.AF_INET6
	}
	return uapi.AF_INET
}
