package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// netns is a throwaway namespace driven through iproute2.
type netns struct {
	name string
	path string
}

// newNetNS creates the namespace name and brings its loopback up. The
// caller must call del, also on error paths.
func newNetNS(ctx context.Context, name string) (*netns, error) {
	if _, err := ip(ctx, "netns", "add", name); err != nil {
		return nil, err
	}
	ns := &netns{name: name, path: "/var/run/netns/" + name}
	if _, err := ns.ip(ctx, "link", "set", "lo", "up"); err != nil {
		ns.del()
		return nil, err
	}
	return ns, nil
}

// del removes the namespace. It ignores the caller's context so that it
// still runs after an interrupt.
func (ns *netns) del() error {
	_, err := ip(context.Background(), "netns", "del", ns.name)
	return err
}

// ip runs `ip -n NAME args...` and returns its standard output.
func (ns *netns) ip(ctx context.Context, args ...string) ([]byte, error) {
	return ip(ctx, append([]string{"-n", ns.name}, args...)...)
}

// batch runs lines through one `ip -n NAME -batch -`.
func (ns *netns) batch(ctx context.Context, lines []string) error {
	cmd := exec.CommandContext(ctx, "ip", "-n", ns.name, "-batch", "-")
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("ip -n %s -batch (%d lines): %w\n%s", ns.name, len(lines), err, out)
	}
	return nil
}

// settle waits until the bridge br, if any, forwards (STP has walked its
// port through listening and learning) and no address is tentative, so
// that a capture does not depend on how fast it ran.
func (ns *netns) settle(ctx context.Context, br string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		ready, why, err := ns.ready(ctx, br)
		if err != nil || ready {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("netns %s not settled after %v: %s", ns.name, timeout, why)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func (ns *netns) ready(ctx context.Context, br string) (bool, string, error) {
	if br != "" {
		out, err := ns.ip(ctx, "-j", "link", "show", "dev", br)
		if err != nil {
			return false, "", err
		}
		var links []struct {
			OperState string `json:"operstate"`
		}
		if err := json.Unmarshal(out, &links); err != nil {
			return false, "", err
		}
		if len(links) != 1 || links[0].OperState != "UP" {
			return false, br + " not forwarding yet", nil
		}
	}
	out, err := ns.ip(ctx, "-j", "addr", "show", "tentative")
	if err != nil {
		return false, "", err
	}
	var links []struct {
		Addrs []struct {
			Local string `json:"local"`
		} `json:"addr_info"`
	}
	if err := json.Unmarshal(out, &links); err != nil {
		return false, "", err
	}
	for _, l := range links {
		if len(l.Addrs) > 0 {
			return false, "address " + l.Addrs[0].Local + " still tentative", nil
		}
	}
	return true, "", nil
}

// ip runs iproute2's ip and returns its standard output; a failure's
// error holds the command line and its standard error.
func ip(ctx context.Context, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "ip", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("ip %s: %w: %s", strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	return stdout.Bytes(), nil
}
