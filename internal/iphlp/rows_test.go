package iphlp

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// sockaddrIn is a SOCKADDR_INET holding a SOCKADDR_IN (ws2ipdef.h).
func sockaddrIn(a, b, c, d byte) []byte {
	return cat(
		le16(2),            // sin_family = AF_INET
		le16(0),            // sin_port
		[]byte{a, b, c, d}, // sin_addr
		zeros(8),           // sin_zero
		zeros(12),          // rest of the SOCKADDR_INET union
	)
}

// sockaddrIn6 is a SOCKADDR_INET holding a SOCKADDR_IN6 (ws2ipdef.h).
func sockaddrIn6(scope uint32, addr ...byte) []byte {
	return cat(
		le16(23),    // sin6_family = AF_INET6 (Windows)
		le16(0),     // sin6_port
		le32(0),     // sin6_flowinfo
		addr,        // sin6_addr
		le32(scope), // sin6_scope_id
	)
}

// MIB_UNICASTIPADDRESS_ROW (netioapi.h): 192.168.1.20/24 on interface 12.
var unicastRow = cat(
	sockaddrIn(192, 168, 1, 20), // Address
	zeros(4),                    // padding to NET_LUID's alignment
	le64(0x0006000000000000),    // InterfaceLuid
	le32(12),                    // InterfaceIndex
	le32(3),                     // PrefixOrigin = IpPrefixOriginDhcp
	le32(3),                     // SuffixOrigin = IpSuffixOriginDhcp
	le32(86400),                 // ValidLifetime
	le32(86400),                 // PreferredLifetime
	[]byte{24},                  // OnLinkPrefixLength
	[]byte{0},                   // SkipAsSource
	zeros(2),                    // padding
	le32(4),                     // DadState = IpDadStatePreferred
	le32(0),                     // ScopeId
	le64(0),                     // CreationTimeStamp
)

// MIB_IPFORWARD_ROW2 (netioapi.h).
func forwardRow(index uint32, dst []byte, dstLen byte, nextHop []byte, metric, proto uint32) []byte {
	return cat(
		le64(0),            // InterfaceLuid
		le32(index),        // InterfaceIndex
		dst,                // DestinationPrefix.Prefix
		[]byte{dstLen},     // DestinationPrefix.PrefixLength
		zeros(3),           // padding of IP_ADDRESS_PREFIX
		nextHop,            // NextHop
		[]byte{0},          // SitePrefixLength
		zeros(3),           // padding
		le32(0xffffffff),   // ValidLifetime
		le32(0xffffffff),   // PreferredLifetime
		le32(metric),       // Metric
		le32(proto),        // Protocol
		[]byte{0, 0, 1, 1}, // Loopback, AutoconfigureAddress, Publish, Immortal
		le32(0),            // Age
		le32(0),            // Origin = NlroManual
	)
}

var (
	defaultRoute = forwardRow(12, sockaddrIn(0, 0, 0, 0), 0, sockaddrIn(192, 168, 1, 1), 25, 3 /* NetMgmt */)
	onLinkRoute6 = forwardRow(12,
		sockaddrIn6(0, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 64,
		sockaddrIn6(0, zeros(16)...), 256, 2 /* Local */)
)

// MIB_IPNET_ROW2 (netioapi.h): 192.168.1.1 at 00:11:22:33:44:55, reachable.
var neighbourRow = cat(
	sockaddrIn(192, 168, 1, 1), // Address
	le32(12),                   // InterfaceIndex
	le64(0),                    // InterfaceLuid
	[]byte{0x00, 0x11, 0x22, 0x33, 0x44, 0x55}, // PhysicalAddress[0:6]
	zeros(26), // PhysicalAddress[6:32]
	le32(6),   // PhysicalAddressLength
	le32(5),   // State = NlnsReachable
	[]byte{0}, // Flags (IsRouter, IsUnreachable)
	zeros(3),  // padding
	le32(0),   // ReachabilityTime
)

func TestLayoutSizes(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"MIB_UNICASTIPADDRESS_ROW", len(unicastRow), SizeofUnicastAddressRow},
		{"MIB_IPFORWARD_ROW2", len(defaultRoute), SizeofForwardRow},
		{"MIB_IPNET_ROW2", len(neighbourRow), SizeofNeighbourRow},
	} {
		if c.got != c.want {
			t.Errorf("%s: test row of %d bytes, layout %d", c.name, c.got, c.want)
		}
	}
}

func TestAddr(t *testing.T) {
	r, err := ParseUnicastAddressRow(unicastRow)
	if err != nil {
		t.Fatal(err)
	}
	var b wire.Builder
	AppendAddr(&b, &r, 5)
	ll := UnicastAddressRow{Address: netip.MustParseAddr("fe80::1"), InterfaceIndex: 12, OnLinkPrefixLength: 64}
	AppendAddr(&b, &ll, 5)
	msgs := decodeAll(t, codec.Addr, b.Bytes())
	checkMsgs(t, msgs, []string{
		"family=2 prefixlen=24 flags=128 scope=0 index=12 IFA_ADDRESS=192.168.1.20 IFA_LOCAL=192.168.1.20 IFA_BROADCAST=192.168.1.255 IFA_FLAGS=128",
		"family=10 prefixlen=64 flags=128 scope=253 index=12 IFA_ADDRESS=fe80::1 IFA_FLAGS=128",
	})
	const wantJSON = `{"attrs": [["IFA_ADDRESS", "192.168.1.20"], ["IFA_LOCAL", "192.168.1.20"], ["IFA_BROADCAST", "192.168.1.255"], ["IFA_FLAGS", 128]], "family": 2, "prefixlen": 24, "flags": 128, "scope": 0, "index": 12, "header": {"length": 56, "type": 20, "flags": 2, "sequence_number": 5, "pid": 0}, "event": "RTM_NEWADDR"}`
	if msgs[0].JSON != wantJSON {
		t.Errorf("JSON:\n got %s\nwant %s", msgs[0].JSON, wantJSON)
	}
}

