package iphlp

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// IfRow holds the fields of MIB_IF_ROW2 (netioapi.h) the translation
// uses. PhysicalAddress may borrow the caller's memory.
type IfRow struct {
	InterfaceIndex  uint32
	Alias           string // the friendly name ("Ethernet"), → IFLA_IFNAME
	Description     string // the adapter's description, → IFLA_IFALIAS
	PhysicalAddress []byte // PhysicalAddress[:PhysicalAddressLength]
	Mtu             uint32
	Type            uint32 // IFTYPE (ipifcons.h)
	OperStatus      uint32 // IF_OPER_STATUS (ifdef.h)
	AdminStatus     uint32 // NET_IF_ADMIN_STATUS (ifdef.h)
}

// UnicastAddressRow holds the fields of MIB_UNICASTIPADDRESS_ROW.
type UnicastAddressRow struct {
	Address            netip.Addr
	InterfaceIndex     uint32
	OnLinkPrefixLength uint8
}

// ForwardRow holds the fields of MIB_IPFORWARD_ROW2.
type ForwardRow struct {
	InterfaceIndex    uint32
	DestinationPrefix netip.Prefix
	NextHop           netip.Addr // invalid or unspecified for an on-link route
	Metric            uint32
	Protocol          uint32 // NL_ROUTE_PROTOCOL (nldef.h)
}

// NeighbourRow holds the fields of MIB_IPNET_ROW2. PhysicalAddress
// borrows the row it was parsed from.
type NeighbourRow struct {
	Address         netip.Addr
	InterfaceIndex  uint32
	PhysicalAddress []byte
	State           uint32 // NL_NEIGHBOR_STATE (nldef.h)
}

// Row layouts (netioapi.h, 64-bit Windows; 8-byte NET_LUID alignment):
//
//	MIB_UNICASTIPADDRESS_ROW (80 bytes)
//	  SOCKADDR_INET Address;          // 0
//	  NET_LUID InterfaceLuid;         // 32
//	  NET_IFINDEX InterfaceIndex;     // 40
//	  NL_PREFIX_ORIGIN PrefixOrigin;  // 44
//	  NL_SUFFIX_ORIGIN SuffixOrigin;  // 48
//	  ULONG ValidLifetime;            // 52
//	  ULONG PreferredLifetime;        // 56
//	  UINT8 OnLinkPrefixLength;       // 60
//	  BOOLEAN SkipAsSource;           // 61
//	  NL_DAD_STATE DadState;          // 64
//	  SCOPE_ID ScopeId;               // 68
//	  LARGE_INTEGER CreationTimeStamp; // 72
//
//	MIB_IPFORWARD_ROW2 (104 bytes)
//	  NET_LUID InterfaceLuid;         // 0
//	  NET_IFINDEX InterfaceIndex;     // 8
//	  IP_ADDRESS_PREFIX DestinationPrefix; // 12
//	  SOCKADDR_INET NextHop;          // 44
//	  UCHAR SitePrefixLength;         // 72
//	  ULONG ValidLifetime;            // 76
//	  ULONG PreferredLifetime;        // 80
//	  ULONG Metric;                   // 84
//	  NL_ROUTE_PROTOCOL Protocol;     // 88
//	  BOOLEAN Loopback, AutoconfigureAddress, Publish, Immortal; // 92–95
//	  ULONG Age;                      // 96
//	  NL_ROUTE_ORIGIN Origin;         // 100
//
//	MIB_IPNET_ROW2 (88 bytes)
//	  SOCKADDR_INET Address;          // 0
//	  NET_IFINDEX InterfaceIndex;     // 28
//	  NET_LUID InterfaceLuid;         // 32
//	  UCHAR PhysicalAddress[32];      // 40 (IF_MAX_PHYS_ADDRESS_LENGTH)
//	  ULONG PhysicalAddressLength;    // 72
//	  NL_NEIGHBOR_STATE State;        // 76
//	  union { UCHAR Flags; … };       // 80
//	  union { ULONG LastReachable; ULONG LastUnreachable; } ReachabilityTime; // 84
const (
	SizeofUnicastAddressRow = 80
	SizeofForwardRow        = 104
	SizeofNeighbourRow      = 88

	offUniIndex, offUniPrefixLen         = 40, 60
	offFwdIndex, offFwdDest, offFwdNext  = 8, 12, 44
	offFwdMetric, offFwdProto            = 84, 88
	offNetIndex, offNetPhys, offNetPhysN = 28, 40, 72
	offNetState                          = 76
	maxPhysAddr                          = 32
)

