// Package pfroute translates the records of the BSD routing sysctl
// (FreeBSD, OpenBSD, Darwin) into rtnetlink messages, so that the views,
// filters and JSON rendering built for Linux serve those systems unchanged.
//
// The package is pure: it parses byte buffers laid out as each system's
// headers define them and appends RTNL messages to a [wire.Builder]. It
// carries no build tag, so it is unit-tested and fuzzed on Linux; only
// sysctl_bsd.go, which fetches the buffers, is built on the BSDs.
//
// # Sources and what they become
//
//	sysctl {CTL_NET, PF_ROUTE, 0, af, NET_RT_IFLIST, 0}
//	    RTM_IFINFO  (if_msghdr  + sockaddr_dl)   → RTM_NEWLINK  (AppendLinks)
//	    RTM_NEWADDR (ifa_msghdr + sockaddrs)     → RTM_NEWADDR  (AppendAddrs)
//	sysctl {CTL_NET, PF_ROUTE, 0, af, NET_RT_DUMP, 0}
//	    RTM_GET     (rt_msghdr  + sockaddrs)     → RTM_NEWROUTE (AppendRoutes)
//	sysctl {CTL_NET, PF_ROUTE, 0, af, NET_RT_FLAGS, RTF_LLINFO}
//	    RTM_GET     (rt_msghdr  + in/in6 + dl)   → RTM_NEWNEIGH (AppendNeighbours)
//	socket(PF_ROUTE, SOCK_RAW, 0), read by Watch's goroutine
//	    RTM_ADD/CHANGE/DELETE, RTM_NEWADDR/DELADDR, RTM_IFINFO,
//	    RTM_IFANNOUNCE → RTM_NEW/DEL{ROUTE,NEIGH,ADDR,LINK} and their
//	    RTNLGRP_* group (AppendNotification; see notify.go)
//
// A routing message is a fixed header followed by the sockaddrs its
// address bitmask names, in bit order, each rounded up to the system's
// alignment (sizeof(long) on FreeBSD and OpenBSD, 4 bytes on Darwin):
//
//	+-----------+-------+------+------------------+----------+----------+
//	| msglen u16| ver u8|typ u8| rest of header   | sockaddr | sockaddr |…
//	+-----------+-------+------+------------------+----------+----------+
//
// Every parser bounds-checks every read: malformed input yields an error
// wrapping [ErrMalformed], never a panic. Parsed values (names, link-layer
// addresses) borrow the input buffer; the RTNL messages are copies.
package pfroute
