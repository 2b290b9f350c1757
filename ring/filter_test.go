package ring_test

import (
	"context"
	"encoding/binary"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
)

// TestKernelSocketFilter attaches a classic BPF program that keeps only
// RTM_NEWADDR to a socket subscribed to link and address events, then
// makes both kinds happen: only the address events may arrive.
func TestKernelSocketFilter(t *testing.T) {
	ns := testutil.NewNetNS(t)
	const rtmNewAddr = 20 // RTM_NEWADDR
	// BPF loads a half-word in network byte order; the header is in host
	// order, so compare against the type's bytes as the load sees them.
	var typ [2]byte
	binary.NativeEndian.PutUint16(typ[:], rtmNewAddr)
	k := uint32(binary.BigEndian.Uint16(typ[:]))
	prog := []ring.SockFilter{
		{Code: 0x28, K: 4},               // ldh [4]: nlmsg_type
		{Code: 0x15, Jt: 0, Jf: 1, K: k}, // jeq RTM_NEWADDR
		{Code: 0x06, K: 0xffffffff},      // ret: keep the datagram
		{Code: 0x06, K: 0},               // ret 0: drop it
	}
	// RTNLGRP_LINK (1) and RTNLGRP_IPV4_IFADDR (5).
	c := dialNS(t, ns, ring.Config{Groups: []uint32{1, 5}, Filter: prog})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev := c.Events(ctx)
	defer ev.Close()

	ns.Batch(t, "link add f0 type veth peer name f1", "link set f0 up", "addr add 192.0.2.1/24 dev f0")
	if !ev.Next() {
		t.Fatalf("no event: %v", ev.Err())
	}
	if got := ev.Message().Header.Type; got != rtmNewAddr {
		t.Fatalf("first event has type %d, want only RTM_NEWADDR (%d) through the filter", got, rtmNewAddr)
	}

	bad := dialFails(t, ns, ring.Config{Filter: []ring.SockFilter{{Code: 0xffff}}})
	if bad == nil {
		t.Fatal("an invalid filter program was accepted")
	}
}

func dialFails(t *testing.T, ns *testutil.NetNS, cfg ring.Config) error {
	t.Helper()
	cfg.NetNS = netns.Path(ns.Path)
	c, err := ring.Dial(cfg)
	if err == nil {
		c.Close()
	}
	return err
}
