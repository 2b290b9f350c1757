package rtnl_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/nltest"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/tc"
	"github.com/nlroute/nlroute/wire"
)

// batchKind is the link kind of the reference's example: dummy, or a
// bridge where the kernel has no dummy module.
func batchKind() string {
	if testutil.HasKernel("link:dummy") {
		return "dummy"
	}
	return "bridge"
}

// TestBatchReference is the reference's IPBatch example: link add index
// 550, set up, addr add; save the buffer (to a file); reset; send it.
func TestBatchReference(t *testing.T) {
	r, ns := dialNS(t)
	kind := batchKind()
	b := rtnl.NewBatch()
	for _, step := range []struct {
		object, command string
		spec            rtnl.Spec
	}{
		{"link", "add", rtnl.Spec{"index": 550, "ifname": "test", "kind": kind}},
		{"link", "set", rtnl.Spec{"index": 550, "state": "up"}},
		{"addr", "add", rtnl.Spec{"index": 550, "address": "10.0.0.2", "mask": 24}},
	} {
		if err := b.Do(step.object, step.command, step.spec); err != nil {
			t.Fatal(err)
		}
	}
	if b.Len() != 3 {
		t.Fatalf("Len() = %d, want 3", b.Len())
	}
	file := filepath.Join(t.TempDir(), "batch.bin")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if b.Len() != 0 || len(b.Bytes()) != 0 {
		t.Fatalf("after Reset: Len %d, %d bytes", b.Len(), len(b.Bytes()))
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	results := make([]error, 3)
	failed, err := r.SendBatch(context.Background(), data, results)
	if err != nil || failed != 0 {
		t.Fatalf("SendBatch = %d, %v; results %v", failed, err, results)
	}
	var links []struct {
		Index int      `json:"ifindex"`
		Name  string   `json:"ifname"`
		Flags []string `json:"flags"`
		Addrs []struct {
			Local  string `json:"local"`
			Prefix int    `json:"prefixlen"`
		} `json:"addr_info"`
	}
	ns.RunJSON(t, &links, "-4", "addr", "show", "dev", "test")
	if len(links) != 1 || links[0].Index != 550 || !strings.Contains(strings.Join(links[0].Flags, ","), "UP") ||
		len(links[0].Addrs) != 1 || links[0].Addrs[0].Local != "10.0.0.2" || links[0].Addrs[0].Prefix != 24 {
		t.Fatalf("ip -j addr show dev test: %+v", links)
	}

	// Replayed, the same bytes are refused where they create (link add,
	// addr add), each result in its place; the set is accepted again.
	failed, err = r.SendBatch(context.Background(), data, results)
	if err != nil || failed != 2 || results[1] != nil {
		t.Fatalf("replay: %d refused, %v (%v); want 2", failed, err, results)
	}
	if !errors.Is(results[0], syscall.EEXIST) || !errors.Is(results[2], syscall.EEXIST) {
		t.Errorf("replayed link add and addr add: %v, want EEXIST each", results)
	}
}

// TestBatchTypedEqualsSpec: the typed calls compile the same bytes as
// the Spec path, and as the IPRoute would send.
func TestBatchTypedEqualsSpec(t *testing.T) {
	typed, spec := rtnl.NewBatch(), rtnl.NewBatch()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(typed.LinkAdd(rtnl.Link{Index: 550, Name: "test", Info: rtnl.Bridge{}}))
	must(spec.Do("link", "add", rtnl.Spec{"index": 550, "ifname": "test", "kind": "bridge"}))
	must(typed.LinkSet(rtnl.Link{Index: 550, State: rtnl.LinkUp}))
	must(spec.Do("link", "set", rtnl.Spec{"index": 550, "state": "up"}))
	must(typed.AddrAdd(rtnl.Addr{Index: 550, Prefix: netip.MustParsePrefix("10.0.0.2/24")}))
	must(spec.Do("addr", "add", rtnl.Spec{"index": 550, "address": "10.0.0.2", "prefixlen": 24}))
	must(typed.RouteAdd(rtnl.Route{Dst: netip.MustParsePrefix("10.9.0.0/16"), Gateway: netip.MustParseAddr("10.0.0.1")}))
	must(spec.Do("route", "add", rtnl.Spec{"dst": "10.9.0.0/16", "gateway": "10.0.0.1"}))
	if !bytes.Equal(typed.Bytes(), spec.Bytes()) {
		t.Fatalf("typed and Spec batches differ:\n typed %x\n spec  %x", typed.Bytes(), spec.Bytes())
	}
	if typed.Len() != 4 {
		t.Errorf("Len() = %d", typed.Len())
	}
}

// TestBatchRefusals: what cannot be batched is refused, naming it, and
// leaves the batch unchanged.
func TestBatchRefusals(t *testing.T) {
	b := rtnl.NewBatch()
	if err := b.Do("link", "add", rtnl.Spec{"ifname": "ok0", "kind": "bridge"}); err != nil {
		t.Fatal(err)
	}
	before := bytes.Clone(b.Bytes())
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"dump", func() error { return b.Do("link", "dump", nil) }, "cannot be batched"},
		{"get", func() error { return b.Do("route", "get", rtnl.Spec{"dst": "1.1.1.1"}) }, "cannot be batched"},
		{"unknown object", func() error { return b.Do("nosuch", "add", nil) }, `unknown object "nosuch"`},
		{"bad keyword", func() error { return b.Do("addr", "add", rtnl.Spec{"index": 1, "address": "nonsense", "mask": 24}) }, "nonsense"},
		{"tuntap", func() error { return b.Do("link", "add", rtnl.Spec{"ifname": "t0", "kind": "tuntap", "mode": "tap"}) }, "tuntap"},
		{"netns by name", func() error { return b.Do("link", "set", rtnl.Spec{"index": 5, "net_ns_fd": "blue"}) }, "net_ns_fd"},
		{"typed netns by name", func() error { return b.LinkSet(rtnl.Link{Index: 5, NetNS: "blue"}) }, "net_ns_fd"},
		{"bad route", func() error { return b.RouteAdd(rtnl.Route{Label: 1 << 21}) }, "Label"},
	} {
		err := tc.call()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.want)
		}
		if !bytes.Equal(b.Bytes(), before) || b.Len() != 1 {
			t.Fatalf("%s: the failed call changed the batch", tc.name)
		}
	}
}

