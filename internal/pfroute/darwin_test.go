package pfroute

import (
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// Darwin records, arm64/amd64. Layouts: xnu bsd/net/route.h (struct
// rt_msghdr, struct rt_metrics), bsd/net/if.h (struct if_msghdr, struct
// if_data, struct ifa_msghdr), bsd/net/if_dl.h (struct sockaddr_dl,
// sizeof 20), bsd/netinet/if_ether.h (struct sockaddr_inarp, 16 bytes),
// bsd/netinet6/in6.h. Sockaddrs are padded by ROUNDUP32 to 4 bytes only;
// AF_INET6 is 30.

// darwinRtMsg returns an RTM_GET record of NET_RT_FLAGS/RTF_LLINFO.
func darwinRtMsg(index uint16, flags uint32, expire int32, sa ...[]byte) []byte {
	return record(append([][]byte{
		// struct rt_msghdr
		le16(0),              // rtm_msglen (patched by record)
		[]byte{5},            // rtm_version = RTM_VERSION
		[]byte{0x04},         // rtm_type = RTM_GET
		le16(index),          // rtm_index
		le16(0),              // padding before rtm_flags
		le32(flags),          // rtm_flags
		le32(0x3),            // rtm_addrs = RTA_DST|RTA_GATEWAY
		le32(0),              // rtm_pid
		le32(0),              // rtm_seq
		le32(0),              // rtm_errno
		le32(0),              // rtm_use
		le32(0),              // rtm_inits
		le32(0),              // rtm_rmx.rmx_locks
		le32(0),              // rmx_mtu
		le32(0),              // rmx_hopcount
		le32(uint32(expire)), // rmx_expire
		zeros(10 * 4),        // rmx_recvpipe … rmx_state, rmx_filler[3]
	}, sa...)...)
}

// dlDarwin is a struct sockaddr_dl (20 bytes) holding the address lladdr.
func dlDarwin(index uint16, lladdr ...byte) []byte {
	return cat(
		[]byte{20},                // sdl_len = sizeof(struct sockaddr_dl)
		[]byte{18},                // sdl_family = AF_LINK
		le16(index),               // sdl_index
		[]byte{0x06},              // sdl_type = IFT_ETHER
		[]byte{0},                 // sdl_nlen
		[]byte{byte(len(lladdr))}, // sdl_alen
		[]byte{0},                 // sdl_slen
		lladdr,                    // sdl_data
		zeros(12-len(lladdr)),     // rest of sdl_data
	)
}

var darwinNeigh = cat(
	// 192.0.2.1 at 00:11:22:33:44:55 on en0, expiring: RTF_UP|RTF_HOST|RTF_LLINFO
	darwinRtMsg(4, 0x405, 1700000000,
		cat([]byte{16, 2}, le16(0), []byte{192, 0, 2, 1}, zeros(8)), // RTA_DST: struct sockaddr_inarp
		dlDarwin(4, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55),             // RTA_GATEWAY
	),
	// 192.0.2.99, resolution incomplete
	darwinRtMsg(4, 0x405, 1700000000,
		cat([]byte{16, 2}, le16(0), []byte{192, 0, 2, 99}, zeros(8)),
		dlDarwin(4),
	),
	// 2001:db8::5 at 00:11:22:33:44:66, static: RTF_UP|RTF_HOST|RTF_LLINFO|RTF_STATIC
	darwinRtMsg(4, 0xc05, 0,
		cat(
			[]byte{28}, // sin6_len: 28, a multiple of 4, so no padding on Darwin
			[]byte{30}, // sin6_family = AF_INET6 (Darwin)
			le16(0),    // sin6_port
			le32(0),    // sin6_flowinfo
			[]byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5}, // sin6_addr
			le32(0), // sin6_scope_id
		),
		dlDarwin(4, 0x00, 0x11, 0x22, 0x33, 0x44, 0x66),
	),
)

