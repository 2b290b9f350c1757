package main

import (
	"bufio"
	"context"
	"io"
	"os"

	"github.com/nlroute/nlroute/remote"
)

// The remote agent: `ipr [-n NETNS] agent` serves the requests of
// remote.Dial arriving on standard input, in the namespace it runs in (or
// NETNS), and writes the kernel's answers to standard output, as frames
// of package remote's agent protocol. It runs nothing
// but netlink requests: a frame that is not the protocol, or not
// well-formed netlink, ends it with exit status 1 and the reason on
// standard error. It ends with status 0 when its input closes.
//
//	ssh host ipr agent
//	ip netns exec blue ipr agent

// runAgent is `ipr agent`: it serves in and writes to out, flushing each
// frame through the session's writer.
func runAgent(ctx context.Context, inv invocation, in io.Reader, out *bufio.Writer) error {
	if inv.command != "" || len(inv.words) > 0 {
		return usagef("agent takes no arguments")
	}
	return remote.Serve(ctx, in, flushWriter{out}, inv.netns)
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
