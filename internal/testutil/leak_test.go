package testutil

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// leakEnv selects a deliberate leak for the child process started by
// TestMainDetectsLeaks.
const leakEnv = "TESTUTIL_LEAK"

func TestMain(m *testing.M) { Main(m) }

// TestLeakChild leaks what leakEnv asks for; it does nothing in a normal
// run.
func TestLeakChild(t *testing.T) {
	switch os.Getenv(leakEnv) {
	case "fd":
		if _, err := os.Open("/proc/self/status"); err != nil {
			t.Fatal(err)
		}
	case "goroutine":
		go func() { select {} }()
	}
}

func TestMainDetectsLeaks(t *testing.T) {
	tests := []struct {
		leak     string
		wantFail bool
		wantOut  []string
	}{
		{leak: "none"},
		{leak: "fd", wantFail: true, wantOut: []string{"leaked 1 file descriptors", "-> /proc/", "/status"}},
		{leak: "goroutine", wantFail: true, wantOut: []string{"leaked 1 goroutines", "TestLeakChild"}},
	}
	for _, tt := range tests {
		t.Run(tt.leak, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestLeakChild$", "-test.count=1")
			// GORACE: a -race binary otherwise sleeps a second at exit.
			cmd.Env = append(os.Environ(), leakEnv+"="+tt.leak, "GORACE=atexit_sleep_ms=0")
			start := time.Now()
			out, err := cmd.CombinedOutput()
			if failed := err != nil; failed != tt.wantFail {
				t.Fatalf("child failed=%v (%v), want %v; output:\n%s", failed, err, tt.wantFail, out)
			}
			for _, want := range tt.wantOut {
				if !strings.Contains(string(out), want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if !tt.wantFail && time.Since(start) > leakGrace {
				t.Errorf("clean run took %v: Main waited for nothing", time.Since(start))
			}
		})
	}
}
