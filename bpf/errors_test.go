//go:build linux

package bpf

import (
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/cilium/ebpf"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/tc"
)

// TestErrors: a program of the wrong type, a closed program and a missing
// interface give clear errors, matching the sentinels and the errno.
func TestErrors(t *testing.T) {
	p := newPair(t)
	ctx := ctxT(t)
	cls := tcDropper(t)
	xdp := xdpDropper(t)
	closed := loadProg(t, ebpf.SchedCLS, "nlr_closed", retInsns(tcActOK))
	closed.Close()
	const missing = 4242
	in := TCOptions{Link: p.idx, Direction: Ingress}
	gone := TCOptions{Link: missing, Direction: Ingress}
	auto := func(mode Mode, o TCOptions, prog *ebpf.Program) error {
		a, err := Attach(ctx, p.ra, prog, Options{TCOptions: o, Mode: mode})
		if err == nil {
			a.Detach(ctx)
		}
		return err
	}
	tcx := HaveTCX()
	for _, tt := range []struct {
		name    string
		needTCX bool
		err     func() error
		want    error
		text    string
	}{
		{"tc/wrong-type", false, func() error { _, err := AttachTC(ctx, p.ra, xdp, in); return err }, ErrProgramType, "program of type XDP, want SchedCLS"},
		{"tc/closed", false, func() error { _, err := AttachTC(ctx, p.ra, closed, in); return err }, ErrProgramClosed, "closed"},
		{"tc/nil", false, func() error { _, err := AttachTC(ctx, p.ra, nil, in); return err }, ErrProgramClosed, "closed"},
		{"tc/no-link", false, func() error { _, err := AttachTC(ctx, p.ra, cls, gone); return err }, syscall.ENODEV, "link 4242"},
		{"tc/no-direction", false, func() error { _, err := AttachTC(ctx, p.ra, cls, TCOptions{Link: p.idx}); return err }, nil, "want Ingress or Egress"},
		{"tcx/wrong-type", false, func() error { return auto(ModeTCX, in, xdp) }, ErrProgramType, "want SchedCLS"},
		{"tcx/closed", false, func() error { return auto(ModeTCX, in, closed) }, ErrProgramClosed, "closed"},
		{"tcx/no-link", true, func() error { return auto(ModeTCX, gone, cls) }, syscall.ENODEV, "link 4242"},
		{"auto/no-link", false, func() error { return auto(ModeAuto, gone, cls) }, syscall.ENODEV, "link 4242"},
		{"xdp/wrong-type", false, func() error { return AttachXDP(ctx, p.ra, cls, XDPOptions{Link: p.idx}) }, ErrProgramType, "program of type SchedCLS, want XDP"},
		{"xdp/closed", false, func() error { return AttachXDP(ctx, p.ra, closed, XDPOptions{Link: p.idx}) }, ErrProgramClosed, "closed"},
		{"xdp/no-link", false, func() error { return AttachXDP(ctx, p.ra, xdp, XDPOptions{Link: missing, Mode: XDPGeneric}) }, syscall.ENODEV, "link 4242"},
		{"xdp/query-no-link", false, func() error { _, err := QueryXDP(ctx, p.ra, missing); return err }, syscall.ENODEV, "link 4242"},
		{"list/no-link", false, func() error { _, err := List(ctx, p.ra, missing, Ingress); return err }, syscall.ENODEV, "link 4242"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needTCX && tcx != nil {
				testutil.SkipMissingFeature(t, "tcx", tcx)
			}
			err := tt.err()
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || !strings.Contains(err.Error(), tt.text) ||
				!strings.HasPrefix(err.Error(), "bpf: ") {
				t.Fatalf("error %v, want one matching %v and saying %q", err, tt.want, tt.text)
			}
			t.Log(err)
		})
	}
}

// TestEnsureClsactIngressQdisc: an ingress qdisc where clsact would go is
// named in the error, and left alone.
func TestEnsureClsactIngressQdisc(t *testing.T) {
	p := newPair(t)
	ctx := ctxT(t)
	if err := tc.QdiscAdd(ctx, p.ra, tc.Qdisc{Link: p.idx, Options: tc.Ingress{}}); err != nil {
		t.Fatal(err)
	}
	_, err := AttachTC(ctx, p.ra, tcDropper(t), TCOptions{Link: p.idx, Direction: Ingress})
	if !errors.Is(err, syscall.EEXIST) || !strings.Contains(err.Error(), `"ingress" qdisc`) {
		t.Fatalf("AttachTC over an ingress qdisc: %v", err)
	}
	if err := RemoveClsact(ctx, p.ra, p.idx); err == nil {
		t.Fatal("RemoveClsact removed an ingress qdisc")
	}
}
