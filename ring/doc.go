// Package ring is nlroute's I/O layer: the netlink socket and its options,
// opening a socket inside another network namespace, a pool of receive
// buffers, a recvmmsg-fed receive ring (the kernel's own mmap'ed netlink
// rings were removed in Linux 4.6), and Conn: sequence numbers, sending one
// request or a batch in one sendmsg, collecting acks and multipart dumps as
// borrowed views, demultiplexing concurrent requests, and the typed errors
// for interrupted dumps and receive overruns. A Transport seam under Conn
// lets a remote agent or a scripted fake stand in for the kernel.
//
// This package is being built; see the engine floor II issue.
package ring
