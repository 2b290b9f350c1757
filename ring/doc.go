// Package ring is nlroute's I/O: read it for the netlink socket itself,
// raw requests, and the pipelined writer. Start with [Dial] and [Config],
// [Conn] ([Conn.Query], [Conn.Dump], [Conn.Exec], [Conn.Batch],
// [Conn.Events]), and [Conn.Pipeline] for streaming thousands of requests.
// Most programs do not start here: rtnl.Dial opens a Conn underneath and
// IPRoute.Conn returns it. To test code built on a Conn without a kernel,
// see package nltest.
//
// Package ring is nlroute's I/O layer: the netlink socket and its options,
// opening it inside another network namespace, a pool of receive buffers
// filled a ring at a time by recvmmsg(2), and [Conn]: sequence numbers,
// one request or a batch of thousands per sendmsg, acks and multipart
// dumps as borrowed views, demultiplexing of concurrent requests, and
// typed errors for interrupted dumps ([ErrDumpInterrupted]), receive
// overruns ([ErrOverrun]) and truncated datagrams ([ErrTruncated]). A
// [Transport] seam under Conn lets a remote agent (package remote) or the
// scripted fake of package nltest stand in for the kernel, and package
// ring/chaos wrap any of them; [OpenSocket] gives the kernel's own
// Transport bare, for such wrappers and for the agent.
//
// # Receiving
//
// The kernel's mmap'ed netlink rings (NETLINK_RX_RING) were removed in
// Linux 4.6, so the ring is ours: each receive step takes Config.Buffers
// pooled buffers and fills as many as are queued with one recvmmsg. The
// reader routes every datagram to the request that owns its sequence
// number; the buffer then belongs to that request until its Stream steps
// past it, and goes back to the pool.
//
// # Buffer size, truncation and growth
//
// Netlink drops what does not fit the receive buffer, and the only way to
// learn a datagram's size before reading it is a MSG_PEEK receive — one
// more system call per datagram, which this package does not make.
// Instead every receive passes MSG_TRUNC, so the kernel reports each
// datagram's real length, and the buffers are sized so truncation does
// not happen in practice:
//
//   - A dump reply (net/netlink/af_netlink.c, netlink_dump) is one skb of
//     max(nlk->max_recvmsg_len, NLMSG_GOODSIZE, cb->min_dump_alloc) bytes,
//     trimmed to exactly that. max_recvmsg_len is the largest buffer the
//     socket ever offered to recvmsg, capped at 32 KiB less the skb
//     overhead; NLMSG_GOODSIZE is about a page; min_dump_alloc is what
//     the family says its largest message needs (rtnetlink computes it
//     for link dumps from the interface with the most attributes).
//   - So a buffer of DefaultBufferSize (32 KiB + a page) holds every dump
//     datagram except one carrying a single message above 32 KiB, such as
//     a link with many SR-IOV VFs.
//
// A datagram above that size still arrives whole, in one receive and
// without a peek: each buffer is followed by a spill region (a second
// iovec of the same recvmmsg slot) of 1 MiB, mapped so that the kernel
// commits its pages only when a datagram is written into them. A
// datagram that outgrows its buffer runs on into the spill region; the
// Conn joins the two parts into one larger buffer (the only allocation,
// for a rare message), hands the spilled pages back with MADV_DONTNEED,
// and counts it in [Stats].Spilled.
//
// Only a datagram longer than its buffer and the spill region together,
// or one received through a transport without spill regions (a remote
// agent, the nltest fake), is truncated. Its data is lost; the Conn grows
// its buffers at once (to at least the datagram's real length, at least
// doubling, rounded to pages; buffers are resized as they are next handed
// out, and never shrink), counts it in [Stats].Truncated, and the request
// it belonged to ends with a [*TruncatedError] after its other messages
// were delivered — never silently. Repeating the request ([Retry]) then
// receives the large message whole, into one grown buffer.
//
// # Lifetimes
//
// A wire.Message yielded by a [Stream], and everything sliced from it,
// borrows a pooled buffer and is valid until the next call to Next or
// Close. Debug builds (go build -tags nlroute_debug) and race builds fill
// each released buffer's received bytes with 0xDB, so a view held too long
// reads as garbage at once; copy what you keep.
//
// # Concurrency and cancellation
//
// A Conn is safe for concurrent use; see [Conn] for the reader role and
// [Conn.Query] for what a cancellable context costs.
package ring
