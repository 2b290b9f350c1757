package iphlp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// ErrMalformed is wrapped by every error about a byte layout that is too
// short or holds an unknown address family or an impossible length.
var ErrMalformed = errors.New("iphlp: malformed record")

// Windows address families (ws2def.h): AF_INET6 is 23, not Linux's 10.
const (
	afUnspec = 0
	afInet   = 2
	afInet6  = 23
)

// SOCKADDR_INET (ws2ipdef.h) is a union of SOCKADDR_IN and SOCKADDR_IN6,
// 28 bytes, little-endian family, network-order port:
//
//	SOCKADDR_IN:  ADDRESS_FAMILY sin_family; USHORT sin_port;      // 0 2
//	              IN_ADDR sin_addr; CHAR sin_zero[8];              // 4 8
//	SOCKADDR_IN6: ADDRESS_FAMILY sin6_family; USHORT sin6_port;    // 0 2
//	              ULONG sin6_flowinfo; IN6_ADDR sin6_addr;         // 4 8
//	              ULONG sin6_scope_id;                             // 24
//
// IP_ADDRESS_PREFIX (netioapi.h), 32 bytes:
//
//	SOCKADDR_INET Prefix; UINT8 PrefixLength;                      // 0 28
const (
	SizeofSockaddrInet    = 28
	SizeofAddressPrefix   = 32
	offPrefixLength       = 28
	offSinAddr, offSin6Ad = 4, 8
)

// ParseSockaddrInet decodes a SOCKADDR_INET. AF_UNSPEC (an unset next
// hop) gives the invalid Addr and no error. The IPv6 scope id is dropped:
// Linux carries the interface in the message instead.
func ParseSockaddrInet(b []byte) (netip.Addr, error) {
	if len(b) < SizeofSockaddrInet {
		return netip.Addr{}, fmt.Errorf("iphlp: SOCKADDR_INET of %d bytes: %w", len(b), ErrMalformed)
	}
	switch f := binary.LittleEndian.Uint16(b); f {
	case afUnspec:
		return netip.Addr{}, nil
	case afInet:
		return netip.AddrFrom4([4]byte(b[offSinAddr : offSinAddr+4])), nil
	case afInet6:
		return netip.AddrFrom16([16]byte(b[offSin6Ad : offSin6Ad+16])), nil
	default:
		return netip.Addr{}, fmt.Errorf("iphlp: SOCKADDR_INET family %d: %w", f, ErrMalformed)
	}
}

// ParseAddressPrefix decodes an IP_ADDRESS_PREFIX. The prefix length must
// fit the address; an AF_UNSPEC prefix is an error.
func ParseAddressPrefix(b []byte) (netip.Prefix, error) {
	if len(b) < SizeofAddressPrefix {
		return netip.Prefix{}, fmt.Errorf("iphlp: IP_ADDRESS_PREFIX of %d bytes: %w", len(b), ErrMalformed)
	}
	a, err := ParseSockaddrInet(b)
	if err != nil {
		return netip.Prefix{}, err
	}
	n := int(b[offPrefixLength])
	if !a.IsValid() || n > a.BitLen() {
		return netip.Prefix{}, fmt.Errorf("iphlp: IP_ADDRESS_PREFIX %v/%d: %w", a, n, ErrMalformed)
	}
	return netip.PrefixFrom(a, n), nil
}
