package pfroute

import (
	"fmt"
	"net/netip"
)

// LinkState is an interface's link state, normalised across systems.
type LinkState uint8

// Link states. FreeBSD reports LINK_STATE_UNKNOWN/DOWN/UP (0, 1, 2),
// OpenBSD UNKNOWN, INVALID, DOWN, KALIVE_DOWN, UP, HALF_DUPLEX,
// FULL_DUPLEX (0–6, up from 4); Darwin reports none.
const (
	LinkStateUnknown LinkState = iota
	LinkStateDown
	LinkStateUp
)

// Link is an interface as an RTM_IFINFO message describes it. Name and
// Addr borrow the message.
type Link struct {
	Index uint16
	Flags uint32 // the system's IFF_* flags
	Type  uint8  // IFT_*
	State LinkState
	MTU   uint32
	Name  []byte // from the RTA_IFP sockaddr_dl
	Addr  []byte // link-layer address, from the same sockaddr_dl
}

// Addr is an interface address as an RTM_NEWADDR message describes it.
type Addr struct {
	Index     uint16
	Addr      netip.Addr // RTA_IFA
	PrefixLen int        // from RTA_NETMASK; the full width without one
	Dest      netip.Addr // RTA_BRD: broadcast address, or the peer of a point-to-point link
}

// Route is a routing table entry as an RTM_GET message of NET_RT_DUMP
// describes it.
type Route struct {
	Index    uint32       // outgoing interface: rtm_index, or the gateway's sdl_index
	Flags    uint32       // RTF_*
	Dst      netip.Prefix // RTA_DST and RTA_NETMASK (or RTF_HOST)
	Gateway  netip.Addr   // an AF_INET/AF_INET6 RTA_GATEWAY; invalid for a link gateway
	Table    uint32       // OpenBSD rtm_tableid; 0 elsewhere
	Priority uint32       // OpenBSD rtm_priority; 0 elsewhere
	MTU      uint32       // rmx_mtu
}

// Neigh is an ARP or NDP entry as an RTM_GET message of NET_RT_FLAGS
// with RTF_LLINFO describes it. LLAddr borrows the message.
type Neigh struct {
	Index  uint32 // the gateway's sdl_index, or rtm_index
	Flags  uint32 // RTF_*
	Dst    netip.Addr
	LLAddr []byte // empty while resolution is incomplete
	Expire int64  // rmx_expire; 0 for a permanent entry
}

// ParseLink decodes an RTM_IFINFO message of the system o.
func ParseLink(o OS, msg []byte) (Link, error) {
	lay := o.layout()
	if lay == nil {
		return Link{}, ErrOS
	}
	fixed, need := lay.ifmSize, max(lay.ifmIndex+2, lay.ifiMTU+4, lay.ifmFlags+4, lay.ifmAddrs+4)
	if lay.ifiDataLen >= 0 && len(msg) >= lay.ifiDataLen+2 {
		// FreeBSD: the sockaddrs follow if_data, whose length it states.
		if dl := int(u16(msg, lay.ifiDataLen)); dl != 0 {
			fixed = lay.ifiType + dl
		}
	}
	hl, err := header(lay, msg, rtmIfInfo, fixed, need)
	if err != nil {
		return Link{}, fmt.Errorf("pfroute: link: %w", err)
	}
	l := Link{
		Index: u16(msg, lay.ifmIndex),
		Flags: u32(msg, lay.ifmFlags),
		Type:  msg[lay.ifiType],
		MTU:   u32(msg, lay.ifiMTU),
	}
	if lay.ifiLinkState >= 0 {
		l.State = linkState(o, msg[lay.ifiLinkState])
	}
	var sa sockaddrs
	if err := parseAddrs(lay.saAlign, u32(msg, lay.ifmAddrs), msg[hl:], &sa); err != nil {
		return Link{}, fmt.Errorf("pfroute: link: %w", err)
	}
	if dl, ok := parseDL(sa[rtaxIfp]); ok {
		l.Name, l.Addr = dl.Name, dl.Addr
	}
	return l, nil
}

func linkState(o OS, s uint8) LinkState {
	switch {
	case s == 0:
		return LinkStateUnknown
	case o == OpenBSD && s >= 4, o == FreeBSD && s == 2:
		return LinkStateUp
	}
	return LinkStateDown
}

// ParseAddr decodes an RTM_NEWADDR message of the system o. A message
// whose RTA_IFA is not an IPv4 or IPv6 address yields an Addr whose Addr
// is invalid and no error.
func ParseAddr(o OS, msg []byte) (Addr, error) {
	var sa sockaddrs
	return parseAddr(o, msg, rtmNewAddr, &sa)
}

