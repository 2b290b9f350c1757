package bench

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"runtime/debug"
	"testing"
	"time"

	"github.com/nlroute/nlroute/bench/cmnl"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
	vnl "github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// BenchmarkVsCRouteDump dumps and decodes the IPv4 main table of n routes
// via a gateway (plus the veth's connected route) with C on libmnl
// (mnl_cb_run and mnl_attr_parse, reading dst, oif, gateway, table), ours
// (rtnl.Routes views; ring Dump + codec), vishvananda (the iterator and
// the slice) and `ip route show`, on one namespace. Besides the rate,
// each reports peak memory: for Go peers the growth of this process's
// peak RSS over the runs (VmHWM, reset before), and its absolute peak;
// for C its own VmHWM; for ip ru_maxrss (an upper bound, see
// childSample). Sizes as vsCSizes: NLBENCH_BIG=1 adds 1,000,000, where
// the flat memory of ours shows.
func BenchmarkVsCRouteDump(b *testing.B) {
	progs := cPrograms(b)
	for _, n := range vsCSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ns, oif := gwNS(b)
			install := gwPipelineInstall(b, ns, oif, n, ring.AckErrors)
			if _, err := install(); err != nil {
				b.Fatal(err)
			}
			key := fmt.Sprintf("route-dump/%d", n)
			want := n + 1 // 192.0.2.0/24 dev v0
			b.Run("c-libmnl", func(b *testing.B) {
				measureVsC(b, key, "route", true, func() (sample, error) {
					pr, err := progs.Run(context.Background(), cmnl.RouteDump, "--netns", ns.Path)
					if err != nil {
						return sample{}, err
					}
					return cSample(pr), nil
				}, nil)
			})
			for _, p := range []dumpPeer{
				{"nlroute-rtnl-Routes", openRtnlRoutes},
				{"nlroute-ring-codec", openNlroute},
				{"vishvananda-RouteListFilteredIter", openVishIterGw},
				{"vishvananda-RouteListFiltered", openVishListGw},
			} {
				b.Run(p.name, func(b *testing.B) { goDumpVsC(b, key, want, p.open(b, ns)) })
			}
			b.Run("ip-route-show", func(b *testing.B) {
				quietRSS(b)
				measureVsC(b, key, "route", false, func() (sample, error) {
					return ipShowLines(ns, "-4", "route", "show", "table", "main")
				}, nil)
			})
		})
	}
}

// goDumpVsC measures a Go dumper: one warm run checks the count, then
// the timed runs, with this process's peak RSS reset before them.
func goDumpVsC(b *testing.B, key string, want int, run func() int) {
	if got := run(); got < want {
		b.Fatalf("saw %d, want at least %d", got, want)
	}
	debug.FreeOSMemory()
	base := resetPeakRSS(b)
	measureVsC(b, key, "route", false, func() (sample, error) {
		return timed(func() (int, error) { return run(), nil })
	}, nil)
	peak := peakRSS(b)
	b.ReportMetric(float64(peak-base)/(1<<20), "peak-RSS-growth-MiB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
}

// openVishIterGw is vishvananda's RouteListFilteredIter over table main,
// reading what the C walk reads.
func openVishIterGw(b *testing.B, ns *testutil.NetNS) func() int {
	hd := vishHandle(b, ns)
	var sink uint64
	return func() int {
		n := 0
		err := hd.RouteListFilteredIter(vnl.FAMILY_V4, &vnl.Route{Table: unix.RT_TABLE_MAIN}, vnl.RT_FILTER_TABLE,
			func(r vnl.Route) bool {
				sink += uint64(r.LinkIndex) + uint64(r.Table) + uint64(len(r.Gw))
				n++
				return true
			})
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
}

// openVishListGw is vishvananda's RouteListFiltered (a slice of routes).
func openVishListGw(b *testing.B, ns *testutil.NetNS) func() int {
	hd := vishHandle(b, ns)
	return func() int {
		rs, err := hd.RouteListFiltered(vnl.FAMILY_V4, &vnl.Route{Table: unix.RT_TABLE_MAIN}, vnl.RT_FILTER_TABLE)
		if err != nil {
			b.Fatal(err)
		}
		return len(rs)
	}
}

// ipShowLines runs `ip -n NS args` and counts its output lines (the
// objects it printed, one per line without -d).
func ipShowLines(ns *testutil.NetNS, args ...string) (sample, error) {
	cmd := exec.Command("ip", append([]string{"-n", ns.Name}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return sample{}, err
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return sample{}, err
	}
	lines := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		lines++
	}
	if err := cmd.Wait(); err != nil {
		return sample{}, fmt.Errorf("ip %v: %w", args, err)
	}
	return childSample(lines, time.Since(t0), cmd.ProcessState), nil
}
