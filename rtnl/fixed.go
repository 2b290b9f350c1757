package rtnl

import (
	"encoding/binary"
	"net/netip"

	"github.com/nlroute/nlroute/codec"
)

// Fixed-offset readers of a family header; a short header reads as 0
// (codec.Msg.Reset already refused it, but a zero view must not panic).

func fixedU8(m *codec.Msg, off int) uint8 {
	f := m.Fixed()
	if len(f) <= off {
		return 0
	}
	return f[off]
}

func fixedU16(m *codec.Msg, off int) uint16 {
	f := m.Fixed()
	if len(f) < off+2 {
		return 0
	}
	return binary.NativeEndian.Uint16(f[off:])
}

func fixedU32(m *codec.Msg, off int) uint32 {
	f := m.Fixed()
	if len(f) < off+4 {
		return 0
	}
	return binary.NativeEndian.Uint32(f[off:])
}

func attrAddr(m *codec.Msg, t uint16) netip.Addr {
	a, ok := m.RawAttr(t)
	if !ok {
		return netip.Addr{}
	}
	addr, _ := a.Addr()
	return addr
}
