package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// plotRuns are install and dump runs of three tools at three sizes, two
// runs each, as plotScaling collects them.
func plotRuns() []Result {
	var rs []Result
	for _, n := range []int{10000, 100000, 1000000} {
		for rep := range 2 {
			f := float64(rep) // the second run a little faster
			for _, t := range []struct {
				tool       string
				rate, user float64
			}{{"nlroute", 200e3, 0.2}, {"c", 300e3, 0.1}, {"ip", 10e3, 12}} {
				rs = append(rs,
					Result{Workload: "install/errors", Tool: t.tool, N: n, RatePerS: t.rate + f*1000, UserUsPerOp: t.user, SysUsPerOp: 3},
					Result{Workload: "dump", Tool: t.tool, N: n, RatePerS: 10 * (t.rate + f*1000)})
			}
		}
	}
	return rs
}

func TestPlotCharts(t *testing.T) {
	rate, cpu := plotCharts(plotRuns(), "inet", "errors")
	var names []string
	for _, s := range rate.Series {
		names = append(names, s.Name)
		if len(s.Points) != 3 || s.Points[0].X != 10000 || s.Points[2].X != 1e6 {
			t.Errorf("%s: points %v, want one per size, in order", s.Name, s.Points)
		}
	}
	want := []string{"nlroute install", "nlroute dump", "C (libmnl) install", "C (libmnl) dump", "ip install", "ip dump"}
	if !slices.Equal(names, want) {
		t.Errorf("rate series %q, want %q", names, want)
	}
	if p := rate.Series[0].Points[0]; p.Y != 200.5e3 {
		t.Errorf("nlroute install at 10k: %v, want the median 200.5k", p.Y)
	}
	if !rate.Y.Log || len(rate.Styles) != len(rate.Series) || rate.Styles[0].color != rate.Styles[1].color || rate.Styles[1].dash == "" {
		t.Errorf("rate chart: log %v styles %v: want a log axis, a colour per tool, dumps dashed", rate.Y.Log, rate.Styles)
	}
	if len(cpu.Series) != 6 || cpu.Series[0].Name != "nlroute user" || cpu.Series[1].Name != "nlroute kernel" || cpu.Series[4].Points[0].Y != 12 {
		t.Errorf("cpu series %+v", cpu.Series)
	}
}

// TestPlotFiles renders both charts as SVG and, where rsvg-convert is
// installed, as PNG, and checks the files are pictures of the chart's
// size.
func TestPlotFiles(t *testing.T) {
	rate, cpu := plotCharts(plotRuns(), "inet", "errors")
	dir := t.TempDir()
	for _, ch := range []chart{rate, cpu} {
		f := filepath.Join(dir, "a.svg")
		if err := writeChart(ch, f); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := readSVG(t, b)
		checkInside(t, d)
		if len(d.texts["legend"]) != len(ch.Series) {
			t.Errorf("legend %q", d.texts["legend"])
		}
		if _, err := exec.LookPath("rsvg-convert"); err != nil {
			t.Log("rsvg-convert not installed: PNG not checked")
			continue
		}
		pf := filepath.Join(dir, "a.png")
		if err := writeChart(ch, pf); err != nil {
			t.Fatal(err)
		}
		pb, err := os.ReadFile(pf)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(pb))
		if err != nil {
			t.Fatalf("%s: %v", pf, err)
		}
		if sz := img.Bounds().Size(); sz.X != svgW || sz.Y != svgH || len(pb) < 5000 {
			t.Errorf("PNG %v, %d bytes: want %dx%d and a picture, not an empty page", sz, len(pb), svgW, svgH)
		}
	}
	if got := cpuFile("x/plot.svg"); got != "x/plot-cpu.svg" {
		t.Errorf("cpuFile = %q", got)
	}
}
