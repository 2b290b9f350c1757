package rtnl

import (
	"net"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// MacvlanMode is a macvlan or macvtap mode (MACVLAN_MODE_*); 0 leaves the
// kernel's default (vepa).
type MacvlanMode uint32

// The macvlan modes.
const (
	MacvlanPrivate  MacvlanMode = uapi.MACVLAN_MODE_PRIVATE
	MacvlanVEPA     MacvlanMode = uapi.MACVLAN_MODE_VEPA
	MacvlanBridge   MacvlanMode = uapi.MACVLAN_MODE_BRIDGE
	MacvlanPassthru MacvlanMode = uapi.MACVLAN_MODE_PASSTHRU
	MacvlanSource   MacvlanMode = uapi.MACVLAN_MODE_SOURCE
)

// MacvlanMACMode is what a macvlan in source mode does with MACs
// (MACVLAN_MACADDR_ADD, _DEL, _FLUSH, _SET), plus one: 0 sends nothing.
type MacvlanMACMode uint32

// The MAC list operations.
const (
	MacvlanMACUnset MacvlanMACMode = iota
	MacvlanMACAdd
	MacvlanMACDel
	MacvlanMACFlush
	MacvlanMACSet
)

// Macvlan is kind "macvlan": virtual MAC addresses on Link.Link.
//
//	IFLA_INFO_DATA
//	├─ IFLA_MACVLAN_MODE           u32
//	├─ IFLA_MACVLAN_FLAGS          u16 (MACVLAN_FLAG_NOPROMISC …)
//	├─ IFLA_MACVLAN_MACADDR_MODE   u32
//	├─ IFLA_MACVLAN_MACADDR_DATA   IFLA_MACVLAN_MACADDR…, the source MACs
//	└─ IFLA_MACVLAN_BC_QUEUE_LEN   u32
type Macvlan struct {
	Mode       MacvlanMode
	Flags      uint16
	MACMode    MacvlanMACMode
	MACs       []net.HardwareAddr
	BCQueueLen uint32
}

// Kind returns "macvlan".
func (Macvlan) Kind() string { return "macvlan" }

func (m Macvlan) appendData(b *wire.Builder, _ linkEnc) error { return m.put(b) }

// Macvtap is kind "macvtap": a Macvlan that also has a character device,
// /dev/tapN with N its index.
type Macvtap Macvlan

// Kind returns "macvtap".
func (Macvtap) Kind() string { return "macvtap" }

func (m Macvtap) appendData(b *wire.Builder, _ linkEnc) error { return Macvlan(m).put(b) }

func (m Macvlan) put(b *wire.Builder) error {
	lkU32(b, uapi.IFLA_MACVLAN_MODE, uint32(m.Mode))
	lkU16(b, uapi.IFLA_MACVLAN_FLAGS, m.Flags)
	if m.MACMode != MacvlanMACUnset {
		b.PutUint32(uapi.IFLA_MACVLAN_MACADDR_MODE, uint32(m.MACMode-1))
	}
	if len(m.MACs) > 0 {
		tok := b.Nest(uapi.IFLA_MACVLAN_MACADDR_DATA | wire.AttrNested)
		for _, a := range m.MACs {
			b.PutBytes(uapi.IFLA_MACVLAN_MACADDR, a)
		}
		b.EndNest(tok)
	}
	lkU32(b, uapi.IFLA_MACVLAN_BC_QUEUE_LEN, m.BCQueueLen)
	return nil
}
