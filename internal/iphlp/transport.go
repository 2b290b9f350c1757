package iphlp

import "github.com/nlroute/nlroute/internal/rtemu"

// Tables returns the tables of a Windows transport over the four
// readers of the IP Helper tables (on Windows: Links, Addrs, Routes and
// Neighbours of this package), each called afresh per request; a nil
// reader is a table the transport refuses (EOPNOTSUPP). An error of a
// reader refuses the request it answers, its text becoming the reply's
// extended-ack message.
func Tables(links, addrs, routes, neighbours rtemu.AppendFunc) rtemu.Tables {
	return rtemu.Tables{GOOS: "windows", Links: links, Addrs: addrs, Routes: routes, Neighbours: neighbours}
}

// NewTransport returns a ring.Transport answering rtnetlink requests
// from the given readers (see Tables and package rtemu). On Windows
// HostTransport passes the real ones; tests pass readers over rows.
func NewTransport(links, addrs, routes, neighbours rtemu.AppendFunc) *rtemu.Transport {
	return rtemu.New(Tables(links, addrs, routes, neighbours))
}
