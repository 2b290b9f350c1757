// Package wire is nlroute's bottom layer, the bytes: read it to build or
// take apart netlink messages by hand. Start with [Builder] (append
// requests, nests included), [NewMessages] and [NewAttrs] (iterate over
// received bytes without copying) and [OpError] (a request the kernel
// refused, with its errno and extended-ack text). Looking for attributes
// by name ("IFLA_MTU", "mtu") or pyroute2's dicts? That is package codec.
// Sockets and sending are package ring; links, routes and the rest of the
// IPRoute API are package rtnl.
//
// Package wire implements the netlink wire format: message headers,
// attributes (NLAs), their alignment, iteration over a received buffer, an
// append-only Builder for requests, and the parsing of NLMSG_ERROR and
// NLMSG_DONE payloads, extended acknowledgements included.
//
// The package makes no system calls and builds on every operating system,
// so it can be fuzzed and tested anywhere.
//
// # Layout
//
// A netlink datagram holds one or more messages, each 4-byte aligned:
//
//	 0               4       6       8              12             16
//	+---------------+-------+-------+---------------+---------------+
//	| nlmsg_len     | type  | flags | nlmsg_seq     | nlmsg_pid     |
//	+---------------+-------+-------+---------------+---------------+
//	| family header (ifinfomsg, rtmsg, ...) | attributes ...        |
//	+---------------------------------------+-----------------------+
//
// An attribute is a 4-byte header followed by its value, padded to 4 bytes:
//
//	 0       2       4
//	+-------+-------+------------------+-----+
//	|nla_len|nla_type| value           | pad |
//	+-------+-------+------------------+-----+
//
// nla_len counts the header and the value but not the padding. The two top
// bits of nla_type are flags (NLA_F_NESTED, NLA_F_NET_BYTEORDER).
//
// # Borrowing
//
// Nothing in this package copies. A Message or Attr returned by an iterator
// points into the caller's buffer and is valid for as long as that buffer is
// not reused. Iterators allocate nothing and never panic, whatever the
// input: a length that lies, a truncated header or an unaligned tail stops
// the iteration and is reported by Err.
package wire
