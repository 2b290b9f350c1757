package rtnl

import (
	"context"
	"maps"
	"net/netip"

	"github.com/nlroute/nlroute/internal/uapi"
)

// AddrForever is the "forever" lifetime of an address (INFINITY_LIFE_TIME).
const AddrForever = 1<<32 - 1

// prepareAddr translates pyroute2's address keywords into the schema's:
//
//   - "mask" is "prefixlen"; "address": "10.0.0.1/24" sets it too;
//   - without "local", the address is both IFA_LOCAL and IFA_ADDRESS, as
//     ip-address(8) sends it (a deletion sends IFA_LOCAL only, so a bare
//     address deletes whatever its prefix length); with "local" the
//     address is the peer of a point-to-point address;
//   - "broadcast": true computes the IPv4 broadcast address;
//   - "flags": an int or a list of names (AddrFlagNames: "nodad",
//     "noprefixroute", "home", "mngtmpaddr" …), in ifa_flags when they
//     fit 8 bits, in IFA_FLAGS otherwise;
//   - "scope": a number or a name (RouteScopes); a created 127.0.0.0/8
//     address defaults to host;
//   - "valid_lft", "preferred_lft": seconds or "forever" (IFA_CACHEINFO;
//     the one left out is forever);
//   - "metric" or "priority": IFA_RT_PRIORITY; "index": an int or a
//     one-element list.
//
// It never modifies spec.
func prepareAddr(_ context.Context, _ *IPRoute, command string, spec Spec) (Spec, error) {
	v, known := verbs[command]
	s := maps.Clone(spec)
	if s == nil {
		s = Spec{}
	}
	if m, ok := s["mask"]; ok {
		delete(s, "mask")
		s["prefixlen"] = m
	}
	for _, k := range []string{"metric", "priority"} {
		if m, ok := s[k]; ok {
			delete(s, k)
			s["rt_priority"] = m
		}
	}
	if err := oneIndexAddr(s); err != nil {
		return nil, err
	}
	if err := byNameAddr(s, "scope"); err != nil {
		return nil, err
	}
	if err := addrFlags(s); err != nil {
		return nil, err
	}
	if err := addrLifetimes(s); err != nil {
		return nil, err
	}
	if !known || v.Op != OpNew && v.Op != OpDel {
		return s, nil
	}
	addr, hasAddr := s["address"]
	_, hasLocal := s["local"]
	if hasAddr && !hasLocal {
		s["local"] = addr
		if v.Op == OpDel {
			delete(s, "address")
		}
	}
	local, bits, err := addrOf(s)
	if err != nil {
		return nil, err
	}
	if b, ok := s["broadcast"].(bool); ok {
		if !b {
			delete(s, "broadcast")
		} else if bc, ok := broadcastOf(local, bits); ok {
			s["broadcast"] = bc
		} else {
			return nil, specErr("addr", "broadcast", true, "needs an IPv4 address and prefix length")
		}
	}
	if _, ok := s["scope"]; !ok && v.Op == OpNew && local.Is4() && local.As4()[0] == 127 {
		s["scope"] = uapi.RT_SCOPE_HOST
	}
	return s, nil
}

func init() { registerPrepare("addr", prepareAddr) }

// addrOf returns the local address and its prefix length (from
// "prefixlen" or the address's own "/len"; -1 when neither).
func addrOf(s Spec) (netip.Addr, int, error) {
	v, ok := s["local"]
	if !ok {
		v, ok = s["address"]
	}
	if !ok {
		return netip.Addr{}, -1, nil
	}
	var a netip.Addr
	bits := -1
	switch x := v.(type) {
	case netip.Prefix:
		a, bits = x.Addr(), x.Bits()
	case netip.Addr:
		a = x
	case string:
		if p, err := netip.ParsePrefix(x); err == nil {
			a, bits = p.Addr(), p.Bits()
		} else if a, err = netip.ParseAddr(x); err != nil {
			return a, -1, specErr("addr", "address", v, "is not an IP address or prefix")
		}
	default:
		return a, -1, nil // the codec names what it cannot read
	}
	if p, ok := s["prefixlen"]; ok {
		n, neg, isInt := asInt(p)
		if !isInt || neg || n > uint64(a.BitLen()) {
			return a, -1, specErr("addr", "prefixlen", p, "is not a prefix length for the address")
		}
		bits = int(n)
	}
	return a, bits, nil
}

// broadcastOf returns the broadcast address of an IPv4 prefix.
func broadcastOf(a netip.Addr, bits int) (netip.Addr, bool) {
	if !a.Is4() || bits < 0 {
		return netip.Addr{}, false
	}
	v := a.As4()
	u := uint32(v[0])<<24 | uint32(v[1])<<16 | uint32(v[2])<<8 | uint32(v[3])
	if bits < 32 {
		u |= 1<<(32-bits) - 1
	}
	return netip.AddrFrom4([4]byte{byte(u >> 24), byte(u >> 16), byte(u >> 8), byte(u)}), true
}

func oneIndexAddr(s Spec) error {
	if _, ok := s["index"]; !ok {
		return nil
	}
	if err := oneIndex(s, "index", "index"); err != nil {
		return specErr("addr", "index", s["index"], "is not an interface index")
	}
	return nil
}

func byNameAddr(s Spec, k string) error {
	if err := byName(s, k, RouteScopes); err != nil {
		return specErr("addr", k, s[k], "is not a scope name or number")
	}
	return nil
}

// addrFlags reads "flags" as an int or names.
func addrFlags(s Spec) error {
	v, ok := s["flags"]
	if !ok {
		return nil
	}
	var f uint64
	if l, isList := asList(v); isList {
		for _, x := range l {
			name, _ := x.(string)
			bit, known := addrFlagTable[name]
			if !known {
				return specErr("addr", "flags", x, "is not an address flag (nodad, noprefixroute, home, mngtmpaddr …)")
			}
			f |= uint64(bit)
		}
	} else if name, isStr := v.(string); isStr {
		bit, known := addrFlagTable[name]
		if !known {
			return specErr("addr", "flags", v, "is not an address flag (nodad, noprefixroute, home, mngtmpaddr …)")
		}
		f = uint64(bit)
	} else if n, neg, isInt := asInt(v); isInt && !neg && n <= 1<<32-1 {
		f = n
	} else {
		return specErr("addr", "flags", v, "is not address flags")
	}
	if f > 0xff {
		delete(s, "flags")
		s["IFA_FLAGS"] = f
	} else {
		s["flags"] = f
	}
	return nil
}

// addrLifetimes turns valid_lft/preferred_lft into IFA_CACHEINFO.
func addrLifetimes(s Spec) error {
	lft := [2]uint64{AddrForever, AddrForever}
	given := false
	for i, k := range []string{"valid_lft", "preferred_lft"} {
		v, ok := s[k]
		if !ok {
			continue
		}
		delete(s, k)
		given = true
		if str, isStr := v.(string); isStr && str == "forever" {
			continue
		}
		n, neg, isInt := asInt(v)
		if !isInt || neg || n > AddrForever {
			return specErr("addr", k, v, "is not seconds or \"forever\"")
		}
		lft[i] = n
	}
	if !given {
		return nil
	}
	if lft[0] == 0 {
		return specErr("addr", "valid_lft", 0, "is zero")
	}
	if lft[1] > lft[0] {
		return specErr("addr", "preferred_lft", lft[1], "is greater than valid_lft")
	}
	s["cacheinfo"] = map[string]any{"ifa_valid": lft[0], "ifa_preferred": lft[1]}
	return nil
}
