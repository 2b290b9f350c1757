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
	return send(ctx, c, op, func(b *wire.Builder) error { return appendQdisc(b, cmd.Type, cmd.Flags, q) })
}

func classCmd(ctx context.Context, c *ring.Conn, op string, cmd Command, cl *Class) error {
	return send(ctx, c, op, func(b *wire.Builder) error { return appendClass(b, cmd.Type, cmd.Flags, cl) })
}

func filterCmd(ctx context.Context, c *ring.Conn, op string, cmd Command, f *Filter) error {
	return send(ctx, c, op, func(b *wire.Builder) error { return appendFilter(b, cmd.Type, cmd.Flags, f) })
}

// QdiscAdd creates q; it fails with EEXIST when one is there already.
func QdiscAdd(ctx context.Context, r *rtnl.IPRoute, q Qdisc) error {
	return send(ctx, r.Conn(), "qdisc add", func(b *wire.Builder) error { return q.Encode(b, "add", 0) })
}

// QdiscReplace creates q or replaces the qdisc at its place.
func QdiscReplace(ctx context.Context, r *rtnl.IPRoute, q Qdisc) error {
	return send(ctx, r.Conn(), "qdisc replace", func(b *wire.Builder) error { return q.Encode(b, "replace", 0) })
}

// QdiscChange changes an existing qdisc; ENOENT when it is missing.
func QdiscChange(ctx context.Context, r *rtnl.IPRoute, q Qdisc) error {
	return send(ctx, r.Conn(), "qdisc change", func(b *wire.Builder) error { return q.Encode(b, "change", 0) })
}

// QdiscDel deletes the qdisc at q's parent (and handle, when set).
func QdiscDel(ctx context.Context, r *rtnl.IPRoute, q Qdisc) error {
	return send(ctx, r.Conn(), "qdisc del", func(b *wire.Builder) error { return q.Encode(b, "del", 0) })
}

// ClassAdd creates cl; EEXIST when it is there.
func ClassAdd(ctx context.Context, r *rtnl.IPRoute, cl Class) error {
	return send(ctx, r.Conn(), "class add", func(b *wire.Builder) error { return cl.Encode(b, "add", 0) })
}

// ClassReplace creates or replaces cl.
func ClassReplace(ctx context.Context, r *rtnl.IPRoute, cl Class) error {
	return send(ctx, r.Conn(), "class replace", func(b *wire.Builder) error { return cl.Encode(b, "replace", 0) })
}

// ClassChange changes an existing class; ENOENT when it is missing.
func ClassChange(ctx context.Context, r *rtnl.IPRoute, cl Class) error {
	return send(ctx, r.Conn(), "class change", func(b *wire.Builder) error { return cl.Encode(b, "change", 0) })
}

// ClassDel deletes the class cl.Handle.
func ClassDel(ctx context.Context, r *rtnl.IPRoute, cl Class) error {
	return send(ctx, r.Conn(), "class del", func(b *wire.Builder) error { return cl.Encode(b, "del", 0) })
}

// FilterAdd creates f; EEXIST when a filter with its handle is there.
func FilterAdd(ctx context.Context, r *rtnl.IPRoute, f Filter) error {
	return send(ctx, r.Conn(), "filter add", func(b *wire.Builder) error { return f.Encode(b, "add", 0) })
}

// FilterReplace creates or replaces f.
func FilterReplace(ctx context.Context, r *rtnl.IPRoute, f Filter) error {
	return send(ctx, r.Conn(), "filter replace", func(b *wire.Builder) error { return f.Encode(b, "replace", 0) })
}

// FilterChange changes an existing filter; ENOENT when it is missing.
func FilterChange(ctx context.Context, r *rtnl.IPRoute, f Filter) error {
	return send(ctx, r.Conn(), "filter change", func(b *wire.Builder) error { return f.Encode(b, "change", 0) })
}

// FilterDel deletes the filters matching f (its parent, priority,
// protocol and handle; zero fields match all).
func FilterDel(ctx context.Context, r *rtnl.IPRoute, f Filter) error {
	return send(ctx, r.Conn(), "filter del", func(b *wire.Builder) error { return f.Encode(b, "del", 0) })
}
