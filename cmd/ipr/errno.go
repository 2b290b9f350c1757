package main

import (
	"errors"
	"fmt"
	"syscall"
)

// errnoSuffix returns what ipr adds to an error the kernel or the system
// refused with an errno: its name and number, " (EEXIST, 17)", as
// pyroute2's NetlinkError carries the code. Errors without one (a
// usage error, a malformed reply) get nothing.
func errnoSuffix(err error) string {
	var e syscall.Errno
	if !errors.As(err, &e) || e == 0 {
		return ""
	}
	if name := errnoName(e); name != "" {
		return fmt.Sprintf(" (%s, %d)", name, int(e))
	}
	return fmt.Sprintf(" (errno %d)", int(e))
}
