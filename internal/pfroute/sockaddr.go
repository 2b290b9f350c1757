package pfroute

import (
	"math/bits"
	"net/netip"
)

// The sockaddrs a routing message carries.
//
// netinet/in.h, struct sockaddr_in (16 bytes):
//
//	uint8_t sin_len; sa_family_t sin_family; in_port_t sin_port; // 0 1 2
//	struct in_addr sin_addr; char sin_zero[8];                    // 4 8
//
// netinet6/in6.h, struct sockaddr_in6 (28 bytes):
//
//	uint8_t sin6_len; sa_family_t sin6_family; in_port_t sin6_port; // 0 1 2
//	uint32_t sin6_flowinfo; struct in6_addr sin6_addr;               // 4 8
//	uint32_t sin6_scope_id;                                          // 24
//
// net/if_dl.h, struct sockaddr_dl (sdl_data is 46 bytes on FreeBSD, 24 on
// OpenBSD, 12 on Darwin; sdl_len covers what is used):
//
//	u_char sdl_len; u_char sdl_family; u_short sdl_index;  // 0 1 2
//	u_char sdl_type; u_char sdl_nlen; u_char sdl_alen;     // 4 5 6
//	u_char sdl_slen; char sdl_data[];                      // 7 8: name, then address
const (
	sinAddr   = 4
	sin6Addr  = 8
	sdlHeader = 8
)

// inetAddr decodes an AF_INET or AF_INET6 sockaddr (af6 is the system's
// AF_INET6). A link-local IPv6 address carries its zone in bytes 2–3
// inside the kernel (the KAME embedded scope, which OpenBSD and Darwin
// leak into routing messages); it is cleared so the address reads as
// fe80::…, as Linux reports it.
func inetAddr(sa []byte, af6 uint8) (netip.Addr, bool) {
	if len(sa) < 2 {
		return netip.Addr{}, false
	}
	switch sa[1] {
	case afInet:
		if len(sa) < sinAddr+4 {
			return netip.Addr{}, false
		}
		return netip.AddrFrom4([4]byte(sa[sinAddr : sinAddr+4])), true
	case af6:
		if len(sa) < sin6Addr+16 {
			return netip.Addr{}, false
		}
		a := [16]byte(sa[sin6Addr : sin6Addr+16])
		if embedsScope(a) {
			a[2], a[3] = 0, 0
		}
		return netip.AddrFrom16(a), true
	}
	return netip.Addr{}, false
}

// embedsScope reports whether a is link-local unicast (fe80::/10) or
// interface- or link-local multicast (ff01::/16, ff02::/16).
func embedsScope(a [16]byte) bool {
	return a[0] == 0xfe && a[1]&0xc0 == 0x80 || a[0] == 0xff && (a[1]&0x0f == 1 || a[1]&0x0f == 2)
}

// maskBits returns the prefix length of a netmask sockaddr for an address
// of width bits (32 or 128). Netmasks come truncated after their last
// non-zero byte, with sa_len counting what is left, and often with family
// 0, so the address bytes are read by the width alone; missing bytes are
// zero. The count stops at the first zero bit (non-contiguous masks do
// not exist on Linux).
func maskBits(sa []byte, width int) int {
	off := sinAddr
	if width == 128 {
		off = sin6Addr
	}
	n := 0
	for i := range width / 8 {
		if off+i >= len(sa) {
			break
		}
		c := bits.LeadingZeros8(^sa[off+i])
		n += c
		if c < 8 {
			break
		}
	}
	return n
}

// linkAddr is a decoded sockaddr_dl. Name and Addr borrow the message.
type linkAddr struct {
	Index uint16
	Type  uint8
	Name  []byte
	Addr  []byte
}

// parseDL decodes an AF_LINK sockaddr; false when sa is not one or its
// name and address run past sdl_len.
func parseDL(sa []byte) (linkAddr, bool) {
	if len(sa) < sdlHeader || sa[1] != afLink {
		return linkAddr{}, false
	}
	nlen, alen := int(sa[5]), int(sa[6])
	if sdlHeader+nlen+alen > len(sa) {
		return linkAddr{}, false
	}
	return linkAddr{
		Index: u16(sa, 2),
		Type:  sa[4],
		Name:  sa[sdlHeader : sdlHeader+nlen : sdlHeader+nlen],
		Addr:  sa[sdlHeader+nlen : sdlHeader+nlen+alen : sdlHeader+nlen+alen],
	}, true
}
