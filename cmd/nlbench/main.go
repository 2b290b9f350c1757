// Command nlbench is for measuring what nlroute costs against the real
// kernel: operations per second, CPU, system calls and allocations per
// operation. Start with `nlbench all` (or `make run`). The side-by-side
// benchmarks against C and the Go peers are the bench module instead
// (bench/RESULTS.md); counters for your own program are ring.Conn.Stats
// and ring.Pipeline.Stats.
//
// Command nlbench profiles kernel netlink throughput through nlroute: it
// creates a throwaway network namespace, runs a workload there, and
// prints what it cost.
//
// Usage:
//
//	nlbench [install|dump|links|events|nexthop|all] [flags]
//	nlbench compare OLD.json NEW.json
//
// Workloads:
//
//	install   install -n /32 (or /128) routes through an rtnl.Writer
//	          (typed RouteAdd; --path raw: requests built by hand on a
//	          ring.Pipeline)
//	dump      install -n routes (untimed), then dump and decode them
//	links     create -n veth pairs (untimed), then dump the links
//	events    a monitor socket counts the route notifications while a
//	          writer installs -n routes at full speed
//	nexthop   install -n routes on a nexthop group, then move them all to
//	          another gateway with one group replace, timed against
//	          re-installing them
//	fib       an Internet-like table of -n prefixes (default 1,000,000)
//	          through the fib package from empty, under churn, with a
//	          peer going down and across a restart; --compare bird,c,ip
//	          runs BIRD 2, the C sender and ip -batch side by side, each
//	          in its own namespace (not part of all)
//	all       every workload, install in both ack modes (the default;
//	          about a minute)
//
// For each workload it prints operations per second, CPU per operation
// split into user and kernel time, system calls, Go allocations and bytes
// per operation, the process's peak RSS during the workload and the
// netlink drops the kernel counted for our sockets (/proc/net/netlink).
// --format json (or --json) prints one JSON document instead: the
// environment (kernel, CPU, Go version, nlroute's commit and the sysctls
// that move the figures, null where absent), every run and the
// summaries; `nlbench compare OLD.json NEW.json` sets two of them side
// by side (ratios per workload, "~" where the runs' ranges overlap).
// --format gobench prints Go benchmark lines, one per run, which
// golang.org/x/perf's benchstat compares (`benchstat old.txt new.txt`,
// or `benchstat -col /tool run.txt` for the tools of one run). --plot FILE.svg
// runs install and dump over several sizes and draws the rate against N
// (`rsvg-convert -o FILE.png FILE.svg` makes a PNG of it). --compare
// takes a list of peers to run on the same workloads in the same run: c,
// the libmnl programs of bench/cmnl (the kernel's limit; nlbench finds
// their sources in the checkout and builds them with gcc, which needs
// libmnl-dev), and ip, iproute2's `ip -batch` (or `ip link`/`ip route
// show`). The x-of-C column is each row's rate over C's.
//
// -count N runs every workload N times, run i of every workload and tool
// before run i+1 of any, and the table reports the median rate, the
// minimum, the maximum and the spread, (max − min) / median; a spread
// over 20% is flagged with "!" as too noisy to trust.
//
// nlbench needs root (CAP_SYS_ADMIN to create namespaces, CAP_NET_ADMIN
// to force socket buffers) and iproute2's ip.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/nlroute/nlroute/ring"
)

// options are the command line.
type options struct {
	workload    string
	n           int // 0: the workload's default
	batch       int
	ack         ring.AckMode
	ackSet      bool
	window      int
	family      string
	netns       string
	format      string // table, json or gobench
	plot        string
	count       int    // runs of each workload
	compareC    bool   // --compare c: the libmnl programs of bench/cmnl
	compareIP   bool   // --compare ip: iproute2
	compareBird bool   // --compare bird: BIRD 2 (the fib workload only)
	seed        uint64 // --seed: the fib workload's table
	nhCompat    int    // --nexthop-compat-mode for the fib namespaces; -1: the kernel's
	fibMode     string // --fib-interference: restore, report or off
	path        string // install path: "writer" (rtnl.Writer, typed) or "raw" (ring.Pipeline, hand-built requests)
}

