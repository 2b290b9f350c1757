//go:build linux

package codec_test

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// A link message, as the kernel would send it for a bridge, built here
// with a wire.Builder and read back by name, by keyword, by nested path and
// by attribute type. No kernel is needed.
func ExampleMsg() {
	var b wire.Builder
	b.Begin(unix.RTM_NEWLINK, 0, 1)
	hdr := b.Reserve(codec.IfInfoMsg.Size) // struct ifinfomsg
	codec.IfInfoMsg.Put(hdr, codec.IfInfoMsg.FieldIndex("index"), 7)
	b.PutString(unix.IFLA_IFNAME, "br0")
	b.PutUint32(unix.IFLA_MTU, 1500)
	info := b.Nest(unix.IFLA_LINKINFO)
	b.PutString(unix.IFLA_INFO_KIND, "bridge")
	data := b.Nest(unix.IFLA_INFO_DATA)
	b.PutUint32(unix.IFLA_BR_STP_STATE, 1)
	b.EndNest(data)
	b.EndNest(info)
	b.End()

	var m codec.Msg // reusable; Reset indexes the attributes in one pass
	if err := m.ResetBytes(codec.Link, b.Bytes()); err != nil {
		fmt.Println(err)
		return
	}
	index, _ := m.Field("index")
	fmt.Println(m.Event(), "index", index)

	// By the kernel's name or pyroute2's keyword, O(1).
	mtu, _ := m.GetAttr("IFLA_MTU")
	name, _ := m.GetAttr("ifname")
	n, _ := mtu.Uint()
	fmt.Println(name.String(), "mtu", n) // a Value is a wire.Attr with a name and a kind

	// A nested path, as msg.get(("linkinfo", "data", "br_stp_state")).
	stp, _ := m.Get("linkinfo", "data", "br_stp_state")
	on, _ := stp.Uint()
	fmt.Println("stp", on)

	// The hot path: by type, no name lookup, the raw attribute.
	raw, _ := m.RawAttr(unix.IFLA_MTU)
	v, _ := raw.Uint32()
	fmt.Println("raw mtu", v)
	// Output:
	// RTM_NEWLINK index 7
	// br0 mtu 1500
	// stp 1
	// raw mtu 1500
}

// The same message rendered in pyroute2's dict shape.
func ExampleMsg_AppendJSON() {
	var b wire.Builder
	b.Begin(unix.RTM_NEWLINK, 0, 1)
	b.Reserve(codec.IfInfoMsg.Size)
	b.PutString(unix.IFLA_IFNAME, "br0")
	b.PutUint32(unix.IFLA_MTU, 1500)
	b.End()

	var m codec.Msg
	if err := m.ResetBytes(codec.Link, b.Bytes()); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(m.AppendJSON(nil)))
	// Output:
	// {"attrs": [["IFLA_IFNAME", "br0"], ["IFLA_MTU", 1500]], "family": 0, "ifi_type": 0, "index": 0, "flags": 0, "change": 0, "header": {"length": 48, "type": 16, "flags": 0, "sequence_number": 1, "pid": 0}, "event": "RTM_NEWLINK"}
}
