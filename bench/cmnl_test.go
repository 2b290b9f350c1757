package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime/debug"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/bench/cmnl"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
	vnl "github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// The yardstick: every workload measured beside C on libmnl (the
// programs of bench/cmnl) in the same run, on the same namespace and the
// same N, each peer's rate reported as a ratio to C's ("x-of-C", the
// peer's rate over C's: 1 is the kernel's limit, 0.5 half of it; for a
// dump, the time ratio is its inverse).
//
// Every peer reports the rate of its own timed section: for C, the time
// the program measured itself (after setns and socket set-up; the
// process start, about a millisecond, is left out); for ours and
// vishvananda, the call; for ip, the whole process, whose start-up is
// part of what shelling out costs. CPU per route comes from getrusage:
// the C program's own account of its timed section, our process's
// RUSAGE_SELF around the call, and ip's ProcessState.
//
// Sizes: 100,000 routes (2,000 links); 1,000 routes (200 links) under
// -short; NLBENCH_BIG=1 adds 1,000,000 routes. The C sub-benchmark runs
// first in each group, so the others find its figure; when a -bench
// pattern leaves it out, x-of-C is not reported (and the log says so).

// vsCSizes returns the route counts to run.
func vsCSizes() []int {
	switch {
	case testing.Short():
		return []int{1000}
	case os.Getenv("NLBENCH_BIG") == "1":
		return []int{100000, 1000000}
	}
	return []int{100000}
}

// settle waits (untimed, after a flush) for the kernel to finish freeing
// n routes: the flush returns before its RCU callbacks have run, and on 2
// cores that work would land in the next peer's timed run, a few per
// cent at 1M routes that fall on whichever peer comes next.
func settle(n int) { time.Sleep(100*time.Millisecond + time.Duration(n)*time.Microsecond) }