var workloads = []string{"install", "dump", "links", "events", "nexthop", "fib", "all"}

// parseArgs parses the command line (without the program name).
func parseArgs(args []string, errOut io.Writer) (options, error) {
	o := options{workload: "all", family: "inet", count: 1, format: "table", path: "writer"}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		o.workload, args = args[0], args[1:]
	}
	known := false
	for _, w := range workloads {
		known = known || w == o.workload
	}
	if !known {
		return o, fmt.Errorf("nlbench: unknown workload %q (want one of %s)", o.workload, strings.Join(workloads, ", "))
	}
	fs := flag.NewFlagSet("nlbench", flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.Usage = func() {
		fmt.Fprintf(errOut, "usage: nlbench [%s] [flags]\n       nlbench compare OLD.json NEW.json\n", strings.Join(workloads, "|"))
		fs.PrintDefaults()
	}
	fs.IntVar(&o.n, "n", 0, "operations per workload (routes, links, events); 0: the workload's default")
	fs.IntVar(&o.count, "count", 1, "run each workload `N` times, the tools interleaved, and report the median, min, max and spread")
	fs.IntVar(&o.batch, "batch", 0, "requests per sendmsg at most; 0: as many as the pipeline's send size holds")
	ack := fs.String("ack", "", "ack mode: per-msg (an ack per request) or errors (acks only on error, a barrier per send); all runs both unless set")
	fs.IntVar(&o.window, "window", 0, "requests in flight at most; 0: as many as the receive queue holds answers for")
	fs.StringVar(&o.path, "path", "writer", "how install sends its routes: writer (rtnl.Writer.RouteAdd, what a program calls) or raw (requests built by hand on a ring.Pipeline)")
	fs.StringVar(&o.family, "family", "inet", "address family of the routes: inet or inet6")
	fs.StringVar(&o.netns, "netns", "", "run in the existing namespace NAME (from ip netns add) instead of a throwaway one")
	fs.StringVar(&o.format, "format", "table", "output: table, json (one document: the environment, every run, the summaries) or gobench (Go benchmark lines for benchstat)")
	asJSON := fs.Bool("json", false, "the same as --format json")
	fs.StringVar(&o.plot, "plot", "", "draw routes/s against N over several N, with the --compare peers, into `FILE` (.svg, or .png through rsvg-convert), and the CPU per route into FILE-cpu")
	compare := fs.String("compare", "", "peers to run on the same workloads, a comma-separated `list`: c (libmnl, the kernel's limit), ip (iproute2), bird (BIRD 2, fib only)")
	fs.Uint64Var(&o.seed, "seed", 1, "fib: the seed of the generated table and its changes")
	fs.StringVar(&o.fibMode, "fib-interference", "restore", "fib: the FIB's monitor of outside changes: restore (a daemon's default), report, or off (no monitor, as the C sender)")
	fs.IntVar(&o.nhCompat, "nexthop-compat-mode", -1, "fib: set net.ipv4.nexthop_compat_mode to `0 or 1` in every tool's namespace; -1 leaves the kernel's default (nlroute's FIB sets 0 in its own unless this is 1)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := o.parseCompare(*compare); err != nil {
		return o, err
	}
	if *asJSON {
		o.format = "json"
	}
	switch o.format {
	case "table", "json", "gobench":
	default:
		return o, fmt.Errorf("nlbench: --format %q: want table, json or gobench", o.format)
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("nlbench: unexpected argument %q", fs.Arg(0))
	}
	if *ack != "" {
		m, err := ring.ParseAckMode(*ack)
		if err != nil {
			return o, fmt.Errorf("nlbench: --ack: %w", err)
		}
		o.ack, o.ackSet = m, true
	} else {
		o.ack = ring.AckErrors
	}
	if o.path != "writer" && o.path != "raw" {
		return o, fmt.Errorf("nlbench: --path %q: want writer or raw", o.path)
	}
	if o.family != "inet" && o.family != "inet6" {
		return o, fmt.Errorf("nlbench: --family %q: want inet or inet6", o.family)
	}
	if o.n < 0 || o.batch < 0 || o.window < 0 {
		return o, errors.New("nlbench: -n, --batch and --window must not be negative")
	}
	if err := o.checkFib(); err != nil {
		return o, err
	}
	if o.count < 1 {
		return o, fmt.Errorf("nlbench: -count %d: want 1 or more runs", o.count)
	}
	if o.plot != "" && !strings.HasSuffix(o.plot, ".svg") && !strings.HasSuffix(o.plot, ".png") {
		return o, fmt.Errorf("nlbench: --plot %q: want a .svg or .png file", o.plot)
	}
	return o, nil
}