func TestDarwinNeighbours(t *testing.T) {
	var b wire.Builder
	if err := AppendNeighbours(&b, Darwin, darwinNeigh, 9); err != nil || b.Err() != nil {
		t.Fatal(err, b.Err())
	}
	msgs := decodeAll(t, codec.Neigh, b.Bytes())
	checkMsgs(t, msgs, []string{
		"family=2 ifindex=4 state=2 flags=0 ndm_type=1 NDA_DST=192.0.2.1 NDA_LLADDR=00:11:22:33:44:55",
		"family=2 ifindex=4 state=1 flags=0 ndm_type=1 NDA_DST=192.0.2.99",
		"family=10 ifindex=4 state=128 flags=0 ndm_type=1 NDA_DST=2001:db8::5 NDA_LLADDR=00:11:22:33:44:66",
	})
	const wantJSON = `{"attrs": [["NDA_DST", "192.0.2.1"], ["NDA_LLADDR", "00:11:22:33:44:55"]], "family": 2, "ifindex": 4, "state": 2, "flags": 0, "ndm_type": 1, "header": {"length": 48, "type": 28, "flags": 2, "sequence_number": 9, "pid": 0}, "event": "RTM_NEWNEIGH"}`
	if msgs[0].JSON != wantJSON {
		t.Errorf("JSON:\n got %s\nwant %s", msgs[0].JSON, wantJSON)
	}
}

// darwinIfList: utun0, a point-to-point interface, and its address.
var darwinIfList = cat(
	record(
		// struct if_msghdr
		le16(0),      // ifm_msglen (patched by record)
		[]byte{5},    // ifm_version
		[]byte{0x0e}, // ifm_type = RTM_IFINFO
		le32(0x10),   // ifm_addrs = RTA_IFP
		le32(0x8051), // ifm_flags = UP|POINTOPOINT|RUNNING|MULTICAST
		le16(7),      // ifm_index
		le16(0),      // padding before ifm_data
		[]byte{0x01}, // ifi_type = IFT_OTHER
		[]byte{0},    // ifi_typelen
		[]byte{0},    // ifi_physical
		[]byte{0},    // ifi_addrlen
		[]byte{0},    // ifi_hdrlen
		[]byte{0},    // ifi_recvquota
		[]byte{0},    // ifi_xmitquota
		[]byte{0},    // ifi_unused1
		le32(1380),   // ifi_mtu
		le32(0),      // ifi_metric
		zeros(80),    // ifi_baudrate, 13 counters, ifi_lastchange, ifi_unused2, ifi_hwassist, ifi_reserved1, ifi_reserved2
		// RTA_IFP: struct sockaddr_dl
		[]byte{13, 18}, le16(7), []byte{0x01, 5, 0, 0}, // sdl_len, sdl_family, sdl_index, sdl_type, sdl_nlen, sdl_alen, sdl_slen
		[]byte("utun0"), // sdl_data
		zeros(3),        // ROUNDUP32 padding to 16
	),
	record(
		// struct ifa_msghdr: 10.8.0.2 peer 10.8.0.1
		le16(0), []byte{5}, []byte{0x0c}, // ifam_msglen, ifam_version, ifam_type = RTM_NEWADDR
		le32(0x4|0x20|0x80), // ifam_addrs = RTA_NETMASK|RTA_IFA|RTA_BRD
		le32(0),             // ifam_flags
		le16(7),             // ifam_index
		le16(0),             // padding before ifam_metric
		le32(0),             // ifam_metric
		cat([]byte{8, 2}, le16(0), []byte{255, 255, 255, 255}),     // RTA_NETMASK, truncated to 8 bytes
		cat([]byte{16, 2}, le16(0), []byte{10, 8, 0, 2}, zeros(8)), // RTA_IFA
		cat([]byte{16, 2}, le16(0), []byte{10, 8, 0, 1}, zeros(8)), // RTA_BRD: the peer
	),
)

func TestDarwinPointToPoint(t *testing.T) {
	var b wire.Builder
	if err := AppendLinks(&b, Darwin, darwinIfList, 1); err != nil || b.Err() != nil {
		t.Fatal(err, b.Err())
	}
	checkMsgs(t, decodeAll(t, codec.Link, b.Bytes()), []string{
		"family=0 ifi_type=65534 index=7 flags=69713 change=0 IFLA_IFNAME=utun0 IFLA_OPERSTATE=0 IFLA_MTU=1380",
	})
	b.Reset(nil)
	if err := AppendAddrs(&b, Darwin, darwinIfList, 1); err != nil || b.Err() != nil {
		t.Fatal(err, b.Err())
	}
	checkMsgs(t, decodeAll(t, codec.Addr, b.Bytes()), []string{
		"family=2 prefixlen=32 flags=128 scope=0 index=7 IFA_ADDRESS=10.8.0.1 IFA_LOCAL=10.8.0.2 IFA_LABEL=utun0 IFA_FLAGS=128",
	})
}
