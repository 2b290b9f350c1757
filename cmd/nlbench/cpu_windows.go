//go:build windows

package main

import (
	"os"
	"syscall"
	"time"
)

// cpuTime is a process's CPU time, user and kernel, and its peak RSS.
type cpuTime struct {
	user, sys time.Duration
	maxRSS    uint64 // bytes; unknown (0) on Windows
}

// selfCPU reads this process's CPU time with GetProcessTimes.
func selfCPU() cpuTime {
	h, err := syscall.GetCurrentProcess()
	if err != nil {
		return cpuTime{}
	}
	var creation, exit, kernel, user syscall.Filetime
	if syscall.GetProcessTimes(h, &creation, &exit, &kernel, &user) != nil {
		return cpuTime{}
	}
	return cpuTime{user: filetime(user), sys: filetime(kernel)}
}

// filetime converts a FILETIME duration (100 ns units) to a Duration.
func filetime(f syscall.Filetime) time.Duration {
	return time.Duration(uint64(f.HighDateTime)<<32|uint64(f.LowDateTime)) * 100
}

// childCPU returns the CPU time of an exited child.
func childCPU(ps *os.ProcessState) (cpuTime, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return cpuTime{}, false
	}
	return cpuTime{user: filetime(ru.UserTime), sys: filetime(ru.KernelTime)}, true
}
