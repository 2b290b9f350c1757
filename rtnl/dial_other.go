//go:build !linux && !freebsd && !openbsd && !darwin && !windows

package rtnl

import (
	"fmt"
	"runtime"

	"github.com/nlroute/nlroute/ring"
)

// transport fails: this platform has neither netlink nor a backend.
func transport(Config) (ring.Transport, error) {
	return nil, fmt.Errorf("no backend for %s: %w", runtime.GOOS, ErrNotSupported)
}
