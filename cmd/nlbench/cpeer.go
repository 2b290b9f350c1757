package main

// The C peer (--compare c): the libmnl programs of bench/cmnl, the
// kernel's limit the side-by-side benchmarks measure against. bench/ is
// its own module, which the main module cannot import, so nlbench finds
// their sources in the checkout (bench/cmnl/src, looked for above the
// working directory and above the executable) and compiles them with gcc
// into a temporary directory on demand.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/nlroute/nlroute/netns"
)

// cSrcDir is where the C sources sit below the repository root.
const cSrcDir = "bench/cmnl/src"

// cPrograms are the programs nlbench runs, one per workload it compares.
var cPrograms = []string{"route_install", "route_dump", "link_dump"}

// cPeer is a directory of built C programs.
type cPeer struct {
	dir string
}

// findCSources looks for bench/cmnl/src in the working directory and
// the directories above it, then beside the executable and above.
func findCSources() (string, error) {
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	for _, d := range starts {
		for {
			src := filepath.Join(d, cSrcDir)
			if _, err := os.Stat(filepath.Join(src, "route_install.c")); err == nil {
				return src, nil
			}
			up := filepath.Dir(d)
			if up == d {
				break
			}
			d = up
		}
	}
	return "", fmt.Errorf("nlbench: --compare c: the C sources (%s) are not above the working directory %v: run nlbench from an nlroute checkout", cSrcDir, starts)
}

// buildC compiles the C programs into a new temporary directory. Without
// gcc or libmnl it says which package to install.
func buildC(ctx context.Context) (*cPeer, error) {
	const missing = "nlbench: --compare c needs gcc and libmnl (Debian/Ubuntu: apt-get install gcc libmnl-dev)"
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", missing, err)
	}
	src, err := findCSources()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "nlbench-c-")
	if err != nil {
		return nil, fmt.Errorf("nlbench: --compare c: %w", err)
	}
	for _, p := range cPrograms {
		cmd := exec.CommandContext(ctx, gcc, "-O2", "-Wall", "-o", filepath.Join(dir, p), filepath.Join(src, p+".c"), "-lmnl")
		out, err := cmd.CombinedOutput()
		if err == nil {
			continue
		}
		os.RemoveAll(dir)
		if s := string(out); strings.Contains(s, "libmnl/libmnl.h") || strings.Contains(s, "-lmnl") {
			return nil, fmt.Errorf("%s: gcc %s.c: %s", missing, p, bytes.TrimSpace(out))
		}
		return nil, fmt.Errorf("nlbench: --compare c: gcc %s.c: %w\n%s", p, err, out)
	}
	return &cPeer{dir: dir}, nil
}

func (c *cPeer) close() {
	if c != nil {
		os.RemoveAll(c.dir)
	}
}

// cRun is one timed section as a C program prints it (one JSON line).
type cRun struct {
	N       int     `json:"n"`
	Seconds float64 `json:"seconds"`
	User    float64 `json:"user_s"`
	Sys     float64 `json:"sys_s"`
	PeakRSS uint64  `json:"peak_rss_bytes"`
	Sends   int     `json:"sends"`
	Recvs   int     `json:"recvs"`
}

// run runs program name with args and returns its timed sections.
func (c *cPeer) run(ctx context.Context, name string, args ...string) ([]cRun, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(c.dir, name), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("C %s %s: %w: %s", name, strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	var runs []cRun
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		var r cRun
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("C %s: output %q: %w", name, sc.Text(), err)
		}
		runs = append(runs, r)
	}
	if len(runs) == 0 {
		return nil, errors.New("C " + name + ": no result printed")
	}
	return runs, nil
}

// cResult turns C's runs (several for a repeated dump) into one Result
// of workload: their totals over their operations.
func cResult(workload, family string, runs []cRun) Result {
	var n, calls int
	var secs, user, sys float64
	var rss uint64
	for _, r := range runs {
		n += r.N
		calls += r.Sends + r.Recvs
		secs += r.Seconds
		user += r.User
		sys += r.Sys
		rss = max(rss, r.PeakRSS)
	}
	ops := float64(max(n, 1))
	res := Result{
		Workload: workload, Tool: "c", N: runs[0].N, Seconds: secs / float64(len(runs)),
		RatePerS:    float64(n) / secs,
		UserUsPerOp: user * 1e6 / ops, SysUsPerOp: sys * 1e6 / ops,
		SyscallsPerOp: float64(calls) / ops, PeakRSSBytes: rss, Family: family,
	}
	if len(runs) > 1 {
		res.Note = fmt.Sprintf("per dump, mean of %d", len(runs))
	}
	return res
}

// cInstall times route_install putting the same n routes in (the same
// gateway, device and ack mode), then removes them (untimed).
func (e *env) cInstall(ctx context.Context, ack string, n int, emit func(Result)) error {
	e.bar.start("install/" + ack + " (C)")
	defer e.bar.done()
	runs, err := e.c.run(ctx, "route_install", "--netns", e.nsPath(), "-n", fmt.Sprint(n),
		"--oif", fmt.Sprint(e.oif), "--gw", gateway.String(), "--ack", ack)
	if err != nil {
		return err
	}
	r := cResult("install/"+ack, e.o.family, runs)
	r.Ack = ack
	emit(r)
	_, err = ipCmd("-n", e.ns, "-f", e.o.family, "route", "flush", "dev", "nlb0", "proto", "static")
	return err
}

// cDump times route_dump (repeat 1) or link_dump (repeat linkDumps) over
// what is in the namespace.
func (e *env) cDump(ctx context.Context, workload, prog string, repeat int, emit func(Result)) error {
	e.bar.start(workload + " (C)")
	defer e.bar.done()
	runs, err := e.c.run(ctx, prog, "--netns", e.nsPath(), "--repeat", fmt.Sprint(repeat))
	if err != nil {
		return err
	}
	family := e.o.family
	if prog == "link_dump" {
		family = "unspec"
	}
	r := cResult(workload, family, runs)
	if prog == "link_dump" {
		r.Note += "; C asks for VF details (IFLA_EXT_MASK), nlroute's dump does not: more kernel work per link"
	}
	emit(r)
	return nil
}

// nsPath is the namespace's file, which the C programs setns(2) into.
func (e *env) nsPath() string { return netns.Dir + "/" + e.ns }
