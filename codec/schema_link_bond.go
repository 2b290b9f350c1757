package codec

import (
	"strconv"

	"github.com/nlroute/nlroute/internal/uapi"
)

// bondDataAttrs: kind "bond".
var bondDataAttrs = NewTable("bond_data", "IFLA_",
	attr(uapi.IFLA_BOND_MODE, "IFLA_BOND_MODE", KindU8),
	attr(uapi.IFLA_BOND_ACTIVE_SLAVE, "IFLA_BOND_ACTIVE_SLAVE", KindU32),
	attr(uapi.IFLA_BOND_MIIMON, "IFLA_BOND_MIIMON", KindU32),
	attr(uapi.IFLA_BOND_UPDELAY, "IFLA_BOND_UPDELAY", KindU32),
	attr(uapi.IFLA_BOND_DOWNDELAY, "IFLA_BOND_DOWNDELAY", KindU32),
	attr(uapi.IFLA_BOND_USE_CARRIER, "IFLA_BOND_USE_CARRIER", KindU8),
	attr(uapi.IFLA_BOND_ARP_INTERVAL, "IFLA_BOND_ARP_INTERVAL", KindU32),
	nested(uapi.IFLA_BOND_ARP_IP_TARGET, "IFLA_BOND_ARP_IP_TARGET", bondArpTargetAttrs),
	attr(uapi.IFLA_BOND_ARP_VALIDATE, "IFLA_BOND_ARP_VALIDATE", KindU32),
	attr(uapi.IFLA_BOND_ARP_ALL_TARGETS, "IFLA_BOND_ARP_ALL_TARGETS", KindU32),
	attr(uapi.IFLA_BOND_PRIMARY, "IFLA_BOND_PRIMARY", KindU32),
	attr(uapi.IFLA_BOND_PRIMARY_RESELECT, "IFLA_BOND_PRIMARY_RESELECT", KindU8),
	attr(uapi.IFLA_BOND_FAIL_OVER_MAC, "IFLA_BOND_FAIL_OVER_MAC", KindU8),
	attr(uapi.IFLA_BOND_XMIT_HASH_POLICY, "IFLA_BOND_XMIT_HASH_POLICY", KindU8),
	attr(uapi.IFLA_BOND_RESEND_IGMP, "IFLA_BOND_RESEND_IGMP", KindU32),
	attr(uapi.IFLA_BOND_NUM_PEER_NOTIF, "IFLA_BOND_NUM_PEER_NOTIF", KindU8),
	attr(uapi.IFLA_BOND_ALL_SLAVES_ACTIVE, "IFLA_BOND_ALL_SLAVES_ACTIVE", KindU8),
	attr(uapi.IFLA_BOND_MIN_LINKS, "IFLA_BOND_MIN_LINKS", KindU32),
	attr(uapi.IFLA_BOND_LP_INTERVAL, "IFLA_BOND_LP_INTERVAL", KindU32),
	attr(uapi.IFLA_BOND_PACKETS_PER_SLAVE, "IFLA_BOND_PACKETS_PER_SLAVE", KindU32),
	attr(uapi.IFLA_BOND_AD_LACP_RATE, "IFLA_BOND_AD_LACP_RATE", KindU8),
	attr(uapi.IFLA_BOND_AD_SELECT, "IFLA_BOND_AD_SELECT", KindU8),
	nested(uapi.IFLA_BOND_AD_INFO, "IFLA_BOND_AD_INFO", bondAdInfoAttrs),
	attr(uapi.IFLA_BOND_AD_ACTOR_SYS_PRIO, "IFLA_BOND_AD_ACTOR_SYS_PRIO", KindU16),
	attr(uapi.IFLA_BOND_AD_USER_PORT_KEY, "IFLA_BOND_AD_USER_PORT_KEY", KindU16),
	attr(uapi.IFLA_BOND_AD_ACTOR_SYSTEM, "IFLA_BOND_AD_ACTOR_SYSTEM", KindMAC),
	attr(uapi.IFLA_BOND_TLB_DYNAMIC_LB, "IFLA_BOND_TLB_DYNAMIC_LB", KindU8),
	attr(uapi.IFLA_BOND_PEER_NOTIF_DELAY, "IFLA_BOND_PEER_NOTIF_DELAY", KindU32),
	attr(uapi.IFLA_BOND_AD_LACP_ACTIVE, "IFLA_BOND_AD_LACP_ACTIVE", KindU8),
	attr(uapi.IFLA_BOND_MISSED_MAX, "IFLA_BOND_MISSED_MAX", KindU8),
	nested(uapi.IFLA_BOND_NS_IP6_TARGET, "IFLA_BOND_NS_IP6_TARGET", bondNSTargetAttrs),
	attr(uapi.IFLA_BOND_COUPLED_CONTROL, "IFLA_BOND_COUPLED_CONTROL", KindU8),
)

