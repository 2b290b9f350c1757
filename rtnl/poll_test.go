package rtnl_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nlroute/nlroute/rtnl"
)

// TestPollReference is the reference's poll example: create a bridge
// with state up and br_stp_state 1, and wait for it in a link dump.
func TestPollReference(t *testing.T) {
	r, _ := dialNS(t)
	ctx := context.Background()
	if _, err := r.Do(ctx, "link", "add", rtnl.Spec{"ifname": "br0", "linkinfo": rtnl.Spec{"kind": "bridge",
		"data": rtnl.Spec{"br_stp_state": 1}}}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond) // the poll must see nothing first
		_, err := r.Do(ctx, "link", "set", rtnl.Spec{"ifname": "br0", "flags": 1, "change": 1})
		done <- err
	}()
	start := time.Now()
	ret, err := r.PollShow(ctx, "link", rtnl.Match{"ifname": "br0", "linkinfo.kind": "bridge", "state": "up",
		"linkinfo.data.br_stp_state": 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	l := rtnl.AsLink(ret[0])
	if l.NameString() != "br0" || !l.Up() || time.Since(start) < 200*time.Millisecond {
		t.Errorf("poll: %s up %v after %v", l.NameString(), l.Up(), time.Since(start))
	}
	if v, ok := ret[0].Get("linkinfo", "data", "br_stp_state"); !ok || must1(v.Uint()) != 1 {
		t.Errorf("br_stp_state: %v", v)
	}
	// The generic getter form.
	links, err := rtnl.Poll(ctx, 10*time.Millisecond, func(ctx context.Context) ([]rtnl.LinkView, error) {
		return r.GetLinks(ctx, rtnl.Match{"ifname": "br0"})
	})
	if err != nil || len(links) != 1 {
		t.Errorf("Poll: %d, %v", len(links), err)
	}
}

// TestPollDeadline: nothing ever matches, and the context's deadline
// ends the poll with context.DeadlineExceeded, on time.
func TestPollDeadline(t *testing.T) {
	r, _ := dialNS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := r.PollShow(ctx, "link", rtnl.Match{"ifname": "nosuch0"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d < 250*time.Millisecond || d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	// A getter's own error ends the poll at once.
	boom := errors.New("boom")
	_, err = rtnl.Poll(context.Background(), 0, func(context.Context) ([]int, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Errorf("getter error: %v", err)
	}
	// pyroute2's poll(ipr.neigh, "dump", …) through Do.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel2()
	if _, err := r.PollDo(ctx2, "neigh", "dump", rtnl.Spec{"dst": "10.9.9.9"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("PollDo: %v", err)
	}
}

func must1(u uint64, _ bool) uint64 { return u }
