package main

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
)

// handler runs one COMMAND on one OBJECT with the key=value params.
type handler func(ctx context.Context, s *session, o *object, ps []param) error

// object is one OBJECT of the command line: what it dumps, how its
// messages print, and its commands.
type object struct {
	name    string
	aliases []string
	group   string        // its key in `ipr dump --json` ("links")
	show    string        // the rtnl.IPRoute.Show object it dumps
	fixed   rtnl.Match    // filters always added (brport: AF_BRIDGE)
	schema  *codec.Schema // its messages' schema, for requests
	line    lineFunc      // its human-readable line
	names   bool          // line prints interface names: load them first
	help    string        // one line for `ipr help`

	// commands maps COMMAND to its handler. Adding a command to an object
	// is one entry here calling the library (later: "add": requestCmd(…)).
	commands map[string]handler
}

// dumps is the show/dump pair every object has.
func dumps(extra map[string]handler) map[string]handler {
	m := map[string]handler{"dump": showCmd, "show": showCmd}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// objects is the command table, in `ipr dump` order (rtnl.ShowObjects'),
// brport last as it is a view of links.
var objects = []*object{
	{name: "link", group: "links", show: "link", schema: codec.Link, line: linkLine, names: true,
		help:     "network interfaces (RTM_GETLINK)",
		commands: dumps(map[string]handler{"get": getCmd(uapi.RTM_GETLINK, "link get", nil), "lookup": lookupCmd})},
	{name: "addr", aliases: []string{"address"}, group: "addrs", show: "addr", schema: codec.Addr, line: addrLine, names: true,
		help:     "interface addresses (RTM_GETADDR)",
		commands: dumps(map[string]handler{"flush": flushCmd((*rtnl.IPRoute).FlushAddr)})},
	{name: "route", group: "routes", show: "route", schema: codec.Route, line: routeLine, names: true,
		help: "routes of every table and family (RTM_GETROUTE); get: the route the kernel would use",
		commands: dumps(map[string]handler{"get": getCmd(uapi.RTM_GETROUTE, "route get", fixRouteGet),
			"flush": flushCmd((*rtnl.IPRoute).FlushRoutes)})},
	{name: "rule", group: "rules", show: "rule", schema: codec.Rule, line: ruleLine,
		help:     "routing policy rules (RTM_GETRULE)",
		commands: dumps(map[string]handler{"flush": flushCmd((*rtnl.IPRoute).FlushRules)})},
	{name: "neigh", aliases: []string{"neighbour"}, group: "neighbours", show: "neigh", schema: codec.Neigh, line: neighLine, names: true,
		help:     "ARP and NDP neighbours (RTM_GETNEIGH); get needs dst and ifindex",
		commands: dumps(map[string]handler{"get": getCmd(uapi.RTM_GETNEIGH, "neigh get", nil)})},
	{name: "fdb", group: "fdb", show: "fdb", schema: codec.Neigh, line: fdbLine, names: true,
		help:     "bridge and VXLAN forwarding databases (RTM_GETNEIGH, AF_BRIDGE)",
		commands: dumps(nil)},
	{name: "nexthop", group: "nexthops", show: "nexthop", schema: codec.Nexthop, line: nexthopLine, names: true,
		help:     "nexthop objects and groups (RTM_GETNEXTHOP); get needs id",
		commands: dumps(map[string]handler{"get": getCmd(uapi.RTM_GETNEXTHOP, "nexthop get", nil)})},
	{name: "qdisc", group: "qdiscs", show: "qdisc", schema: codec.TC, line: tcLine("qdisc"), names: true,
		help:     "queueing disciplines (RTM_GETQDISC)",
		commands: dumps(nil)},
	{name: "class", group: "classes", show: "class", schema: codec.TC, line: tcLine("class"), names: true,
		help:     "traffic classes (RTM_GETTCLASS); every interface's unless index= is given",
		commands: map[string]handler{"dump": tcWalkCmd, "show": tcWalkCmd}},
	{name: "filter", group: "filters", show: "filter", schema: codec.TC, line: tcLine("filter"), names: true,
		help:     "traffic filters (RTM_GETTFILTER); of every qdisc and class unless index= and parent= are given",
		commands: map[string]handler{"dump": tcWalkCmd, "show": tcWalkCmd}},
	{name: "vlan", aliases: []string{"vlan_filter"}, group: "vlans", show: "vlan", schema: codec.BridgeVLAN, line: vlanLine, names: true,
		help:     "bridge VLAN database (RTM_GETVLAN)",
		commands: dumps(nil)},
	{name: "neightbl", aliases: []string{"ntable"}, group: "neightbls", show: "neightbl", schema: codec.NeighTable, line: neightblLine, names: true,
		help:     "neighbour tables (RTM_GETNEIGHTBL)",
		commands: dumps(nil)},
	{name: "nsid", group: "nsids", show: "nsid", schema: codec.NSID, line: nsidLine,
		help:     "ids of peer namespaces (RTM_GETNSID)",
		commands: dumps(nil)},
	{name: "stats", group: "stats", show: "stats", schema: codec.Stats, line: statsLine, names: true,
		help:     "interface statistics (RTM_GETSTATS); get needs ifindex",
		commands: dumps(map[string]handler{"get": getCmd(uapi.RTM_GETSTATS, "stats get", fixStatsGet)})},
	{name: "brport", show: "link", fixed: rtnl.Match{"family": uapi.AF_BRIDGE}, schema: codec.Link, line: brportLine, names: true,
		help:     "bridge ports with their settings (RTM_GETLINK, AF_BRIDGE)",
		commands: dumps(nil)},
}

// lookupCmd is `ipr link lookup KEY=VALUE…`, pyroute2's link_lookup:
// the indexes of the links matching every filter, one a line (a JSON
// array with --json; nothing when none matches). Like show, filters take
// names and lists (operstate=UP, index=[1,2]).
func lookupCmd(ctx context.Context, s *session, _ *object, ps []param) error {
	if len(ps) == 0 {
		return usagef("link lookup: give at least one key=value (ifname=eth0, operstate=UP …)")
	}
	idx, err := s.ipr.LinkLookup(ctx, rtnl.Spec(matchOf(ps)))
	if err != nil {
		return err
	}
	s.printed = true
	if _, ok := s.r.(*jsonRenderer); ok {
		strs := make([]string, len(idx))
		for i, n := range idx {
			strs[i] = fmt.Sprint(n)
		}
		_, err := fmt.Fprintf(s.out, "[%s]\n", strings.Join(strs, ", "))
		return err
	}
	for _, n := range idx {
		if _, err := fmt.Fprintln(s.out, n); err != nil {
			return err
		}
	}
	return nil
}

// findObject returns the object called name (or one of its aliases).
func findObject(name string) (*object, error) {
	for _, o := range objects {
		if o.name == name || slices.Contains(o.aliases, name) {
			return o, nil
		}
	}
	return nil, usagef("unknown object %q (one of: %s; see ipr help)", name, strings.Join(objectNames(), ", "))
}

// findCommand returns o's handler for command.
func (o *object) findCommand(command string) (handler, error) {
	if h, ok := o.commands[command]; ok {
		return h, nil
	}
	if d, ok := o.libraryObject(); ok {
		if _, ok := d.Verb(command); ok {
			return doCmd(d.Name, command), nil
		}
	}
	return nil, usagef("%s %s: command not implemented (%s has: %s)", o.name, command, o.name, strings.Join(o.commandNames(), ", "))
}

func objectNames() []string {
	names := make([]string, len(objects))
	for i, o := range objects {
		names[i] = o.name
	}
	return names
}

func (o *object) commandNames() []string {
	names := make([]string, 0, len(o.commands))
	for c := range o.commands {
		names = append(names, c)
	}
	if d, ok := o.libraryObject(); ok {
		for _, c := range d.Commands() {
			if !slices.Contains(names, c) {
				names = append(names, c)
			}
		}
	}
	sort.Strings(names)
	return names
}

// flushCmd is `OBJECT flush key=value…`: every object passing the
// filters deleted in one batch by the library's flush (pyroute2's
// flush_addr, flush_routes, flush_rules), and the count printed. Like
// ip(8), it wants at least one filter: a bare flush would delete the
// kernel's own addresses, routes or rules too.
func flushCmd(flush func(*rtnl.IPRoute, context.Context, ...rtnl.Matcher) (int, error)) handler {
	return func(ctx context.Context, s *session, o *object, ps []param) error {
		if len(ps) == 0 {
			return usagef("%s flush: give at least one key=value filter (a bare flush would delete everything)", o.name)
		}
		if err := s.prepare(ctx, o); err != nil {
			return err
		}
		n, err := flush(s.ipr, ctx, filtersOf(o, ps)...)
		if err != nil {
			return err
		}
		_, werr := fmt.Fprintf(s.out, "deleted %d\n", n)
		return werr
	}
}

// libraryObject returns the library's command-path object of o, found
// by o's name or one of its aliases ("vlan" is the library's
// "vlan_filter").
func (o *object) libraryObject() (rtnl.ObjectDef, bool) {
	for _, n := range append([]string{o.name}, o.aliases...) {
		if d, ok := rtnl.LookupObject(n); ok {
			return d, true
		}
	}
	return rtnl.ObjectDef{}, false
}

// doCmd runs command on the library's object lib through its generic
// command path (rtnl.IPRoute.Do: pyroute2's verbs, the object's Spec
// defaults and checks) and prints whatever the kernel answered with.
func doCmd(lib, command string) handler {
	return func(ctx context.Context, s *session, o *object, ps []param) error {
		spec, err := specOf(ps)
		if err != nil {
			return err
		}
		if err := s.prepare(ctx, o); err != nil {
			return err
		}
		msgs, err := s.ipr.Do(ctx, lib, command, spec)
		for _, m := range msgs {
			if rerr := s.r.msg(o, m); rerr != nil {
				return rerr
			}
		}
		return err
	}
}

// findGroup returns the object of a dump group ("links") or object name.
func findGroup(name string) (*object, error) {
	for _, o := range objects {
		if o.group != "" && o.group == name {
			return o, nil
		}
	}
	o, err := findObject(name)
	if err == nil && o.group == "" {
		err = usagef("dump: %q is not a dump group", name)
	}
	return o, err
}

// checkTable verifies that the table agrees with the library: every
// object rtnl.Show knows has a row, and every group name is the one
// rtnl.LookupDumpGroup gives. Tests call it.
func checkTable() error {
	for _, name := range rtnl.ShowObjects() {
		o, err := findObject(name)
		if err != nil {
			return err
		}
		if obj, _ := rtnl.LookupDumpGroup(o.group); obj != name {
			return fmt.Errorf("object %s: group %q is not rtnl's", name, o.group)
		}
	}
	return nil
}
