package main

// --plot draws a few rate curves against N. That is small enough to write
// as SVG by hand, which keeps a plotting library out of the module that
// every importer of rtnl downloads (issue 19), and lets the picture say
// "100k" and "2M/s" instead of "1e+05" and "2000000" (issue 24).

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// point is one measurement: X a size (N), Y a rate.
type point struct{ X, Y float64 }

// series is one line of a chart, named in its legend.
type series struct {
	Name   string
	Points []point
}

// axis is one axis of a chart: its label, whether its scale is
// logarithmic (base 10), and the unit its tick labels end with ("/s"
// makes "2M/s").
type axis struct {
	Label string
	Log   bool
	Unit  string
}

// chart is a line chart. The legend sits right of the plot area, so it
// never covers a line; every label is inside the picture.
type chart struct {
	Title  string
	X, Y   axis
	Series []series
	Styles []lineStyle // the series' styles, in order; nil: seriesStyle
}

// style is the line style of series i.
func (c chart) style(i int) lineStyle {
	if i < len(c.Styles) {
		return c.Styles[i]
	}
	return seriesStyle[i%len(seriesStyle)]
}

// drawable are the points of s a chart can draw: on a logarithmic axis,
// those above zero.
func (c chart) drawable(s series) []point {
	var pts []point
	for _, p := range s.Points {
		if (!c.X.Log || p.X > 0) && (!c.Y.Log || p.Y > 0) {
			pts = append(pts, p)
		}
	}
	return pts
}

// The picture's geometry, in SVG user units (pixels at 100%).
const (
	svgW, svgH = 800, 480
	svgPad     = 12 // between the picture's edge and anything drawn
	fontSize   = 13 // tick labels, axis labels, legend
	titleSize  = 16
	tickLen    = 5
	swatchLen  = 28 // the line sample in a legend entry
	legendGap  = 20 // between the plot area and the legend
)

// seriesStyle are the colours (Okabe–Ito, readable by the colour-blind)
// and dash patterns of the series, in order; they repeat past four.
var seriesStyle = []lineStyle{
	{"#0072b2", ""}, {"#d55e00", "7 4"}, {"#009e73", "2 3"}, {"#cc79a7", "9 3 2 3"},
}

type lineStyle struct{ color, dash string }

// dashAttr is the stroke-dasharray attribute of a dashed style, with its
// leading space, or nothing for a solid line.
func (st lineStyle) dashAttr() string {
	if st.dash == "" {
		return ""
	}
	return ` stroke-dasharray="` + st.dash + `"`
}

// textWidth estimates the width of s in a sans-serif font of size px. It
// errs wide (DejaVu Sans digits are 0.64 em, lower case narrower): the
// layout must leave room, and a little too much room does not show.
func textWidth(s string, px float64) float64 {
	return 0.64 * px * float64(len([]rune(s)))
}

// human formats v with a k, M or G suffix and at most two decimals,
// followed by unit: 1500 → "1.5k", 2e6 → "2M", 0 → "0".
func human(v float64, unit string) string {
	if v == 0 {
		return "0"
	}
	suffix := ""
	switch a := math.Abs(v); {
	case a >= 1e9:
		v, suffix = v/1e9, "G"
	case a >= 1e6:
		v, suffix = v/1e6, "M"
	case a >= 1e3:
		v, suffix = v/1e3, "k"
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) + suffix + unit
}

// scale maps data values of one axis onto pixels.
type scale struct {
	lo, hi     float64 // the data domain, ticks included
	from, to   float64 // pixels lo and hi map to
	log        bool
	ticks      []float64
	tickLabels []string
}

func (s scale) at(v float64) float64 {
	f := func(x float64) float64 { return x }
	if s.log {
		f = math.Log10
	}
	return s.from + (f(v)-f(s.lo))/(f(s.hi)-f(s.lo))*(s.to-s.from)
}

