package main

// The fib workload's peers: BIRD 2 (a daemon: it is given configs and
// watched), iproute2's ip -batch (the same routes, an ack per route, no
// state to restart) and the C libmnl sender (only its own routes: N /32s
// on one gateway, phase a-slash32).

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/rtnl"
)

// birdDriver runs the phases through a birdDaemon.
type birdDriver struct{ b *birdDaemon }

func (d *birdDriver) proto() rtnl.RouteProtocol { return rtnl.ProtoBIRD }
func (d *birdDriver) close()                    { d.b.close() }

// birdLimit is how long BIRD may take over n routes: generous (it took
// 12 s for 1M /32s when the issue was written).
func birdLimit(n int) time.Duration { return time.Minute + time.Duration(n/5000)*time.Second }

// birdResult is BIRD's CPU since cpu0 and its peak RSS over secs.
func (d *birdDriver) result(secs float64, n int, cpu0 cpuTime) Result {
	cpu, _ := procCPU(d.b.pid)
	ops := float64(max(n, 1))
	return Result{Seconds: secs, UserUsPerOp: (cpu.user - cpu0.user).Seconds() * 1e6 / ops,
		SysUsPerOp: (cpu.sys - cpu0.sys).Seconds() * 1e6 / ops, PeakRSSBytes: procPeakRSS(d.b.pid)}
}

// load starts BIRD on a config of the routes (written untimed) and
// times it until the monitor has seen all of them added and a dump
// agrees.
func (d *birdDriver) load(ctx context.Context, routes []fibEntry, w *fibWatch) (Result, error) {
	conf, err := d.b.writeConf(routes)
	if err != nil {
		return Result{}, err
	}
	start := time.Now()
	if err := d.b.start(conf); err != nil {
		return Result{}, err
	}
	end := start.Add(birdLimit(len(routes)))
	for {
		if w.newRt.Load() >= int64(len(routes)) {
			if bad, err := d.b.ns.verify(ctx, rtnl.ProtoBIRD, d.b.t, routes); err == nil && bad == 0 {
				break
			}
		}
		select {
		case err := <-d.b.exit:
			return Result{}, fmt.Errorf("bird exited: %v (log: %s)", err, d.b.log())
		default:
		}
		if time.Now().After(end) {
			return Result{}, fmt.Errorf("bird: %d of %d routes notified after %v (log: %s)", w.newRt.Load(), len(routes), time.Since(start), d.b.log())
		}
		if err := sleepCtx(ctx, 5*time.Millisecond); err != nil {
			return Result{}, err
		}
	}
	secs := time.Since(start).Seconds()
	r := d.result(secs, len(routes), cpuTime{})
	r.Note = "bird -c: config parse, static protocol, kernel export; CPU and RSS of the bird process"
	return r, nil
}

// apply writes a config of after (untimed), then times birdc configure
// until the monitor has seen every change.
func (d *birdDriver) apply(ctx context.Context, cs []fibChange, after []fibEntry, w *fibWatch, issued []time.Duration) (Result, error) {
	conf, err := d.b.writeConf(after)
	if err != nil {
		return Result{}, err
	}
	cpu0, _ := procCPU(d.b.pid)
	resetPeakRSS(d.b.pid)
	at := time.Since(w.mark)
	for i := range issued {
		issued[i] = at
	}
	if err := d.b.configure(ctx, conf); err != nil {
		return Result{}, err
	}
	last, ok := waitKeys(ctx, w, cs, birdLimit(len(after)))
	if !ok {
		return Result{}, fmt.Errorf("bird: not every change was notified within %v (log: %s)", birdLimit(len(after)), d.b.log())
	}
	r := d.result((last - at).Seconds(), len(cs), cpu0)
	r.Note = "birdc configure with the new config: parse, static protocol diff, kernel export"
	return r, nil
}

// down is a reconfiguration without the peer's routes.
func (d *birdDriver) down(ctx context.Context, _ int, cs []fibChange, after []fibEntry, w *fibWatch, issued []time.Duration) (Result, error) {
	return d.apply(ctx, cs, after, w, issued)
}

// restart stops BIRD (birdc down; the kernel protocol's persist leaves
// its routes) and starts it on a config of routes, timed until its kernel
// protocol has synced the table: BIRD writes the differences only after
// its first scan of the kernel table, so the end is when a dump matches
// the config and BIRD has been idle (no CPU time) for a second; the time
// is when it was last busy.
func (d *birdDriver) restart(ctx context.Context, routes []fibEntry, w *fibWatch) (Result, error) {
	conf, err := d.b.writeConf(routes)
	if err != nil {
		return Result{}, err
	}
	if err := d.b.stop(ctx); err != nil {
		return Result{}, err
	}
	start := time.Now()
	if err := d.b.start(conf); err != nil {
		return Result{}, err
	}
	if err := d.b.exported(ctx, len(routes), birdLimit(len(routes))); err != nil {
		return Result{}, err
	}
	busy, err := d.settle(ctx, routes, birdLimit(len(routes)))
	if err != nil {
		return Result{}, err
	}
	r := d.result(busy.Sub(start).Seconds(), len(routes), cpuTime{})
	r.Note = "birdc down, bird -c again (kernel protocol persist): until the table matched and bird went idle"
	return r, nil
}

