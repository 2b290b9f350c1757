package rtnl

import (
	"net"
	"net/netip"
	"strconv"

	"github.com/nlroute/nlroute/internal/uapi"
)

// The typed encoders' checks of what the kernel would take wrongly:
// addresses of the other family (read at the family's length, so an
// IPv6 gateway of an IPv4 route became its first 4 bytes), link-layer
// addresses of no link type's length (cut to the device's without a
// word), names over their kernel buffer, ranges backwards or past their
// field, TOS values with ECN bits. Each is a *codec.SpecError naming
// the field, before anything is encoded.

// familyWhy returns why address a does not belong in a message of family
// fam, or "": an IPv4 message takes IPv4 addresses only, an IPv6 message
// IPv6 only (IPv4-mapped ones included). Other families are not checked.
func familyWhy(fam uint8, a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	switch fam {
	case uapi.AF_INET:
		if a.Is4In6() {
			return "is an IPv4-mapped IPv6 address in an IPv4 (family inet) message: give it as IPv4"
		}
		if !a.Is4() {
			return "is an IPv6 address in an IPv4 (family inet) message: every address must be IPv4"
		}
	case uapi.AF_INET6:
		if a.Is4() {
			return "is an IPv4 address in an IPv6 (family inet6) message: every address must be IPv6"
		}
	}
	return ""
}

// checkFamily checks each named address against fam.
func checkFamily(schema string, fam uint8, addrs ...namedAddr) error {
	for _, n := range addrs {
		if why := familyWhy(fam, n.a); why != "" {
			if n.key == "Gateway" && fam == uapi.AF_INET {
				why += " (an IPv6 next hop of an IPv4 route goes in Via)"
			}
			return kwErr(schema, n.key, n.a, why)
		}
	}
	return nil
}

type namedAddr struct {
	key string
	a   netip.Addr
}

// llAddrWhy returns why a link-layer address has no link type's length
// ("" for none).
func llAddrWhy(p net.HardwareAddr) string {
	switch len(p) {
	case 0, 6, 8, 20, 4, 16: // 0: none given
		return ""
	}
	return "is " + strconv.Itoa(len(p)) + " bytes long: a link-layer address is 6 bytes (Ethernet), 8 (EUI-64), 20 (InfiniBand), or 4 or 16 (an IP tunnel's)"
}

// maxNameLen is the longest interface name or address label (IFNAMSIZ-1).
const maxNameLen = 15

func nameWhy(s string) string {
	if len(s) > maxNameLen {
		return "is " + strconv.Itoa(len(s)) + " bytes long, over the 15 of an interface name (IFNAMSIZ)"
	}
	return ""
}

// rangeWhy checks an inclusive range: start <= end, end <= max.
func rangeWhy(r Range, max uint32) string {
	if r.Start > r.End || r.End > max {
		return "is not a range of 0-" + strconv.FormatUint(uint64(max), 10) + " with start <= end"
	}
	return ""
}

// tosWhy checks an IPv4 TOS byte: the kernel takes the DSCP bits only,
// refusing or (older kernels, for rules) misreading the ECN bits.
func tosWhy(fam uint8, tos uint8) string {
	if fam == uapi.AF_INET && tos&3 != 0 {
		return "has ECN bits (0x3) set: a route's or rule's TOS holds the DSCP bits only (0xfc)"
	}
	return ""
}

// vlanWhy checks a VLAN id: 1-4094 (0 is unset).
func vlanWhy(v uint16) string {
	if v > 4094 {
		return "is above 4094, the highest VLAN id"
	}
	return ""
}

// check validates a typed rule's addresses, names, ranges and TOS.
func (x *Rule) check() error {
	fam := x.family()
	if err := checkFamily("rule", fam, namedAddr{"src", x.Src.Addr()}, namedAddr{"dst", x.Dst.Addr()}); err != nil {
		return err
	}
	for _, n := range [2]struct{ key, s string }{{"iifname", x.IIFName}, {"oifname", x.OIFName}} {
		if why := nameWhy(n.s); why != "" {
			return kwErr("rule", n.key, n.s, why)
		}
	}
	for _, r := range [3]struct {
		key string
		r   Range
		max uint32
	}{{"uid_range", x.UIDRange, 1<<32 - 1}, {"sport_range", x.SPortRange, 65535}, {"dport_range", x.DPortRange, 65535}} {
		if why := rangeWhy(r.r, r.max); r.r != (Range{}) && why != "" {
			return kwErr("rule", r.key, r.r, why)
		}
	}
	if why := tosWhy(fam, x.TOS); why != "" {
		return kwErr("rule", "tos", x.TOS, why)
	}
	return nil
}

// check validates the metrics the kernel would clamp without a word
// (mtu, advmss) or refuse late (hoplimit).
func (m *RouteMetrics) check() error {
	switch {
	case m.MTU > 65535-15:
		return routeErr("Metrics.MTU", m.MTU, "is above 65520, the largest route MTU (the kernel would clamp it)")
	case m.AdvMSS > 65535-40:
		return routeErr("Metrics.AdvMSS", m.AdvMSS, "is above 65495, the largest advertised MSS (the kernel would clamp it)")
	case m.HopLimit > 255:
		return routeErr("Metrics.HopLimit", m.HopLimit, "is above 255")
	}
	return nil
}
