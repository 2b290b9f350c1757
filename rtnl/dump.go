package rtnl

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/nlroute/nlroute/codec"
)

// showObjects are the objects of ShowObjects; never changed after init.
var showObjects = [...]string{"link", "addr", "route", "rule", "neigh", "fdb", "nexthop", "qdisc", "class", "filter", "vlan", "neightbl", "nsid", "stats"}

// ShowObjects returns the object names [IPRoute.Show] knows, in the
// order [IPRoute.Dump] dumps them by default, in a new slice: pyroute2's
// object names, which a command line uses as its OBJECT argument.
func ShowObjects() []string { return slices.Clone(showObjects[:]) }

// dumpGroups maps the group names of Dump to their objects (see
// [DumpGroupNames]); never changed after init.
var dumpGroups = map[string]string{
	"links": "link", "addrs": "addr", "routes": "route", "rules": "rule",
	"neighbours": "neigh", "fdb": "fdb", "nexthops": "nexthop", "qdiscs": "qdisc",
	"classes": "class", "filters": "filter", "vlans": "vlan", "neightbls": "neightbl",
	"nsids": "nsid", "stats": "stats",
}

// DumpGroupNames returns the group names of [IPRoute.Dump] (and of `ipr
// dump --json`), sorted, in a new slice: the plural of each object of
// [ShowObjects] ("links", "routes" …; "fdb" and "stats" as they are).
func DumpGroupNames() []string { return slices.Sorted(maps.Keys(dumpGroups)) }

// LookupDumpGroup returns the object of dump group name ("routes" →
// "route"; see [DumpGroupNames]), and whether name is a dump group.
func LookupDumpGroup(name string) (object string, ok bool) {
	object, ok = dumpGroups[name]
	return object, ok
}

// Show dumps one object by name ("link", "addr", "route", "rule",
// "neigh", "fdb", "nexthop", "qdisc", "class", "filter", "vlan",
// "neightbl", "nsid", "stats") with the filters, as the typed iterator of
// that object does (kernel-side filtering included): the generic entry a
// command line drives with OBJECT and key=value filters. An unknown name
// ends the Iter at once with an error. See [Iter].
func (r *IPRoute) Show(ctx context.Context, object string, filters ...Matcher) Iter {
	switch object {
	case "link":
		return r.Links(ctx, filters...).Iter
	case "addr":
		return r.Addrs(ctx, filters...).Iter
	case "route":
		return r.Routes(ctx, filters...).Iter
	case "rule":
		return r.Rules(ctx, filters...).Iter
	case "neigh":
		return r.Neighbours(ctx, filters...).Iter
	case "fdb":
		return r.FDB(ctx, filters...).Iter
	case "nexthop":
		return r.Nexthops(ctx, filters...).Iter
	case "qdisc":
		return r.Qdiscs(ctx, filters...).Iter
	case "class":
		return r.Classes(ctx, filters...).Iter
	case "filter":
		return r.Filters(ctx, filters...).Iter
	case "vlan":
		return r.VLANEntries(ctx, filters...).Iter
	case "neightbl":
		return r.NeighbourTables(ctx, filters...).Iter
	case "nsid":
		return r.NetNSIDs(ctx, filters...).Iter
	case "stats":
		return r.Stats(ctx, filters...).Iter
	}
	var it Iter
	it.fail(object+" dump", fmt.Errorf("unknown object %q (one of %v)", object, showObjects))
	return it
}

// DumpIter iterates over several objects' dumps one after another (see
// [IPRoute.Dump]). Messages borrow as an [Iter]'s do; errors are sticky;
// Close ends it early. Used by one goroutine.
type DumpIter struct {
	r       *IPRoute
	ctx     context.Context
	objects []string
	i       int
	cur     Iter
	err     error
}

// Dump dumps many objects at once, as pyroute2's dump(): the objects
// named by groups (object names, "link", or group names, "links"), in
// the order given; no groups means every object of [ShowObjects] but
// "class" and "filter", which need an interface index. Each object's dump
// runs after the previous one ends.
func (r *IPRoute) Dump(ctx context.Context, groups ...string) *DumpIter {
	d := &DumpIter{r: r, ctx: ctx, i: -1}
	if len(groups) == 0 {
		for _, o := range showObjects {
			if o != "class" && o != "filter" {
				d.objects = append(d.objects, o)
			}
		}
		return d
	}
	for _, g := range groups {
		if o, ok := dumpGroups[g]; ok {
			g = o
		}
		if !slices.Contains(showObjects[:], g) {
			d.err = fmt.Errorf("rtnl: dump: unknown group %q", g)
			return d
		}
		d.objects = append(d.objects, g)
	}
	return d
}

// Next advances to the next message of the current object's dump, or of
// the next object's, and reports whether there is one.
func (d *DumpIter) Next() bool {
	for d.err == nil {
		if d.i >= 0 && d.cur.Next() {
			return true
		}
		if d.i >= 0 {
			if d.err = d.cur.Err(); d.err != nil {
				return false
			}
		}
		if d.i+1 >= len(d.objects) {
			return false
		}
		d.i++
		d.cur = d.r.Show(d.ctx, d.objects[d.i])
	}
	return false
}

// Object returns the object name of the current message ("route").
func (d *DumpIter) Object() string {
	if d.i < 0 || d.i >= len(d.objects) {
		return ""
	}
	return d.objects[d.i]
}

// Msg returns the current message. It borrows until the next call to
// Next or Close.
func (d *DumpIter) Msg() *codec.Msg { return d.cur.Msg() }

// Err returns the error that ended the dump, or nil.
func (d *DumpIter) Err() error { return d.err }

// Close ends the dump early and returns Err.
func (d *DumpIter) Close() error {
	d.cur.Close()
	d.i = len(d.objects)
	return d.err
}
