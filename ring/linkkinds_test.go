package ring_test

import (
	"context"
	"encoding/binary"
	"net/netip"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// The full-kernel lane's acceptance test: one link of each kind this
// machine's kernel lacks, created with a raw RTM_NEWLINK through
// ring.Conn (the lowest layer until the link API lands) and read back
// through `ip -j -d link`. On the host each kind is a skip naming it; in
// the VM (VMTEST=1) a missing kind fails.

type linkCase struct {
	kind  string
	lower bool                  // stacked on a veth: IFLA_LINK
	data  func(b *wire.Builder) // IFLA_INFO_DATA, nil for none
	check func(t *testing.T, data map[string]any)
}

var (
	v4a = netip.MustParseAddr("192.0.2.1")
	v4b = netip.MustParseAddr("192.0.2.2")
	v6a = netip.MustParseAddr("2001:db8::1")
	v6b = netip.MustParseAddr("2001:db8::2")
)

func tunnel(local, remote uint16, l, r netip.Addr) func(b *wire.Builder) {
	return func(b *wire.Builder) {
		b.PutAddr(local, l)
		b.PutAddr(remote, r)
	}
}

func wantField(key string, want any) func(t *testing.T, data map[string]any) {
	return func(t *testing.T, data map[string]any) {
		t.Helper()
		if got := data[key]; got != want {
			t.Errorf("ip -j -d: info_data %s = %v (%T), want %v; info_data = %v", key, got, got, want, data)
		}
	}
}

var linkCases = []linkCase{
	{kind: "dummy"},
	{kind: "vlan", lower: true, data: func(b *wire.Builder) { b.PutUint16(uapi.IFLA_VLAN_ID, 10) }, check: wantField("id", 10.0)},
	{kind: "vrf", data: func(b *wire.Builder) { b.PutUint32(uapi.IFLA_VRF_TABLE, 10) }, check: wantField("table", 10.0)},
	{kind: "bond", data: func(b *wire.Builder) { b.PutUint8(uapi.IFLA_BOND_MODE, 1) }, check: wantField("mode", "active-backup")},
	{kind: "geneve", data: func(b *wire.Builder) { b.PutUint32(uapi.IFLA_GENEVE_ID, 42); b.PutAddr(uapi.IFLA_GENEVE_REMOTE, v4b) }, check: wantField("id", 42.0)},
	{kind: "gre", data: tunnel(uapi.IFLA_GRE_LOCAL, uapi.IFLA_GRE_REMOTE, v4a, v4b), check: wantField("remote", "192.0.2.2")},
	{kind: "gretap", data: tunnel(uapi.IFLA_GRE_LOCAL, uapi.IFLA_GRE_REMOTE, v4a, v4b), check: wantField("remote", "192.0.2.2")},
	{kind: "ip6gre", data: tunnel(uapi.IFLA_GRE_LOCAL, uapi.IFLA_GRE_REMOTE, v6a, v6b), check: wantField("remote", "2001:db8::2")},
	{kind: "ipip", data: tunnel(uapi.IFLA_IPTUN_LOCAL, uapi.IFLA_IPTUN_REMOTE, v4a, v4b), check: wantField("remote", "192.0.2.2")},
	{kind: "sit", data: tunnel(uapi.IFLA_IPTUN_LOCAL, uapi.IFLA_IPTUN_REMOTE, v4a, v4b), check: wantField("remote", "192.0.2.2")},
	{kind: "ip6tnl", data: tunnel(uapi.IFLA_IPTUN_LOCAL, uapi.IFLA_IPTUN_REMOTE, v6a, v6b), check: wantField("remote", "2001:db8::2")},
	{kind: "ipvlan", lower: true, data: func(b *wire.Builder) { b.PutUint16(uapi.IFLA_IPVLAN_MODE, 1) }, check: wantField("mode", "l3")},
	{kind: "macvtap", lower: true, data: func(b *wire.Builder) { b.PutUint32(uapi.IFLA_MACVLAN_MODE, 4) }, check: wantField("mode", "bridge")},
	{kind: "team"},
	{kind: "wireguard"},
}

func TestFullKernelLinkKinds(t *testing.T) {
	for _, tc := range linkCases {
		t.Run(tc.kind, func(t *testing.T) {
			testutil.RequireKernel(t, "link:"+tc.kind)
			ns := testutil.NewNetNS(t)
			var lower int
			if tc.lower {
				ns.Run(t, "link", "add", "low0", "type", "veth", "peer", "name", "low1")
				lower = ns.IfIndex(t, "low0")
			}
			c, err := ring.Dial(ring.Config{NetNS: netns.Path(ns.Path)})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()

			var b wire.Builder
			b.Reset(nil)
			b.Begin(rtmNewLink, wire.FlagRequest|wire.FlagAck|wire.FlagCreate|wire.FlagExcl, 0)
			b.Reserve(16) // struct ifinfomsg, all zero
			b.PutString(uapi.IFLA_IFNAME, "nl0")
			if lower != 0 {
				b.PutUint32(uapi.IFLA_LINK, uint32(lower))
			}
			li := b.Nest(uapi.IFLA_LINKINFO)
			b.PutString(uapi.IFLA_INFO_KIND, tc.kind)
			if tc.data != nil {
				d := b.Nest(uapi.IFLA_INFO_DATA)
				tc.data(&b)
				b.EndNest(d)
			}
			b.EndNest(li)
			req := b.End()
			if err := b.Err(); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := c.Exec(ctx, "link add", req); err != nil {
				t.Fatalf("link add %s: %v", tc.kind, err)
			}

			var links []struct {
				Name     string `json:"ifname"`
				LinkInfo struct {
					Kind string         `json:"info_kind"`
					Data map[string]any `json:"info_data"`
				} `json:"linkinfo"`
			}
			ns.RunJSON(t, &links, "-d", "link", "show", "dev", "nl0")
			if len(links) != 1 || links[0].Name != "nl0" || links[0].LinkInfo.Kind != tc.kind {
				t.Fatalf("ip -j -d link show dev nl0: %+v", links)
			}
			if tc.check != nil {
				tc.check(t, links[0].LinkInfo.Data)
			}
		})
	}
}

// The raw requests above write host-order integers; keep the tests honest
// on the only byte order they were written for.
func init() {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		panic("ring tests assume a little-endian host")
	}
}
