package rtnl

import (
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// IP6Encap is tunnel metadata for a collect_md IPv6 tunnel device
// (LWTUNNEL_ENCAP_IP6). Zero fields are left out.
type IP6Encap struct {
	ID       uint64
	Dst, Src netip.Addr
	HopLimit uint8
	TC       uint8
}

// EncapType returns LWTUNNEL_ENCAP_IP6.
func (*IP6Encap) EncapType() uint16 { return uapi.LWTUNNEL_ENCAP_IP6 }

func (e *IP6Encap) appendEncap(b *wire.Builder) {
	if e.ID != 0 {
		b.PutUint64BE(uapi.LWTUNNEL_IP6_ID, e.ID)
	}
	if e.Dst.IsValid() {
		b.PutAddr(uapi.LWTUNNEL_IP6_DST, e.Dst)
	}
	if e.Src.IsValid() {
		b.PutAddr(uapi.LWTUNNEL_IP6_SRC, e.Src)
	}
	if e.HopLimit != 0 {
		b.PutUint8(uapi.LWTUNNEL_IP6_HOPLIMIT, e.HopLimit)
	}
	if e.TC != 0 {
		b.PutUint8(uapi.LWTUNNEL_IP6_TC, e.TC)
	}
}

func parseIP6Encap(key string, m map[string]any) (Encap, error) {
	e := &IP6Encap{}
	for k, v := range m {
		switch k {
		case "type":
		case "dst", "src":
			a, ok := asAddr(v)
			if !ok {
				return nil, specErr("route", key+"."+k, v, "is not an IP address")
			}
			if k == "dst" {
				e.Dst = a
			} else {
				e.Src = a
			}
		default:
			n, neg, ok := asInt(v)
			max := uint64(255)
			if k == "id" {
				max = 1<<64 - 1
			}
			if !ok || neg || n > max {
				return nil, specErr("route", key+"."+k, v, "is out of range")
			}
			switch k {
			case "id":
				e.ID = n
			case "hoplimit":
				e.HopLimit = uint8(n)
			case "tc":
				e.TC = uint8(n)
			}
		}
	}
	return e, nil
}
