//go:build linux

package sys

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
)

func sleepMs(n int) { time.Sleep(time.Duration(n) * time.Millisecond) }

// nextLinkEvent receives until an RTM_NEWLINK for name arrives, or fails
// t after a second.
func nextLinkEvent(t *testing.T, s *Socket, name string) Datagram {
	t.Helper()
	s.SetReadDeadline(time.Now().Add(time.Second))
	defer s.SetReadDeadline(time.Time{})
	buf := make([]byte, 32<<10)
	for {
		d, err := s.Recvmsg(buf, 0)
		if err != nil {
			t.Fatalf("waiting for RTM_NEWLINK %s: %v", name, err)
		}
		for _, m := range parse(t, buf[:d.N]) {
			if m.typ == rtmNewlink && ifname(m.body) == name {
				return d
			}
		}
	}
}

func TestJoinGroup(t *testing.T) {
	ns := testutil.NewNetNS(t)
	s := openIn(t, ns)
	if err := s.JoinGroup(rtnlgrpLink); err != nil {
		t.Fatal(err)
	}
	ns.Run(t, "link", "add", "ev0", "type", "bridge")
	d := nextLinkEvent(t, s, "ev0")
	if d.PortID != 0 || d.Groups != 1<<(rtnlgrpLink-1) || d.HasNSID {
		t.Errorf("event datagram %+v, want from the kernel to group mask %#x", d, 1<<(rtnlgrpLink-1))
	}

	if err := s.LeaveGroup(rtnlgrpLink); err != nil {
		t.Fatal(err)
	}
	ns.Run(t, "link", "add", "ev1", "type", "bridge")
	s.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if d, err := s.Recvmsg(make([]byte, 4096), 0); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("event after LeaveGroup: %+v, %v", d, err)
	}
}

func TestListenAllNSID(t *testing.T) {
	a, b := testutil.NewNetNS(t), testutil.NewNetNS(t)
	a.Run(t, "netns", "set", b.Name, "5") // b is nsid 5 as seen from a

	s := openIn(t, a)
	if err := s.SetListenAllNSID(true); err != nil {
		t.Fatal(err)
	}
	if err := s.JoinGroup(rtnlgrpLink); err != nil {
		t.Fatal(err)
	}
	b.Run(t, "link", "add", "far0", "type", "bridge")
	if d := nextLinkEvent(t, s, "far0"); !d.HasNSID || d.NSID != 5 {
		t.Errorf("event from b: %+v, want NSID 5", d)
	}
	a.Run(t, "link", "add", "near0", "type", "bridge")
	// The kernel tags own-namespace events too, with NETNSA_NSID_NOT_ASSIGNED
	// (-1) unless the namespace has an id for itself.
	if d := nextLinkEvent(t, s, "near0"); d.HasNSID && d.NSID != -1 {
		t.Errorf("event from a: %+v, want no NSID or -1", d)
	}
}
