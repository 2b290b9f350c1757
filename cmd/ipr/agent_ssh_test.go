//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/remote"
	"github.com/nlroute/nlroute/rtnl"
)

// The agent through a real sshd: Debian's openssh-server, started by the
// test on a loopback port with throwaway host and user keys. Without
// /usr/sbin/sshd the test skips, naming openssh-server; with
// NLTEST_PRIVILEGED=1 and NLTEST_SSHD=1 (CI, where make deps installs
// openssh-server) the skip is a failure instead.

const sshdPath = "/usr/sbin/sshd"

// testSSHD is an sshd of a test's own.
type testSSHD struct {
	dir  string   // the keys, the config, the remote TMPDIR
	args []string // ssh options that reach it as root@127.0.0.1
	out  *syncBuffer
}

// (syncBuffer, the sshd's output, is monitor_test.go's.)

// requireSSHD skips t without openssh-server's sshd or OpenSSH's client
// tools, and fails it instead when NLTEST_PRIVILEGED=1 and NLTEST_SSHD=1.
func requireSSHD(t *testing.T) {
	t.Helper()
	var missing []string
	if _, err := os.Stat(sshdPath); err != nil {
		missing = append(missing, sshdPath+" (openssh-server)")
	}
	for _, c := range []string{"ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(c); err != nil {
			missing = append(missing, c+" (openssh-client)")
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("needs OpenSSH: %s missing; apt-get install openssh-server", strings.Join(missing, ", "))
	if testutil.Privileged() && os.Getenv("NLTEST_SSHD") == "1" {
		t.Fatalf("%s (NLTEST_PRIVILEGED=1 and NLTEST_SSHD=1 require it)", msg)
	}
	t.Skip(msg)
}

// sshDialTimeout bounds one ssh dial of the tests. A key exchange in the
// VM lane's emulated guest takes ~10 s on an idle 2-core host and more
// under load (seen: 20 s was not enough there), so the bound is generous;
// a dial that works returns long before it.
const sshDialTimeout = 90 * time.Second

// startSSHD starts an sshd on a free loopback port that lets root in with
// a throwaway key, and stops it when t ends.
func startSSHD(t *testing.T) *testSSHD {
	t.Helper()
	requireSSHD(t)
	testutil.RequireRoot(t)
	s := &testSSHD{dir: t.TempDir(), out: &syncBuffer{}}
	for _, k := range []string{"host_key", "user_key"} {
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "nlroute-test",
			"-f", filepath.Join(s.dir, k)).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v\n%s", err, out)
		}
	}
	pub, err := os.ReadFile(filepath.Join(s.dir, "user_key.pub"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "authorized_keys"), pub, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(s.dir, "tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	// sshd's privilege separation directory.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	cfg := filepath.Join(s.dir, "sshd_config")
	conf := strings.Join([]string{
		"ListenAddress 127.0.0.1",
		"Port " + strconv.Itoa(port),
		"HostKey " + filepath.Join(s.dir, "host_key"),
		"AuthorizedKeysFile " + filepath.Join(s.dir, "authorized_keys"),
		"PermitRootLogin prohibit-password",
		"PubkeyAuthentication yes",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"StrictModes no",
		"UsePAM no",
		"PidFile " + filepath.Join(s.dir, "sshd.pid"),
		"AcceptEnv TMPDIR",
		"LogLevel ERROR",
	}, "\n") + "\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sshdPath, "-D", "-e", "-f", cfg)
	cmd.Stdout, cmd.Stderr = s.out, s.out
	// sshd and the session processes it forks share a process group, so
	// the clean-up kills them all; a session child that outlives the kill
	// would otherwise hold the output pipe open and Wait would never return
	// (seen under load). WaitDelay bounds that wait in any case.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		if t.Failed() {
			t.Logf("sshd said:\n%s", s.out)
		}
	})
	waitPort(t, port, exited, s.out)
	s.args = []string{"-F", "/dev/null", "-p", strconv.Itoa(port), "-i", filepath.Join(s.dir, "user_key"),
		"-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10"}
	return s
}

// freePort returns a loopback TCP port nobody listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitPort waits until the sshd accepts on port, failing t if it exits
// or takes ten seconds.
func waitPort(t *testing.T, port int, exited <-chan struct{}, out *syncBuffer) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-exited:
			t.Fatalf("sshd exited: %s", out)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("sshd does not accept on port %d: %v\n%s", port, err, out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// agentFiles lists the bootstrap's temporary files in dir.
func agentFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "ipr-agent.*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// waitNoAgentFiles waits up to five seconds for the far side's shell to
// remove its temporary files from dir (it does when the connection's
// end reaches it), and returns those left.
func waitNoAgentFiles(t *testing.T, dir string) []string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(agentFiles(t, dir)) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	return agentFiles(t, dir)
}

