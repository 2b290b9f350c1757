package rtnl_test

import (
	"context"
	"encoding/binary"
	"errors"
	"net/netip"
	"strconv"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// writerNS dials a pipelining IPRoute in a throwaway namespace with d0
// (10.0.0.1/24) up.
func writerNS(t testing.TB) *rtnl.IPRoute {
	t.Helper()
	ns := testutil.NewNetNS(t)
	r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path, Ring: ring.PipelineConfig(ring.Config{})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	ns.Batch(t, "link add d0 type veth peer name d1", "link set d0 up", "link set d1 up",
		"addr add 10.0.0.1/24 dev d0")
	return r
}

// host32 is 11.0.0.0 + i as a /32.
func host32(i int) netip.Prefix {
	var a [4]byte
	binary.BigEndian.PutUint32(a[:], 0x0b000000+uint32(i))
	return netip.PrefixFrom(netip.AddrFrom4(a), 32)
}

func writerCountTable(t *testing.T, r *rtnl.IPRoute, table int) int {
	t.Helper()
	it := r.Routes(context.Background(), rtnl.Match{"table": table})
	n := 0
	for it.Next() {
		n++
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWriterRoutes installs 3,000 routes through a Writer in both ack
// modes, with two refusals at known indexes (a duplicate: EEXIST; an
// unreachable gateway: ENETUNREACH), and checks each Result: its index,
// object, command, errno and text, and that every route that should be
// there is.
func TestWriterRoutes(t *testing.T) {
	for _, mode := range []ring.AckMode{ring.AckErrors, ring.AckEach} {
		t.Run(mode.String(), func(t *testing.T) {
			r := writerNS(t)
			ctx := context.Background()
			const n, dup, unreach = 3000, 1234, 2345
			var fails []rtnl.Result
			oks := make([]int, 0, n)
			w, err := r.NewWriter(ctx, rtnl.WriterConfig{Ack: mode, OnResult: func(res rtnl.Result) {
				if res.Err != nil {
					fails = append(fails, res)
				} else {
					oks = append(oks, res.Index)
				}
			}})
			if err != nil {
				t.Fatal(err)
			}
			gw := netip.MustParseAddr("10.0.0.2")
			for i := range n {
				rt := rtnl.Route{Dst: host32(i), Gateway: gw, Table: 100}
				switch i {
				case dup:
					rt.Dst = host32(7)
				case unreach:
					rt.Gateway = netip.MustParseAddr("10.9.9.9")
				}
				idx, err := w.RouteAdd(rt)
				if err != nil || idx != i {
					t.Fatalf("RouteAdd %d: index %d, %v", i, idx, err)
				}
			}
			if err := w.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if len(fails) != 2 {
				t.Fatalf("%d failures, want 2: %v", len(fails), fails)
			}
			checkFailure(t, fails[0], dup, syscall.EEXIST, "rtnl: route add 11.0.0.7/32 via 10.0.0.2 table 100: file exists")
			checkFailure(t, fails[1], unreach, syscall.ENETUNREACH, "rtnl: route add 11.0.9.41/32 via 10.9.9.9 table 100: network is unreachable")
			st := w.Stats()
			if st.Queued != n || st.Sent != n || st.Failed != 2 || st.Acked != n-2 {
				t.Errorf("stats %+v", st)
			}
			if mode == ring.AckEach {
				if len(oks) != n-2 {
					t.Errorf("%d successes reported, want %d", len(oks), n-2)
				}
				for j, i := range oks {
					if j > 0 && i <= oks[j-1] {
						t.Fatalf("success %d reported after %d", i, oks[j-1])
					}
				}
			} else if len(oks) != 0 {
				t.Errorf("%d successes reported in errors-only mode", len(oks))
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if got := writerCountTable(t, r, 100); got != n-2 {
				t.Errorf("%d routes in table 100, want %d", got, n-2)
			}
			if _, err := w.RouteAdd(rtnl.Route{Dst: host32(0), Gateway: gw}); err == nil {
				t.Error("RouteAdd after Close succeeded")
			}
			if err := w.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
		})
	}
}

func checkFailure(t *testing.T, res rtnl.Result, index int, errno syscall.Errno, text string) {
	t.Helper()
	if res.Index != index || res.Object != "route" || res.Command != "add" {
		t.Errorf("result %d %s %s, want %d route add", res.Index, res.Object, res.Command, index)
	}
	if !errors.Is(res.Err, errno) {
		t.Errorf("%v: not %v", res.Err, errno)
	}
	if got := res.Err.Error(); got != text && !hasPrefix(got, text+": ") {
		t.Errorf("error %q, want %q", got, text)
	}
	var re *rtnl.RequestError
	var oe *wire.OpError
	if !errors.As(res.Err, &re) || re.Index != index || !errors.As(res.Err, &oe) || oe.Op != "route add" {
		t.Errorf("%v: no RequestError with index %d and OpError (%+v, %+v)", res.Err, index, re, oe)
	}
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// TestWriterBadInput: bad input is refused before anything is sent,
// names the keyword, and uses no index.
func TestWriterBadInput(t *testing.T) {
	r := writerNS(t)
	ctx := context.Background()
	w, err := r.NewWriter(ctx, rtnl.WriterConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	_, err = w.RouteAdd(rtnl.Route{Dst: host32(1), Table: 100, Gateway: netip.MustParseAddr("2001:db8::1")})
	if !errors.Is(err, codec.ErrBadSpec) || !contains(err.Error(), "Gateway") {
		t.Fatalf("IPv6 gateway of an IPv4 route: %v, want a spec error naming Gateway", err)
	}
	if _, err := w.LinkSet(rtnl.Link{Name: "d0", NetNS: "other"}); !errors.Is(err, codec.ErrBadSpec) {
		t.Fatalf("LinkSet by namespace name: %v", err)
	}
	i, err := w.RouteAdd(rtnl.Route{Dst: host32(1), OIF: 1, Table: 100})
	if err != nil || i != 0 {
		t.Fatalf("index %d, %v after bad input, want 0", i, err)
	}
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestWriterNoCallback: without OnResult, Flush returns the failures:
// the first one alone, then a count with the first.
func TestWriterNoCallback(t *testing.T) {
	r := writerNS(t)
	ctx := context.Background()
	w, err := r.NewWriter(ctx, rtnl.WriterConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	gw := netip.MustParseAddr("10.0.0.2")
	for range 2 {
		if _, err := w.RouteAdd(rtnl.Route{Dst: host32(1), Gateway: gw}); err != nil {
			t.Fatal(err)
		}
	}
	err = w.Flush(ctx)
	var re *rtnl.RequestError
	if !errors.As(err, &re) || re.Index != 1 || !errors.Is(err, syscall.EEXIST) {
		t.Fatalf("Flush: %v, want request 1's EEXIST", err)
	}
	for range 3 {
		w.NexthopDel(4242)
	}
	err = w.Flush(ctx)
	var wf *rtnl.WriteFailures
	if !errors.As(err, &wf) || wf.Count != 3 || wf.First.Index != 2 || wf.First.Name != "id 4242" {
		t.Fatalf("Flush: %v, want 3 failures from index 2", err)
	}
	if err := w.Flush(ctx); err != nil {
		t.Fatalf("Flush after taking the failures: %v", err)
	}
}

// TestWriterAllocs: queueing route replaces, sending them and reading
// their answers allocates nothing once warm, in both ack modes (with a
// result callback that sees every ack in AckEach mode).
func TestWriterAllocs(t *testing.T) {
	r := writerNS(t)
	ctx := context.Background()
	gw := netip.MustParseAddr("10.0.0.2")
	for _, mode := range []ring.AckMode{ring.AckErrors, ring.AckEach} {
		acks := 0
		w, err := r.NewWriter(ctx, rtnl.WriterConfig{Ack: mode, Window: 300, OnResult: func(res rtnl.Result) {
			if res.Err == nil {
				acks++
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		run := func() {
			for i := range 1000 {
				if _, err := w.RouteReplace(rtnl.Route{Dst: host32(i), Gateway: gw, Table: 100}); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
		run()
		if n := testing.AllocsPerRun(5, run); n != 0 {
			t.Errorf("%v: %v allocations per 1,000 routes, want 0", mode, n)
		}
		if mode == ring.AckEach && acks != 7000 {
			t.Errorf("%d acks reported, want 7000", acks)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTypedCallErrorShape: a typed call's refusal names the object and
// reaches the errno, the RequestError and the OpError.
func TestTypedCallErrorShape(t *testing.T) {
	r := writerNS(t)
	ctx := context.Background()
	rt := rtnl.Route{Dst: netip.MustParsePrefix("10.1.0.0/24"), Gateway: netip.MustParseAddr("10.0.0.9"), Table: 100}
	if err := r.RouteAdd(ctx, rt); err != nil {
		t.Fatal(err)
	}
	err := r.RouteAdd(ctx, rt)
	checkFailure(t, rtnl.Result{Object: "route", Command: "add", Err: err}, 0, syscall.EEXIST,
		"rtnl: route add 10.1.0.0/24 via 10.0.0.9 table 100: file exists")
	err = r.AddrDel(ctx, rtnl.Addr{Index: 1, Prefix: netip.MustParsePrefix("10.7.0.1/24")})
	if want := "rtnl: addr del 10.7.0.1/24 dev #1: "; err == nil || !hasPrefix(err.Error(), want) {
		t.Errorf("addr del: %v, want %q…", err, want)
	}
}

// TestSendBatchErrorShape: SendBatch, a thin form of the Writer, reports
// each refusal as a RequestError in its place, named from its bytes.
func TestSendBatchErrorShape(t *testing.T) {
	r := writerNS(t)
	b := rtnl.NewBatch()
	rt := rtnl.Route{Dst: netip.MustParsePrefix("10.2.0.0/16"), Gateway: netip.MustParseAddr("10.0.0.2")}
	b.RouteAdd(rt)
	b.RouteAdd(rt)
	b.NexthopDel(77)
	results := make([]error, 3)
	failed, err := r.SendBatch(context.Background(), b.Bytes(), results)
	if err != nil || failed != 2 || results[0] != nil {
		t.Fatalf("SendBatch = %d, %v, %v", failed, err, results)
	}
	checkFailure(t, rtnl.Result{Index: 1, Object: "route", Command: "add", Err: results[1]}, 1, syscall.EEXIST,
		"rtnl: route add 10.2.0.0/16 via 10.0.0.2: file exists")
	var re *rtnl.RequestError
	if !errors.As(results[2], &re) || re.Index != 2 || re.Object != "nexthop" || re.Command != "del" || re.Name != "id 77" {
		t.Errorf("nexthop del: %v (%+v)", results[2], re)
	}
}

// TestWriterNamesFromEcho: a Writer names every failure from the
// kernel's echo of the request, however many requests are in flight
// (here 1,000 failures among 4,000 requests); on a connection with
// NETLINK_CAP_ACK the echo is cut to the header, and the failures keep
// their index, object and command but carry no name.
func TestWriterNamesFromEcho(t *testing.T) {
	for _, capAck := range []bool{false, true} {
		t.Run("CapAck="+strconv.FormatBool(capAck), func(t *testing.T) {
			ns := testutil.NewNetNS(t)
			r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path, Ring: ring.PipelineConfig(ring.Config{CapAck: capAck})})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			ns.Batch(t, "link add d0 type veth peer name d1", "link set d0 up", "addr add 10.0.0.1/24 dev d0")
			ctx := context.Background()
			gw := netip.MustParseAddr("10.0.0.2")
			var fails []*rtnl.RequestError
			w, err := r.NewWriter(ctx, rtnl.WriterConfig{OnResult: func(res rtnl.Result) {
				var re *rtnl.RequestError
				if !errors.As(res.Err, &re) || re.Index != res.Index {
					t.Fatalf("result %+v: no RequestError of its index", res)
				}
				fails = append(fails, re)
			}})
			if err != nil {
				t.Fatal(err)
			}
			for i := range 1000 {
				if _, err := w.RouteAdd(rtnl.Route{Dst: host32(i), Gateway: gw, Table: 200}); err != nil {
					t.Fatal(err)
				}
			}
			for i := range 1000 { // each a duplicate: EEXIST
				for _, rt := range []rtnl.Route{{Dst: host32(i), Gateway: gw, Table: 200}, {Dst: host32(i), Gateway: gw, Table: 201}} {
					if _, err := w.RouteAdd(rt); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := w.RouteDel(rtnl.Route{Dst: host32(i), Table: 202}); err != nil { // ESRCH
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if len(fails) != 2000 {
				t.Fatalf("%d failures, want 2000", len(fails))
			}
			for k, f := range fails {
				i, del := (f.Index-1000)/3, (f.Index-1000)%3 == 2
				want, command, errno := host32(i).String()+" via 10.0.0.2 table 200", "add", syscall.EEXIST
				if del {
					want, command, errno = host32(i).String()+" table 202", "del", syscall.ESRCH
				}
				if capAck {
					want = ""
				}
				if f.Index < 1000 || (f.Index-1000)%3 == 1 || f.Object != "route" || f.Command != command ||
					f.Name != want || !errors.Is(f, errno) {
					t.Fatalf("failure %d: index %d: %s %s %q %v; want route %s %q %v", k, f.Index, f.Object, f.Command, f.Name, f.Err, command, want, errno)
				}
			}
		})
	}
}
