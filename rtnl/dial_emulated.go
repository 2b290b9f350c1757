//go:build freebsd || openbsd || darwin || windows

package rtnl

import (
	"fmt"

	"github.com/nlroute/nlroute/internal/rtemu"
	"github.com/nlroute/nlroute/ring"
)

// emulated returns t, the platform's stand-in for the kernel, joined to
// cfg.Ring.Groups. Network namespaces are Linux's: naming one is an
// error matching ErrNotSupported.
func emulated(cfg Config, t *rtemu.Transport) (ring.Transport, error) {
	if cfg.NetNS != "" || !cfg.Ring.NetNS.IsCurrent() {
		t.Close()
		return nil, fmt.Errorf("network namespaces: %w", ErrNotSupported)
	}
	for _, g := range cfg.Ring.Groups {
		if err := t.JoinGroup(g); err != nil {
			t.Close()
			return nil, fmt.Errorf("join group %d: %w", g, err)
		}
	}
	return t, nil
}
