package main

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// workload is one step of a run.
type workload struct {
	name string
	run  func(ctx context.Context, e *env, emit func(Result)) error
}

// Default sizes: together about a minute for `all`, with --compare c,ip.
const (
	defaultRoutes = 100000
	defaultLinks  = 2000
)

// plan lists the workloads the options ask for.
func (e *env) plan() []workload {
	install := func(ack ring.AckMode) workload {
		return workload{"install/" + ack.String(), func(ctx context.Context, e *env, emit func(Result)) error {
			return e.install(ctx, ack, e.size(defaultRoutes), emit)
		}}
	}
	dump := workload{"dump", func(ctx context.Context, e *env, emit func(Result)) error {
		return e.dump(ctx, e.size(defaultRoutes), emit)
	}}
	links := workload{"links", func(ctx context.Context, e *env, emit func(Result)) error {
		return e.links(ctx, e.size(defaultLinks), emit)
	}}
	events := workload{"events", func(ctx context.Context, e *env, emit func(Result)) error {
		return e.events(ctx, e.size(defaultRoutes), emit)
	}}
	nexthop := workload{"nexthop", func(ctx context.Context, e *env, emit func(Result)) error {
		return e.nexthop(ctx, e.size(defaultRoutes), emit)
	}}
	switch e.o.workload {
	case "install":
		return []workload{install(e.o.ack)}
	case "dump":
		return []workload{dump}
	case "links":
		return []workload{links}
	case "events":
		return []workload{events}
	case "nexthop":
		return []workload{nexthop}
	case "fib":
		return []workload{{"fib", func(ctx context.Context, e *env, emit func(Result)) error {
			return e.fib(ctx, e.size(defaultFibRoutes), emit)
		}}}
	}
	if e.o.ackSet {
		return []workload{install(e.o.ack), dump, links, events, nexthop}
	}
	return []workload{install(ring.AckEach), install(ring.AckErrors), dump, links, events, nexthop}
}

func (e *env) size(def int) int {
	if e.o.n > 0 {
		return e.o.n
	}
	return def
}

// pipeOpts are the Pipeline options of the command line.
func (e *env) pipeOpts(op string, ack ring.AckMode) ring.PipelineOptions {
	o := ring.PipelineOptions{Op: op, Ack: ack, Window: e.o.window}
	if e.o.batch > 0 {
		o.SendSize = e.o.batch * routeLen(e.o.family)
	}
	return o
}

// routes installs (or deletes) n routes through c with one Pipeline,
// moving the progress bar, and returns its stats.
func (e *env) routes(ctx context.Context, c *ring.Conn, ack ring.AckMode, n int, nhid uint32, flags wire.HeaderFlags, del bool) (ring.PipelineStats, error) {
	op := "route add"
	if del { // only ever a clean-up: say so on the progress line
		op = "route del"
		e.bar.start(fmt.Sprintf("clean-up: deleting %d routes", n))
		defer e.bar.done()
	}
	p, err := c.Pipeline(ctx, e.pipeOpts(op, ack))
	if err != nil {
		return ring.PipelineStats{}, err
	}
	var first error
	for i := range n {
		if _, err := putRoute(p, e.o.family, i, e.oif, nhid, flags, del); err != nil {
			p.Close()
			return p.Stats(), err
		}
		if i&4095 == 0 {
			e.bar.set(i, n)
		}
	}
	err = p.Close()
	if f := p.Failures(); len(f) > 0 {
		first = &f[0]
	}
	if err == nil && first != nil {
		err = fmt.Errorf("%d of %d requests refused, the first: %w", p.Stats().Failed, n, first)
	}
	return p.Stats(), err
}

// install times installing n routes with one Writer (or, with --path
// raw, one Pipeline).
func (e *env) install(ctx context.Context, ack ring.AckMode, n int, emit func(Result)) error {
	c, err := e.dial(ring.PipelineConfig(ring.Config{}))
	if err != nil {
		return err
	}
	defer c.Close()
	name := "install/" + ack.String()
	e.bar.start(name)
	m := startMeter(c)
	var st ring.PipelineStats
	if e.o.path == "raw" {
		st, err = e.routes(ctx, c, ack, n, 0, wire.FlagCreate|wire.FlagExcl, false)
	} else {
		st, err = e.writerRoutes(ctx, c, ack, n)
	}
	r := m.stop(name, n)
	e.bar.done()
	if err != nil {
		return err
	}
	r.Ack, r.Window, r.Family, r.Lost, r.Path = ack.String(), st.Window, e.o.family, n-st.Done, e.o.path
	r.Drops, _ = e.drops(c.PortID())
	emit(r)
	if _, err := e.routes(ctx, c, ring.AckErrors, n, 0, 0, true); err != nil {
		return fmt.Errorf("clean-up: %w", err)
	}
	if e.o.compareC {
		if err := e.cInstall(ctx, ack.String(), n, emit); err != nil {
			return err
		}
	}
	if e.o.compareIP {
		return e.ipInstall(ctx, name, n, emit)
	}
	return nil
}