func TestRoutes(t *testing.T) {
	var b wire.Builder
	for _, row := range [][]byte{defaultRoute, onLinkRoute6} {
		r, err := ParseForwardRow(row)
		if err != nil {
			t.Fatal(err)
		}
		AppendRoute(&b, &r, 5)
	}
	checkMsgs(t, decodeAll(t, codec.Route, b.Bytes()), []string{
		"family=2 dst_len=0 src_len=0 tos=0 table=254 proto=4 scope=0 type=1 flags=0 RTA_TABLE=254 RTA_PRIORITY=25 RTA_GATEWAY=192.168.1.1 RTA_OIF=12",
		"family=10 dst_len=64 src_len=0 tos=0 table=254 proto=2 scope=253 type=1 flags=0 RTA_TABLE=254 RTA_DST=2001:db8:: RTA_PRIORITY=256 RTA_OIF=12",
	})
}

func TestNeighbour(t *testing.T) {
	r, err := ParseNeighbourRow(neighbourRow)
	if err != nil {
		t.Fatal(err)
	}
	var b wire.Builder
	AppendNeighbour(&b, &r, 5)
	checkMsgs(t, decodeAll(t, codec.Neigh, b.Bytes()), []string{
		"family=2 ifindex=12 state=2 flags=0 ndm_type=1 NDA_DST=192.168.1.1 NDA_LLADDR=00:11:22:33:44:55",
	})
}

func TestLinks(t *testing.T) {
	rows := []IfRow{
		{InterfaceIndex: 12, Alias: "Ethernet", Description: "Intel(R) Ethernet Connection I219-V",
			PhysicalAddress: []byte{0x00, 0x0c, 0x29, 0xaa, 0xbb, 0xcc}, Mtu: 1500, Type: 6, OperStatus: 1, AdminStatus: 1},
		{InterfaceIndex: 1, Alias: "Loopback Pseudo-Interface 1", Mtu: 0xffffffff, Type: 24, OperStatus: 1, AdminStatus: 1},
		{InterfaceIndex: 9, Alias: "Wi-Fi", Mtu: 1500, Type: 71, OperStatus: 2, AdminStatus: 1,
			PhysicalAddress: []byte{0x02, 0, 0, 0, 0, 1}},
	}
	var b wire.Builder
	for i := range rows {
		AppendLink(&b, &rows[i], 5)
	}
	msgs := decodeAll(t, codec.Link, b.Bytes())
	checkMsgs(t, msgs, []string{
		"family=0 ifi_type=1 index=12 flags=69699 change=0 IFLA_IFNAME=Ethernet IFLA_OPERSTATE=6 IFLA_MTU=1500 IFLA_ADDRESS=00:0c:29:aa:bb:cc IFLA_IFALIAS=Intel(R) Ethernet Connection I219-V",
		"family=0 ifi_type=772 index=1 flags=65609 change=0 IFLA_IFNAME=Loopback Pseudo-Interface 1 IFLA_OPERSTATE=6 IFLA_MTU=4294967295",
		"family=0 ifi_type=1 index=9 flags=4099 change=0 IFLA_IFNAME=Wi-Fi IFLA_OPERSTATE=2 IFLA_MTU=1500 IFLA_ADDRESS=02:00:00:00:00:01",
	})
	const wantJSON = `{"attrs": [["IFLA_IFNAME", "Ethernet"], ["IFLA_OPERSTATE", "UP"], ["IFLA_MTU", 1500], ["IFLA_ADDRESS", "00:0c:29:aa:bb:cc"], ["IFLA_IFALIAS", "Intel(R) Ethernet Connection I219-V"]], "family": 0, "ifi_type": 1, "index": 12, "flags": 69699, "change": 0, "header": {"length": 116, "type": 16, "flags": 2, "sequence_number": 5, "pid": 0}, "event": "RTM_NEWLINK"}`
	if msgs[0].JSON != wantJSON {
		t.Errorf("JSON:\n got %s\nwant %s", msgs[0].JSON, wantJSON)
	}
}

func TestMalformed(t *testing.T) {
	badFamily := cat(le16(17), zeros(26))
	tests := []struct {
		name string
		err  error
	}{
		{"short SOCKADDR_INET", func() error { _, err := ParseSockaddrInet(zeros(27)); return err }()},
		{"family AF_PACKET", func() error { _, err := ParseSockaddrInet(badFamily); return err }()},
		{"prefix /33", func() error {
			_, err := ParseAddressPrefix(cat(sockaddrIn(10, 0, 0, 0), []byte{33, 0, 0, 0}))
			return err
		}()},
		{"unspec prefix", func() error { _, err := ParseAddressPrefix(zeros(32)); return err }()},
		{"short row", func() error { _, err := ParseForwardRow(defaultRoute[:103]); return err }()},
		{"IPv6 next hop of an IPv4 route", func() error {
			row := forwardRow(1, sockaddrIn(10, 0, 0, 0), 8, sockaddrIn6(0, zeros(15)...), 0, 3)
			_, err := ParseForwardRow(row)
			return err
		}()},
		{"physical address of 33 bytes", func() error {
			row := append([]byte(nil), neighbourRow...)
			row[72] = 33
			_, err := ParseNeighbourRow(row)
			return err
		}()},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", tt.name, tt.err)
		}
	}
}
