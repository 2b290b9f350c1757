package rtnl

import (
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Geneve is kind "geneve" (IFLA_GENEVE_*). Remote goes into
// IFLA_GENEVE_REMOTE or IFLA_GENEVE_REMOTE6 by its family.
type Geneve struct {
	ID             uint32 // the VNI, always sent
	Remote         netip.Addr
	TTL, TOS       uint8
	Port           uint16 // destination UDP port (6081)
	External       bool   // IFLA_GENEVE_COLLECT_METADATA (a flag)
	UDPCsum        Toggle
	UDPZeroCsum6Tx Toggle
	UDPZeroCsum6Rx Toggle
	Label          uint32
	TTLInherit     Toggle
	DF             uint8 // 0 unset, 1 set, 2 inherit
}

// Kind returns "geneve".
func (Geneve) Kind() string { return "geneve" }

func (g Geneve) appendData(b *wire.Builder, _ linkEnc) error {
	for _, s := range [...]struct {
		k string
		v uint64
	}{{"geneve_id", uint64(g.ID)}, {"geneve_df", uint64(g.DF)}, {"geneve_label", uint64(g.Label)}} {
		if err := checkKindLimit(s.k, s.v); err != nil {
			return err
		}
	}
	b.PutUint32(uapi.IFLA_GENEVE_ID, g.ID)
	if g.Remote.Is4() {
		b.PutAddr(uapi.IFLA_GENEVE_REMOTE, g.Remote)
	}
	lkU8(b, uapi.IFLA_GENEVE_TTL, g.TTL)
	lkU8(b, uapi.IFLA_GENEVE_TOS, g.TOS)
	if g.Port != 0 {
		b.PutUint16BE(uapi.IFLA_GENEVE_PORT, g.Port)
	}
	if g.External {
		b.PutFlag(uapi.IFLA_GENEVE_COLLECT_METADATA)
	}
	if g.Remote.Is6() && !g.Remote.Is4In6() {
		b.PutAddr(uapi.IFLA_GENEVE_REMOTE6, g.Remote)
	}
	g.UDPCsum.put(b, uapi.IFLA_GENEVE_UDP_CSUM)
	g.UDPZeroCsum6Tx.put(b, uapi.IFLA_GENEVE_UDP_ZERO_CSUM6_TX)
	g.UDPZeroCsum6Rx.put(b, uapi.IFLA_GENEVE_UDP_ZERO_CSUM6_RX)
	if g.Label != 0 {
		b.PutUint32BE(uapi.IFLA_GENEVE_LABEL, g.Label)
	}
	g.TTLInherit.put(b, uapi.IFLA_GENEVE_TTL_INHERIT)
	lkU8(b, uapi.IFLA_GENEVE_DF, g.DF)
	return nil
}
