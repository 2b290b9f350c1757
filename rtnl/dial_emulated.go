//go:build freebsd || openbsd || darwin || windows

package rtnl

import (
	"fmt"

	"github.com/nlroute/nlroute/internal/rtemu"
	"github.com/nlroute/nlroute/ring"
)

// dialEmulated returns a Conn over t, the platform's stand-in for the
// kernel, joined to cfg.Ring.Groups. Network namespaces are Linux's:
// naming one is an error matching ErrNotSupported.
func dialEmulated(cfg Config, t *rtemu.Transport) (*ring.Conn, error) {
	if cfg.NetNS != "" || !cfg.Ring.NetNS.IsCurrent() {
		t.Close()
		return nil, fmt.Errorf("network namespaces: %w", ErrNotSupported)
	}
	c := ring.NewConn(t, cfg.Ring)
	for _, g := range cfg.Ring.Groups {
		if err := c.JoinGroup(g); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}
