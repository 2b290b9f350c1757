package codec

import (
	"net/netip"
	"strconv"
	"strings"
)

// The checks a Spec passes before anything is encoded, beyond the types
// and integer widths: addresses agree with the message's family, prefix
// lengths fit it, link-layer addresses and names have a length the kernel
// takes whole (rather than truncating or refusing them later).

// famBits returns the address length of the message's family as set so
// far: 32 for AF_INET, 128 for AF_INET6, 0 for any other (no check).
func (e *encoder) famBits() int {
	hs := e.schema.Header
	i := hs.FieldIndex(e.schema.FamilyField)
	if i < 0 {
		return 0
	}
	switch hs.Get(e.fixed, i) {
	case 2: // AF_INET
		return 32
	case 10: // AF_INET6
		return 128
	}
	return 0
}

func famName(bits int) string {
	if bits == 32 {
		return "an IPv4 (family inet) message"
	}
	return "an IPv6 (family inet6) message"
}

// familyAddr checks an address of the message's own attribute chain (the
// top level, and a multipath hop's attributes, which share its table)
// against the family: the kernel reads each at the family's length. An
// IPv4-mapped IPv6 address in an IPv4 message is written as IPv4.
func (e *encoder) familyAddr(sp *AttrSpec, a netip.Addr, sib siblings) (netip.Addr, string) {
	if sib.table != e.schema.Attrs {
		return a, ""
	}
	switch e.famBits() {
	case 32:
		a = a.Unmap()
		if !a.Is4() {
			why := "is an IPv6 address in " + famName(32) + ": every address must be IPv4"
			if sp.Name == "RTA_GATEWAY" {
				why += " (an IPv6 next hop of an IPv4 route goes in \"via\")"
			}
			return a, why
		}
	case 128:
		if a.Is4() {
			return a, "is an IPv4 address in " + famName(128) + ": every address must be IPv6"
		}
	}
	return a, ""
}

// checkPrefixes checks the header's prefix-length fields against the
// family: at most 32 for IPv4, 128 for IPv6.
func (e *encoder) checkPrefixes() error {
	bits := e.famBits()
	if bits == 0 {
		return nil
	}
	hs := e.schema.Header
	for i := range e.schema.Attrs.attrs {
		sp := &e.schema.Attrs.attrs[i]
		if sp.Kind != KindAddr || sp.PrefixField == "" {
			continue
		}
		j := hs.FieldIndex(sp.PrefixField)
		if j < 0 {
			continue
		}
		if n := hs.Get(e.fixed, j); n > uint64(bits) {
			e.push(sp.PrefixField)
			defer e.pop()
			return e.fail(n, "is longer than the "+strconv.Itoa(bits)+" bits of an address in "+famName(bits))
		}
	}
	return nil
}

// macLen checks the length of a link-layer address: the lengths of the
// link types the kernel has (a longer one would be cut to the device's
// length without a word, a shorter one refused late).
func macLen(p []byte) string {
	switch len(p) {
	case 6, 8, 20, 4, 16:
		return ""
	}
	return "is " + strconv.Itoa(len(p)) + " bytes long: a link-layer address is 6 bytes (Ethernet), 8 (EUI-64), 20 (InfiniBand), or 4 or 16 (an IP tunnel's)"
}

// maxString holds the string attributes of a fixed-size kernel buffer:
// their longest value in bytes, without the terminating NUL.
var maxString = map[string]int{
	"IFLA_IFNAME":     15, // IFNAMSIZ - 1
	"IFLA_ALT_IFNAME": 127,
	"IFLA_IFALIAS":    255,
	"IFA_LABEL":       15,
	"FRA_IIFNAME":     15,
	"FRA_OIFNAME":     15,
	"TCA_KIND":        15,
}

// stringLen checks a string attribute against its kernel buffer.
func stringLen(sp *AttrSpec, s string) string {
	if n, ok := maxString[sp.Name]; ok && len(s) > n {
		return "is " + strconv.Itoa(len(s)) + " bytes long, over the " + strconv.Itoa(n) + " bytes the kernel keeps for " + sp.Name
	}
	return ""
}

