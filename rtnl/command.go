package rtnl

import (
	"context"
	"fmt"
	"slices"
	"sort"
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

// Verbs maps pyroute2's commands to messages and flags; every
// modification also asks for an ack. The meanings follow ip(8):
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
// existing link (RTM_NEWLINK without NLM_F_CREATE).
var Verbs = map[string]Verb{
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

// ObjectDef describes an object of the command path: its schema, its
// message types, the verbs it has beyond or instead of Verbs, and an
// optional hook that rewrites or checks the Spec of a command before it
// is encoded.
type ObjectDef struct {
	Name   string
	Schema *codec.Schema
	New    wire.MsgType // RTM_NEW*; 0 when the object cannot be created
	Del    wire.MsgType
	Get    wire.MsgType
	Set    wire.MsgType // RTM_SETLINK for links; 0 elsewhere
	// Verbs overrides or extends the package's Verbs for this object;
	// a verb mapped to nil (absent from both) is not supported.
	Verbs map[string]Verb
	// Prepare, when set, returns the Spec to encode for command: it may
	// translate keywords (a link's "state", a route's "oif" list), fill
	// defaults and reject bad input with a *codec.SpecError. It must not
	// modify spec.
	Prepare PrepareFunc
}

var objectDefs = struct {
	sync.RWMutex
	m map[string]*ObjectDef
}{m: map[string]*ObjectDef{}}

// RegisterObject adds or replaces an object of the command path. It is
// meant for init functions (this package's per-object files, and package
// tc), and safe for concurrent use.
func RegisterObject(d *ObjectDef) {
	objectDefs.Lock()
	defer objectDefs.Unlock()
	objectDefs.m[d.Name] = d
}

// LookupObject returns the definition of object name, if registered.
func LookupObject(name string) (*ObjectDef, bool) {
	objectDefs.RLock()
	defer objectDefs.RUnlock()
	d, ok := objectDefs.m[name]
	return d, ok
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
func CommandObjects() []string {
	objectDefs.RLock()
	defer objectDefs.RUnlock()
	var out []string
	for k := range objectDefs.m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Verb returns what command does for the object, and whether it has it.
func (d *ObjectDef) Verb(command string) (Verb, bool) {
	if v, ok := d.Verbs[command]; ok {
		return v, true
	}
	v, ok := Verbs[command]
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
	for k := range Verbs {
		if _, ok := d.Verb(k); ok {
			out = append(out, k)
		}
	}
	for k := range d.Verbs {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
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

// Do runs a command of the generic path, pyroute2's
// ipr.<object>(command, **spec): it looks the object and the command up,
// lets the object prepare the Spec, encodes it (a bad keyword or value is
// a *codec.SpecError, and nothing is sent), sends it — with NLM_F_ACK for
// a modification — and returns every message the kernel answered with,
// cloned (an ack adds none; a dump or get returns the objects). The
// kernel's refusal is a *wire.OpError, wrapped as "rtnl: <object>
// <command>: …". Safe for concurrent use.
func (r *IPRoute) Do(ctx context.Context, object, command string, spec Spec) ([]*codec.Msg, error) {
	op := object + " " + command
	d, ok := LookupObject(object)
	if !ok {
		return nil, fmt.Errorf("rtnl: %s: unknown object %q (one of %v)", op, object, CommandObjects())
	}
	v, ok := d.Verb(command)
	if !ok {
		return nil, fmt.Errorf("rtnl: %s: unknown command %q for %s (one of %v)", op, command, object, d.Commands())
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
		RegisterObject(d)
	}
}
