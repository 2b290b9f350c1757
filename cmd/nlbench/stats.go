package main

import (
	"slices"
)

// wideSpread is the spread past which a figure is flagged as too noisy
// to trust: (max − min) / median of the rates over the -count runs. 20%
// is the run-to-run swing of a single figure on a busy 2-core machine
// (issue 24); a figure past it needs more runs or a quieter machine.
const wideSpread = 0.20

// Summary is one workload and tool over its -count runs: the median,
// minimum and maximum rate, their spread, and the median of each
// per-operation figure.
type Summary struct {
	Workload      string  `json:"workload"`
	Tool          string  `json:"tool"`
	N             int     `json:"n"`
	Runs          int     `json:"runs"`
	RatePerS      float64 `json:"rate_per_s"` // the median
	MinRatePerS   float64 `json:"min_rate_per_s"`
	MaxRatePerS   float64 `json:"max_rate_per_s"`
	Spread        float64 `json:"spread"` // (max − min) / median
	Wide          bool    `json:"wide"`   // Spread > wideSpread
	XOfC          float64 `json:"x_of_c,omitempty"`
	UserUsPerOp   float64 `json:"user_us_per_op"`
	SysUsPerOp    float64 `json:"sys_us_per_op"`
	SyscallsPerOp float64 `json:"syscalls_per_op"`
	AllocsPerOp   float64 `json:"allocs_per_op"`
	BytesPerOp    float64 `json:"bytes_per_op"`
	PeakRSSBytes  uint64  `json:"peak_rss_bytes"` // the highest
	Drops         uint64  `json:"drops"`          // over every run
	Lost          int     `json:"lost"`           // over every run
	Note          string  `json:"note,omitempty"`
}

// summarize groups rs by workload and tool, in the order each first
// appears, and fills each row's x-of-C from the C row of its workload.
func summarize(rs []Result) []Summary {
	type key struct{ w, t string }
	var order []key
	groups := map[key][]Result{}
	for _, r := range rs {
		k := key{r.Workload, r.Tool}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r)
	}
	out := make([]Summary, 0, len(order))
	cRate := map[string]float64{}
	for _, k := range order {
		s := summarizeRuns(groups[k])
		if s.Tool == "c" {
			cRate[s.Workload] = s.RatePerS
		}
		out = append(out, s)
	}
	for i := range out {
		if c := cRate[out[i].Workload]; c > 0 {
			out[i].XOfC = out[i].RatePerS / c
		}
	}
	return out
}

// summarizeRuns summarizes the runs of one workload and tool.
func summarizeRuns(g []Result) Summary {
	pick := func(f func(Result) float64) []float64 {
		v := make([]float64, len(g))
		for i, r := range g {
			v[i] = f(r)
		}
		return v
	}
	rates := pick(func(r Result) float64 { return r.RatePerS })
	s := Summary{
		Workload: g[0].Workload, Tool: g[0].Tool, N: g[0].N, Runs: len(g),
		RatePerS: median(rates), MinRatePerS: slices.Min(rates), MaxRatePerS: slices.Max(rates),
		UserUsPerOp:   median(pick(func(r Result) float64 { return r.UserUsPerOp })),
		SysUsPerOp:    median(pick(func(r Result) float64 { return r.SysUsPerOp })),
		SyscallsPerOp: median(pick(func(r Result) float64 { return r.SyscallsPerOp })),
		AllocsPerOp:   median(pick(func(r Result) float64 { return r.AllocsPerOp })),
		BytesPerOp:    median(pick(func(r Result) float64 { return r.BytesPerOp })),
		Note:          g[0].Note,
	}
	if s.RatePerS > 0 {
		s.Spread = (s.MaxRatePerS - s.MinRatePerS) / s.RatePerS
	}
	s.Wide = s.Spread > wideSpread
	for _, r := range g {
		s.PeakRSSBytes = max(s.PeakRSSBytes, r.PeakRSSBytes)
		s.Drops += r.Drops
		s.Lost += r.Lost
	}
	return s
}

// median returns the middle of v (the mean of the two middle values for
// an even count), or 0 for none; v is not changed.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// overlap reports whether the rate ranges [min, max] of a and b overlap:
// a difference between them is within the runs' own noise.
func overlap(a, b Summary) bool {
	return a.MinRatePerS <= b.MaxRatePerS && b.MinRatePerS <= a.MaxRatePerS
}
