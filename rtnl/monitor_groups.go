package rtnl

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/internal/uapi"
)

// The multicast groups a Monitor joins, by name.

// groupTable maps the multicast group names to the RTNLGRP_* numbers
// they join (see [GroupNames]). It is never changed after init: readers
// share it without a lock and hand out copies.
var groupTable = map[string][]uint32{
	"link":          {uapi.RTNLGRP_LINK},
	"notify":        {uapi.RTNLGRP_NOTIFY},
	"neigh":         {uapi.RTNLGRP_NEIGH},
	"tc":            {uapi.RTNLGRP_TC},
	"ipv4_ifaddr":   {uapi.RTNLGRP_IPV4_IFADDR},
	"ipv4_mroute":   {uapi.RTNLGRP_IPV4_MROUTE},
	"ipv4_route":    {uapi.RTNLGRP_IPV4_ROUTE},
	"ipv4_rule":     {uapi.RTNLGRP_IPV4_RULE},
	"ipv6_ifaddr":   {uapi.RTNLGRP_IPV6_IFADDR},
	"ipv6_mroute":   {uapi.RTNLGRP_IPV6_MROUTE},
	"ipv6_route":    {uapi.RTNLGRP_IPV6_ROUTE},
	"ipv6_ifinfo":   {uapi.RTNLGRP_IPV6_IFINFO},
	"ipv6_prefix":   {uapi.RTNLGRP_IPV6_PREFIX},
	"ipv6_rule":     {uapi.RTNLGRP_IPV6_RULE},
	"nd_useropt":    {uapi.RTNLGRP_ND_USEROPT},
	"dcb":           {uapi.RTNLGRP_DCB},
	"ipv4_netconf":  {uapi.RTNLGRP_IPV4_NETCONF},
	"ipv6_netconf":  {uapi.RTNLGRP_IPV6_NETCONF},
	"mdb":           {uapi.RTNLGRP_MDB},
	"mpls_route":    {uapi.RTNLGRP_MPLS_ROUTE},
	"nsid":          {uapi.RTNLGRP_NSID},
	"mpls_netconf":  {uapi.RTNLGRP_MPLS_NETCONF},
	"ipv4_mroute_r": {uapi.RTNLGRP_IPV4_MROUTE_R},
	"ipv6_mroute_r": {uapi.RTNLGRP_IPV6_MROUTE_R},
	"nexthop":       {uapi.RTNLGRP_NEXTHOP},
	"brvlan":        {uapi.RTNLGRP_BRVLAN},
	"mctp_ifaddr":   {uapi.RTNLGRP_MCTP_IFADDR},
	"tunnel":        {uapi.RTNLGRP_TUNNEL},
	"stats":         {uapi.RTNLGRP_STATS},
	"ipv4_mcaddr":   {uapi.RTNLGRP_IPV4_MCADDR},
	"ipv6_mcaddr":   {uapi.RTNLGRP_IPV6_MCADDR},
	"ipv6_acaddr":   {uapi.RTNLGRP_IPV6_ACADDR},

	"address": {uapi.RTNLGRP_IPV4_IFADDR, uapi.RTNLGRP_IPV6_IFADDR},
	"addr":    {uapi.RTNLGRP_IPV4_IFADDR, uapi.RTNLGRP_IPV6_IFADDR},
	"route":   {uapi.RTNLGRP_IPV4_ROUTE, uapi.RTNLGRP_IPV6_ROUTE},
	"rule":    {uapi.RTNLGRP_IPV4_RULE, uapi.RTNLGRP_IPV6_RULE},
	"netconf": {uapi.RTNLGRP_IPV4_NETCONF, uapi.RTNLGRP_IPV6_NETCONF},
	"mroute":  {uapi.RTNLGRP_IPV4_MROUTE, uapi.RTNLGRP_IPV6_MROUTE},
	"mcaddr":  {uapi.RTNLGRP_IPV4_MCADDR, uapi.RTNLGRP_IPV6_MCADDR},
}

// GroupNames returns the multicast group names [IPRoute.Bind] accepts,
// sorted, in a new slice. The single groups are the kernel's names,
// lowercased without the prefix (RTNLGRP_IPV4_ROUTE is "ipv4_route");
// the aliases of ip-monitor(8) join several: "address" (and "addr"),
// "route", "rule", "netconf", "mroute", "mcaddr". Bind also takes "all",
// every group of the list, and a decimal number ("36"), that group.
func GroupNames() []string { return slices.Sorted(maps.Keys(groupTable)) }

// LookupGroup returns the RTNLGRP_* numbers group name joins (see
// [GroupNames]; one number, or several for an alias), in a new slice,
// and whether the name is known. It does not take "all" or numbers, as
// [ParseGroups] does.
func LookupGroup(name string) ([]uint32, bool) {
	g, ok := groupTable[name]
	return slices.Clone(g), ok
}

// defaultGroups are the groups of DefaultGroupNames.
var defaultGroups = [...]string{"link", "address", "route", "rule", "neigh", "nexthop"}

// DefaultGroupNames returns the groups [IPRoute.Bind] joins when given
// none, in a new slice: as pyroute2's bind() does (RTMGRP_DEFAULTS) plus
// next hops: links, addresses, routes and rules of both families, and
// neighbours.
func DefaultGroupNames() []string { return slices.Clone(defaultGroups[:]) }

// ParseGroups resolves group names (see [GroupNames]) to sorted,
// distinct group numbers. "all" is every group of GroupNames. An unknown
// name is an error naming it.
func ParseGroups(names ...string) ([]uint32, error) {
	seen := map[uint32]bool{}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		switch g, ok := groupTable[n]; {
		case ok:
			for _, x := range g {
				seen[x] = true
			}
		case n == "all":
			for _, gs := range groupTable {
				for _, x := range gs {
					seen[x] = true
				}
			}
		default:
			v, err := strconv.ParseUint(n, 10, 32)
			if err != nil || v == 0 {
				return nil, fmt.Errorf("rtnl: bind: unknown multicast group %q", n)
			}
			seen[uint32(v)] = true
		}
	}
	out := make([]uint32, 0, len(seen))
	for g := range seen {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}
