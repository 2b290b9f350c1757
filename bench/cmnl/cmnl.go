// Package cmnl builds and runs the C baselines of the side-by-side
// benchmarks: small programs on libmnl (src/) that do each workload the
// way a careful C daemon would, the yardstick the issue calls "the
// kernel's limit". The sources are embedded, compiled with gcc -O2 -Wall
// -Werror into a directory the caller owns, and run as child processes
// that print one JSON line per run.
//
// Building needs gcc and libmnl's header and library (Debian:
// libmnl-dev); when either is missing [Build] returns an error matching
// [ErrMissing], which callers turn into a skip that names libmnl.
package cmnl

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

//go:embed src/*.c src/*.h
var sources embed.FS

// Programs, one per workload, named after their source file.
const (
	RouteInstall = "route_install" // install n /32 routes via a gateway, batched
	RouteDump    = "route_dump"    // dump and decode one table's IPv4 routes
	LinkDump     = "link_dump"     // dump and decode every link
)

var programs = []string{RouteInstall, RouteDump, LinkDump}

// ErrMissing is matched by Build's error when gcc or libmnl (Debian
// package libmnl-dev) is not installed.
var ErrMissing = errors.New("cmnl: the C baselines need gcc and libmnl (Debian package libmnl-dev)")

// Programs is a directory of built baselines.
type Programs struct {
	Dir string
}

// Build writes the sources into dir and compiles every program there. It
// returns an error matching ErrMissing (with the compiler's words) when
// gcc, libmnl/libmnl.h or -lmnl is not found, and another error when the
// sources do not compile.
func Build(ctx context.Context, dir string) (*Programs, error) {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMissing, err)
	}
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return nil, fmt.Errorf("cmnl: %w", err)
	}
	entries, err := sources.ReadDir("src")
	if err != nil {
		return nil, fmt.Errorf("cmnl: %w", err)
	}
	for _, e := range entries {
		data, err := sources.ReadFile("src/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("cmnl: %w", err)
		}
		if err := os.WriteFile(filepath.Join(src, e.Name()), data, 0o644); err != nil {
			return nil, fmt.Errorf("cmnl: %w", err)
		}
	}
	for _, p := range programs {
		cmd := exec.CommandContext(ctx, gcc, "-O2", "-Wall", "-Werror", "-o", filepath.Join(dir, p),
			filepath.Join(src, p+".c"), "-lmnl")
		out, err := cmd.CombinedOutput()
		if err == nil {
			continue
		}
		if s := string(out); strings.Contains(s, "libmnl/libmnl.h") || strings.Contains(s, "-lmnl") {
			return nil, fmt.Errorf("%w: gcc %s.c: %s", ErrMissing, p, bytes.TrimSpace(out))
		}
		return nil, fmt.Errorf("cmnl: gcc %s.c: %w\n%s", p, err, out)
	}
	return &Programs{Dir: dir}, nil
}

// Result is one run as a program reports it: the timed section only
// (after the namespace is entered and the socket opened).
type Result struct {
	Tool    string  `json:"tool"`
	N       int     `json:"n"`          // routes or links done (or seen)
	Seconds float64 `json:"seconds"`    // wall time of the run
	Rate    float64 `json:"rate_per_s"` // N / Seconds
	User    float64 `json:"user_s"`     // user CPU seconds of the run
	Sys     float64 `json:"sys_s"`      // kernel CPU seconds of the run
	PeakRSS int64   `json:"peak_rss_bytes"`
	Ack     string  `json:"ack,omitempty"`   // route_install: per-msg or errors
	Sends   int     `json:"sends,omitempty"` // route_install: send calls
	Recvs   int     `json:"recvs,omitempty"` // receive calls (recvmmsg for installs)
	Failed  int     `json:"failed,omitempty"`
}

// Process is one child process: its runs and what the kernel accounted
// for the whole process (start-up, namespace entry and socket set-up
// included).
type Process struct {
	Runs    []Result
	Wall    time.Duration
	User    time.Duration
	Sys     time.Duration
	MaxRSS  int64 // bytes: ru_maxrss, which counts the parent's RSS at fork (use Runs' PeakRSS)
	Command string
}

// Run runs program name with args and reads its JSON lines. A non-zero
// exit is an error carrying the program's standard error.
func (p *Programs) Run(ctx context.Context, name string, args ...string) (*Process, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(p.Dir, name), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	pr := &Process{Wall: time.Since(start), Command: name + " " + strings.Join(args, " ")}
	if err != nil {
		return pr, fmt.Errorf("cmnl: %s: %w: %s", pr.Command, err, bytes.TrimSpace(stderr.Bytes()))
	}
	pr.User, pr.Sys = cmd.ProcessState.UserTime(), cmd.ProcessState.SystemTime()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		pr.MaxRSS = ru.Maxrss << 10
	}
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		var r Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return pr, fmt.Errorf("cmnl: %s: output %q: %w", pr.Command, sc.Text(), err)
		}
		pr.Runs = append(pr.Runs, r)
	}
	if len(pr.Runs) == 0 {
		return pr, fmt.Errorf("cmnl: %s: no result printed", pr.Command)
	}
	return pr, nil
}
