package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/remote"
	"github.com/nlroute/nlroute/wire"
)

// The remote agent: `ipr [-n NETNS] agent [OPTION…]` serves the
// requests of remote.Dial arriving on standard input, in the namespace
// it runs in (or NETNS), and writes the kernel's answers to standard
// output, as frames of package remote's agent protocol. It runs nothing
// but netlink requests: a frame that is not the protocol, not
// well-formed netlink, or not allowed by its policy, or a client that
// stalls, ends it with a refused frame to the client, exit status 1 and
// the reason on standard error. It ends with status 0 when its input
// closes. The options (remote.ServeOptions):
//
//	frame-timeout=DURATION  a frame's read (and write) deadline (30s; 0 none)
//	idle-timeout=DURATION   no frame this long, no group joined (15m; 0 none)
//	max-frame=BYTES         the largest client frame (8388608)
//	read-only               RTM_GET* requests only
//	allow=TYPE,TYPE…        only these message types (RTM_GETLINK, or a number)
//
//	ssh host ipr agent
//	ip netns exec blue ipr agent read-only idle-timeout=1m

// runAgent is `ipr agent`: it serves in and writes to out, flushing each
// frame through the session's writer.
func runAgent(ctx context.Context, inv invocation, in io.Reader, out *bufio.Writer) error {
	words := inv.words
	if inv.command != "" {
		words = append([]string{inv.command}, words...)
	}
	o, err := agentOptions(words)
	if err != nil {
		return err
	}
	o.NetNS = inv.netns
	return remote.Serve(ctx, in, flushWriter{out}, o)
}

// agentOptions parses the agent's options; a mistake is a usage error
// naming the word and the rule.
func agentOptions(words []string) (remote.ServeOptions, error) {
	var o remote.ServeOptions
	for _, w := range words {
		k, v, hasValue := strings.Cut(w, "=")
		var err error
		switch k {
		case "read-only":
			if hasValue {
				return o, usagef("agent option %q: read-only takes no value", w)
			}
			o.ReadOnly = true
			continue
		case "frame-timeout", "idle-timeout":
			var d time.Duration
			if d, err = time.ParseDuration(v); err == nil && d < 0 {
				err = errors.New("a duration of 0 (none) or more")
			}
			if d == 0 {
				d = -1 // none: ServeOptions' zero is the default
			}
			if k == "frame-timeout" {
				o.FrameTimeout = d
			} else {
				o.IdleTimeout = d
			}
		case "max-frame":
			if o.MaxFrame, err = strconv.Atoi(v); err == nil && (o.MaxFrame < 16 || o.MaxFrame > 8<<20) {
				err = errors.New("bytes from 16 (a netlink header) to 8388608")
			}
		case "allow":
			o.Allow, err = agentAllowList(v)
		default:
			return o, usagef("agent option %q: unknown; the options are frame-timeout=, idle-timeout=, max-frame=, read-only, allow=", w)
		}
		if err == nil && !hasValue {
			err = errors.New("a value after =")
		}
		if err != nil {
			return o, usagef("agent option %q: %s needs %v", w, k, err)
		}
	}
	return o, nil
}

// agentAllowList parses "RTM_GETLINK,RTM_GETROUTE,20" into types.
func agentAllowList(v string) ([]wire.MsgType, error) {
	names := map[string]wire.MsgType{}
	for _, s := range codec.Schemas() {
		for _, e := range s.Events {
			names[e.Name] = e.Type
		}
	}
	ts := []wire.MsgType{}
	for _, f := range strings.Split(v, ",") {
		if t, ok := names[strings.ToUpper(f)]; ok {
			ts = append(ts, t)
			continue
		}
		n, err := strconv.ParseUint(f, 10, 16)
		if err != nil || n < 16 {
			return nil, fmt.Errorf("message types (RTM_GETLINK, or a number from 16); %q is neither", f)
		}
		ts = append(ts, wire.MsgType(n))
	}
	return ts, nil
}

// agentStdin is where `ipr agent` reads frames from.
var agentStdin io.Reader = os.Stdin

// flushWriter flushes a bufio.Writer after every write: the agent's
// frames must reach the client at once.
type flushWriter struct{ w *bufio.Writer }

func (f flushWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err == nil {
		err = f.w.Flush()
	}
	return n, err
}
