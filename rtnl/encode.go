package rtnl

import (
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

// encodeAs is the shared body of the typed Encode methods: it resolves
// command and runs enc, leaving b as it was on an error.
func encodeAs(b *wire.Builder, object, command string, seq uint32,
	enc func(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error) error {
	t, flags, _, err := typedVerb(object, command)
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
	return encodeAs(b, "link", command, seq, func(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error {
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
	return encodeAs(b, "rule", command, seq, x.encodeMsg)
}

// Encode appends the request of command (add, set, replace, change,
// append, del, get) for the neighbour to b; see [Encoder].
func (x *Neigh) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, "neigh", command, seq, x.encodeMsg)
}

// Encode appends the request of command (add, append, replace, del) for
// the FDB entry to b; see [Encoder].
func (x *FDBEntry) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, "fdb", command, seq, x.encodeMsg)
}

// Encode appends the request of command (add, replace, del, get) for the
// nexthop to b; see [Encoder].
func (x *Nexthop) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, "nexthop", command, seq, x.encodeMsg)
}

// Encode appends the request of command (add, del) for the bridge VLAN
// to b; see [Encoder].
func (x *BridgeVLAN) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, "vlan_filter", command, seq, x.encodeMsg)
}

// Encode appends the request of command (set) for the bridge port to b;
// see [Encoder].
func (x *BridgePort) Encode(b *wire.Builder, command string, seq uint32) error {
	return encodeAs(b, "brport", command, seq, x.encodeMsg)
}
