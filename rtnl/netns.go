package rtnl

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/sys"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Network namespace management, pyroute2's pyroute2.netns and NetNS
// class: create, remove and list the namespaces `ip netns` names, dial
// into one (creating it when asked), and give a namespace an id.
//
// A namespace is named four ways when dialling:
//
//	rtnl.Dial(rtnl.Config{NetNS: "blue"})                                  // by name, under NetNSDir
//	rtnl.Dial(rtnl.Config{NetNS: "/proc/1234/ns/net"})                     // by path
//	rtnl.Dial(rtnl.Config{Ring: ring.Config{NetNS: ring.NetNSFD(fd)}})     // by open descriptor
//	rtnl.Dial(rtnl.Config{Ring: ring.Config{NetNS: ring.NetNSPID(1234)}})  // by process
//
// A missing namespace fails Dial with an error matching fs.ErrNotExist
// (and syscall.ENOENT) that names the path; [DialNetNS] with NetNSCreate
// creates a missing named one first, as pyroute2's NetNS(name,
// flags=os.O_CREAT). In every form the socket is opened on a throwaway
// locked OS thread: the caller's thread never changes namespace, and no
// process is forked.

// NetNSFlag modifies [DialNetNS].
type NetNSFlag uint8

// The flags of DialNetNS.
const (
	// NetNSCreate creates the named namespace when it does not exist
	// (pyroute2's flags=os.O_CREAT).
	NetNSCreate NetNSFlag = 1 << iota
)

// DialNetNS is [Dial] in the namespace cfg.NetNS names; with NetNSCreate
// a name (no slash) that is not bound under NetNSDir is created first
// with [CreateNetNS]. A path is never created. Without NetNSCreate a
// missing namespace is an error matching fs.ErrNotExist. Errors are
// Dial's and CreateNetNS's.
func DialNetNS(cfg Config, flags NetNSFlag) (*IPRoute, error) {
	cfg.CreateNetNS = cfg.CreateNetNS || flags&NetNSCreate != 0
	return Dial(cfg)
}

// CreateNetNS creates a network namespace and binds it at
// NetNSDir/name, as `ip netns add NAME`: NetNSDir is made a shared mount
// point, and the namespace is made by unshare(CLONE_NEWNET) on a
// throwaway locked OS thread and bind-mounted from that thread's
// /proc/thread-self/ns/net, so it outlives every process and socket in
// it until [RemoveNetNS]. The caller's thread never changes namespace.
//
// Errors: a bad name (empty, ".", "..", a slash, longer than 255 bytes)
// before anything is done; a name that exists matches fs.ErrExist
// (syscall.EEXIST); no CAP_SYS_ADMIN matches syscall.EPERM. Off Linux it
// fails with an error matching ErrNotSupported.
func CreateNetNS(name string) error {
	if err := checkNetNSName(name); err != nil {
		return fmt.Errorf("rtnl: netns add: %w", err)
	}
	if err := sys.CreateNetNS(NetNSDir, name); err != nil {
		return fmt.Errorf("rtnl: netns add %s: %w", name, err)
	}
	return nil
}

// EnsureNetNS creates the named namespace unless it is bound already,
// and reports whether it created it. Two callers racing to create the
// same name both succeed. Errors are CreateNetNS's.
func EnsureNetNS(name string) (created bool, err error) {
	if err := checkNetNSName(name); err != nil {
		return false, fmt.Errorf("rtnl: netns add: %w", err)
	}
	if sys.IsNetNS(NetNSDir + "/" + name) {
		return false, nil
	}
	err = CreateNetNS(name)
	if errors.Is(err, fs.ErrExist) && sys.IsNetNS(NetNSDir+"/"+name) {
		return false, nil
	}
	return err == nil, err
}

// RemoveNetNS removes the named namespace, as `ip netns del NAME`: its
// bind mount is detached (umount2 MNT_DETACH) and NetNSDir/name
// removed. The namespace itself lives on while a socket or process is
// in it. A missing name is an error matching fs.ErrNotExist.
func RemoveNetNS(name string) error {
	if err := checkNetNSName(name); err != nil {
		return fmt.Errorf("rtnl: netns del: %w", err)
	}
	if err := sys.RemoveNetNS(NetNSDir + "/" + name); err != nil {
		return fmt.Errorf("rtnl: netns del %s: %w", name, err)
	}
	return nil
}

// ListNetNS returns the names bound under NetNSDir that are network
// namespaces, sorted, as `ip netns list`. A missing NetNSDir is an empty
// list. See [IPRoute.NetNSInfo] for their ids and peer links.
func ListNetNS() ([]string, error) {
	ents, err := os.ReadDir(NetNSDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("rtnl: netns list: %w", err)
	}
	var out []string
	for _, e := range ents {
		if sys.IsNetNS(NetNSDir + "/" + e.Name()) {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// checkNetNSName refuses names `ip netns` would refuse, and anything
// that is not one file name under NetNSDir.
func checkNetNSName(name string) error {
	switch {
	case name == "", name == ".", name == "..":
		return fmt.Errorf("bad namespace name %q", name)
	case strings.ContainsAny(name, "/\x00"):
		return fmt.Errorf("bad namespace name %q: a name has no slash (give paths to Dial)", name)
	case len(name) > 255:
		return fmt.Errorf("bad namespace name %q: longer than 255 bytes", name)
	}
	return nil
}

// SetNetNSID gives the namespace bound at path the id nsid in this
// connection's namespace (RTM_NEWNSID with NETNSA_FD and NETNSA_NSID),
// as pyroute2's set_netnsid and `ip netns set NAME NSID`; nsid -1 lets
// the kernel choose. A namespace that has an id already is refused with
// EEXIST. Errors: opening path (an *os.PathError), the kernel's refusal
// (a *wire.OpError).
func (r *IPRoute) SetNetNSID(ctx context.Context, path string, nsid int32) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("rtnl: nsid set: %w", err)
	}
	defer f.Close()
	_, err = r.Request(ctx, "nsid set", uapi.RTM_NEWNSID, wire.FlagAck, codec.NSID,
		Spec{"fd": uint32(f.Fd()), "nsid": nsid})
	return err
}
