package netns

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/nlroute/nlroute/internal/sys"
)

// Dir is where `ip netns add` binds named network namespaces, and where
// [Named], [Create], [Remove] and [List] look for them.
const Dir = "/var/run/netns"

// NS names a network namespace. The zero value is the caller's own
// namespace. An NS is a plain value: it holds no descriptor and needs no
// closing.
type NS struct{ ns sys.NetNS }

// Named names the namespace `ip netns add NAME` created, bound at
// Dir/NAME.
func Named(name string) NS { return Path(Dir + "/" + name) }

// Path names the namespace bound at path ("/var/run/netns/NAME",
// "/proc/PID/ns/net").
func Path(path string) NS { return NS{sys.NetNSPath(path)} }

// FD names the namespace of the open descriptor fd, which the caller
// keeps open while the NS is in use.
func FD(fd int) NS { return NS{sys.NetNSFD(fd)} }

// PID names the network namespace of process pid (/proc/PID/ns/net).
func PID(pid int) NS { return NS{sys.NetNSPID(pid)} }

// Of reads the string form of a namespace that rtnl.Config.NetNS and
// `ipr -n` take: "" is the caller's namespace, a value containing a slash
// is a [Path], anything else a name under Dir ([Named]).
func Of(ref string) NS {
	switch {
	case ref == "":
		return NS{}
	case strings.ContainsRune(ref, '/'):
		return Path(ref)
	}
	return Named(ref)
}

// IsCurrent reports whether ns is the zero NS, the caller's namespace.
func (ns NS) IsCurrent() bool { return ns.ns.IsCurrent() }

// String describes ns for messages: "current", "path /var/run/netns/x",
// "fd 7" or "pid 42".
func (ns NS) String() string { return ns.ns.String() }

// Do runs fn with its OS thread inside ns and returns fn's error. For
// the zero NS fn runs directly in the caller's goroutine. Otherwise fn
// runs in a new goroutine locked to its OS thread, which enters ns with
// setns(2), runs fn and returns to its original namespace; if it cannot
// return, the goroutine exits still locked and the runtime discards the
// thread. The caller's thread never changes namespace.
//
// Only fn's own thread is inside ns: goroutines fn starts are not. Put
// only namespace-bound work in fn, typically creating a socket or a BPF
// link, which then stays in ns for its whole life. Errors: opening ns (a
// missing path matches fs.ErrNotExist and names it), setns (EPERM
// without CAP_SYS_ADMIN), and fn's; off Linux any NS but the zero one
// fails with an error matching errors.ErrUnsupported.
func (ns NS) Do(fn func() error) error { return ns.ns.Do(fn) }

// Create creates a network namespace and binds it at Dir/name, as
// `ip netns add NAME`: Dir is made a shared mount point, and the
// namespace is made by unshare(CLONE_NEWNET) on a throwaway locked OS
// thread and bind-mounted from that thread's /proc/thread-self/ns/net,
// so it outlives every process and socket in it until [Remove]. The
// caller's thread never changes namespace.
//
// Errors: a bad name (empty, ".", "..", a slash, longer than 255 bytes)
// before anything is done; a name that exists matches fs.ErrExist
// (syscall.EEXIST); no CAP_SYS_ADMIN matches syscall.EPERM. Off Linux it
// fails with an error matching errors.ErrUnsupported.
func Create(name string) error {
	if err := checkName(name); err != nil {
		return fmt.Errorf("netns: add: %w", err)
	}
	if err := sys.CreateNetNS(Dir, name); err != nil {
		return fmt.Errorf("netns: add %s: %w", name, err)
	}
	return nil
}

// Ensure creates the named namespace unless it is bound already, and
// reports whether it created it. Two callers racing to create the same
// name both succeed. Errors are Create's.
func Ensure(name string) (created bool, err error) {
	if err := checkName(name); err != nil {
		return false, fmt.Errorf("netns: add: %w", err)
	}
	if sys.IsNetNS(Dir + "/" + name) {
		return false, nil
	}
	err = Create(name)
	if errors.Is(err, fs.ErrExist) && sys.IsNetNS(Dir+"/"+name) {
		return false, nil
	}
	return err == nil, err
}

// Remove removes the named namespace, as `ip netns del NAME`: its bind
// mount is detached (umount2 MNT_DETACH) and Dir/name removed. The
// namespace itself lives on while a socket or process is in it. A
// missing name is an error matching fs.ErrNotExist.
func Remove(name string) error {
	if err := checkName(name); err != nil {
		return fmt.Errorf("netns: del: %w", err)
	}
	if err := sys.RemoveNetNS(Dir + "/" + name); err != nil {
		return fmt.Errorf("netns: del %s: %w", name, err)
	}
	return nil
}

// List returns the names bound under Dir that are network namespaces,
// sorted, as `ip netns list`. A missing Dir is an empty list.
func List() ([]string, error) {
	ents, err := os.ReadDir(Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("netns: list: %w", err)
	}
	var out []string
	for _, e := range ents {
		if sys.IsNetNS(Dir + "/" + e.Name()) {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// checkName refuses names `ip netns` would refuse, and anything that is
// not one file name under Dir.
func checkName(name string) error {
	switch {
	case name == "", name == ".", name == "..":
		return fmt.Errorf("bad namespace name %q", name)
	case strings.ContainsAny(name, "/\x00"):
		return fmt.Errorf("bad namespace name %q: a name has no slash (use Path for paths)", name)
	case len(name) > 255:
		return fmt.Errorf("bad namespace name %q: longer than 255 bytes", name)
	}
	return nil
}
