package rtnl_test

import (
	"errors"
	"net"
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// TestEncodeCommands: every typed object encodes through the one
// Encode(b, command, seq) shape: each command it has gives one message
// stamped with seq, and a command it lacks (or a dump) is a SpecError for
// "command" that leaves the builder as it was.
func TestEncodeCommands(t *testing.T) {
	gw := netip.MustParseAddr("10.0.0.1")
	mac := net.HardwareAddr{2, 0, 0, 0, 0, 1}
	for _, c := range []struct {
		obj      rtnl.Encoder
		good     []string
		bad      []string
		wantType uint16 // of the first good command
	}{
		{&rtnl.Link{Index: 2, Name: "x"}, []string{"add", "set", "replace", "update", "del", "get"}, []string{"dump", "nope"}, 16},
		{&rtnl.Addr{Index: 2, Prefix: netip.MustParsePrefix("10.0.0.2/24")}, []string{"add", "replace", "del"}, []string{"dump", "show"}, 20},
		{&rtnl.Route{Dst: netip.MustParsePrefix("10.9.0.0/16"), Gateway: gw}, []string{"add", "set", "replace", "change", "append", "del", "get"}, []string{"dump", "update"}, 24},
		{&rtnl.Rule{Table: 10, Priority: 5}, []string{"add", "del"}, []string{"dump", "update"}, 32},
		{&rtnl.Neigh{IfIndex: 2, Dst: gw, LLAddr: mac}, []string{"add", "set", "replace", "change", "del", "get"}, []string{"dump"}, 28},
		{&rtnl.FDBEntry{IfIndex: 2, LLAddr: mac}, []string{"add", "append", "replace", "del"}, []string{"dump"}, 28},
		{&rtnl.Nexthop{ID: 7, Gateway: gw, OIF: 2}, []string{"add", "replace", "del", "get"}, []string{"dump", "update"}, 104},
		{&rtnl.BridgeVLAN{Index: 2, VID: 10}, []string{"add", "del"}, []string{"dump"}, 19},
		{&rtnl.BridgePort{Index: 2, Cost: rtnl.Some[uint32](5)}, []string{"set"}, []string{"add", "dump"}, 19},
	} {
		for i, cmd := range c.good {
			var b wire.Builder
			if err := c.obj.Encode(&b, cmd, 77); err != nil {
				t.Errorf("%T %s: %v", c.obj, cmd, err)
				continue
			}
			msgs := b.Bytes()
			h, err := wire.ParseHeader(msgs)
			if err != nil || int(h.Len) != len(msgs) {
				t.Errorf("%T %s: not one message (%v, len %d of %d)", c.obj, cmd, err, h.Len, len(msgs))
				continue
			}
			if h.Seq != 77 {
				t.Errorf("%T %s: seq %d, want 77", c.obj, cmd, h.Seq)
			}
			if i == 0 && uint16(h.Type) != c.wantType {
				t.Errorf("%T %s: type %d, want %d", c.obj, cmd, h.Type, c.wantType)
			}
			if isMod := cmd != "get"; isMod != (h.Flags&wire.FlagAck != 0) {
				t.Errorf("%T %s: flags %#x: NLM_F_ACK must be set exactly for a modification", c.obj, cmd, h.Flags)
			}
		}
		for _, cmd := range c.bad {
			var b wire.Builder
			b.Begin(1, 0, 0)
			b.End()
			before := b.Len()
			err := c.obj.Encode(&b, cmd, 1)
			var se *codec.SpecError
			if !errors.As(err, &se) || se.Keyword != "command" || se.Value != cmd {
				t.Errorf("%T %s: %v, want a SpecError for keyword command with the value", c.obj, cmd, err)
			}
			if b.Len() != before || b.Err() != nil {
				t.Errorf("%T %s: the builder changed (%d → %d bytes, err %v)", c.obj, cmd, before, b.Len(), b.Err())
			}
		}
	}
}
