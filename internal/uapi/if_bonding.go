// Code generated once from /usr/include/linux/if_bonding.h (Linux 6.1 UAPI)
// by extracting its enums; edited by hand since. Names are the kernel's.

package uapi

// Bonding extended stats (IFLA_STATS_LINK_XSTATS of LINK_XSTATS_TYPE_BOND).
const (
	BOND_XSTATS_UNSPEC              = 0
	BOND_XSTATS_3AD                 = 1
	BOND_3AD_STAT_LACPDU_RX         = 0
	BOND_3AD_STAT_LACPDU_TX         = 1
	BOND_3AD_STAT_LACPDU_UNKNOWN_RX = 2
	BOND_3AD_STAT_LACPDU_ILLEGAL_RX = 3
	BOND_3AD_STAT_MARKER_RX         = 4
	BOND_3AD_STAT_MARKER_TX         = 5
	BOND_3AD_STAT_MARKER_RESP_RX    = 6
	BOND_3AD_STAT_MARKER_RESP_TX    = 7
	BOND_3AD_STAT_MARKER_UNKNOWN_RX = 8
	BOND_3AD_STAT_PAD               = 9
)

// MPLS per-link stats (mpls.h), IFLA_STATS_AF_SPEC of AF_MPLS.
const (
	MPLS_STATS_UNSPEC = 0
	MPLS_STATS_LINK   = 1
)
