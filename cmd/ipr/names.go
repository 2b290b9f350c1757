package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/internal/uapi"
)

// Names of kernel numbers as iproute2 prints them. A number without a
// name prints as the number.

var routeProtos = map[uint8]string{
	uapi.RTPROT_UNSPEC: "unspec", uapi.RTPROT_REDIRECT: "redirect", uapi.RTPROT_KERNEL: "kernel",
	uapi.RTPROT_BOOT: "boot", uapi.RTPROT_STATIC: "static", uapi.RTPROT_GATED: "gated",
	uapi.RTPROT_RA: "ra", uapi.RTPROT_MRT: "mrt", uapi.RTPROT_ZEBRA: "zebra", uapi.RTPROT_BIRD: "bird",
	uapi.RTPROT_DNROUTED: "dnrouted", uapi.RTPROT_XORP: "xorp", uapi.RTPROT_NTK: "ntk",
	uapi.RTPROT_DHCP: "dhcp", uapi.RTPROT_MROUTED: "mrouted", uapi.RTPROT_KEEPALIVED: "keepalived",
	uapi.RTPROT_BABEL: "babel", uapi.RTPROT_OPENR: "openr", uapi.RTPROT_BGP: "bgp",
	uapi.RTPROT_ISIS: "isis", uapi.RTPROT_OSPF: "ospf", uapi.RTPROT_RIP: "rip", uapi.RTPROT_EIGRP: "eigrp",
}

var routeTypes = map[uint8]string{
	uapi.RTN_UNSPEC: "none", uapi.RTN_UNICAST: "unicast", uapi.RTN_LOCAL: "local",
	uapi.RTN_BROADCAST: "broadcast", uapi.RTN_ANYCAST: "anycast", uapi.RTN_MULTICAST: "multicast",
	uapi.RTN_BLACKHOLE: "blackhole", uapi.RTN_UNREACHABLE: "unreachable", uapi.RTN_PROHIBIT: "prohibit",
	uapi.RTN_THROW: "throw", uapi.RTN_NAT: "nat", uapi.RTN_XRESOLVE: "xresolve",
}

var scopes = map[uint8]string{
	uapi.RT_SCOPE_UNIVERSE: "global", uapi.RT_SCOPE_SITE: "site", uapi.RT_SCOPE_LINK: "link",
	uapi.RT_SCOPE_HOST: "host", uapi.RT_SCOPE_NOWHERE: "nowhere",
}

var tables = map[uint32]string{
	uapi.RT_TABLE_UNSPEC: "unspec", uapi.RT_TABLE_DEFAULT: "default",
	uapi.RT_TABLE_MAIN: "main", uapi.RT_TABLE_LOCAL: "local",
}

var ruleActions = map[uint8]string{
	uapi.FR_ACT_TO_TBL: "lookup", uapi.FR_ACT_GOTO: "goto", uapi.FR_ACT_NOP: "nop",
	uapi.FR_ACT_BLACKHOLE: "blackhole", uapi.FR_ACT_UNREACHABLE: "unreachable", uapi.FR_ACT_PROHIBIT: "prohibit",
}

var familyNames = map[uint8]string{
	uapi.AF_UNSPEC: "unspec", uapi.AF_INET: "inet", uapi.AF_INET6: "inet6",
	uapi.AF_BRIDGE: "bridge", uapi.AF_MPLS: "mpls", uapi.AF_PACKET: "packet",
	128: "ipmr", 129: "ip6mr", // RTNL_FAMILY_IPMR, RTNL_FAMILY_IP6MR
}

// encapTypes names the lightweight tunnels (LWTUNNEL_ENCAP_*).
var encapTypes = map[uint16]string{
	1: "mpls", 2: "ip", 3: "ila", 4: "ip6", 5: "seg6", 6: "bpf", 7: "seg6local", 8: "rpl", 9: "ioam6", 10: "xfrm",
}

// nudStates are the ndm_state bits in iproute2's order.
var nudStates = []struct {
	bit  uint16
	name string
}{
	{uapi.NUD_INCOMPLETE, "INCOMPLETE"}, {uapi.NUD_REACHABLE, "REACHABLE"}, {uapi.NUD_STALE, "STALE"},
	{uapi.NUD_DELAY, "DELAY"}, {uapi.NUD_PROBE, "PROBE"}, {uapi.NUD_FAILED, "FAILED"},
	{uapi.NUD_NOARP, "NOARP"}, {uapi.NUD_PERMANENT, "PERMANENT"},
}

// ethProtos names the tc filter protocols (tcm_info's low 16 bits).
var ethProtos = map[uint16]string{
	0x0003: "all", 0x0800: "ip", 0x0806: "arp", 0x86dd: "ipv6", 0x8100: "802.1Q",
	0x88a8: "802.1ad", 0x8847: "mpls_uc", 0x8848: "mpls_mc",
}

func nameOf[K comparable](m map[K]string, k K) string {
	if s, ok := m[k]; ok {
		return s
	}
	return fmt.Sprint(k)
}

func nudString(state uint16) string {
	if state == uapi.NUD_NONE {
		return "NONE"
	}
	var parts []string
	for _, s := range nudStates {
		if state&s.bit != 0 {
			parts = append(parts, s.name)
		}
	}
	return strings.Join(parts, ",")
}

// Traffic control handles.
const (
	tcHRoot          = 0xffffffff // TC_H_ROOT
	tcHIngress       = 0xfffffff1 // TC_H_INGRESS
	tcHClsactIngress = 0xfffffff2 // TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS)
	tcHClsactEgress  = 0xfffffff3 // TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS)
)

// handleString prints a tc handle as tc does: "1:", "1:10", "ffff:fff2".
func handleString(h uint32) string {
	if h == tcHRoot {
		return "root"
	}
	maj, min := h>>16, h&0xffff
	if min == 0 {
		return strconv.FormatUint(uint64(maj), 16) + ":"
	}
	return strconv.FormatUint(uint64(maj), 16) + ":" + strconv.FormatUint(uint64(min), 16)
}

// ifNames maps interface indexes to names for the human lines.
type ifNames map[int]string

// of returns the name of interface i, or "if<i>" when unknown.
func (n ifNames) of(i int) string {
	if s, ok := n[i]; ok {
		return s
	}
	return "if" + strconv.Itoa(i)
}
