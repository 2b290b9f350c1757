package iphlp

import (
	"encoding/binary"
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Each Append function appends one complete RTM_NEW* message, flagged
// NLM_F_MULTI as a dump reply is, to b (which must have no open message);
// errors are the Builder's (b.Err). Nothing allocates once b has room.

// Windows constants (ipifcons.h IF_TYPE_*, ifdef.h IF_OPER_STATUS and
// NET_IF_ADMIN_STATUS, nldef.h NL_NEIGHBOR_STATE and NL_ROUTE_PROTOCOL).
const (
	ifTypeEthernet = 6   // IF_TYPE_ETHERNET_CSMACD
	ifTypePPP      = 23  // IF_TYPE_PPP
	ifTypeLoopback = 24  // IF_TYPE_SOFTWARE_LOOPBACK
	ifTypeIEEE1394 = 144 // IF_TYPE_IEEE1394
	ifTypeWiFi     = 71  // IF_TYPE_IEEE80211
	ifTypeTunnel   = 131 // IF_TYPE_TUNNEL

	ifOperUp = 1 // IfOperStatusUp; Down 2, Testing 3, Unknown 4, Dormant 5, NotPresent 6, LowerLayerDown 7
	adminUp  = 1 // NET_IF_ADMIN_STATUS_UP

	protoLocal, protoNetMgmt, protoICMP = 2, 3, 4
	protoRIP, protoOSPF, protoBGP       = 8, 13, 14
	protoDHCP, protoNTAutostatic        = 19, 10002
	protoNTStatic, protoNTStaticNonDOD  = 10006, 10007
)

// Linux constants internal/uapi does not hold yet (linux/if_arp.h
// ARPHRD_*, linux/if.h IF_OPER_*).
const (
	arphrdEther    = 1
	arphrdIEEE1394 = 24
	arphrdPPP      = 512
	arphrdTunnel6  = 769
	arphrdLoopback = 772
	arphrdNone     = 0xfffe
)

// operStates maps IF_OPER_STATUS (1–7) to IF_OPER_* (RFC 2863 in both,
// numbered differently): Up 6, Down 2, Testing 4, Unknown 0, Dormant 5,
// NotPresent 1, LowerLayerDown 3.
var operStates = [8]uint8{0, 6, 2, 4, 0, 5, 1, 3}

// LinkType maps an IFTYPE to Linux's ARPHRD_*: Ethernet and Wi-Fi are
// ARPHRD_ETHER (as Linux reports Wi-Fi), loopback ARPHRD_LOOPBACK,
// tunnels (Teredo, ISATAP, 6to4) ARPHRD_TUNNEL6, the rest ARPHRD_NONE.
func LinkType(t uint32) uint16 {
	switch t {
	case ifTypeEthernet, ifTypeWiFi:
		return arphrdEther
	case ifTypeLoopback:
		return arphrdLoopback
	case ifTypePPP:
		return arphrdPPP
	case ifTypeIEEE1394:
		return arphrdIEEE1394
	case ifTypeTunnel:
		return arphrdTunnel6
	}
	return arphrdNone
}

// LinkFlags derives Linux IFF_* flags: UP from the administrative
// status, RUNNING and LOWER_UP from the operational status, LOOPBACK for
// the loopback type, BROADCAST and MULTICAST for Ethernet and Wi-Fi.
func LinkFlags(r *IfRow) uint32 {
	var f uint32
	if r.AdminStatus == adminUp {
		f |= uapi.IFF_UP
	}
	if r.OperStatus == ifOperUp {
		f |= uapi.IFF_RUNNING | uapi.IFF_LOWER_UP
	}
	switch r.Type {
	case ifTypeLoopback:
		f |= uapi.IFF_LOOPBACK
	case ifTypeEthernet, ifTypeWiFi:
		f |= uapi.IFF_BROADCAST | uapi.IFF_MULTICAST
	}
	return f
}

// AppendLink appends r as RTM_NEWLINK: ifinfomsg (AF_UNSPEC, LinkType,
// the index, LinkFlags), IFLA_IFNAME (the alias), IFLA_OPERSTATE,
// IFLA_MTU, IFLA_ADDRESS when there is a physical address, and
// IFLA_IFALIAS (the description) when there is one. Windows reports an
// MTU of 0xffffffff for some virtual adapters; it is passed as is.
//
//	ifinfomsg: family u8 | pad u8 | type u16 | index s32 | flags u32 | change u32
func AppendLink(b *wire.Builder, r *IfRow, seq uint32) {
	b.Begin(uapi.RTM_NEWLINK, wire.FlagMulti, seq)
	h := b.Reserve(16)
	if h == nil {
		return
	}
	binary.NativeEndian.PutUint16(h[2:], LinkType(r.Type))
	binary.NativeEndian.PutUint32(h[4:], r.InterfaceIndex)
	binary.NativeEndian.PutUint32(h[8:], LinkFlags(r))
	if r.Alias != "" {
		b.PutString(uapi.IFLA_IFNAME, r.Alias)
	}
	b.PutUint8(uapi.IFLA_OPERSTATE, operStates[min(r.OperStatus, 7)])
	b.PutUint32(uapi.IFLA_MTU, r.Mtu)
	if len(r.PhysicalAddress) > 0 {
		b.PutBytes(uapi.IFLA_ADDRESS, r.PhysicalAddress)
	}
	if r.Description != "" {
		b.PutString(uapi.IFLA_IFALIAS, r.Description)
	}
	b.End()
}

func family(a netip.Addr) uint8 {
	if a.Is4() {
		return uapi.AF_INET
	}
	return uapi.AF_INET6
}

func scope(a netip.Addr) uint8 {
	switch {
	case a.IsLoopback():
		return uapi.RT_SCOPE_HOST
	case a.IsLinkLocalUnicast():
		return uapi.RT_SCOPE_LINK
	}
	return uapi.RT_SCOPE_UNIVERSE
}

// AppendAddr appends r as RTM_NEWADDR: ifaddrmsg (family, the on-link
// prefix length, IFA_F_PERMANENT, scope, index), IFA_ADDRESS, and for
// IPv4 IFA_LOCAL and the IFA_BROADCAST of the prefix (for prefixes up to
// /30), as Linux reports them. A row without a valid address appends
// nothing.
//
//	ifaddrmsg: family u8 | prefixlen u8 | flags u8 | scope u8 | index u32
func AppendAddr(b *wire.Builder, r *UnicastAddressRow, seq uint32) {
	a := r.Address.Unmap()
	if !a.IsValid() {
		return
	}
	b.Begin(uapi.RTM_NEWADDR, wire.FlagMulti, seq)
	h := b.Reserve(8)
	if h == nil {
		return
	}
	bits := min(int(r.OnLinkPrefixLength), a.BitLen())
	h[0], h[1], h[2], h[3] = family(a), uint8(bits), uapi.IFA_F_PERMANENT, scope(a)
	binary.NativeEndian.PutUint32(h[4:], r.InterfaceIndex)
	b.PutAddr(uapi.IFA_ADDRESS, a)
	if a.Is4() {
		b.PutAddr(uapi.IFA_LOCAL, a)
		if bits <= 30 {
			v := a.As4()
			host := ^uint32(0) >> bits
			binary.BigEndian.PutUint32(v[:], binary.BigEndian.Uint32(v[:])|host)
			b.PutAddr(uapi.IFA_BROADCAST, netip.AddrFrom4(v))
		}
	}
	b.PutUint32(uapi.IFA_FLAGS, uapi.IFA_F_PERMANENT)
	b.End()
}
