package pfroute

import (
	"errors"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Routing-socket messages as read(2) returns them from
// socket(PF_ROUTE, SOCK_RAW, 0), one per read, amd64. Layouts as the dump
// tests cite them, plus struct if_announcemsghdr (sys/net/if.h) and the
// fields of rt_msghdr the dump tests leave zero (rtm_type, rtm_errno).

// freebsdAnnounce is a FreeBSD RTM_IFANNOUNCE message.
func freebsdAnnounce(index uint16, name string, what uint16) []byte {
	return record(
		// struct if_announcemsghdr (FreeBSD sys/net/if.h)
		le16(0),                           // ifan_msglen (patched by record)
		[]byte{5},                         // ifan_version = RTM_VERSION
		[]byte{0x11},                      // ifan_type = RTM_IFANNOUNCE (FreeBSD)
		le16(index),                       // ifan_index
		[]byte(name), zeros(16-len(name)), // ifan_name[IFNAMSIZ], NUL-padded
		le16(what), // ifan_what: IFAN_ARRIVAL 0, IFAN_DEPARTURE 1
	)
}

// freebsdRtMsg is a FreeBSD routing-socket rt_msghdr message of type typ.
func freebsdRtMsg(typ uint8, index uint16, flags, addrs, errno uint32, sa ...[]byte) []byte {
	return record(append([][]byte{
		// struct rt_msghdr (FreeBSD sys/net/route.h)
		le16(0),       // rtm_msglen (patched by record)
		[]byte{5},     // rtm_version = RTM_VERSION
		[]byte{typ},   // rtm_type: RTM_ADD 1, RTM_DELETE 2, RTM_CHANGE 3 …
		le16(index),   // rtm_index
		le16(0),       // _rtm_spare1
		le32(flags),   // rtm_flags
		le32(addrs),   // rtm_addrs
		le32(1234),    // rtm_pid: the process that asked, route(8)
		le32(1),       // rtm_seq
		le32(errno),   // rtm_errno: 0 when the change was made
		le32(0),       // rtm_fmask
		le64(0),       // rtm_inits
		le64(0),       // rtm_rmx.rmx_locks
		le64(0),       // rmx_mtu
		le64(0),       // rmx_hopcount
		le64(0),       // rmx_expire
		zeros(10 * 8), // rmx_recvpipe … rmx_nhidx, rmx_filler[2]
	}, sa...)...)
}

// freebsdAddrMsg is a FreeBSD RTM_NEWADDR or RTM_DELADDR message for
// 198.51.100.1/24 brd 198.51.100.255 on tap0 (index 3).
func freebsdAddrMsg(typ uint8) []byte {
	return record(
		// struct ifa_msghdr (FreeBSD sys/net/if.h)
		le16(0),                  // ifam_msglen (patched by record)
		[]byte{5},                // ifam_version
		[]byte{typ},              // ifam_type: RTM_NEWADDR 0xc, RTM_DELADDR 0xd
		le32(0x4|0x10|0x20|0x80), // ifam_addrs = RTA_NETMASK|RTA_IFP|RTA_IFA|RTA_BRD
		le32(0x1),                // ifam_flags = IFA_ROUTE
		le16(3),                  // ifam_index
		le16(0),                  // _ifam_spare1
		le32(0),                  // ifam_metric
		// RTA_NETMASK: struct sockaddr_in truncated to 7 bytes (255.255.255.0)
		[]byte{7, 2}, le16(0), []byte{255, 255, 255}, zeros(1),
		// RTA_IFP: struct sockaddr_dl naming the interface
		[]byte{14},     // sdl_len = 8 + 4 + 2 (FreeBSD sends no address here)
		[]byte{18},     // sdl_family = AF_LINK
		le16(3),        // sdl_index
		[]byte{0x06},   // sdl_type = IFT_ETHER
		[]byte{4},      // sdl_nlen
		[]byte{0},      // sdl_alen
		[]byte{0},      // sdl_slen
		[]byte("tap0"), // sdl_data: name
		zeros(2),       // rest of sdl_len
		zeros(2),       // SA_SIZE padding to 16
		// RTA_IFA: struct sockaddr_in
		sin4(198, 51, 100, 1),
		// RTA_BRD: struct sockaddr_in
		sin4(198, 51, 100, 255),
	)
}

// dlFreeBSD is a whole struct sockaddr_dl (sdl_len 54, SA_SIZE 56) with
// the link-layer address lladdr and no name, as lltable events carry.
func dlFreeBSD(index uint16, lladdr ...byte) []byte {
	return cat(
		[]byte{54},                // sdl_len = sizeof(struct sockaddr_dl)
		[]byte{18},                // sdl_family = AF_LINK
		le16(index),               // sdl_index
		[]byte{0x06},              // sdl_type = IFT_ETHER
		[]byte{0},                 // sdl_nlen
		[]byte{byte(len(lladdr))}, // sdl_alen
		[]byte{0},                 // sdl_slen
		lladdr,                    // sdl_data: address
		zeros(46-len(lladdr)),     // rest of sdl_data[46]
		zeros(2),                  // SA_SIZE padding to 56
	)
}

// freebsdEvents is what a FreeBSD routing socket reads while tap0 comes,
// gets an address, a route and a neighbour, and goes.
var freebsdEvents = [][]byte{
	freebsdAnnounce(3, "tap0", 0 /* IFAN_ARRIVAL */),
	freebsdIfInfo(3, 0x8843 /* UP|BROADCAST|RUNNING|SIMPLEX|MULTICAST */, 0x06 /* IFT_ETHER */, 2 /* LINK_STATE_UP */, 1500, cat(
		[]byte{18},     // sdl_len = 8 + 4 + 6
		[]byte{18},     // sdl_family = AF_LINK
		le16(3),        // sdl_index
		[]byte{0x06},   // sdl_type = IFT_ETHER
		[]byte{4},      // sdl_nlen
		[]byte{6},      // sdl_alen
		[]byte{0},      // sdl_slen
		[]byte("tap0"), // sdl_data: name
		[]byte{0x58, 0x9c, 0xfc, 0x00, 0x00, 0x01}, // sdl_data: address
		zeros(6), // SA_SIZE padding to 24
	)),
	freebsdAddrMsg(0x0c /* RTM_NEWADDR */),
	// route add 203.0.113.0/24 198.51.100.254: RTF_UP|RTF_GATEWAY|RTF_DONE|RTF_STATIC
	freebsdRtMsg(0x1 /* RTM_ADD */, 3, 0x843, 0x7 /* DST|GATEWAY|NETMASK */, 0,
		sin4(203, 0, 113, 0),    // RTA_DST
		sin4(198, 51, 100, 254), // RTA_GATEWAY
		sin4(255, 255, 255, 0),  // RTA_NETMASK
	),
	// the same request again, refused: rtm_errno = EEXIST (17); skipped
	freebsdRtMsg(0x1 /* RTM_ADD */, 3, 0x803, 0x7, 17,
		sin4(203, 0, 113, 0), sin4(198, 51, 100, 254), sin4(255, 255, 255, 0),
	),
	// an ARP entry resolved (lltable event): RTF_HOST|RTF_LLDATA
	freebsdRtMsg(0x1 /* RTM_ADD */, 3, 0x404, 0x3 /* DST|GATEWAY */, 0,
		sin4(198, 51, 100, 7),                            // RTA_DST
		dlFreeBSD(3, 0x58, 0x9c, 0xfc, 0x00, 0x00, 0x07), // RTA_GATEWAY
	),
	// RTM_MISS (7): a lookup found nothing; skipped
	freebsdRtMsg(0x7, 0, 0, 0x1, 0, sin4(192, 0, 2, 1)),
	// an IPv6 route changed: 2001:db8::/32 now via fe80::1%tap0, RTF_UP|RTF_GATEWAY|RTF_DONE|RTF_STATIC
	freebsdRtMsg(0x3 /* RTM_CHANGE */, 3, 0x843, 0x7, 0,
		cat([]byte{28, 28}, le16(0), le32(0), // sin6_len, sin6_family = AF_INET6 (FreeBSD), sin6_port, sin6_flowinfo
			[]byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, // sin6_addr
			le32(0), zeros(4)), // sin6_scope_id, SA_SIZE padding to 32
		cat([]byte{28, 28}, le16(0), le32(0),
			[]byte{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
			le32(3), zeros(4)), // sin6_scope_id = tap0
		cat([]byte{12, 28}, le16(0), le32(0), []byte{0xff, 0xff, 0xff, 0xff}, zeros(4)), // RTA_NETMASK: sin6_len 12 (truncated after /32), SA_SIZE 16
	),
	// the ARP entry expired
	freebsdRtMsg(0x2 /* RTM_DELETE */, 3, 0x404, 0x3, 0,
		sin4(198, 51, 100, 7), dlFreeBSD(3),
	),
	freebsdRtMsg(0x2 /* RTM_DELETE */, 3, 0x843, 0x7, 0,
		sin4(203, 0, 113, 0), sin4(198, 51, 100, 254), sin4(255, 255, 255, 0),
	),
	freebsdAddrMsg(0x0d /* RTM_DELADDR */),
	freebsdAnnounce(3, "tap0", 1 /* IFAN_DEPARTURE */),
}

// notified is one translated notification: its group and summary.
type notified struct {
	group uint32
	typ   wire.MsgType
	sum   string
}

// notifyAll translates msgs one by one and decodes what they became.
func notifyAll(t *testing.T, o OS, msgs [][]byte) []notified {
	t.Helper()
	var out []notified
	for i, m := range msgs {
		var b wire.Builder
		n, err := AppendNotification(&b, o, m, 0)
		if err != nil || b.Err() != nil {
			t.Fatalf("message %d: %v %v", i, err, b.Err())
		}
		if n.Type == 0 {
			if b.Len() != 0 {
				t.Fatalf("message %d: skipped but appended %x", i, b.Bytes())
			}
			continue
		}
		s := codec.SchemaFor(n.Type)
		ds := decodeAll(t, s, b.Bytes())
		if len(ds) != 1 {
			t.Fatalf("message %d: %d messages", i, len(ds))
		}
		if h := ds[0].Msg.Header(); h.Type != n.Type || h.Flags != 0 || h.Seq != 0 {
			t.Errorf("message %d: header %+v, want type %d, flags 0, seq 0", i, h, n.Type)
		}
		out = append(out, notified{n.Group, n.Type, summary(ds[0].Msg)})
	}
	return out
}

func checkNotified(t *testing.T, got, want []notified) {
	t.Helper()
	if len(got) != len(want) {
		for _, g := range got {
			t.Logf("got %d %d %s", g.group, g.typ, g.sum)
		}
		t.Fatalf("got %d notifications, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("notification %d:\n got %d %d %s\nwant %d %d %s", i,
				got[i].group, got[i].typ, got[i].sum, want[i].group, want[i].typ, want[i].sum)
		}
	}
}

func TestFreeBSDNotifications(t *testing.T) {
	const (
		addr  = "family=2 prefixlen=24 flags=128 scope=0 index=3 IFA_ADDRESS=198.51.100.1 IFA_LOCAL=198.51.100.1 IFA_BROADCAST=198.51.100.255 IFA_LABEL=tap0 IFA_FLAGS=128"
		route = "family=2 dst_len=24 src_len=0 tos=0 table=254 proto=4 scope=0 type=1 flags=0 RTA_TABLE=254 RTA_DST=203.0.113.0 RTA_GATEWAY=198.51.100.254 RTA_OIF=3"
	)
	checkNotified(t, notifyAll(t, FreeBSD, freebsdEvents), []notified{
		{uapi.RTNLGRP_LINK, uapi.RTM_NEWLINK, "family=0 ifi_type=65534 index=3 flags=0 change=0 IFLA_IFNAME=tap0"},
		{uapi.RTNLGRP_LINK, uapi.RTM_NEWLINK, "family=0 ifi_type=1 index=3 flags=69699 change=0 IFLA_IFNAME=tap0 IFLA_OPERSTATE=6 IFLA_MTU=1500 IFLA_ADDRESS=58:9c:fc:00:00:01 IFLA_BROADCAST=ff:ff:ff:ff:ff:ff"},
		{uapi.RTNLGRP_IPV4_IFADDR, uapi.RTM_NEWADDR, addr},
		{uapi.RTNLGRP_IPV4_ROUTE, uapi.RTM_NEWROUTE, route},
		{uapi.RTNLGRP_NEIGH, uapi.RTM_NEWNEIGH, "family=2 ifindex=3 state=128 flags=0 ndm_type=1 NDA_DST=198.51.100.7 NDA_LLADDR=58:9c:fc:00:00:07"},
		{uapi.RTNLGRP_IPV6_ROUTE, uapi.RTM_NEWROUTE, "family=10 dst_len=32 src_len=0 tos=0 table=254 proto=4 scope=0 type=1 flags=0 RTA_TABLE=254 RTA_DST=2001:db8:: RTA_GATEWAY=fe80::1 RTA_OIF=3"},
		{uapi.RTNLGRP_NEIGH, uapi.RTM_DELNEIGH, "family=2 ifindex=3 state=1 flags=0 ndm_type=1 NDA_DST=198.51.100.7"},
		{uapi.RTNLGRP_IPV4_ROUTE, uapi.RTM_DELROUTE, route},
		{uapi.RTNLGRP_IPV4_IFADDR, uapi.RTM_DELADDR, addr},
		{uapi.RTNLGRP_LINK, uapi.RTM_DELLINK, "family=0 ifi_type=65534 index=3 flags=0 change=0 IFLA_IFNAME=tap0"},
	})
}

// openbsdNotifyMsg is an OpenBSD rt_msghdr message of type typ with
// rtm_errno errno: the dump's record (openbsdRtMsg, fields cited there)
// with those two fields set.
func openbsdNotifyMsg(typ uint8, errno uint32, rec []byte) []byte {
	rec[3] = typ                  // rtm_type
	copy(rec[32:36], le32(errno)) // rtm_errno
	return rec
}

func TestOpenBSDNotifications(t *testing.T) {
	msgs := [][]byte{
		record(
			// struct if_announcemsghdr (OpenBSD sys/net/if.h)
			le16(0),                        // ifan_msglen (patched by record)
			[]byte{5},                      // ifan_version = RTM_VERSION
			[]byte{0x0f},                   // ifan_type = RTM_IFANNOUNCE (OpenBSD)
			le16(26),                       // ifan_hdrlen = sizeof(struct if_announcemsghdr)
			le16(5),                        // ifan_index
			le16(1),                        // ifan_what = IFAN_DEPARTURE
			[]byte("vether0"), zeros(16-7), // ifan_name[IFNAMSIZ]
		),
		// RTM_DESYNC (0x10): the socket overflowed; skipped here
		record(le16(0), []byte{5}, []byte{0x10}, le16(96), zeros(92)),
		// 2001:db8::/32 via fe80::1%em0 changed (RTM_CHANGE), then a failed add (ESRCH 3)
		openbsdNotifyMsg(0x3, 0, openbsdRtMsg(1, 8, 0x7, 0x803,
			sin6OpenBSD(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
			sin6OpenBSD(0xfe, 0x80, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
			sin6OpenBSD(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		)),
		openbsdNotifyMsg(0x1, 3, openbsdRtMsg(1, 8, 0x7, 0x803,
			sin4(0, 0, 0, 0), sin4(192, 0, 2, 1), zeros(8),
		)),
		// default via 192.0.2.1 deleted
		openbsdNotifyMsg(0x2, 0, openbsdRtMsg(1, 8, 0x7, 0x803,
			sin4(0, 0, 0, 0), sin4(192, 0, 2, 1), zeros(8),
		)),
	}
	checkNotified(t, notifyAll(t, OpenBSD, msgs), []notified{
		{uapi.RTNLGRP_LINK, uapi.RTM_DELLINK, "family=0 ifi_type=65534 index=5 flags=0 change=0 IFLA_IFNAME=vether0"},
		{uapi.RTNLGRP_IPV6_ROUTE, uapi.RTM_NEWROUTE, "family=10 dst_len=32 src_len=0 tos=0 table=254 proto=4 scope=0 type=1 flags=0 RTA_TABLE=254 RTA_DST=2001:db8:: RTA_PRIORITY=8 RTA_GATEWAY=fe80::1 RTA_OIF=1"},
		{uapi.RTNLGRP_IPV4_ROUTE, uapi.RTM_DELROUTE, "family=2 dst_len=0 src_len=0 tos=0 table=254 proto=4 scope=0 type=1 flags=0 RTA_TABLE=254 RTA_PRIORITY=8 RTA_GATEWAY=192.0.2.1 RTA_OIF=1"},
	})
}

func TestDarwinNotifications(t *testing.T) {
	msgs := [][]byte{
		// the first neighbour of darwinNeigh, deleted (RTM_DELETE), and the third added
		darwinRetyped(0x2, darwinNeigh),
		// 0x11 is no RTM_IFANNOUNCE on Darwin (it has none): skipped
		record(le16(0), []byte{5}, []byte{0x11}, le16(4), zeros(20)),
	}
	checkNotified(t, notifyAll(t, Darwin, msgs), []notified{
		{uapi.RTNLGRP_NEIGH, uapi.RTM_DELNEIGH, "family=2 ifindex=4 state=2 flags=0 ndm_type=1 NDA_DST=192.0.2.1 NDA_LLADDR=00:11:22:33:44:55"},
	})
}

// darwinRetyped returns a copy of the first message of the
// Darwin buffer buf with rtm_type typ.
func darwinRetyped(typ uint8, buf []byte) []byte {
	rs := NewRecords(buf)
	rs.Next()
	rec := append([]byte(nil), rs.Record().Bytes...)
	rec[3] = typ // rtm_type
	return rec
}

func TestAnnounceMalformed(t *testing.T) {
	bad := freebsdAnnounce(3, "tap0", 7) // ifan_what 7: neither
	if _, err := AppendNotification(new(wire.Builder), FreeBSD, bad, 0); !errors.Is(err, ErrMalformed) {
		t.Errorf("ifan_what 7: %v", err)
	}
	short := freebsdAnnounce(3, "tap0", 0)[:20]
	short[0] = 20 // msglen
	if _, err := AppendNotification(new(wire.Builder), FreeBSD, short, 0); !errors.Is(err, ErrMalformed) {
		t.Errorf("short: %v", err)
	}
	if _, err := ParseAnnounce(Darwin, bad); !errors.Is(err, ErrOS) {
		t.Errorf("Darwin: %v", err)
	}
	if _, err := AppendNotification(new(wire.Builder), FreeBSD, []byte{1, 0}, 0); !errors.Is(err, ErrMalformed) {
		t.Errorf("2 bytes: %v", err)
	}
}

func TestNotificationAllocs(t *testing.T) {
	var b wire.Builder
	n := testing.AllocsPerRun(100, func() {
		for _, m := range freebsdEvents {
			b.Reset(b.Bytes()[:0])
			AppendNotification(&b, FreeBSD, m, 0)
		}
	})
	if n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

func FuzzAppendNotification(f *testing.F) {
	for _, m := range freebsdEvents {
		f.Add(uint8(FreeBSD), m)
	}
	for _, s := range seeds {
		for o := FreeBSD; o <= Darwin; o++ {
			f.Add(uint8(o), s)
		}
	}
	f.Fuzz(func(t *testing.T, o uint8, msg []byte) {
		var b wire.Builder
		n, err := AppendNotification(&b, OS(o%4), msg, 0)
		if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrVersion) && !errors.Is(err, ErrOS) {
			t.Fatalf("error %v wraps no sentinel", err)
		}
		if b.Err() != nil {
			t.Fatalf("builder: %v", b.Err())
		}
		if n.Type == 0 {
			if b.Len() != 0 {
				t.Fatalf("skipped but appended %x", b.Bytes())
			}
			return
		}
		if n.Group == 0 {
			t.Fatalf("notification %d without a group", n.Type)
		}
		if ds := decodeAll(t, codec.SchemaFor(n.Type), b.Bytes()); len(ds) != 1 {
			t.Fatalf("%d messages", len(ds))
		}
	})
}
