package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
)

// syncBuffer is a bytes.Buffer written by one goroutine and read by another.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestMonitorCommandUsage(t *testing.T) {
	_, errs, code := ipr(t, "monitor", "bogus")
	if code != exitUsage || !strings.Contains(errs, `"bogus"`) {
		t.Errorf("ipr monitor bogus: exit %d, stderr %q", code, errs)
	}
}

// TestMonitorCommand runs `ipr monitor` live while links and routes
// change, in human and JSON form, and stops it with a cancel (Ctrl-C).
func TestMonitorCommand(t *testing.T) {
	kind := "dummy"
	if !testutil.HasKernel("link:dummy") {
		kind = "ifb"
	}
	tests := []struct {
		name  string
		args  []string
		wants []string
	}{
		{"human", []string{"monitor", "link", "route"}, []string{" mon1 ", "Deleted 10.7.0.0/24 dev mon1"}},
		{"json", []string{"--json", "monitor"}, []string{`"event": "RTM_NEWLINK"`, `"event": "RTM_DELROUTE"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ns := testutil.NewNetNS(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var out, errs syncBuffer
			code := make(chan int, 1)
			go func() { code <- run(ctx, append([]string{"-n", ns.Name}, tt.args...), &out, &errs) }()
			time.Sleep(200 * time.Millisecond) // let it bind
			ns.Run(t, "link", "add", "mon1", "type", kind)
			ns.Run(t, "link", "set", "mon1", "up")
			ns.Run(t, "route", "add", "10.7.0.0/24", "dev", "mon1")
			ns.Run(t, "route", "del", "10.7.0.0/24", "dev", "mon1")
			deadline := time.Now().Add(20 * time.Second)
			for {
				s := out.String()
				all := true
				for _, w := range tt.wants {
					all = all && strings.Contains(s, w)
				}
				if all {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("output lacks %q:\n%s\nstderr: %s", tt.wants, s, errs.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			cancel()
			select {
			case c := <-code:
				if c != exitOK {
					t.Errorf("exit %d after cancel: %s", c, errs.String())
				}
			case <-time.After(10 * time.Second):
				t.Fatal("ipr monitor did not stop after cancel")
			}
			t.Logf("output:\n%s", out.String())
		})
	}
}
