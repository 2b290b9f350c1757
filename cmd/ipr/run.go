package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"

	_ "github.com/nlroute/nlroute/tc" // registers the tc kinds' TCA_OPTIONS tables
)

// Exit statuses.
const (
	exitOK      = 0
	exitRuntime = 1 // the kernel or the system refused
	exitUsage   = 2 // a mistake on the command line
)

// dialIPRoute opens the connection a run uses: rtnl.Dial, and in tests
// a recording fake (the bad-input table proves nothing was written).
var dialIPRoute = rtnl.Dial

// session is one run of ipr: the connection, where output goes and how
// it is rendered.
type session struct {
	ipr   *rtnl.IPRoute
	out   *bufio.Writer
	r     renderer
	names map[int]string // interface names, for human lines; nil until loaded
}

// run is ipr: it parses args, runs the command and writes its output to
// stdout and errors to stderr, and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	out := bufio.NewWriter(stdout)
	err := runErr(ctx, args, out)
	if ferr := out.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write output: %w", ferr)
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "ipr: %v\n", err)
	if isUsage(err) {
		var u *usageError
		if errors.As(err, &u) {
			fmt.Fprintln(stderr, "usage: ipr [-n NETNS] [--json|--raw] OBJECT COMMAND [key=value ...]; see ipr help")
		}
		return exitUsage
	}
	return exitRuntime
}

func runErr(ctx context.Context, args []string, out *bufio.Writer) error {
	if ok, err := maybeRouteSync(ctx, args, out); ok {
		return err
	}
	inv, err := parseArgs(args)
	if err != nil {
		return err
	}
	if inv.help || inv.object == "help" {
		return writeHelp(out, inv)
	}
	if inv.object == "monitor" {
		return monitor(ctx, inv, out)
	}
	if inv.object == "agent" {
		return runAgent(ctx, inv, agentStdin, out)
	}
	// Everything the command line says is checked before dialing, so a
	// usage error never needs privileges or a namespace.
	var call func(ctx context.Context, s *session) error
	if inv.object == "dump" {
		objs, err := dumpObjects(inv.words)
		if err != nil {
			return err
		}
		call = func(ctx context.Context, s *session) error { return dumpAll(ctx, s, objs) }
	} else {
		o, err := findObject(inv.object)
		if err != nil {
			return err
		}
		if inv.command == "" {
			inv.command = "show"
		}
		h, err := o.findCommand(inv.command)
		if err != nil {
			return err
		}
		ps, err := parseParams(inv.words)
		if err != nil {
			return err
		}
		if o.schema == codec.TC {
			if ps, err = tcParams(ps); err != nil {
				return err
			}
		}
		call = func(ctx context.Context, s *session) error { return h(ctx, s, o, ps) }
	}
	ipr, err := dialIPRoute(rtnl.Config{NetNS: inv.netns})
	if err != nil {
		if inv.netns != "" {
			return fmt.Errorf("namespace %q: %w", inv.netns, err)
		}
		return err
	}
	defer ipr.Close()
	s := &session{ipr: ipr, out: out, r: newRenderer(inv.format, out, inv.object == "dump")}
	if err := call(ctx, s); err != nil {
		return err
	}
	return s.r.finish()
}

// human reports whether output is the human-readable lines.
func (s *session) human() bool {
	_, ok := s.r.(*humanRenderer)
	return ok
}

// prepare loads what o's human lines need before a dump starts (a dump
// cannot run inside another on one connection).
func (s *session) prepare(ctx context.Context, o *object) error {
	if !o.names || !s.human() || s.names != nil {
		return nil
	}
	links := s.ipr.Links(ctx)
	defer links.Close()
	names := map[int]string{}
	for links.Next() {
		l := links.View()
		names[l.Index()] = l.NameString()
	}
	if err := links.Err(); err != nil {
		return err
	}
	s.names = names
	s.r.(*humanRenderer).names = names
	return nil
}

// filtersOf returns the filters of a dump of o with params ps.
func filtersOf(o *object, ps []param) []rtnl.Matcher {
	var fs []rtnl.Matcher
	if o.fixed != nil {
		fs = append(fs, o.fixed)
	}
	if len(ps) > 0 {
		fs = append(fs, matchOf(ps))
	}
	return fs
}

// showCmd is `OBJECT show|dump [filters]`: the object's dump through
// rtnl.IPRoute.Show, each message that passes the filters rendered.
func showCmd(ctx context.Context, s *session, o *object, ps []param) error {
	if err := s.prepare(ctx, o); err != nil {
		return err
	}
	it := s.ipr.Show(ctx, o.show, filtersOf(o, ps)...)
	defer it.Close()
	for it.Next() {
		if err := s.r.msg(o, it.Msg()); err != nil {
			return err
		}
	}
	return it.Err()
}

// getCmd returns the handler of `OBJECT get key=value…`: one request of
// type t built from the params as a Spec (rtnl.IPRoute.Request), every
// answer rendered. fix, when not nil, fills in what the kernel needs and
// pyroute2 supplies (a route's dst_len).
func getCmd(t wire.MsgType, op string, fix func(rtnl.Spec)) handler {
	return func(ctx context.Context, s *session, o *object, ps []param) error {
		spec, err := specOf(ps)
		if err != nil {
			return err
		}
		if fix != nil {
			fix(spec)
		}
		if err := s.prepare(ctx, o); err != nil {
			return err
		}
		msgs, err := s.ipr.Request(ctx, op, t, 0, o.schema, spec)
		for _, m := range msgs {
			if rerr := s.r.msg(o, m); rerr != nil {
				return rerr
			}
		}
		return err
	}
}

// dumpObjects resolves the groups of `ipr dump [GROUP…]`; none means
// every object that has a group.
func dumpObjects(words []string) ([]*object, error) {
	var objs []*object
	if len(words) == 0 {
		for _, o := range objects {
			if o.group != "" {
				objs = append(objs, o)
			}
		}
		return objs, nil
	}
	for _, w := range words {
		o, err := findGroup(w)
		if err != nil {
			return nil, err
		}
		objs = append(objs, o)
	}
	return objs, nil
}

// dumpAll is `ipr dump`: every object's dump in turn, as pyroute2's
// dump(), each under its group.
func dumpAll(ctx context.Context, s *session, objs []*object) error {
	for _, o := range objs {
		s.r.group(o)
		if err := o.commands["dump"](ctx, s, o, nil); err != nil {
			return err
		}
	}
	return nil
}

// fixRouteGet gives a bare "dst" or "src" address its full length, as
// pyroute2 does: the kernel wants dst_len 32 (128) for a route lookup.
func fixRouteGet(spec rtnl.Spec) {
	for _, k := range []string{"dst", "src"} {
		s, ok := spec[k].(string)
		if !ok {
			continue
		}
		if _, ok := spec[k+"_len"]; ok {
			continue
		}
		if a, err := netip.ParseAddr(s); err == nil {
			spec[k+"_len"] = a.BitLen()
		}
	}
}

// fixStatsGet asks for the 64-bit link counters when no filter_mask is
// given (the kernel refuses an empty mask).
func fixStatsGet(spec rtnl.Spec) {
	if _, ok := spec["filter_mask"]; !ok {
		spec["filter_mask"] = 1 << (uapi.IFLA_STATS_LINK_64 - 1)
	}
}
