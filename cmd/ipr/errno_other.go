//go:build !unix

package main

import "syscall"

// errnoName has no table off Unix: the number alone is printed.
func errnoName(syscall.Errno) string { return "" }
