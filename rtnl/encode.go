package rtnl

import (
	"sync"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Every typed object encodes the same way:
//
//	err := obj.Encode(b, command, seq)
//
// appends the request of command for the object to b, where command is
// one of pyroute2's verbs as [IPRoute.Do] takes them for the object's
// name ("add", "set", "replace", "change", "append", "del", "get",
// "update" — each object has the ones the kernel gives it), with the
// message type and flags Do would send and NLM_F_ACK for a modification,
// stamped with seq (0 lets a pipeline or batch stamp it). Bad input is a
// *codec.SpecError naming the keyword, and b is then left as it was. It
// allocates nothing once b has room. The objects: [Link] ("link"), [Addr]
// ("addr"), [Route] ("route"), [Rule] ("rule"), [Neigh] ("neigh"),
// [FDBEntry] ("fdb"), [Nexthop] ("nexthop"), [BridgeVLAN] ("vlan_filter")
// and [BridgePort] ("brport").

// Encoder is what every typed object is: see [Route.Encode].
type Encoder interface {
	Encode(b *wire.Builder, command string, seq uint32) error
}

var (
	_ Encoder = (*Link)(nil)
	_ Encoder = (*Addr)(nil)
	_ Encoder = (*Route)(nil)
	_ Encoder = (*Rule)(nil)
	_ Encoder = (*Neigh)(nil)
	_ Encoder = (*FDBEntry)(nil)
	_ Encoder = (*Nexthop)(nil)
	_ Encoder = (*BridgeVLAN)(nil)
	_ Encoder = (*BridgePort)(nil)
)

// typedVerb resolves command for a typed object of the command path
// named object: its message type, flags (NLM_F_ACK added for a
// modification) and operation. A dump is not a typed command.
func typedVerb(object, command string) (wire.MsgType, wire.HeaderFlags, VerbOp, error) {
	d, ok := lookupObject(object)
	if !ok {
		return 0, 0, 0, kwErr(object, "command", command, "is not a command of a registered object")
	}
	v, ok := d.Verb(command)
	if !ok || v.Op == OpGet && v.Flags&wire.FlagDump == wire.FlagDump {
		return 0, 0, 0, kwErr(object, "command", command, "is not a "+object+" command")
	}
	flags := v.Flags
	if v.Op != OpGet {
		flags |= wire.FlagAck
	}
	return d.msgType(v), flags, v.Op, nil
}

// verbCache holds an object's typed verbs resolved once (the registries
// are complete after init and never change), so a typed Encode costs a
// few string comparisons instead of two map lookups per message.
type verbCache struct {
	object string
	once   sync.Once
	verbs  []cachedVerb
}

type cachedVerb struct {
	command string
	t       wire.MsgType
	flags   wire.HeaderFlags
	op      VerbOp
}

// The verb caches of the typed objects.
var (
	linkVerbs    = verbCache{object: "link"}
	addrVerbs    = verbCache{object: "addr"}
	routeVerbs   = verbCache{object: "route"}
	ruleVerbs    = verbCache{object: "rule"}
	neighVerbs   = verbCache{object: "neigh"}
	fdbVerbs     = verbCache{object: "fdb"}
	nexthopVerbs = verbCache{object: "nexthop"}
	vlanVerbs    = verbCache{object: "vlan_filter"}
	brportVerbs  = verbCache{object: "brport"}
)

// lookup is typedVerb for the cache's object.
func (c *verbCache) lookup(command string) (wire.MsgType, wire.HeaderFlags, VerbOp, error) {
	c.once.Do(c.fill)
	for i := range c.verbs {
		if v := &c.verbs[i]; v.command == command {
			return v.t, v.flags, v.op, nil
		}
	}
	return typedVerb(c.object, command) // another verb, or the error
}

func (c *verbCache) fill() {
	for _, cmd := range []string{"add", "replace", "del", "set", "change", "append", "update", "get"} {
		if t, flags, op, err := typedVerb(c.object, cmd); err == nil {
			c.verbs = append(c.verbs, cachedVerb{cmd, t, flags, op})
		}
	}
}

// encodeAs is the shared body of the typed Encode methods: it resolves
// command and runs enc, leaving b as it was on an error.
func encodeAs(b *wire.Builder, vc *verbCache, command string, seq uint32,
	enc func(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error) error {
	t, flags, _, err := vc.lookup(command)
	if err != nil {
		return err
	}
	mark := b.Mark()
	if err := enc(b, t, flags, seq); err != nil {
		b.Rollback(mark)
		return err
	}
	if err := b.Err(); err != nil {
		b.Rollback(mark)
		return err
	}
	return nil
}

// Encode appends the request of command (add, set, replace, update, del,
// get) for the link to b; see the package's Encoder. A del names the link
// by index, or by name when the index is 0, and nothing else.
func (l *Link) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, &linkVerbs, command, seq, func(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error {
		if t == uapi.RTM_DELLINK {
			q := Link{Index: l.Index}
			if l.Index == 0 {
				q.Name = l.Name
			}
			return q.encodeMsg(b, t, flags, seq)
		}
		return l.encodeMsg(b, t, flags, seq)
	})
}

// Encode appends the request of command (add, del) for the rule to b;
// see [Encoder].
func (x *Rule) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, &ruleVerbs, command, seq, x.encodeMsg)
}

// Encode appends the request of command (add, set, replace, change,
// append, del, get) for the neighbour to b; see [Encoder].
func (x *Neigh) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, &neighVerbs, command, seq, x.encodeMsg)
}

// Encode appends the request of command (add, append, replace, del) for
// the FDB entry to b; see [Encoder].
func (x *FDBEntry) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, &fdbVerbs, command, seq, x.encodeMsg)
}

// Encode appends the request of command (add, replace, del, get) for the
// nexthop to b; see [Encoder].
func (x *Nexthop) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, &nexthopVerbs, command, seq, x.encodeMsg)
}

// Encode appends the request of command (add, del) for the bridge VLAN
// to b; see [Encoder].
func (x *BridgeVLAN) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, &vlanVerbs, command, seq, x.encodeMsg)
}

// Encode appends the request of command (set) for the bridge port to b;
// see [Encoder].
func (x *BridgePort) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, &brportVerbs, command, seq, x.encodeMsg)
}
