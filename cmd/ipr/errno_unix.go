//go:build unix

package main

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// errnoName returns the C name of an errno ("EEXIST"), or "".
func errnoName(e syscall.Errno) string { return unix.ErrnoName(e) }
