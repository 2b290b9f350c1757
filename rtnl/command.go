package rtnl

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// The generic command path, pyroute2's ipr.link("add", …),
// ipr.route("replace", …), ipr.neigh("dump"): an object, a command (verb)
// and a Spec. Each verb maps to one message type and one set of flags;
// objects may adjust the Spec first (derive keywords, check required
// ones) through a hook their own file registers.

// Verb is what a command does: which of an object's message types it
// sends (new, del, get, or set for RTM_SETLINK) and with which flags.
type Verb struct {
	Op    VerbOp
	Flags wire.HeaderFlags
}

// VerbOp selects the message type a verb sends.
type VerbOp uint8

// The message types a verb can send.
const (
	OpNew VerbOp = iota // RTM_NEW*
	OpDel               // RTM_DEL*
	OpGet               // RTM_GET*
	OpSet               // RTM_SETLINK (links' "update")
)

// verbs maps pyroute2's commands to messages and flags (see
// [VerbNames]). It is written only by this file and read, never changed,
// after init: readers share it without a lock.
var verbs = map[string]Verb{
	"add":     {OpNew, wire.FlagCreate | wire.FlagExcl},
	"set":     {OpNew, wire.FlagCreate | wire.FlagReplace},
	"replace": {OpNew, wire.FlagCreate | wire.FlagReplace},
	"change":  {OpNew, wire.FlagReplace},
	"append":  {OpNew, wire.FlagCreate | wire.FlagAppend},
	"del":     {OpDel, 0},
	"delete":  {OpDel, 0},
	"remove":  {OpDel, 0},
	"get":     {OpGet, 0},
	"dump":    {OpGet, wire.FlagDump},
	"show":    {OpGet, wire.FlagDump},
	"update":  {OpSet, 0},
}

// VerbNames returns the commands of the generic path, sorted, in a new
// slice. Each maps pyroute2's command to a message and flags (see
// [LookupVerb]); every modification also asks for an ack. The meanings
// follow ip(8):
//
//	add      create, fail if it exists         NLM_F_CREATE|NLM_F_EXCL
//	set      create, or replace if it exists   NLM_F_CREATE|NLM_F_REPLACE
//	replace  the same as set
//	change   replace, fail if it does not exist NLM_F_REPLACE
//	append   create beside existing ones       NLM_F_CREATE|NLM_F_APPEND
//	del      delete (also "delete", "remove")
//	get      get one
//	dump     get all (also "show")
//	update   RTM_SETLINK (links only)
//
// Objects override a verb where pyroute2 does: a link's "set" changes an
// existing link (RTM_NEWLINK without NLM_F_CREATE); see [ObjectDef.Verb].
func VerbNames() []string { return slices.Sorted(maps.Keys(verbs)) }

// LookupVerb returns what command does by default (see [VerbNames]), and
// whether it is a command of the generic path. An object may override
// it: [ObjectDef.Verb] gives the object's meaning.
func LookupVerb(command string) (Verb, bool) {
	v, ok := verbs[command]
	return v, ok
}

// ObjectDef describes an object of the command path: its schema, its
// message types, the verbs it has beyond or instead of the package's
// (see [VerbNames]), and an optional hook that rewrites or checks the
// Spec of a command before it is encoded. [LookupObject] returns a copy:
// changing it changes nothing else.
type ObjectDef struct {
	Name   string
	Schema *codec.Schema
	New    wire.MsgType // RTM_NEW*; 0 when the object cannot be created
	Del    wire.MsgType
	Get    wire.MsgType
	Set    wire.MsgType // RTM_SETLINK for links; 0 elsewhere
	// Verbs overrides or extends the package's verbs (see [VerbNames])
	// for this object; a verb absent from both is not supported.
	Verbs map[string]Verb
	// Prepare, when set, returns the Spec to encode for command: it may
	// translate keywords (a link's "state", a route's "oif" list), fill
	// defaults and reject bad input with a *codec.SpecError. It must not
	// modify spec.
	Prepare PrepareFunc
}

// objectDefs is the registry of the command path's objects. Only this
// package's init functions write it (registerObject); after init it is
// read, never changed, so readers share it without a lock, and what
// LookupObject returns is a copy.
var objectDefs = map[string]*ObjectDef{}

