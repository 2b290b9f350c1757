package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestHuman(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		unit string
		want string
	}{
		{0, "/s", "0"},
		{500, "", "500"},
		{1000, "", "1k"},
		{1500, "", "1.5k"},
		{6250, "", "6.25k"},
		{100000, "", "100k"},
		{1e6, "", "1M"},
		{2e6, "/s", "2M/s"},
		{1.2e6, "/s", "1.2M/s"},
		{3e9, "", "3G"},
		{0.2, "", "0.2"},
	} {
		if got := human(tt.v, tt.unit); got != tt.want {
			t.Errorf("human(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, tt := range []struct {
		vs     []float64
		a      axis
		lo, hi float64
		ticks  []float64
	}{
		// -n 100000: n/16 … n.
		{[]float64{6250, 12500, 25000, 50000, 100000}, axis{Log: true}, 5000, 100000, []float64{5000, 10000, 20000, 50000, 100000}},
		// One size only (-n at or below 1000): a tick each side.
		{[]float64{1000}, axis{Log: true}, 500, 2000, []float64{500, 1000, 2000}},
		// -n 2000: two sizes a factor two apart get a tick between.
		{[]float64{1000, 2000}, axis{Log: true}, 1000, 2000, []float64{1000, 1500, 2000}},
		{[]float64{1200, 1900}, axis{Log: true}, 1000, 2000, []float64{1000, 1500, 2000}},
		// More than three decades: powers of ten only.
		{[]float64{30, 2e5}, axis{Log: true}, 10, 1e6, []float64{10, 100, 1000, 1e4, 1e5, 1e6}},
		{[]float64{1.23e6, 2.05e6}, axis{}, 0, 2.5e6, []float64{0, 5e5, 1e6, 1.5e6, 2e6, 2.5e6}},
		{[]float64{0}, axis{}, 0, 1, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{nil, axis{}, 0, 1, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
	} {
		lo, hi, ticks := ticksFor(tt.vs, tt.a)
		if !near(lo, tt.lo) || !near(hi, tt.hi) || len(ticks) != len(tt.ticks) {
			t.Errorf("ticksFor(%v, log %v) = %v, %v, %v; want %v, %v, %v", tt.vs, tt.a.Log, lo, hi, ticks, tt.lo, tt.hi, tt.ticks)
			continue
		}
		for i := range ticks {
			if !near(ticks[i], tt.ticks[i]) {
				t.Errorf("ticksFor(%v, log %v) ticks %v, want %v", tt.vs, tt.a.Log, ticks, tt.ticks)
				break
			}
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// svgNode is any element of an SVG document, for reading it back.
type svgNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []svgNode  `xml:",any"`
}

func (n svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n svgNode) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// inherited are the attributes an element takes from the <g> elements
// around it: the innermost class, and the text-anchor.
type inherited struct{ class, anchor string }

// walk calls f for n and every element below it, with what each inherits.
func (n svgNode) walk(in inherited, f func(n svgNode, in inherited)) {
	f(n, in)
	if n.XMLName.Local == "g" {
		if c := n.attr("class"); c != "" {
			in.class = c
		}
		if a := n.attr("text-anchor"); a != "" {
			in.anchor = a
		}
	}
	for _, c := range n.Children {
		c.walk(in, f)
	}
}

// box is a rectangle in the picture: x0 ≤ x1, y0 ≤ y1.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) inside(o box) bool {
	return b.x0 >= o.x0 && b.y0 >= o.y0 && b.x1 <= o.x1 && b.y1 <= o.y1
}

func (b box) overlaps(o box) bool {
	return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1
}

// textBox is where the text of a <text> element can be: its estimated
// width placed by its anchor (its own text-anchor, else anchor), one em high above its baseline (a little
// below for descenders), or the same turned by a rotate(-90 …).
func textBox(t *testing.T, n svgNode, anchor string) box {
	x, y := n.num(t, "x"), n.num(t, "y")
	px := float64(fontSize)
	if s := n.attr("font-size"); s != "" {
		px = n.num(t, "font-size")
	}
	w := textWidth(n.Text, px)
	if a := n.attr("text-anchor"); a != "" {
		anchor = a
	}
	x0 := x
	switch anchor {
	case "middle":
		x0 = x - w/2
	case "end":
		x0 = x - w
	}
	b := box{x0, y - px, x0 + w, y + 0.25*px}
	if strings.HasPrefix(n.attr("transform"), "rotate(-90") {
		// Turned a quarter left about (x, y): an offset (dx, dy) from
		// there goes to (dy, -dx).
		b = box{x + (b.y0 - y), y - (b.x1 - x), x + (b.y1 - y), y - (b.x0 - x)}
	}
	return b
}

// TestChartSVG draws a chart of nlbench's shape, parses the SVG back and
// checks what issue 24 found wrong with the library's plot: the tick
// labels are human ("100k", "2M/s", never "2000000" or "1e+04"), the
// legend names every series and covers no line and no label, and nothing
// lies outside the picture.
func TestChartSVG(t *testing.T) {
	ch := chart{
		Title: "nlroute: routes/s against N (inet)",
		X:     axis{Label: "routes (N)", Log: true},
		Y:     axis{Label: "routes/s", Unit: "/s"},
		Series: []series{
			{"install (errors acks)", []point{{6250, 1.31e6}, {12500, 1.52e6}, {25000, 1.61e6}, {50000, 1.66e6}, {100000, 1.71e6}}},
			{"dump", []point{{6250, 1.9e6}, {12500, 2.05e6}, {25000, 2.12e6}, {50000, 2.2e6}, {100000, 2.31e6}}},
		},
	}
	var buf bytes.Buffer
	if err := ch.writeSVG(&buf); err != nil {
		t.Fatal(err)
	}
	d := readSVG(t, buf.Bytes())
	checkInside(t, d)
	texts := d.texts
	humanTick := regexp.MustCompile(`^(0|[1-9][0-9]{0,2}(\.[0-9]{1,2})?[kMG]?)$`)
	for _, want := range []struct{ class, unit string }{{"xticks", ""}, {"yticks", "/s"}} {
		got := texts[want.class]
		if len(got) < 3 {
			t.Errorf("%s: %q, want at least 3 tick labels", want.class, got)
		}
		for _, l := range got {
			if l != "0" && !strings.HasSuffix(l, want.unit) || !humanTick.MatchString(strings.TrimSuffix(l, want.unit)) {
				t.Errorf("%s label %q: want a short human number ending in %q", want.class, l, want.unit)
			}
		}
	}
	if x := texts["xticks"]; !slices.Contains(x, "10k") || !slices.Contains(x, "100k") {
		t.Errorf("x tick labels %q, want 10k and 100k among them", x)
	}
	if y := texts["yticks"]; !slices.Contains(y, "1M/s") || !slices.Contains(y, "2M/s") {
		t.Errorf("y tick labels %q, want 1M/s and 2M/s among them", y)
	}
	for class, want := range map[string]string{"title": ch.Title, "xlabel": "routes (N)", "ylabel": "routes/s"} {
		if got := texts[class]; len(got) != 1 || got[0] != want {
			t.Errorf("%s %q, want %q", class, got, want)
		}
	}
	if l := texts["legend"]; !slices.Equal(l, []string{"install (errors acks)", "dump"}) {
		t.Errorf("legend %q, want the series' names", l)
	}
	if d.legend == (box{}) || !d.legend.inside(box{0, 0, svgW, svgH}) {
		t.Fatalf("legend box %+v missing or outside the picture", d.legend)
	}
	for i, b := range d.textBoxes {
		if d.textClass[i] != "legend" && b.overlaps(d.legend) {
			t.Errorf("legend %+v covers the label %q at %+v", d.legend, d.allTexts[i], b)
		}
	}
	if len(d.segments) != 8 {
		t.Errorf("%d line segments, want 8 (two series of five points)", len(d.segments))
	}
	for _, s := range d.segments {
		if segmentHitsBox(s, d.legend) {
			t.Errorf("legend %+v covers the line %v", d.legend, s)
		}
	}
}

// checkInside fails the test for a text or a line that reaches outside
// the picture, where it would be clipped.
func checkInside(t *testing.T, d drawn) {
	t.Helper()
	picture := box{0, 0, svgW, svgH}
	for i, b := range d.textBoxes {
		if !b.inside(picture) {
			t.Errorf("text %q at %+v is clipped: outside the picture", d.allTexts[i], b)
		}
	}
	for _, s := range d.segments {
		for _, p := range s {
			if !(box{p[0], p[1], p[0], p[1]}).inside(picture) {
				t.Errorf("line point %v outside the picture", p)
			}
		}
	}
}

// drawn is what a chart's SVG shows, as readSVG finds it.
type drawn struct {
	texts     map[string][]string // class of the text or its group → texts
	allTexts  []string            // every text, in order,
	textClass []string            // its class,
	textBoxes []box               // and where it can reach (textBox)
	legend    box                 // the legend's frame
	segments  [][2][2]float64     // the lines, segment by segment
}

// readSVG parses an SVG document as writeSVG draws it.
func readSVG(t *testing.T, svg []byte) drawn {
	t.Helper()
	var doc svgNode
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, svg)
	}
	if doc.XMLName.Local != "svg" || doc.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root element %v, want svg in the SVG namespace", doc.XMLName)
	}
	if vb := doc.attr("viewBox"); vb != fmt.Sprintf("0 0 %d %d", svgW, svgH) {
		t.Fatalf("viewBox %q", vb)
	}
	d := drawn{texts: map[string][]string{}}
	doc.walk(inherited{anchor: "start"}, func(n svgNode, in inherited) {
		class := in.class
		switch n.XMLName.Local {
		case "text":
			if c := n.attr("class"); c != "" {
				class = c
			}
			d.texts[class] = append(d.texts[class], n.Text)
			d.allTexts = append(d.allTexts, n.Text)
			d.textClass = append(d.textClass, class)
			d.textBoxes = append(d.textBoxes, textBox(t, n, in.anchor))
		case "rect":
			if class == "legend" {
				x, y := n.num(t, "x"), n.num(t, "y")
				d.legend = box{x, y, x + n.num(t, "width"), y + n.num(t, "height")}
			}
		case "polyline":
			var prev []float64
			for _, pt := range strings.Fields(n.attr("points")) {
				xs, ys, _ := strings.Cut(pt, ",")
				x, err1 := strconv.ParseFloat(xs, 64)
				y, err2 := strconv.ParseFloat(ys, 64)
				if err1 != nil || err2 != nil {
					t.Fatalf("polyline point %q", pt)
				}
				if prev != nil {
					d.segments = append(d.segments, [2][2]float64{{prev[0], prev[1]}, {x, y}})
				}
				prev = []float64{x, y}
			}
		}
	})
	return d
}

// segmentHitsBox reports whether the segment from s[0] to s[1] crosses b,
// by sampling it finely (a chart's segments are a few hundred pixels).
func segmentHitsBox(s [2][2]float64, b box) bool {
	for i := 0; i <= 1000; i++ {
		f := float64(i) / 1000
		x, y := s[0][0]+f*(s[1][0]-s[0][0]), s[0][1]+f*(s[1][1]-s[0][1])
		if x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1 {
			return true
		}
	}
	return false
}

// TestChartSVGDegenerate: one point, a zero rate or no series at all still
// make a well-formed picture, all inside, with no NaN or Inf in it.
func TestChartSVGDegenerate(t *testing.T) {
	for name, ss := range map[string][]series{
		"one point": {{"install", []point{{1000, 5e5}}}},
		"zero rate": {{"install", []point{{1000, 0}, {2000, 0}}}},
		"none":      nil,
	} {
		var buf bytes.Buffer
		ch := chart{Title: name, X: axis{Label: "N", Log: true}, Y: axis{Label: "rate", Unit: "/s"}, Series: ss}
		if err := ch.writeSVG(&buf); err != nil {
			t.Fatal(err)
		}
		checkInside(t, readSVG(t, buf.Bytes()))
		if s := buf.String(); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			t.Errorf("%s: NaN or Inf in the picture:\n%s", name, s)
		}
	}
}