// intLimits are the integer attributes whose kernel range is narrower
// than their width: the kernel refuses a value outside late, or clamps
// it without a word (a route's MTU and advertised MSS).
var intLimits = map[string]struct {
	lo, hi uint64
	why    string
}{
	"NDA_VLAN":      {1, 4094, "is not a VLAN id (1-4094)"},
	"IFLA_MTU":      {0, 1<<31 - 1, "is above 2147483647, the largest MTU (an int in the kernel)"},
	"RTAX_MTU":      {0, 65535 - 15, "is above 65520, the largest route MTU (the kernel would clamp it)"},
	"RTAX_ADVMSS":   {0, 65535 - 40, "is above 65495, the largest advertised MSS (the kernel would clamp it)"},
	"RTAX_HOPLIMIT": {0, 255, "is above 255, the largest hop limit"},
}

// intLimit checks an integer attribute value against intLimits.
func intLimit(sp *AttrSpec, v any) string {
	l, ok := intLimits[sp.Name]
	if !ok {
		return ""
	}
	u, neg, why := toInt(v)
	if why != "" || neg {
		return "" // putInt names it
	}
	if u < l.lo || u > l.hi {
		return l.why
	}
	return ""
}

// checkTOS refuses ECN bits in the TOS byte of an IPv4 route or rule:
// the kernel takes the DSCP bits only.
func (e *encoder) checkTOS() error {
	hs := e.schema.Header
	i := hs.FieldIndex("tos")
	if i < 0 || e.famBits() != 32 {
		return nil
	}
	if t := hs.Get(e.fixed, i); t&3 != 0 {
		e.push("tos")
		defer e.pop()
		return e.fail(t, "has ECN bits (0x3) set: an IPv4 route's or rule's TOS holds the DSCP bits only (0xfc)")
	}
	return nil
}

// addrBits are the address attributes of one family whatever the
// message's: a kind's IPv4 and IPv6 variants of one setting (VXLAN's
// group and group6). The kernel reads each at its own length, so an
// address of the other family would be cut or refused late.
var addrBits = map[string]int{
	"IFLA_VXLAN_GROUP": 32, "IFLA_VXLAN_LOCAL": 32, "IFLA_VXLAN_GROUP6": 128, "IFLA_VXLAN_LOCAL6": 128,
	"IFLA_GENEVE_REMOTE": 32, "IFLA_GENEVE_REMOTE6": 128,
	"IFLA_GTP_LOCAL": 32, "IFLA_GTP_LOCAL6": 128,
	"BRIDGE_QUERIER_IP_ADDRESS": 32, "BRIDGE_QUERIER_IPV6_ADDRESS": 128,
	"IFLA_INET6_TOKEN": 128, "IFLA_IPTUN_6RD_PREFIX": 128, "IFLA_IPTUN_6RD_RELAY_PREFIX": 32,
}

// fixedFamily checks an address attribute of a fixed family, and
// returns it as it is written (an IPv4-mapped one as IPv4).
func fixedFamily(sp *AttrSpec, a netip.Addr) (netip.Addr, string) {
	bits, ok := addrBits[sp.Name]
	switch {
	case ok:
	case strings.HasPrefix(sp.Name, "IFLA_BOND_ARP_IP_TARGET_"):
		bits = 32
	case strings.HasPrefix(sp.Name, "IFLA_BOND_NS_IP6_TARGET_"):
		bits = 128
	}
	switch {
	case bits == 32 && !a.Unmap().Is4():
		return a, "is an IPv6 address: " + sp.Name + " holds an IPv4 address"
	case bits == 32:
		return a.Unmap(), ""
	case bits == 128 && a.Is4():
		return a, "is an IPv4 address: " + sp.Name + " holds an IPv6 address"
	}
	return a, ""
}
