package ring_test

import (
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// rtnetlink numbers used by the kernel tests (linux/rtnetlink.h,
// linux/if_link.h); the rtnl layer will own them.
const (
	rtmGetRoute wire.MsgType = 26 // RTM_GETROUTE
	rtmNewRoute wire.MsgType = 24 // RTM_NEWROUTE

	iflaAddress  = 1  // IFLA_ADDRESS
	iflaIfname   = 3  // IFLA_IFNAME
	iflaMTU      = 4  // IFLA_MTU
	iflaLinkinfo = 18 // IFLA_LINKINFO
	iflaInfoKind = 1  // IFLA_INFO_KIND
	iflaInfoData = 2  // IFLA_INFO_DATA

	rtaDst   = 1  // RTA_DST
	rtaOIF   = 4  // RTA_OIF
	rtaTable = 15 // RTA_TABLE

	afInet = 2 // AF_INET
)

// dialNS opens a Conn inside ns and closes it when the test ends.
func dialNS(tb testing.TB, ns *testutil.NetNS, cfg ring.Config) *ring.Conn {
	tb.Helper()
	cfg.NetNS = netns.Path(ns.Path)
	c, err := ring.Dial(cfg)
	if err != nil {
		tb.Fatalf("dial in %s: %v", ns.Name, err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

// linkDumpReq is an RTM_GETLINK dump request: struct ifinfomsg, all zero
// (ifi_family AF_UNSPEC, no index filter).
func linkDumpReq() []byte {
	var b wire.Builder
	b.Reset(nil)
	b.Begin(rtmGetLink, wire.FlagDump, 0)
	b.Reserve(16) // struct ifinfomsg
	b.End()
	return b.Bytes()
}

// linkGetReq asks for the one link with index idx.
func linkGetReq(idx int32) []byte {
	var b wire.Builder
	b.Reset(nil)
	b.Begin(rtmGetLink, 0, 0)
	ifi := b.Reserve(16)                                 // struct ifinfomsg
	binary.NativeEndian.PutUint32(ifi[4:8], uint32(idx)) // ifi_index
	b.End()
	return b.Bytes()
}

// routeDumpReq dumps IPv4 routes: struct rtmsg with rtm_family AF_INET.
func routeDumpReq() []byte {
	var b wire.Builder
	b.Reset(nil)
	b.Begin(rtmGetRoute, wire.FlagDump, 0)
	b.Reserve(12)[0] = afInet // struct rtmsg: rtm_family
	b.End()
	return b.Bytes()
}

// appendRouteAdd builds an RTM_NEWROUTE for dst/32 through device oif.
func appendRouteAdd(b *wire.Builder, dst netip.Addr, oif uint32, flags wire.HeaderFlags) {
	b.Begin(rtmNewRoute, flags, 0)
	rt := b.Reserve(12) // struct rtmsg
	rt[0] = afInet      // rtm_family
	rt[1] = 32          // rtm_dst_len
	rt[2] = 0           // rtm_src_len
	rt[3] = 0           // rtm_tos
	rt[4] = 254         // rtm_table: RT_TABLE_MAIN
	rt[5] = 4           // rtm_protocol: RTPROT_STATIC
	rt[6] = 253         // rtm_scope: RT_SCOPE_LINK
	rt[7] = 1           // rtm_type: RTN_UNICAST
	// rt[8:12] rtm_flags: 0
	b.PutAddr(rtaDst, dst)
	b.PutUint32(rtaOIF, oif)
	b.End()
}

// nthAddr returns 10.(i>>16).(i>>8).i offset into 10.0.0.0/8, skipping .0.
func nthAddr(base byte, i int) netip.Addr {
	i++
	return netip.AddrFrom4([4]byte{10, base + byte(i>>16), byte(i >> 8), byte(i)})
}

// attrs returns the top-level attributes after a fixed header of n bytes.
func attrs(m wire.Message, n int) map[uint16]wire.Attr {
	out := map[uint16]wire.Attr{}
	if len(m.Data) < n {
		return out
	}
	it := wire.NewAttrs(m.Data[n:])
	for it.Next() {
		out[it.Attr().Kind()] = it.Attr()
	}
	if it.Err() != nil {
		return map[uint16]wire.Attr{} // malformed: the caller finds nothing
	}
	return out
}

// nested returns the attributes inside a.
func nested(a wire.Attr) map[uint16]wire.Attr {
	return attrs(wire.Message{Data: a.Value}, 0)
}
