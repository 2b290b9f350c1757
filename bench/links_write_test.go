package bench

import (
	"context"
	"fmt"
	"testing"

	vnl "github.com/vishvananda/netlink"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
)

// BenchmarkKernelVethAddDel creates and deletes n veth pairs per
// iteration, one request at a time and waiting for each ack, in a
// namespace of its own: nlroute's typed LinkAdd/LinkDel beside
// vishvananda/netlink's Handle.LinkAdd/LinkDel in the same run. The
// links/s metric counts pairs created and deleted.
func BenchmarkKernelVethAddDel(b *testing.B) {
	const n = 1000
	names := make([][2]string, n)
	for i := range names {
		names[i] = [2]string{fmt.Sprintf("va%d", i), fmt.Sprintf("vb%d", i)}
	}
	b.Run(fmt.Sprint(n), func(b *testing.B) {
		b.Run("nlroute", func(b *testing.B) {
			ns := testutil.NewNetNS(b)
			r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				for _, nm := range names {
					if err := r.LinkAdd(ctx, rtnl.Link{Name: nm[0], Info: rtnl.Veth{Peer: rtnl.Link{Name: nm[1]}}}); err != nil {
						b.Fatal(err)
					}
				}
				for _, nm := range names {
					if err := r.LinkDel(ctx, rtnl.Link{Name: nm[0]}); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "links/s")
		})
		b.Run("vishvananda-netlink", func(b *testing.B) {
			ns := testutil.NewNetNS(b)
			hd := vishHandle(b, ns)
			links := make([]*vnl.Veth, n)
			b.ReportAllocs()
			for b.Loop() {
				for i, nm := range names {
					// LinkAdd looks the new index up itself (one more
					// request); LinkDel needs it.
					links[i] = &vnl.Veth{LinkAttrs: vnl.LinkAttrs{Name: nm[0]}, PeerName: nm[1]}
					if err := hd.LinkAdd(links[i]); err != nil {
						b.Fatal(err)
					}
				}
				for _, l := range links {
					if err := hd.LinkDel(l); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "links/s")
		})
	})
}