// settle waits until BIRD has used under 20 ms of CPU in a second (its
// timers tick) and a dump matches routes, and returns when BIRD was
// last busy.
func (d *birdDriver) settle(ctx context.Context, routes []fibEntry, limit time.Duration) (time.Time, error) {
	end := time.Now().Add(limit)
	last, busy := cpuTime{user: -time.Hour}, time.Now()
	for time.Now().Before(end) {
		cpu, err := procCPU(d.b.pid)
		if err != nil {
			return busy, err
		}
		if cpu.user+cpu.sys-last.user-last.sys > 20*time.Millisecond {
			last, busy = cpu, time.Now()
		} else if time.Since(busy) >= time.Second {
			bad, err := d.b.ns.verify(ctx, rtnl.ProtoBIRD, d.b.t, routes)
			if err != nil {
				return busy, err
			}
			if bad == 0 {
				return busy, nil
			}
			busy = time.Now() // the dump took time; look again
		}
		if err := sleepCtx(ctx, 100*time.Millisecond); err != nil {
			return busy, err
		}
	}
	return busy, fmt.Errorf("bird: the table did not match the config within %v (log: %s)", limit, d.b.log())
}

// ipFib is ip -batch on the same routes (proto static).
type ipFib struct {
	ns *fibNS
	t  *fibTable
}

func (d *ipFib) proto() rtnl.RouteProtocol { return rtnl.ProtoStatic }
func (d *ipFib) close()                    {}

func (d *ipFib) restart(context.Context, []fibEntry, *fibWatch) (Result, error) {
	return Result{}, errFibSkip
}

func (d *ipFib) load(ctx context.Context, routes []fibEntry, _ *fibWatch) (Result, error) {
	var in bytes.Buffer
	for _, e := range routes {
		fmt.Fprintf(&in, "route add %s\n", d.t.ipRoute(e, d.ns.dev))
	}
	r, err := runIPBatch(ctx, d.ns.name, len(routes), in.Bytes())
	r.Note = "ip -batch: route add, an ack per route"
	return r, err
}

func (d *ipFib) apply(ctx context.Context, cs []fibChange, _ []fibEntry, _ *fibWatch, _ []time.Duration) (Result, error) {
	var in bytes.Buffer
	for _, c := range cs {
		if c.withdraw {
			fmt.Fprintf(&in, "route del %s proto static\n", c.e.prefix())
			continue
		}
		fmt.Fprintf(&in, "route replace %s\n", d.t.ipRoute(c.e, d.ns.dev))
	}
	r, err := runIPBatch(ctx, d.ns.name, len(cs), in.Bytes())
	r.Note = "ip -batch: route replace / del, an ack per route"
	return r, err
}

// down replaces the routes that move.
func (d *ipFib) down(ctx context.Context, _ int, cs []fibChange, after []fibEntry, w *fibWatch, issued []time.Duration) (Result, error) {
	return d.apply(ctx, cs, after, w, issued)
}

// runIPBatch times `ip -n ns -batch -` over stdin, with its CPU and
// peak RSS.
func runIPBatch(ctx context.Context, ns string, n int, stdin []byte) (Result, error) {
	cmd := exec.CommandContext(ctx, "ip", "-n", ns, "-batch", "-")
	cmd.Stdin = bytes.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return Result{}, fmt.Errorf("ip -batch: %w: %s", err, bytes.TrimSpace(out.Bytes()))
	}
	return childResult("", n, time.Since(start), cmd.ProcessState), nil
}

// fibSlash32 is phase a on the C sender's own routes: n /32s on peer 1,
// through nlroute's FIB and bench/cmnl's route_install, each in a
// namespace of its own.
func (e *env) fibSlash32(ctx context.Context, n int, emit func(Result)) error {
	const name = "fib/a-slash32"
	t := slash32Table(n)
	ns, err := newFibNS("nlroute32", e.o.nhCompat)
	if err != nil {
		return err
	}
	d, err := e.newFibDriver("nlroute", ns, t)
	if err == nil {
		ph := fibPhaser{e: e, ns: ns, d: d, t: t, tool: "nlroute", emit: emit}
		err = ph.load(ctx, name, t.routes)
		d.close()
	}
	ns.close()
	if err != nil && err != errFibSkip {
		return fmt.Errorf("nlroute: %w", err)
	}
	ns, err = newFibNS("c", e.o.nhCompat)
	if err != nil {
		return err
	}
	defer ns.close()
	e.bar.start(name + " (c)")
	defer e.bar.done()
	runs, err := e.c.run(ctx, "route_install", "--netns", netns.Dir+"/"+ns.name, "-n", fmt.Sprint(n),
		"--oif", fmt.Sprint(ns.oif), "--gw", fibPeer(0).String(), "--ack", "errors")
	if err != nil {
		return err
	}
	if bad, err := ns.verify(ctx, rtnl.ProtoStatic, t, t.routes); err != nil || bad != 0 {
		return fmt.Errorf("%s (c): a dump differs from the %d routes in %d (%v)", name, n, bad, err)
	}
	r := cResult(name, "inet", runs)
	r.Note = "route_install --ack errors: " + strings.TrimSpace(fmt.Sprintf("%d sends", runs[0].Sends))
	e.fibExtra(name, "c", fibExtra{changes: -1, nexthops: -1})
	emit(r)
	return nil
}
