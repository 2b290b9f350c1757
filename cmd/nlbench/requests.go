package main

import (
	"encoding/binary"
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// Requests built straight with the Pipeline's wire.Builder and the uapi
// constants: the fast path nlbench measures.

// gateway is the on-link gateway of the IPv4 routes (nlb0 is
// 192.0.2.10/24), as the C program's routes have one.
var gateway = netip.AddrFrom4([4]byte{192, 0, 2, 1})

// nthDst returns the i-th destination: 10.0.0.1 onwards for inet,
// 2001:db8::1 onwards for inet6.
func nthDst(family string, i int) netip.Addr {
	i++
	if family == "inet6" {
		return netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 12: byte(i >> 24), 13: byte(i >> 16), 14: byte(i >> 8), 15: byte(i)})
	}
	return netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
}

// routeLen is the length of one route request of family: header, rtmsg,
// RTA_DST and RTA_OIF (or RTA_NH_ID), and for inet RTA_GATEWAY.
func routeLen(family string) int {
	if family == "inet6" {
		return wire.HeaderLen + 12 + 4 + 16 + 8
	}
	return wire.HeaderLen + 12 + 4 + 4 + 8 + 8
}

// putRoute queues an RTM_NEWROUTE (or, with del, an RTM_DELROUTE) of
// route i: a host route through oif (for inet via gateway, the route the
// C program installs), or on nexthop object nhid when it is not 0.
func putRoute(p *ring.Pipeline, family string, i int, oif, nhid uint32, flags wire.HeaderFlags, del bool) (int, error) {
	t := wire.MsgType(uapi.RTM_NEWROUTE)
	if del {
		t = uapi.RTM_DELROUTE
	}
	b := p.Begin(t, flags)
	rt := b.Reserve(12) // struct rtmsg
	rt[0], rt[1] = uapi.AF_INET, 32
	if family == "inet6" {
		rt[0], rt[1] = uapi.AF_INET6, 128
	}
	rt[4] = uapi.RT_TABLE_MAIN // rtm_table
	rt[5] = uapi.RTPROT_STATIC // rtm_protocol
	rt[6] = uapi.RT_SCOPE_LINK // rtm_scope
	rt[7] = uapi.RTN_UNICAST   // rtm_type
	b.PutAddr(uapi.RTA_DST, nthDst(family, i))
	if nhid != 0 {
		rt[6] = 0 // RT_SCOPE_UNIVERSE: the nexthop has the gateway
		b.PutUint32(uapi.RTA_NH_ID, nhid)
	} else {
		b.PutUint32(uapi.RTA_OIF, oif)
		if family != "inet6" {
			rt[6] = 0 // RT_SCOPE_UNIVERSE: through the gateway
			b.PutAddr(uapi.RTA_GATEWAY, gateway)
		}
	}
	return p.End()
}

// appendNexthop builds an RTM_NEWNEXTHOP of nexthop id via gw on oif.
func appendNexthop(b *wire.Builder, id uint32, gw netip.Addr, oif uint32, flags wire.HeaderFlags) {
	b.Begin(uapi.RTM_NEWNEXTHOP, flags|wire.FlagRequest, 0)
	b.Reserve(8)[0] = uapi.AF_INET // struct nhmsg: nh_family
	b.PutUint32(uapi.NHA_ID, id)
	b.PutAddr(uapi.NHA_GATEWAY, gw)
	b.PutUint32(uapi.NHA_OIF, oif)
	b.End()
}

// appendGroup builds an RTM_NEWNEXTHOP of group id over members (each
// weight 1): with wire.FlagReplace, the swap that moves every route on
// the group with one message.
func appendGroup(b *wire.Builder, id uint32, flags wire.HeaderFlags, members ...uint32) {
	b.Begin(uapi.RTM_NEWNEXTHOP, flags|wire.FlagRequest, 0)
	b.Reserve(8) // struct nhmsg, AF_UNSPEC for a group
	b.PutUint32(uapi.NHA_ID, id)
	var grp [8 * 8]byte // struct nexthop_grp: id u32, weight u8, weight_high u8, resvd u16
	for i, m := range members[:min(len(members), 8)] {
		binary.NativeEndian.PutUint32(grp[8*i:], m)
	}
	b.PutBytes(uapi.NHA_GROUP, grp[:8*min(len(members), 8)])
	b.End()
}

// dumpReq builds a dump request of type t with a family header of hdr
// bytes whose first byte is family.
func dumpReq(t wire.MsgType, hdr int, family byte) []byte {
	var b wire.Builder
	b.Reset(nil)
	b.Begin(t, wire.FlagDump, 0)
	b.Reserve(hdr)[0] = family
	b.End()
	return b.Bytes()
}
