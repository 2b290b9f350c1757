package rtnl

import (
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// GREKey is the GRE_KEY bit of IFlags and OFlags, in the kernel's
// (network) order as the codec reads IFLA_GRE_IFLAGS: 0x2000.
const GREKey = 0x2000

// GRETunnel is the settings of the GRE kinds (IFLA_GRE_*), shared by
// GRE, GRETap, IP6GRE and IP6GRETap. IKey and OKey set GREKey in their
// flags, as ip-link(8) does. Local and Remote are IPv4 for gre/gretap
// and IPv6 for ip6gre/ip6gretap.
type GRETunnel struct {
	Link           uint32 // IFLA_GRE_LINK: the underlay device
	IFlags, OFlags uint16 // GRE_KEY, GRE_CSUM, GRE_SEQ … (network order values)
	IKey, OKey     uint32
	Local, Remote  netip.Addr
	TTL, TOS       uint8
	PMTUDisc       Toggle
	EncapLimit     uint8  // ip6gre
	FlowInfo       uint32 // ip6gre
	Flags          uint32 // IFLA_GRE_FLAGS (ip6gre: IP6_TNL_F_*)
	EncapType      uint16 // TUNNEL_ENCAP_FOU, _GUE …
	EncapFlags     uint16
	EncapSport     uint16
	EncapDport     uint16
	External       bool   // IFLA_GRE_COLLECT_METADATA (a flag)
	IgnoreDF       Toggle // IFLA_GRE_IGNORE_DF
	FwMark         uint32
}

// GRE is kind "gre". The others share its settings: GRETap ("gretap",
// Ethernet over GRE), IP6GRE ("ip6gre") and IP6GRETap ("ip6gretap").
type (
	GRE       GRETunnel
	GRETap    GRETunnel
	IP6GRE    GRETunnel
	IP6GRETap GRETunnel
)

// Kind returns "gre".
func (GRE) Kind() string { return "gre" }

// Kind returns "gretap".
func (GRETap) Kind() string { return "gretap" }

// Kind returns "ip6gre".
func (IP6GRE) Kind() string { return "ip6gre" }

// Kind returns "ip6gretap".
func (IP6GRETap) Kind() string { return "ip6gretap" }

func (g GRE) appendData(b *wire.Builder, _ linkEnc) error { return GRETunnel(g).put(b) }
func (g GRETap) appendData(b *wire.Builder, _ linkEnc) error {
	return GRETunnel(g).put(b)
}
func (g IP6GRE) appendData(b *wire.Builder, _ linkEnc) error {
	return GRETunnel(g).put(b)
}
func (g IP6GRETap) appendData(b *wire.Builder, _ linkEnc) error {
	return GRETunnel(g).put(b)
}

func (g GRETunnel) put(b *wire.Builder) error {
	iflags, oflags := g.IFlags, g.OFlags
	if g.IKey != 0 {
		iflags |= GREKey
	}
	if g.OKey != 0 {
		oflags |= GREKey
	}
	lkU32(b, uapi.IFLA_GRE_LINK, g.Link)
	if iflags != 0 {
		b.PutUint16BE(uapi.IFLA_GRE_IFLAGS, iflags)
	}
	if oflags != 0 {
		b.PutUint16BE(uapi.IFLA_GRE_OFLAGS, oflags)
	}
	if g.IKey != 0 {
		b.PutUint32BE(uapi.IFLA_GRE_IKEY, g.IKey)
	}
	if g.OKey != 0 {
		b.PutUint32BE(uapi.IFLA_GRE_OKEY, g.OKey)
	}
	lkAddr(b, uapi.IFLA_GRE_LOCAL, g.Local)
	lkAddr(b, uapi.IFLA_GRE_REMOTE, g.Remote)
	lkU8(b, uapi.IFLA_GRE_TTL, g.TTL)
	lkU8(b, uapi.IFLA_GRE_TOS, g.TOS)
	g.PMTUDisc.put(b, uapi.IFLA_GRE_PMTUDISC)
	lkU8(b, uapi.IFLA_GRE_ENCAP_LIMIT, g.EncapLimit)
	if g.FlowInfo != 0 {
		b.PutUint32BE(uapi.IFLA_GRE_FLOWINFO, g.FlowInfo)
	}
	lkU32(b, uapi.IFLA_GRE_FLAGS, g.Flags)
	lkU16(b, uapi.IFLA_GRE_ENCAP_TYPE, g.EncapType)
	lkU16(b, uapi.IFLA_GRE_ENCAP_FLAGS, g.EncapFlags)
	if g.EncapSport != 0 {
		b.PutUint16BE(uapi.IFLA_GRE_ENCAP_SPORT, g.EncapSport)
	}
	if g.EncapDport != 0 {
		b.PutUint16BE(uapi.IFLA_GRE_ENCAP_DPORT, g.EncapDport)
	}
	if g.External {
		b.PutFlag(uapi.IFLA_GRE_COLLECT_METADATA)
	}
	g.IgnoreDF.put(b, uapi.IFLA_GRE_IGNORE_DF)
	lkU32(b, uapi.IFLA_GRE_FWMARK, g.FwMark)
	return nil
}

func lkAddr(b *wire.Builder, typ uint16, a netip.Addr) {
	if a.IsValid() {
		b.PutAddr(typ, a)
	}
}
