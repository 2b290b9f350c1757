//go:build windows

package rtnl

import (
	"github.com/nlroute/nlroute/internal/iphlp"
	"github.com/nlroute/nlroute/ring"
)

// transport returns a Transport answering from the IP Helper tables.
func transport(cfg Config) (ring.Transport, error) {
	return emulated(cfg, iphlp.HostTransport())
}
