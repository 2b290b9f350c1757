// Package tc is traffic control on top of rtnl: qdiscs, classes, filters
// and actions, one file per kind (q_htb.go, f_u32.go, m_mirred.go), handle
// parsing ("1:0"), the u32 key syntax, and the catalogue of kinds.
//
// This package is being built; see the traffic control issue.
package tc
