package rtnl

import (
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// BondMode is a bonding mode plus one: the zero value sends nothing
// (the kernel's balance-rr).
type BondMode uint8

// The bonding modes.
const (
	BondModeUnset BondMode = iota
	BondBalanceRR
	BondActiveBackup
	BondBalanceXOR
	BondBroadcast
	Bond8023AD
	BondBalanceTLB
	BondBalanceALB
)

// Bond is kind "bond" (IFLA_BOND_*). Zero fields are left to the kernel.
type Bond struct {
	Mode           BondMode
	ActiveSlave    uint32
	MIIMon         uint32 // ms
	UpDelay        uint32
	DownDelay      uint32
	ARPInterval    uint32
	ARPIPTargets   []netip.Addr // IFLA_BOND_ARP_IP_TARGET, at most 16
	ARPValidate    uint32
	Primary        uint32
	XmitHashPolicy uint8 // BOND_XMIT_POLICY_* plus one; 0 sends nothing
	MinLinks       uint32
	LACPRate       uint8 // 0 slow (default), 1 fast: sent when non-zero
	ADSelect       uint8 // sent when non-zero
}

// Kind returns "bond".
func (Bond) Kind() string { return "bond" }

func (bd Bond) appendData(b *wire.Builder, _ linkEnc) error {
	if len(bd.ARPIPTargets) > 16 {
		return linkSpecError("bond_arp_ip_target", len(bd.ARPIPTargets), "holds more than 16 addresses")
	}
	if bd.Mode != BondModeUnset {
		b.PutUint8(uapi.IFLA_BOND_MODE, uint8(bd.Mode-1))
	}
	lkU32(b, uapi.IFLA_BOND_ACTIVE_SLAVE, bd.ActiveSlave)
	lkU32(b, uapi.IFLA_BOND_MIIMON, bd.MIIMon)
	lkU32(b, uapi.IFLA_BOND_UPDELAY, bd.UpDelay)
	lkU32(b, uapi.IFLA_BOND_DOWNDELAY, bd.DownDelay)
	lkU32(b, uapi.IFLA_BOND_ARP_INTERVAL, bd.ARPInterval)
	if len(bd.ARPIPTargets) > 0 {
		tok := b.Nest(uapi.IFLA_BOND_ARP_IP_TARGET | wire.AttrNested)
		for i, a := range bd.ARPIPTargets {
			b.PutAddr(uint16(i), a)
		}
		b.EndNest(tok)
	}
	lkU32(b, uapi.IFLA_BOND_ARP_VALIDATE, bd.ARPValidate)
	lkU32(b, uapi.IFLA_BOND_PRIMARY, bd.Primary)
	if bd.XmitHashPolicy != 0 {
		b.PutUint8(uapi.IFLA_BOND_XMIT_HASH_POLICY, bd.XmitHashPolicy-1)
	}
	lkU32(b, uapi.IFLA_BOND_MIN_LINKS, bd.MinLinks)
	lkU8(b, uapi.IFLA_BOND_AD_LACP_RATE, bd.LACPRate)
	lkU8(b, uapi.IFLA_BOND_AD_SELECT, bd.ADSelect)
	return nil
}

// BondSlave is the settings of a link as a port of its bond
// (IFLA_INFO_SLAVE_DATA of slave kind "bond").
type BondSlave struct {
	QueueID uint16 // IFLA_BOND_SLAVE_QUEUE_ID, when non-zero
	Prio    int32  // IFLA_BOND_SLAVE_PRIO, when non-zero
}

// SlaveKind returns "bond".
func (BondSlave) SlaveKind() string { return "bond" }

func (s BondSlave) appendSlaveData(b *wire.Builder) error {
	lkU16(b, uapi.IFLA_BOND_SLAVE_QUEUE_ID, s.QueueID)
	if s.Prio != 0 {
		b.PutInt32(uapi.IFLA_BOND_SLAVE_PRIO, s.Prio)
	}
	return nil
}
