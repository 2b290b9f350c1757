package pfroute

import (
	"encoding/binary"
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// The translation of parsed records into RTNL messages. Each Append
// function appends one complete message, flagged NLM_F_MULTI as a dump
// reply is, to b (which must have no open message); errors are the
// Builder's (b.Err). Nothing here allocates once b has room.

var etherBroadcast = []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// AppendLink appends l as RTM_NEWLINK: ifinfomsg (AF_UNSPEC, the Linux
// ARPHRD_* type, the index, Linux IFF_* flags), IFLA_IFNAME,
// IFLA_OPERSTATE, IFLA_MTU, and IFLA_ADDRESS and IFLA_BROADCAST when the
// interface has a link-layer address.
//
//	ifinfomsg: family u8 | pad u8 | type u16 | index s32 | flags u32 | change u32
func AppendLink(b *wire.Builder, l *Link, seq uint32) {
	b.Begin(uapi.RTM_NEWLINK, wire.FlagMulti, seq)
	h := b.Reserve(16)
	if h == nil {
		return
	}
	binary.NativeEndian.PutUint16(h[2:], LinkType(l.Type, l.Name))
	binary.NativeEndian.PutUint32(h[4:], uint32(l.Index))
	binary.NativeEndian.PutUint32(h[8:], LinuxFlags(l.Flags, l.State))
	if len(l.Name) > 0 {
		b.PutString(uapi.IFLA_IFNAME, string(l.Name))
	}
	b.PutUint8(uapi.IFLA_OPERSTATE, operState(l.Flags, l.State))
	b.PutUint32(uapi.IFLA_MTU, l.MTU)
	if len(l.Addr) > 0 {
		b.PutBytes(uapi.IFLA_ADDRESS, l.Addr)
		if len(l.Addr) == 6 && l.Flags&uapi.IFF_BROADCAST != 0 {
			b.PutBytes(uapi.IFLA_BROADCAST, etherBroadcast)
		}
	}
	b.End()
}

// LinuxFlags maps BSD interface flags and link state to Linux's IFF_*:
// the shared bits pass, IFF_MULTICAST moves from 0x8000 to 0x1000,
// IFF_RUNNING needs the link not to be down, IFF_LOWER_UP is set when
// the link is up (or its state unknown and the driver running, as Linux
// reports loopback). The BSD-only bits (IFF_OACTIVE, IFF_SIMPLEX,
// IFF_LINK0–2 …) are dropped.
func LinuxFlags(bsd uint32, s LinkState) uint32 {
	f := bsd & iffSame
	if bsd&iffMulticast != 0 {
		f |= uapi.IFF_MULTICAST
	}
	running := bsd&iffRunning != 0
	if running && s != LinkStateDown {
		f |= uapi.IFF_RUNNING
	}
	if s == LinkStateUp || s == LinkStateUnknown && running {
		f |= uapi.IFF_LOWER_UP
	}
	return f
}

func operState(bsd uint32, s LinkState) uint8 {
	switch {
	case bsd&iffUp == 0 || s == LinkStateDown:
		return operDown
	case s == LinkStateUp:
		return operUp
	}
	return operUnknown
}

// LinkType maps a BSD interface type (IFT_*) to Linux's ARPHRD_*;
// ARPHRD_NONE for the types Linux has no counterpart of. name breaks
// the tie of IFT_GIF, whose value Darwin gives to another type.
func LinkType(ift uint8, name []byte) uint16 {
	switch ift {
	case iftEther, iftISO88023, iftL2VLAN, iftLAGG, iftBridge, iftIEEE80211:
		return arphrdEther
	case iftLoop:
		return arphrdLoopback
	case iftPPP:
		return arphrdPPP
	case iftSLIP:
		return arphrdSLIP
	case iftIEEE1394:
		return arphrdIEEE1394
	case iftInfiniband:
		return arphrdInfiniband
	case iftTunnel:
		return arphrdIPGRE
	case iftGIF, iftGIFDarwin:
		if len(name) >= 3 && string(name[:3]) == "gif" {
			return arphrdTunnel
		}
	}
	return arphrdNone
}

// family returns the Linux address family of a.
func family(a netip.Addr) uint8 {
	if a.Is4() {
		return uapi.AF_INET
	}
	return uapi.AF_INET6
}

// addrScope is the scope Linux gives an address or a route to it.
func addrScope(a netip.Addr) uint8 {
	switch {
	case a.IsLoopback():
		return uapi.RT_SCOPE_HOST
	case a.IsLinkLocalUnicast():
		return uapi.RT_SCOPE_LINK
	}
	return uapi.RT_SCOPE_UNIVERSE
}

// AppendAddr appends a as RTM_NEWADDR: ifaddrmsg (family, prefix length,
// IFA_F_PERMANENT, scope, index), IFA_ADDRESS, IFA_LOCAL,
// IFA_BROADCAST, IFA_LABEL and IFA_FLAGS as Linux sends them: on a
// point-to-point link IFA_ADDRESS is the peer and IFA_LOCAL the local
// address; IPv6 addresses carry IFA_ADDRESS alone. label (the interface
// name) may be empty. An Addr without a valid address appends nothing.
//
//	ifaddrmsg: family u8 | prefixlen u8 | flags u8 | scope u8 | index u32
func AppendAddr(b *wire.Builder, a *Addr, pointToPoint bool, label []byte, seq uint32) {
	if !a.Addr.IsValid() {
		return
	}
	b.Begin(uapi.RTM_NEWADDR, wire.FlagMulti, seq)
	h := b.Reserve(8)
	if h == nil {
		return
	}
	h[0], h[1], h[2], h[3] = family(a.Addr), uint8(a.PrefixLen), uapi.IFA_F_PERMANENT, addrScope(a.Addr)
	binary.NativeEndian.PutUint32(h[4:], uint32(a.Index))
	peer := pointToPoint && a.Dest.IsValid()
	switch {
	case peer:
		b.PutAddr(uapi.IFA_ADDRESS, a.Dest)
		b.PutAddr(uapi.IFA_LOCAL, a.Addr)
	case a.Addr.Is4():
		b.PutAddr(uapi.IFA_ADDRESS, a.Addr)
		b.PutAddr(uapi.IFA_LOCAL, a.Addr)
	default:
		b.PutAddr(uapi.IFA_ADDRESS, a.Addr)
	}
	if a.Addr.Is4() && !peer && a.Dest.IsValid() {
		b.PutAddr(uapi.IFA_BROADCAST, a.Dest)
	}
	if a.Addr.Is4() && len(label) > 0 {
		b.PutString(uapi.IFA_LABEL, string(label))
	}
	b.PutUint32(uapi.IFA_FLAGS, uapi.IFA_F_PERMANENT)
	b.End()
}
