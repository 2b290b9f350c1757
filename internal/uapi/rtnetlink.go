// Code generated once from /usr/include/linux/rtnetlink.h (Linux 6.1 UAPI)
// by extracting its enums and defines; edited by hand since. Names are the
// kernel's. DO NOT rename.

package uapi

// Message types (enum of RTM_*).
const (
	RTM_BASE             = 16
	RTM_NEWLINK          = 16
	RTM_DELLINK          = 17
	RTM_GETLINK          = 18
	RTM_SETLINK          = 19
	RTM_NEWADDR          = 20
	RTM_DELADDR          = 21
	RTM_GETADDR          = 22
	RTM_NEWROUTE         = 24
	RTM_DELROUTE         = 25
	RTM_GETROUTE         = 26
	RTM_NEWNEIGH         = 28
	RTM_DELNEIGH         = 29
	RTM_GETNEIGH         = 30
	RTM_NEWRULE          = 32
	RTM_DELRULE          = 33
	RTM_GETRULE          = 34
	RTM_NEWQDISC         = 36
	RTM_DELQDISC         = 37
	RTM_GETQDISC         = 38
	RTM_NEWTCLASS        = 40
	RTM_DELTCLASS        = 41
	RTM_GETTCLASS        = 42
	RTM_NEWTFILTER       = 44
	RTM_DELTFILTER       = 45
	RTM_GETTFILTER       = 46
	RTM_NEWACTION        = 48
	RTM_NEWPREFIX        = 52
	RTM_GETMULTICAST     = 58
	RTM_GETANYCAST       = 62
	RTM_NEWNEIGHTBL      = 64
	RTM_GETNEIGHTBL      = 66
	RTM_SETNEIGHTBL      = 67
	RTM_NEWNDUSEROPT     = 68
	RTM_NEWNETCONF       = 80
	RTM_NEWMDB           = 84
	RTM_NEWNSID          = 88
	RTM_DELNSID          = 89
	RTM_GETNSID          = 90
	RTM_NEWSTATS         = 92
	RTM_GETSTATS         = 94
	RTM_SETSTATS         = 95
	RTM_NEWCHAIN         = 100
	RTM_DELCHAIN         = 101
	RTM_GETCHAIN         = 102
	RTM_NEWNEXTHOP       = 104
	RTM_DELNEXTHOP       = 105
	RTM_GETNEXTHOP       = 106
	RTM_NEWLINKPROP      = 108
	RTM_DELLINKPROP      = 109
	RTM_NEWVLAN          = 112
	RTM_DELVLAN          = 113
	RTM_GETVLAN          = 114
	RTM_NEWNEXTHOPBUCKET = 116
	RTM_DELNEXTHOPBUCKET = 117
	RTM_GETNEXTHOPBUCKET = 118
	RTM_NEWTUNNEL        = 120
)

// Route types (rtm_type).
const (
	RTN_UNSPEC      = 0
	RTN_UNICAST     = 1
	RTN_LOCAL       = 2
	RTN_BROADCAST   = 3
	RTN_ANYCAST     = 4
	RTN_MULTICAST   = 5
	RTN_BLACKHOLE   = 6
	RTN_UNREACHABLE = 7
	RTN_PROHIBIT    = 8
	RTN_THROW       = 9
	RTN_NAT         = 10
	RTN_XRESOLVE    = 11
)

// Route scopes (rtm_scope).
const (
	RT_SCOPE_UNIVERSE = 0
	RT_SCOPE_SITE     = 200
	RT_SCOPE_LINK     = 253
	RT_SCOPE_HOST     = 254
	RT_SCOPE_NOWHERE  = 255
)

// Reserved table identifiers (enum rt_class_t).
const (
	RT_TABLE_UNSPEC  = 0
	RT_TABLE_COMPAT  = 252
	RT_TABLE_DEFAULT = 253
	RT_TABLE_MAIN    = 254
	RT_TABLE_LOCAL   = 255
)

// Routing message attributes (enum rtattr_type_t).
const (
	RTA_DST           = 1
	RTA_SRC           = 2
	RTA_IIF           = 3
	RTA_OIF           = 4
	RTA_GATEWAY       = 5
	RTA_PRIORITY      = 6
	RTA_PREFSRC       = 7
	RTA_METRICS       = 8
	RTA_MULTIPATH     = 9
	RTA_PROTOINFO     = 10
	RTA_FLOW          = 11
	RTA_CACHEINFO     = 12
	RTA_SESSION       = 13
	RTA_MP_ALGO       = 14
	RTA_TABLE         = 15
	RTA_MARK          = 16
	RTA_MFC_STATS     = 17
	RTA_VIA           = 18
	RTA_NEWDST        = 19
	RTA_PREF          = 20
	RTA_ENCAP_TYPE    = 21
	RTA_ENCAP         = 22
	RTA_EXPIRES       = 23
	RTA_PAD           = 24
	RTA_UID           = 25
	RTA_TTL_PROPAGATE = 26
	RTA_IP_PROTO      = 27
	RTA_SPORT         = 28
	RTA_DPORT         = 29
	RTA_NH_ID         = 30
)

// Route metrics, nested in RTA_METRICS.
const (
	RTAX_LOCK               = 1
	RTAX_MTU                = 2
	RTAX_WINDOW             = 3
	RTAX_RTT                = 4
	RTAX_RTTVAR             = 5
	RTAX_SSTHRESH           = 6
	RTAX_CWND               = 7
	RTAX_ADVMSS             = 8
	RTAX_REORDERING         = 9
	RTAX_HOPLIMIT           = 10
	RTAX_INITCWND           = 11
	RTAX_FEATURES           = 12
	RTAX_RTO_MIN            = 13
	RTAX_INITRWND           = 14
	RTAX_QUICKACK           = 15
	RTAX_CC_ALGO            = 16
	RTAX_FASTOPEN_NO_COOKIE = 17
)

// Route origins (rtm_protocol).
const (
	RTPROT_UNSPEC     = 0
	RTPROT_REDIRECT   = 1
	RTPROT_KERNEL     = 2
	RTPROT_BOOT       = 3
	RTPROT_STATIC     = 4
	RTPROT_GATED      = 8
	RTPROT_RA         = 9
	RTPROT_MRT        = 10
	RTPROT_ZEBRA      = 11
	RTPROT_BIRD       = 12
	RTPROT_DNROUTED   = 13
	RTPROT_XORP       = 14
	RTPROT_NTK        = 15
	RTPROT_DHCP       = 16
	RTPROT_MROUTED    = 17
	RTPROT_KEEPALIVED = 18
	RTPROT_BABEL      = 42
	RTPROT_OPENR      = 99
	RTPROT_BGP        = 186
	RTPROT_ISIS       = 187
	RTPROT_OSPF       = 188
	RTPROT_RIP        = 189
	RTPROT_EIGRP      = 192
)

// Flags of struct rtnexthop (rtnh_flags).
const (
	RTNH_F_PERVASIVE = 2
	RTNH_F_ONLINK    = 4
)

// Flags of rtm_flags.
const (
	RTM_F_CLONED = 0x200
)

// Sizes of the fixed structures.
const (
	SizeofRtMsg        = 12 // struct rtmsg
	SizeofIfInfoMsg    = 16 // struct ifinfomsg
	SizeofRtaCacheinfo = 32 // struct rta_cacheinfo
)

// Reply types of RTM_GETMULTICAST and RTM_GETANYCAST dumps (ifaddrmsg).
const (
	RTM_NEWMULTICAST = 56
	RTM_NEWANYCAST   = 60
)