// bondAdInfoAttrs is IFLA_BOND_AD_INFO: the 802.3ad aggregator.
var bondAdInfoAttrs = NewTable("bond_ad_info", "IFLA_BOND_AD_INFO_",
	attr(uapi.IFLA_BOND_AD_INFO_AGGREGATOR, "IFLA_BOND_AD_INFO_AGGREGATOR", KindU16),
	attr(uapi.IFLA_BOND_AD_INFO_NUM_PORTS, "IFLA_BOND_AD_INFO_NUM_PORTS", KindU16),
	attr(uapi.IFLA_BOND_AD_INFO_ACTOR_KEY, "IFLA_BOND_AD_INFO_ACTOR_KEY", KindU16),
	attr(uapi.IFLA_BOND_AD_INFO_PARTNER_KEY, "IFLA_BOND_AD_INFO_PARTNER_KEY", KindU16),
	attr(uapi.IFLA_BOND_AD_INFO_PARTNER_MAC, "IFLA_BOND_AD_INFO_PARTNER_MAC", KindMAC),
)

// bondSlaveAttrs: IFLA_INFO_SLAVE_DATA of slave kind "bond".
var bondSlaveAttrs = NewTable("bond_slave", "IFLA_",
	attr(uapi.IFLA_BOND_SLAVE_STATE, "IFLA_BOND_SLAVE_STATE", KindU8),
	attr(uapi.IFLA_BOND_SLAVE_MII_STATUS, "IFLA_BOND_SLAVE_MII_STATUS", KindU8),
	attr(uapi.IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, "IFLA_BOND_SLAVE_LINK_FAILURE_COUNT", KindU32),
	attr(uapi.IFLA_BOND_SLAVE_PERM_HWADDR, "IFLA_BOND_SLAVE_PERM_HWADDR", KindMAC),
	attr(uapi.IFLA_BOND_SLAVE_QUEUE_ID, "IFLA_BOND_SLAVE_QUEUE_ID", KindU16),
	attr(uapi.IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, "IFLA_BOND_SLAVE_AD_AGGREGATOR_ID", KindU16),
	attr(uapi.IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, "IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE", KindU8),
	attr(uapi.IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, "IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE", KindU16),
	attr(uapi.IFLA_BOND_SLAVE_PRIO, "IFLA_BOND_SLAVE_PRIO", KindS32),
	attr(uapi.IFLA_BOND_SLAVE_ACTOR_PORT_PRIO, "IFLA_BOND_SLAVE_ACTOR_PORT_PRIO", KindU16),
	attr(uapi.IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE, "IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE", KindU8),
	attr(uapi.IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE, "IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE", KindU8),
)

// bondArpTargetAttrs is IFLA_BOND_ARP_IP_TARGET and bondNSTargetAttrs
// IFLA_BOND_NS_IP6_TARGET: the kernel numbers the addresses by their slot
// (0 to BOND_MAX_ARP_TARGETS-1), so each slot is an attribute type.
var (
	bondArpTargetAttrs = slotTable("bond_arp_ip_target", "IFLA_BOND_ARP_IP_TARGET_", 16, KindAddr)
	bondNSTargetAttrs  = slotTable("bond_ns_ip6_target", "IFLA_BOND_NS_IP6_TARGET_", 16, KindAddr)
)

// slotTable is a table whose attribute types 0 to n-1 are slots of one
// kind, named prefix+"0", prefix+"1" …
func slotTable(name, prefix string, n int, k Kind) *Table {
	specs := make([]AttrSpec, n)
	for i := range specs {
		specs[i] = attr(uint16(i), prefix+strconv.Itoa(i), k)
	}
	return NewTable(name, prefix, specs...)
}
