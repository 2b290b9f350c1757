package remote

import (
	"bufio"
	"context"
	"debug/elf"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// dialSSH is Dial through `ssh -T -o BatchMode=yes [SSHArgs…] Host`,
// running a small sh(1) bootstrap there instead of the agent itself
// (pyroute2's "no deployment required"): when the command Remote ("ipr")
// is found, the bootstrap runs `Remote [-n NetNS] agent`; when it is not,
// it asks for the agent binary, dialSSH sends the length and then the
// bytes of AgentBinary on ssh's standard input (the agent protocol
// follows on the same stream: the agent speaks first, so nothing else is
// sent until it has started), and the bootstrap stores it in a file of
// mktemp(1) under the far side's $TMPDIR (/tmp by default; it must allow
// execution), makes it executable, runs it as the agent with
// NLROUTE_AGENT=1 in its environment, and removes the file when the
// agent exits (the connection closed), or when the bootstrap is
// interrupted.
func dialSSH(ctx context.Context, o Options) (*rtnl.IPRoute, error) {
	dest := o.Host
	sshCmd := o.SSHCommand
	if sshCmd == "" {
		sshCmd = "ssh"
	}
	remote := o.Remote
	if remote == "" {
		remote = "ipr"
	}
	bin := o.AgentBinary
	if bin == "" && agentCapable.Load() {
		if exe, err := os.Executable(); err == nil {
			bin = exe
		}
	}
	var size int64
	if bin != "" {
		fi, err := os.Stat(bin)
		if err != nil {
			return nil, fmt.Errorf("remote: dial ssh %s: agent binary: %w", dest, err)
		}
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("remote: dial ssh %s: agent binary %s is not a regular file", dest, bin)
		}
		size = fi.Size()
	}
	argv := append([]string{sshCmd, "-T", "-o", "BatchMode=yes"}, o.SSHArgs...)
	argv = append(argv, "--", dest, sshBootCommand(remote, o.NetNS, size))
	b := &sshBoot{bin: bin, size: size, remote: remote}
	t, err := startAgentBoot(ctx, argv, b.run)
	if err != nil {
		return nil, fmt.Errorf("remote: dial ssh %s: %w", dest, err)
	}
	return rtnl.New(ring.NewConn(t, ring.Config{})), nil
}

// agentCapable records that this program's main called MaybeServe, so
// that its own executable can serve as the agent Dial copies.
var agentCapable atomic.Bool

// sshBootScript is the bootstrap dialSSH runs on the far side with
// sh -c, as: sh -c SCRIPT nlroute-agent REMOTE SIZE NETNS. It greets with
// a line "NLRBOOT run" before it execs the agent it found, or "NLRBOOT
// send SYSTEM MACHINE" (uname -sm) when it needs the binary, which it
// then reads with head -c SIZE.
const sshBootScript = `set -u
if [ -n "$3" ]; then set -- "$1" "$2" -n "$3"; else set -- "$1" "$2"; fi
if command -v "$1" >/dev/null 2>&1; then
	echo "NLRBOOT run"
	r=$1; shift 2
	exec "$r" "$@" agent
fi
echo "NLRBOOT send $(uname -s) $(uname -m)"
[ "$2" -gt 0 ] || { echo "$1 not found on the far side, and no agent binary was sent" >&2; exit 127; }
umask 077
f=$(mktemp "${TMPDIR:-/tmp}/ipr-agent.XXXXXXXX") || exit 126
trap 'rm -f "$f"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 141' PIPE
head -c "$2" > "$f"
n=$(wc -c < "$f")
[ "$n" -eq "$2" ] || { rm -f "$f"; echo "agent binary cut short: $n of $2 bytes" >&2; exit 126; }
chmod 700 "$f"
shift 2
NLROUTE_AGENT=1 "$f" "$@" agent
`