// TestAgentThroughSSHD: the agent scenario through a real sshd, by
// remote.Dial with a Command running `ip netns exec NS ipr agent` over
// ssh, and with a Host, finding ipr on the far side or copying it there.
func TestAgentThroughSSHD(t *testing.T) {
	s := startSSHD(t)
	bin := builtIPR(t)
	ipPath, err := exec.LookPath("ip")
	if err != nil {
		t.Fatal(err)
	}
	remoteTmp := filepath.Join(s.dir, "tmp")
	withTmp := append(append([]string(nil), s.args...), "-o", "SetEnv=TMPDIR="+remoteTmp)
	dial := func(t *testing.T, f func(ctx context.Context) (*rtnl.IPRoute, error)) *rtnl.IPRoute {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), sshDialTimeout)
		defer cancel()
		r, err := f(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}

	t.Run("Command ip netns exec", func(t *testing.T) {
		ns := testutil.NewNetNS(t)
		r := dial(t, func(ctx context.Context) (*rtnl.IPRoute, error) {
			argv := append([]string{"ssh", "-T", "-o", "BatchMode=yes"}, s.args...)
			argv = append(argv, "root@127.0.0.1", ipPath, "netns", "exec", ns.Name, bin, "agent")
			return remote.Dial(ctx, remote.Options{Command: argv})
		})
		defer r.Close()
		runAgentScenario(t, ns, r)
	})

	t.Run("Host found", func(t *testing.T) {
		ns := testutil.NewNetNS(t)
		r := dial(t, func(ctx context.Context) (*rtnl.IPRoute, error) {
			return remote.Dial(ctx, remote.Options{Host: "root@127.0.0.1", SSHArgs: withTmp, Remote: bin, NetNS: ns.Name})
		})
		defer r.Close()
		if f := agentFiles(t, remoteTmp); len(f) != 0 {
			t.Errorf("ipr was there, yet the bootstrap copied it: %v", f)
		}
		runAgentScenario(t, ns, r)
	})

	t.Run("Host copied", func(t *testing.T) {
		ns := testutil.NewNetNS(t)
		r := dial(t, func(ctx context.Context) (*rtnl.IPRoute, error) {
			return remote.Dial(ctx, remote.Options{Host: "root@127.0.0.1", SSHArgs: withTmp,
				Remote: "ipr-not-installed-nlroute-test", NetNS: ns.Name, AgentBinary: bin})
		})
		files := agentFiles(t, remoteTmp)
		if len(files) != 1 {
			r.Close()
			t.Fatalf("copied agents in the far side's TMPDIR: %v, want one", files)
		}
		want, _ := os.ReadFile(bin)
		if got, err := os.ReadFile(files[0]); err != nil || !bytes.Equal(got, want) {
			t.Errorf("the copy %s differs from %s (%d of %d bytes, %v)", files[0], bin, len(got), len(want), err)
		}
		runAgentScenario(t, ns, r)
		r.Close()
		if f := waitNoAgentFiles(t, remoteTmp); len(f) != 0 {
			t.Errorf("the copied agent was not removed after Close: %v", f)
		}
	})

	t.Run("Host errors", func(t *testing.T) {
		script := filepath.Join(t.TempDir(), "agent.sh")
		if err := os.WriteFile(script, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			o    remote.Options
			dest string
			want string
		}{
			{"no binary", remote.Options{SSHArgs: withTmp, Remote: "ipr-not-installed-nlroute-test"}, "root@127.0.0.1",
				"there is no agent binary to copy"},
			{"not ELF", remote.Options{SSHArgs: withTmp, Remote: "ipr-not-installed-nlroute-test", AgentBinary: script},
				"root@127.0.0.1", "not an ELF executable"},
			{"missing binary", remote.Options{SSHArgs: withTmp, AgentBinary: "/nonexistent/ipr"}, "root@127.0.0.1",
				"/nonexistent/ipr"},
			{"unknown user", remote.Options{SSHArgs: withTmp, Remote: bin}, "nosuchuser-nlroute@127.0.0.1",
				"Permission denied"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), sshDialTimeout)
				defer cancel()
				o := tc.o
				o.Host = tc.dest
				r, err := remote.Dial(ctx, o)
				if err == nil {
					r.Close()
					t.Fatal("Dial succeeded")
				}
				if ctx.Err() != nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %q, want %q", err, tc.want)
				}
				if f := waitNoAgentFiles(t, remoteTmp); len(f) != 0 {
					t.Errorf("left behind: %v", f)
				}
			})
		}
	})
}
