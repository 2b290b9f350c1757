package tc

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// Command is a request type and its flags: what pyroute2's command
// strings stand for, and what its raw (RTM_NEWQDISC, flags) pairs give.
type Command struct {
	Type  wire.MsgType
	Flags wire.HeaderFlags
}

const (
	flagsAdd     = wire.FlagCreate | wire.FlagExcl
	flagsReplace = wire.FlagCreate | wire.FlagReplace
	// change replaces without creating: the kernel answers ENOENT when
	// the object is missing (pyroute2's semantics, not tc's).
	flagsChange = wire.FlagReplace
)

// commands maps pyroute2's command names to requests (see
// [CommandNames]); never changed after init.
var commands = map[string]Command{
	"add":            {msgNewQdisc, flagsAdd},
	"del":            {msgDelQdisc, 0},
	"change":         {msgNewQdisc, flagsChange},
	"replace":        {msgNewQdisc, flagsReplace},
	"add-class":      {msgNewClass, flagsAdd},
	"del-class":      {msgDelClass, 0},
	"change-class":   {msgNewClass, flagsChange},
	"replace-class":  {msgNewClass, flagsReplace},
	"add-filter":     {msgNewFilter, flagsAdd},
	"del-filter":     {msgDelFilter, 0},
	"change-filter":  {msgNewFilter, flagsChange},
	"replace-filter": {msgNewFilter, flagsReplace},
}

// CommandNames returns pyroute2's tc command names, sorted, in a new
// slice: "add", "del", "change", "replace" for qdiscs, and the same with
// "-class" and "-filter" ("add-class", "del-filter" …).
func CommandNames() []string { return slices.Sorted(maps.Keys(commands)) }

// LookupCommand returns the request of command name (see
// [CommandNames]), and whether the name is known.
func LookupCommand(name string) (Command, bool) {
	c, ok := commands[name]
	return c, ok
}

func (c Command) object() string {
	switch c.Type {
	case msgNewQdisc, msgDelQdisc, msgGetQdisc:
		return "qdisc"
	case msgNewClass, msgDelClass, msgGetClass:
		return "class"
	case msgNewFilter, msgDelFilter, msgGetFilter:
		return "filter"
	}
	return ""
}

var builders = sync.Pool{New: func() any { return new(wire.Builder) }}

// send encodes one request with enc and runs it on c.
func send(ctx context.Context, c *ring.Conn, op string, enc func(b *wire.Builder) error) error {
	b := builders.Get().(*wire.Builder)
	defer builders.Put(b)
	b.Reset(b.Bytes()[:0])
	if err := enc(b); err != nil {
		return fmt.Errorf("tc: %s: %w", op, err)
	}
	if err := c.Exec(ctx, op, b.Bytes()); err != nil {
		return fmt.Errorf("tc: %s: %w", op, err)
	}
	return nil
}

func qdiscCmd(ctx context.Context, c *ring.Conn, op string, cmd Command, q *Qdisc) error {
	return send(ctx, c, op, func(b *wire.Builder) error { return AppendQdisc(b, cmd.Type, cmd.Flags, q) })
}

func classCmd(ctx context.Context, c *ring.Conn, op string, cmd Command, cl *Class) error {
	return send(ctx, c, op, func(b *wire.Builder) error { return AppendClass(b, cmd.Type, cmd.Flags, cl) })
}

func filterCmd(ctx context.Context, c *ring.Conn, op string, cmd Command, f *Filter) error {
	return send(ctx, c, op, func(b *wire.Builder) error { return AppendFilter(b, cmd.Type, cmd.Flags, f) })
}

// QdiscAdd creates q; it fails with EEXIST when one is there already.
func QdiscAdd(ctx context.Context, r *rtnl.IPRoute, q *Qdisc) error {
	return qdiscCmd(ctx, r.Conn(), "qdisc add", commands["add"], q)
}

// QdiscReplace creates q or replaces the qdisc at its place.
func QdiscReplace(ctx context.Context, r *rtnl.IPRoute, q *Qdisc) error {
	return qdiscCmd(ctx, r.Conn(), "qdisc replace", commands["replace"], q)
}

// QdiscChange changes an existing qdisc; ENOENT when it is missing.
func QdiscChange(ctx context.Context, r *rtnl.IPRoute, q *Qdisc) error {
	return qdiscCmd(ctx, r.Conn(), "qdisc change", commands["change"], q)
}

// QdiscDel deletes the qdisc at q's parent (and handle, when set).
func QdiscDel(ctx context.Context, r *rtnl.IPRoute, q *Qdisc) error {
	return qdiscCmd(ctx, r.Conn(), "qdisc del", commands["del"], q)
}

// ClassAdd creates cl; EEXIST when it is there.
func ClassAdd(ctx context.Context, r *rtnl.IPRoute, cl *Class) error {
	return classCmd(ctx, r.Conn(), "class add", commands["add-class"], cl)
}

// ClassReplace creates or replaces cl.
func ClassReplace(ctx context.Context, r *rtnl.IPRoute, cl *Class) error {
	return classCmd(ctx, r.Conn(), "class replace", commands["replace-class"], cl)
}

// ClassChange changes an existing class; ENOENT when it is missing.
func ClassChange(ctx context.Context, r *rtnl.IPRoute, cl *Class) error {
	return classCmd(ctx, r.Conn(), "class change", commands["change-class"], cl)
}

// ClassDel deletes the class cl.Handle.
func ClassDel(ctx context.Context, r *rtnl.IPRoute, cl *Class) error {
	return classCmd(ctx, r.Conn(), "class del", commands["del-class"], cl)
}

// FilterAdd creates f; EEXIST when a filter with its handle is there.
func FilterAdd(ctx context.Context, r *rtnl.IPRoute, f *Filter) error {
	return filterCmd(ctx, r.Conn(), "filter add", commands["add-filter"], f)
}

// FilterReplace creates or replaces f.
func FilterReplace(ctx context.Context, r *rtnl.IPRoute, f *Filter) error {
	return filterCmd(ctx, r.Conn(), "filter replace", commands["replace-filter"], f)
}

// FilterChange changes an existing filter; ENOENT when it is missing.
func FilterChange(ctx context.Context, r *rtnl.IPRoute, f *Filter) error {
	return filterCmd(ctx, r.Conn(), "filter change", commands["change-filter"], f)
}

// FilterDel deletes the filters matching f (its parent, priority,
// protocol and handle; zero fields match all).
func FilterDel(ctx context.Context, r *rtnl.IPRoute, f *Filter) error {
	return filterCmd(ctx, r.Conn(), "filter del", commands["del-filter"], f)
}
