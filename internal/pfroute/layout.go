package pfroute

import "fmt"

// OS names the system whose header layouts a buffer follows.
type OS uint8

// The systems whose routing sysctl the package reads. The layouts are
// those of the 64-bit ports (amd64, arm64), where long is 8 bytes.
const (
	FreeBSD OS = iota + 1 // FreeBSD 10 and later
	OpenBSD               // OpenBSD 5.7 and later
	Darwin                // macOS
)

// String returns "freebsd", "openbsd" or "darwin".
func (o OS) String() string {
	switch o {
	case FreeBSD:
		return "freebsd"
	case OpenBSD:
		return "openbsd"
	case Darwin:
		return "darwin"
	}
	return fmt.Sprintf("OS(%d)", uint8(o))
}

// layout holds the offsets of the fields the package reads, per system.
// An offset of -1 marks a field the system lacks. The headers are quoted
// beside each table.
type layout struct {
	af6     uint8 // AF_INET6
	saAlign int   // sockaddr rounding in messages
	hdrLen  int   // offset of a u16 header length (OpenBSD), or -1

	// struct if_msghdr and its struct if_data
	ifmSize, ifmAddrs, ifmFlags, ifmIndex int
	ifiType, ifiLinkState, ifiMTU         int
	ifiDataLen                            int // FreeBSD ifi_datalen (u16), or -1

	// struct ifa_msghdr
	ifamSize, ifamAddrs, ifamIndex int

	// struct rt_msghdr and its struct rt_metrics
	rtmSize, rtmIndex, rtmFlags, rtmAddrs int
	rtmTable, rtmPriority                 int // OpenBSD only
	rmxMTU, rmxExpire, rmxExpireLen       int
}

// layoutFreeBSD: FreeBSD 10+ on LP64.
//
// sys/net/if.h:
//
//	struct if_msghdr {                    struct if_data {
//	  u_short ifm_msglen;    // 0           uint8_t  ifi_type;       // 16+0
//	  u_char  ifm_version;   // 2           uint8_t  ifi_physical;   // 16+1
//	  u_char  ifm_type;      // 3           uint8_t  ifi_addrlen;    // 16+2
//	  int     ifm_addrs;     // 4           uint8_t  ifi_hdrlen;     // 16+3
//	  int     ifm_flags;     // 8           uint8_t  ifi_link_state; // 16+4
//	  u_short ifm_index;     // 12          uint8_t  ifi_vhid;       // 16+5
//	  u_short _ifm_spare1;   // 14          uint16_t ifi_datalen;    // 16+6
//	  struct if_data ifm_data; // 16        uint32_t ifi_mtu;        // 16+8
//	};                       // 168         … 152 bytes in all };
//
//	struct ifa_msghdr {
//	  u_short ifam_msglen; u_char ifam_version; u_char ifam_type; // 0 2 3
//	  int ifam_addrs; int ifam_flags;                            // 4 8
//	  u_short ifam_index; u_short _ifam_spare1; int ifam_metric; // 12 14 16
//	};                                                           // 20
//
// sys/net/route.h:
//
//	struct rt_msghdr {
//	  u_short rtm_msglen; u_char rtm_version; u_char rtm_type;   // 0 2 3
//	  u_short rtm_index; u_short _rtm_spare1;                    // 4 6
//	  int rtm_flags; int rtm_addrs; pid_t rtm_pid; int rtm_seq;  // 8 12 16 20
//	  int rtm_errno; int rtm_fmask; u_long rtm_inits;            // 24 28 32
//	  struct rt_metrics rtm_rmx;                                 // 40
//	};                                                           // 152
//	struct rt_metrics {                   // 14 u_long
//	  u_long rmx_locks; u_long rmx_mtu;   // 40 48
//	  u_long rmx_hopcount; u_long rmx_expire; … // 56 64
//	};
//
// Sockaddrs are rounded by SA_SIZE to sizeof(long).
var layoutFreeBSD = layout{
	af6: afInet6FreeBSD, saAlign: 8, hdrLen: -1,
	ifmSize: 168, ifmAddrs: 4, ifmFlags: 8, ifmIndex: 12,
	ifiType: 16, ifiLinkState: 20, ifiMTU: 24, ifiDataLen: 22,
	ifamSize: 20, ifamAddrs: 4, ifamIndex: 12,
	rtmSize: 152, rtmIndex: 4, rtmFlags: 8, rtmAddrs: 12,
	rtmTable: -1, rtmPriority: -1,
	rmxMTU: 48, rmxExpire: 64, rmxExpireLen: 8,
}

