package tc

import (
	"encoding/binary"

	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// Qdiscs, classes and filters encode as every typed object of rtnl does
// (see [rtnl.Encoder]): obj.Encode(b, command, seq) appends the request
// of command — add, replace (also set), change, del — with NLM_F_ACK,
// stamped with seq (0 lets a pipeline or batch stamp it). Bad input is a
// *ParamError (a bad command one for the keyword "command"), and b is then
// left as it was. Into a warm builder it allocates nothing.
var (
	_ rtnl.Encoder = (*Qdisc)(nil)
	_ rtnl.Encoder = (*Class)(nil)
	_ rtnl.Encoder = (*Filter)(nil)
)

// tcVerb resolves command for an object whose messages are newT and delT.
func tcVerb(object, command string, newT, delT wire.MsgType) (wire.MsgType, wire.HeaderFlags, error) {
	switch command {
	case "add":
		return newT, flagsAdd | wire.FlagAck, nil
	case "replace", "set":
		return newT, flagsReplace | wire.FlagAck, nil
	case "change":
		return newT, flagsChange | wire.FlagAck, nil
	case "del", "delete", "remove":
		return delT, wire.FlagAck, nil
	}
	return 0, 0, &ParamError{Kind: object, Param: "command", Value: command, Reason: "is not a " + object + " command (add, replace, change, del)"}
}

// stampSeq writes seq into the header of the message that starts at
// start, which the append functions began with sequence 0.
func stampSeq(b *wire.Builder, start int, seq uint32) {
	if seq != 0 && b.Err() == nil && b.Len() >= start+wire.HeaderLen {
		binary.NativeEndian.PutUint32(b.Bytes()[start+8:start+12], seq)
	}
}

// Encode appends the request of command for the qdisc to b.
func (q *Qdisc) Encode(b *wire.Builder, command string, seq uint32) error {
	t, flags, err := tcVerb("qdisc", command, msgNewQdisc, msgDelQdisc)
	if err != nil {
		return err
	}
	start := wire.Align(b.Len())
	if err := appendQdisc(b, t, flags, q); err != nil {
		return err
	}
	stampSeq(b, start, seq)
	return nil
}

// Encode appends the request of command for the class to b.
func (c *Class) Encode(b *wire.Builder, command string, seq uint32) error {
	t, flags, err := tcVerb("class", command, msgNewClass, msgDelClass)
	if err != nil {
		return err
	}
	start := wire.Align(b.Len())
	if err := appendClass(b, t, flags, c); err != nil {
		return err
	}
	stampSeq(b, start, seq)
	return nil
}

// Encode appends the request of command for the filter to b.
func (f *Filter) Encode(b *wire.Builder, command string, seq uint32) error {
	t, flags, err := tcVerb("filter", command, msgNewFilter, msgDelFilter)
	if err != nil {
		return err
	}
	start := wire.Align(b.Len())
	if err := appendFilter(b, t, flags, f); err != nil {
		return err
	}
	stampSeq(b, start, seq)
	return nil
}
