// Package remote runs rtnl's IPRoute API against another host, container
// or namespace through an agent: pyroute2's RemoteIPRoute and ShellIPR.
//
// The agent ([Serve], what `ipr agent` runs, or any program whose main
// calls [MaybeServe]) opens an rtnetlink socket with ring.OpenSocket
// and relays frames between it and its standard input and output; [Dial]
// starts one through any command (ssh, sudo, ip netns exec, kubectl
// exec) or through ssh with nothing installed on the far side, and
// returns an *rtnl.IPRoute over it:
//
//	r, err := remote.Dial(ctx, remote.Options{Command: []string{"ip", "netns", "exec", "blue", "ipr", "agent"}})
//	r, err := remote.Dial(ctx, remote.Options{Host: "root@host", NetNS: "blue"})
//
// The frame protocol is in proto.go. The agent only ever writes
// well-formed netlink requests to its NETLINK_ROUTE socket and changes
// its groups; anything else ends it.
package remote
