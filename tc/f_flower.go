package tc

import (
	"encoding/binary"
	"math/bits"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
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

func (f Flower) appendFilter(b *wire.Builder) error {
	if err := f.check(); err != nil {
		return err
	}
	n := b.Nest(uapi.TCA_OPTIONS)
	if f.ClassID != 0 {
		b.PutUint32(flowerClassID, uint32(f.ClassID))
	}
	if f.Indev != "" {
		b.PutString(flowerIndev, f.Indev)
	}
	b.PutUint32(flowerFlags, f.Flags)
	outer, inner := f.ethTypes()
	if outer != 0 {
		b.PutUint16BE(flowerEthType, outer)
	}
	putMAC(b, flowerEthDst, f.DstMAC, f.DstMACMask)
	putMAC(b, flowerEthSrc, f.SrcMAC, f.SrcMACMask)
	if f.VLANID != 0 {
		b.PutUint16(flowerVLANID, f.VLANID)
	}
	if f.HasVLANPrio {
		b.PutUint8(flowerVLANPrio, f.VLANPrio)
	}
	if inner != 0 {
		b.PutUint16BE(flowerVLANEthType, inner)
	}
	if f.IPProto != 0 {
		b.PutUint8(flowerIPProto, f.IPProto)
	}
	putFlowerIP(b, flowerIPv4Src, flowerIPv6Src, f.SrcIP)
	putFlowerIP(b, flowerIPv4Dst, flowerIPv6Dst, f.DstIP)
	src, dst := flowerPortTypes(f.IPProto)
	putPort(b, src, f.SrcPort, f.SrcPortMask)
	putPort(b, dst, f.DstPort, f.DstPortMask)
	if err := appendActions(b, flowerAct, f.Actions); err != nil {
		return err
	}
	b.EndNest(n)
	return nil
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

func putPort(b *wire.Builder, t, port, mask uint16) {
	if port == 0 || t == 0 {
		return
	}
	if mask == 0 {
		mask = 0xffff
	}
	b.PutUint16BE(t, port)
	b.PutUint16BE(portMask(t), mask)
}

var allOnes = [16]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

func putMAC(b *wire.Builder, t uint16, a, m net.HardwareAddr) {
	if a == nil {
		return
	}
	b.PutBytes(t, a)
	if m == nil {
		m = allOnes[:6]
	}
	b.PutBytes(t+1, m)
}

// putFlowerIP writes an address and its mask (the next attribute type).
func putFlowerIP(b *wire.Builder, t4, t6 uint16, p netip.Prefix) {
	if !p.IsValid() {
		return
	}
	t, n := t4, 4
	if p.Addr().Is6() {
		t, n = t6, 16
	}
	putIP(b, t, p.Masked().Addr())
	m := prefixMask(p.Bits())
	b.PutBytes(t+1, m[:n])
}

// putIP writes a as 4 bytes when it is IPv4 and as 16 otherwise: unlike
// wire.PutAddr, an IPv4-mapped IPv6 address stays IPv6.
func putIP(b *wire.Builder, t uint16, a netip.Addr) {
	if a.Is4() {
		v := a.As4()
		b.PutBytes(t, v[:])
		return
	}
	v := a.As16()
	b.PutBytes(t, v[:])
}

// prefixMask returns a mask of n leading one bits.
func prefixMask(n int) [16]byte {
	var m [16]byte
	for i := 0; i < len(m) && n > 0; i++ {
		m[i] = byte(0xff << max(0, 8-n))
		n -= 8
	}
	return m
}

func decodeFlower(o []byte) FilterOptions {
	var f Flower
	var src4, dst4, src6, dst6 [2][]byte
	attrsOf(o, func(a wire.Attr) {
		v := a.Value
		switch t := a.Kind(); t {
		case flowerClassID:
			f.ClassID = Handle(au32(a))
		case flowerIndev:
			f.Indev = string(a.StringBytes())
		case flowerAct:
			f.Actions = decodeActions(v)
		case flowerFlags:
			f.Flags = au32(a)
		case flowerEthType:
			f.EthType = be16(v)
		case flowerVLANEthType:
			f.VLANEthType = be16(v)
		case flowerEthDst:
			f.DstMAC = cloneMAC(v)
		case flowerEthDstMask:
			f.DstMACMask = cloneMAC(v)
		case flowerEthSrc:
			f.SrcMAC = cloneMAC(v)
		case flowerEthSrcMask:
			f.SrcMACMask = cloneMAC(v)
		case flowerIPProto:
			if len(v) > 0 {
				f.IPProto = v[0]
			}
		case flowerIPv4Src, flowerIPv4SrcMask:
			src4[t-flowerIPv4Src] = v
		case flowerIPv4Dst, flowerIPv4DstMask:
			dst4[t-flowerIPv4Dst] = v
		case flowerIPv6Src, flowerIPv6SrcMask:
			src6[t-flowerIPv6Src] = v
		case flowerIPv6Dst, flowerIPv6DstMask:
			dst6[t-flowerIPv6Dst] = v
		case flowerTCPSrc, flowerUDPSrc, flowerSCTPSrc:
			f.SrcPort = be16(v)
		case flowerTCPDst, flowerUDPDst, flowerSCTPDst:
			f.DstPort = be16(v)
		case flowerTCPSrcMask, flowerUDPSrcMask, flowerSCTPSrcMask:
			f.SrcPortMask = exactIs0(be16(v))
		case flowerTCPDstMask, flowerUDPDstMask, flowerSCTPDstMask:
			f.DstPortMask = exactIs0(be16(v))
		case flowerVLANID:
			f.VLANID = u16At(v, 0)
		case flowerVLANPrio:
			if len(v) > 0 {
				f.VLANPrio, f.HasVLANPrio = v[0], true
			}
		}
	})
	if isAllOnes(f.DstMACMask) {
		f.DstMACMask = nil
	}
	if isAllOnes(f.SrcMACMask) {
		f.SrcMACMask = nil
	}
	f.SrcIP = flowerPrefix(src4, src6)
	f.DstIP = flowerPrefix(dst4, dst6)
	return f
}

func cloneMAC(v []byte) net.HardwareAddr { return append(net.HardwareAddr(nil), v...) }

func be16(v []byte) uint16 {
	if len(v) < 2 {
		return 0
	}
	return binary.BigEndian.Uint16(v)
}

func exactIs0(m uint16) uint16 {
	if m == 0xffff {
		return 0
	}
	return m
}

func isAllOnes(m []byte) bool {
	for _, c := range m {
		if c != 0xff {
			return false
		}
	}
	return len(m) > 0
}

// flowerPrefix joins an address and its mask back into a prefix; a mask
// that is not a prefix keeps the address alone (/32, /128).
func flowerPrefix(v4, v6 [2][]byte) netip.Prefix {
	kv := v4
	if kv[0] == nil {
		kv = v6
	}
	a, ok := netip.AddrFromSlice(kv[0])
	if !ok {
		return netip.Prefix{}
	}
	m := kv[1]
	if len(m) != len(kv[0]) {
		return netip.PrefixFrom(a, a.BitLen())
	}
	ones := 0
	for _, c := range m {
		ones += bits.LeadingZeros8(^c)
		if c != 0xff {
			break
		}
	}
	if want := prefixMask(ones); string(want[:len(m)]) != string(m) {
		return netip.PrefixFrom(a, a.BitLen()) // not a prefix: keep the address
	}
	return netip.PrefixFrom(a, ones)
}

// flowerProtos names IP protocols for ip_proto.
var flowerProtos = map[string]uint32{"tcp": ipProtoTCP, "udp": ipProtoUDP, "sctp": ipProtoSCTP, "icmp": 1, "icmpv6": 58}

// ethTypeNames names Ethernet types for eth_type, vlan_ethtype and the
// filter's protocol.
var ethTypeNames = map[string]uint32{
	"all": uint32(ProtoAll), "ip": uint32(ProtoIP), "ipv4": uint32(ProtoIP), "ipv6": uint32(ProtoIPv6),
	"arp": uint32(ProtoARP), "802.1q": uint32(Proto8021Q), "802.1ad": 0x88a8,
}

func flowerFromSpec(k *kw) FilterOptions {
	f := Flower{ClassID: k.handle("classid", k.handle("target", 0)), Indev: k.str("indev", ""),
		Flags: clsFlags(k), Actions: actionsFromSpec(k, "action")}
	f.EthType = uint16(k.enum("eth_type", 0, ethTypeNames))
	if f.EthType == 0 {
		switch p := k.enum("protocol", 0, ethTypeNames); p {
		case 2: // AF_INET, as pyroute2 callers pass socket.AF_INET
			f.EthType = ProtoIP
		case 10:
			f.EthType = ProtoIPv6
		case uint32(ProtoAll):
		default:
			f.EthType = uint16(p)
		}
	}
	f.IPProto = uint8(k.enum("ip_proto", 0, flowerProtos))
	f.SrcIP, f.DstIP = kwPrefix(k, "src_ip"), kwPrefix(k, "dst_ip")
	f.SrcPort, f.SrcPortMask = kwPort(k, "src_port")
	f.DstPort, f.DstPortMask = kwPort(k, "dst_port")
	f.DstMAC, f.DstMACMask = kwMAC(k, "dst_mac")
	f.SrcMAC, f.SrcMACMask = kwMAC(k, "src_mac")
	f.VLANID = uint16(k.uint("vlan_id", 0, 4095))
	if k.has("vlan_prio") {
		f.VLANPrio, f.HasVLANPrio = uint8(k.uint("vlan_prio", 0, 7)), true
	}
	f.VLANEthType = uint16(k.enum("vlan_ethtype", 0, ethTypeNames))
	if k.err == nil {
		if err := f.check(); err != nil {
			pe := err.(*ParamError)
			k.fail(pe.Param, k.m[pe.Param], pe.Reason)
		}
	}
	return f
}

// kwPrefix reads an address with an optional length ("10.0.0.0/8").
func kwPrefix(k *kw, name string) netip.Prefix {
	v, ok := k.get(name)
	if !ok {
		return netip.Prefix{}
	}
	switch x := v.(type) {
	case netip.Prefix:
		return x
	case netip.Addr:
		return netip.PrefixFrom(x, x.BitLen())
	case string:
		if p, err := netip.ParsePrefix(x); err == nil {
			return p
		}
		if a, err := netip.ParseAddr(x); err == nil {
			return netip.PrefixFrom(a, a.BitLen())
		}
	}
	k.fail(name, v, "not an address or prefix")
	return netip.Prefix{}
}

// kwPort reads a port, an integer or "PORT[/MASK]".
func kwPort(k *kw, name string) (port, mask uint16) {
	v, ok := k.get(name)
	if !ok {
		return 0, 0
	}
	if s, isStr := v.(string); isStr {
		ps, ms, hasMask := strings.Cut(s, "/")
		p, err := strconv.ParseUint(ps, 0, 16)
		m := uint64(0)
		if err == nil && hasMask {
			m, err = strconv.ParseUint(ms, 0, 16)
		}
		if err != nil || p == 0 {
			k.fail(name, v, "not a port (1..65535, optionally /MASK)")
		}
		return uint16(p), exactIs0(uint16(m))
	}
	return uint16(k.uint(name, 0, 65535)), 0
}

// kwMAC reads a MAC address with an optional mask, "aa:bb:cc:dd:ee:ff",
// ".../ff:ff:ff:00:00:00" or ".../24".
func kwMAC(k *kw, name string) (addr, mask net.HardwareAddr) {
	v, ok := k.get(name)
	if !ok {
		return nil, nil
	}
	if hw, isHW := v.(net.HardwareAddr); isHW {
		return hw, nil
	}
	s, _ := v.(string)
	as, ms, hasMask := strings.Cut(s, "/")
	a, err := net.ParseMAC(as)
	if err != nil || len(a) != 6 {
		k.fail(name, v, "not a 6-byte MAC address")
		return nil, nil
	}
	if !hasMask {
		return a, nil
	}
	if n, err := strconv.Atoi(ms); err == nil && n >= 0 && n <= 48 {
		m := make(net.HardwareAddr, 6)
		for i := 0; i < 6 && n > 0; i++ {
			m[i] = byte(0xff << max(0, 8-n))
			n -= 8
		}
		return a, m
	}
	m, err := net.ParseMAC(ms)
	if err != nil || len(m) != 6 {
		k.fail(name, v, "bad MAC mask")
		return nil, nil
	}
	return a, m
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

// flowerTable is TCA_FLOWER_* (pkt_cls.h): keys, their masks (the
// attribute after each key) and the filter's own attributes.
func flowerTable() *codec.Table {
	return codec.NewTable("flower", "TCA_FLOWER_",
		attr(1, "TCA_FLOWER_CLASSID", codec.KindU32),
		attr(2, "TCA_FLOWER_INDEV", codec.KindString),
		nestAttr(3, "TCA_FLOWER_ACT", actsTable),
		attr(4, "TCA_FLOWER_KEY_ETH_DST", codec.KindMAC),
		attr(5, "TCA_FLOWER_KEY_ETH_DST_MASK", codec.KindMAC),
		attr(6, "TCA_FLOWER_KEY_ETH_SRC", codec.KindMAC),
		attr(7, "TCA_FLOWER_KEY_ETH_SRC_MASK", codec.KindMAC),
		attr(8, "TCA_FLOWER_KEY_ETH_TYPE", codec.KindBE16),
		attr(9, "TCA_FLOWER_KEY_IP_PROTO", codec.KindU8),
		attr(10, "TCA_FLOWER_KEY_IPV4_SRC", codec.KindAddr),
		attr(11, "TCA_FLOWER_KEY_IPV4_SRC_MASK", codec.KindAddr),
		attr(12, "TCA_FLOWER_KEY_IPV4_DST", codec.KindAddr),
		attr(13, "TCA_FLOWER_KEY_IPV4_DST_MASK", codec.KindAddr),
		attr(14, "TCA_FLOWER_KEY_IPV6_SRC", codec.KindAddr),
		attr(15, "TCA_FLOWER_KEY_IPV6_SRC_MASK", codec.KindAddr),
		attr(16, "TCA_FLOWER_KEY_IPV6_DST", codec.KindAddr),
		attr(17, "TCA_FLOWER_KEY_IPV6_DST_MASK", codec.KindAddr),
		attr(18, "TCA_FLOWER_KEY_TCP_SRC", codec.KindBE16),
		attr(19, "TCA_FLOWER_KEY_TCP_DST", codec.KindBE16),
		attr(20, "TCA_FLOWER_KEY_UDP_SRC", codec.KindBE16),
		attr(21, "TCA_FLOWER_KEY_UDP_DST", codec.KindBE16),
		attr(22, "TCA_FLOWER_FLAGS", codec.KindU32),
		attr(23, "TCA_FLOWER_KEY_VLAN_ID", codec.KindU16),
		attr(24, "TCA_FLOWER_KEY_VLAN_PRIO", codec.KindU8),
		attr(25, "TCA_FLOWER_KEY_VLAN_ETH_TYPE", codec.KindBE16),
		attr(26, "TCA_FLOWER_KEY_ENC_KEY_ID", codec.KindBE32),
		attr(27, "TCA_FLOWER_KEY_ENC_IPV4_SRC", codec.KindAddr),
		attr(28, "TCA_FLOWER_KEY_ENC_IPV4_SRC_MASK", codec.KindAddr),
		attr(29, "TCA_FLOWER_KEY_ENC_IPV4_DST", codec.KindAddr),
		attr(30, "TCA_FLOWER_KEY_ENC_IPV4_DST_MASK", codec.KindAddr),
		attr(31, "TCA_FLOWER_KEY_ENC_IPV6_SRC", codec.KindAddr),
		attr(32, "TCA_FLOWER_KEY_ENC_IPV6_SRC_MASK", codec.KindAddr),
		attr(33, "TCA_FLOWER_KEY_ENC_IPV6_DST", codec.KindAddr),
		attr(34, "TCA_FLOWER_KEY_ENC_IPV6_DST_MASK", codec.KindAddr),
		attr(35, "TCA_FLOWER_KEY_TCP_SRC_MASK", codec.KindBE16),
		attr(36, "TCA_FLOWER_KEY_TCP_DST_MASK", codec.KindBE16),
		attr(37, "TCA_FLOWER_KEY_UDP_SRC_MASK", codec.KindBE16),
		attr(38, "TCA_FLOWER_KEY_UDP_DST_MASK", codec.KindBE16),
		attr(39, "TCA_FLOWER_KEY_SCTP_SRC_MASK", codec.KindBE16),
		attr(40, "TCA_FLOWER_KEY_SCTP_DST_MASK", codec.KindBE16),
		attr(41, "TCA_FLOWER_KEY_SCTP_SRC", codec.KindBE16),
		attr(42, "TCA_FLOWER_KEY_SCTP_DST", codec.KindBE16),
		attr(43, "TCA_FLOWER_KEY_ENC_UDP_SRC_PORT", codec.KindBE16),
		attr(44, "TCA_FLOWER_KEY_ENC_UDP_SRC_PORT_MASK", codec.KindBE16),
		attr(45, "TCA_FLOWER_KEY_ENC_UDP_DST_PORT", codec.KindBE16),
		attr(46, "TCA_FLOWER_KEY_ENC_UDP_DST_PORT_MASK", codec.KindBE16),
		attr(47, "TCA_FLOWER_KEY_FLAGS", codec.KindBE32),
		attr(48, "TCA_FLOWER_KEY_FLAGS_MASK", codec.KindBE32),
		attr(49, "TCA_FLOWER_KEY_ICMPV4_CODE", codec.KindU8),
		attr(50, "TCA_FLOWER_KEY_ICMPV4_CODE_MASK", codec.KindU8),
		attr(51, "TCA_FLOWER_KEY_ICMPV4_TYPE", codec.KindU8),
		attr(52, "TCA_FLOWER_KEY_ICMPV4_TYPE_MASK", codec.KindU8),
		attr(53, "TCA_FLOWER_KEY_ICMPV6_CODE", codec.KindU8),
		attr(54, "TCA_FLOWER_KEY_ICMPV6_CODE_MASK", codec.KindU8),
		attr(55, "TCA_FLOWER_KEY_ICMPV6_TYPE", codec.KindU8),
		attr(56, "TCA_FLOWER_KEY_ICMPV6_TYPE_MASK", codec.KindU8),
		attr(57, "TCA_FLOWER_KEY_ARP_SIP", codec.KindAddr),
		attr(58, "TCA_FLOWER_KEY_ARP_SIP_MASK", codec.KindAddr),
		attr(59, "TCA_FLOWER_KEY_ARP_TIP", codec.KindAddr),
		attr(60, "TCA_FLOWER_KEY_ARP_TIP_MASK", codec.KindAddr),
		attr(61, "TCA_FLOWER_KEY_ARP_OP", codec.KindU8),
		attr(62, "TCA_FLOWER_KEY_ARP_OP_MASK", codec.KindU8),
		attr(63, "TCA_FLOWER_KEY_ARP_SHA", codec.KindMAC),
		attr(64, "TCA_FLOWER_KEY_ARP_SHA_MASK", codec.KindMAC),
		attr(65, "TCA_FLOWER_KEY_ARP_THA", codec.KindMAC),
		attr(66, "TCA_FLOWER_KEY_ARP_THA_MASK", codec.KindMAC),
		attr(67, "TCA_FLOWER_KEY_MPLS_TTL", codec.KindU8),
		attr(68, "TCA_FLOWER_KEY_MPLS_BOS", codec.KindU8),
		attr(69, "TCA_FLOWER_KEY_MPLS_TC", codec.KindU8),
		attr(70, "TCA_FLOWER_KEY_MPLS_LABEL", codec.KindU32),
		attr(71, "TCA_FLOWER_KEY_TCP_FLAGS", codec.KindBE16),
		attr(72, "TCA_FLOWER_KEY_TCP_FLAGS_MASK", codec.KindBE16),
		attr(73, "TCA_FLOWER_KEY_IP_TOS", codec.KindU8),
		attr(74, "TCA_FLOWER_KEY_IP_TOS_MASK", codec.KindU8),
		attr(75, "TCA_FLOWER_KEY_IP_TTL", codec.KindU8),
		attr(76, "TCA_FLOWER_KEY_IP_TTL_MASK", codec.KindU8),
		attr(77, "TCA_FLOWER_KEY_CVLAN_ID", codec.KindU16),
		attr(78, "TCA_FLOWER_KEY_CVLAN_PRIO", codec.KindU8),
		attr(79, "TCA_FLOWER_KEY_CVLAN_ETH_TYPE", codec.KindBE16),
		attr(80, "TCA_FLOWER_KEY_ENC_IP_TOS", codec.KindU8),
		attr(81, "TCA_FLOWER_KEY_ENC_IP_TOS_MASK", codec.KindU8),
		attr(82, "TCA_FLOWER_KEY_ENC_IP_TTL", codec.KindU8),
		attr(83, "TCA_FLOWER_KEY_ENC_IP_TTL_MASK", codec.KindU8),
		attr(84, "TCA_FLOWER_KEY_ENC_OPTS", codec.KindBinary),
		attr(85, "TCA_FLOWER_KEY_ENC_OPTS_MASK", codec.KindBinary),
		attr(86, "TCA_FLOWER_IN_HW_COUNT", codec.KindU32),
		attr(87, "TCA_FLOWER_KEY_PORT_SRC_MIN", codec.KindBE16),
		attr(88, "TCA_FLOWER_KEY_PORT_SRC_MAX", codec.KindBE16),
		attr(89, "TCA_FLOWER_KEY_PORT_DST_MIN", codec.KindBE16),
		attr(90, "TCA_FLOWER_KEY_PORT_DST_MAX", codec.KindBE16),
		attr(91, "TCA_FLOWER_KEY_CT_STATE", codec.KindU16),
		attr(92, "TCA_FLOWER_KEY_CT_STATE_MASK", codec.KindU16),
		attr(93, "TCA_FLOWER_KEY_CT_ZONE", codec.KindU16),
		attr(94, "TCA_FLOWER_KEY_CT_ZONE_MASK", codec.KindU16),
		attr(95, "TCA_FLOWER_KEY_CT_MARK", codec.KindU32),
		attr(96, "TCA_FLOWER_KEY_CT_MARK_MASK", codec.KindU32),
		attr(97, "TCA_FLOWER_KEY_CT_LABELS", codec.KindBinary),
		attr(98, "TCA_FLOWER_KEY_CT_LABELS_MASK", codec.KindBinary),
		attr(99, "TCA_FLOWER_KEY_MPLS_OPTS", codec.KindBinary),
		attr(100, "TCA_FLOWER_KEY_HASH", codec.KindU32),
		attr(101, "TCA_FLOWER_KEY_HASH_MASK", codec.KindU32),
		attr(102, "TCA_FLOWER_KEY_NUM_OF_VLANS", codec.KindU8),
		attr(103, "TCA_FLOWER_KEY_PPPOE_SID", codec.KindBE16),
		attr(104, "TCA_FLOWER_KEY_PPP_PROTO", codec.KindBE16),
		attr(105, "TCA_FLOWER_KEY_L2TPV3_SID", codec.KindBE32),
		attr(106, "TCA_FLOWER_L2_MISS", codec.KindU8),
		attr(107, "TCA_FLOWER_KEY_CFM", codec.KindBinary),
		attr(108, "TCA_FLOWER_KEY_SPI", codec.KindBE32),
		attr(109, "TCA_FLOWER_KEY_SPI_MASK", codec.KindBE32),
		attr(110, "TCA_FLOWER_KEY_ENC_FLAGS", codec.KindBE32),
		attr(111, "TCA_FLOWER_KEY_ENC_FLAGS_MASK", codec.KindBE32),
	)
}
