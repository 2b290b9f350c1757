package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/nlroute/nlroute/ring"
)

// Result is one workload's figures; its JSON form is what --json prints,
// one object per line.
type Result struct {
	Workload      string  `json:"workload"`
	Tool          string  `json:"tool"` // "nlroute" or "ip"
	N             int     `json:"n"`
	Seconds       float64 `json:"seconds"`
	RatePerS      float64 `json:"rate_per_s"`
	UserUsPerOp   float64 `json:"user_us_per_op"`
	SysUsPerOp    float64 `json:"sys_us_per_op"`
	AllocsPerOp   float64 `json:"allocs_per_op"`
	BytesPerOp    float64 `json:"bytes_per_op"`
	SyscallsPerOp float64 `json:"syscalls_per_op"`
	PeakRSSBytes  uint64  `json:"peak_rss_bytes"`
	Drops         uint64  `json:"drops"` // kernel's netlink drops for our sockets
	Lost          int     `json:"lost"`  // operations whose answer or event never arrived
	Ack           string  `json:"ack,omitempty"`
	Path          string  `json:"path,omitempty"` // install: "writer" or "raw"
	Window        int     `json:"window,omitempty"`
	Family        string  `json:"family"`
	Note          string  `json:"note,omitempty"`
}

// meter measures one timed section: wall time, the process's CPU time
// (user and kernel), Go allocations, system calls of the given Conns and
// the peak RSS, which it resets first.
type meter struct {
	start time.Time
	cpu   cpuTime
	ms    runtime.MemStats
	conns []*ring.Conn
	st    []ring.Stats
}

// startMeter resets the peak RSS (writing 5 to /proc/self/clear_refs)
// and takes the starting figures.
func startMeter(conns ...*ring.Conn) *meter {
	debug.FreeOSMemory() // earlier workloads' garbage is not this one's RSS
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	m := &meter{conns: conns}
	for _, c := range conns {
		m.st = append(m.st, c.Stats())
	}
	runtime.ReadMemStats(&m.ms)
	m.cpu = selfCPU()
	m.start = time.Now()
	return m
}

// stop takes the closing figures and returns them per operation.
//
// CPU time comes from getrusage(2), which the kernel keeps in
// nanoseconds; /proc/self/stat reports the same counters in 10 ms clock
// ticks, too coarse for a workload whose user time is a few milliseconds.
// The peak RSS is VmHWM from /proc/self/status.
func (m *meter) stop(workload string, n int) Result {
	d := time.Since(m.start)
	cpu := selfCPU()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var calls uint64
	for i, c := range m.conns {
		s := c.Stats()
		calls += s.Sends + s.Recvs - m.st[i].Sends - m.st[i].Recvs
	}
	ops := float64(max(n, 1))
	return Result{
		Workload: workload, Tool: "nlroute", N: n, Seconds: d.Seconds(),
		RatePerS:      float64(n) / d.Seconds(),
		UserUsPerOp:   (cpu.user - m.cpu.user).Seconds() * 1e6 / ops,
		SysUsPerOp:    (cpu.sys - m.cpu.sys).Seconds() * 1e6 / ops,
		AllocsPerOp:   float64(ms.Mallocs-m.ms.Mallocs) / ops,
		BytesPerOp:    float64(ms.TotalAlloc-m.ms.TotalAlloc) / ops,
		SyscallsPerOp: float64(calls) / ops,
		PeakRSSBytes:  peakRSS(),
	}
}

// peakRSS returns VmHWM of this process (/proc/self/status), in bytes,
// or 0 where there is none. (getrusage's ru_maxrss is not the same: it
// keeps the high-water mark of the image before exec, such as the go
// command's under `go run`.)
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	return parseVmHWM(b)
}

// parseVmHWM reads the "VmHWM:   1234 kB" line of a /proc/PID/status
// file, in bytes; 0 when it has none.
func parseVmHWM(status []byte) uint64 {
	for line := range strings.Lines(string(status)) {
		rest, ok := strings.CutPrefix(line, "VmHWM:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return 0
		}
		kb, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil {
			return 0
		}
		return kb * 1024
	}
	return 0
}

// childResult fills the CPU and RSS figures of a child process (iproute2)
// from its rusage. Its peak RSS is at least ours when it was started:
// Linux carries the forking process's high-water mark into a child
// that execs from a vfork.
func childResult(workload string, n int, d time.Duration, ps *os.ProcessState) Result {
	r := Result{Workload: workload, Tool: "ip", N: n, Seconds: d.Seconds(), RatePerS: float64(n) / d.Seconds()}
	if c, ok := childCPU(ps); ok {
		ops := float64(max(n, 1))
		r.UserUsPerOp = c.user.Seconds() * 1e6 / ops
		r.SysUsPerOp = c.sys.Seconds() * 1e6 / ops
		r.PeakRSSBytes = c.maxRSS
	}
	return r
}
