package pfroute

import (
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// OpenBSD NET_RT_DUMP records, amd64. Layouts: sys/net/route.h (struct
// rt_msghdr, struct rt_metrics), sys/net/if_dl.h (struct sockaddr_dl),
// sys/netinet/in.h, sys/netinet6/in6.h. Sockaddrs are padded by ROUNDUP
// to sizeof(long) = 8; AF_INET6 is 24.

// openbsdRtMsg returns an RTM_GET record with the sockaddrs sa.
func openbsdRtMsg(index uint16, priority uint8, addrs, flags uint32, sa ...[]byte) []byte {
	return record(append([][]byte{
		// struct rt_msghdr
		le16(0),          // rtm_msglen (patched by record)
		[]byte{5},        // rtm_version = RTM_VERSION
		[]byte{0x04},     // rtm_type = RTM_GET
		le16(96),         // rtm_hdrlen = sizeof(struct rt_msghdr)
		le16(index),      // rtm_index
		le16(0),          // rtm_tableid
		[]byte{priority}, // rtm_priority
		[]byte{0},        // rtm_mpls
		le32(addrs),      // rtm_addrs
		le32(flags),      // rtm_flags
		le32(0),          // rtm_fmask
		le32(0),          // rtm_pid
		le32(0),          // rtm_seq
		le32(0),          // rtm_errno
		le32(0),          // rtm_inits
		le64(0),          // rtm_rmx.rmx_pksent
		le64(0),          // rmx_expire
		le32(0),          // rmx_locks
		le32(0),          // rmx_mtu
		zeros(8 * 4),     // rmx_refcnt, rmx_hopcount, rmx_recvpipe, rmx_sendpipe, rmx_ssthresh, rmx_rtt, rmx_rttvar, rmx_pad
	}, sa...)...)
}

// sin4 is a struct sockaddr_in (16 bytes, no padding needed).
func sin4(a, b, c, d byte) []byte {
	return cat([]byte{16, 2}, le16(0), []byte{a, b, c, d}, zeros(8)) // sin_len, sin_family, sin_port, sin_addr, sin_zero
}

// sin6OpenBSD is a struct sockaddr_in6 (28 bytes) padded to 32.
func sin6OpenBSD(addr ...byte) []byte {
	return cat([]byte{28, 24}, le16(0), le32(0), addr, le32(0), zeros(4)) // len, family, port, flowinfo, addr, scope_id, pad
}

// dlOpenBSD is a struct sockaddr_dl without name or address (sizeof 32).
func dlOpenBSD(index uint16) []byte {
	return cat([]byte{32, 18}, le16(index), []byte{0x06, 0, 0, 0}, zeros(24)) // len, AF_LINK, index, IFT_ETHER, nlen, alen, slen, data
}

var openbsdDump = cat(
	// default via 192.0.2.1: RTF_UP|RTF_GATEWAY|RTF_STATIC, RTP_STATIC
	openbsdRtMsg(1, 8, 0x7 /* DST|GATEWAY|NETMASK */, 0x803,
		sin4(0, 0, 0, 0),   // RTA_DST
		sin4(192, 0, 2, 1), // RTA_GATEWAY
		zeros(8),           // RTA_NETMASK: sin_len 0, taking ROUNDUP(0) = 8 bytes
	),
	// 2001:db8::/32 via fe80::1%em0 (scope embedded in the address)
	openbsdRtMsg(1, 8, 0x7, 0x803,
		sin6OpenBSD(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		sin6OpenBSD(0xfe, 0x80, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
		sin6OpenBSD(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
	),
	// 192.0.2.0/24 on em0: RTF_UP|RTF_CLONING|RTF_CONNECTED, RTP_CONNECTED,
	// gateway the interface's sockaddr_dl
	openbsdRtMsg(1, 4, 0x7, 0x800101,
		sin4(192, 0, 2, 0),
		dlOpenBSD(1),
		sin4(255, 255, 255, 0),
	),
	// the ARP entry of 192.0.2.1: RTF_UP|RTF_HOST|RTF_LLINFO, not a route
	openbsdRtMsg(1, 3, 0x3, 0x405,
		sin4(192, 0, 2, 1),
		dlOpenBSD(1),
	),
	// 192.0.2.10 local: RTF_UP|RTF_HOST|RTF_LOCAL, RTP_LOCAL
	openbsdRtMsg(1, 1, 0x3, 0x200005,
		sin4(192, 0, 2, 10),
		dlOpenBSD(1),
	),
)

func TestOpenBSDRoutes(t *testing.T) {
	var b wire.Builder
	if err := AppendRoutes(&b, OpenBSD, openbsdDump, 3); err != nil || b.Err() != nil {
		t.Fatal(err, b.Err())
	}
	msgs := decodeAll(t, codec.Route, b.Bytes())
	checkMsgs(t, msgs, []string{
		"family=2 dst_len=0 src_len=0 tos=0 table=254 proto=4 scope=0 type=1 flags=0 RTA_TABLE=254 RTA_PRIORITY=8 RTA_GATEWAY=192.0.2.1 RTA_OIF=1",
		"family=10 dst_len=32 src_len=0 tos=0 table=254 proto=4 scope=0 type=1 flags=0 RTA_TABLE=254 RTA_DST=2001:db8:: RTA_PRIORITY=8 RTA_GATEWAY=fe80::1 RTA_OIF=1",
		"family=2 dst_len=24 src_len=0 tos=0 table=254 proto=2 scope=253 type=1 flags=0 RTA_TABLE=254 RTA_DST=192.0.2.0 RTA_PRIORITY=4 RTA_OIF=1",
		"family=2 dst_len=32 src_len=0 tos=0 table=255 proto=2 scope=254 type=2 flags=0 RTA_TABLE=255 RTA_DST=192.0.2.10 RTA_PRIORITY=1 RTA_OIF=1",
	})
	const wantJSON = `{"attrs": [["RTA_TABLE", 254], ["RTA_PRIORITY", 8], ["RTA_GATEWAY", "192.0.2.1"], ["RTA_OIF", 1]], "family": 2, "dst_len": 0, "src_len": 0, "tos": 0, "table": 254, "proto": 4, "scope": 0, "type": 1, "flags": 0, "header": {"length": 60, "type": 24, "flags": 2, "sequence_number": 3, "pid": 0}, "event": "RTM_NEWROUTE"}`
	if msgs[0].JSON != wantJSON {
		t.Errorf("JSON:\n got %s\nwant %s", msgs[0].JSON, wantJSON)
	}
}
