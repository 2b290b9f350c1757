package main

// BIRD 2 as a fib peer (--compare bird): a real route daemon, started in
// its namespace with a static protocol holding the routes and a kernel
// protocol exporting them, reconfigured (birdc configure) for the churn
// and the peer going down, restarted for the restart phase.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// birdBin and birdcBin are Debian's bird2 (make deps installs it).
const (
	birdBin  = "/usr/sbin/bird"
	birdcBin = "/usr/sbin/birdc"
)

// birdDaemon is one BIRD process in a namespace, with its files in dir.
type birdDaemon struct {
	ns   *fibNS
	t    *fibTable
	dir  string
	sock string
	cmd  *exec.Cmd
	pid  int
	gen  int // config files written
	exit chan error
}

func newBird(ns *fibNS, t *fibTable) (*birdDaemon, error) {
	for _, b := range []string{birdBin, birdcBin} {
		if _, err := os.Stat(b); err != nil {
			return nil, fmt.Errorf("--compare bird needs BIRD 2 (Debian: apt-get install bird2, or make deps): %w", err)
		}
	}
	dir, err := os.MkdirTemp("", "nlbench-bird-")
	if err != nil {
		return nil, err
	}
	return &birdDaemon{ns: ns, t: t, dir: dir, sock: filepath.Join(dir, "bird.ctl")}, nil
}

// writeConf writes a config holding routes and returns its file. The
// kernel protocol exports everything to the main table and learns
// nothing; persist leaves the routes in the kernel when BIRD stops, as a
// daemon restarting without a forwarding blip wants (BIRD then adopts or
// replaces them on its next start).
func (b *birdDaemon) writeConf(routes []fibEntry) (string, error) {
	b.gen++
	file := filepath.Join(b.dir, fmt.Sprintf("bird%d.conf", b.gen))
	f, err := os.Create(file)
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintf(w, "router id %s;\nlog %q { warning, error, fatal, bug };\n", fibLocal, filepath.Join(b.dir, "bird.log"))
	fmt.Fprintf(w, "protocol device { }\n")
	fmt.Fprintf(w, "protocol kernel kernel1 {\n\tipv4 { import none; export all; };\n\tlearn off;\n\tpersist;\n}\n")
	fmt.Fprintf(w, "protocol static static1 {\n\tipv4;\n")
	for _, e := range routes {
		w.WriteString("\t")
		w.WriteString(b.t.birdRoute(e))
	}
	w.WriteString("}\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return "", err
	}
	return file, f.Close()
}

// start starts BIRD in the foreground inside the namespace on conf.
func (b *birdDaemon) start(conf string) error {
	pidFile := filepath.Join(b.dir, "bird.pid")
	os.Remove(pidFile)
	b.cmd = exec.Command("ip", "netns", "exec", b.ns.name, birdBin, "-f", "-c", conf, "-s", b.sock, "-P", pidFile)
	var errOut bytes.Buffer
	b.cmd.Stdout, b.cmd.Stderr = &errOut, &errOut
	if err := b.cmd.Start(); err != nil {
		return fmt.Errorf("bird: %w", err)
	}
	// ip netns exec enters the namespace and execs bird in its own
	// process, so the child's pid is BIRD's.
	b.pid = b.cmd.Process.Pid
	b.exit = make(chan error, 1)
	go func() {
		err := b.cmd.Wait()
		if err != nil {
			err = fmt.Errorf("bird exited: %w: %s", err, bytes.TrimSpace(errOut.Bytes()))
		}
		b.exit <- err
	}()
	return nil
}

// birdc runs one birdc command and returns its output.
func (b *birdDaemon) birdc(ctx context.Context, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, birdcBin, append([]string{"-s", b.sock}, args...)...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("birdc %s: %w: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return string(out), nil
}

// configure points BIRD at a new config (birdc configure "FILE").
func (b *birdDaemon) configure(ctx context.Context, conf string) error {
	out, err := b.birdc(ctx, "configure", strconv.Quote(conf))
	if err == nil && !strings.Contains(out, "Reconfigur") {
		err = fmt.Errorf("birdc configure %s: %s", conf, strings.TrimSpace(out))
	}
	return err
}

var exportedRE = regexp.MustCompile(`Routes:\s+\d+ imported, (\d+) exported`)

// exported waits until BIRD answers and its kernel protocol has exported
// n routes, and returns when. An exited BIRD is an error.
func (b *birdDaemon) exported(ctx context.Context, n int, limit time.Duration) error {
	end := time.Now().Add(limit)
	for {
		select {
		case err := <-b.exit:
			b.exit <- err
			if err == nil {
				err = errors.New("bird exited")
			}
			return err
		default:
		}
		if out, err := b.birdc(ctx, "show", "protocols", "all", "kernel1"); err == nil {
			if m := exportedRE.FindStringSubmatch(out); m != nil && m[1] == strconv.Itoa(n) {
				return nil
			}
		}
		if time.Now().After(end) {
			return fmt.Errorf("bird: kernel protocol did not export %d routes within %v (log: %s)", n, limit, b.log())
		}
		if err := sleepCtx(ctx, 100*time.Millisecond); err != nil {
			return err
		}
	}
}

func (b *birdDaemon) log() string {
	out, _ := os.ReadFile(filepath.Join(b.dir, "bird.log"))
	return strings.TrimSpace(string(out))
}

// stop stops BIRD (birdc down) and waits for it; with persist the
// kernel keeps the routes.
func (b *birdDaemon) stop(ctx context.Context) error {
	if b.cmd == nil {
		return nil
	}
	b.birdc(ctx, "down")
	select {
	case <-b.exit:
	case <-time.After(60 * time.Second):
		b.cmd.Process.Kill()
		<-b.exit
	}
	b.cmd = nil
	return nil
}

func (b *birdDaemon) close() {
	b.stop(context.Background())
	os.RemoveAll(b.dir)
}

// procCPU is a process's user and system CPU time so far, from
// /proc/PID/stat (in clock ticks of 10 ms: fine for phases of seconds).
func procCPU(pid int) (cpuTime, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return cpuTime{}, err
	}
	// The command name (2nd field) is in parentheses and may hold spaces.
	_, rest, ok := strings.Cut(string(raw), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return cpuTime{}, fmt.Errorf("/proc/%d/stat: %q", pid, raw)
	}
	// utime and stime are fields 14 and 15 of the file, 12 and 13 after the name.
	u, err1 := strconv.ParseUint(f[11], 10, 64)
	s, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return cpuTime{}, fmt.Errorf("/proc/%d/stat: utime %q stime %q", pid, f[11], f[12])
	}
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	return cpuTime{user: time.Duration(u) * tick, sys: time.Duration(s) * tick}, nil
}

// procPeakRSS is VmHWM of a process; resetPeakRSS sets it back to its
// current RSS (clear_refs 5).
func procPeakRSS(pid int) uint64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	return parseVmHWM(b)
}

func resetPeakRSS(pid int) {
	os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
