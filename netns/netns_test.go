//go:build linux

package netns_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/netns"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// threadNS returns the identity of the calling thread's namespace.
func threadNS() (os.FileInfo, error) { return os.Stat("/proc/thread-self/ns/net") }

func TestBadNames(t *testing.T) {
	for _, name := range []string{"", ".", "..", "a/b", "/var/run/netns/x", "x\x00y", strings.Repeat("n", 256)} {
		if err := netns.Create(name); err == nil || !strings.Contains(err.Error(), "bad namespace name") {
			t.Errorf("Create(%q) = %v, want a bad-name error", name, err)
		}
		if err := netns.Remove(name); err == nil || !strings.Contains(err.Error(), "bad namespace name") {
			t.Errorf("Remove(%q) = %v, want a bad-name error", name, err)
		}
		if _, err := netns.Ensure(name); err == nil || !strings.Contains(err.Error(), "bad namespace name") {
			t.Errorf("Ensure(%q) = %v, want a bad-name error", name, err)
		}
	}
}

func TestOf(t *testing.T) {
	for _, tc := range []struct{ ref, want string }{
		{"", "current"},
		{"blue", "path " + netns.Dir + "/blue"},
		{"/proc/1/ns/net", "path /proc/1/ns/net"},
	} {
		if got := netns.Of(tc.ref).String(); got != tc.want {
			t.Errorf("Of(%q) = %s, want %s", tc.ref, got, tc.want)
		}
	}
	if !netns.Of("").IsCurrent() || netns.Of("x").IsCurrent() {
		t.Error("IsCurrent")
	}
	if s := netns.FD(7).String(); s != "fd 7" {
		t.Errorf("FD(7) = %s", s)
	}
	if s := netns.PID(42).String(); s != "pid 42" {
		t.Errorf("PID(42) = %s", s)
	}
}

// TestCreateRemove: create a namespace as `ip netns add` does; ip sees
// it and runs in it, we list it and enter it; creating it again is
// EEXIST; removing it twice is ENOENT the second time.
func TestCreateRemove(t *testing.T) {
	testutil.RequireRoot(t)
	name := testutil.NetNSName(t)
	if created, err := netns.Ensure(name); !created || err != nil {
		t.Fatalf("Ensure(new) = %v, %v; want true, nil", created, err)
	}
	out, err := exec.Command("ip", "netns", "list").CombinedOutput()
	if err != nil || !strings.Contains(string(out), name) {
		t.Fatalf("ip netns list: %v\n%s\nwant %s", err, out, name)
	}
	names, err := netns.List()
	if err != nil || !slices.Contains(names, name) {
		t.Fatalf("List() = %v, %v; want %s in it", names, err, name)
	}
	if out, err := exec.Command("ip", "-n", name, "link", "add", "d0", "type", "bridge").CombinedOutput(); err != nil {
		t.Fatalf("ip -n %s link add: %v\n%s", name, err, out)
	}
	// Do runs inside it: its /proc/thread-self/net/dev has the bridge ip made.
	var inside bool
	err = netns.Named(name).Do(func() error {
		b, err := os.ReadFile("/proc/thread-self/net/dev")
		inside = strings.Contains(string(b), "d0:")
		return err
	})
	if err != nil || !inside {
		t.Errorf("Do in %s: inside=%v, %v", name, inside, err)
	}
	if err := netns.Create(name); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Create twice: %v, want EEXIST", err)
	}
	if created, err := netns.Ensure(name); created || err != nil {
		t.Errorf("Ensure(existing) = %v, %v; want false, nil", created, err)
	}
	if err := netns.Remove(name); err != nil {
		t.Fatal(err)
	}
	if names, _ := netns.List(); slices.Contains(names, name) {
		t.Errorf("List after remove still has %s", name)
	}
	if err := netns.Remove(name); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Remove twice: %v, want ENOENT", err)
	}
}

// TestDo: the function runs on a thread inside the namespace, in each
// of the four forms; the caller's thread stays where it was; a missing
// namespace is ENOENT naming the path and fn does not run.
func TestDo(t *testing.T) {
	ns := testutil.NewNetNS(t)
	want, err := os.Stat(ns.Path)
	if err != nil {
		t.Fatal(err)
	}
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
	waitIn(t, sleeper.Process.Pid, want)
	before, err := threadNS()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ns   netns.NS
	}{
		{"named", netns.Named(ns.Name)},
		{"of", netns.Of(ns.Name)},
		{"path", netns.Path(ns.Path)},
		{"fd", netns.FD(int(f.Fd()))},
		{"pid", netns.PID(sleeper.Process.Pid)},
	} {
		var got os.FileInfo
		err := tc.ns.Do(func() (err error) {
			got, err = threadNS()
			return err
		})
		if err != nil || !os.SameFile(got, want) {
			t.Errorf("%s: Do ran outside the namespace (%v)", tc.name, err)
		}
	}
	if after, err := threadNS(); err != nil || !os.SameFile(before, after) {
		t.Errorf("the caller's thread changed namespace")
	}
	ran := false
	missing := netns.Named(fmt.Sprintf("nlt-missing-%d", os.Getpid()))
	err = missing.Do(func() error { ran = true; return nil })
	if ran || !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, syscall.ENOENT) || !strings.Contains(err.Error(), netns.Dir+"/nlt-missing") {
		t.Errorf("Do in a missing namespace: ran=%v err=%v, want ENOENT naming the path", ran, err)
	}
	if err := (netns.NS{}).Do(func() error { return errors.New("mine") }); err == nil || err.Error() != "mine" {
		t.Errorf("Do in the current namespace: %v, want fn's error", err)
	}
}

// waitIn waits until process pid has entered the namespace want.
func waitIn(t *testing.T, pid int, want os.FileInfo) {
	t.Helper()
	for range 200 {
		got, err := os.Stat(fmt.Sprintf("/proc/%d/ns/net", pid))
		if err == nil && os.SameFile(got, want) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("process %d never entered the namespace", pid)
}

// TestNoFDLeak: many create/remove cycles and entries leave the
// descriptor count where it was.
func TestNoFDLeak(t *testing.T) {
	testutil.RequireRoot(t)
	before := testutil.CountFDs()
	for range 50 {
		name := testutil.NetNSName(t)
		if err := netns.Create(name); err != nil {
			t.Fatal(err)
		}
		if err := netns.Named(name).Do(func() error { return nil }); err != nil {
			t.Fatal(err)
		}
		if err := netns.Remove(name); err != nil {
			t.Fatal(err)
		}
	}
	if after := testutil.CountFDs(); after != before {
		t.Errorf("50 create/enter/remove cycles: %d descriptors open before, %d after", before, after)
	}
}
