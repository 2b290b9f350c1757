package codec

import (
	"slices"

	"github.com/nlroute/nlroute/wire"
)

// schemas lists every message schema of this package (see [Schemas]).
var schemas = []*Schema{Link, Addr, Route, Neigh, Rule, NeighTable, Nexthop, NSID, TC, BridgeVLAN, Stats}

// Schemas returns every message schema of this package, one per RTNL
// message family, in a new slice.
func Schemas() []*Schema { return slices.Clone(schemas) }

// byType maps every message type a schema lists to the schema.
var byType = func() map[wire.MsgType]*Schema {
	m := make(map[wire.MsgType]*Schema)
	for _, s := range schemas {
		for _, e := range s.Events {
			if prev, dup := m[e.Type]; dup {
				panic("codec: message type " + e.Name + " in schemas " + prev.Name + " and " + s.Name)
			}
			m[e.Type] = s
		}
	}
	return m
}()

// SchemaFor returns the schema of message type t (RTM_NEWLINK → Link,
// RTM_GETNEIGHTBL → NeighTable …), or nil for a type no schema lists
// (control messages such as NLMSG_ERROR among them). It allocates
// nothing and is safe for concurrent use.
func SchemaFor(t wire.MsgType) *Schema { return byType[t] }
