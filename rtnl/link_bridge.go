package rtnl

import (
	"net"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Bridge is kind "bridge" (IFLA_BR_*). Times are in centiseconds
// (USER_HZ), as ip-link(8) takes them multiplied by 100.
type Bridge struct {
	ForwardDelay                                     uint32 // IFLA_BR_FORWARD_DELAY
	HelloTime                                        uint32 // IFLA_BR_HELLO_TIME
	MaxAge                                           uint32 // IFLA_BR_MAX_AGE
	AgeingTime                                       uint32 // IFLA_BR_AGEING_TIME
	STP                                              Toggle // IFLA_BR_STP_STATE (a u32)
	Priority                                         uint16 // IFLA_BR_PRIORITY, when non-zero
	VLANFiltering                                    Toggle // IFLA_BR_VLAN_FILTERING
	VLANProtocol                                     uint16 // IFLA_BR_VLAN_PROTOCOL: 0x8100 or 0x88a8
	GroupFwdMask                                     uint16 // IFLA_BR_GROUP_FWD_MASK
	GroupAddr                                        net.HardwareAddr
	McastSnooping                                    Toggle // IFLA_BR_MCAST_SNOOPING
	McastQuerier                                     Toggle // IFLA_BR_MCAST_QUERIER
	NFCallIPTables, NFCallIP6Tables, NFCallARPTables Toggle
	DefaultPVID                                      uint16 // IFLA_BR_VLAN_DEFAULT_PVID, when non-zero
	VLANStats                                        Toggle // IFLA_BR_VLAN_STATS_ENABLED
	McastStats                                       Toggle // IFLA_BR_MCAST_STATS_ENABLED
	McastIGMPVersion                                 uint8
	McastMLDVersion                                  uint8
}

// Kind returns "bridge".
func (Bridge) Kind() string { return "bridge" }

func (br Bridge) appendData(b *wire.Builder, _ linkEnc) error {
	lkU32(b, uapi.IFLA_BR_FORWARD_DELAY, br.ForwardDelay)
	lkU32(b, uapi.IFLA_BR_HELLO_TIME, br.HelloTime)
	lkU32(b, uapi.IFLA_BR_MAX_AGE, br.MaxAge)
	lkU32(b, uapi.IFLA_BR_AGEING_TIME, br.AgeingTime)
	if br.STP != ToggleUnset {
		b.PutUint32(uapi.IFLA_BR_STP_STATE, uint32(2-br.STP))
	}
	lkU16(b, uapi.IFLA_BR_PRIORITY, br.Priority)
	br.VLANFiltering.put(b, uapi.IFLA_BR_VLAN_FILTERING)
	if br.VLANProtocol != 0 {
		b.PutUint16BE(uapi.IFLA_BR_VLAN_PROTOCOL, br.VLANProtocol)
	}
	lkU16(b, uapi.IFLA_BR_GROUP_FWD_MASK, br.GroupFwdMask)
	if len(br.GroupAddr) > 0 {
		b.PutBytes(uapi.IFLA_BR_GROUP_ADDR, br.GroupAddr)
	}
	br.McastSnooping.put(b, uapi.IFLA_BR_MCAST_SNOOPING)
	br.McastQuerier.put(b, uapi.IFLA_BR_MCAST_QUERIER)
	br.NFCallIPTables.put(b, uapi.IFLA_BR_NF_CALL_IPTABLES)
	br.NFCallIP6Tables.put(b, uapi.IFLA_BR_NF_CALL_IP6TABLES)
	br.NFCallARPTables.put(b, uapi.IFLA_BR_NF_CALL_ARPTABLES)
	lkU16(b, uapi.IFLA_BR_VLAN_DEFAULT_PVID, br.DefaultPVID)
	br.VLANStats.put(b, uapi.IFLA_BR_VLAN_STATS_ENABLED)
	br.McastStats.put(b, uapi.IFLA_BR_MCAST_STATS_ENABLED)
	lkU8(b, uapi.IFLA_BR_MCAST_IGMP_VERSION, br.McastIGMPVersion)
	lkU8(b, uapi.IFLA_BR_MCAST_MLD_VERSION, br.McastMLDVersion)
	return nil
}

// BridgeSlave is the settings of a link as a port of its bridge, sent
// as IFLA_INFO_SLAVE_DATA (BridgePort is the AF_BRIDGE form)
// (IFLA_INFO_SLAVE_DATA of slave kind "bridge", IFLA_BRPORT_*); set them
// with LinkSet on the port.
type BridgeSlave struct {
	State        uint8  // IFLA_BRPORT_STATE (BR_STATE_*), when non-zero
	Priority     uint16 // IFLA_BRPORT_PRIORITY, when non-zero
	Cost         uint32 // IFLA_BRPORT_COST, when non-zero
	Hairpin      Toggle // IFLA_BRPORT_MODE
	Guard        Toggle // IFLA_BRPORT_GUARD (bpdu guard)
	RootBlock    Toggle // IFLA_BRPORT_PROTECT
	FastLeave    Toggle // IFLA_BRPORT_FAST_LEAVE
	Learning     Toggle // IFLA_BRPORT_LEARNING
	UnicastFlood Toggle // IFLA_BRPORT_UNICAST_FLOOD
	ProxyARP     Toggle // IFLA_BRPORT_PROXYARP
	McastFlood   Toggle // IFLA_BRPORT_MCAST_FLOOD
	BcastFlood   Toggle // IFLA_BRPORT_BCAST_FLOOD
	Isolated     Toggle // IFLA_BRPORT_ISOLATED
}

// SlaveKind returns "bridge".
func (BridgeSlave) SlaveKind() string { return "bridge" }

func (p BridgeSlave) appendSlaveData(b *wire.Builder) error {
	lkU8(b, uapi.IFLA_BRPORT_STATE, p.State)
	lkU16(b, uapi.IFLA_BRPORT_PRIORITY, p.Priority)
	lkU32(b, uapi.IFLA_BRPORT_COST, p.Cost)
	p.Hairpin.put(b, uapi.IFLA_BRPORT_MODE)
	p.Guard.put(b, uapi.IFLA_BRPORT_GUARD)
	p.RootBlock.put(b, uapi.IFLA_BRPORT_PROTECT)
	p.FastLeave.put(b, uapi.IFLA_BRPORT_FAST_LEAVE)
	p.Learning.put(b, uapi.IFLA_BRPORT_LEARNING)
	p.UnicastFlood.put(b, uapi.IFLA_BRPORT_UNICAST_FLOOD)
	p.ProxyARP.put(b, uapi.IFLA_BRPORT_PROXYARP)
	p.McastFlood.put(b, uapi.IFLA_BRPORT_MCAST_FLOOD)
	p.BcastFlood.put(b, uapi.IFLA_BRPORT_BCAST_FLOOD)
	p.Isolated.put(b, uapi.IFLA_BRPORT_ISOLATED)
	return nil
}