// checkFib checks the fib workload's options.
func (o *options) checkFib() error {
	switch o.fibMode {
	case "restore", "report", "off":
	default:
		return fmt.Errorf("nlbench: --fib-interference %q: want restore, report or off", o.fibMode)
	}
	if o.nhCompat < -1 || o.nhCompat > 1 {
		return fmt.Errorf("nlbench: --nexthop-compat-mode %d: want 0, 1 or -1 (the kernel's default)", o.nhCompat)
	}
	return nil
}

// parseCompare sets the peers of a --compare list.
func (o *options) parseCompare(list string) error {
	if list == "" {
		return nil
	}
	for p := range strings.SplitSeq(list, ",") {
		switch strings.TrimSpace(p) {
		case "c":
			o.compareC = true
		case "ip":
			o.compareIP = true
		case "bird":
			if o.workload != "fib" {
				return fmt.Errorf("nlbench: --compare bird: BIRD runs in the fib workload only, not %q", o.workload)
			}
			o.compareBird = true
		default:
			return fmt.Errorf("nlbench: --compare %q: unknown peer %q (want a list of c, ip, bird)", list, p)
		}
	}
	if o.compareC && o.family == "inet6" {
		return errors.New("nlbench: --compare c: the C programs install and dump IPv4 routes only; drop c or --family inet6")
	}
	return nil
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "compare" {
		if err := runCompare(os.Args[2:], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		return
	}
	o, err := parseArgs(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if os.Geteuid() != 0 {
		fmt.Fprintf(os.Stderr, "nlbench: needs root (it creates a network namespace and forces socket buffers); running as uid %d: try sudo\n", os.Geteuid())
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run runs the workloads o names and writes their report to out.
func run(ctx context.Context, o options, out io.Writer) error {
	e, err := newEnv(o, out)
	if err != nil {
		return err
	}
	defer e.close()
	var results []Result
	emit := func(r Result) { results = append(results, r) }
	// Run i of every workload (and of every tool within it) before run
	// i+1 of any: a slow minute of the machine falls on every tool alike.
	for i := range o.count {
		e.rep = i
		e.bar.setRun(i, o.count)
		for _, w := range e.plan() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := w.run(ctx, e, emit); err != nil {
				return fmt.Errorf("nlbench: %s: %w", w.name, err)
			}
		}
	}
	switch o.format {
	case "json":
		rep := Report{Environment: readEnvironment("/proc/sys"), Count: o.count, Results: results, Summary: summarize(results)}
		if err := writeJSON(out, rep); err != nil {
			return err
		}
	case "gobench":
		writeGobench(out, readEnvironment("/proc/sys"), results)
	default:
		if o.workload == "fib" {
			writeFibTable(out, summarize(results), e.fibX)
			break
		}
		writeTable(out, summarize(results))
	}
	if o.plot != "" {
		return plotScaling(ctx, e, o.plot)
	}
	return nil
}
