package rtnl

import (
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// VTITunnel is the settings of the virtual tunnel interfaces VTI ("vti",
// IPv4) and VTI6 ("vti6"): IFLA_VTI_*.
type VTITunnel struct {
	Link          uint32
	IKey, OKey    uint32 // be32
	Local, Remote netip.Addr
	FwMark        uint32
}

// The VTI kinds.
type (
	VTI  VTITunnel
	VTI6 VTITunnel
)

// Kind returns "vti".
func (VTI) Kind() string { return "vti" }

// Kind returns "vti6".
func (VTI6) Kind() string { return "vti6" }

func (v VTI) appendData(b *wire.Builder, _ linkEnc) error  { return VTITunnel(v).put(b) }
func (v VTI6) appendData(b *wire.Builder, _ linkEnc) error { return VTITunnel(v).put(b) }

func (v VTITunnel) put(b *wire.Builder) error {
	lkU32(b, uapi.IFLA_VTI_LINK, v.Link)
	if v.IKey != 0 {
		b.PutUint32BE(uapi.IFLA_VTI_IKEY, v.IKey)
	}
	if v.OKey != 0 {
		b.PutUint32BE(uapi.IFLA_VTI_OKEY, v.OKey)
	}
	lkAddr(b, uapi.IFLA_VTI_LOCAL, v.Local)
	lkAddr(b, uapi.IFLA_VTI_REMOTE, v.Remote)
	lkU32(b, uapi.IFLA_VTI_FWMARK, v.FwMark)
	return nil
}
