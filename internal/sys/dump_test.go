//go:build linux

package sys

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// receiver reads datagrams one way or another until it has seen
// NLMSG_DONE, returning every message.
type receiver func(t *testing.T, s *Socket) []msg

func recvAllMsg(t *testing.T, s *Socket) []msg {
	var all []msg
	buf := make([]byte, 32<<10)
	for {
		d, err := s.Recvmsg(buf, 0)
		if err != nil {
			t.Fatal(err)
		}
		if d.Flags&MsgTrunc != 0 {
			t.Fatalf("datagram of %d bytes truncated", d.N)
		}
		msgs := parse(t, slices.Clone(buf[:d.N]))
		all = append(all, msgs...)
		if msgs[len(msgs)-1].typ == nlmsgDone || msgs[len(msgs)-1].typ == nlmsgError {
			return all
		}
	}
}

func recvAllMmsg(t *testing.T, s *Socket) []msg {
	var all []msg
	bufs := make([][]byte, 4)
	for i := range bufs {
		bufs[i] = make([]byte, 32<<10)
	}
	out := make([]Datagram, len(bufs))
	for {
		n, err := s.Recvmmsg(bufs, out, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if out[i].Flags&MsgTrunc != 0 || out[i].N > len(bufs[i]) {
				t.Fatalf("datagram %d of %d bytes truncated", i, out[i].N)
			}
			msgs := parse(t, slices.Clone(bufs[i][:out[i].N]))
			all = append(all, msgs...)
			if last := msgs[len(msgs)-1].typ; last == nlmsgDone || last == nlmsgError {
				if i != n-1 {
					t.Errorf("%d datagrams after NLMSG_DONE", n-1-i)
				}
				return all
			}
		}
	}
}

func TestLinkDump(t *testing.T) {
	ns := testutil.NewNetNS(t)
	// Enough links that the dump spans several datagrams.
	var lines []string
	for i := range 60 {
		lines = append(lines, fmt.Sprintf("link add br%d type bridge", i))
	}
	ns.Batch(t, lines...)

	for _, tt := range []struct {
		name string
		recv receiver
	}{{"Recvmsg", recvAllMsg}, {"Recvmmsg", recvAllMmsg}} {
		t.Run(tt.name, func(t *testing.T) {
			s := openIn(t, ns)
			if _, err := s.Sendmsg(linkDump(42), 0); err != nil {
				t.Fatal(err)
			}
			msgs := tt.recv(t, s)
			names := map[string]bool{}
			for _, m := range msgs[:len(msgs)-1] {
				if m.typ != rtmNewlink || m.seq != 42 || m.pid != s.PortID() || m.flags&flagMulti == 0 {
					t.Fatalf("unexpected message %+v", m)
				}
				names[ifname(m.body)] = true
			}
			if last := msgs[len(msgs)-1]; last.typ != nlmsgDone || last.seq != 42 {
				t.Fatalf("dump ended with %+v, want NLMSG_DONE", last)
			}
			if !names["lo"] || !names["br59"] || len(names) != 61 {
				t.Errorf("got %d links (lo: %v), want lo and br0..br59", len(names), names["lo"])
			}
		})
	}
}

func TestOpenInNetNS(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Run(t, "link", "add", "mark0", "type", "bridge")

	nsFile, err := os.Open(ns.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer nsFile.Close()

	// A process living in the namespace, for NetNSPID.
	sleeper := startIn(t, ns)

	for _, tt := range []struct {
		name string
		ns   NetNS
	}{
		{"path", NetNSPath(ns.Path)},
		{"fd", NetNSFD(int(nsFile.Fd()))},
		{"pid", NetNSPID(sleeper)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			before := threadNetNS(t)

			s, err := Open(ProtoRoute, Config{NetNS: tt.ns})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if after := threadNetNS(t); after != before {
				t.Fatalf("calling thread moved from netns %d to %d", before, after)
			}
			if _, err := s.Sendmsg(linkDump(1), 0); err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, m := range recvAllMsg(t, s) {
				if m.typ == rtmNewlink {
					names = append(names, ifname(m.body))
				}
			}
			if !slices.Equal(names, []string{"lo", "mark0"}) {
				t.Errorf("links seen %q, want those of %s", names, ns.Name)
			}
		})
	}
}

func TestNetNSDoFailure(t *testing.T) {
	testutil.RequireRoot(t)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := threadNetNS(t)
	ran := false
	err := NetNSPath("/dev/null").Do(func() error { ran = true; return nil })
	if err == nil || ran {
		t.Errorf("Do in /dev/null: ran=%v err=%v, want setns failure", ran, err)
	}
	if after := threadNetNS(t); after != before {
		t.Fatalf("calling thread moved from netns %d to %d", before, after)
	}
	if s := NetNSPID(7).String(); s != "pid 7" {
		t.Errorf("String() = %q", s)
	}
}

// startIn runs a sleeping process inside ns, killed when t ends, and
// returns its pid.
func startIn(t *testing.T, ns *testutil.NetNS) int {
	t.Helper()
	p, err := os.StartProcess("/usr/bin/env", []string{"env", "ip", "netns", "exec", ns.Name, "sleep", "60"},
		&os.ProcAttr{Files: []*os.File{nil, nil, os.Stderr}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Kill(); p.Wait() })
	// ip netns exec execs sleep in the same process once it has entered
	// the namespace; wait for that.
	for range 200 {
		if comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", p.Pid)); string(comm) == "sleep\n" {
			return p.Pid
		}
		runtime.Gosched()
		sleepMs(5)
	}
	t.Fatalf("process %d never became sleep", p.Pid)
	return 0
}
