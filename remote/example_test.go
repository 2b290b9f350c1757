//go:build linux

package remote_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/exampletest"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/remote"
	"github.com/nlroute/nlroute/rtnl"
)

// Dial runs or reaches an agent and returns an IPRoute whose requests go
// through it. Over ssh it is remote.Options{Host: "root@router1"}: ipr is
// found on the far side, or this program's own binary is copied there
// when its main calls remote.MaybeServe first. Here the agent is this very
// program in a throwaway namespace, started by a Command, as
// `ip netns exec NS ipr agent` would be (this test binary calls
// remote.MaybeServe in its TestMain).
func ExampleDial() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := netns.Create("nlroute-ex-remote"); err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-remote")
	self, err := os.Executable()
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := remote.Dial(ctx, remote.Options{
		Command: []string{"env", "NLROUTE_AGENT=1", self, "-n", "nlroute-ex-remote", "agent"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()

	// The IPRoute works as a local one does: typed calls, dumps, Do.
	if err := r.LinkAdd(ctx, rtnl.Link{Name: "br0", Info: rtnl.Bridge{}}); err != nil {
		fmt.Println(err)
		return
	}
	links, err := r.GetLinks(ctx, rtnl.Match{"ifname": func(n string) bool { return n == "lo" || n == "br0" }})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range links {
		fmt.Println(l.NameString(), l.KindString())
	}
	// Output as root:
	// lo
	// br0 bridge
}

func TestExamplesAsRoot(t *testing.T) {
	exampletest.Run(t, "nlroute-ex-remote", exampletest.E(ExampleDial, "link:bridge"))
}
