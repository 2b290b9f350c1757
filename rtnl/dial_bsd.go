//go:build freebsd || openbsd || darwin

package rtnl

import (
	"github.com/nlroute/nlroute/internal/pfroute"
	"github.com/nlroute/nlroute/ring"
)

// transport returns a Transport answering from the routing sysctl.
func transport(cfg Config) (ring.Transport, error) {
	return emulated(cfg, pfroute.HostTransport())
}
