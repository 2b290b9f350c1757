package pfroute

import (
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// FreeBSD NET_RT_IFLIST records, amd64. Layouts: sys/net/if.h (struct
// if_msghdr, struct if_data, struct ifa_msghdr), sys/net/if_dl.h (struct
// sockaddr_dl), sys/netinet/in.h (struct sockaddr_in), sys/netinet6/in6.h
// (struct sockaddr_in6). Sockaddrs are padded by SA_SIZE to 8 bytes.

// freebsdIfInfo returns an RTM_IFINFO record for one interface.
func freebsdIfInfo(index uint16, flags uint32, ift, linkState uint8, mtu uint32, dl []byte) []byte {
	return record(
		// struct if_msghdr
		le16(0),           // ifm_msglen (patched by record)
		[]byte{5},         // ifm_version = RTM_VERSION
		[]byte{0x0e},      // ifm_type = RTM_IFINFO
		le32(0x10),        // ifm_addrs = RTA_IFP
		le32(flags),       // ifm_flags
		le16(index),       // ifm_index
		le16(0),           // _ifm_spare1
		[]byte{ift},       // ifm_data.ifi_type
		[]byte{0},         // ifi_physical
		[]byte{6},         // ifi_addrlen
		[]byte{14},        // ifi_hdrlen
		[]byte{linkState}, // ifi_link_state
		[]byte{0},         // ifi_vhid
		le16(152),         // ifi_datalen = sizeof(struct if_data)
		le32(mtu),         // ifi_mtu
		le32(0),           // ifi_metric
		zeros(17*8),       // ifi_baudrate … ifi_hwassist, __ifi_epoch, __ifi_lastchange
		dl,                // RTA_IFP: struct sockaddr_dl
	)
}

var freebsdIfList = cat(
	freebsdIfInfo(1, 0x8843 /* UP|BROADCAST|RUNNING|SIMPLEX|MULTICAST */, 0x06 /* IFT_ETHER */, 2 /* LINK_STATE_UP */, 1500, cat(
		[]byte{17},    // sdl_len = 8 + 3 + 6
		[]byte{18},    // sdl_family = AF_LINK
		le16(1),       // sdl_index
		[]byte{0x06},  // sdl_type = IFT_ETHER
		[]byte{3},     // sdl_nlen
		[]byte{6},     // sdl_alen
		[]byte{0},     // sdl_slen
		[]byte("em0"), // sdl_data: name
		[]byte{0x00, 0x0c, 0x29, 0xaa, 0xbb, 0xcc}, // sdl_data: address
		zeros(7), // SA_SIZE padding to 24
	)),
	record(
		// struct ifa_msghdr: 192.0.2.10/24 brd 192.0.2.255 on em0
		le16(0),             // ifam_msglen
		[]byte{5},           // ifam_version
		[]byte{0x0c},        // ifam_type = RTM_NEWADDR
		le32(0x4|0x20|0x80), // ifam_addrs = RTA_NETMASK|RTA_IFA|RTA_BRD
		le32(0),             // ifam_flags
		le16(1),             // ifam_index
		le16(0),             // _ifam_spare1
		le32(0),             // ifam_metric
		// RTA_NETMASK: struct sockaddr_in
		[]byte{16, 2}, le16(0), []byte{255, 255, 255, 0}, zeros(8),
		// RTA_IFA: struct sockaddr_in
		[]byte{16, 2}, le16(0), []byte{192, 0, 2, 10}, zeros(8),
		// RTA_BRD: struct sockaddr_in
		[]byte{16, 2}, le16(0), []byte{192, 0, 2, 255}, zeros(8),
	),
	record(
		// struct ifa_msghdr: fe80::20c:29ff:feaa:bbcc/64 on em0
		le16(0), []byte{5}, []byte{0x0c}, // ifam_msglen, ifam_version, ifam_type = RTM_NEWADDR
		le32(0x4|0x20), // ifam_addrs = RTA_NETMASK|RTA_IFA
		le32(0),        // ifam_flags
		le16(1),        // ifam_index
		le16(0),        // _ifam_spare1
		le32(0),        // ifam_metric
		// RTA_NETMASK: struct sockaddr_in6 truncated after the mask's last non-zero byte
		[]byte{16}, // sin6_len = 16
		[]byte{28}, // sin6_family = AF_INET6 (FreeBSD)
		le16(0),    // sin6_port
		le32(0),    // sin6_flowinfo
		[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, // sin6_addr, first 8 bytes
		// RTA_IFA: struct sockaddr_in6, scope embedded in bytes 2–3 (KAME)
		[]byte{28}, // sin6_len
		[]byte{28}, // sin6_family = AF_INET6
		le16(0),    // sin6_port
		le32(0),    // sin6_flowinfo
		[]byte{0xfe, 0x80, 0x00, 0x01, 0, 0, 0, 0, 0x02, 0x0c, 0x29, 0xff, 0xfe, 0xaa, 0xbb, 0xcc}, // sin6_addr
		le32(0),  // sin6_scope_id
		zeros(4), // SA_SIZE padding to 32
	),
	freebsdIfInfo(2, 0x8049 /* UP|LOOPBACK|RUNNING|MULTICAST */, 0x18 /* IFT_LOOP */, 0 /* LINK_STATE_UNKNOWN */, 16384, cat(
		[]byte{11},    // sdl_len = 8 + 3
		[]byte{18},    // sdl_family = AF_LINK
		le16(2),       // sdl_index
		[]byte{0x18},  // sdl_type = IFT_LOOP
		[]byte{3},     // sdl_nlen
		[]byte{0},     // sdl_alen
		[]byte{0},     // sdl_slen
		[]byte("lo0"), // sdl_data
		zeros(5),      // SA_SIZE padding to 16
	)),
	record(
		// struct ifa_msghdr: 127.0.0.1/8 on lo0
		le16(0), []byte{5}, []byte{0x0c}, // ifam_msglen, ifam_version, ifam_type = RTM_NEWADDR
		le32(0x4|0x20), // ifam_addrs = RTA_NETMASK|RTA_IFA
		le32(0),        // ifam_flags
		le16(2),        // ifam_index
		le16(0),        // _ifam_spare1
		le32(0),        // ifam_metric
		// RTA_NETMASK: struct sockaddr_in truncated to 5 bytes (255.0.0.0)
		[]byte{5, 2}, le16(0), []byte{255}, zeros(3),
		// RTA_IFA: struct sockaddr_in
		[]byte{16, 2}, le16(0), []byte{127, 0, 0, 1}, zeros(8),
	),
)

func TestFreeBSDLinks(t *testing.T) {
	var b wire.Builder
	if err := AppendLinks(&b, FreeBSD, freebsdIfList, 7); err != nil || b.Err() != nil {
		t.Fatal(err, b.Err())
	}
	msgs := decodeAll(t, codec.Link, b.Bytes())
	checkMsgs(t, msgs, []string{
		"family=0 ifi_type=1 index=1 flags=69699 change=0 IFLA_IFNAME=em0 IFLA_OPERSTATE=6 IFLA_MTU=1500 IFLA_ADDRESS=00:0c:29:aa:bb:cc IFLA_BROADCAST=ff:ff:ff:ff:ff:ff",
		"family=0 ifi_type=772 index=2 flags=69705 change=0 IFLA_IFNAME=lo0 IFLA_OPERSTATE=0 IFLA_MTU=16384",
	})
	const wantJSON = `{"attrs": [["IFLA_IFNAME", "lo0"], ["IFLA_OPERSTATE", "UNKNOWN"], ["IFLA_MTU", 16384]], "family": 0, "ifi_type": 772, "index": 2, "flags": 69705, "change": 0, "header": {"length": 56, "type": 16, "flags": 2, "sequence_number": 7, "pid": 0}, "event": "RTM_NEWLINK"}`
	if msgs[1].JSON != wantJSON {
		t.Errorf("JSON:\n got %s\nwant %s", msgs[1].JSON, wantJSON)
	}
}

func TestFreeBSDAddrs(t *testing.T) {
	var b wire.Builder
	if err := AppendAddrs(&b, FreeBSD, freebsdIfList, 7); err != nil || b.Err() != nil {
		t.Fatal(err, b.Err())
	}
	msgs := decodeAll(t, codec.Addr, b.Bytes())
	checkMsgs(t, msgs, []string{
		"family=2 prefixlen=24 flags=128 scope=0 index=1 IFA_ADDRESS=192.0.2.10 IFA_LOCAL=192.0.2.10 IFA_BROADCAST=192.0.2.255 IFA_LABEL=em0 IFA_FLAGS=128",
		"family=10 prefixlen=64 flags=128 scope=253 index=1 IFA_ADDRESS=fe80::20c:29ff:feaa:bbcc IFA_FLAGS=128",
		"family=2 prefixlen=8 flags=128 scope=254 index=2 IFA_ADDRESS=127.0.0.1 IFA_LOCAL=127.0.0.1 IFA_LABEL=lo0 IFA_FLAGS=128",
	})
	const wantJSON = `{"attrs": [["IFA_ADDRESS", "192.0.2.10"], ["IFA_LOCAL", "192.0.2.10"], ["IFA_BROADCAST", "192.0.2.255"], ["IFA_LABEL", "em0"], ["IFA_FLAGS", 128]], "family": 2, "prefixlen": 24, "flags": 128, "scope": 0, "index": 1, "header": {"length": 64, "type": 20, "flags": 2, "sequence_number": 7, "pid": 0}, "event": "RTM_NEWADDR"}`
	if msgs[0].JSON != wantJSON {
		t.Errorf("JSON:\n got %s\nwant %s", msgs[0].JSON, wantJSON)
	}
}
