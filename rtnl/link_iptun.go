package rtnl

import (
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// IPTunnel is the settings of the IP-in-IP kinds (IFLA_IPTUN_*), shared
// by IPIP ("ipip"), SIT ("sit", whose Flags go out as a u16) and IP6Tnl
// ("ip6tnl"). pyroute2 spells its keywords ipip_…, sit_… and ip6tnl_….
type IPTunnel struct {
	Link          uint32
	Local, Remote netip.Addr
	TTL, TOS      uint8
	EncapLimit    uint8  // ip6tnl
	FlowInfo      uint32 // ip6tnl
	Flags         uint32 // ip6tnl: IP6_TNL_F_*; sit: SIT_ISATAP …
	Proto         uint8  // IPPROTO_IPIP, IPPROTO_IPV6, 0 for any (ip6tnl)
	PMTUDisc      Toggle
	External      bool // IFLA_IPTUN_COLLECT_METADATA (a flag)
	FwMark        uint32
}

// The IP-in-IP kinds.
type (
	IPIP   IPTunnel
	SIT    IPTunnel
	IP6Tnl IPTunnel
)

// Kind returns "ipip".
func (IPIP) Kind() string { return "ipip" }

// Kind returns "sit".
func (SIT) Kind() string { return "sit" }

// Kind returns "ip6tnl".
func (IP6Tnl) Kind() string { return "ip6tnl" }

func (t IPIP) appendData(b *wire.Builder, _ linkEnc) error   { return IPTunnel(t).put(b, false) }
func (t SIT) appendData(b *wire.Builder, _ linkEnc) error    { return IPTunnel(t).put(b, true) }
func (t IP6Tnl) appendData(b *wire.Builder, _ linkEnc) error { return IPTunnel(t).put(b, false) }

func (t IPTunnel) put(b *wire.Builder, flags16 bool) error {
	lkU32(b, uapi.IFLA_IPTUN_LINK, t.Link)
	lkAddr(b, uapi.IFLA_IPTUN_LOCAL, t.Local)
	lkAddr(b, uapi.IFLA_IPTUN_REMOTE, t.Remote)
	lkU8(b, uapi.IFLA_IPTUN_TTL, t.TTL)
	lkU8(b, uapi.IFLA_IPTUN_TOS, t.TOS)
	lkU8(b, uapi.IFLA_IPTUN_ENCAP_LIMIT, t.EncapLimit)
	if t.FlowInfo != 0 {
		b.PutUint32BE(uapi.IFLA_IPTUN_FLOWINFO, t.FlowInfo)
	}
	if t.Flags != 0 {
		if flags16 {
			b.PutUint16(uapi.IFLA_IPTUN_FLAGS, uint16(t.Flags))
		} else {
			b.PutUint32(uapi.IFLA_IPTUN_FLAGS, t.Flags)
		}
	}
	lkU8(b, uapi.IFLA_IPTUN_PROTO, t.Proto)
	t.PMTUDisc.put(b, uapi.IFLA_IPTUN_PMTUDISC)
	if t.External {
		b.PutFlag(uapi.IFLA_IPTUN_COLLECT_METADATA)
	}
	lkU32(b, uapi.IFLA_IPTUN_FWMARK, t.FwMark)
	return nil
}
