package testutil

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// leakGrace is how long Main waits for descriptors and goroutines to wind
// down after the tests (deferred closes, goroutines finishing) before it
// calls them leaked.
const leakGrace = time.Second

// Main runs the tests of m and exits. Use it as a package's TestMain:
//
//	func TestMain(m *testing.M) { testutil.Main(m) }
//
// It counts the process's open file descriptors (/proc/self/fd) and
// goroutines before and after m.Run. When the tests pass but either count
// grew, and is still higher after up to a second of waiting, it prints the
// leaked descriptors with what they point to (or the goroutine stacks) to
// standard error and exits with status 1.
func Main(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	warmUpRuntime()
	fds := openFDs()
	goroutines := runtime.NumGoroutine()
	code := m.Run()
	if fuzzing() {
		// The fuzzing engine keeps its own goroutines (os/signal) and
		// worker pipes past m.Run: not the tests' leaks.
		return code
	}
	if err := checkLeaks(fds, goroutines, leakGrace); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// fuzzing reports whether the binary runs as a fuzzer (-test.fuzz set),
// coordinator or worker.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	w := flag.Lookup("test.fuzzworker")
	return (f != nil && f.Value.String() != "") || (w != nil && w.Value.String() == "true")
}

// warmUpRuntime makes the runtime open the descriptors it keeps for the
// life of the process (the netpoller's epoll and wake-up descriptors), so
// their first use inside a test is not taken for a leak.
func warmUpRuntime() {
	r, w, err := os.Pipe()
	if err == nil {
		r.SetReadDeadline(time.Now()) // pipes are pollable: this starts the netpoller
		r.Close()
		w.Close()
	}
}

// openFDs maps each open descriptor to what it points to.
func openFDs() map[int]string {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return nil
	}
	fds := make(map[int]string, len(entries))
	for _, e := range entries {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		target, err := os.Readlink("/proc/self/fd/" + e.Name())
		if err != nil {
			continue // the descriptor ReadDir itself used, now closed
		}
		fds[n] = target
	}
	return fds
}

// checkLeaks compares the descriptors and goroutine count with the ones
// taken before the tests, waiting up to grace for them to settle.
func checkLeaks(before map[int]string, goroutines int, grace time.Duration) error {
	deadline := time.Now().Add(grace)
	for {
		after := openFDs()
		n := runtime.NumGoroutine()
		fdLeak := before != nil && len(after) > len(before)
		if !fdLeak && n <= goroutines {
			return nil
		}
		if time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		var b strings.Builder
		if fdLeak {
			fmt.Fprintf(&b, "testutil: leaked %d file descriptors (%d open before the tests, %d after):\n",
				len(after)-len(before), len(before), len(after))
			for _, fd := range slices.Sorted(maps.Keys(after)) {
				if target, ok := before[fd]; !ok || target != after[fd] {
					fmt.Fprintf(&b, "\tfd %d -> %s\n", fd, after[fd])
				}
			}
		}
		if n > goroutines {
			fmt.Fprintf(&b, "testutil: leaked %d goroutines (%d before the tests, %d after):\n",
				n-goroutines, goroutines, n)
			pprof.Lookup("goroutine").WriteTo(&b, 1)
		}
		return errors.New(strings.TrimRight(b.String(), "\n"))
	}
}

// CountFDs returns how many file descriptors the process has open.
func CountFDs() int { return len(openFDs()) }
