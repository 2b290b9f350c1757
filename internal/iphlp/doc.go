// Package iphlp translates the records of Windows' IP Helper "2" family
// (GetIfTable2, GetUnicastIpAddressTable, GetIpForwardTable2,
// GetIpNetTable2) into rtnetlink messages, so that the views, filters and
// JSON rendering built for Linux serve Windows unchanged.
//
// The translation is pure and carries no build tag: the rows are plain Go
// structs (IfRow, UnicastAddressRow, ForwardRow, NeighbourRow), and the
// byte layouts of SOCKADDR_INET, IP_ADDRESS_PREFIX and of the address,
// route and neighbour rows (netioapi.h, ws2ipdef.h) are parsed by
// functions over []byte, so all of it is tested and fuzzed on Linux. Only
// win_windows.go, which calls iphlpapi.dll, is built on Windows.
//
//	MIB_IF_ROW2              → RTM_NEWLINK  (AppendLink)
//	MIB_UNICASTIPADDRESS_ROW → RTM_NEWADDR  (AppendAddr)
//	MIB_IPFORWARD_ROW2       → RTM_NEWROUTE (AppendRoute)
//	MIB_IPNET_ROW2           → RTM_NEWNEIGH (AppendNeighbour)
//
// Parsers never panic and never read out of bounds; malformed input
// yields an error wrapping ErrMalformed.
package iphlp
