package rtnl

import (
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// VXLAN is kind "vxlan" (IFLA_VXLAN_*). Group and Local go into the
// IPv4 attribute or the IPv6 one (IFLA_VXLAN_GROUP6, _LOCAL6) by their
// family; an invalid address sends nothing.
type VXLAN struct {
	ID       uint32     // IFLA_VXLAN_ID, always sent
	Group    netip.Addr // multicast group, or unicast remote
	Link     uint32     // IFLA_VXLAN_LINK: the underlay device
	Local    netip.Addr
	TTL      uint8
	TOS      uint8
	Learning Toggle
	Ageing   uint32 // seconds
	Limit    uint32 // FDB entries
	// PortLow and PortHigh are the UDP source port range
	// (IFLA_VXLAN_PORT_RANGE), sent when PortHigh is set.
	PortLow, PortHigh uint16
	Proxy             Toggle
	RSC               Toggle
	L2Miss            Toggle
	L3Miss            Toggle
	Port              uint16 // IFLA_VXLAN_PORT: the destination UDP port (4789)
	UDPCsum           Toggle
	UDPZeroCsum6Tx    Toggle
	UDPZeroCsum6Rx    Toggle
	GBP               bool   // IFLA_VXLAN_GBP (a flag)
	External          Toggle // IFLA_VXLAN_COLLECT_METADATA
	Label             uint32 // IFLA_VXLAN_LABEL
	TTLInherit        bool   // IFLA_VXLAN_TTL_INHERIT (a flag)
	DF                uint8  // IFLA_VXLAN_DF: 0 unset, 1 set, 2 inherit
}

// Kind returns "vxlan".
func (VXLAN) Kind() string { return "vxlan" }

func (v VXLAN) appendData(b *wire.Builder, _ linkEnc) error {
	for _, s := range [...]struct {
		k string
		v uint64
	}{{"vxlan_id", uint64(v.ID)}, {"vxlan_df", uint64(v.DF)}, {"vxlan_label", uint64(v.Label)}} {
		if err := checkKindLimit(s.k, s.v); err != nil {
			return err
		}
	}
	b.PutUint32(uapi.IFLA_VXLAN_ID, v.ID)
	if v.Group.Is4() {
		b.PutAddr(uapi.IFLA_VXLAN_GROUP, v.Group)
	}
	lkU32(b, uapi.IFLA_VXLAN_LINK, v.Link)
	if v.Local.Is4() {
		b.PutAddr(uapi.IFLA_VXLAN_LOCAL, v.Local)
	}
	lkU8(b, uapi.IFLA_VXLAN_TTL, v.TTL)
	lkU8(b, uapi.IFLA_VXLAN_TOS, v.TOS)
	v.Learning.put(b, uapi.IFLA_VXLAN_LEARNING)
	lkU32(b, uapi.IFLA_VXLAN_AGEING, v.Ageing)
	lkU32(b, uapi.IFLA_VXLAN_LIMIT, v.Limit)
	if v.PortHigh != 0 {
		p := [4]byte{byte(v.PortLow >> 8), byte(v.PortLow), byte(v.PortHigh >> 8), byte(v.PortHigh)}
		b.PutBytes(uapi.IFLA_VXLAN_PORT_RANGE, p[:])
	}
	v.Proxy.put(b, uapi.IFLA_VXLAN_PROXY)
	v.RSC.put(b, uapi.IFLA_VXLAN_RSC)
	v.L2Miss.put(b, uapi.IFLA_VXLAN_L2MISS)
	v.L3Miss.put(b, uapi.IFLA_VXLAN_L3MISS)
	if v.Port != 0 {
		b.PutUint16BE(uapi.IFLA_VXLAN_PORT, v.Port)
	}
	if v.Group.Is6() && !v.Group.Is4In6() {
		b.PutAddr(uapi.IFLA_VXLAN_GROUP6, v.Group)
	}
	if v.Local.Is6() && !v.Local.Is4In6() {
		b.PutAddr(uapi.IFLA_VXLAN_LOCAL6, v.Local)
	}
	v.UDPCsum.put(b, uapi.IFLA_VXLAN_UDP_CSUM)
	v.UDPZeroCsum6Tx.put(b, uapi.IFLA_VXLAN_UDP_ZERO_CSUM6_TX)
	v.UDPZeroCsum6Rx.put(b, uapi.IFLA_VXLAN_UDP_ZERO_CSUM6_RX)
	if v.GBP {
		b.PutFlag(uapi.IFLA_VXLAN_GBP)
	}
	v.External.put(b, uapi.IFLA_VXLAN_COLLECT_METADATA)
	if v.Label != 0 {
		b.PutUint32BE(uapi.IFLA_VXLAN_LABEL, v.Label)
	}
	if v.TTLInherit {
		b.PutFlag(uapi.IFLA_VXLAN_TTL_INHERIT)
	}
	lkU8(b, uapi.IFLA_VXLAN_DF, v.DF)
	return nil
}
