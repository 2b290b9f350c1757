package codec

// The element names of the per-family arrays of IFLA_AF_SPEC, as pyroute2
// names them (its field names, then the kernel's names in lower case for
// the elements added since): IFLA_INET_CONF renders as {"forwarding": 0,
// "mc_forwarding": 0, …}. An element past the names renders as "_<index>".

// inetConfNames are IPV4_DEVCONF_FORWARDING (1) … : element i is
// IPV4_DEVCONF value i+1.
var inetConfNames = []string{
	"forwarding", "mc_forwarding", "proxy_arp", "accept_redirects",
	"secure_redirects", "send_redirects", "shared_media", "rp_filter",
	"accept_source_route", "bootp_relay", "log_martians", "tag",
	"arpfilter", "medium_id", "noxfrm", "nopolicy", "force_igmp_version",
	"arp_announce", "arp_ignore", "promote_secondaries", "arp_accept",
	"arp_notify", "accept_local", "src_vmark", "proxy_arp_pvlan",
	"route_localnet", "igmpv2_unsolicited_report_interval",
	"igmpv3_unsolicited_report_interval", "ignore_routes_with_linkdown",
	"drop_unicast_in_l2_multicast", "drop_gratuitous_arp", "bc_forwarding",
	"arp_evict_nocarrier",
}

// inet6ConfNames are DEVCONF_FORWARDING (0) … .
var inet6ConfNames = []string{
	"forwarding", "hop_limit", "mtu", "accept_ra", "accept_redirects",
	"autoconf", "dad_transmits", "router_solicitations",
	"router_solicitation_interval", "router_solicitation_delay",
	"use_tempaddr", "temp_valid_lft", "temp_preferred_lft",
	"regen_max_retry", "max_desync_factor", "max_addresses",
	"force_mld_version", "accept_ra_defrtr", "accept_ra_pinfo",
	"accept_ra_rtr_pref", "router_probe_interval",
	"accept_ra_rt_info_max_plen", "proxy_ndp", "optimistic_dad",
	"accept_source_route", "mc_forwarding", "disable_ipv6", "accept_dad",
	"force_tllao", "ndisc_notify", "mldv1_unsolicited_report_interval",
	"mldv2_unsolicited_report_interval", "suppress_frag_ndisc",
	"accept_ra_from_local", "use_optimistic", "accept_ra_mtu",
	"stable_secret", "use_oif_addrs_only", "accept_ra_min_hop_limit",
	"ignore_routes_with_linkdown", "drop_unicast_in_l2_multicast",
	"drop_unsolicited_na", "keep_addr_on_down", "rtr_solicit_max_interval",
	"seg6_enabled", "seg6_require_hmac", "enhanced_dad", "addr_gen_mode",
	"disable_policy", "accept_ra_rt_info_min_plen", "ndisc_tclass",
	"rpl_seg_enabled", "ra_defrtr_metric", "ioam6_enabled", "ioam6_id",
	"ioam6_id_wide", "ndisc_evict_nocarrier", "accept_untracked_na",
	"accept_ra_min_lft",
}

// inet6StatsNames are IPSTATS_MIB_NUM (0) … .
var inet6StatsNames = []string{
	"num", "inpkts", "inoctets", "indelivers", "outforwdatagrams",
	"outpkts", "outoctets", "inhdrerrors", "intoobigerrors", "innoroutes",
	"inaddrerrors", "inunknownprotos", "intruncatedpkts", "indiscards",
	"outdiscards", "outnoroutes", "reasmtimeout", "reasmreqds", "reasmoks",
	"reasmfails", "fragoks", "fragfails", "fragcreates", "inmcastpkts",
	"outmcastpkts", "inbcastpkts", "outbcastpkts", "inmcastoctets",
	"outmcastoctets", "inbcastoctets", "outbcastoctets", "csumerrors",
	"noectpkts", "ect1pkts", "ect0pkts", "cepkts", "reasm_overlaps",
}

// icmp6StatsNames are ICMP6_MIB_NUM (0) … .
var icmp6StatsNames = []string{
	"num", "inmsgs", "inerrors", "outmsgs", "outerrors", "csumerrors",
	"ratelimithost",
}

// namedArray is an array attribute rendered as an object of its named
// elements.
func namedArray(t uint16, name string, elem Kind, names []string) AttrSpec {
	a := array(t, name, elem)
	a.Names = names
	a.shape = shapeNamedArray
	return a
}