// dump installs n routes (untimed), then times dumping them, reading
// each one's destination and device through codec.Msg.
func (e *env) dump(ctx context.Context, n int, emit func(Result)) error {
	c, err := e.dial(ring.PipelineConfig(ring.Config{}))
	if err != nil {
		return err
	}
	defer c.Close()
	e.bar.start("dump (setup)")
	if _, err := e.routes(ctx, c, ring.AckErrors, n, 0, wire.FlagCreate|wire.FlagExcl, false); err != nil {
		return err
	}
	e.bar.done()
	req := dumpReq(uapi.RTM_GETROUTE, 12, familyByte(e.o.family))
	e.bar.start("dump")
	m := startMeter(c)
	got, err := countDump(ctx, c, req, codec.Route, uapi.RTA_DST)
	r := m.stop("dump", got)
	e.bar.done()
	if err != nil {
		return err
	}
	r.Family, r.Lost = e.o.family, max(n-got, 0)
	r.Drops, _ = e.drops(c.PortID())
	emit(r)
	if e.o.compareC {
		if err := e.cDump(ctx, "dump", "route_dump", 1, emit); err != nil {
			return err
		}
	}
	if e.o.compareIP {
		if err := e.ipShow(ctx, "dump", got, emit, "-f", e.o.family, "route", "show"); err != nil {
			return err
		}
	}
	_, err = e.routes(ctx, c, ring.AckErrors, n, 0, 0, true)
	return err
}

// countDump runs one dump and counts the messages that carry attribute
// want, reading it through a codec.Msg view of schema s.
func countDump(ctx context.Context, c *ring.Conn, req []byte, s *codec.Schema, want uint16) (int, error) {
	var msg codec.Msg
	got := 0
	st := c.Dump(ctx, "dump", req)
	for st.Next() {
		if msg.Reset(s, st.Message()) != nil {
			continue
		}
		if _, ok := msg.RawAttr(want); ok {
			got++
		}
	}
	return got, st.Err()
}

// linkDumps is how many times the links workload dumps: one dump of
// 2,000 links takes about 10 ms, too short to measure CPU time alone.
const linkDumps = 10

// links creates veth pairs until the namespace has n links (untimed, with
// ip -batch), then times dumping them linkDumps times.
func (e *env) links(ctx context.Context, n int, emit func(Result)) error {
	var lines []string
	for i := range max(n-3, 0) / 2 {
		lines = append(lines, fmt.Sprintf("link add nlbl%d type veth peer name nlbp%d", i, i))
	}
	e.bar.start("links (setup: ip -batch)")
	err := e.batch(lines...)
	e.bar.done()
	if err != nil {
		return err
	}
	defer e.batch(delLines(len(lines))...)
	c, err := e.dial(ring.Config{})
	if err != nil {
		return err
	}
	defer c.Close()
	e.bar.start("links")
	defer e.bar.done()
	req := dumpReq(uapi.RTM_GETLINK, 16, 0)
	got, err := countDump(ctx, c, req, codec.Link, uapi.IFLA_IFNAME) // warm
	if err != nil {
		return err
	}
	m := startMeter(c)
	for range linkDumps {
		if _, err := countDump(ctx, c, req, codec.Link, uapi.IFLA_IFNAME); err != nil {
			return err
		}
	}
	r := m.stop("links", got*linkDumps)
	r.N, r.Seconds, r.Family = got, r.Seconds/linkDumps, "unspec"
	r.Note = fmt.Sprintf("per dump, mean of %d", linkDumps)
	emit(r)
	if e.o.compareC {
		if err := e.cDump(ctx, "links", "link_dump", linkDumps, emit); err != nil {
			return err
		}
	}
	if e.o.compareIP {
		return e.ipShow(ctx, "links", got, emit, "link", "show")
	}
	return nil
}

func delLines(n int) []string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("link del nlbl%d", i)
	}
	return lines
}

// nexthop installs n routes on group 100 (= [nexthop 1]), times moving
// them all to nexthop 2 with one group replace, and times re-installing
// them one by one on nexthop 1 for comparison.
func (e *env) nexthop(ctx context.Context, n int, emit func(Result)) error {
	if e.o.family != "inet" {
		return fmt.Errorf("the nexthop workload is IPv4 only")
	}
	c, err := e.dial(ring.PipelineConfig(ring.Config{}))
	if err != nil {
		return err
	}
	defer c.Close()
	var b wire.Builder
	b.Reset(nil)
	appendNexthop(&b, 1, netip.MustParseAddr("192.0.2.1"), e.oif, wire.FlagCreate|wire.FlagExcl)
	appendNexthop(&b, 2, netip.MustParseAddr("192.0.2.2"), e.oif, wire.FlagCreate|wire.FlagExcl)
	appendGroup(&b, 100, wire.FlagCreate|wire.FlagExcl, 1)
	if failed, err := c.Batch(ctx, "nexthop add", b.Bytes(), nil); err != nil || failed != 0 {
		return fmt.Errorf("nexthop add: %d refused, %v", failed, err)
	}
	defer ipCmd("-n", e.ns, "nexthop", "flush") // takes the routes along
	steps := []struct {
		name string
		fn   func() error
	}{
		{"nexthop/install", func() error {
			_, err := e.routes(ctx, c, e.o.ack, n, 100, wire.FlagCreate|wire.FlagExcl, false)
			return err
		}},
		{"nexthop/swap", func() error {
			b.Reset(b.Bytes()[:0])
			appendGroup(&b, 100, wire.FlagReplace, 2)
			return c.Exec(ctx, "nexthop replace", b.Bytes())
		}},
		{"nexthop/reinstall", func() error {
			_, err := e.routes(ctx, c, e.o.ack, n, 1, wire.FlagReplace, false)
			return err
		}},
	}
	for _, s := range steps {
		e.bar.start(s.name)
		m := startMeter(c)
		err := s.fn()
		r := m.stop(s.name, n)
		e.bar.done()
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		r.Family, r.Ack = e.o.family, e.o.ack.String()
		if s.name == "nexthop/swap" {
			r.Note, r.Ack = fmt.Sprintf("one request moved %d routes in %v", n, time.Duration(r.Seconds*1e9).Round(time.Microsecond)), ""
		}
		emit(r)
	}
	return nil
}
