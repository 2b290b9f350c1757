// Package netns names, creates, removes, lists and enters Linux network
// namespaces: pyroute2's pyroute2.netns, and `ip netns add/del/list`.
// It is the one place nlroute handles namespaces; ring opens sockets in
// one (ring.Config.NetNS), rtnl dials into one by name
// (rtnl.Config.NetNS, created when missing unless NoCreateNetNS), bpf makes TCX links in
// one, and `ipr -n` works in one.
//
// An [NS] names a namespace four ways — [Named] (bound under [Dir] by
// `ip netns add`), [Path], [FD] and [PID] — and [Of] reads the string form
// rtnl.Config.NetNS and `ipr -n` take. [NS.Do] runs a function with its
// OS thread inside the namespace: the thread is locked, and thrown away
// if it cannot return, so the caller's thread never changes namespace
// and no other goroutine ever runs in the wrong one.
//
//	err := netns.Create("blue")                 // ip netns add blue
//	defer netns.Remove("blue")                  // ip netns del blue
//	err = netns.Named("blue").Do(func() error { // work on a thread inside it
//		return openSomething()
//	})
//
// Namespace ids (RTM_GETNSID, RTM_NEWNSID) are requests on a connection:
// see rtnl's IPRoute.GetNetNSID, SetNetNSID and NetNSInfo.
//
// Off Linux every namespace but the caller's is an error matching
// errors.ErrUnsupported.
package netns