// cPrograms builds the C baselines into the benchmark's temporary
// directory; without gcc or libmnl the benchmark is skipped, with a
// message naming libmnl (Debian: libmnl-dev).
func cPrograms(b *testing.B) *cmnl.Programs {
	b.Helper()
	testutil.RequireRoot(b)
	p, err := cmnl.Build(context.Background(), b.TempDir())
	if errors.Is(err, cmnl.ErrMissing) {
		b.Skipf("C on libmnl baseline skipped (install libmnl-dev): %v", err)
	}
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// gwNS makes a namespace with an up veth v0 addressed 192.0.2.10/24, so
// 192.0.2.1 is an on-link gateway, and returns v0's index.
func gwNS(b *testing.B) (*testutil.NetNS, uint32) {
	ns := testutil.NewNetNS(b)
	ns.Batch(b, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up",
		"addr add 192.0.2.10/24 dev v0")
	return ns, uint32(ns.IfIndex(b, "v0"))
}

var gateway = [4]byte{192, 0, 2, 1}

// sample is what one timed run did and cost.
type sample struct {
	n         int           // routes or links
	seconds   float64       // the timed section
	user, sys time.Duration // CPU of the timed section
	rss       int64         // a child's peak RSS in bytes; 0 when not known
}

func (s *sample) add(o sample) {
	s.n += o.n
	s.seconds += o.seconds
	s.user += o.user
	s.sys += o.sys
	s.rss = max(s.rss, o.rss)
}

// cpuNow is this process's CPU time so far.
func cpuNow() (user, sys time.Duration) {
	var ru unix.Rusage
	unix.Getrusage(unix.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

// timed runs fn, which returns how many objects it handled, and measures
// its wall and CPU time in this process.
func timed(fn func() (int, error)) (sample, error) {
	u0, s0 := cpuNow()
	t0 := time.Now()
	n, err := fn()
	d := time.Since(t0)
	u1, s1 := cpuNow()
	return sample{n: n, seconds: d.Seconds(), user: u1 - u0, sys: s1 - s0}, err
}

// childSample is a child process's sample: its wall time and its own
// CPU and peak RSS from the kernel's account. That peak (ru_maxrss) is
// an upper bound: the kernel keeps the larger of the child's own and
// this process's RSS when it forked (exec replaces a vfork child's
// address space, which was ours), so callers lower this process's first
// with quietRSS.
func childSample(n int, wall time.Duration, ps *os.ProcessState) sample {
	s := sample{n: n, seconds: wall.Seconds(), user: ps.UserTime(), sys: ps.SystemTime()}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss << 10
	}
	return s
}

// quietRSS returns this process's memory to the kernel and resets its
// peak RSS to the current RSS, so that a child's ru_maxrss is its own
// unless that is smaller than our current RSS.
func quietRSS(b *testing.B) {
	debug.FreeOSMemory()
	resetPeakRSS(b)
}

// cSample turns a C program's runs into a sample of their own timing.
func cSample(pr *cmnl.Process) sample {
	var s sample
	for _, r := range pr.Runs {
		s.add(sample{n: r.N, seconds: r.Seconds, user: time.Duration(r.User * 1e9), sys: time.Duration(r.Sys * 1e9), rss: r.PeakRSS})
	}
	return s
}

// cRates holds the C figure of each group ("install/100000/per-msg") for
// the ratios of the peers measured after it.
var cRates sync.Map

// measureVsC runs each once per b.Loop iteration (then after, untimed)
// and reports units/s, CPU per unit, a child's peak RSS, and the ratio
// to the C figure of group key; with isC it records that figure.
func measureVsC(b *testing.B, key, unit string, isC bool, each func() (sample, error), after func()) {
	var tot sample
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s, err := each()
		if err != nil {
			b.Fatal(err)
		}
		tot.add(s)
		if after != nil {
			b.StopTimer()
			after()
			b.StartTimer()
		}
	}
	b.StopTimer()
	if tot.n == 0 || tot.seconds == 0 {
		b.Fatalf("nothing measured: %+v", tot)
	}
	rate := float64(tot.n) / tot.seconds
	b.ReportMetric(rate, unit+"s/s")
	b.ReportMetric(float64(tot.user.Nanoseconds())/1e3/float64(tot.n), "user-us/"+unit)
	b.ReportMetric(float64(tot.sys.Nanoseconds())/1e3/float64(tot.n), "sys-us/"+unit)
	if tot.rss > 0 {
		b.ReportMetric(float64(tot.rss)/(1<<20), "peak-RSS-MiB")
	}
	if isC {
		cRates.Store(key, rate)
	}
	if c, ok := cRates.Load(key); ok {
		b.ReportMetric(rate/c.(float64), "x-of-C")
	} else {
		b.Logf("no C figure for %s in this run: x-of-C not reported", key)
	}
}

// BenchmarkVsCInstall installs n /32 routes via a gateway, in each ack
// mode, with C on libmnl, ring.Pipeline (raw requests), rtnl.Writer
// (typed RouteAdd), the synchronous RouteAdd loop, vishvananda's
// Handle.RouteAdd and `ip -batch`, on one namespace, flushing (untimed)
// after each run. The loop, vishvananda and ip wait for an ack per
// route, so they sit in the per-msg group.
func BenchmarkVsCInstall(b *testing.B) {
	progs := cPrograms(b)
	for _, n := range vsCSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ns, oif := gwNS(b)
			flush := func() {
				ns.Run(b, "route", "flush", "proto", "static")
				settle(n)
			}
			for _, ack := range []ring.AckMode{ring.AckEach, ring.AckErrors} {
				key := fmt.Sprintf("install/%d/%s", n, ack)
				b.Run(ack.String(), func(b *testing.B) {
					b.Run("c-libmnl", func(b *testing.B) {
						args := []string{"--netns", ns.Path, "-n", fmt.Sprint(n), "--oif", fmt.Sprint(oif),
							"--gw", net.IP(gateway[:]).String(), "--ack", ack.String()}
						measureVsC(b, key, "route", true, func() (sample, error) {
							pr, err := progs.Run(context.Background(), cmnl.RouteInstall, args...)
							if err != nil {
								return sample{}, err
							}
							return cSample(pr), nil
						}, flush)
					})
					b.Run("nlroute-pipeline", func(b *testing.B) {
						install := gwPipelineInstall(b, ns, oif, n, ack)
						measureVsC(b, key, "route", false, func() (sample, error) { return timed(install) }, flush)
					})
					b.Run("nlroute-writer", func(b *testing.B) {
						measureGoPeer(b, key, gwWriterInstall(b, ns, oif, n, ack), flush)
					})
					if ack != ring.AckEach {
						return
					}
					b.Run("nlroute-typed-loop", func(b *testing.B) {
						measureGoPeer(b, key, gwTypedLoop(b, ns, oif, n), flush)
					})
					b.Run("vishvananda-handle", func(b *testing.B) {
						install := gwVishInstall(b, ns, oif, n)
						measureVsC(b, key, "route", false, func() (sample, error) { return timed(install) }, flush)
					})
					b.Run("ip-batch", func(b *testing.B) {
						install := gwIPBatch(ns, n)
						quietRSS(b)
						measureVsC(b, key, "route", false, install, flush)
					})
				})
			}
		})
	}
}

