package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// ipInstall times `ip -batch` installing the same n routes, then removes
// them (untimed); its figures are workload's ip row.
func (e *env) ipInstall(ctx context.Context, workload string, n int, emit func(Result)) error {
	var in bytes.Buffer
	via := "via " + gateway.String()
	if e.o.family == "inet6" {
		via = "scope link"
	}
	for i := range n {
		fmt.Fprintf(&in, "route add %s %s dev nlb0 proto static\n", nthDst(e.o.family, i), via)
	}
	r, err := e.ipTimed(ctx, workload, n, in.Bytes(), "-batch", "-")
	if err != nil {
		return err
	}
	r.Family, r.Note = e.o.family, "ip -batch: an ack per route"
	emit(r)
	_, err = ipCmd("-n", e.ns, "-f", e.o.family, "route", "flush", "dev", "nlb0", "proto", "static")
	return err
}

// ipShow times `ip args` (a dump) over the n objects nlroute dumped;
// its output is read and discarded.
func (e *env) ipShow(ctx context.Context, name string, n int, emit func(Result), args ...string) error {
	r, err := e.ipTimed(ctx, name, n, nil, args...)
	if err != nil {
		return err
	}
	r.Family = e.o.family
	emit(r)
	return nil
}

// ipTimed runs `ip -n NS args` with stdin, reading its output, and
// returns its wall time and its own CPU time and peak RSS.
func (e *env) ipTimed(ctx context.Context, name string, n int, stdin []byte, args ...string) (Result, error) {
	e.bar.start(name + " (ip)")
	defer e.bar.done()
	cmd := exec.CommandContext(ctx, "ip", append([]string{"-n", e.ns}, args...)...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return Result{}, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Result{}, err
	}
	lines := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		lines++
	}
	io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		return Result{}, fmt.Errorf("ip %s: %w: %s", strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	r := childResult(name, n, time.Since(start), cmd.ProcessState)
	if stdin == nil {
		r.Note = fmt.Sprintf("%d lines", lines)
	}
	return r, nil
}