// registerObject adds or replaces an object of the command path. Only
// init functions of this package call it.
func registerObject(d *ObjectDef) { objectDefs[d.Name] = d }

// lookupObject returns the registry's own definition of object name, for
// this package's read-only use.
func lookupObject(name string) (*ObjectDef, bool) {
	d, ok := objectDefs[name]
	return d, ok
}

// LookupObject returns a copy of the definition of object name (see
// [CommandObjects]), and whether it is registered. Changing the copy
// changes nothing else: its Verbs is a map of its own (its Schema is
// codec's read-only schema, shared as everywhere). Safe for concurrent
// use.
func LookupObject(name string) (ObjectDef, bool) {
	d, ok := objectDefs[name]
	if !ok {
		return ObjectDef{}, false
	}
	c := *d
	c.Verbs = maps.Clone(d.Verbs)
	return c, true
}

// PrepareFunc is the type of ObjectDef.Prepare.
type PrepareFunc = func(ctx context.Context, r *IPRoute, command string, spec Spec) (Spec, error)

var prepareHooks sync.Map // object name → PrepareFunc

// registerPrepare sets the Prepare hook of this package's object name
// from the init function of the object's own file (link_cmd.go,
// addr_cmd.go …), whatever the order in which init functions run; an
// ObjectDef's own Prepare field, when set, wins.
func registerPrepare(object string, fn PrepareFunc) { prepareHooks.Store(object, fn) }

func prepareHook(object string) PrepareFunc {
	if v, ok := prepareHooks.Load(object); ok {
		return v.(PrepareFunc)
	}
	return nil
}

// RunFunc runs a command of an object after its Prepare hook, in place of
// the generic encode-and-send: a dump whose keywords are filters (pyroute2
// filters a dump by its keywords, and the kernel takes few of them in a
// dump request), or a command that is several requests (a flush).
type RunFunc = func(ctx context.Context, r *IPRoute, d *ObjectDef, command string, v Verb, spec Spec) ([]*codec.Msg, error)

var runHooks sync.Map // object name → RunFunc

// registerRun sets the Run hook of this package's object name from the
// init function of the object's own file; the hook may call
// [IPRoute.Request] itself for the commands it does not handle.
func registerRun(object string, fn RunFunc) { runHooks.Store(object, fn) }

func runHook(object string) RunFunc {
	if v, ok := runHooks.Load(object); ok {
		return v.(RunFunc)
	}
	return nil
}

// CommandObjects returns the names of the registered objects, sorted.
func CommandObjects() []string { return slices.Sorted(maps.Keys(objectDefs)) }

// Verb returns what command does for the object, and whether it has it.
func (d *ObjectDef) Verb(command string) (Verb, bool) {
	if v, ok := d.Verbs[command]; ok {
		return v, true
	}
	v, ok := verbs[command]
	if !ok {
		return v, false
	}
	var t wire.MsgType
	switch v.Op {
	case OpNew:
		t = d.New
	case OpDel:
		t = d.Del
	case OpGet:
		t = d.Get
	case OpSet:
		t = d.Set
	}
	return v, t != 0
}

