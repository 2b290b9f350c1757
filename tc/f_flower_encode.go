package tc

import (
	"net"
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// The flower filter's encoder: the keys set in a Flower as TCA_FLOWER_*
// attributes, each mask in the attribute after its key.

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
