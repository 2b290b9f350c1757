package rtnl

import (
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// IPoIBMode is an IPoIB transport mode plus one: the zero value sends
// nothing.
type IPoIBMode uint16

// The IPoIB modes.
const (
	IPoIBModeUnset IPoIBMode = iota
	IPoIBDatagram            // IPOIB_MODE_DATAGRAM
	IPoIBConnected           // IPOIB_MODE_CONNECTED
)

// IPoIB is kind "ipoib", a child interface of the InfiniBand device
// Link.Link: IFLA_IPOIB_PKEY, _MODE and _UMCAST, all u16.
type IPoIB struct {
	PKey   uint16
	Mode   IPoIBMode
	UMcast Toggle // multicast membership handled by user space
}

// Kind returns "ipoib".
func (IPoIB) Kind() string { return "ipoib" }

func (p IPoIB) appendData(b *wire.Builder, _ linkEnc) error {
	lkU16(b, uapi.IFLA_IPOIB_PKEY, p.PKey)
	if p.Mode != IPoIBModeUnset {
		b.PutUint16(uapi.IFLA_IPOIB_MODE, uint16(p.Mode-1))
	}
	if p.UMcast != ToggleUnset {
		b.PutUint16(uapi.IFLA_IPOIB_UMCAST, uint16(2-p.UMcast))
	}
	return nil
}
