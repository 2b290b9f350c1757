//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
	"golang.org/x/sys/unix"
)

// runAgentScenario is the link/addr/route scenario every agent
// connection must pass, run through r, an agent serving the fresh
// namespace ns: links, addresses and routes made through it, dumped back
// through it and compared with iproute2's view (ip -n NS -j …); the
// kernel's errors, a batch and notifications of a joined group pass
// through too. The transports (ip netns exec, a real sshd, the ssh
// bootstrap's copied binary) share it.
func runAgentScenario(t *testing.T, ns *testutil.NetNS, r *rtnl.IPRoute) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	if err := r.LinkAdd(ctx, rtnl.Link{Name: "br0", Info: rtnl.Bridge{}}); err != nil {
		t.Fatal(err)
	}
	idx := ns.IfIndex(t, "br0")
	if err := r.LinkSet(ctx, rtnl.Link{Index: int32(idx), State: rtnl.LinkUp}); err != nil {
		t.Fatal(err)
	}
	if err := r.AddrAdd(ctx, rtnl.Addr{Index: idx, Prefix: netip.MustParsePrefix("10.1.0.1/24")}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Do(ctx, "route", "add", rtnl.Spec{"dst": "10.2.0.0/16", "gateway": "10.1.0.2"}); err != nil {
		t.Fatal(err)
	}
	// The kernel's refusal, with its errno, through the agent.
	if err := r.LinkAdd(ctx, rtnl.Link{Name: "br0", Info: rtnl.Bridge{}}); !errors.Is(err, syscall.EEXIST) {
		t.Errorf("second link add: %v, want EEXIST", err)
	}

	links, err := r.GetLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		got = append(got, fmt.Sprintf("%d %s", l.Index(), l.NameString()))
	}
	var ipLinks []struct {
		Index int    `json:"ifindex"`
		Name  string `json:"ifname"`
	}
	ns.RunJSON(t, &ipLinks, "link", "show")
	var want []string
	for _, l := range ipLinks {
		want = append(want, fmt.Sprintf("%d %s", l.Index, l.Name))
	}
	compareSets(t, "links", got, want)

	addrs, err := r.GetAddrs(ctx, rtnl.Match{"family": unix.AF_INET})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, a := range addrs {
		got = append(got, fmt.Sprintf("%d %s", a.Index(), a.Prefix()))
	}
	var ipAddrs []struct {
		Index int `json:"ifindex"`
		Info  []struct {
			Local  string `json:"local"`
			Prefix int    `json:"prefixlen"`
		} `json:"addr_info"`
	}
	ns.RunJSON(t, &ipAddrs, "-4", "addr", "show")
	want = want[:0]
	for _, l := range ipAddrs {
		for _, a := range l.Info {
			want = append(want, fmt.Sprintf("%d %s/%d", l.Index, a.Local, a.Prefix))
		}
	}
	compareSets(t, "IPv4 addresses", got, want)
	if !slices.Contains(got, fmt.Sprintf("%d 10.1.0.1/24", idx)) {
		t.Errorf("10.1.0.1/24 missing: %v", got)
	}

	routes, err := r.GetRoutes(ctx, rtnl.Match{"family": unix.AF_INET, "table": 254})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, rt := range routes {
		got = append(got, rt.Dst().String())
	}
	var ipRoutes []struct {
		Dst string `json:"dst"`
	}
	ns.RunJSON(t, &ipRoutes, "-4", "route", "show", "table", "main")
	want = want[:0]
	for _, rt := range ipRoutes {
		want = append(want, rt.Dst)
	}
	compareSets(t, "IPv4 main routes", got, want)
	if !slices.Contains(got, "10.2.0.0/16") {
		t.Errorf("10.2.0.0/16 missing: %v", got)
	}

	// A batch through the agent, one result per request.
	b := rtnl.NewBatch()
	b.RouteAdd(rtnl.Route{Dst: netip.MustParsePrefix("10.3.0.0/16"), Gateway: netip.MustParseAddr("10.1.0.2")})
	b.RouteAdd(rtnl.Route{Dst: netip.MustParsePrefix("10.2.0.0/16"), Gateway: netip.MustParseAddr("10.1.0.2")})
	results := make([]error, 2)
	if failed, err := r.SendBatch(ctx, b.Bytes(), results); err != nil || failed != 1 || results[0] != nil || !errors.Is(results[1], syscall.EEXIST) {
		t.Errorf("batch: %d, %v, %v", failed, err, results)
	}

	// Notifications of a joined group arrive through the agent.
	if err := r.Conn().JoinGroup(unix.RTNLGRP_LINK); err != nil {
		t.Fatal(err)
	}
	ev := r.Conn().Events(ctx)
	defer ev.Close()
	ns.Run(t, "link", "add", "br9", "type", "bridge")
	seen := false
	for !seen && ev.Next() {
		m := ev.Message()
		seen = m.Header.Type == unix.RTM_NEWLINK && bytes.Contains(m.Data, []byte("br9\x00"))
	}
	if !seen {
		t.Errorf("no RTM_NEWLINK for br9 through the agent: %v", ev.Err())
	}
}