// sshBootCommand is the command line ssh runs on the far side: the
// bootstrap and its arguments, quoted for the far side's shell.
func sshBootCommand(remote, netns string, size int64) string {
	return strings.Join([]string{"sh", "-c", shellQuote(sshBootScript),
		"nlroute-agent", shellQuote(remote), strconv.FormatInt(size, 10), shellQuote(netns)}, " ")
}

// shellQuote quotes s as one word for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// sshBoot is the near side of the bootstrap.
type sshBoot struct {
	bin    string
	size   int64
	remote string
}

// maxBootNoise bounds what the far side may print before the bootstrap's
// line (a login script's chatter) before it is taken for not speaking.
const maxBootNoise = 64 << 10

// run reads the bootstrap's line and, when it asks for the binary,
// checks the binary against the far side's machine and sends it.
func (b *sshBoot) run(stdin io.Writer, stdout *bufio.Reader) error {
	var seen int
	for {
		line, err := stdout.ReadString('\n')
		seen += len(line)
		if err != nil {
			return fmt.Errorf("bootstrap: no answer from the far side (after %d bytes): %w", seen, err)
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "NLRBOOT" && f[1] == "run":
			return nil
		case len(f) == 4 && f[0] == "NLRBOOT" && f[1] == "send":
			return b.send(stdin, f[2], f[3])
		}
		if seen > maxBootNoise {
			return fmt.Errorf("bootstrap: no answer from the far side in its first %d bytes", seen)
		}
	}
}

// send sends the agent binary for a far side of system sys and machine
// mach (uname -s, uname -m).
func (b *sshBoot) send(stdin io.Writer, sys, mach string) error {
	if b.bin == "" {
		return fmt.Errorf("bootstrap: %s is not on the far side (%s %s), and there is no agent binary to copy: set Options.AgentBinary, or call remote.MaybeServe in main", b.remote, sys, mach)
	}
	if err := checkAgentMachine(b.bin, sys, mach); err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	f, err := os.Open(b.bin)
	if err != nil {
		return fmt.Errorf("bootstrap: agent binary: %w", err)
	}
	defer f.Close()
	n, err := io.Copy(stdin, io.LimitReader(f, b.size))
	if err == nil && n != b.size {
		err = fmt.Errorf("%s shrank to %d bytes while sent", b.bin, n)
	}
	if err != nil {
		return fmt.Errorf("bootstrap: send the agent binary: %w", err)
	}
	return nil
}

// elfMachines maps ELF machines to the `uname -m` names of Linux for
// them (a name's prefix for the 32-bit families).
var elfMachines = map[elf.Machine][]string{
	elf.EM_X86_64:    {"x86_64"},
	elf.EM_386:       {"i386", "i486", "i586", "i686"},
	elf.EM_AARCH64:   {"aarch64", "arm64"},
	elf.EM_ARM:       {"arm"},
	elf.EM_RISCV:     {"riscv64"},
	elf.EM_PPC64:     {"ppc64"},
	elf.EM_S390:      {"s390x"},
	elf.EM_MIPS:      {"mips"},
	elf.EM_LOONGARCH: {"loongarch64"},
}

// checkAgentMachine refuses an ELF binary that cannot run on a far side
// of system sys and machine mach, and a binary that is not ELF for a
// Linux far side. Machines it does not know pass.
func checkAgentMachine(bin, sys, mach string) error {
	f, err := elf.Open(bin)
	if err != nil {
		if sys == "Linux" {
			return fmt.Errorf("agent binary %s is not an ELF executable for the far side (%s %s): %w", bin, sys, mach, err)
		}
		return nil
	}
	defer f.Close()
	if sys != "Linux" {
		return fmt.Errorf("agent binary %s is a %v ELF; the far side runs %s, not Linux", bin, f.Machine, sys)
	}
	names, ok := elfMachines[f.Machine]
	if !ok {
		return nil
	}
	for _, n := range names {
		if strings.HasPrefix(mach, n) {
			return nil
		}
	}
	return fmt.Errorf("agent binary %s is for %v; the far side is %s", bin, f.Machine, mach)
}
