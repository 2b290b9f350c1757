//go:build linux

package rtnl

import (
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
)

// transport opens the rtnetlink socket, in cfg.NetNS when it names one.
func transport(cfg Config) (ring.Transport, error) {
	rc := cfg.Ring
	if cfg.NetNS != "" {
		rc.NetNS = netns.Of(cfg.NetNS)
	}
	return ring.OpenSocket(rc)
}
