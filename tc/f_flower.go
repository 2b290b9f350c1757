package tc

import (
	"net"
	"net/netip"
)

// TCA_FLOWER_* (pkt_cls.h), those Flower writes.
const (
	flowerClassID     = 1
	flowerIndev       = 2
	flowerAct         = 3
	flowerEthDst      = 4
	flowerEthDstMask  = 5
	flowerEthSrc      = 6
	flowerEthSrcMask  = 7
	flowerEthType     = 8
	flowerIPProto     = 9
	flowerIPv4Src     = 10
	flowerIPv4SrcMask = 11
	flowerIPv4Dst     = 12
	flowerIPv4DstMask = 13
	flowerIPv6Src     = 14
	flowerIPv6SrcMask = 15
	flowerIPv6Dst     = 16
	flowerIPv6DstMask = 17
	flowerTCPSrc      = 18
	flowerTCPDst      = 19
	flowerUDPSrc      = 20
	flowerUDPDst      = 21
	flowerFlags       = 22
	flowerVLANID      = 23
	flowerVLANPrio    = 24
	flowerVLANEthType = 25
	flowerTCPSrcMask  = 35
	flowerTCPDstMask  = 36
	flowerUDPSrcMask  = 37
	flowerUDPDstMask  = 38
	flowerSCTPSrcMask = 39
	flowerSCTPDstMask = 40
	flowerSCTPSrc     = 41
	flowerSCTPDst     = 42
	flowerInHWCount   = 86

	ipProtoTCP  = 6
	ipProtoUDP  = 17
	ipProtoSCTP = 132
)

// Flower is the flow classifier: a packet matches when every key set
// here matches. Unset keys (zero values, nil MACs, invalid prefixes)
// match anything.
//
// The kernel reads IP keys only when the Ethernet type says IPv4 or
// IPv6, and VLAN keys only under an 802.1Q/802.1AD type; set EthType as
// the filter's protocol. When EthType is 0 it is derived: 802.1Q when a
// VLAN key is set (and then VLANEthType, when 0, from the addresses),
// else IPv4 or IPv6 from SrcIP/DstIP, else IPv4 when IPProto is set.
// Read back, EthType is the innermost type (the kernel dumps its
// n_proto: under a VLAN tag, VLANEthType); the outer type is the
// filter's Protocol.
type Flower struct {
	ClassID Handle
	Indev   string // match only packets received on this link
	Actions []Action
	Flags   uint32 // ClsSkipHW, ClsSkipSW

	EthType    uint16           // ETH_P_* in host order (ProtoIP …)
	DstMAC     net.HardwareAddr // nil: any
	DstMACMask net.HardwareAddr // nil: all bits
	SrcMAC     net.HardwareAddr
	SrcMACMask net.HardwareAddr

	IPProto uint8        // 6 tcp, 17 udp, 132 sctp, 1 icmp …; 0: any
	SrcIP   netip.Prefix // invalid: any
	DstIP   netip.Prefix

	// Ports need IPProto tcp, udp or sctp; 0 matches any port. A zero
	// mask means all 16 bits.
	SrcPort, SrcPortMask uint16
	DstPort, DstPortMask uint16

	VLANID      uint16 // 1..4095; 0: any
	VLANPrio    uint8  // 0..7, matched when HasVLANPrio
	HasVLANPrio bool
	VLANEthType uint16 // the type inside the VLAN tag
}

// Kind returns "flower".
func (Flower) Kind() string { return "flower" }

// ethTypes returns the outer and inner Ethernet types to send.
func (f *Flower) ethTypes() (outer, inner uint16) {
	outer, inner = f.EthType, f.VLANEthType
	ipType := uint16(0)
	switch {
	case f.SrcIP.IsValid() && f.SrcIP.Addr().Is6(), f.DstIP.IsValid() && f.DstIP.Addr().Is6():
		ipType = ProtoIPv6
	case f.SrcIP.IsValid(), f.DstIP.IsValid(), f.IPProto != 0:
		ipType = ProtoIP
	}
	vlan := f.VLANID != 0 || f.HasVLANPrio
	if outer == 0 {
		if vlan {
			outer = Proto8021Q
		} else {
			outer = ipType
		}
	}
	if vlan && inner == 0 {
		inner = ipType
	}
	return outer, inner
}

