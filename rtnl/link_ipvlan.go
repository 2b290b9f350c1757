package rtnl

import (
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// IPVlanMode is an ipvlan mode plus one: the zero value sends nothing
// (the kernel's l3).
type IPVlanMode uint16

// The ipvlan modes.
const (
	IPVlanModeUnset IPVlanMode = iota
	IPVlanL2                   // IPVLAN_MODE_L2
	IPVlanL3                   // IPVLAN_MODE_L3
	IPVlanL3S                  // IPVLAN_MODE_L3S
)

// IPVlan is kind "ipvlan" on Link.Link: IFLA_IPVLAN_MODE (u16) and
// IFLA_IPVLAN_FLAGS (u16: IPVLAN_F_PRIVATE 1, IPVLAN_F_VEPA 2).
type IPVlan struct {
	Mode  IPVlanMode
	Flags uint16
}

// Kind returns "ipvlan".
func (IPVlan) Kind() string { return "ipvlan" }

func (v IPVlan) appendData(b *wire.Builder, _ linkEnc) error { return v.put(b) }

// IPVtap is kind "ipvtap": an IPVlan with a character device.
type IPVtap IPVlan

// Kind returns "ipvtap".
func (IPVtap) Kind() string { return "ipvtap" }

func (v IPVtap) appendData(b *wire.Builder, _ linkEnc) error { return IPVlan(v).put(b) }

func (v IPVlan) put(b *wire.Builder) error {
	if v.Mode != IPVlanModeUnset {
		b.PutUint16(uapi.IFLA_IPVLAN_MODE, uint16(v.Mode-1))
	}
	lkU16(b, uapi.IFLA_IPVLAN_FLAGS, v.Flags)
	return nil
}
