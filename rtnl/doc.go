// Package rtnl is the IPRoute API: links of every kind, addresses, routes,
// rules, neighbours, bridge FDB, VLAN filters and ports, getters, flushes,
// lookups, filters, polling, event monitoring with an async cache, batches,
// network namespaces and remote hosts. Typed specs (rtnl.Route{...}) are
// the fast path; rtnl.Spec{"dst": "10.0.0.0/24"} is pyroute2's keyword
// style. Both encode through the same codec schemas.
//
// This package is being built; see the IPRoute issues.
package rtnl
