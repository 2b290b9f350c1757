package rtnl_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/ring/chaos"
	"github.com/nlroute/nlroute/rtnl"
)

// TestDialNetNSCreate: a missing name is created, as pyroute2's NetNS
// does; with Config.NoCreateNetNS it is a clear ENOENT naming the path,
// and so is a missing path always.
func TestDialNetNSCreate(t *testing.T) {
	testutil.RequireRoot(t)
	name := testutil.NetNSName(t)
	_, err := rtnl.Dial(rtnl.Config{NetNS: name, NoCreateNetNS: true})
	if !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, syscall.ENOENT) || !strings.Contains(err.Error(), netns.Dir+"/"+name) {
		t.Fatalf("Dial(missing, NoCreateNetNS) = %v, want ENOENT naming the path", err)
	}
	if _, err := os.Stat(filepath.Join(netns.Dir, name)); err == nil {
		t.Fatal("NoCreateNetNS created the namespace")
	}
	if _, err := rtnl.Dial(rtnl.Config{NetNS: "/nonexistent/netns/" + name}); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Dial(missing path) = %v, want ErrNotExist", err)
	}
	r, err := rtnl.Dial(rtnl.Config{NetNS: name})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, ok := r.NetNS(); !ok || got != name {
		t.Errorf("NetNS() = %q, %v", got, ok)
	}
	if _, err := r.LinkGet(context.Background(), rtnl.Link{Name: "lo"}); err != nil {
		t.Errorf("lo in the created namespace: %v", err)
	}
	// A second dial reuses it.
	r2, err := rtnl.Dial(rtnl.Config{NetNS: name})
	if err != nil {
		t.Fatal(err)
	}
	r2.Close()
}

// TestDialNetNSForms: the same namespace by name, path, descriptor and
// process id shows the same links.
func TestDialNetNSForms(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Run(t, "link", "add", "formx", "type", "bridge")
	f, err := os.Open(ns.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sleeper := exec.Command("ip", "netns", "exec", ns.Name, "sleep", "30")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { sleeper.Process.Kill(); sleeper.Wait() }()
	waitInNetNS(t, sleeper.Process.Pid, ns.Path)

	for _, tc := range []struct {
		name string
		cfg  rtnl.Config
	}{
		{"name", rtnl.Config{NetNS: ns.Name}},
		{"path", rtnl.Config{NetNS: ns.Path}},
		{"fd", rtnl.Config{Ring: ring.Config{NetNS: netns.FD(int(f.Fd()))}}},
		{"pid", rtnl.Config{Ring: ring.Config{NetNS: netns.PID(sleeper.Process.Pid)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := rtnl.Dial(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if _, err := r.LinkGet(context.Background(), rtnl.Link{Name: "formx"}); err != nil {
				t.Errorf("formx through the %s form: %v", tc.name, err)
			}
		})
	}
}

// waitInNetNS waits until process pid has entered the namespace bound at
// path (ip netns exec enters it before exec'ing its command).
func waitInNetNS(t *testing.T, pid int, path string) {
	t.Helper()
	want, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	for range 200 {
		got, err := os.Stat(fmt.Sprintf("/proc/%d/ns/net", pid))
		if err == nil && os.SameFile(got, want) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("process %d never entered %s", pid, path)
}

// TestNetNSNoFDLeak: thousands of dials into a namespace leave the
// descriptor count where it was.
func TestNetNSNoFDLeak(t *testing.T) {
	ns := testutil.NewNetNS(t)
	n := 2000
	if testing.Short() {
		n = 200
	}
	// Warm up: the first dial may open descriptors the runtime keeps.
	r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name})
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	before := testutil.CountFDs()
	for i := range n {
		r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name})
		if err != nil {
			t.Fatalf("dial %d: %v", i, err)
		}
		if err := r.Close(); err != nil {
			t.Fatalf("close %d: %v", i, err)
		}
	}
	if after := testutil.CountFDs(); after != before {
		t.Errorf("%d dial/close cycles: %d descriptors open before, %d after", n, before, after)
	}
}

