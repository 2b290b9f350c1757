package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/fib"
	"github.com/nlroute/nlroute/rtnl"
)

// `ipr route sync [--table N] [--proto P] [--metric M] [--dry-run] FILE|-`:
// makes the routes of one table and protocol equal those of FILE, with
// the fewest changes, through the fib package. With the global --json
// it prints the diff as one JSON object (see writeSyncJSON).

const routeSyncUsage = "ipr [-n NETNS] route sync [--table N] [--proto P] [--metric M] [--dry-run] FILE|-"

// syncStdin is where `route sync -` reads.
var syncStdin io.Reader = os.Stdin

type syncOpts struct {
	table, proto, metric uint32
	dryRun               bool
	json                 bool // --json: the diff as one JSON object
	file                 string
}

// splitRouteSync recognises `route sync` among args: it returns the
// sync's own options and the other arguments (the global flags, for
// parseArgs), or ok false when args are another command.
func splitRouteSync(args []string) (rest []string, o syncOpts, ok bool, err error) {
	var pos []string
	o = syncOpts{table: 254, proto: 4}
	files := 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		key, val, hasVal := strings.Cut(a, "=")
		switch {
		case a == "-n" || a == "-netns" || a == "--netns":
			rest = append(rest, a)
			if i+1 < len(args) {
				i++
				rest = append(rest, args[i])
			}
			continue
		case len(pos) == 2 && (key == "--table" || key == "--proto" || key == "--metric"):
			if !hasVal {
				if i+1 >= len(args) {
					return nil, o, true, usagef("route sync: %s needs a value", a)
				}
				i++
				val = args[i]
			}
			if err := o.set(key, val); err != nil {
				return nil, o, true, err
			}
			continue
		case len(pos) == 2 && a == "--dry-run":
			o.dryRun = true
			continue
		case strings.HasPrefix(a, "-") && a != "-":
			rest = append(rest, a)
			continue
		}
		if len(pos) < 2 {
			pos = append(pos, a)
			rest = append(rest, a)
			if len(pos) == 2 && (pos[0] != "route" || pos[1] != "sync") {
				return nil, o, false, nil
			}
			continue
		}
		files++
		o.file = a
	}
	if len(pos) < 2 {
		return nil, o, false, nil
	}
	if files != 1 {
		return nil, o, true, usagef("route sync: want one FILE (or - for standard input), got %d: %s", files, routeSyncUsage)
	}
	return rest, o, true, nil
}

func (o *syncOpts) set(key, val string) error {
	switch key {
	case "--table":
		v, ok := rtnl.RouteTables.Lookup(val)
		if !ok || v == 0 {
			return usagef("route sync: --table %q is not a table name or number 1 … 4294967295", val)
		}
		o.table = v
	case "--proto":
		v, ok := rtnl.RouteProtos.Lookup(val)
		if !ok || v == 0 {
			return usagef("route sync: --proto %q is not a protocol name or number 1 … 255", val)
		}
		o.proto = v
	case "--metric":
		v, err := strconv.ParseUint(val, 10, 32)
		if err != nil {
			return usagef("route sync: --metric %q is not a number 0 … 4294967295", val)
		}
		o.metric = uint32(v)
	}
	return nil
}

// maybeRouteSync runs `route sync` when args are that command.
func maybeRouteSync(ctx context.Context, args []string, out *bufio.Writer) (bool, error) {
	rest, o, ok, err := splitRouteSync(args)
	if !ok || err != nil {
		return ok, err
	}
	inv, err := parseArgs(rest)
	if err != nil {
		return true, err
	}
	if inv.help {
		return true, writeHelp(out, invocation{object: "route"})
	}
	o.json = inv.format == formatJSON
	in := syncStdin
	if o.file != "-" {
		f, err := os.Open(o.file)
		if err != nil {
			return true, err
		}
		defer f.Close()
		in = f
	}
	routes, err := readSyncRoutes(in, syncChecks{table: o.table, proto: o.proto, metric: o.metric})
	if err != nil {
		return true, usagef("route sync: %s: %v", o.fileName(), err)
	}
	r, err := dialIPRoute(rtnl.Config{NetNS: inv.netns})
	if err != nil {
		return true, err
	}
	defer r.Close()
	return true, runRouteSync(ctx, r, o, routes, out)
}

func (o *syncOpts) fileName() string {
	if o.file == "-" {
		return "standard input"
	}
	return o.file
}

// runRouteSync resolves the interface names, then plans or syncs, and
// prints the diff.
func runRouteSync(ctx context.Context, r *rtnl.IPRoute, o syncOpts, routes []syncRoute, out *bufio.Writer) error {
	desired, err := resolveSyncRoutes(ctx, r, o, routes)
	if err != nil {
		return err
	}
	foreign := 0
	f, err := fib.New(ctx, r, fib.Config{Table: rtnl.RouteTable(o.table), Protocol: rtnl.RouteProtocol(o.proto),
		Metric: o.metric, Interference: fib.InterferenceOff, DiffList: -1,
		OnForeign: func(fib.Foreign) { foreign++ }})
	if err != nil {
		return err
	}
	defer f.Close()
	var d fib.Diff
	verb := ""
	if o.dryRun {
		d, err = f.Plan(ctx, slices.Values(desired))
		verb = "would "
	} else {
		d, err = f.Sync(ctx, slices.Values(desired))
	}
	if o.json {
		if werr := writeSyncJSON(out, o, d, foreign, f.Stats().Nexthops); werr != nil && err == nil {
			err = werr
		}
	} else {
		for _, c := range d.Changes {
			if c.Err == nil {
				fmt.Fprintf(out, "%s%s %s\n", verb, c.Op, c.Prefix)
			}
		}
		for _, c := range d.Failures {
			fmt.Fprintf(out, "failed %s %s: %v\n", c.Op, c.Prefix, c.Err)
		}
		fmt.Fprintf(out, "%s%s; %d foreign routes left alone (nexthops: %s)\n", verb, d, foreign, f.Stats().Nexthops)
	}
	if err != nil {
		return err
	}
	if d.Failed > 0 {
		var names []string
		for _, c := range d.Failures {
			names = append(names, c.Prefix.String())
		}
		return fmt.Errorf("route sync: %d routes could not be installed: %s", d.Failed, strings.Join(names, ", "))
	}
	return nil
}

// resolveSyncRoutes turns interface names into indexes: an unknown one
// is an error naming its line, before anything is written.
func resolveSyncRoutes(ctx context.Context, r *rtnl.IPRoute, o syncOpts, routes []syncRoute) ([]fib.Route, error) {
	index := map[string]int{}
	links, err := r.GetLinks(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		index[l.NameString()] = l.Index()
	}
	out := make([]fib.Route, 0, len(routes))
	for _, rt := range routes {
		fr := fib.Route{Prefix: rt.prefix}
		for _, h := range rt.hops {
			idx := 0
			if h.dev != "" {
				n, err := strconv.Atoi(strings.TrimPrefix(h.dev, "#"))
				if !strings.HasPrefix(h.dev, "#") || err != nil {
					var ok bool
					if n, ok = index[h.dev]; !ok {
						return nil, usagef("route sync: %s: line %d: dev %q: no such interface", o.fileName(), rt.line, h.dev)
					}
				}
				idx = n
			}
			fr.Nexthops = append(fr.Nexthops, fib.Nexthop{Gateway: h.gw, Ifindex: idx, Weight: h.weight})
		}
		out = append(out, fr)
	}
	return out, nil
}
