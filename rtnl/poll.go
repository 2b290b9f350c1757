package rtnl

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/ring"
)

// Poll defaults, pyroute2's poll(timeout=10, interval=0.2).
const (
	DefaultPollTimeout  = 10 * time.Second
	DefaultPollInterval = 200 * time.Millisecond
)

// Poll runs get every interval until it returns something (a non-empty
// slice), and returns that: pyroute2's poll(method, command, timeout,
// interval, **spec), with the timeout taken from ctx — its deadline, or
// DefaultPollTimeout when it has none. interval 0 is
// DefaultPollInterval. A dump interrupted by a concurrent change
// (ring.ErrDumpInterrupted) is retried; any other error of get ends the
// poll with it. When time runs out, the error wraps the context's
// (errors.Is(err, context.DeadlineExceeded)); a cancelled ctx ends it
// with context.Canceled. Any getter fits:
//
//	links, err := rtnl.Poll(ctx, 0, func(ctx context.Context) ([]rtnl.LinkView, error) {
//		return ipr.GetLinks(ctx, rtnl.Match{"ifname": "br0", "state": "up"})
//	})
func Poll[T any](ctx context.Context, interval time.Duration, get func(ctx context.Context) ([]T, error)) ([]T, error) {
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultPollTimeout)
		defer cancel()
	}
	start := time.Now()
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("rtnl: poll: nothing after %v: %w", time.Since(start).Round(time.Millisecond), ctx.Err())
		case <-t.C:
		}
		out, err := get(ctx)
		switch {
		case err == nil && len(out) > 0:
			return out, nil
		case err != nil && ctx.Err() != nil:
			return nil, fmt.Errorf("rtnl: poll: nothing after %v: %w", time.Since(start).Round(time.Millisecond), ctx.Err())
		case err != nil && !errors.Is(err, ring.ErrDumpInterrupted):
			return nil, err
		}
		t.Reset(interval)
	}
}

// PollShow is Poll over a dump of object ([IPRoute.Show]) with the
// filters: it returns the matching messages (owned) once there is at
// least one. pyroute2's
//
//	ipr.poll(ipr.link, "dump", ifname="br0", state="up")
//
// is
//
//	ipr.PollShow(ctx, "link", rtnl.Match{"ifname": "br0", "state": "up"})
func (r *IPRoute) PollShow(ctx context.Context, object string, filters ...Matcher) ([]*codec.Msg, error) {
	return Poll(ctx, 0, func(ctx context.Context) ([]*codec.Msg, error) {
		it := r.Show(ctx, object, filters...)
		return it.Collect()
	})
}

// PollDo is Poll over a command of the generic path ([IPRoute.Do]):
// pyroute2's ipr.poll(ipr.neigh, "get", dst=…, ifindex=…) is
// ipr.PollDo(ctx, "neigh", "get", spec). A get that the kernel answers
// with ENOENT is an error that ends the poll, as in pyroute2; poll a
// dump ("dump" with the Spec as filters) to wait for an object to appear.
func (r *IPRoute) PollDo(ctx context.Context, object, command string, spec Spec) ([]*codec.Msg, error) {
	return Poll(ctx, 0, func(ctx context.Context) ([]*codec.Msg, error) {
		return r.Do(ctx, object, command, spec)
	})
}
