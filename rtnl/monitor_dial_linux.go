//go:build linux

package rtnl

import "github.com/nlroute/nlroute/ring"

// dialMonitor opens a Monitor's socket: a netlink socket of its own.
// (Monitor.dial is to call it in place of ring.Dial, so that the
// platforms without netlink monitor through their emulation; see
// monitor_dial_other.go.)
func dialMonitor(rc ring.Config) (*ring.Conn, error) { return ring.Dial(rc) }
