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
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

var nsSeq atomic.Int32

// tempNSName returns a name for a namespace this test creates itself,
// and registers its removal.
func tempNSName(t *testing.T) string {
	t.Helper()
	name := fmt.Sprintf("nlt-mk-%d-%d", os.Getpid(), nsSeq.Add(1))
	t.Cleanup(func() { rtnl.RemoveNetNS(name) })
	return name
}

func countFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

func TestNetNSBadNames(t *testing.T) {
	for _, name := range []string{"", ".", "..", "a/b", "/var/run/netns/x", "x\x00y", strings.Repeat("n", 256)} {
		if err := rtnl.CreateNetNS(name); err == nil || !strings.Contains(err.Error(), "bad namespace name") {
			t.Errorf("CreateNetNS(%q) = %v, want a bad-name error", name, err)
		}
		if err := rtnl.RemoveNetNS(name); err == nil || !strings.Contains(err.Error(), "bad namespace name") {
			t.Errorf("RemoveNetNS(%q) = %v, want a bad-name error", name, err)
		}
	}
}

// TestNetNSCreateRemove: create a namespace as `ip netns add` does; ip
// sees it, we list it and dial into it (a fresh namespace has only lo);
// creating it again is EEXIST; removing it twice is ENOENT the second time.
func TestNetNSCreateRemove(t *testing.T) {
	testutil.RequireRoot(t)
	name := tempNSName(t)
	if err := rtnl.CreateNetNS(name); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ip", "netns", "list").CombinedOutput()
	if err != nil || !strings.Contains(string(out), name) {
		t.Fatalf("ip netns list: %v\n%s\nwant %s", err, out, name)
	}
	names, err := rtnl.ListNetNS()
	if err != nil || !slices.Contains(names, name) {
		t.Fatalf("ListNetNS() = %v, %v; want %s in it", names, err, name)
	}
	// iproute2 runs in it.
	if out, err := exec.Command("ip", "-n", name, "link", "add", "d0", "type", "bridge").CombinedOutput(); err != nil {
		t.Fatalf("ip -n %s link add: %v\n%s", name, err, out)
	}
	r, err := rtnl.Dial(rtnl.Config{NetNS: name})
	if err != nil {
		t.Fatal(err)
	}
	links, err := r.GetLinks(context.Background())
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		// Kernel difference: where tunnel modules are loaded (the VM
		// lane), every new namespace also holds their fallback devices.
		if n := l.NameString(); !testutil.IsTunnelFallback(n) {
			got = append(got, n)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"d0", "lo"}) {
		t.Errorf("links in the new namespace: %v, want [d0 lo]", got)
	}
	if err := rtnl.CreateNetNS(name); !errors.Is(err, fs.ErrExist) {
		t.Errorf("CreateNetNS twice: %v, want EEXIST", err)
	}
	if created, err := rtnl.EnsureNetNS(name); created || err != nil {
		t.Errorf("EnsureNetNS(existing) = %v, %v; want false, nil", created, err)
	}
	if err := rtnl.RemoveNetNS(name); err != nil {
		t.Fatal(err)
	}
	if names, _ := rtnl.ListNetNS(); slices.Contains(names, name) {
		t.Errorf("ListNetNS after remove still has %s", name)
	}
	if err := rtnl.RemoveNetNS(name); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("RemoveNetNS twice: %v, want ENOENT", err)
	}
}

// TestDialNetNSCreate: a missing name is a clear ENOENT naming the path;
// with NetNSCreate it is created.
func TestDialNetNSCreate(t *testing.T) {
	testutil.RequireRoot(t)
	name := tempNSName(t)
	_, err := rtnl.Dial(rtnl.Config{NetNS: name})
	if !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, syscall.ENOENT) || !strings.Contains(err.Error(), rtnl.NetNSDir+"/"+name) {
		t.Fatalf("Dial(missing) = %v, want ENOENT naming the path", err)
	}
	if _, err := rtnl.DialNetNS(rtnl.Config{NetNS: name}, 0); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("DialNetNS without NetNSCreate = %v, want ENOENT", err)
	}
	r, err := rtnl.DialNetNS(rtnl.Config{NetNS: name}, rtnl.NetNSCreate)
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
	// A second dial with NetNSCreate reuses it.
	r2, err := rtnl.DialNetNS(rtnl.Config{NetNS: name}, rtnl.NetNSCreate)
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
		{"fd", rtnl.Config{Ring: ring.Config{NetNS: ring.NetNSFD(int(f.Fd()))}}},
		{"pid", rtnl.Config{Ring: ring.Config{NetNS: ring.NetNSPID(sleeper.Process.Pid)}}},
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

// TestNetNSNoFDLeak: thousands of dials into a namespace, and many
// create/remove cycles, leave the descriptor count where it was.
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
	before := countFDs(t)
	for i := range n {
		r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Name})
		if err != nil {
			t.Fatalf("dial %d: %v", i, err)
		}
		if err := r.Close(); err != nil {
			t.Fatalf("close %d: %v", i, err)
		}
	}
	if after := countFDs(t); after != before {
		t.Errorf("%d dial/close cycles: %d descriptors open before, %d after", n, before, after)
	}
	before = countFDs(t)
	for range 50 {
		name := tempNSName(t)
		if err := rtnl.CreateNetNS(name); err != nil {
			t.Fatal(err)
		}
		if err := rtnl.RemoveNetNS(name); err != nil {
			t.Fatal(err)
		}
	}
	if after := countFDs(t); after != before {
		t.Errorf("50 create/remove cycles: %d descriptors open before, %d after", before, after)
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

// TestConfigCreateNetNSAndChaos: the two Config fields reach the same
// machinery as DialNetNS and DialChaos.
func TestConfigCreateNetNSAndChaos(t *testing.T) {
	testutil.RequireRoot(t)
	name := fmt.Sprintf("nlt-cfg-%d", os.Getpid())
	t.Cleanup(func() { rtnl.RemoveNetNS(name) })
	if _, err := rtnl.Dial(rtnl.Config{NetNS: name}); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Dial of a missing namespace: %v, want ErrNotExist", err)
	}
	r, err := rtnl.Dial(rtnl.Config{NetNS: name, CreateNetNS: true})
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := os.Stat(filepath.Join(rtnl.NetNSDir, name)); err != nil {
		t.Fatalf("CreateNetNS did not bind the namespace: %v", err)
	}
	c, err := rtnl.Dial(rtnl.Config{NetNS: name, Chaos: &rtnl.ChaosConfig{Seed: 1, ErrorRate: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.GetLinks(context.Background()); err == nil {
		t.Error("a connection with ErrorRate 1 answered a dump without error")
	}
}