// gwPipelineInstall returns a function installing routes 0..n-1 via the
// gateway through one ring.Pipeline, on a connection closed with b.
func gwPipelineInstall(b *testing.B, ns *testutil.NetNS, oif uint32, n int, ack ring.AckMode) func() (int, error) {
	c, err := ring.Dial(ring.PipelineConfig(ring.Config{NetNS: netns.Path(ns.Path)}))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	// struct rtmsg: AF_INET, /32, main table, static, universe, unicast
	rtm := [12]byte{unix.AF_INET, 32, 0, 0, unix.RT_TABLE_MAIN, unix.RTPROT_STATIC, unix.RT_SCOPE_UNIVERSE, unix.RTN_UNICAST}
	return func() (int, error) {
		p, err := c.Pipeline(context.Background(), ring.PipelineOptions{Op: "route add", Ack: ack})
		if err != nil {
			return 0, err
		}
		for i := range n {
			bl := p.Begin(unix.RTM_NEWROUTE, wire.FlagCreate|wire.FlagExcl)
			bl.PutFixed(rtm[:])
			d := dst(i)
			bl.PutBytes(unix.RTA_DST, d[:])
			bl.PutUint32(unix.RTA_OIF, oif)
			bl.PutBytes(unix.RTA_GATEWAY, gateway[:])
			if _, err := p.End(); err != nil {
				return 0, err
			}
		}
		if err := p.Close(); err != nil {
			return 0, err
		}
		if f := p.Failures(); len(f) > 0 {
			return 0, &f[0]
		}
		return n, nil
	}
}

func gwVishInstall(b *testing.B, ns *testutil.NetNS, oif uint32, n int) func() (int, error) {
	hd := vishHandle(b, ns)
	routes := make([]vnl.Route, n)
	for i := range routes {
		d := dst(i)
		routes[i] = vnl.Route{LinkIndex: int(oif), Dst: &net.IPNet{IP: net.IP(d[:]), Mask: net.CIDRMask(32, 32)},
			Gw: net.IP(gateway[:]), Protocol: unix.RTPROT_STATIC}
	}
	return func() (int, error) {
		for i := range routes {
			if err := hd.RouteAdd(&routes[i]); err != nil {
				return i, err
			}
		}
		return n, nil
	}
}

// gwIPBatch returns a function running `ip -n NS -batch -` over the same
// routes: one process per run.
func gwIPBatch(ns *testutil.NetNS, n int) func() (sample, error) {
	var in bytes.Buffer
	for i := range n {
		d := dst(i)
		fmt.Fprintf(&in, "route add %d.%d.%d.%d/32 via 192.0.2.1 dev v0 proto static\n", d[0], d[1], d[2], d[3])
	}
	return func() (sample, error) {
		cmd := exec.Command("ip", "-n", ns.Name, "-batch", "-")
		cmd.Stdin = bytes.NewReader(in.Bytes())
		t0 := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			return sample{}, fmt.Errorf("ip -batch: %w: %s", err, out)
		}
		return childSample(n, time.Since(t0), cmd.ProcessState), nil
	}
}