// ticksFor chooses the domain and the ticks of an axis over the values vs:
// a linear axis starts at zero and steps by 1, 2 or 5 times a power of ten
// (four to six ticks); a logarithmic one puts ticks at 1, 2 and 5 times
// the powers of ten (only at the powers past three decades, at every
// digit and 1.5 when that gives fewer than three). The domain ends on a
// tick on both sides, and is never empty.
func ticksFor(vs []float64, a axis) (lo, hi float64, ticks []float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if a.Log && v <= 0 {
			continue
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	if a.Log {
		if lo > hi { // nothing to draw
			lo, hi = 1, 10
		}
		return logTicks(lo, hi)
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	lo, hi = min(lo, 0), max(hi, 0)
	if lo == hi {
		hi = 1
	}
	step := niceStep((hi - lo) / 5)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	for i := 0; ; i++ {
		t := lo + float64(i)*step
		if t > hi+step/2 {
			break
		}
		ticks = append(ticks, t)
	}
	return lo, hi, ticks
}

// niceStep is the smallest 1, 2 or 5 times a power of ten at least x.
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// logTicks is ticksFor for a logarithmic axis over [lo, hi], 0 < lo ≤ hi.
func logTicks(lo, hi float64) (tlo, thi float64, ticks []float64) {
	sets := [][]float64{{1, 2, 5}, {1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9}}
	if math.Log10(hi/lo) > 3 {
		sets = [][]float64{{1}}
	}
	for _, mults := range sets {
		tlo, thi, ticks = logTicksAt(lo, hi, mults)
		if len(ticks) >= 3 {
			break
		}
	}
	return tlo, thi, ticks
}

// logTicksAt puts ticks at mults times the powers of ten, over [lo, hi]
// widened to the nearest tick on each side.
func logTicksAt(lo, hi float64, mults []float64) (float64, float64, []float64) {
	var cand []float64
	for e := math.Floor(math.Log10(lo)) - 1; e <= math.Ceil(math.Log10(hi))+1; e++ {
		for _, m := range mults {
			cand = append(cand, m*math.Pow(10, e))
		}
	}
	// The last candidate at or below lo, the first at or above hi, and one
	// more on each side when they are the same (a single value).
	i, j := 0, len(cand)-1
	for i+1 < len(cand) && cand[i+1] <= lo*(1+1e-9) {
		i++
	}
	for j-1 >= 0 && cand[j-1] >= hi*(1-1e-9) {
		j--
	}
	if i == j {
		i, j = i-1, j+1
	}
	return cand[i], cand[j], cand[i : j+1]
}

// newScale builds the scale of axis a over vs, drawn from pixel from to
// pixel to.
func newScale(vs []float64, a axis, from, to float64) scale {
	lo, hi, ticks := ticksFor(vs, a)
	s := scale{lo: lo, hi: hi, from: from, to: to, log: a.Log, ticks: ticks}
	for _, t := range ticks {
		s.tickLabels = append(s.tickLabels, human(t, a.Unit))
	}
	return s
}

// plotArea is a chart's layout: the plot area's edges in pixels, the
// scales that map data into it, and the legend's width.
type plotArea struct {
	left, right, top, bottom float64
	x, y                     scale
	legendW                  float64
}

// layout places the plot area. The y tick labels and the legend fix the
// side margins; the x tick labels are centred on their ticks, and the
// legend gap leaves room for half of the last one.
func (c chart) layout() plotArea {
	var xs, ys []float64
	for _, s := range c.Series {
		for _, p := range s.Points {
			xs, ys = append(xs, p.X), append(ys, p.Y)
		}
	}
	yLabelW := 0.0
	for _, l := range newScale(ys, c.Y, 0, 1).tickLabels {
		yLabelW = max(yLabelW, textWidth(l, fontSize))
	}
	a := plotArea{}
	for _, s := range c.Series {
		a.legendW = max(a.legendW, textWidth(s.Name, fontSize))
	}
	a.legendW += swatchLen + 6 + 2*8
	a.top = float64(svgPad + titleSize + 16)
	a.bottom = float64(svgH - svgPad - 2*fontSize - tickLen - 14)
	a.left = svgPad + fontSize + 10 + yLabelW + tickLen + 4
	a.right = svgW - svgPad - a.legendW - legendGap
	a.x = newScale(xs, c.X, a.left, a.right)
	a.y = newScale(ys, c.Y, a.bottom, a.top)
	return a
}

// writeSVG draws the chart as a standalone SVG document.
func (c chart) writeSVG(w io.Writer) error {
	a := c.layout()
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="%d">`+"\n",
		svgW, svgH, svgW, svgH, fontSize)
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="white"/>`+"\n", svgW, svgH)
	fmt.Fprintf(b, `<text class="title" x="%.1f" y="%d" font-size="%d" text-anchor="middle">%s</text>`+"\n",
		(a.left+a.right)/2, svgPad+titleSize, titleSize, esc(c.Title))
	c.writeAxes(b, a)
	c.writeLines(b, a)
	c.writeLegend(b, a)
	fmt.Fprintf(b, "</svg>\n")
	return b.Flush()
}

// writeAxes draws the grid, the frame, the ticks and their labels, and
// the axis labels.
func (c chart) writeAxes(b io.Writer, a plotArea) {
	fmt.Fprintf(b, `<g class="grid" stroke="#e0e0e0" stroke-width="1">`+"\n")
	for _, t := range a.y.ticks {
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`+"\n", a.left, a.y.at(t), a.right, a.y.at(t))
	}
	for _, t := range a.x.ticks {
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`+"\n", a.x.at(t), a.top, a.x.at(t), a.bottom)
	}
	fmt.Fprintf(b, "</g>\n")
	fmt.Fprintf(b, `<rect class="frame" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="black"/>`+"\n",
		a.left, a.top, a.right-a.left, a.bottom-a.top)
	fmt.Fprintf(b, `<g class="xticks" text-anchor="middle">`+"\n")
	for i, t := range a.x.ticks {
		x := a.x.at(t)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`, x, a.bottom, x, a.bottom+tickLen)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", x, a.bottom+tickLen+4+fontSize, esc(a.x.tickLabels[i]))
	}
	fmt.Fprintf(b, "</g>\n")
	fmt.Fprintf(b, `<g class="yticks" text-anchor="end">`+"\n")
	for i, t := range a.y.ticks {
		y := a.y.at(t)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`, a.left-tickLen, y, a.left, y)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", a.left-tickLen-4, y+fontSize*0.35, esc(a.y.tickLabels[i]))
	}
	fmt.Fprintf(b, "</g>\n")
	fmt.Fprintf(b, `<text class="xlabel" x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n",
		(a.left+a.right)/2, svgH-svgPad-4, esc(c.X.Label))
	ly, lx := (a.top+a.bottom)/2, float64(svgPad+fontSize)
	fmt.Fprintf(b, `<text class="ylabel" x="%.1f" y="%.1f" text-anchor="middle" transform="rotate(-90 %.1f %.1f)">%s</text>`+"\n",
		lx, ly, lx, ly, esc(c.Y.Label))
}

// writeLines draws each series as a line with a marker at every point.
func (c chart) writeLines(b io.Writer, a plotArea) {
	for i, s := range c.Series {
		st := c.style(i)
		fmt.Fprintf(b, `<g class="series" stroke="%s" stroke-width="2">`+"\n", st.color)
		var pts []string
		for _, p := range c.drawable(s) {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", a.x.at(p.X), a.y.at(p.Y)))
		}
		fmt.Fprintf(b, `<polyline fill="none"%s points="%s"/>`+"\n", st.dashAttr(), strings.Join(pts, " "))
		for _, p := range c.drawable(s) {
			fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="white"/>`+"\n", a.x.at(p.X), a.y.at(p.Y))
		}
		fmt.Fprintf(b, "</g>\n")
	}
}

// writeLegend draws the legend right of the plot area, level with its top.
func (c chart) writeLegend(b io.Writer, a plotArea) {
	x, rowH := a.right+legendGap, float64(fontSize+8)
	fmt.Fprintf(b, `<g class="legend">`+"\n")
	fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="white" stroke="#999999"/>`+"\n",
		x, a.top, a.legendW, rowH*float64(len(c.Series))+8)
	for i, s := range c.Series {
		st := c.style(i)
		y := a.top + 4 + rowH*float64(i) + rowH/2
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"%s/>`,
			x+8, y, x+8+swatchLen, y, st.color, st.dashAttr())
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", x+8+swatchLen+6, y+fontSize*0.35, esc(s.Name))
	}
	fmt.Fprintf(b, "</g>\n")
}

// esc escapes s for SVG text.
func esc(s string) string {
	var sb strings.Builder
	xml.EscapeText(&sb, []byte(s))
	return sb.String()
}
