package rtnl

import (
	"encoding/binary"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// VLAN is kind "vlan": an 802.1Q or 802.1ad sub-interface of Link.Link.
//
//	IFLA_INFO_DATA
//	├─ IFLA_VLAN_ID            u16, always sent
//	├─ IFLA_VLAN_FLAGS         struct {u32 flags, mask}, when Mask is set
//	├─ IFLA_VLAN_EGRESS_QOS    IFLA_VLAN_QOS_MAPPING {u32 from, to}…
//	├─ IFLA_VLAN_INGRESS_QOS   the same
//	└─ IFLA_VLAN_PROTOCOL      be16, when set
type VLAN struct {
	ID          uint16
	Flags, Mask uint32 // VLAN_FLAG_REORDER_HDR, _GVRP, _LOOSE_BINDING, _MVRP, _BRIDGE_BINDING
	EgressQoS   []VLANQoSMap
	IngressQoS  []VLANQoSMap
	Protocol    uint16 // 0x8100 (802.1Q) or 0x88a8 (802.1ad); 0 leaves the kernel's 802.1Q
}

// VLANQoSMap maps a priority From (skb priority on egress, the VLAN
// header's PCP on ingress) To the other.
type VLANQoSMap struct{ From, To uint32 }

// Kind returns "vlan".
func (VLAN) Kind() string { return "vlan" }

func (v VLAN) appendData(b *wire.Builder, _ linkEnc) error {
	if err := checkKindLimit("vlan_id", uint64(v.ID)); err != nil {
		return err
	}
	if v.Protocol != 0 { // 0 is the kernel's default, 802.1Q
		if err := checkKindLimit("vlan_protocol", uint64(v.Protocol)); err != nil {
			return err
		}
	}
	b.PutUint16(uapi.IFLA_VLAN_ID, v.ID)
	if v.Mask != 0 {
		var p [8]byte
		binary.NativeEndian.PutUint32(p[0:], v.Flags)
		binary.NativeEndian.PutUint32(p[4:], v.Mask)
		b.PutBytes(uapi.IFLA_VLAN_FLAGS, p[:])
	}
	putQoS(b, uapi.IFLA_VLAN_EGRESS_QOS, v.EgressQoS)
	putQoS(b, uapi.IFLA_VLAN_INGRESS_QOS, v.IngressQoS)
	if v.Protocol != 0 {
		b.PutUint16BE(uapi.IFLA_VLAN_PROTOCOL, v.Protocol)
	}
	return nil
}

func putQoS(b *wire.Builder, typ uint16, maps []VLANQoSMap) {
	if len(maps) == 0 {
		return
	}
	tok := b.Nest(typ | wire.AttrNested)
	for _, m := range maps {
		var p [8]byte
		binary.NativeEndian.PutUint32(p[0:], m.From)
		binary.NativeEndian.PutUint32(p[4:], m.To)
		b.PutBytes(uapi.IFLA_VLAN_QOS_MAPPING, p[:])
	}
	b.EndNest(tok)
}
