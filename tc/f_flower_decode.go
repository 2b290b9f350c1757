package tc

import (
	"encoding/binary"
	"math/bits"
	"net"
	"net/netip"

	"github.com/nlroute/nlroute/wire"
)

// The flower filter's decoder: TCA_FLOWER_* attributes back into a
// Flower, full masks read back as unset.

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
