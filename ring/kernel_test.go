package ring_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// linkNames dumps links and returns ifindex → name.
func linkNames(t *testing.T, c *ring.Conn) map[int]string {
	t.Helper()
	got := map[int]string{}
	s := c.Dump(context.Background(), "link dump", linkDumpReq())
	for s.Next() {
		m := s.Message()
		idx := int(int32(uint32(m.Data[4]) | uint32(m.Data[5])<<8 | uint32(m.Data[6])<<16 | uint32(m.Data[7])<<24))
		got[idx] = attrs(m, 16)[iflaIfname].String()
	}
	if err := s.Err(); err != nil {
		t.Fatalf("link dump: %v", err)
	}
	return got
}

func TestKernelLinkDump(t *testing.T) {
	testutil.RequireKernel(t, "link:bridge", "link:vxlan")
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add br0 type bridge", "link add v0 type veth peer name v1", "link add vx0 type vxlan id 42 dstport 4789")
	c := dialNS(t, ns, ring.Config{})
	got := linkNames(t, c)
	var want []struct {
		IfIndex int    `json:"ifindex"`
		Name    string `json:"ifname"`
	}
	ns.RunJSON(t, &want, "link", "show")
	if len(got) != len(want) {
		t.Fatalf("dumped %d links %v, ip shows %d %v", len(got), got, len(want), want)
	}
	for _, l := range want {
		if got[l.IfIndex] != l.Name {
			t.Errorf("ifindex %d: dumped %q, ip says %q", l.IfIndex, got[l.IfIndex], l.Name)
		}
	}
}

func TestKernelRouteDump(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up",
		"addr add 192.168.7.1/24 dev v0", "route add 10.9.0.0/16 dev v0", "route add default via 192.168.7.254")
	c := dialNS(t, ns, ring.Config{})
	var got []string
	s := c.Dump(context.Background(), "route dump", routeDumpReq())
	for s.Next() {
		m := s.Message()
		a := attrs(m, 12)
		table := uint32(m.Data[4])
		if v, ok := a[rtaTable].Uint32(); ok {
			table = v
		}
		if table != 254 { // RT_TABLE_MAIN: what `ip route` shows
			continue
		}
		dst := "default"
		if d, ok := a[rtaDst].Addr(); ok {
			dst = netip.PrefixFrom(d, int(m.Data[1])).String()
		}
		got = append(got, dst)
	}
	if err := s.Err(); err != nil {
		t.Fatalf("route dump: %v", err)
	}
	var routes []struct {
		Dst string `json:"dst"`
	}
	ns.RunJSON(t, &routes, "route", "show")
	var want []string
	for _, r := range routes {
		if r.Dst != "default" && !strings.Contains(r.Dst, "/") {
			r.Dst += "/32"
		}
		want = append(want, r.Dst)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("dumped %v, ip route shows %v", got, want)
	}
}

func TestKernelBatchOneBad(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up")
	oif := uint32(ns.IfIndex(t, "v0"))
	c := dialNS(t, ns, ring.Config{ReadBuffer: 4 << 20, ForceReadBuffer: true})
	const n, bad = 1000, 500
	var b wire.Builder
	b.Reset(nil)
	for i := range n {
		off := b.Len()
		appendRouteAdd(&b, nthAddr(0, i), oif, wire.FlagCreate|wire.FlagExcl)
		if i == bad {
			b.Bytes()[off+wire.HeaderLen+7] = 200 // rtm_type beyond RTN_MAX
		}
	}
	results := make([]error, n)
	before := c.Stats().Sends
	failed, err := c.Batch(context.Background(), "route add", b.Bytes(), results)
	if err != nil || failed != 1 {
		t.Fatalf("failed %d, err %v", failed, err)
	}
	if sends := c.Stats().Sends - before; sends != 1 {
		t.Errorf("%d sends, want the batch in one", sends)
	}
	for i, r := range results {
		if (i == bad) != (r != nil) {
			t.Errorf("result %d: %v", i, r)
		}
	}
	var oe *wire.OpError
	if !errors.As(results[bad], &oe) || !errors.Is(oe, syscall.EINVAL) || oe.Msg == "" {
		t.Fatalf("result %d: %v, want EINVAL with the kernel's message", bad, results[bad])
	}
	t.Logf("kernel said: %v", oe)
	var routes []struct{}
	ns.RunJSON(t, &routes, "route", "show", "dev", "v0")
	if len(routes) != n-1 {
		t.Errorf("ip route shows %d routes, want %d", len(routes), n-1)
	}
}

