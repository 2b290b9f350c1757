package ring_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/nltest"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// fakeKernel answers like netlink does: an error for a refused request
// (payload "bad!") whatever its flags, an ack only when NLM_F_ACK asks.
func fakeKernel(req []byte) []nltest.Datagram {
	if string(payloadOf(req)) == "bad!" {
		return []nltest.Datagram{{Data: nltest.Error(req, syscall.EINVAL, "bad request here")}}
	}
	if binary.NativeEndian.Uint16(req[6:8])&uint16(wire.FlagAck) != 0 {
		return []nltest.Datagram{{Data: nltest.Ack(req)}}
	}
	return nil
}

func TestPipelineFake(t *testing.T) {
	tests := []struct {
		name   string
		ack    ring.AckMode
		window int
		n      int
		bad    []int
	}{
		{name: "per-msg", ack: ring.AckEach, window: 50, n: 1000, bad: []int{0, 777}},
		{name: "errors", ack: ring.AckErrors, window: 50, n: 1000, bad: []int{49, 50, 777, 999}},
		{name: "errors/window 1", ack: ring.AckErrors, window: 1, n: 20, bad: []int{3}},
		{name: "errors/no failures", ack: ring.AckErrors, n: 5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := nltest.Dial(fakeKernel)
			defer c.Close()
			var got []int
			p, err := c.Pipeline(context.Background(), ring.PipelineOptions{Op: "thing add", Ack: tt.ack, Window: tt.window,
				OnError: func(i int, err error, echo []byte) {
					var oe *wire.OpError
					if !errors.As(err, &oe) || oe.Msg != "bad request here" || !errors.Is(err, syscall.EINVAL) {
						t.Errorf("request %d: %v", i, err)
					}
					if string(payloadOf(echo)) != "bad!" || int(binary.NativeEndian.Uint32(echo)) != len(echo) {
						t.Errorf("request %d: echo %q, want the whole request", i, echo)
					}
					got = append(got, i)
				}})
			if err != nil {
				t.Fatal(err)
			}
			bad := map[int]bool{}
			for _, i := range tt.bad {
				bad[i] = true
			}
			for i := range tt.n {
				b := p.Begin(rtmNewLink, 0)
				if bad[i] {
					b.PutFixed([]byte("bad!"))
				} else {
					b.PutFixed([]byte("good"))
				}
				if idx, err := p.End(); err != nil || idx != i {
					t.Fatalf("End = %d, %v; want %d", idx, err, i)
				}
			}
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(nilIfEmpty(tt.bad)) {
				t.Errorf("failures at %v, want %v", got, tt.bad)
			}
			st := p.Stats()
			if st.Done != tt.n || st.Failed != len(tt.bad) {
				t.Errorf("stats %+v", st)
			}
			if tt.window > 0 && st.MaxInFlight > tt.window {
				t.Errorf("%d requests in flight, window %d", st.MaxInFlight, tt.window)
			}
		})
	}
}

func nilIfEmpty(s []int) []int {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestPipelineAppendAndFailures(t *testing.T) {
	c := nltest.Dial(fakeKernel)
	defer c.Close()
	p, err := c.Pipeline(context.Background(), ring.PipelineOptions{Ack: ring.AckErrors})
	if err != nil {
		t.Fatal(err)
	}
	msgs := append(request(rtmNewLink, 0, []byte("good")), request(rtmNewLink, 0, []byte("bad!"))...)
	for range 3 {
		if _, err := p.Append(msgs); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Append(msgs[:18]); err == nil {
		t.Error("a truncated message was accepted")
	}
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	var idx []int
	for _, f := range p.Failures() {
		idx = append(idx, f.Index)
		if !strings.Contains(f.Error(), "bad request here") {
			t.Errorf("failure text %q", f.Error())
		}
	}
	if fmt.Sprint(idx) != "[1 3 5]" {
		t.Errorf("failures at %v, want [1 3 5]", idx)
	}
	p.Close()
}

func TestParseAckMode(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want ring.AckMode
		ok   bool
	}{{"per-msg", ring.AckEach, true}, {"errors", ring.AckErrors, true}, {"nope", 0, false}} {
		m, err := ring.ParseAckMode(tt.in)
		if (err == nil) != tt.ok || (tt.ok && m != tt.want) {
			t.Errorf("ParseAckMode(%q) = %v, %v", tt.in, m, err)
		}
		if tt.ok && m.String() != tt.in {
			t.Errorf("String() = %q, want %q", m.String(), tt.in)
		}
	}
}

// pipelineNS is a namespace with an up veth v0, and a pipelining Conn in it.
func pipelineNS(t testing.TB) (*testutil.NetNS, *ring.Conn, uint32) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up")
	oif := uint32(ns.IfIndex(t, "v0"))
	return ns, dialNS(t, ns, ring.PipelineConfig(ring.Config{})), oif
}

