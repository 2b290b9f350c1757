//go:build freebsd || openbsd || darwin

package rtnl

import (
	"github.com/nlroute/nlroute/internal/pfroute"
	"github.com/nlroute/nlroute/ring"
)

// dial returns a Conn answering from the routing sysctl.
func dial(cfg Config) (*ring.Conn, error) { return dialEmulated(cfg, pfroute.HostTransport()) }
