// Written once by hand from enum rtnetlink_groups of
// /usr/include/linux/rtnetlink.h (Linux 6.1 UAPI); members newer than 6.1
// carry the release that introduced them. Names are the kernel's.

package uapi

// Multicast groups of NETLINK_ROUTE (enum rtnetlink_groups). Groups above
// 32 are reachable only through NETLINK_ADD_MEMBERSHIP, not the legacy
// bind-time mask.
const (
	RTNLGRP_LINK          = 1
	RTNLGRP_NOTIFY        = 2
	RTNLGRP_NEIGH         = 3
	RTNLGRP_TC            = 4
	RTNLGRP_IPV4_IFADDR   = 5
	RTNLGRP_IPV4_MROUTE   = 6
	RTNLGRP_IPV4_ROUTE    = 7
	RTNLGRP_IPV4_RULE     = 8
	RTNLGRP_IPV6_IFADDR   = 9
	RTNLGRP_IPV6_MROUTE   = 10
	RTNLGRP_IPV6_ROUTE    = 11
	RTNLGRP_IPV6_IFINFO   = 12
	RTNLGRP_IPV6_PREFIX   = 18
	RTNLGRP_IPV6_RULE     = 19
	RTNLGRP_ND_USEROPT    = 20
	RTNLGRP_DCB           = 23
	RTNLGRP_IPV4_NETCONF  = 24
	RTNLGRP_IPV6_NETCONF  = 25
	RTNLGRP_MDB           = 26
	RTNLGRP_MPLS_ROUTE    = 27
	RTNLGRP_NSID          = 28
	RTNLGRP_MPLS_NETCONF  = 29
	RTNLGRP_IPV4_MROUTE_R = 30
	RTNLGRP_IPV6_MROUTE_R = 31
	RTNLGRP_NEXTHOP       = 32
	RTNLGRP_BRVLAN        = 33
	RTNLGRP_MCTP_IFADDR   = 34 // Linux 5.15
	RTNLGRP_TUNNEL        = 35 // Linux 5.18
	RTNLGRP_STATS         = 36 // Linux 5.19
	RTNLGRP_IPV4_MCADDR   = 37 // Linux 6.9
	RTNLGRP_IPV6_MCADDR   = 38 // Linux 6.9
	RTNLGRP_IPV6_ACADDR   = 39 // Linux 6.9
)