func TestKernelNoSuchKind(t *testing.T) {
	ns := testutil.NewNetNS(t)
	c := dialNS(t, ns, ring.Config{})
	var b wire.Builder
	b.Reset(nil)
	b.Begin(rtmNewLink, wire.FlagCreate|wire.FlagExcl, 0)
	b.Reserve(16) // struct ifinfomsg
	b.PutString(iflaIfname, "x")
	li := b.Nest(iflaLinkinfo)
	b.PutString(iflaInfoKind, "nosuchkind")
	b.EndNest(li)
	b.End()
	err := c.Exec(context.Background(), "link add", b.Bytes())
	if !errors.Is(err, syscall.EOPNOTSUPP) {
		t.Fatalf("got %v, want EOPNOTSUPP", err)
	}
	_, ipErr := ns.TryRun("link", "add", "x", "type", "nosuchkind")
	var oe *wire.OpError
	if !errors.As(err, &oe) || oe.Msg == "" || ipErr == nil || !strings.Contains(ipErr.Error(), oe.Msg) {
		t.Fatalf("kernel message %q not what ip printed: %v", err, ipErr)
	}
}

func TestKernelEventsCancelAndClose(t *testing.T) {
	ns := testutil.NewNetNS(t)
	c := dialNS(t, ns, ring.Config{Groups: []uint32{1}}) // RTNLGRP_LINK
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		ev := c.Events(ctx)
		for ev.Next() {
		}
		done <- ev.Err()
	}()
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("events after cancel: %v", err)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("cancel took %v", d)
	}

	// Close: a blocked event reader and goroutines busy with requests all return.
	errs := make(chan error, 9)
	go func() {
		ev := c.Events(context.Background())
		for ev.Next() {
		}
		errs <- ev.Err()
	}()
	for range 8 {
		go func() {
			for {
				if _, err := dumpCount(c); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	start = time.Now()
	c.Close()
	for range 9 {
		if err := <-errs; !errors.Is(err, ring.ErrClosed) {
			t.Errorf("waiter: %v, want ErrClosed", err)
		}
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("close took %v to wake every waiter", d)
	}
}

func dumpCount(c *ring.Conn) (int, error) {
	n := 0
	s := c.Dump(context.Background(), "link dump", linkDumpReq())
	for s.Next() {
		n++
	}
	return n, s.Err()
}

func TestKernelConcurrent(t *testing.T) {
	ns := testutil.NewNetNS(t)
	var lines []string
	for i := range 16 {
		lines = append(lines, fmt.Sprintf("link add b%d type bridge", i))
	}
	ns.Batch(t, lines...)
	c := dialNS(t, ns, ring.Config{})
	names := linkNames(t, c)
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := range 20 {
				if g%8 == 0 && i%5 == 0 {
					if n, err := dumpCount(c); err != nil || n != len(names) {
						t.Errorf("goroutine %d: dump %d links, %v", g, n, err)
					}
					continue
				}
				idx := int32(1 + (g+i)%len(names))
				s := c.Query(context.Background(), "link get", linkGetReq(idx))
				var got []string
				for s.Next() {
					got = append(got, attrs(s.Message(), 16)[iflaIfname].String())
				}
				if err := s.Err(); err != nil || len(got) != 1 || got[0] != names[int(idx)] {
					t.Errorf("goroutine %d: link %d: got %v, %v; want %q", g, idx, got, err, names[int(idx)])
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestKernelOverrun(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up")
	oif := uint32(ns.IfIndex(t, "v0"))
	lis := dialNS(t, ns, ring.Config{Groups: []uint32{7}, ReadBuffer: 1024, ForceReadBuffer: true}) // RTNLGRP_IPV4_ROUTE
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev := lis.Events(ctx)
	defer ev.Close()
	churn := dialNS(t, ns, ring.Config{})
	var b wire.Builder
	b.Reset(nil)
	for i := range 500 {
		appendRouteAdd(&b, nthAddr(0, i), oif, wire.FlagCreate|wire.FlagExcl)
	}
	if failed, err := churn.Batch(ctx, "route add", b.Bytes(), nil); err != nil || failed != 0 {
		t.Fatalf("churn: %d failed, %v", failed, err)
	}
	n := 0
	for ev.Next() {
		n++
	}
	if !errors.Is(ev.Err(), ring.ErrOverrun) {
		t.Fatalf("after %d events: %v, want ErrOverrun", n, ev.Err())
	}
	if n >= 500 {
		t.Errorf("%d events through a 1 KiB queue: nothing was lost?", n)
	}
}

func TestKernelLargeMessage(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add br0 type bridge", "link add v0 type veth peer name v1")
	ref := dialNS(t, ns, ring.Config{})
	want, maxLen := bridgeMessage(t, ref)
	size := maxLen / 2
	c := dialNS(t, ns, ring.Config{BufferSize: size})
	var got []byte
	attempts := 0
	err := ring.Retry(context.Background(), 4, func() error {
		attempts++
		got = nil
		s := c.Dump(context.Background(), "link dump", linkDumpReq())
		for s.Next() {
			if attrs(s.Message(), 16)[iflaIfname].String() == "br0" {
				got = slices.Clone(s.Message().Data)
			}
		}
		return s.Err()
	})
	if err != nil {
		t.Fatalf("after %d attempts: %v", attempts, err)
	}
	// The datagram runs on into its buffer's spill region and arrives
	// whole the first time: nothing is truncated, nothing re-requested.
	if st := c.Stats(); st.Truncated != 0 || st.Spilled == 0 || attempts != 1 {
		t.Fatalf("buffers of %d bytes for a %d-byte message: %d truncated, %d spilled, %d attempts",
			size, maxLen, st.Truncated, st.Spilled, attempts)
	}
	t.Logf("message of %d bytes through %d-byte buffers: whole in %d attempt", len(got), size, attempts)
	if string(got) != string(want) {
		t.Fatalf("bridge message differs from a big-buffer dump")
	}
	checkBridge(t, ns, wire.Message{Data: got})
}

// bridgeMessage dumps links through c and returns br0's payload and the
// largest message length.
func bridgeMessage(t *testing.T, c *ring.Conn) ([]byte, int) {
	var br []byte
	maxLen := 0
	s := c.Dump(context.Background(), "link dump", linkDumpReq())
	for s.Next() {
		m := s.Message()
		maxLen = max(maxLen, int(m.Header.Len))
		if attrs(m, 16)[iflaIfname].String() == "br0" {
			br = slices.Clone(m.Data)
		}
	}
	if err := s.Err(); err != nil || br == nil {
		t.Fatalf("link dump: %v (bridge found: %v)", err, br != nil)
	}
	return br, maxLen
}

// checkBridge compares the attributes of br0's message with `ip -j -d link`.
func checkBridge(t *testing.T, ns *testutil.NetNS, m wire.Message) {
	var links []struct {
		MTU      uint64 `json:"mtu"`
		TxQLen   uint64 `json:"txqlen"`
		Address  string `json:"address"`
		MinMTU   uint64 `json:"min_mtu"`
		TxQ      uint64 `json:"num_tx_queues"`
		GSO      uint64 `json:"gso_max_size"`
		LinkInfo struct {
			Kind string         `json:"info_kind"`
			Data map[string]any `json:"info_data"`
		} `json:"linkinfo"`
	}
	ns.RunJSON(t, &links, "-d", "link", "show", "br0")
	l := links[0]
	a := attrs(m, 16)
	u := func(at wire.Attr) uint64 { v, _ := at.Uint(); return v }
	top := []struct {
		name string
		got  uint64
		want uint64
	}{
		{"mtu", u(a[iflaMTU]), l.MTU},
		{"txqlen", u(a[uapi.IFLA_TXQLEN]), l.TxQLen},
		{"min_mtu", u(a[uapi.IFLA_MIN_MTU]), l.MinMTU},
		{"num_tx_queues", u(a[uapi.IFLA_NUM_TX_QUEUES]), l.TxQ},
		{"gso_max_size", u(a[uapi.IFLA_GSO_MAX_SIZE]), l.GSO},
	}
	for _, c := range top {
		if c.got != c.want {
			t.Errorf("%s: %d, ip says %d", c.name, c.got, c.want)
		}
	}
	if mac := fmt.Sprintf("% x", a[iflaAddress].Value); strings.ReplaceAll(mac, " ", ":") != l.Address {
		t.Errorf("address %s, ip says %s", mac, l.Address)
	}
	li := nested(a[iflaLinkinfo])
	if k := li[iflaInfoKind].String(); k != l.LinkInfo.Kind {
		t.Fatalf("kind %q, ip says %q", k, l.LinkInfo.Kind)
	}
	data := nested(li[iflaInfoData])
	br := map[uint16]string{
		uapi.IFLA_BR_FORWARD_DELAY: "forward_delay", uapi.IFLA_BR_HELLO_TIME: "hello_time",
		uapi.IFLA_BR_MAX_AGE: "max_age", uapi.IFLA_BR_AGEING_TIME: "ageing_time",
		uapi.IFLA_BR_STP_STATE: "stp_state", uapi.IFLA_BR_PRIORITY: "priority",
		uapi.IFLA_BR_VLAN_FILTERING: "vlan_filtering", uapi.IFLA_BR_ROOT_PORT: "root_port",
		uapi.IFLA_BR_MCAST_SNOOPING: "mcast_snooping", uapi.IFLA_BR_MCAST_ROUTER: "mcast_router",
		uapi.IFLA_BR_MCAST_HASH_ELASTICITY: "mcast_hash_elasticity", uapi.IFLA_BR_MCAST_HASH_MAX: "mcast_hash_max",
		uapi.IFLA_BR_MCAST_LAST_MEMBER_CNT: "mcast_last_member_cnt", uapi.IFLA_BR_MCAST_STARTUP_QUERY_CNT: "mcast_startup_query_cnt",
		uapi.IFLA_BR_MCAST_LAST_MEMBER_INTVL: "mcast_last_member_intvl", uapi.IFLA_BR_MCAST_MEMBERSHIP_INTVL: "mcast_membership_intvl",
		uapi.IFLA_BR_MCAST_QUERIER_INTVL: "mcast_querier_intvl", uapi.IFLA_BR_MCAST_QUERY_INTVL: "mcast_query_intvl",
		uapi.IFLA_BR_MCAST_QUERY_RESPONSE_INTVL: "mcast_query_response_intvl", uapi.IFLA_BR_MCAST_STARTUP_QUERY_INTVL: "mcast_startup_query_intvl",
		uapi.IFLA_BR_MCAST_IGMP_VERSION: "mcast_igmp_version", uapi.IFLA_BR_MCAST_MLD_VERSION: "mcast_mld_version",
		uapi.IFLA_BR_NF_CALL_IPTABLES: "nf_call_iptables",
	}
	for typ, key := range br {
		want, ok := l.LinkInfo.Data[key].(float64)
		if !ok {
			t.Errorf("ip -j -d shows no %s", key)
			continue
		}
		if got := u(data[typ]); got != uint64(want) {
			t.Errorf("bridge %s: %d, ip says %v", key, got, want)
		}
	}
}