// layoutOpenBSD: OpenBSD 5.7+ on LP64. Every message carries its header
// length at offset 4, which the parser follows.
//
// sys/net/if.h:
//
//	struct if_msghdr {                    struct if_data {
//	  u_short ifm_msglen;    // 0           u_char    ifi_type;       // 24+0
//	  u_char  ifm_version;   // 2           u_char    ifi_addrlen;    // 24+1
//	  u_char  ifm_type;      // 3           u_char    ifi_hdrlen;     // 24+2
//	  u_short ifm_hdrlen;    // 4           u_char    ifi_link_state; // 24+3
//	  u_short ifm_index;     // 6           u_int32_t ifi_mtu;        // 24+4
//	  u_short ifm_tableid;   // 8           … 144 bytes in all };
//	  u_char  ifm_pad1, ifm_pad2; // 10 11
//	  int ifm_addrs; int ifm_flags; int ifm_xflags; // 12 16 20
//	  struct if_data ifm_data; // 24
//	};
//
//	struct ifa_msghdr {
//	  u_short ifam_msglen; u_char ifam_version; u_char ifam_type; // 0 2 3
//	  u_short ifam_hdrlen; u_short ifam_index; u_short ifam_tableid; // 4 6 8
//	  u_char ifam_pad1, ifam_pad2;                               // 10 11
//	  int ifam_addrs; int ifam_flags; int ifam_metric;           // 12 16 20
//	};                                                           // 24
//
// sys/net/route.h:
//
//	struct rt_msghdr {
//	  u_short rtm_msglen; u_char rtm_version; u_char rtm_type;   // 0 2 3
//	  u_short rtm_hdrlen; u_short rtm_index; u_short rtm_tableid; // 4 6 8
//	  u_char rtm_priority; u_char rtm_mpls;                      // 10 11
//	  int rtm_addrs; int rtm_flags; int rtm_fmask;               // 12 16 20
//	  pid_t rtm_pid; int rtm_seq; int rtm_errno; u_int rtm_inits; // 24 28 32 36
//	  struct rt_metrics rtm_rmx;                                 // 40
//	};                                                           // 96
//	struct rt_metrics {
//	  u_int64_t rmx_pksent; int64_t rmx_expire;                  // 40 48
//	  u_int rmx_locks; u_int rmx_mtu; …                          // 56 60
//	};
//
// Sockaddrs are rounded by ROUNDUP to sizeof(long).
var layoutOpenBSD = layout{
	af6: afInet6OpenBSD, saAlign: 8, hdrLen: 4,
	ifmSize: 168, ifmAddrs: 12, ifmFlags: 16, ifmIndex: 6,
	ifiType: 24, ifiLinkState: 27, ifiMTU: 28, ifiDataLen: -1,
	ifamSize: 24, ifamAddrs: 12, ifamIndex: 6,
	rtmSize: 96, rtmIndex: 6, rtmFlags: 16, rtmAddrs: 12,
	rtmTable: 8, rtmPriority: 10,
	rmxMTU: 60, rmxExpire: 48, rmxExpireLen: 8,
}

// layoutDarwin: macOS (xnu bsd/net/if.h, bsd/net/route.h). Its if_data
// has no link state.
//
//	struct if_msghdr {                    struct if_data {
//	  unsigned short ifm_msglen; // 0       u_char ifi_type;     // 16+0
//	  unsigned char ifm_version; // 2       u_char ifi_typelen;  // 16+1
//	  unsigned char ifm_type;    // 3       u_char ifi_physical; // 16+2
//	  int ifm_addrs;             // 4       u_char ifi_addrlen;  // 16+3
//	  int ifm_flags;             // 8       u_char ifi_hdrlen, ifi_recvquota,
//	  unsigned short ifm_index;  // 12         ifi_xmitquota, ifi_unused1;
//	  struct if_data ifm_data;   // 16      u_int32_t ifi_mtu;   // 16+8
//	};                           // 112     … 96 bytes in all };
//
//	struct ifa_msghdr {
//	  unsigned short ifam_msglen; unsigned char ifam_version, ifam_type; // 0 2 3
//	  int ifam_addrs; int ifam_flags; unsigned short ifam_index;         // 4 8 12
//	  int ifam_metric;                                                   // 16
//	};                                                                   // 20
//
//	struct rt_msghdr {
//	  u_short rtm_msglen; u_char rtm_version; u_char rtm_type;   // 0 2 3
//	  u_short rtm_index; int rtm_flags; int rtm_addrs;           // 4 8 12
//	  pid_t rtm_pid; int rtm_seq; int rtm_errno; int rtm_use;    // 16 20 24 28
//	  u_int32_t rtm_inits; struct rt_metrics rtm_rmx;            // 32 36
//	};                                                           // 92
//	struct rt_metrics {
//	  u_int32_t rmx_locks; u_int32_t rmx_mtu;                    // 36 40
//	  u_int32_t rmx_hopcount; int32_t rmx_expire; …              // 44 48
//	};
//
// Sockaddrs are rounded by ROUNDUP32 to 4 bytes (bsd/net/rtsock.c).
var layoutDarwin = layout{
	af6: afInet6Darwin, saAlign: 4, hdrLen: -1,
	ifmSize: 112, ifmAddrs: 4, ifmFlags: 8, ifmIndex: 12,
	ifiType: 16, ifiLinkState: -1, ifiMTU: 24, ifiDataLen: -1,
	ifamSize: 20, ifamAddrs: 4, ifamIndex: 12,
	rtmSize: 92, rtmIndex: 4, rtmFlags: 8, rtmAddrs: 12,
	rtmTable: -1, rtmPriority: -1,
	rmxMTU: 40, rmxExpire: 48, rmxExpireLen: 4,
}

func (o OS) layout() *layout {
	switch o {
	case FreeBSD:
		return &layoutFreeBSD
	case OpenBSD:
		return &layoutOpenBSD
	case Darwin:
		return &layoutDarwin
	}
	return nil
}
