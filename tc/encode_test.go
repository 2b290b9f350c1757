package tc

import (
	"errors"
	"testing"

	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// TestEncodeCommands: qdiscs, classes and filters encode through the one
// Encode(b, command, seq) shape of rtnl.Encoder.
func TestEncodeCommands(t *testing.T) {
	objs := []struct {
		obj             rtnl.Encoder
		newT, delT      wire.MsgType
		name, notAThing string
	}{
		{&Qdisc{Link: 2, Handle: MustParseHandle("1:"), Options: HTB{Default: 0x10}}, msgNewQdisc, msgDelQdisc, "qdisc", "dump"},
		{&Class{Link: 2, Handle: MustParseHandle("1:10"), Options: HTBClass{Rate: 1e6, Ceil: 1e6}}, msgNewClass, msgDelClass, "class", "get"},
		{&Filter{Link: 2, Parent: MustParseHandle("1:"), Priority: 1, Options: &U32{ClassID: 0x10010}}, msgNewFilter, msgDelFilter, "filter", "update"},
	}
	for _, o := range objs {
		for cmd, want := range map[string]struct {
			t     wire.MsgType
			flags wire.HeaderFlags
		}{
			"add":     {o.newT, wire.FlagCreate | wire.FlagExcl | wire.FlagAck},
			"replace": {o.newT, wire.FlagCreate | wire.FlagReplace | wire.FlagAck},
			"change":  {o.newT, wire.FlagReplace | wire.FlagAck},
			"del":     {o.delT, wire.FlagAck},
		} {
			var b wire.Builder
			if err := o.obj.Encode(&b, cmd, 9); err != nil {
				t.Errorf("%s %s: %v", o.name, cmd, err)
				continue
			}
			h, err := wire.ParseHeader(b.Bytes())
			if err != nil || h.Type != want.t || h.Flags&^wire.FlagRequest != want.flags || h.Seq != 9 {
				t.Errorf("%s %s: header %+v (%v), want type %d flags %#x seq 9", o.name, cmd, h, err, want.t, want.flags)
			}
		}
		var b wire.Builder
		err := o.obj.Encode(&b, o.notAThing, 1)
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param != "command" || pe.Value != o.notAThing || b.Len() != 0 {
			t.Errorf("%s %s: %v (builder %d bytes), want a ParamError for command and nothing written", o.name, o.notAThing, err, b.Len())
		}
	}
}
