// Package codec gives the bytes names: read it to decode an rtnetlink
// message by attribute name or to encode pyroute2-style keywords. Start
// with [Msg] (a borrowed view: [Msg.GetAttr], [Msg.Get] by nested path,
// [Msg.RawAttr] by type), the [Schema] variables ([Link], [Route], [Addr]
// …) that describe each family, and [Spec] (keywords to encode with
// [Schema.Encode]). Looking for typed views (LinkView.MTU()) and the
// calls that reach the kernel? That is package rtnl. Raw headers and
// attributes without names are package wire.
//
// Package codec is the schema machinery of nlroute: it gives names and
// types to the bytes of rtnetlink messages, in pyroute2's vocabulary.
//
// A Schema describes one message family: its fixed family header (a
// Struct of named integer fields, ifinfomsg or rtmsg) and its attribute
// Table (pyroute2's nla_map: type → name, Kind, nested table, C struct,
// kind-dependent table chosen by a Selector). Tables are static: built once
// at package initialisation and indexed by type, so lookups are O(1).
// Adding a family is writing a table; Link and Route are here.
//
// Decoding: a Msg is a view of one message. Reset indexes its attributes
// in one pass (an inline tb[] array, no allocation); GetAttr, GetAttrs and
// Get(path) then find attributes by kernel name ("IFLA_MTU") or keyword
// ("mtu"), and Value's accessors read them by kind.
//
// Lifetimes: a Msg, and every Value, Nest, AttrIter, Records and Record it
// hands out, borrows the buffer it was reset on. They are valid until
// that buffer is reused or the Msg is reset; Msg.Clone copies a message
// out. Nothing on the decoding path allocates.
//
// Encoding: Schema.Encode turns a Spec (pyroute2 keywords: {"dst":
// "10.0.0.0/24", "gateway": ...}) into a message on a wire.Builder,
// rejecting unknown keywords and ill-typed values with a *SpecError before
// anything is written. Typed encoders (the zero-allocation path) fill the
// family header through Struct.Put and put attributes on the Builder by
// type directly.
//
// Rendering and round trips: Msg.AppendJSON renders pyroute2's dict shape
// as JSON; Schema.EncodeDict encodes that shape back, byte for byte;
// Msg.Encode re-encodes a decoded message through the schema. Unknown
// attributes keep their number and bytes through all three.
package codec
