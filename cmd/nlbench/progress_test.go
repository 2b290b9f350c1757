package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(1000, 0)
	p := &progress{w: &buf, on: true, now: func() time.Time { return clock }}
	p.setRun(1, 5)
	p.start("install/errors")
	clock = clock.Add(2 * time.Second)
	p.set(250000, 1000000) // 125k/s: 750k more take 6 s
	p.set(250001, 1000000) // the same percentage: no redraw
	out := buf.String()
	for _, want := range []string{"run 2/5: install/errors", "[#####...............]  25%", "125k/s", "ETA 6s"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in %q", want, out)
		}
	}
	if strings.Count(out, "\r") != 2 {
		t.Errorf("%d redraws, want 2 (start, 25%%): %q", strings.Count(out, "\r"), out)
	}
	for _, line := range strings.Split(out, "\r")[1:] {
		if n := len([]rune(line)); n > 79 {
			t.Errorf("status line of %d columns, want at most 79: %q", n, line)
		}
	}
	buf.Reset()
	p.done()
	if strings.TrimSpace(strings.ReplaceAll(buf.String(), "\r", "")) != "" {
		t.Errorf("done left %q", buf.String())
	}
}

// TestProgressSilent: no status line into a buffer, a file, or with a
// machine-readable format.
func TestProgressSilent(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range []*progress{newProgress(&bytes.Buffer{}, false), newProgress(f, false), newProgress(os.Stdout, true)} {
		if p.on {
			t.Errorf("progress on for %T", p.w)
		}
		p.start("x")
		p.set(1, 2)
		p.done()
	}
	if st, _ := f.Stat(); st.Size() != 0 {
		t.Errorf("%d bytes written into a file", st.Size())
	}
}
