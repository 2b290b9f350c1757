package cmnl_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/bench/cmnl"
	"github.com/nlroute/nlroute/internal/testutil"
)

// build compiles the baselines into t.TempDir(), skipping (with a message
// naming libmnl) when gcc or libmnl is missing.
func build(t *testing.T) *cmnl.Programs {
	t.Helper()
	p, err := cmnl.Build(context.Background(), t.TempDir())
	if errors.Is(err, cmnl.ErrMissing) {
		t.Skipf("C baselines skipped: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBuild(t *testing.T) { build(t) }

// gwNS makes a namespace with an up veth v0 addressed 192.0.2.10/24, so
// 192.0.2.1 is an on-link gateway, and returns v0's index.
func gwNS(t *testing.T) (*testutil.NetNS, int) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up",
		"addr add 192.0.2.10/24 dev v0")
	return ns, ns.IfIndex(t, "v0")
}

// TestRoutes installs routes in both ack modes, checks them through ip,
// and dumps them back; a route the kernel refuses fails the install.
func TestRoutes(t *testing.T) {
	p := build(t)
	ns, oif := gwNS(t)
	ctx := context.Background()
	const n = 3000 // more than one send
	for _, ack := range []string{"per-msg", "errors"} {
		t.Run(ack, func(t *testing.T) {
			args := []string{"--netns", ns.Path, "-n", fmt.Sprint(n), "--oif", fmt.Sprint(oif), "--gw", "192.0.2.1", "--ack", ack, "--send", "65536"}
			pr, err := p.Run(ctx, cmnl.RouteInstall, args...)
			if err != nil {
				t.Fatal(err)
			}
			r := pr.Runs[0]
			if r.N != n || r.Ack != ack || r.Failed != 0 || r.Sends < 2 || r.Rate <= 0 {
				t.Errorf("install result %+v", r)
			}
			out := ns.Run(t, "-4", "route", "show", "proto", "static")
			if got := strings.Count(out, "\n"); got != n {
				t.Errorf("ip route show: %d static routes, want %d", got, n)
			}
			if want := "10.0.11.184 via 192.0.2.1 dev v0"; !strings.Contains(out, want) {
				t.Errorf("ip route show lacks %q (route %d)", want, n-1)
			}
			pr, err = p.Run(ctx, cmnl.RouteDump, "--netns", ns.Path, "--repeat", "2")
			if err != nil {
				t.Fatal(err)
			}
			if len(pr.Runs) != 2 || pr.Runs[1].N != n+1 { // + 192.0.2.0/24
				t.Errorf("dump runs %+v, want 2 of %d routes", pr.Runs, n+1)
			}
			// Installing again: every route exists, so the kernel refuses
			// them all, and the program says so.
			if _, err := p.Run(ctx, cmnl.RouteInstall, args...); err == nil || !strings.Contains(err.Error(), "File exists") {
				t.Errorf("second install: %v, want EEXIST", err)
			}
			ns.Run(t, "route", "flush", "proto", "static")
		})
	}
}

func TestLinks(t *testing.T) {
	p := build(t)
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add a0 type veth peer name a1", "link add b0 type veth peer name b1")
	pr, err := p.Run(context.Background(), cmnl.LinkDump, "--netns", ns.Path, "--repeat", "3")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range pr.Runs {
		if r.N != 5 || r.Tool != "link_dump" {
			t.Errorf("link dump %+v, want 5 links", r)
		}
	}
	if len(pr.Runs) != 3 || pr.MaxRSS == 0 {
		t.Errorf("process %+v", pr)
	}
}
