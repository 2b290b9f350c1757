package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/rtnl"
)

// monitor is `ipr [-n NETNS] [--json] monitor [GROUP ...]`: it prints
// every notification of the groups named (rtnl.GroupNames; none means
// rtnl.DefaultGroupNames) as it arrives, one line each, until ctx ends
// (Ctrl-C). Human lines read as ip-monitor(8)'s: the object's show line,
// "Deleted " before a removal, "[nsid N] " before an event of another
// namespace; --json prints one pyroute2-style object per line. An
// overrun prints "overrun: N notifications lost" (or {"event":
// "overrun", …}) and monitoring goes on.
func monitor(ctx context.Context, inv invocation, out *bufio.Writer) error {
	var groups []string
	if inv.command != "" {
		groups = append(groups, inv.command)
	}
	groups = append(groups, inv.words...)
	if _, err := rtnl.ParseGroups(groups...); err != nil {
		return usagef("%v", err)
	}
	ipr, err := rtnl.Dial(rtnl.Config{NetNS: inv.netns, NoCreateNetNS: true})
	if err != nil {
		return err
	}
	defer ipr.Close()
	names := ifNames{}
	if inv.format != formatJSON {
		if err := loadNames(ctx, ipr, names); err != nil {
			return err
		}
	}
	mon, err := ipr.Bind(ctx, rtnl.MonitorConfig{ListenAllNSID: true, Groups: groups})
	if err != nil {
		return err
	}
	defer mon.Close()
	var buf []byte
	for mon.Next() {
		buf = eventLine(buf[:0], mon.Event(), names, inv.format == formatJSON)
		if len(buf) == 0 {
			continue
		}
		out.Write(buf)
		if err := out.Flush(); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if err := mon.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// loadNames fills names with the interfaces of the namespace.
func loadNames(ctx context.Context, ipr *rtnl.IPRoute, names ifNames) error {
	links := ipr.Links(ctx)
	defer links.Close()
	for links.Next() {
		l := links.View()
		names[l.Index()] = l.NameString()
	}
	return links.Err()
}

// eventLine appends ev's line, with its newline, to b; nothing for an
// event it has no words for in human mode.
func eventLine(b []byte, ev *rtnl.Event, names ifNames, json bool) []byte {
	if ev.IsOverrun() {
		ov := ev.Overrun()
		if json {
			b = append(b, `{"event": "overrun", "count": `...)
			b = strconv.AppendUint(b, ov.Count, 10)
			if ov.HasDrops {
				b = append(b, `, "drops": `...)
				b = strconv.AppendUint(b, ov.Drops, 10)
			}
			return append(b, "}\n"...)
		}
		b = append(b, "overrun: notifications lost"...)
		if ov.HasDrops {
			b = append(b, " (the socket dropped "...)
			b = strconv.AppendUint(b, ov.Drops, 10)
			b = append(b, ")"...)
		}
		return append(b, '\n')
	}
	m := ev.Msg()
	if l, ok := ev.Link(); ok {
		if ev.IsDel() {
			delete(names, l.Index())
		} else {
			names[l.Index()] = l.NameString()
		}
	}
	if json {
		if m == nil {
			return b
		}
		b = m.AppendJSON(b)
		return append(b, '\n')
	}
	if id, ok := ev.NSID(); ok {
		b = append(b, "[nsid "...)
		b = strconv.AppendInt(b, int64(id), 10)
		b = append(b, "] "...)
	}
	if ev.IsDel() {
		b = append(b, "Deleted "...)
	}
	return append(append(b, humanEvent(ev, m, names)...), '\n')
}

// humanEvent returns the show line of ev's object, or its message name.
func humanEvent(ev *rtnl.Event, m *codec.Msg, names ifNames) string {
	if m != nil {
		switch ev.Object() {
		case "link":
			return linkLine(names, m)
		case "addr":
			return addrLine(names, m)
		case "route":
			return routeLine(names, m)
		case "rule":
			return ruleLine(names, m)
		case "neigh":
			return neighLine(names, m)
		case "nexthop":
			return nexthopLine(names, m)
		}
	}
	return ev.String()
}
