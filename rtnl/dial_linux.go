//go:build linux

package rtnl

import (
	"strings"

	"github.com/nlroute/nlroute/ring"
)

// dial opens the rtnetlink socket, in cfg.NetNS when it names one.
func dial(cfg Config) (*ring.Conn, error) {
	rc := cfg.Ring
	if cfg.NetNS != "" {
		if strings.ContainsRune(cfg.NetNS, '/') {
			rc.NetNS = ring.NetNSPath(cfg.NetNS)
		} else {
			rc.NetNS = ring.NetNSName(cfg.NetNS)
		}
	}
	return ring.Dial(rc)
}
