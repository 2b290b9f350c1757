package rtnl

import (
	"syscall"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/ring/chaos"
)

// ErrNotSupported matches (errors.Is) the error of a request the
// platform cannot carry out: on FreeBSD, OpenBSD, Darwin and Windows
// every request but the getters [Dial] documents is answered with
// EOPNOTSUPP and the extended-ack text "not supported on GOOS". It is
// that errno, so a Linux kernel's own EOPNOTSUPP refusal (an operation
// a driver or link kind lacks) matches it too, and it matches
// errors.ErrUnsupported as every EOPNOTSUPP does.
var ErrNotSupported error = syscall.EOPNOTSUPP

// dial opens the Conn cfg describes: the platform's transport, wrapped
// by chaos when cfg.Chaos is set, under a Conn. Dial uses it, and
// monitors off Linux.
func dial(cfg Config) (*ring.Conn, error) {
	t, err := transport(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Chaos != nil {
		t = chaos.Wrap(t, *cfg.Chaos)
	}
	return ring.NewConn(t, cfg.Ring), nil
}
