package tc

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"
)

// TestTCGeneratedKernel sends a bounded sample of FuzzTCGenerated's
// values, 20 of every kind from fixed inputs, to the kernel in a
// throwaway namespace: qdiscs at v0's root (ingress and clsact at their
// hook), classes under a qdisc of their kind, filters at a clsact
// ingress hook, actions as the only action of a match-all u32 filter
// there. Mirred actions are pointed at v1 and interface names at v1, the
// links this namespace has; everything else goes as generated. Every
// answer must be success or a clean error (a *ParamError before sending,
// or an error from the kernel that unwraps to a syscall.Errno) within
// 5 s; the qdiscs are deleted after each sample. Kinds this kernel lacks
// answer with an errno like any other refusal: they are counted, and
// listed, not failed. The test logs the outcomes of each kind.
func TestTCGeneratedKernel(t *testing.T) {
	k := newKernel(t)
	peer := uint32(k.ns.IfIndex(t, "v1"))
	const perKind = 20
	start := time.Now()
	tallies := make([]map[string]int, len(genKinds))
	for i := range genKinds {
		g := &genKinds[i]
		tallies[i] = map[string]int{}
		for seed := range uint64(perKind) {
			v := kernelFixup(g.gen(newGen(genInput(i, 1000+seed)[1:])), peer)
			tallies[i][k.sendGenerated(t, g, v)]++
			k.clearQdiscs(t)
		}
	}
	t.Logf("%d kinds × %d samples in %v\n%s", len(genKinds), perKind, time.Since(start).Round(time.Millisecond), outcomeTable(tallies))
}

// sendGenerated sends v, of kind g, with what it needs first (a parent
// qdisc), and returns the outcome: "ok", the errno's name, "spec error",
// or "parent ERRNO" when the parent could not be made.
func (k *kernel) sendGenerated(t *testing.T, g *genKind, v any) string {
	t.Helper()
	switch g.obj {
	case "qdisc":
		q := &Qdisc{Link: k.idx, Handle: 0x10000, Options: v.(QdiscOptions)}
		if g.name == "ingress" || g.name == "clsact" {
			q.Handle = 0 // the kind's own place
		}
		return k.outcome(t, g, v, func(ctx context.Context) error { return QdiscAdd(ctx, k.c, *q) })
	case "class":
		parent := map[string]QdiscOptions{"htb": HTB{}, "hfsc": HFSC{}, "drr": DRR{}}[g.name]
		if r := k.outcome(t, g, parent, func(ctx context.Context) error {
			return QdiscAdd(ctx, k.c, Qdisc{Link: k.idx, Handle: 0x10000, Options: parent})
		}); r != "ok" {
			return "parent " + r
		}
		return k.outcome(t, g, v, func(ctx context.Context) error {
			return ClassAdd(ctx, k.c, Class{Link: k.idx, Handle: 0x10001, Parent: 0x10000, Options: v.(ClassOptions)})
		})
	}
	if r := k.outcome(t, g, Clsact{}, func(ctx context.Context) error {
		return QdiscAdd(ctx, k.c, Qdisc{Link: k.idx, Options: Clsact{}})
	}); r != "ok" {
		return "parent " + r
	}
	f := &Filter{Link: k.idx, Parent: HandleClsactIngress, Priority: 1}
	switch o := v.(type) {
	case Action:
		f.Options = U32{Keys: []U32Key{{}}, Actions: []Action{o}}
	case Flower:
		f.Options, f.Protocol = o, o.EthType
		if f.Protocol == 0 {
			f.Protocol, _ = o.ethTypes()
		}
	case FW:
		f.Options, f.Handle = o, 1 // the mark it matches
	default:
		f.Options = v.(FilterOptions)
	}
	return k.outcome(t, g, v, func(ctx context.Context) error { return FilterAdd(ctx, k.c, *f) })
}

