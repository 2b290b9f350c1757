//go:build linux

package rtnl

import (
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
)

// dial opens the rtnetlink socket, in cfg.NetNS when it names one.
func dial(cfg Config) (*ring.Conn, error) {
	rc := cfg.Ring
	if cfg.NetNS != "" {
		rc.NetNS = netns.Of(cfg.NetNS)
	}
	return ring.Dial(rc)
}
