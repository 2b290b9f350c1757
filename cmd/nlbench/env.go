package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/ring"
)

// env is where the workloads run: a namespace with a veth pair nlb0/nlb1
// up, and the options.
type env struct {
	o    options
	ns   string
	own  bool // created here: delete it at the end
	oif  uint32
	bar  *progress
	c    *cPeer              // --compare c: the built C programs
	rep  int                 // the run of -count under way, from 0
	fibX map[string]fibExtra // the fib workload's extras per workload and tool
}

// newEnv creates the throwaway namespace (or uses --netns) and the veth
// pair the routes go through.
func newEnv(o options, out io.Writer) (*env, error) {
	if _, err := exec.LookPath("ip"); err != nil {
		return nil, fmt.Errorf("nlbench: iproute2's ip is needed: %w", err)
	}
	e := &env{o: o, ns: o.netns, bar: newProgress(out, o.format != "table")}
	if o.compareC {
		c, err := buildC(context.Background())
		if err != nil {
			return nil, err
		}
		e.c = c
	}
	if e.ns == "" {
		e.ns, e.own = fmt.Sprintf("nlbench-%d", os.Getpid()), true
		if err := netns.Create(e.ns); err != nil {
			return nil, fmt.Errorf("nlbench: %w", err)
		}
	}
	err := e.batch("link set lo up", "link add nlb0 type veth peer name nlb1",
		"link set nlb0 up", "link set nlb1 up", "addr add 192.0.2.10/24 dev nlb0")
	if err != nil {
		e.close()
		return nil, err
	}
	out2, err := ipCmd("-n", e.ns, "-o", "link", "show", "dev", "nlb0")
	if err != nil {
		e.close()
		return nil, err
	}
	idx, _, _ := strings.Cut(out2, ":")
	n, err := strconv.Atoi(strings.TrimSpace(idx))
	if err != nil {
		e.close()
		return nil, fmt.Errorf("nlbench: index of nlb0 in %q: %w", out2, err)
	}
	e.oif = uint32(n)
	return e, nil
}

// close removes the namespace, or in a namespace of the user's what
// nlbench put there (the veth pair, and with it every route through it).
func (e *env) close() {
	e.c.close()
	if e.own {
		netns.Remove(e.ns)
		return
	}
	ipCmd("-n", e.ns, "link", "del", "nlb0")
	ipCmd("-n", e.ns, "nexthop", "flush")
}

// dial opens a Conn in the namespace.
func (e *env) dial(cfg ring.Config) (*ring.Conn, error) {
	cfg.NetNS = netns.Named(e.ns)
	return ring.Dial(cfg)
}

// batch runs ip commands in the namespace through one `ip -batch -`.
func (e *env) batch(lines ...string) error {
	cmd := exec.Command("ip", "-n", e.ns, "-batch", "-")
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("ip -n %s -batch: %w: %s", e.ns, err, bytes.TrimSpace(out))
	}
	return nil
}

// ipCmd runs ip and returns its output.
func ipCmd(args ...string) (string, error) {
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("ip %s: %w: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return string(out), nil
}

// drops returns the drops the kernel counted for the netlink sockets of
// the namespace with the given port ids: the Drops column of
// /proc/net/netlink, read from inside the namespace (the file lists the
// sockets of the reader's namespace).
func (e *env) drops(ports ...uint32) (uint64, error) {
	out, err := exec.Command("ip", "netns", "exec", e.ns, "cat", "/proc/net/netlink").Output()
	if err != nil {
		return 0, fmt.Errorf("read /proc/net/netlink in %s: %w", e.ns, err)
	}
	return parseNetlinkDrops(out, ports)
}

// parseNetlinkDrops sums the Drops column of /proc/net/netlink for the
// NETLINK_ROUTE sockets whose port id is in ports.
//
//	sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode
func parseNetlinkDrops(text []byte, ports []uint32) (uint64, error) {
	var total uint64
	sc := bufio.NewScanner(bytes.NewReader(text))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 10 || f[0] == "sk" || f[1] != "0" {
			continue
		}
		pid, err := strconv.ParseUint(f[2], 10, 32)
		if err != nil {
			return 0, fmt.Errorf("/proc/net/netlink: pid %q: %w", f[2], err)
		}
		for _, p := range ports {
			if uint32(pid) == p {
				d, err := strconv.ParseUint(f[8], 10, 64)
				if err != nil {
					return 0, fmt.Errorf("/proc/net/netlink: drops %q: %w", f[8], err)
				}
				total += d
			}
		}
	}
	return total, sc.Err()
}
