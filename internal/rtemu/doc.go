// Package rtemu answers rtnetlink requests from tables that are not
// netlink: the [ring.Transport] that stands in for the kernel on
// systems without netlink (the BSDs through internal/pfroute, Windows
// through internal/iphlp), so that rtnl's views, filters, lookups and
// JSON work there unchanged.
//
// A [Transport] reads a request the way the kernel would and answers it
// from [Tables], functions that append the platform's objects as RTNL
// messages:
//
//	RTM_GETLINK  dump, or get by ifi_index / IFLA_IFNAME   Tables.Links
//	RTM_GETADDR  dump                                      Tables.Addrs
//	RTM_GETROUTE dump                                      Tables.Routes
//	RTM_GETNEIGH dump                                      Tables.Neighbours
//	anything else                                          NLMSG_ERROR EOPNOTSUPP,
//	                                                       ext-ack "not supported on GOOS"
//
// A dump's messages are addressed to the request's sequence number and
// the transport's port id and end with NLMSG_DONE; a dump request's
// family (ifa_family, rtm_family, ndm_family) selects as the kernel's
// would. Platform notifications enter through [Transport.Notify] and
// reach the Conn's event stream once it joined their group.
//
// The package is portable and has no build tag: it is tested on Linux
// with fake tables, and only the table functions differ per platform.
package rtemu
