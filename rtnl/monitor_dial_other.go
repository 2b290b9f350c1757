//go:build !linux

package rtnl

import "github.com/nlroute/nlroute/ring"

// dialMonitor opens a Monitor's connection where there is no netlink: a
// fresh connection of the platform's emulation (on the BSDs, answering
// from the routing sysctl and monitoring a routing socket of its own,
// which joining rc.Groups opens), so the Monitor's events and the
// IPRoute's dumps describe the same system. The socket options of rc
// (buffer sizes, filter, NETLINK_LISTEN_ALL_NSID) have no equivalent and
// are ignored; a namespace fails with ErrNotSupported, as does a
// platform without a backend.
func dialMonitor(rc ring.Config) (*ring.Conn, error) {
	return dial(Config{Ring: ring.Config{Groups: rc.Groups, NetNS: rc.NetNS, Buffers: rc.Buffers}})
}
