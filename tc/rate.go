package tc

import (
	"encoding/binary"
	"math"
)

// Packet scheduler clock: since Linux 2.6.31 the kernel's psched ticks are
// 64 ns (PSCHED_SHIFT 6), and /proc/net/psched reads
// "000003e8 00000040 000f4240 3b9aca00" on every kernel: 1000/64 ticks
// per microsecond. tc reads the file; the values are fixed, so we don't.
const (
	ticksPerUsec = 1000.0 / 64
	clockHz      = 1e9 // the fourth psched field, which tc's get_hz returns
)

// LinkLayer selects how a rate table accounts a packet's size on the wire.
type LinkLayer uint8

// Link layers (enum tc_link_layer).
const (
	LinkLayerEthernet LinkLayer = 1 // TC_LINKLAYER_ETHERNET
	LinkLayerATM      LinkLayer = 2 // TC_LINKLAYER_ATM: 48-byte payload in 53-byte cells
)

// timeToTicks converts microseconds to psched ticks as tc does.
func timeToTicks(usec float64) uint32 {
	t := usec * ticksPerUsec
	if t >= math.MaxUint32 {
		return math.MaxUint32
	}
	return uint32(t)
}

// xmitTime is the time, in ticks, to send size bytes at rate bytes/s
// (tc's tc_calc_xmittime).
func xmitTime(rate uint64, size uint64) uint32 {
	if rate == 0 {
		return 0
	}
	return timeToTicks(1e6 * float64(size) / float64(rate))
}

// xmitSize is the inverse of xmitTime: bytes sent in ticks at rate.
func xmitSize(rate uint64, ticks uint32) uint64 {
	return uint64(float64(rate) * (float64(ticks) / ticksPerUsec) / 1e6)
}

// adjustSize applies the minimum packet unit and the link layer framing.
func adjustSize(sz, mpu uint32, ll LinkLayer) uint32 {
	if sz < mpu {
		sz = mpu
	}
	if ll == LinkLayerATM {
		cells := (sz + 47) / 48
		return cells * 53
	}
	return sz
}

// ratespec is struct tc_ratespec:
//
//	0      1          2        4          6    8
//	+------+----------+--------+----------+----+------+
//	| cell | linklayer| overhead cell_align| mpu | rate |
//	| _log |          |  u16   |   s16    | u16| u32  |
//	+------+----------+--------+----------+----+------+
type ratespec struct {
	cellLog   uint8
	linkLayer LinkLayer
	overhead  uint16
	cellAlign int16
	mpu       uint16
	rate      uint32
}

const ratespecLen = 12

func (r ratespec) put(b []byte) {
	_ = b[11]
	b[0] = r.cellLog
	b[1] = uint8(r.linkLayer)
	binary.NativeEndian.PutUint16(b[2:], r.overhead)
	binary.NativeEndian.PutUint16(b[4:], uint16(r.cellAlign))
	binary.NativeEndian.PutUint16(b[6:], r.mpu)
	binary.NativeEndian.PutUint32(b[8:], r.rate)
}

func getRatespec(b []byte) ratespec {
	_ = b[11]
	return ratespec{
		cellLog: b[0], linkLayer: LinkLayer(b[1]),
		overhead:  binary.NativeEndian.Uint16(b[2:]),
		cellAlign: int16(binary.NativeEndian.Uint16(b[4:])),
		mpu:       binary.NativeEndian.Uint16(b[6:]),
		rate:      binary.NativeEndian.Uint32(b[8:]),
	}
}

// rateTable fills the 256-entry table of transmission times (in ticks)
// for packet sizes (i+1)<<cell_log, as tc's tc_calc_rtable does, and
// returns the ratespec describing it. mtu 0 means 2047; the cell log is
// the smallest that makes mtu fit 256 cells. rate is in bytes/s; the
// ratespec's 32-bit rate saturates (the 64-bit rate goes in its own
// attribute).
func rateTable(tab *[1024]byte, rate uint64, mtu uint32, mpu uint16, overhead uint16, ll LinkLayer) ratespec {
	if mtu == 0 {
		mtu = 2047
	}
	if ll == 0 {
		ll = LinkLayerEthernet
	}
	cellLog := uint8(0)
	for mtu>>cellLog > 255 {
		cellLog++
	}
	for i := range 256 {
		sz := adjustSize(uint32(i+1)<<cellLog, uint32(mpu), ll)
		binary.NativeEndian.PutUint32(tab[4*i:], xmitTime(rate, uint64(sz)))
	}
	return ratespec{cellLog: cellLog, linkLayer: ll, overhead: overhead, cellAlign: -1, mpu: mpu, rate: uint32(min(rate, math.MaxUint32))}
}
