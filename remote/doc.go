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
// its groups; anything else ends it with a refused frame naming the
// reason, which Dial's requests then fail with. [ServeOptions] bound a
// connection (a read deadline per frame, an idle timeout, the largest
// frame, and so the memory one client can make the agent hold) and
// restrict what it runs (read-only, or an allow-list of message types).
package remote
