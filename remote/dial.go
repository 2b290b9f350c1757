package remote

import (
	"context"
	"errors"
	"fmt"

	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/rtnl"
)

// Options say where the agent of [Dial] runs: exactly one of Command
// and Host is set. The other fields are for Host (ssh) only.
type Options struct {
	// Command is any command whose standard input and output reach an
	// `ipr agent` ([Serve]): {"ipr", "agent"} itself, {"sudo", "ipr",
	// "agent"}, {"ip", "netns", "exec", "blue", "ipr", "agent"},
	// {"ssh", "host", "ipr", "agent"}, {"kubectl", "exec", "-i", "pod",
	// "--", "ipr", "agent"}: pyroute2's ShellIPR. It runs as given;
	// choose the namespace in it (ipr's -n).
	Command []string

	// Host is ssh's destination ("user@host", a Host of ssh_config):
	// Dial runs ssh with a bootstrap that needs nothing installed on the
	// far side (pyroute2's RemoteIPRoute). When Remote is in the PATH
	// there, it runs `Remote [-n NetNS] agent`; when it is not, and there
	// is an agent binary (AgentBinary, or this program when its main
	// calls [MaybeServe]), it copies that over the same connection and
	// runs it.
	Host string

	// SSHArgs are more options for ssh, before the destination: "-p",
	// "2222", "-i", key, "-o", "StrictHostKeyChecking=no" …
	SSHArgs []string
	// SSHCommand is the ssh client to run; "" is "ssh" from the PATH.
	SSHCommand string
	// Remote is the agent command looked for on the far side; "" is
	// "ipr". A name is looked up in the PATH of the far side's
	// non-interactive shell; a path is used as it is.
	Remote string
	// NetNS is the namespace the agent serves (ipr's -n): a name under
	// /var/run/netns or a path on the far side; "" is the namespace the
	// ssh session runs in.
	NetNS string
	// AgentBinary is the executable copied to the far side when Remote
	// is not there: a static build of ipr (CGO_ENABLED=0), or of any
	// program whose main calls [MaybeServe], for the far side's
	// operating system and architecture (an ELF whose machine does not
	// match the far side's `uname -m` is refused before it is sent). ""
	// is this program's own executable when its main called MaybeServe,
	// and nothing otherwise: then a far side without Remote fails Dial
	// with an error saying so.
	AgentBinary string
}

// Dial starts the agent o describes and returns an IPRoute whose
// requests the agent runs in its namespace. Everything goes through the
// agent: requests, dumps, batches, errors with their extended-ack text,
// and notifications of the groups joined with Conn().JoinGroup and read
// with Conn().Events. What happens locally does not work remotely:
// tuntap creation (an ioctl), rtnl's Bind monitors (a socket of their
// own) and links naming a namespace by name (an open descriptor).
//
// ctx bounds the start only (DefaultTimeout when it has no deadline):
// for Host the bootstrap, the copy and the agent's hello together, for
// Command the hello. A command that is not an agent fails Dial with an
// error quoting what it said and the tail of its standard error; an
// agent that dies later fails the requests in flight and every later
// one with an error naming its exit status and standard error, never a
// hang. An agent that refuses (its policy, a limit of [ServeOptions])
// fails them with its reason ("agent refused: policy: … read-only …").
// An agent ends a connection that sent nothing for its idle timeout
// (15 minutes by default; `ipr agent idle-timeout=0` turns it off) while
// no group is joined, and the next request fails naming it. Close ends
// the agent (its input closes; it is killed if it lingers).
//
// For Host, ssh runs with -T and BatchMode=yes, so it fails instead of
// prompting; the far side needs a POSIX sh with command -v, head -c, wc,
// mktemp and uname, and the rights the requests need. Errors say which
// step failed: ssh itself (with its standard error), a far side without
// the agent and no binary to send, a binary for another machine, or an
// agent that did not greet.
func Dial(ctx context.Context, o Options) (*rtnl.IPRoute, error) {
	switch {
	case len(o.Command) > 0 && o.Host != "":
		return nil, errors.New("remote: dial: both Command and Host are set")
	case o.Host != "":
		return dialSSH(ctx, o)
	case len(o.Command) == 0:
		return nil, errors.New("remote: dial: neither Command nor Host is set")
	case len(o.SSHArgs) > 0 || o.SSHCommand != "" || o.Remote != "" || o.NetNS != "" || o.AgentBinary != "":
		return nil, errors.New("remote: dial: SSHArgs, SSHCommand, Remote, NetNS and AgentBinary are for Host; put them in Command")
	}
	t, err := startAgent(ctx, o.Command)
	if err != nil {
		return nil, fmt.Errorf("remote: dial %s: %w", o.Command[0], err)
	}
	return rtnl.New(ring.NewConn(t, ring.Config{})), nil
}
