package main

// The machine-readable outputs: --format json (one document with the
// environment, every run and the summaries) and --format gobench (Go
// benchmark lines that benchstat compares).

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// sysctls are the settings that change nlbench's figures: the socket
// buffer ceilings, how nexthop objects' routes are notified, and the IPv6
// route cache's size.
var sysctls = []string{"net.core.rmem_max", "net.core.wmem_max", "net.ipv4.nexthop_compat_mode", "net.ipv6.route.max_size"}

// Environment is what a run was measured on, for comparing runs made on
// different kernels, machines, settings or commits.
type Environment struct {
	Time    string             `json:"time"`    // RFC 3339, UTC
	Kernel  string             `json:"kernel"`  // /proc/sys/kernel/osrelease
	CPU     string             `json:"cpu"`     // /proc/cpuinfo's model name
	CPUs    int                `json:"cpus"`    // runtime.NumCPU
	Go      string             `json:"go"`      // runtime.Version
	Commit  string             `json:"commit"`  // nlroute's: the build's vcs.revision, else git rev-parse HEAD, else "unknown"
	GOOS    string             `json:"goos"`    //
	GOARCH  string             `json:"goarch"`  //
	Sysctls map[string]*string `json:"sysctls"` // null: absent on this kernel
}

// readEnvironment reads the environment of this process's machine;
// sysctl values come from dir (/proc/sys).
func readEnvironment(dir string) Environment {
	e := Environment{
		Time: time.Now().UTC().Format(time.RFC3339), CPUs: runtime.NumCPU(), Go: runtime.Version(),
		GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Commit: commit(),
		Kernel: readTrim(dir + "/kernel/osrelease"), CPU: "unknown", Sysctls: map[string]*string{},
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		e.CPU = cpuModel(string(b))
	}
	for _, k := range sysctls {
		b, err := os.ReadFile(dir + "/" + strings.ReplaceAll(k, ".", "/"))
		if err != nil {
			e.Sysctls[k] = nil
			continue
		}
		v := strings.TrimSpace(string(b))
		e.Sysctls[k] = &v
	}
	return e
}

func readTrim(file string) string {
	b, err := os.ReadFile(file)
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}

// cpuModel returns the first "model name" of /proc/cpuinfo, "unknown"
// without one (some architectures name it differently).
func cpuModel(cpuinfo string) string {
	for line := range strings.Lines(cpuinfo) {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// commit is nlroute's commit: the vcs.revision go build stamps (with
// "-dirty" for modified sources), else git rev-parse HEAD in the working
// directory (go run stamps none), else "unknown".
func commit() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" && dirty {
			return rev + "-dirty"
		}
		if rev != "" {
			return rev
		}
	}
	if out, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil {
		rev := strings.TrimSpace(string(out))
		if exec.Command("git", "diff", "--quiet", "HEAD").Run() != nil {
			rev += "-dirty"
		}
		return rev
	}
	return "unknown"
}

// Report is what --format json prints: one JSON document.
type Report struct {
	Environment Environment `json:"environment"`
	Count       int         `json:"count"`   // -count
	Results     []Result    `json:"results"` // every run, in the order they ran
	Summary     []Summary   `json:"summary"` // per workload and tool
}

// writeJSON prints the report as one indented JSON document.
func writeJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// writeGobench prints the environment as benchmark configuration lines
// and every run as a Go benchmark result line, the format of
// golang.org/x/perf/benchfmt that benchstat reads:
//
//	BenchmarkInstall/errors/n=100000/tool=nlroute  100000  4923 ns/op  203128 routes/s  ...
//
// A line's iteration count is the run's operations, so ns/op is per
// route (link, event); the tool is a name key, so `benchstat -col /tool`
// sets the tools side by side.
func writeGobench(w io.Writer, env Environment, rs []Result) {
	fmt.Fprintf(w, "goos: %s\ngoarch: %s\npkg: github.com/nlroute/nlroute/cmd/nlbench\n", env.GOOS, env.GOARCH)
	fmt.Fprintf(w, "cpu: %s\nkernel: %s\ngo: %s\ncommit: %s\n", env.CPU, env.Kernel, env.Go, env.Commit)
	for _, k := range sysctls {
		v := "absent"
		if p := env.Sysctls[k]; p != nil {
			v = *p
		}
		fmt.Fprintf(w, "%s: %s\n", k, v)
	}
	for _, r := range rs {
		n := max(r.N, 1)
		fmt.Fprintf(w, "%s\t%d\t%.1f ns/op\t%.0f %s\t%.1f user-ns/op\t%.1f sys-ns/op\t%.4f syscalls/op\t%.4f allocs/op\t%.1f B/op\t%d peak-RSS-B\n",
			benchName(r), n, r.Seconds*1e9/float64(n), r.RatePerS, rateUnit(r.Workload),
			r.UserUsPerOp*1e3, r.SysUsPerOp*1e3, r.SyscallsPerOp, r.AllocsPerOp, r.BytesPerOp, r.PeakRSSBytes)
	}
}

// benchName is a run's benchmark name: Benchmark, the workload with its
// first letter upper case, then the size and the tool as name keys.
func benchName(r Result) string {
	w := r.Workload
	if w != "" {
		w = strings.ToUpper(w[:1]) + w[1:]
	}
	return fmt.Sprintf("Benchmark%s/n=%d/tool=%s", w, r.N, r.Tool)
}

// rateUnit is the unit of a workload's rate.
func rateUnit(workload string) string {
	switch {
	case strings.HasPrefix(workload, "links"):
		return "links/s"
	case strings.HasPrefix(workload, "events"):
		return "events/s"
	}
	return "routes/s"
}
