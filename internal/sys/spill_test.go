//go:build linux

package sys

import (
	"fmt"
	"slices"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestRecvmmsgSpill receives a link dump through buffers far smaller than
// its datagrams, each backed by a spill region: every datagram must arrive
// whole (real length, no MSG_TRUNC, bytes equal to a big-buffer dump), and
// the spill pages must be releasable.
func TestRecvmmsgSpill(t *testing.T) {
	ns := testutil.NewNetNS(t)
	var lines []string
	for i := range 20 {
		lines = append(lines, fmt.Sprintf("link add sb%d type bridge", i))
	}
	ns.Batch(t, lines...)
	s := openIn(t, ns)
	if _, err := s.Sendmsg(linkDump(1), 0); err != nil {
		t.Fatal(err)
	}
	want := recvAllMmsg(t, s)

	const small, spillSize = 256, 1 << 20
	bufs := make([][]byte, 4)
	spill := make([][]byte, 4)
	for i := range bufs {
		bufs[i] = make([]byte, small)
		sp, err := MapSpill(spillSize)
		if err != nil {
			t.Fatal(err)
		}
		defer UnmapSpill(sp)
		spill[i] = sp
	}
	out := make([]Datagram, len(bufs))
	if _, err := s.Sendmsg(linkDump(2), 0); err != nil {
		t.Fatal(err)
	}
	var got []msg
	spilled := 0
	for done := false; !done; {
		n, err := s.RecvmmsgSpill(bufs, spill, out, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			d := out[i]
			if d.Flags&MsgTrunc != 0 || d.N > small+spillSize {
				t.Fatalf("datagram of %d bytes truncated (flags %#x)", d.N, d.Flags)
			}
			whole := slices.Clone(bufs[i][:min(d.N, small)])
			if d.N > small {
				spilled++
				whole = append(whole, spill[i][:d.N-small]...)
				if err := ReleaseSpill(spill[i][:d.N-small]); err != nil {
					t.Fatal(err)
				}
			}
			msgs := parse(t, whole)
			got = append(got, msgs...)
			if last := msgs[len(msgs)-1].typ; last == nlmsgDone || last == nlmsgError {
				done = true
			}
		}
	}
	if spilled == 0 {
		t.Fatal("no datagram needed the spill region: the test proves nothing")
	}
	if len(got) != len(want) {
		t.Fatalf("%d messages through spill, %d through big buffers", len(got), len(want))
	}
	// Link stats may tick between the two dumps; types and names must not.
	for i := range got {
		if got[i].typ != want[i].typ || (got[i].typ == rtmNewlink && ifname(got[i].body) != ifname(want[i].body)) {
			t.Fatalf("message %d differs: type %d %q, want type %d %q", i,
				got[i].typ, ifname(got[i].body), want[i].typ, ifname(want[i].body))
		}
	}
	req := noop(3)
	if n := testing.AllocsPerRun(20, func() {
		s.Sendmsg(req, 0)
		s.RecvmmsgSpill(bufs, spill, out, 0)
	}); n != 0 {
		t.Errorf("RecvmmsgSpill: %v allocs", n)
	}
}
