//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/remote"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

var (
	iprBinOnce sync.Once
	iprBin     string
	iprBinErr  error
	iprBinDir  string
)

// builtIPR builds this command once per test process, into a temporary
// directory removed when the process's tests end.
func builtIPR(t *testing.T) string {
	t.Helper()
	iprBinOnce.Do(func() {
		iprBinDir, iprBinErr = os.MkdirTemp("", "ipr-agent-test")
		if iprBinErr != nil {
			return
		}
		iprBin = filepath.Join(iprBinDir, "ipr")
		out, err := exec.Command("go", "build", "-o", iprBin, ".").CombinedOutput()
		if err != nil {
			iprBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if iprBinErr != nil {
		t.Fatal(iprBinErr)
	}
	return iprBin
}

// dialAgent dials an agent running in ns through ip netns exec.
func dialAgent(t *testing.T, ns *testutil.NetNS) *rtnl.IPRoute {
	t.Helper()
	bin := builtIPR(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := remote.Dial(ctx, remote.Options{Command: []string{"ip", "netns", "exec", ns.Name, bin, "agent"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestAgentScenario: links, addresses and routes made through an agent
// in a throwaway namespace, dumped back through it and compared with
// iproute2's view; errors, batches and notifications pass through too.
func TestAgentScenario(t *testing.T) {
	ns := testutil.NewNetNS(t)
	runAgentScenario(t, ns, dialAgent(t, ns))
}

func compareSets(t *testing.T, what string, got, want []string) {
	t.Helper()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s through the agent:\n %v\nip says:\n %v", what, got, want)
	}
}

// TestAgentRefusesGarbage: the agent fed garbage, or a frame that is not
// netlink, exits 1 at once with the reason; it runs nothing.
func TestAgentRefusesGarbage(t *testing.T) {
	bin := builtIPR(t)
	frame := func(kind byte, p []byte) []byte {
		h := binary.BigEndian.AppendUint32(nil, uint32(len(p)))
		return append(append(h, kind, 0, 0, 0), p...)
	}
	shellish := append(binary.NativeEndian.AppendUint32(nil, 20), []byte("rm -rf /tmp/whatever")...)
	for _, tc := range []struct {
		name  string
		input []byte
		want  string
	}{
		{"text", []byte("rm -rf / --no-preserve-root\n"), "bad frame header"},
		{"oversize", frame(2, nil)[:4:4], "inside a frame header"},
		{"huge length", append(binary.BigEndian.AppendUint32(nil, 1<<30), 2, 0, 0, 0), "exceeds the limit"},
		{"not netlink", frame(2, shellish), "is not a request"},
		{"lying length", frame(2, append(binary.NativeEndian.AppendUint32(nil, 400), make([]byte, 28)...)), "malformed netlink"},
		{"short", frame(2, []byte("ls")), "shorter than a netlink header"},
		{"unknown kind", frame(1, nil), "does not send frames of kind 1"},
		{"truncated payload", frame(2, make([]byte, 64))[:40], "unexpected EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "agent")
			cmd.Stdin = bytes.NewReader(tc.input)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatal("the agent hung on garbage")
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), tc.want) {
				t.Fatalf("exit %v, stderr %q; want status 1 and %q", err, stderr.String(), tc.want)
			}
			if tc.name != "huge length" && !bytes.Contains(stdout.Bytes(), []byte(tc.want)) {
				t.Errorf("no refused frame with the reason on stdout: %q", stdout.Bytes())
			}
		})
	}
}

// TestDialCommandNotAgent: a command that is not an agent, or dies,
// fails remote.Dial at once with what it said.
func TestDialCommandNotAgent(t *testing.T) {
	for _, tc := range []struct {
		argv []string
		want []string
	}{
		{[]string{"sh", "-c", "echo hello there; sleep 3"}, []string{"not an nlroute agent", "hello th"}},
		{[]string{"sh", "-c", "echo no such ipr >&2; exit 3"}, []string{"exit status 3", "no such ipr"}},
		{[]string{"/nonexistent/ipr", "agent"}, []string{"/nonexistent/ipr"}},
		{[]string{"sh", "-c", "printf 'NLRA'"}, []string{"inside a frame header"}},
	} {
		t.Run(tc.argv[len(tc.argv)-1], func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			start := time.Now()
			r, err := remote.Dial(ctx, remote.Options{Command: tc.argv})
			if err == nil {
				r.Close()
				t.Fatal("Dial succeeded")
			}
			if ctx.Err() != nil || time.Since(start) > 5*time.Second {
				t.Fatalf("took %v: %v", time.Since(start), err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestAgentKilledMidDump: an agent killed while a dump waits, or whose
// stream is cut inside a dump, fails the dump with a clear error, and
// every later request too; nothing hangs.
func TestAgentKilledMidDump(t *testing.T) {
	ns := testutil.NewNetNS(t)
	var lines []string
	for i := range 100 {
		lines = append(lines, fmt.Sprintf("link add kb%d type bridge", i))
	}
	ns.Batch(t, lines...)
	bin := builtIPR(t)

	t.Run("killed", func(t *testing.T) {
		pidFile := filepath.Join(t.TempDir(), "pid")
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		r, err := remote.Dial(ctx, remote.Options{Command: []string{"sh", "-c", `echo $$ > "$0"; exec ip netns exec "$1" "$2" agent`, pidFile, ns.Name, bin}})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		data, err := os.ReadFile(pidFile)
		if err != nil {
			t.Fatal(err)
		}
		pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
		syscall.Kill(pid, syscall.SIGSTOP)
		done := make(chan error, 1)
		go func() {
			_, err := r.GetLinks(ctx)
			done <- err
		}()
		time.Sleep(200 * time.Millisecond)
		syscall.Kill(pid, syscall.SIGKILL)
		select {
		case err := <-done:
			if err == nil || ctx.Err() != nil || !strings.Contains(err.Error(), "agent") {
				t.Fatalf("dump after the agent died: %v", err)
			}
			t.Logf("dump: %v", err)
		case <-time.After(10 * time.Second):
			t.Fatal("the dump hung after the agent was killed")
		}
		if _, err := r.GetLinks(ctx); err == nil || ctx.Err() != nil || !strings.Contains(err.Error(), "agent exited") {
			t.Errorf("a later dump: %v", err)
		}
		if err := r.LinkSet(ctx, rtnl.Link{Name: "kb1", MTU: 1400}); err == nil || ctx.Err() != nil {
			t.Errorf("a later request: %v", err)
		}
	})

	t.Run("cut", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		r, err := remote.Dial(ctx, remote.Options{Command: []string{"sh", "-c", `ip netns exec "$0" "$1" agent | dd bs=1 count=6000 status=none`, ns.Name, bin}})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		links, err := r.GetLinks(ctx)
		if err == nil || ctx.Err() != nil {
			t.Fatalf("cut dump: %d links, %v; want an error", len(links), err)
		}
		t.Logf("cut dump: %v", err)
	})
}

// TestAgentReadOnlyThroughDial: `ipr agent read-only` serves a dump,
// and a write through remote.Dial fails with the agent's reason; the
// link is not changed.
func TestAgentReadOnlyThroughDial(t *testing.T) {
	ns := testutil.NewNetNS(t)
	bin := builtIPR(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := remote.Dial(ctx, remote.Options{Command: []string{"ip", "netns", "exec", ns.Name, bin, "agent", "read-only", "idle-timeout=1m"}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.GetLinks(ctx); err != nil {
		t.Fatalf("a dump through a read-only agent: %v", err)
	}
	err = r.LinkSet(ctx, rtnl.Link{Name: "lo", MTU: 1300})
	if err == nil || !strings.Contains(err.Error(), "agent refused") || !strings.Contains(err.Error(), "read-only") ||
		!strings.Contains(err.Error(), "LINK)") {
		t.Fatalf("LinkSet through a read-only agent: %v; want the refusal naming read-only and the type", err)
	}
	t.Logf("LinkSet: %v", err)
	if _, err := r.GetLinks(ctx); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("a request after the refusal: %v, want the refusal again", err)
	}
	if out := ns.Run(t, "link", "show", "lo"); strings.Contains(out, "mtu 1300") {
		t.Errorf("the link was changed: %s", out)
	}
}

// TestAgentOptions: ipr agent's words, and mistakes named.
func TestAgentOptions(t *testing.T) {
	o, err := agentOptions([]string{"read-only", "frame-timeout=2s", "idle-timeout=0", "max-frame=4096", "allow=RTM_GETLINK,rtm_getroute,20"})
	if err != nil || !o.ReadOnly || o.FrameTimeout != 2*time.Second || o.IdleTimeout >= 0 || o.MaxFrame != 4096 ||
		!slices.Equal(o.Allow, []wire.MsgType{18, 26, 20}) {
		t.Fatalf("agentOptions = %+v, %v", o, err)
	}
	for _, tc := range []struct{ word, want string }{
		{"frame-timeout=fast", `"frame-timeout=fast": frame-timeout needs`},
		{"idle-timeout=-1s", "0 (none) or more"},
		{"max-frame=8", "from 16"},
		{"allow=RTM_BOGUS", `"RTM_BOGUS" is neither`},
		{"allow=3", `"3" is neither`},
		{"read-only=yes", "takes no value"},
		{"readonly", "unknown"},
		{"idle-timeout", "needs"},
	} {
		_, err := agentOptions([]string{tc.word})
		if err == nil || !isUsage(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("agentOptions(%q) = %v, want a usage error with %q", tc.word, err, tc.want)
		}
	}
}