// TestBatchEncodeTC: traffic control goes in through Encode with tc's
// encoders.
func TestBatchEncodeTC(t *testing.T) {
	b := rtnl.NewBatch()
	q := tc.Qdisc{Link: 1, Parent: tc.HandleIngress, Options: tc.Ingress{}}
	err := b.Encode(func(w *wire.Builder) error {
		return q.Encode(w, "add", 0)
	})
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 1 || binary.NativeEndian.Uint16(b.Bytes()[4:]) != uapi.RTM_NEWQDISC {
		t.Fatalf("Len %d, bytes %x", b.Len(), b.Bytes())
	}
	bad := errors.New("bad")
	if err := b.Encode(func(w *wire.Builder) error { w.Begin(1, 0, 0); return bad }); !errors.Is(err, bad) || b.Len() != 1 {
		t.Fatalf("failing Encode: %v, Len %d", err, b.Len())
	}
}

// TestSendBatchStamps: SendBatch gives each request its own sequence
// number and the ack flag, and reports each result in its place.
func TestSendBatchStamps(t *testing.T) {
	var seqs []uint32
	c := nltest.Dial(func(req []byte) []nltest.Datagram {
		h, _ := wire.ParseHeader(req)
		seqs = append(seqs, h.Seq)
		if h.Flags&wire.FlagAck == 0 {
			t.Errorf("request without NLM_F_ACK: %x", req)
		}
		if len(seqs) == 2 {
			return []nltest.Datagram{{Data: nltest.Error(req, syscall.EEXIST, "exists")}}
		}
		return []nltest.Datagram{{Data: nltest.Ack(req)}}
	})
	r := rtnl.New(c)
	defer r.Close()
	b := rtnl.NewBatch()
	for i := range 3 {
		if err := b.AddrAdd(rtnl.Addr{Index: 2, Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, 0, byte(i + 1)}), 24)}); err != nil {
			t.Fatal(err)
		}
	}
	results := make([]error, 3)
	failed, err := r.SendBatch(context.Background(), b.Bytes(), results)
	if err != nil || failed != 1 {
		t.Fatalf("SendBatch = %d, %v", failed, err)
	}
	if results[0] != nil || !errors.Is(results[1], syscall.EEXIST) || results[2] != nil {
		t.Errorf("results %v", results)
	}
	if len(seqs) != 3 || seqs[1] != seqs[0]+1 || seqs[2] != seqs[1]+1 || seqs[0] == 0 {
		t.Errorf("sequence numbers %v, want three consecutive non-zero", seqs)
	}
	if _, err := r.SendBatch(context.Background(), []byte{1, 2, 3}, nil); err == nil {
		t.Error("a malformed buffer was sent")
	}
}

// TestBatchAllocs: typed calls into a warm batch allocate nothing.
func TestBatchAllocs(t *testing.T) {
	b := rtnl.NewBatch()
	rt := rtnl.Route{Dst: netip.MustParsePrefix("10.9.0.0/16"), Gateway: netip.MustParseAddr("10.0.0.1")}
	a := rtnl.Addr{Index: 2, Prefix: netip.MustParsePrefix("10.0.0.2/24")}
	l := rtnl.Link{Index: 2, State: rtnl.LinkUp}
	nh := rtnl.Nexthop{ID: 7, Gateway: rt.Gateway, OIF: 2}
	fdb := rtnl.FDBEntry{IfIndex: 2, LLAddr: net.HardwareAddr{2, 0, 0, 0, 0, 1}}
	step := func() {
		b.Reset()
		for range 64 {
			b.RouteAdd(rt)
			b.AddrAdd(a)
			b.LinkSet(l)
			b.NexthopAdd(nh)
			b.FDBAdd(fdb)
		}
	}
	step()
	if n := testing.AllocsPerRun(100, step); n != 0 {
		t.Errorf("%v allocations per 320 typed requests into a warm batch, want 0", n)
	}
}

func BenchmarkBatchRouteAdd(b *testing.B) {
	bt := rtnl.NewBatch()
	rt := rtnl.Route{Dst: netip.MustParsePrefix("10.9.0.0/16"), Gateway: netip.MustParseAddr("10.0.0.1")}
	b.ReportAllocs()
	for b.Loop() {
		if bt.Len() >= 4096 {
			bt.Reset()
		}
		bt.RouteAdd(rt)
	}
}