// outcome runs one request with a 5 s deadline and names its result;
// anything but success or a clean error fails t.
func (k *kernel) outcome(t *testing.T, g *genKind, v any, req func(ctx context.Context) error) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := req(ctx)
	var pe *ParamError
	var errno syscall.Errno
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &pe):
		return "spec error"
	case errors.Is(err, context.DeadlineExceeded):
		t.Errorf("%s %s %+v: no answer within 5 s: %v", g.obj, g.name, v, err)
		return "timeout"
	case errors.As(err, &errno):
		return errnoName(errno)
	}
	t.Errorf("%s %s %+v: not a clean error (no errno, no spec error): %v", g.obj, g.name, v, err)
	return "transport failure"
}

// clearQdiscs deletes v0's root and ingress qdiscs, with their classes
// and filters; a missing one is no error.
func (k *kernel) clearQdiscs(t *testing.T) {
	t.Helper()
	for _, q := range []*Qdisc{{Link: k.idx, Handle: 0x10000}, {Link: k.idx, Parent: HandleIngress}} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := QdiscDel(ctx, k.c, *q)
		cancel()
		var errno syscall.Errno
		if err != nil && !errors.As(err, &errno) {
			t.Errorf("qdisc del %+v: %v", q, err)
		}
	}
}

// kernelFixup points what names a link at the namespace's own: mirred
// actions at peer, interface names at v1.
func kernelFixup(v any, peer uint32) any {
	acts := func(as []Action) []Action {
		out := make([]Action, len(as))
		for i, a := range as {
			out[i] = kernelFixup(a, peer).(Action)
		}
		return out
	}
	dev := func(s string) string {
		if s != "" {
			return "v1"
		}
		return s
	}
	switch o := v.(type) {
	case Mirred:
		o.Link = peer
		return o
	case Flower:
		o.Indev, o.Actions = dev(o.Indev), acts(o.Actions)
		return o
	case FW:
		o.Indev, o.Actions = dev(o.Indev), acts(o.Actions)
		return o
	case U32:
		o.Actions = acts(o.Actions)
		return o
	case BPF:
		o.Actions = acts(o.Actions)
		return o
	case Matchall:
		o.Actions = acts(o.Actions)
		return o
	case Basic:
		o.Actions = acts(o.Actions)
		return o
	case Route:
		o.Actions = acts(o.Actions)
		return o
	}
	return v
}

var errnoNames = map[syscall.Errno]string{
	syscall.EINVAL: "EINVAL", syscall.ENOENT: "ENOENT", syscall.EOPNOTSUPP: "EOPNOTSUPP", syscall.ENODEV: "ENODEV",
	syscall.EEXIST: "EEXIST", syscall.ENOMEM: "ENOMEM", syscall.EBADF: "EBADF", syscall.ERANGE: "ERANGE",
	syscall.EPERM: "EPERM", syscall.E2BIG: "E2BIG", syscall.ENOSPC: "ENOSPC", syscall.EAGAIN: "EAGAIN",
	syscall.EBUSY: "EBUSY", syscall.ENOBUFS: "ENOBUFS", syscall.EMSGSIZE: "EMSGSIZE",
	syscall.EACCES: "EACCES", syscall.ENFILE: "ENFILE",
}

func errnoName(e syscall.Errno) string {
	if n, ok := errnoNames[e]; ok {
		return n
	}
	return fmt.Sprintf("errno %d", int(e))
}

// outcomeTable lays the tallies out one kind a line: the samples the
// kernel took, then every other outcome with its count; kinds with none
// taken are listed at the end.
func outcomeTable(tallies []map[string]int) string {
	var sb strings.Builder
	w := tabwriter.NewWriter(&sb, 0, 8, 2, ' ', 0)
	fmt.Fprintln(w, "kind\tok\tother outcomes")
	var none []string
	for i, tally := range tallies {
		var other []string
		for r, n := range tally {
			if r != "ok" {
				other = append(other, fmt.Sprintf("%s %d", r, n))
			}
		}
		sort.Strings(other)
		name := genKinds[i].obj + " " + genKinds[i].name
		fmt.Fprintf(w, "%s\t%d\t%s\n", name, tally["ok"], strings.Join(other, ", "))
		if tally["ok"] == 0 {
			none = append(none, name)
		}
	}
	w.Flush()
	fmt.Fprintf(&sb, "no sample taken (kind missing here, or every sample refused): %s", strings.Join(none, ", "))
	return sb.String()
}
