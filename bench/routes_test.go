package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
	vnl "github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// BenchmarkKernelRoutes is the read-side benchmark: `rtnl.IPRoute.Routes`
// (typed borrowed views, table main filtered in the kernel) beside
// vishvananda/netlink's RouteListFiltered (a slice of route objects) and
// RouteListFilteredIter (a callback per route), and `ip -j route show`,
// on the same namespace in the same run. Besides routes/s it reports the
// process's peak RSS growth during the peer's runs (VmHWM, reset through
// /proc/self/clear_refs before each peer), which says whether memory grows
// with the table. 1,000,000 routes run only with NLBENCH_BIG=1.
func BenchmarkKernelRoutes(b *testing.B) {
	sizes := []int{100000}
	if os.Getenv("NLBENCH_BIG") == "1" {
		sizes = append(sizes, 1000000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if testing.Short() {
				b.Skip("kernel route table benchmarks skipped under -short")
			}
			ns := routeNS(b, n)
			for _, p := range routesPeers {
				b.Run(p.name, func(b *testing.B) {
					run := p.open(b, ns)
					if got := run(); got < n {
						b.Fatalf("%s saw %d routes, want at least %d", p.name, got, n)
					}
					debug.FreeOSMemory()
					base := resetPeakRSS(b)
					b.ReportAllocs()
					b.ResetTimer()
					routes := 0
					for b.Loop() {
						routes += run()
					}
					b.StopTimer()
					b.ReportMetric(float64(routes)/b.Elapsed().Seconds(), "routes/s")
					b.ReportMetric(float64(peakRSS(b)-base)/(1<<20), "peak-RSS-growth-MiB")
				})
			}
		})
	}
}

var routesPeers = []dumpPeer{
	{"nlroute-rtnl", openRtnlRoutes},
	{"vishvananda-RouteListFiltered", openVishvananda},
	{"vishvananda-RouteListFilteredIter", openVishIter},
	{"iproute2-ip-json", openIP},
}

func openRtnlRoutes(b *testing.B, ns *testutil.NetNS) func() int {
	r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	filter := rtnl.Match{"family": unix.AF_INET, "table": unix.RT_TABLE_MAIN}
	var sink uint64
	return func() int {
		n := 0
		it := r.Routes(context.Background(), filter)
		for it.Next() {
			v := it.View()
			sink += uint64(v.Dst().Bits()) + uint64(v.OIF()) + uint64(v.Table())
			n++
		}
		if err := it.Err(); err != nil {
			b.Fatal(err)
		}
		return n
	}
}

func openVishIter(b *testing.B, ns *testutil.NetNS) func() int {
	hd := vishHandle(b, ns)
	return func() int {
		n := 0
		err := hd.RouteListFilteredIter(vnl.FAMILY_V4, &vnl.Route{Table: unix.RT_TABLE_MAIN}, vnl.RT_FILTER_TABLE,
			func(vnl.Route) bool { n++; return true })
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
}

// resetPeakRSS resets the kernel's high-water mark of this process's RSS
// and returns the current RSS.
func resetPeakRSS(b *testing.B) int64 {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset peak RSS: %v", err)
	}
	return statusKB(b, "VmRSS:")
}

func peakRSS(b *testing.B) int64 { return statusKB(b, "VmHWM:") }

// statusKB reads a "kB" line of /proc/self/status, in bytes.
func statusKB(b *testing.B, key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key); ok {
			kb, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return kb << 10
		}
	}
	return 0
}
