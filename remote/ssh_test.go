//go:build linux

package remote

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
)

// TestServeAgentMainArgs: MaybeServe's agent takes ipr's agent
// command line only.
func TestServeAgentMainArgs(t *testing.T) {
	for _, args := range [][]string{nil, {"agent", "x"}, {"-n", "agent"}, {"-x", "ns", "agent"}, {"link"}} {
		var out, errw bytes.Buffer
		if code := serveAgentMain(context.Background(), args, strings.NewReader(""), &out, &errw); code != 2 ||
			!strings.Contains(errw.String(), "not [-n NETNS] agent") || out.Len() != 0 {
			t.Errorf("%q: status %d, stderr %q, stdout %q", args, code, errw.String(), out.String())
		}
	}
}

// TestShellQuote: words survive a POSIX shell.
func TestShellQuote(t *testing.T) {
	for _, w := range []string{"", "a b", "it's", `"$HOME"`, "'; rm -rf /; '", "a\nb"} {
		out, err := exec.Command("sh", "-c", "printf %s "+shellQuote(w)).Output()
		if err != nil || string(out) != w {
			t.Errorf("%q came back as %q (%v)", w, out, err)
		}
	}
}

// TestDialSSHBootstrap runs Dial's ssh bootstrap through a stand-in
// for ssh that runs the remote command locally: a program whose main
// calls MaybeServe is copied (the far side has no ipr), serves the
// namespace, and its copy is removed when the connection closes. The
// real-sshd test is cmd/ipr's TestAgentThroughSSHD.
func TestDialSSHBootstrap(t *testing.T) {
	ns := testutil.NewNetNS(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "agentmain")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/agentmain").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "agent").Output(); err != nil || !strings.Contains(string(out), "not started as an agent") {
		t.Fatalf("agentmain without NLROUTE_AGENT: %q, %v", out, err)
	}
	remoteTmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(remoteTmp, 0o700); err != nil {
		t.Fatal(err)
	}
	fakeSSH := filepath.Join(dir, "ssh")
	script := "#!/bin/sh\nfor a; do last=$a; done\nTMPDIR=" + shellQuote(remoteTmp) + " exec sh -c \"$last\"\n"
	if err := os.WriteFile(fakeSSH, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	copies := func() []string {
		m, _ := filepath.Glob(filepath.Join(remoteTmp, "ipr-agent.*"))
		return m
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r, err := Dial(ctx, Options{Host: "far", SSHCommand: fakeSSH, Remote: "ipr-not-installed-nlroute-test", NetNS: ns.Name, AgentBinary: bin})
	if err != nil {
		t.Fatal(err)
	}
	if c := copies(); len(c) != 1 {
		t.Errorf("copies on the far side: %v, want one", c)
	}
	if err := r.LinkAdd(ctx, rtnl.Link{Name: "brboot", Info: rtnl.Bridge{}}); err != nil {
		t.Error(err)
	}
	if links, err := r.GetLinks(ctx, rtnl.Match{"ifname": "brboot"}); err != nil || len(links) != 1 {
		t.Errorf("brboot through the copied agent: %d links, %v", len(links), err)
	}
	ns.IfIndex(t, "brboot")
	r.Close()
	deadline := time.Now().Add(5 * time.Second)
	for len(copies()) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if c := copies(); len(c) != 0 {
		t.Errorf("copies left after Close: %v", c)
	}

	// Without a binary to send, the error says what to do.
	_, err = Dial(ctx, Options{Host: "far", SSHCommand: fakeSSH, Remote: "ipr-not-installed-nlroute-test"})
	if err == nil || !strings.Contains(err.Error(), "MaybeServe") {
		t.Errorf("no binary: %v", err)
	}
}
