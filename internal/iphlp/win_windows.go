//go:build windows

package iphlp

import (
	"fmt"
	"unsafe"

	"github.com/nlroute/nlroute/internal/rtemu"
	"github.com/nlroute/nlroute/wire"
	"golang.org/x/sys/windows"
)

// Compile-time checks that x/sys/windows lays the rows out as rows.go
// reads them: an array of negative length fails the build.
var (
	_ [SizeofUnicastAddressRow - unsafe.Sizeof(windows.MibUnicastIpAddressRow{})]byte
	_ [unsafe.Sizeof(windows.MibUnicastIpAddressRow{}) - SizeofUnicastAddressRow]byte
	_ [offUniIndex - unsafe.Offsetof(windows.MibUnicastIpAddressRow{}.InterfaceIndex)]byte
	_ [unsafe.Offsetof(windows.MibUnicastIpAddressRow{}.InterfaceIndex) - offUniIndex]byte
	_ [offUniPrefixLen - unsafe.Offsetof(windows.MibUnicastIpAddressRow{}.OnLinkPrefixLength)]byte
	_ [unsafe.Offsetof(windows.MibUnicastIpAddressRow{}.OnLinkPrefixLength) - offUniPrefixLen]byte
	_ [SizeofForwardRow - unsafe.Sizeof(windows.MibIpForwardRow2{})]byte
	_ [unsafe.Sizeof(windows.MibIpForwardRow2{}) - SizeofForwardRow]byte
	_ [offFwdNext - unsafe.Offsetof(windows.MibIpForwardRow2{}.NextHop)]byte
	_ [unsafe.Offsetof(windows.MibIpForwardRow2{}.NextHop) - offFwdNext]byte
	_ [offFwdProto - unsafe.Offsetof(windows.MibIpForwardRow2{}.Protocol)]byte
	_ [unsafe.Offsetof(windows.MibIpForwardRow2{}.Protocol) - offFwdProto]byte
)

// GetIpNetTable2 is not wrapped by x/sys/windows.
var procGetIpNetTable2 = windows.NewLazySystemDLL("iphlpapi.dll").NewProc("GetIpNetTable2")

// rowBytes returns the bytes of a row as the IP Helper API laid them out.
func rowBytes[T any](r *T) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(r)), unsafe.Sizeof(*r))
}

// Links calls GetIfTable2Ex and appends an RTM_NEWLINK per interface to
// b, each stamped with seq. It allocates the interface names. Errors
// name the failed call and wrap its windows.Errno.
func Links(b *wire.Builder, seq uint32) error {
	var t *windows.MibIfTable2
	if err := windows.GetIfTable2Ex(windows.MibIfTableNormalWithoutStatistics, &t); err != nil {
		return fmt.Errorf("iphlp: GetIfTable2Ex: %w", err)
	}
	defer windows.FreeMibTable(unsafe.Pointer(t))
	for _, r := range unsafe.Slice(&t.Table[0], t.NumEntries) {
		row := IfRow{
			InterfaceIndex:  r.InterfaceIndex,
			Alias:           windows.UTF16ToString(r.Alias[:]),
			Description:     windows.UTF16ToString(r.Description[:]),
			PhysicalAddress: r.PhysicalAddress[:min(r.PhysicalAddressLength, uint32(len(r.PhysicalAddress)))],
			Mtu:             r.Mtu,
			Type:            r.Type,
			OperStatus:      r.OperStatus,
			AdminStatus:     r.AdminStatus,
		}
		AppendLink(b, &row, seq)
	}
	return nil
}

// Addrs calls GetUnicastIpAddressTable and appends an RTM_NEWADDR per
// IPv4 and IPv6 address to b. Errors as Links, or a row wrapping
// ErrMalformed.
func Addrs(b *wire.Builder, seq uint32) error {
	var t *windows.MibUnicastIpAddressTable
	if err := windows.GetUnicastIpAddressTable(windows.AF_UNSPEC, &t); err != nil {
		return fmt.Errorf("iphlp: GetUnicastIpAddressTable: %w", err)
	}
	defer windows.FreeMibTable(unsafe.Pointer(t))
	rows := unsafe.Slice(&t.Table[0], t.NumEntries)
	for i := range rows {
		row, err := ParseUnicastAddressRow(rowBytes(&rows[i]))
		if err != nil {
			return err
		}
		AppendAddr(b, &row, seq)
	}
	return nil
}

// Routes calls GetIpForwardTable2 and appends an RTM_NEWROUTE per IPv4
// and IPv6 route to b. Errors as Addrs.
func Routes(b *wire.Builder, seq uint32) error {
	var t *windows.MibIpForwardTable2
	if err := windows.GetIpForwardTable2(windows.AF_UNSPEC, &t); err != nil {
		return fmt.Errorf("iphlp: GetIpForwardTable2: %w", err)
	}
	defer windows.FreeMibTable(unsafe.Pointer(t))
	rows := t.Rows()
	for i := range rows {
		row, err := ParseForwardRow(rowBytes(&rows[i]))
		if err != nil {
			return err
		}
		AppendRoute(b, &row, seq)
	}
	return nil
}

// Neighbours calls GetIpNetTable2 and appends an RTM_NEWNEIGH per ARP and
// NDP entry to b. MIB_IPNET_TABLE2 is a ULONG count followed, at the
// 8-byte alignment of the rows, by the MIB_IPNET_ROW2 array. Errors as
// Addrs.
func Neighbours(b *wire.Builder, seq uint32) error {
	if err := procGetIpNetTable2.Find(); err != nil {
		return fmt.Errorf("iphlp: GetIpNetTable2: %w", err)
	}
	var t unsafe.Pointer
	r, _, _ := procGetIpNetTable2.Call(windows.AF_UNSPEC, uintptr(unsafe.Pointer(&t)))
	if r != 0 {
		return fmt.Errorf("iphlp: GetIpNetTable2: %w", windows.Errno(r))
	}
	defer windows.FreeMibTable(t)
	n := int(*(*uint32)(t))
	rows := unsafe.Slice((*byte)(unsafe.Add(t, 8)), n*SizeofNeighbourRow)
	for i := range n {
		row, err := ParseNeighbourRow(rows[i*SizeofNeighbourRow : (i+1)*SizeofNeighbourRow])
		if err != nil {
			return err
		}
		AppendNeighbour(b, &row, seq)
	}
	return nil
}

// HostTransport returns the ring.Transport of this system: rtnetlink
// requests answered from the IP Helper tables, read afresh for each
// dump. See NewTransport.
func HostTransport() *rtemu.Transport { return NewTransport(Links, Addrs, Routes, Neighbours) }
