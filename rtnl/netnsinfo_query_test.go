package rtnl_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
)

// TestQueryNetNSID: get_netnsid's four selectors. From namespace A, B has
// id 5 and C id 6; inside C, B has id 7. By nsid, pid, fd and path B is
// 5; with target_nsid 6 (C's view) B is 7. NetNSInfo with ListProc finds
// a process started inside B.
func TestQueryNetNSID(t *testing.T) {
	r, a := dialNS(t)
	b, c := testutil.NewNetNS(t), testutil.NewNetNS(t)
	a.Run(t, "netns", "set", b.Name, "5")
	a.Run(t, "netns", "set", c.Name, "6")
	c.Run(t, "netns", "set", b.Name, "7")
	ctx := context.Background()

	sleeper := exec.Command("ip", "netns", "exec", b.Name, "sleep", "30")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sleeper.Process.Kill(); sleeper.Wait() })
	// ip netns exec enters B after it starts: wait for it.
	bfi, err := os.Stat(b.Path)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		fi, err := os.Stat(fmt.Sprintf("/proc/%d/ns/net", sleeper.Process.Pid))
		if err == nil && os.SameFile(fi, bfi) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the process did not enter B")
		}
	}
	f, err := os.Open(b.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	for _, sel := range []rtnl.Spec{
		{"nsid": 5}, {"pid": sleeper.Process.Pid}, {"fd": int(f.Fd())}, {"path": b.Path},
	} {
		got, err := r.QueryNetNSID(ctx, sel)
		if err != nil || got.NSID != 5 {
			t.Errorf("QueryNetNSID(%v) = %+v, %v; want nsid 5", sel, got, err)
		}
	}
	got, err := r.QueryNetNSID(ctx, rtnl.Spec{"path": b.Path, "target_nsid": 6})
	if err != nil || got.NSID != 7 {
		t.Errorf("QueryNetNSID(path B, target C) = %+v, %v; want nsid 7", got, err)
	}
	if got, err := r.QueryNetNSID(ctx, rtnl.Spec{"path": a.Path}); err != nil || got.NSID != rtnl.NSIDNotAssigned {
		t.Errorf("QueryNetNSID(own namespace) = %+v, %v", got, err)
	}
	for _, bad := range []rtnl.Spec{{}, {"nsid": 5, "pid": 1}, {"target_nsid": 6}, {"pid": "x"}, {"bogus": 1}} {
		if _, err := r.QueryNetNSID(ctx, bad); !errors.Is(err, codec.ErrBadSpec) {
			t.Errorf("QueryNetNSID(%v) = %v, want a SpecError", bad, err)
		}
	}

	info, err := r.NetNSInfo(ctx, rtnl.NetNSInfoConfig{ListProc: true})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range info {
		if e.Name == b.Name {
			found = slices.Contains(e.PIDs, sleeper.Process.Pid)
		}
		if e.Name == c.Name && len(e.PIDs) != 0 {
			t.Errorf("C has processes: %v", e.PIDs)
		}
	}
	if !found {
		t.Errorf("NetNSInfo(ListProc) did not list the process in %s: %+v", b.Name, info)
	}
}
