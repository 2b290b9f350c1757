//go:build unix

package main

import (
	"os"
	"syscall"
	"time"
)

// cpuTime is a process's CPU time, user and kernel, and its peak RSS.
type cpuTime struct {
	user, sys time.Duration
	maxRSS    uint64 // bytes; only childCPU fills it
}

// selfCPU reads this process's CPU time with getrusage(2), which the
// kernel keeps in nanoseconds; /proc/self/stat reports the same counters
// in 10 ms clock ticks, too coarse for a workload whose user time is a
// few milliseconds.
func selfCPU() cpuTime {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return cpuTime{user: time.Duration(ru.Utime.Nano()), sys: time.Duration(ru.Stime.Nano())}
}

// childCPU returns the CPU time and peak RSS (ru_maxrss, in KiB) of an
// exited child.
func childCPU(ps *os.ProcessState) (cpuTime, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return cpuTime{}, false
	}
	return cpuTime{
		user:   time.Duration(ru.Utime.Nano()),
		sys:    time.Duration(ru.Stime.Nano()),
		maxRSS: uint64(ru.Maxrss) * 1024,
	}, true
}
