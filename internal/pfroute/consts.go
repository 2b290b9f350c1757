package pfroute

// BSD constants. The values are the same on FreeBSD, OpenBSD and Darwin
// unless a comment says otherwise.

// Routing message types (net/route.h, RTM_*).
const (
	rtmGet     = 0x4 // RTM_GET
	rtmNewAddr = 0xc // RTM_NEWADDR
	rtmIfInfo  = 0xe // RTM_IFINFO

	// rtmVersion is RTM_VERSION: 5 on FreeBSD (since 10), OpenBSD (since
	// 5.7) and Darwin.
	rtmVersion = 5
)

// Indices of the sockaddrs in a message (net/route.h, RTAX_*); the bit
// RTA_x of the address mask is 1<<RTAX_x. OpenBSD defines bits up to
// RTAX_SEARCH (14); maxAddrs covers them all so any mask is walked in order.
const (
	rtaxDst     = 0 // RTAX_DST
	rtaxGateway = 1 // RTAX_GATEWAY
	rtaxNetmask = 2 // RTAX_NETMASK
	rtaxIfp     = 4 // RTAX_IFP
	rtaxIfa     = 5 // RTAX_IFA
	rtaxBrd     = 7 // RTAX_BRD
	maxAddrs    = 16
)

// Route flags (net/route.h, RTF_*).
const (
	rtfGateway   = 0x2      // RTF_GATEWAY
	rtfHost      = 0x4      // RTF_HOST
	rtfReject    = 0x8      // RTF_REJECT
	rtfDynamic   = 0x10     // RTF_DYNAMIC
	rtfLLInfo    = 0x400    // RTF_LLINFO
	rtfStatic    = 0x800    // RTF_STATIC
	rtfBlackhole = 0x1000   // RTF_BLACKHOLE
	rtfLocal     = 0x200000 // RTF_LOCAL
	rtfBroadcast = 0x400000 // RTF_BROADCAST (FreeBSD, Darwin, OpenBSD)
	// RTFLLInfo is RTF_LLINFO, the flag NET_RT_FLAGS selects ARP and NDP
	// entries with.
	RTFLLInfo = rtfLLInfo
)

// Interface flags (net/if.h, IFF_*). Bits 0x1–0x10 and 0x40–0x200 mean
// the same as on Linux; 0x20 (FreeBSD IFF_NEEDSEPOCH, OpenBSD
// IFF_STATICARP, Darwin IFF_NOTRAILERS), 0x400 (IFF_OACTIVE), 0x800
// (IFF_SIMPLEX) and 0x1000–0x4000 (IFF_LINK0–2) do not; IFF_MULTICAST is
// 0x8000 on the BSDs and 0x1000 on Linux.
const (
	iffUp        = 0x1
	iffRunning   = 0x40
	iffMulticast = 0x8000
	iffPointToPt = 0x10
	// iffSame is the set of bits whose meaning Linux shares: UP,
	// BROADCAST, DEBUG, LOOPBACK, POINTOPOINT, NOARP, PROMISC, ALLMULTI.
	iffSame = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x80 | 0x100 | 0x200
)

// Address families (sys/socket.h, AF_*). AF_INET and AF_LINK agree;
// AF_INET6 does not.
const (
	afInet = 2  // AF_INET
	afLink = 18 // AF_LINK

	afInet6FreeBSD = 28 // AF_INET6, FreeBSD sys/socket.h
	afInet6OpenBSD = 24 // AF_INET6, OpenBSD sys/socket.h
	afInet6Darwin  = 30 // AF_INET6, Darwin sys/socket.h
)

// Interface types (net/if_types.h, IFT_*), the subset with a Linux
// ARPHRD_* counterpart.
const (
	iftOther       = 0x1  // IFT_OTHER
	iftEther       = 0x6  // IFT_ETHER
	iftISO88023    = 0x7  // IFT_ISO88023
	iftPPP         = 0x17 // IFT_PPP
	iftLoop        = 0x18 // IFT_LOOP
	iftSLIP        = 0x1c // IFT_SLIP
	iftPropVirtual = 0x35 // IFT_PROPVIRTUAL (FreeBSD tun, epair …)
	iftGIFDarwin   = 0x37 // IFT_GIF on Darwin
	iftIEEE80211   = 0x47 // IFT_IEEE80211
	iftTunnel      = 0x83 // IFT_TUNNEL (gre)
	iftL2VLAN      = 0x87 // IFT_L2VLAN
	iftLAGG        = 0x88 // IFT_IEEE8023ADLAG
	iftIEEE1394    = 0x90 // IFT_IEEE1394
	iftInfiniband  = 0xc7 // IFT_INFINIBAND
	iftBridge      = 0xd1 // IFT_BRIDGE
	iftGIF         = 0xf0 // IFT_GIF on FreeBSD and OpenBSD
)

// Linux constants the rtnetlink messages carry that internal/uapi does
// not hold yet: link types (linux/if_arp.h, ARPHRD_*) and operational
// states (linux/if.h, IF_OPER_*).
const (
	arphrdEther      = 1      // ARPHRD_ETHER
	arphrdIEEE1394   = 24     // ARPHRD_IEEE1394
	arphrdInfiniband = 32     // ARPHRD_INFINIBAND
	arphrdSLIP       = 256    // ARPHRD_SLIP
	arphrdPPP        = 512    // ARPHRD_PPP
	arphrdTunnel     = 768    // ARPHRD_TUNNEL
	arphrdLoopback   = 772    // ARPHRD_LOOPBACK
	arphrdIPGRE      = 778    // ARPHRD_IPGRE
	arphrdNone       = 0xfffe // ARPHRD_NONE

	operUnknown = 0 // IF_OPER_UNKNOWN
	operDown    = 2 // IF_OPER_DOWN
	operUp      = 6 // IF_OPER_UP
)