func short(what string, n, want int) error {
	return fmt.Errorf("iphlp: %s of %d bytes, want %d: %w", what, n, want, ErrMalformed)
}

// ParseUnicastAddressRow decodes a MIB_UNICASTIPADDRESS_ROW.
func ParseUnicastAddressRow(b []byte) (UnicastAddressRow, error) {
	if len(b) < SizeofUnicastAddressRow {
		return UnicastAddressRow{}, short("MIB_UNICASTIPADDRESS_ROW", len(b), SizeofUnicastAddressRow)
	}
	a, err := ParseSockaddrInet(b)
	if err != nil {
		return UnicastAddressRow{}, err
	}
	r := UnicastAddressRow{Address: a, InterfaceIndex: binary.LittleEndian.Uint32(b[offUniIndex:]), OnLinkPrefixLength: b[offUniPrefixLen]}
	if !a.IsValid() || int(r.OnLinkPrefixLength) > a.BitLen() {
		return UnicastAddressRow{}, fmt.Errorf("iphlp: address %v/%d: %w", a, r.OnLinkPrefixLength, ErrMalformed)
	}
	return r, nil
}

// ParseForwardRow decodes a MIB_IPFORWARD_ROW2. A next hop of another
// family than the destination is an error.
func ParseForwardRow(b []byte) (ForwardRow, error) {
	if len(b) < SizeofForwardRow {
		return ForwardRow{}, short("MIB_IPFORWARD_ROW2", len(b), SizeofForwardRow)
	}
	dst, err := ParseAddressPrefix(b[offFwdDest:])
	if err != nil {
		return ForwardRow{}, err
	}
	nh, err := ParseSockaddrInet(b[offFwdNext:])
	if err != nil {
		return ForwardRow{}, err
	}
	if nh.IsValid() && nh.BitLen() != dst.Addr().BitLen() {
		return ForwardRow{}, fmt.Errorf("iphlp: route %v via %v: %w", dst, nh, ErrMalformed)
	}
	return ForwardRow{
		InterfaceIndex:    binary.LittleEndian.Uint32(b[offFwdIndex:]),
		DestinationPrefix: dst,
		NextHop:           nh,
		Metric:            binary.LittleEndian.Uint32(b[offFwdMetric:]),
		Protocol:          binary.LittleEndian.Uint32(b[offFwdProto:]),
	}, nil
}

// ParseNeighbourRow decodes a MIB_IPNET_ROW2; PhysicalAddress borrows b.
func ParseNeighbourRow(b []byte) (NeighbourRow, error) {
	if len(b) < SizeofNeighbourRow {
		return NeighbourRow{}, short("MIB_IPNET_ROW2", len(b), SizeofNeighbourRow)
	}
	a, err := ParseSockaddrInet(b)
	if err != nil {
		return NeighbourRow{}, err
	}
	n := binary.LittleEndian.Uint32(b[offNetPhysN:])
	if !a.IsValid() || n > maxPhysAddr {
		return NeighbourRow{}, fmt.Errorf("iphlp: neighbour %v with a %d-byte address: %w", a, n, ErrMalformed)
	}
	return NeighbourRow{
		Address:         a,
		InterfaceIndex:  binary.LittleEndian.Uint32(b[offNetIndex:]),
		PhysicalAddress: b[offNetPhys : offNetPhys+int(n) : offNetPhys+int(n)],
		State:           binary.LittleEndian.Uint32(b[offNetState:]),
	}, nil
}
