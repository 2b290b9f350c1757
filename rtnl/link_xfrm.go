package rtnl

import (
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// XFRM is kind "xfrm": an IPsec interface matching policies by IfID
// (IFLA_XFRM_IF_ID, always sent; the kernel wants a non-zero one).
type XFRM struct {
	Link     uint32
	IfID     uint32
	External bool // IFLA_XFRM_COLLECT_METADATA (a flag)
}

// Kind returns "xfrm".
func (XFRM) Kind() string { return "xfrm" }

func (x XFRM) appendData(b *wire.Builder, _ linkEnc) error {
	lkU32(b, uapi.IFLA_XFRM_LINK, x.Link)
	b.PutUint32(uapi.IFLA_XFRM_IF_ID, x.IfID)
	if x.External {
		b.PutFlag(uapi.IFLA_XFRM_COLLECT_METADATA)
	}
	return nil
}
