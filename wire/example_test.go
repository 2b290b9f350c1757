package wire_test

import (
	"fmt"

	"github.com/nlroute/nlroute/wire"
)

// Two requests built back to back into one buffer (a batch), then read
// back with the zero-copy iterators. Message types and attribute numbers
// are a family's own; these are rtnetlink's RTM_NEWLINK, IFLA_IFNAME and
// IFLA_MTU, whose names golang.org/x/sys/unix exports on Linux.
func ExampleBuilder() {
	const rtmNewLink, iflaIfname, iflaMTU = 16, 3, 4
	const ifinfomsgLen = 16

	var b wire.Builder
	for i, name := range []string{"a0", "a1"} {
		b.Begin(rtmNewLink, wire.FlagRequest|wire.FlagAck|wire.FlagCreate, uint32(i+1))
		b.Reserve(ifinfomsgLen) // the family header, zeroed
		b.PutString(iflaIfname, name)
		b.PutUint32(iflaMTU, 1400)
		b.End()
	}
	if err := b.Err(); err != nil {
		fmt.Println(err)
		return
	}

	msgs := wire.NewMessages(b.Bytes())
	for msgs.Next() {
		m := msgs.Message() // borrows b's buffer
		fmt.Println("seq", m.Header.Seq, "len", m.Header.Len)
		attrs := wire.NewAttrs(m.Data[ifinfomsgLen:])
		for attrs.Next() {
			a := attrs.Attr()
			switch a.Type {
			case iflaIfname:
				fmt.Println("  name", a.String())
			case iflaMTU:
				mtu, _ := a.Uint32()
				fmt.Println("  mtu", mtu)
			}
		}
		if err := attrs.Err(); err != nil {
			fmt.Println(err)
		}
	}
	if err := msgs.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// seq 1 len 48
	//   name a0
	//   mtu 1400
	// seq 2 len 48
	//   name a1
	//   mtu 1400
}
