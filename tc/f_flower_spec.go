package tc

import (
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// The flower filter's keywords (the Spec form and the tc-flower(8)
// notations: "10.0.0.0/8", "80/0xff00", "aa:bb:cc:dd:ee:ff/24").

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
