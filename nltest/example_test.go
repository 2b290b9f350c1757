//go:build linux

package nltest_test

import (
	"context"
	"errors"
	"fmt"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/nlroute/nlroute/nltest"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// Code built on rtnl, tested with no kernel: the script acks every
// request but a link deletion, which it refuses as the kernel would.
func ExampleDial() {
	ctx := context.Background()
	c := nltest.Dial(func(req []byte) []nltest.Datagram {
		h, _ := wire.ParseHeader(req)
		if h.Type == unix.RTM_DELLINK {
			return []nltest.Datagram{{Data: nltest.Error(req, syscall.ENODEV, "no such link")}}
		}
		return []nltest.Datagram{{Data: nltest.Ack(req)}}
	})
	r := rtnl.New(c) // owns c from now on
	defer r.Close()

	fmt.Println(r.LinkSet(ctx, rtnl.Link{Index: 7, State: rtnl.LinkUp}))
	err := r.LinkDel(ctx, rtnl.Link{Index: 7})
	fmt.Println(errors.Is(err, syscall.ENODEV), err)
	// Output:
	// <nil>
	// true rtnl: link del #7: no such device: no such link
}
