//go:build windows

package rtnl

import (
	"github.com/nlroute/nlroute/internal/iphlp"
	"github.com/nlroute/nlroute/ring"
)

// dial returns a Conn answering from the IP Helper tables.
func dial(cfg Config) (*ring.Conn, error) { return dialEmulated(cfg, iphlp.HostTransport()) }