func (f *Flower) check() error {
	bad := func(p string, v any, why string) error {
		return &ParamError{Kind: "flower", Param: p, Value: v, Reason: why}
	}
	src, _ := flowerPortTypes(f.IPProto)
	switch {
	case (f.SrcPort != 0 || f.DstPort != 0) && src == 0:
		return bad("ip_proto", f.IPProto, "ports need tcp, udp or sctp")
	case f.SrcIP.IsValid() && f.DstIP.IsValid() && f.SrcIP.Addr().Is4() != f.DstIP.Addr().Is4():
		return bad("dst_ip", f.DstIP, "address family differs from src_ip")
	case f.VLANID > 4095:
		return bad("vlan_id", f.VLANID, "out of range")
	case f.VLANPrio > 7:
		return bad("vlan_prio", f.VLANPrio, "out of range")
	case !macOK(f.DstMAC, f.DstMACMask):
		return bad("dst_mac", f.DstMAC, "not a 6-byte address and mask")
	case !macOK(f.SrcMAC, f.SrcMACMask):
		return bad("src_mac", f.SrcMAC, "not a 6-byte address and mask")
	}
	return nil
}

func macOK(a, m net.HardwareAddr) bool {
	return (a == nil || len(a) == 6) && (m == nil || (len(m) == 6 && a != nil))
}

// flowerPortTypes returns the source port attribute of ip protocol p (its
// mask, destination port and mask follow in known steps), 0 for others.
func flowerPortTypes(p uint8) (src, dst uint16) {
	switch p {
	case ipProtoTCP:
		return flowerTCPSrc, flowerTCPDst
	case ipProtoUDP:
		return flowerUDPSrc, flowerUDPDst
	case ipProtoSCTP:
		return flowerSCTPSrc, flowerSCTPDst
	}
	return 0, 0
}

// portMask returns the mask attribute of port attribute t.
func portMask(t uint16) uint16 {
	switch t {
	case flowerTCPSrc:
		return flowerTCPSrcMask
	case flowerTCPDst:
		return flowerTCPDstMask
	case flowerUDPSrc:
		return flowerUDPSrcMask
	case flowerUDPDst:
		return flowerUDPDstMask
	case flowerSCTPSrc:
		return flowerSCTPSrcMask
	}
	return flowerSCTPDstMask
}

func init() {
	registerTable("flower", flowerTable())
	register(&kindDef{
		KindInfo: KindInfo{Name: "flower", Doc: "flow classifier: Ethernet, VLAN, IP and port keys", Params: append([]Param{
			{Name: "classid", Type: "handle", Doc: "class selected (also target)"},
			{Name: "target", Type: "handle", Doc: "class selected"},
			{Name: "indev", Type: "string", Doc: "match only packets received on this link"},
			{Name: "eth_type", Type: "string", Doc: "Ethernet type: ip, ipv6, arp, 802.1q, 802.1ad or a number (default: the filter's protocol)"},
			{Name: "dst_mac", Type: "string", Doc: `destination MAC, optionally with a mask ("…/ff:ff:ff:00:00:00" or "…/24")`},
			{Name: "src_mac", Type: "string", Doc: "source MAC, optionally with a mask"},
			{Name: "ip_proto", Type: "string", Doc: "tcp, udp, sctp, icmp, icmpv6 or a number"},
			{Name: "src_ip", Type: "string", Doc: `source address or prefix, "10.0.0.0/8"`},
			{Name: "dst_ip", Type: "string", Doc: "destination address or prefix"},
			{Name: "src_port", Type: "int", Doc: `source port (needs ip_proto tcp, udp or sctp); "PORT/MASK" as a string`},
			{Name: "dst_port", Type: "int", Doc: "destination port"},
			{Name: "vlan_id", Type: "int", Doc: "VLAN id 1..4095 (eth_type 802.1q)"},
			{Name: "vlan_prio", Type: "int", Doc: "VLAN priority 0..7"},
			{Name: "vlan_ethtype", Type: "string", Doc: "Ethernet type inside the VLAN tag"},
			actionParam,
		}, clsFlagParams...)},
		filter:       flowerFromSpec,
		decodeFilter: decodeFlower,
	})
}
