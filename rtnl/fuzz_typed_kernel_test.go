package rtnl

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/wire"
)

// TestTypedSpecsKernel sends a bounded sample of FuzzTypedSpecs's
// generated specs (40 of every family, fixed seeds) to the kernel in a
// throwaway namespace holding a veth pair with addresses and a bridge,
// and records each answer: success or a clean error — a kernel errno
// (*wire.OpError) or a spec error before sending — never a hang (every
// request has a 5 s deadline) or a transport failure. The connection
// must still answer afterwards. Links created are deleted again; the
// rest goes with the namespace. The table of outcomes is logged.
func TestTypedSpecsKernel(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add v0 type veth peer name v1", "link add br0 type bridge",
		"link set v0 up", "link set v1 up", "link set br0 up",
		"addr add 10.0.0.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad")
	ipr, err := Dial(Config{NetNS: ns.Path})
	if err != nil {
		t.Fatal(err)
	}
	defer ipr.Close()
	v0, br0 := ns.IfIndex(t, "v0"), ns.IfIndex(t, "br0")

	r := rand.New(rand.NewSource(2026))
	outcomes := map[string]map[string]int{}
	total := 0
	for _, fam := range typedFamilies {
		outcomes[fam.name] = map[string]int{}
		for i := range 40 {
			seed := make([]byte, 48)
			r.Read(seed)
			c := fam.gen(newSpecGen(seed))
			send := kernelSample(c, v0, br0, i)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			start := time.Now()
			err := send(ctx, ipr)
			cancel()
			outcomes[fam.name][outcome(t, c, err, time.Since(start))]++
			total++
		}
	}
	if _, err := ipr.LinkGet(context.Background(), Link{Name: "lo"}); err != nil {
		t.Fatalf("the connection no longer answers after the sample: %v", err)
	}
	for _, fam := range typedFamilies {
		var w []string
		for k, n := range outcomes[fam.name] {
			w = append(w, fmt.Sprintf("%s %d", k, n))
		}
		sort.Strings(w)
		t.Logf("%-8s %s", fam.name, strings.Join(w, "; "))
	}
	if outcomes["link"]["ok"]+outcomes["rule"]["ok"]+outcomes["addr"]["ok"] == 0 {
		t.Errorf("no link, rule or address of %d specs was accepted: the sample tests nothing", total)
	}
}

// kernelSample points a generated spec at the namespace's devices (a
// random index would only meet ENODEV), takes out the few settings the
// kernel refuses before looking at anything else (ECN bits in a route's
// TOS, a rule's goto target without the goto action, queue counts in
// the millions), and returns how to send it.
func kernelSample(c genCase, v0, br0, i int) func(context.Context, *IPRoute) error {
	switch x := c.spec.(type) {
	case *Link:
		x.Index, x.Link, x.Master, x.NoMaster, x.VFs = 0, uint32(v0), 0, false, nil
		x.Name = fmt.Sprintf("fz%d", i)
		x.NumTxQueues, x.NumRxQueues = x.NumTxQueues%5, x.NumRxQueues%5
		return func(ctx context.Context, ipr *IPRoute) error {
			err := ipr.LinkAdd(ctx, *x)
			if err == nil {
				if err := ipr.LinkDel(ctx, Link{Name: x.Name}); err != nil {
					return fmt.Errorf("delete what was created: %w", err)
				}
			}
			return err
		}
	case *Route:
		x.OIF, x.IIF, x.TOS, x.Type = v0, 0, 0, x.Type%12
		for i := range x.Multipath {
			x.Multipath[i].OIF = v0
		}
		return func(ctx context.Context, ipr *IPRoute) error { return ipr.RouteAdd(ctx, *x) }
	case *Rule:
		if x.Action != RuleGoto {
			x.Goto = 0
		}
		return func(ctx context.Context, ipr *IPRoute) error { return ipr.RuleAdd(ctx, *x) }
	case *Addr:
		x.Index = v0
		return func(ctx context.Context, ipr *IPRoute) error { return ipr.AddrAdd(ctx, *x) }
	case *Neigh:
		x.IfIndex = v0
		return func(ctx context.Context, ipr *IPRoute) error { return ipr.NeighAdd(ctx, *x) }
	case *FDBEntry:
		x.IfIndex = br0
		return func(ctx context.Context, ipr *IPRoute) error { return ipr.FDBAdd(ctx, *x) }
	case *Nexthop:
		if x.OIF != 0 {
			x.OIF = v0
		}
		return func(ctx context.Context, ipr *IPRoute) error { return ipr.NexthopAdd(ctx, *x) }
	}
	panic(fmt.Sprintf("no sender for %T", c.spec))
}

// outcome names the answer to one sample ("ok", "spec error", or the
// errno) and fails t on anything else.
func outcome(t *testing.T, c genCase, err error, took time.Duration) string {
	t.Helper()
	var op *wire.OpError
	var se *codec.SpecError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &se):
		return "spec error"
	case errors.As(err, &op) && op.Msg != "":
		return op.Errno.Error() + " (" + op.Msg + ")"
	case errors.As(err, &op):
		return op.Errno.Error()
	}
	t.Errorf("%s: %+v: after %v: %v (%T): neither success nor a clean error", c.name, c.spec, took, err, err)
	return "other"
}