// parseAddr decodes an ifa_msghdr message of type typ (RTM_NEWADDR or
// RTM_DELADDR) into a and its sockaddrs into sa.
func parseAddr(o OS, msg []byte, typ uint8, sa *sockaddrs) (Addr, error) {
	lay := o.layout()
	if lay == nil {
		return Addr{}, ErrOS
	}
	hl, err := header(lay, msg, typ, lay.ifamSize, max(lay.ifamIndex+2, lay.ifamAddrs+4))
	if err == nil {
		err = parseAddrs(lay.saAlign, u32(msg, lay.ifamAddrs), msg[hl:], sa)
	}
	if err != nil {
		return Addr{}, fmt.Errorf("pfroute: address: %w", err)
	}
	a := Addr{Index: u16(msg, lay.ifamIndex)}
	ip, ok := inetAddr(sa[rtaxIfa], lay.af6)
	if !ok {
		return a, nil
	}
	a.Addr, a.PrefixLen = ip, ip.BitLen()
	if sa[rtaxNetmask] != nil {
		a.PrefixLen = maskBits(sa[rtaxNetmask], ip.BitLen())
	}
	if d, ok := inetAddr(sa[rtaxBrd], lay.af6); ok && d.BitLen() == ip.BitLen() {
		a.Dest = d
	}
	return a, nil
}

// parseRtMsg decodes an rt_msghdr message of type typ (RTM_GET in the
// sysctl buffers; RTM_ADD, RTM_DELETE, RTM_CHANGE on the routing socket),
// shared by routes and neighbours.
func parseRtMsg(o OS, msg []byte, typ uint8, sa *sockaddrs) (r Route, expire int64, err error) {
	lay := o.layout()
	if lay == nil {
		return Route{}, 0, ErrOS
	}
	need := max(lay.rtmIndex+2, lay.rtmFlags+4, lay.rtmAddrs+4, lay.rmxMTU+4, lay.rmxExpire+lay.rmxExpireLen)
	hl, err := header(lay, msg, typ, lay.rtmSize, need)
	if err != nil {
		return Route{}, 0, fmt.Errorf("pfroute: route: %w", err)
	}
	r = Route{Index: uint32(u16(msg, lay.rtmIndex)), Flags: u32(msg, lay.rtmFlags), MTU: u32(msg, lay.rmxMTU)}
	if lay.rtmTable >= 0 && hl >= lay.rtmPriority+1 {
		r.Table, r.Priority = uint32(u16(msg, lay.rtmTable)), uint32(msg[lay.rtmPriority])
	}
	if lay.rmxExpireLen == 8 {
		expire = int64(u64(msg, lay.rmxExpire))
	} else {
		expire = int64(int32(u32(msg, lay.rmxExpire)))
	}
	if err := parseAddrs(lay.saAlign, u32(msg, lay.rtmAddrs), msg[hl:], sa); err != nil {
		return Route{}, 0, fmt.Errorf("pfroute: route: %w", err)
	}
	return r, expire, nil
}

// ParseRoute decodes an RTM_GET message of a NET_RT_DUMP buffer of the
// system o. A route whose destination is not IPv4 or IPv6 (AF_LINK,
// MPLS …) yields a Route whose Dst is invalid and no error.
func ParseRoute(o OS, msg []byte) (Route, error) {
	var sa sockaddrs
	r, _, err := parseRtMsg(o, msg, rtmGet, &sa)
	if err != nil {
		return Route{}, err
	}
	return routeOf(o.layout().af6, r, &sa), nil
}

// routeOf completes r, parsed by parseRtMsg, from its sockaddrs.
func routeOf(af6 uint8, r Route, sa *sockaddrs) Route {
	dst, ok := inetAddr(sa[rtaxDst], af6)
	if !ok {
		return r
	}
	bitsLen := dst.BitLen()
	if sa[rtaxNetmask] != nil && r.Flags&rtfHost == 0 {
		bitsLen = maskBits(sa[rtaxNetmask], dst.BitLen())
	}
	r.Dst = netip.PrefixFrom(dst, bitsLen)
	if gw, ok := inetAddr(sa[rtaxGateway], af6); ok && gw.BitLen() == dst.BitLen() {
		r.Gateway = gw
	} else if dl, ok := parseDL(sa[rtaxGateway]); ok && dl.Index != 0 && r.Index == 0 {
		r.Index = uint32(dl.Index)
	}
	return r
}

// ParseNeigh decodes an RTM_GET message of a NET_RT_FLAGS/RTF_LLINFO
// buffer of the system o: an IPv4 or IPv6 destination and an AF_LINK
// gateway holding the link-layer address. Any other message yields a
// Neigh whose Dst is invalid and no error.
func ParseNeigh(o OS, msg []byte) (Neigh, error) {
	var sa sockaddrs
	r, expire, err := parseRtMsg(o, msg, rtmGet, &sa)
	if err != nil {
		return Neigh{}, err
	}
	return neighOf(o.layout().af6, r, expire, &sa), nil
}

// neighOf makes the Neigh of r and expire, parsed by parseRtMsg, and its
// sockaddrs.
func neighOf(af6 uint8, r Route, expire int64, sa *sockaddrs) Neigh {
	n := Neigh{Index: r.Index, Flags: r.Flags, Expire: expire}
	dst, ok := inetAddr(sa[rtaxDst], af6)
	dl, isDL := parseDL(sa[rtaxGateway])
	if !ok || !isDL {
		return n
	}
	n.Dst, n.LLAddr = dst, dl.Addr
	if dl.Index != 0 {
		n.Index = uint32(dl.Index)
	}
	return n
}

// recordError names the record an error was met in.
func recordError(off int, err error) error {
	return fmt.Errorf("%w (record at offset %d)", err, off)
}
