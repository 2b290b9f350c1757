package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress draws one status line on a terminal: the phase's name (and
// the run of -count), and for a phase that counts, a bar, the percentage,
// the rate so far and the time left at that rate. It is silent unless
// the output is a terminal and a table: never in --format json or
// gobench, nor into a pipe or a file.
type progress struct {
	w     io.Writer
	on    bool
	run   string // "run 2/5: " under -count, else ""
	name  string
	last  int
	begin time.Time
	now   func() time.Time
}

func newProgress(out io.Writer, quiet bool) *progress {
	p := &progress{w: out, now: time.Now}
	if f, ok := out.(*os.File); ok && !quiet {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

// setRun names the run of -count under way (i from 0 of count).
func (p *progress) setRun(i, count int) {
	p.run = ""
	if count > 1 {
		p.run = fmt.Sprintf("run %d/%d: ", i+1, count)
	}
}

// start begins phase name and shows it: a phase run by another program
// (C, ip) shows only its name until done.
func (p *progress) start(name string) {
	p.name, p.last, p.begin = name, -1, p.now()
	if p.on {
		fmt.Fprintf(p.w, "\r%-79s", trimTo(p.run+name+" …", 79))
	}
}

// set shows done of total, redrawing only when the percentage moves.
func (p *progress) set(done, total int) {
	if !p.on || total <= 0 {
		return
	}
	pct := done * 100 / total
	if pct == p.last {
		return
	}
	p.last = pct
	const width = 20
	fill := pct * width / 100
	bar := strings.Repeat("#", fill) + strings.Repeat(".", width-fill)
	status := ""
	if d := p.now().Sub(p.begin); done > 0 && d > 0 {
		rate := float64(done) / d.Seconds()
		eta := time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second)
		status = fmt.Sprintf("  %s  ETA %v", human(rate, "/s"), eta)
	}
	line := fmt.Sprintf("%-28s [%s] %3d%%%s", trimTo(p.run+p.name, 28), bar, pct, status)
	fmt.Fprintf(p.w, "\r%-79s", trimTo(line, 79))
}

// done erases the line.
func (p *progress) done() {
	if p.on {
		fmt.Fprintf(p.w, "\r%79s\r", "")
	}
}

// trimTo cuts s to n runes at most.
func trimTo(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