// countRoutes dumps the IPv4 main-table routes through c.
func countRoutes(t testing.TB, c *ring.Conn) int {
	n := 0
	s := c.Dump(context.Background(), "route dump", routeDumpReq())
	for s.Next() {
		if s.Message().Header.Type == rtmNewRoute && s.Message().Data[4] == 254 {
			n++
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestKernelPipeline installs 100,000 routes in each ack mode with one bad
// request (a gateway that is not on the link) in the middle, and
// checks that exactly that one is reported, at its index, with the
// kernel's extended-ack text.
func TestKernelPipeline(t *testing.T) {
	const n, bad = 100000, 54321
	for _, mode := range []ring.AckMode{ring.AckEach, ring.AckErrors} {
		t.Run(mode.String(), func(t *testing.T) {
			ns, c, oif := pipelineNS(t)
			before := countRoutes(t, c)
			var fails []error
			var at []int
			p, err := c.Pipeline(context.Background(), ring.PipelineOptions{Op: "route add", Ack: mode,
				OnError: func(i int, err error, echo []byte) {
					at, fails = append(at, i), append(fails, err)
					// The echo is the request whole (PipelineConfig
					// leaves NETLINK_CAP_ACK off), gateway included.
					h, err := wire.ParseHeader(echo)
					if err != nil || h.Type != rtmNewRoute || int(h.Len) != len(echo) ||
						!bytes.Contains(echo, netip.MustParseAddr("203.0.113.1").AsSlice()) {
						t.Errorf("echo %x (%v): not the bad request", echo, err)
					}
				}})
			if err != nil {
				t.Fatal(err)
			}
			for i := range n {
				b := pipeRoute(p, nthAddr(0, i), oif, wire.FlagCreate|wire.FlagExcl)
				if i == bad {
					b.PutAddr(rtaGateway, netip.MustParseAddr("203.0.113.1"))
				}
				if _, err := p.End(); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			if len(at) != 1 || at[0] != bad {
				t.Fatalf("failures at %v (%v), want [%d]", at, fails, bad)
			}
			var oe *wire.OpError
			if !errors.As(fails[0], &oe) || oe.Errno != syscall.ENETUNREACH || oe.Msg != "Nexthop has invalid gateway" {
				t.Fatalf("failure: %#v", fails[0])
			}
			t.Logf("request %d: %v", at[0], fails[0])
			st := p.Stats()
			if st.Done != n || st.Sent != n || st.Failed != 1 {
				t.Errorf("stats %+v", st)
			}
			if got := countRoutes(t, c) - before; got != n-1 {
				t.Errorf("%d routes installed, want %d", got, n-1)
			}
			_ = ns
		})
	}
}

// TestKernelPipelineWindow holds the window to 100 requests and checks
// the bound and the sends it takes.
func TestKernelPipelineWindow(t *testing.T) {
	_, c, oif := pipelineNS(t)
	const n, window = 5000, 100
	p, err := c.Pipeline(context.Background(), ring.PipelineOptions{Ack: ring.AckEach, Window: window})
	if err != nil {
		t.Fatal(err)
	}
	before := c.Stats()
	for i := range n {
		pipeRoute(p, nthAddr(0, i), oif, wire.FlagCreate|wire.FlagExcl)
		if _, err := p.End(); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	st := p.Stats()
	if st.MaxInFlight != window || st.Window != window || st.Failed != 0 || st.Done != n {
		t.Errorf("stats %+v", st)
	}
	if sends := c.Stats().Sends - before.Sends; sends < n/window {
		t.Errorf("%d sends for %d requests in a window of %d", sends, n, window)
	}
}

// TestKernelAllocsPipeline: queueing, sending and reading the acks of
// 1,000 route replaces allocates nothing, in both ack modes.
func TestKernelAllocsPipeline(t *testing.T) {
	_, c, oif := pipelineNS(t)
	ctx := context.Background()
	for _, mode := range []ring.AckMode{ring.AckEach, ring.AckErrors} {
		p, err := c.Pipeline(ctx, ring.PipelineOptions{Ack: mode, Window: 300})
		if err != nil {
			t.Fatal(err)
		}
		run := func() {
			for i := range 1000 {
				pipeRoute(p, nthAddr(0, i), oif, wire.FlagCreate|wire.FlagReplace)
				if _, err := p.End(); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Flush(); err != nil || p.Stats().Failed != 0 {
				t.Fatalf("flush: %v, %+v", err, p.Stats())
			}
		}
		run()
		if a := testing.AllocsPerRun(10, run); a != 0 {
			t.Errorf("%v: %v allocations per 1,000 routes, want 0", mode, a)
		}
		p.Close()
	}
}

// rtaGateway is RTA_GATEWAY.
const rtaGateway = 5

// pipeRoute begins an RTM_NEWROUTE for dst/32 through device oif, built
// in place in the pipeline's buffer, and returns the Builder with the
// message still open (End queues it).
func pipeRoute(p *ring.Pipeline, dst netip.Addr, oif uint32, flags wire.HeaderFlags) *wire.Builder {
	b := p.Begin(rtmNewRoute, flags)
	rt := b.Reserve(12) // struct rtmsg
	rt[0] = afInet      // rtm_family
	rt[1] = 32          // rtm_dst_len
	rt[4] = 254         // rtm_table: RT_TABLE_MAIN
	rt[5] = 4           // rtm_protocol: RTPROT_STATIC
	rt[6] = 253         // rtm_scope: RT_SCOPE_LINK
	rt[7] = 1           // rtm_type: RTN_UNICAST
	b.PutAddr(rtaDst, dst)
	b.PutUint32(rtaOIF, oif)
	return b
}

// TestPipelineOpenCommit: Open and Commit queue one whole message built
// in place; anything else is refused with no index used, and Discard
// leaves nothing behind.
func TestPipelineOpenCommit(t *testing.T) {
	c := nltest.Dial(fakeKernel)
	defer c.Close()
	var bad []int
	p, err := c.Pipeline(context.Background(), ring.PipelineOptions{
		OnError: func(i int, err error, echo []byte) { bad = append(bad, i) }})
	if err != nil {
		t.Fatal(err)
	}
	whole := func(b *wire.Builder, body string) {
		b.Begin(rtmNewLink, 0, 0)
		b.PutFixed([]byte(body))
		b.End()
	}
	commit := func(want int) {
		t.Helper()
		i, err := p.Commit()
		if want < 0 && err == nil || want >= 0 && (err != nil || i != want) {
			t.Fatalf("Commit = %d, %v; want %d", i, err, want)
		}
	}
	whole(p.Open(), "good")
	commit(0)
	p.Open().PutFixed([]byte("junk")) // no message: refused
	commit(-1)
	b := p.Open() // two messages: refused
	whole(b, "good")
	whole(b, "good")
	commit(-1)
	p.Open().Begin(rtmNewLink, 0, 0) // left open: refused
	commit(-1)
	whole(p.Open(), "bad!")
	p.Discard()
	whole(p.Open(), "bad!")
	commit(1)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if st := p.Stats(); st.Sent != 2 || st.Failed != 1 || fmt.Sprint(bad) != "[1]" {
		t.Errorf("stats %+v, failures %v; want 2 sent, request 1 refused", st, bad)
	}
}
