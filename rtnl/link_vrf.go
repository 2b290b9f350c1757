package rtnl

import (
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// VRF is kind "vrf": a routing domain whose routes live in Table
// (IFLA_VRF_TABLE, always sent; the kernel requires it).
type VRF struct {
	Table uint32
}

// Kind returns "vrf".
func (VRF) Kind() string { return "vrf" }

func (v VRF) appendData(b *wire.Builder, _ linkEnc) error {
	b.PutUint32(uapi.IFLA_VRF_TABLE, v.Table)
	return nil
}
