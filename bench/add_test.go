package bench

import (
	"context"
	"fmt"
	"net"
	"testing"

	vnl "github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// BenchmarkKernelRouteAdd installs n routes per iteration: nlroute sends
// them as one batch through ring.Conn (acks matched by sequence);
// vishvananda/netlink has no batch API and adds them one request at a
// time. The routes are flushed, untimed, between iterations.
func BenchmarkKernelRouteAdd(b *testing.B) {
	const n = 1000
	b.Run(fmt.Sprint(n), func(b *testing.B) {
		b.Run("nlroute-batch", func(b *testing.B) {
			ns, oif := vethNS(b)
			c := bigConn(b, ns)
			req := routeAdds(n, oif)
			b.ReportAllocs()
			for b.Loop() {
				if failed, err := c.Batch(context.Background(), "route add", req, nil); err != nil || failed != 0 {
					b.Fatalf("%d failed, %v", failed, err)
				}
				b.StopTimer()
				ns.Run(b, "route", "flush", "dev", "v0", "proto", "boot")
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "routes/s")
		})
		b.Run("vishvananda-netlink", func(b *testing.B) {
			ns, oif := vethNS(b)
			hd := vishHandle(b, ns)
			routes := make([]vnl.Route, n)
			for i := range routes {
				routes[i] = vnl.Route{
					LinkIndex: int(oif),
					Dst:       &net.IPNet{IP: net.IPv4(10, byte(i>>16), byte(i>>8), byte(i)), Mask: net.CIDRMask(32, 32)},
					Scope:     unix.RT_SCOPE_LINK,
					Protocol:  unix.RTPROT_BOOT,
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				for i := range routes {
					if err := hd.RouteAdd(&routes[i]); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				ns.Run(b, "route", "flush", "dev", "v0", "proto", "boot")
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "routes/s")
		})
	})
}
