// Package nltest is for testing code built on nlroute without a kernel:
// a scripted fake stands in for the netlink socket. Start with [Dial] and
// a [Func] script, and build its answers with [Ack], [Error], [Reply] and
// [Dump]; rtnl.New puts an IPRoute over the Conn it returns. Tests that
// need the real kernel run as root in a throwaway namespace instead
// (rtnl.Config's NetNS, which Dial creates when missing).
//
// Package nltest provides a scripted fake [ring.Transport] for unit tests
// of code built on ring.Conn: each request message the Conn sends is
// handed to a script (a [Func]) that returns the datagrams the "kernel"
// answers with — acks, errors with extended-ack text, multipart dumps,
// interrupted dumps, receive overruns — and [Dial] returns a real
// *ring.Conn over it, so the code under test runs unchanged with no kernel
// involved.
//
//	c := nltest.Dial(func(req []byte) []nltest.Datagram {
//		return []nltest.Datagram{{Data: nltest.Ack(req)}}
//	})
//	defer c.Close()
//	err := c.Exec(ctx, "link set", req) // nil
//
// The helpers Ack, Error, Reply and Dump build reply messages addressed to
// the fake's port with the request's sequence number.
package nltest