// TestSetNetNSID: the id we give a namespace is the one GetNetNSID and
// `ip netns list-id` see.
func TestSetNetNSID(t *testing.T) {
	r, a := dialNS(t)
	b := testutil.NewNetNS(t)
	ctx := context.Background()
	if err := r.SetNetNSID(ctx, b.Path, 42); err != nil {
		t.Fatal(err)
	}
	if id, err := r.GetNetNSID(ctx, b.Path); err != nil || id != 42 {
		t.Fatalf("GetNetNSID = %d, %v; want 42", id, err)
	}
	if out := a.Run(t, "netns", "list-id"); !strings.Contains(out, "nsid 42") {
		t.Errorf("ip netns list-id: %q, want nsid 42", out)
	}
	if err := r.SetNetNSID(ctx, b.Path, 43); !errors.Is(err, syscall.EEXIST) {
		t.Errorf("second SetNetNSID = %v, want EEXIST", err)
	}
	if err := r.SetNetNSID(ctx, "/nonexistent", 1); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("SetNetNSID(missing path) = %v", err)
	}
}

// TestConfigNetNSAndChaos: a created namespace and Chaos together.
func TestConfigNetNSAndChaos(t *testing.T) {
	testutil.RequireRoot(t)
	name := fmt.Sprintf("nlt-cfg-%d", os.Getpid())
	t.Cleanup(func() { netns.Remove(name) })
	if _, err := rtnl.Dial(rtnl.Config{NetNS: name, NoCreateNetNS: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Dial of a missing namespace: %v, want ErrNotExist", err)
	}
	r, err := rtnl.Dial(rtnl.Config{NetNS: name})
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := os.Stat(filepath.Join(netns.Dir, name)); err != nil {
		t.Fatalf("Dial did not bind the namespace: %v", err)
	}
	c, err := rtnl.Dial(rtnl.Config{NetNS: name, Chaos: &chaos.Config{Seed: 1, ErrorRate: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.GetLinks(context.Background()); err == nil {
		t.Error("a connection with ErrorRate 1 answered a dump without error")
	}
}

// TestDialChaos: Config.Chaos over the real kernel in a throwaway
// namespace.
func TestDialChaos(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name, Chaos: &chaos.Config{Seed: 5, InterruptRate: 0.5, ErrorRate: 0.2}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i := range 10 {
		ns.Run(t, "link", "add", "cb"+string(rune('a'+i)), "type", "bridge")
	}
	var links []rtnl.LinkView
	busy, interrupted := 0, 0
	err = ring.Retry(ctx, 50, func() error {
		var err error
		links, err = r.GetLinks(ctx)
		switch {
		case errors.Is(err, syscall.EBUSY):
			busy++
			return ring.ErrDumpInterrupted // the caller's own choice: retry it too
		case errors.Is(err, ring.ErrDumpInterrupted):
			interrupted++
		}
		return err
	})
	links = slices.DeleteFunc(links, func(l rtnl.LinkView) bool { return testutil.IsTunnelFallback(l.NameString()) })
	if err != nil || len(links) != 11 {
		t.Fatalf("links through chaos: %d, %v", len(links), err)
	}
	t.Logf("%d injected errors, %d interrupted dumps before a clean one", busy, interrupted)
	always, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name, Chaos: &chaos.Config{ErrorRate: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer always.Close()
	if _, err := always.LinkGet(ctx, rtnl.Link{Name: "lo"}); !errors.Is(err, syscall.EBUSY) {
		t.Errorf("LinkGet at error rate 1: %v", err)
	}
	if _, err := rtnl.Dial(rtnl.Config{NetNS: "nlt-no-such-ns", NoCreateNetNS: true, Chaos: &chaos.Config{}}); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("Dial with Chaos (missing netns): %v", err)
	}
}