// Commands returns the commands the object supports, sorted.
func (d *ObjectDef) Commands() []string {
	var out []string
	for k := range verbs {
		if _, ok := d.Verb(k); ok {
			out = append(out, k)
		}
	}
	for k := range d.Verbs {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// msgType returns the message type v sends for the object.
func (d *ObjectDef) msgType(v Verb) wire.MsgType {
	switch v.Op {
	case OpDel:
		return d.Del
	case OpGet:
		return d.Get
	case OpSet:
		return d.Set
	}
	return d.New
}

// splitLists takes the list values (see [Match]: any of them) out of a
// dump's spec, leaving spec itself unmodified.
func splitLists(spec Spec) (rest, lists Spec) {
	for k, v := range spec {
		if _, ok := listValue(v); !ok {
			continue
		}
		if lists == nil {
			lists, rest = Spec{}, maps.Clone(spec)
		}
		lists[k] = v
		delete(rest, k)
	}
	if lists == nil {
		return spec, nil
	}
	return rest, lists
}

// showSpec answers a dump of the generic path as pyroute2 does: the
// Spec's keywords are filters. The object's typed dump ([IPRoute.Show])
// puts in the request only what the kernel filters under strict checking
// and applies the rest in user space, so no keyword becomes an attribute
// the kernel refuses in a dump request.
func (r *IPRoute) showSpec(ctx context.Context, object string, spec Spec) ([]*codec.Msg, error) {
	var fs []Matcher
	if len(spec) > 0 {
		fs = append(fs, Match(spec))
	}
	it := r.Show(ctx, object, fs...)
	return it.Collect()
}

// Do runs a command of the generic path, pyroute2's
// ipr.<object>(command, **spec): it looks the object and the command up,
// lets the object prepare the Spec, encodes it (a bad keyword or value is
// a *codec.SpecError, and nothing is sent), sends it — with NLM_F_ACK for
// a modification — and returns every message the kernel answered with,
// cloned (an ack adds none; a dump or get returns the objects). A dump
// ("dump", "show") reads its Spec as filters, as pyroute2's dump does:
// the kernel gets those it filters by, the rest apply in user space (see
// [Match] for the keys and values; names and lists included). The
// kernel's refusal is a *wire.OpError, wrapped as "rtnl: <object>
// <command>: …". Safe for concurrent use.
func (r *IPRoute) Do(ctx context.Context, object, command string, spec Spec) ([]*codec.Msg, error) {
	op := object + " " + command
	d, ok := lookupObject(object)
	if !ok && (command == "dump" || command == "show") && slices.Contains(showObjects[:], object) {
		return r.showSpec(ctx, object, spec) // qdisc, class, filter …: dumps only (tc.Do writes them)
	}
	if !ok {
		return nil, fmt.Errorf("rtnl: %s: unknown object %q (one of %v)", op, object, CommandObjects())
	}
	v, ok := d.Verb(command)
	if !ok {
		return nil, fmt.Errorf("rtnl: %s: unknown command %q for %s (one of %v)", op, command, object, d.Commands())
	}
	spec = symbolicSpec(d.Schema, spec)
	showDump := v.Op == OpGet && v.Flags&wire.FlagDump != 0 && slices.Contains(showObjects[:], object)
	var lists Spec // a dump's "any of" values, which Prepare hooks would take for one value
	if showDump {
		spec, lists = splitLists(spec)
	}
	prepare := d.Prepare
	if prepare == nil {
		prepare = prepareHook(object)
	}
	if prepare != nil {
		var err error
		if spec, err = prepare(ctx, r, command, spec); err != nil {
			return nil, fmt.Errorf("rtnl: %s: %w", op, err)
		}
	}
	if showDump {
		if len(lists) > 0 {
			spec = maps.Clone(spec)
			if spec == nil {
				spec = Spec{}
			}
			maps.Copy(spec, lists)
		}
		return r.showSpec(ctx, object, spec)
	}
	if run := runHook(object); run != nil {
		return run(ctx, r, d, command, v, spec)
	}
	flags := v.Flags
	if v.Op != OpGet {
		flags |= wire.FlagAck
	}
	return r.Request(ctx, op, d.msgType(v), flags, d.Schema, spec)
}

func init() {
	for _, d := range []*ObjectDef{
		{Name: "link", Schema: codec.Link, New: uapi.RTM_NEWLINK, Del: uapi.RTM_DELLINK, Get: uapi.RTM_GETLINK, Set: uapi.RTM_SETLINK,
			// A link's "set" changes an existing link, as pyroute2's.
			Verbs: map[string]Verb{"set": {OpNew, 0}}},
		{Name: "addr", Schema: codec.Addr, New: uapi.RTM_NEWADDR, Del: uapi.RTM_DELADDR, Get: uapi.RTM_GETADDR},
		{Name: "route", Schema: codec.Route, New: uapi.RTM_NEWROUTE, Del: uapi.RTM_DELROUTE, Get: uapi.RTM_GETROUTE},
		{Name: "rule", Schema: codec.Rule, New: uapi.RTM_NEWRULE, Del: uapi.RTM_DELRULE, Get: uapi.RTM_GETRULE},
		{Name: "neigh", Schema: codec.Neigh, New: uapi.RTM_NEWNEIGH, Del: uapi.RTM_DELNEIGH, Get: uapi.RTM_GETNEIGH},
		{Name: "nexthop", Schema: codec.Nexthop, New: uapi.RTM_NEWNEXTHOP, Del: uapi.RTM_DELNEXTHOP, Get: uapi.RTM_GETNEXTHOP},
	} {
		registerObject(d)
	}
}
