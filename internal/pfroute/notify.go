package pfroute

import (
	"encoding/binary"
	"fmt"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// The messages of the routing socket (socket(PF_ROUTE, SOCK_RAW, 0)),
// which the kernel broadcasts to every such socket when something
// changes, and the RTNL notifications they become:
//
//	RTM_ADD, RTM_CHANGE (rt_msghdr)             → RTM_NEWROUTE  RTNLGRP_IPV4_ROUTE / IPV6_ROUTE
//	RTM_DELETE          (rt_msghdr)             → RTM_DELROUTE  RTNLGRP_IPV4_ROUTE / IPV6_ROUTE
//	  the same with RTF_LLINFO and an AF_LINK gateway (an ARP or NDP entry)
//	                                            → RTM_NEWNEIGH / RTM_DELNEIGH  RTNLGRP_NEIGH
//	RTM_NEWADDR, RTM_DELADDR (ifa_msghdr)       → RTM_NEWADDR / RTM_DELADDR  RTNLGRP_IPV4_IFADDR / IPV6_IFADDR
//	RTM_IFINFO  (if_msghdr)                     → RTM_NEWLINK   RTNLGRP_LINK
//	RTM_IFANNOUNCE (if_announcemsghdr; FreeBSD, OpenBSD)
//	    IFAN_ARRIVAL                            → RTM_NEWLINK   RTNLGRP_LINK
//	    IFAN_DEPARTURE                          → RTM_DELLINK   RTNLGRP_LINK
//
// Everything else (RTM_GET replies, RTM_MISS, RTM_LOSING, RTM_REDIRECT,
// RTM_RESOLVE, multicast-address and 802.11 messages, OpenBSD's
// RTM_DESYNC and RTM_PROPOSAL …) is skipped, and so is a change request
// the kernel echoes with a non-zero rtm_errno: it failed, nothing
// changed. Darwin has no RTM_IFANNOUNCE: an interface's departure shows
// there only as the RTM_DELADDR of its addresses.
//
// A notification is the message a dump would hold, with the
// notification's type, no NLM_F_MULTI and the sequence number given
// (0 for what the kernel originates), as Linux sends them.

// Routing message types of the routing socket (net/route.h).
const (
	rtmAdd     = 0x1 // RTM_ADD
	rtmDelete  = 0x2 // RTM_DELETE
	rtmChange  = 0x3 // RTM_CHANGE
	rtmDelAddr = 0xd // RTM_DELADDR

	rtmIfAnnounceFreeBSD = 0x11 // RTM_IFANNOUNCE, FreeBSD sys/net/route.h
	rtmIfAnnounceOpenBSD = 0xf  // RTM_IFANNOUNCE, OpenBSD sys/net/route.h

	ifanArrival   = 0 // IFAN_ARRIVAL (net/if.h)
	ifanDeparture = 1 // IFAN_DEPARTURE
)

// announce holds the offsets of struct if_announcemsghdr and of
// rt_msghdr's rtm_errno, which the dump parsers do not read.
type announce struct {
	typ                     uint8 // RTM_IFANNOUNCE; 0 where there is none
	size, index, name, what int
	rtmErrno                int // offset of rtm_errno in rt_msghdr
}

// FreeBSD sys/net/if.h (IFNAMSIZ 16):
//
//	struct if_announcemsghdr {
//	  u_short ifan_msglen; u_char ifan_version; u_char ifan_type; // 0 2 3
//	  u_short ifan_index;                                         // 4
//	  char    ifan_name[IFNAMSIZ];                                // 6
//	  u_short ifan_what;                                          // 22
//	};                                                            // 24
//
// rtm_errno is at 24 (see layoutFreeBSD).
var announceFreeBSD = announce{typ: rtmIfAnnounceFreeBSD, size: 24, index: 4, name: 6, what: 22, rtmErrno: 24}

// OpenBSD sys/net/if.h:
//
//	struct if_announcemsghdr {
//	  u_short ifan_msglen; u_char ifan_version; u_char ifan_type; // 0 2 3
//	  u_short ifan_hdrlen;                                        // 4
//	  u_short ifan_index;                                         // 6
//	  u_short ifan_what;                                          // 8
//	  char    ifan_name[IFNAMSIZ];                                // 10
//	};                                                            // 26
//
// rtm_errno is at 32 (see layoutOpenBSD).
var announceOpenBSD = announce{typ: rtmIfAnnounceOpenBSD, size: 26, index: 6, name: 10, what: 8, rtmErrno: 32}

// Darwin (xnu bsd/net/route.h) has no RTM_IFANNOUNCE; rtm_errno is at 24
// (see layoutDarwin).
var announceDarwin = announce{rtmErrno: 24}

func (o OS) announce() *announce {
	switch o {
	case FreeBSD:
		return &announceFreeBSD
	case OpenBSD:
		return &announceOpenBSD
	case Darwin:
		return &announceDarwin
	}
	return nil
}

// ifNameSize is IFNAMSIZ on every BSD.
const ifNameSize = 16

// Announce is an interface's arrival or departure as an RTM_IFANNOUNCE
// message describes it. Name borrows the message.
type Announce struct {
	Index     uint16
	Name      []byte // ifan_name up to its NUL
	Departure bool   // IFAN_DEPARTURE; false for IFAN_ARRIVAL
}

// ParseAnnounce decodes an RTM_IFANNOUNCE message of the system o (not
// Darwin, which has none: ErrOS). An announcement that is neither an
// arrival nor a departure is malformed.
func ParseAnnounce(o OS, msg []byte) (Announce, error) {
	lay, an := o.layout(), o.announce()
	if lay == nil || an == nil || an.typ == 0 {
		return Announce{}, ErrOS
	}
	need := max(an.index+2, an.what+2, an.name+ifNameSize)
	if _, err := header(lay, msg, an.typ, an.size, need); err != nil {
		return Announce{}, fmt.Errorf("pfroute: announcement: %w", err)
	}
	a := Announce{Index: u16(msg, an.index)}
	switch u16(msg, an.what) {
	case ifanArrival:
	case ifanDeparture:
		a.Departure = true
	default:
		return Announce{}, fmt.Errorf("pfroute: announcement: ifan_what %d: %w", u16(msg, an.what), ErrMalformed)
	}
	name := msg[an.name : an.name+ifNameSize]
	for i, c := range name {
		if c == 0 {
			name = name[:i]
			break
		}
	}
	a.Name = name[:len(name):len(name)]
	return a, nil
}

// Notification says what AppendNotification appended: the RTNL message
// type and the multicast group it belongs to. The zero Notification
// means the message was skipped.
type Notification struct {
	Type  wire.MsgType // RTM_NEWLINK, RTM_DELROUTE …
	Group uint32       // RTNLGRP_LINK, RTNLGRP_IPV4_ROUTE …
}

// AppendNotification translates one routing-socket message of the
// system o into at most one RTNL notification appended to b (which must
// have no open message), stamped with seq and flags 0, and reports its
// type and group (see the table above). Messages it does not translate
// append nothing and return the zero Notification and no error; so do
// addresses, routes and neighbours of families other than IPv4 and
// IPv6. A malformed message returns an error wrapping ErrMalformed or
// ErrVersion (ErrOS for an unknown o) and appends nothing. Builder
// errors are b.Err's. Nothing allocates once b has room, except an
// error.
func AppendNotification(b *wire.Builder, o OS, msg []byte, seq uint32) (Notification, error) {
	lay, an := o.layout(), o.announce()
	if lay == nil || an == nil {
		return Notification{}, ErrOS
	}
	if len(msg) < 4 {
		return Notification{}, fmt.Errorf("pfroute: notification of %d bytes: %w", len(msg), ErrMalformed)
	}
	start := b.Len()
	var (
		n   Notification
		err error
	)
	switch typ := msg[3]; {
	case typ == rtmIfInfo:
		n, err = appendLinkNotification(b, o, msg, seq)
	case an.typ != 0 && typ == an.typ:
		n, err = appendAnnounce(b, o, msg, seq)
	case typ == rtmNewAddr || typ == rtmDelAddr:
		n, err = appendAddrNotification(b, o, msg, typ, seq)
	case typ == rtmAdd || typ == rtmChange || typ == rtmDelete:
		n, err = appendRouteNotification(b, o, an, msg, typ, seq)
	}
	if err != nil || n.Type == 0 || b.Len() == start {
		return Notification{}, err
	}
	restamp(b, start, n.Type)
	return n, nil
}

// restamp turns the message the dump translators appended at start into
// a notification: its type, and flags 0 instead of NLM_F_MULTI.
//
//	nlmsghdr: len u32 | type u16 | flags u16 | seq u32 | pid u32
func restamp(b *wire.Builder, start int, typ wire.MsgType) {
	h := b.Bytes()[start:]
	if len(h) < wire.HeaderLen {
		return
	}
	binary.NativeEndian.PutUint16(h[4:], uint16(typ))
	binary.NativeEndian.PutUint16(h[6:], 0)
}

func appendLinkNotification(b *wire.Builder, o OS, msg []byte, seq uint32) (Notification, error) {
	l, err := ParseLink(o, msg)
	if err != nil {
		return Notification{}, err
	}
	AppendLink(b, &l, seq)
	return Notification{Type: uapi.RTM_NEWLINK, Group: uapi.RTNLGRP_LINK}, nil
}

// appendAnnounce appends an announcement as a link message holding what
// it carries: ifinfomsg (AF_UNSPEC, ARPHRD_NONE, the index, flags 0) and
// IFLA_IFNAME. An arrival is a skeleton the RTM_IFINFO that follows it
// completes; a departure is all Linux's RTM_DELLINK needs.
func appendAnnounce(b *wire.Builder, o OS, msg []byte, seq uint32) (Notification, error) {
	a, err := ParseAnnounce(o, msg)
	if err != nil {
		return Notification{}, err
	}
	n := Notification{Type: uapi.RTM_NEWLINK, Group: uapi.RTNLGRP_LINK}
	if a.Departure {
		n.Type = uapi.RTM_DELLINK
	}
	b.Begin(n.Type, 0, seq)
	h := b.Reserve(16)
	if h == nil {
		return Notification{}, nil
	}
	binary.NativeEndian.PutUint16(h[2:], arphrdNone)
	binary.NativeEndian.PutUint32(h[4:], uint32(a.Index))
	if len(a.Name) > 0 {
		b.PutString(uapi.IFLA_IFNAME, string(a.Name))
	}
	b.End()
	return n, nil
}

// appendAddrNotification appends an RTM_NEWADDR or RTM_DELADDR message.
// The label is the name of its RTA_IFP sockaddr_dl, which the kernel
// adds to these messages. Whether RTA_BRD is a broadcast address or a
// point-to-point peer is told by the interface's flags, which the
// message lacks: an address outside the prefix is taken for a peer.
func appendAddrNotification(b *wire.Builder, o OS, msg []byte, typ uint8, seq uint32) (Notification, error) {
	var sa sockaddrs
	a, err := parseAddr(o, msg, typ, &sa)
	if err != nil || !a.Addr.IsValid() {
		return Notification{}, err
	}
	var label []byte
	if dl, ok := parseDL(sa[rtaxIfp]); ok {
		label = dl.Name
	}
	p2p := false
	if a.Dest.IsValid() {
		if pfx, err := a.Addr.Prefix(a.PrefixLen); err == nil && !pfx.Contains(a.Dest) {
			p2p = true
		}
	}
	AppendAddr(b, &a, p2p, label, seq)
	n := Notification{Type: uapi.RTM_NEWADDR, Group: uapi.RTNLGRP_IPV4_IFADDR}
	if typ == rtmDelAddr {
		n.Type = uapi.RTM_DELADDR
	}
	if a.Addr.Is6() {
		n.Group = uapi.RTNLGRP_IPV6_IFADDR
	}
	return n, nil
}

// appendRouteNotification appends a route, or a neighbour when the
// message is an ARP or NDP entry (RTF_LLINFO with an AF_LINK gateway).
// RTM_CHANGE is a new version of the route, as Linux's NLM_F_REPLACE
// reports it: RTM_NEWROUTE.
func appendRouteNotification(b *wire.Builder, o OS, an *announce, msg []byte, typ uint8, seq uint32) (Notification, error) {
	var sa sockaddrs
	r, expire, err := parseRtMsg(o, msg, typ, &sa)
	if err != nil {
		return Notification{}, err
	}
	if int32(u32(msg, an.rtmErrno)) != 0 {
		return Notification{}, nil // a failed request, echoed
	}
	del := typ == rtmDelete
	af6 := o.layout().af6
	if r.Flags&rtfLLInfo != 0 {
		nb := neighOf(af6, r, expire, &sa)
		if !nb.Dst.IsValid() {
			return Notification{}, nil
		}
		AppendNeigh(b, &nb, seq)
		if del {
			return Notification{Type: uapi.RTM_DELNEIGH, Group: uapi.RTNLGRP_NEIGH}, nil
		}
		return Notification{Type: uapi.RTM_NEWNEIGH, Group: uapi.RTNLGRP_NEIGH}, nil
	}
	rt := routeOf(af6, r, &sa)
	if !rt.Dst.IsValid() {
		return Notification{}, nil
	}
	AppendRoute(b, &rt, seq)
	n := Notification{Type: uapi.RTM_NEWROUTE, Group: uapi.RTNLGRP_IPV4_ROUTE}
	if del {
		n.Type = uapi.RTM_DELROUTE
	}
	if rt.Dst.Addr().Is6() {
		n.Group = uapi.RTNLGRP_IPV6_ROUTE
	}
	return n, nil
}
