//go:build linux

package sys

import "unsafe"

// unsafePointer points at b's first byte; the tests lay cmsghdrs over
// 8-byte-aligned buffers from make.
func unsafePointer(b []byte) unsafe.Pointer { return unsafe.Pointer(&b[0]) }
