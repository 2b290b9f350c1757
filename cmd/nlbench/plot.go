package main

// --plot: install and dump over several sizes, with every peer of
// --compare, drawn as two charts: the rates against N, and the CPU per
// route installed split into user and kernel time.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// plotSizes are the fractions of -n the scaling curves are drawn over.
var plotSizes = []int{16, 8, 4, 2, 1}

// toolStyle gives each tool its colour (Okabe–Ito); workloads and CPU
// kinds differ by dash.
var toolStyle = map[string]string{"nlroute": "#0072b2", "c": "#d55e00", "ip": "#009e73"}

// toolName is a tool's name in a legend.
var toolName = map[string]string{"nlroute": "nlroute", "c": "C (libmnl)", "ip": "ip"}

// plotScaling runs install and dump (with the peers of --compare) -count
// times at several sizes up to -n, and draws the median rates against N
// into file and the CPU per route installed into the -cpu file beside it.
func plotScaling(ctx context.Context, e *env, file string) error {
	n := e.size(defaultRoutes)
	var rs []Result
	k := 0
	// A point's X is the size installed: a dump also counts the
	// namespace's own routes (local, connected).
	collect := func(r Result) { r.N = k; rs = append(rs, r) }
	last := 0
	for _, div := range plotSizes {
		k = max(n/div, 1000)
		if k == last { // a small -n: the 1000 floor repeats
			continue
		}
		last = k
		for range e.o.count {
			if err := e.install(ctx, e.o.ack, k, collect); err != nil {
				return fmt.Errorf("nlbench: --plot: install %d: %w", k, err)
			}
			if err := e.dump(ctx, k, collect); err != nil {
				return fmt.Errorf("nlbench: --plot: dump %d: %w", k, err)
			}
		}
	}
	rate, cpu := plotCharts(rs, e.o.family, e.o.ack.String())
	if err := writeChart(rate, file); err != nil {
		return err
	}
	return writeChart(cpu, cpuFile(file))
}

// cpuFile is the CPU chart's file beside the rate chart's: a.svg → a-cpu.svg.
func cpuFile(file string) string {
	for _, ext := range []string{".svg", ".png"} {
		if base, ok := strings.CutSuffix(file, ext); ok {
			return base + "-cpu" + ext
		}
	}
	return file + "-cpu"
}

// plotCharts draws the runs: the rate chart has a line per workload and
// tool (colour: the tool, dash: the workload), the CPU chart two per tool
// for install (solid: user, dashed: kernel). Each point is the median of
// the runs at its N. An axis is logarithmic when its values span more
// than 20 times (ip is an order of magnitude below the others).
func plotCharts(rs []Result, family, ack string) (rate, cpu chart) {
	type key struct{ w, t string }
	var keys []key
	byKey := map[key]map[int][]Result{}
	for _, r := range rs {
		k := key{r.Workload, r.Tool}
		if byKey[k] == nil {
			keys = append(keys, k)
			byKey[k] = map[int][]Result{}
		}
		byKey[k][r.N] = append(byKey[k][r.N], r)
	}
	curve := func(k key, f func(Result) float64) []point {
		var pts []point
		for n, g := range byKey[k] {
			v := make([]float64, len(g))
			for i, r := range g {
				v[i] = f(r)
			}
			pts = append(pts, point{float64(n), median(v)})
		}
		slices.SortFunc(pts, func(a, b point) int { return int(a.X - b.X) })
		return pts
	}
	rate = chart{
		Title: "routes/s against N: nlroute and its peers (" + family + ", " + ack + " acks)",
		X:     axis{Label: "routes (N)", Log: true},
		Y:     axis{Label: "routes/s", Unit: "/s"},
	}
	cpu = chart{
		Title: "CPU per route installed (" + family + ", " + ack + " acks)",
		X:     axis{Label: "routes (N)", Log: true},
		Y:     axis{Label: "CPU µs per route", Unit: "µs"},
	}
	for _, k := range keys {
		dash := ""
		if k.w == "dump" {
			dash = "7 4"
		}
		rate.Series = append(rate.Series, series{toolName[k.t] + " " + strings.Split(k.w, "/")[0],
			curve(k, func(r Result) float64 { return r.RatePerS })})
		rate.Styles = append(rate.Styles, lineStyle{toolStyle[k.t], dash})
		if k.w == "dump" {
			continue
		}
		cpu.Series = append(cpu.Series,
			series{toolName[k.t] + " user", curve(k, func(r Result) float64 { return r.UserUsPerOp })},
			series{toolName[k.t] + " kernel", curve(k, func(r Result) float64 { return r.SysUsPerOp })})
		cpu.Styles = append(cpu.Styles, lineStyle{toolStyle[k.t], ""}, lineStyle{toolStyle[k.t], "7 4"})
	}
	rate.Y.Log, cpu.Y.Log = wideRange(rate.Series), wideRange(cpu.Series)
	return rate, cpu
}

// wideRange reports whether the positive Y values of ss span more than
// 20 times.
func wideRange(ss []series) bool {
	lo, hi := 0.0, 0.0
	for _, s := range ss {
		for _, p := range s.Points {
			if p.Y > 0 && (lo == 0 || p.Y < lo) {
				lo = p.Y
			}
			hi = max(hi, p.Y)
		}
	}
	return lo > 0 && hi/lo > 20
}

// writeChart writes ch into file: SVG, or for a .png file the SVG
// rendered by rsvg-convert (librsvg; Debian: librsvg2-bin), which keeps
// a rasterizer out of the module.
func writeChart(ch chart, file string) error {
	var svg bytes.Buffer
	if err := ch.writeSVG(&svg); err != nil {
		return fmt.Errorf("nlbench: --plot: %w", err)
	}
	if !strings.HasSuffix(file, ".png") {
		if err := os.WriteFile(file, svg.Bytes(), 0o644); err != nil {
			return fmt.Errorf("nlbench: --plot: %w", err)
		}
		return nil
	}
	return svgToPNG(svg.Bytes(), file)
}

// svgToPNG renders an SVG document into a PNG file with rsvg-convert.
func svgToPNG(svg []byte, file string) error {
	conv, err := exec.LookPath("rsvg-convert")
	if err != nil {
		return errors.New("nlbench: --plot " + file + ": a PNG needs rsvg-convert (Debian/Ubuntu: apt-get install librsvg2-bin); or ask for a .svg")
	}
	cmd := exec.Command(conv, "-f", "png", "-o", file)
	cmd.Stdin = bytes.NewReader(svg)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("nlbench: --plot: rsvg-convert: %w: %s", err, bytes.TrimSpace(out))
	}
	return nil
}
