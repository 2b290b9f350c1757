//go:build linux

package ring_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/internal/exampletest"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// The writer path: typed requests encoded into a wire.Builder and streamed
// through a Pipeline, thousands in flight, each refusal reported with its
// index. The example works in a throwaway namespace it creates and
// removes, and runs through TestExamplesAsRoot (see ARCHITECTURE.md).
func ExampleConn_Pipeline() {
	ctx := context.Background()
	r, err := rtnl.Dial(rtnl.Config{
		NetNS: "nlroute-ex-ring",
		Ring:  ring.PipelineConfig(ring.Config{}), // big socket buffers: many requests in flight
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer netns.Remove("nlroute-ex-ring")
	defer r.Close()
	if err := r.LinkSet(ctx, rtnl.Link{Index: 1, State: rtnl.LinkUp}); err != nil { // lo
		fmt.Println(err)
		return
	}

	p, err := r.Conn().Pipeline(ctx, ring.PipelineOptions{Op: "route add", Ack: ring.AckErrors})
	if err != nil {
		fmt.Println(err)
		return
	}
	var b wire.Builder
	add := func(dst netip.Addr) error {
		rt := rtnl.Route{Dst: netip.PrefixFrom(dst, 32), OIF: 1}
		b.Reset(b.Bytes()[:0]) // the buffer is reused: no allocation once warm
		if err := rt.Encode(&b, "add", 0); err != nil {
			return err
		}
		_, err := p.Append(b.Bytes()) // copied into the pipeline's send buffer
		return err
	}
	dst := netip.MustParseAddr("198.18.0.0")
	for range 1000 {
		dst = dst.Next()
		if err := add(dst); err != nil {
			fmt.Println(err)
			break
		}
	}
	add(dst) // the last one again: the kernel refuses it, the pipeline goes on

	if err := p.Close(); err != nil { // flushes: every outcome is known
		fmt.Println(err)
		return
	}
	st := p.Stats()
	fmt.Println("queued", st.Queued, "done", st.Done, "refused", st.Failed)
	for _, f := range p.Failures() {
		fmt.Println("request", f.Index, errors.Is(f.Err, syscall.EEXIST))
	}

	routes, err := r.GetRoutes(ctx, rtnl.Match{"table": 254, "oif": 1})
	fmt.Println("routes", len(routes), err)
	// Output as root:
	// queued 1001 done 1001 refused 1
	// request 1000 true
	// routes 1000 <nil>
}

func TestExamplesAsRoot(t *testing.T) {
	exampletest.Run(t, "nlroute-ex-ring", exampletest.E(ExampleConn_Pipeline))
}
