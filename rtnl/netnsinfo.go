package rtnl

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/netns"
	"github.com/nlroute/nlroute/wire"
)

// NSIDNotAssigned is the id GetNetNSID returns for a namespace this one
// has not given an id (NETNSA_NSID_NOT_ASSIGNED).
const NSIDNotAssigned = -1

// GetNetNSID asks the kernel which id this namespace gives the namespace
// bound at path (RTM_GETNSID with NETNSA_FD), as pyroute2's
// get_netnsid(fd=…) and `ip netns list-id`. It returns NSIDNotAssigned
// when there is none. Errors: opening path (an *os.PathError), or the
// kernel's refusal as a *wire.OpError.
func (r *IPRoute) GetNetNSID(ctx context.Context, path string) (int32, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("rtnl: nsid get: %w", err)
	}
	defer f.Close()
	return r.getNSID(ctx, Spec{"fd": uint32(f.Fd())})
}

// GetNetNSIDByPID is GetNetNSID for the namespace of process pid
// (NETNSA_PID).
func (r *IPRoute) GetNetNSIDByPID(ctx context.Context, pid int) (int32, error) {
	return r.getNSID(ctx, Spec{"pid": uint32(pid)})
}

// NetNSIDReply is the kernel's answer to [IPRoute.QueryNetNSID]: pyroute2's
// get_netnsid dict.
type NetNSIDReply struct {
	// NSID is the id of the namespace selected, as this namespace sees
	// it — or, with a target, as the target namespace sees it; or
	// NSIDNotAssigned.
	NSID int32
	// CurrentNSID is, with a target, the id the target namespace gives
	// this one (NETNSA_CURRENT_NSID); NSIDNotAssigned otherwise.
	CurrentNSID int32
}

// QueryNetNSID is pyroute2's get_netnsid(nsid=, pid=, fd=, target_nsid=):
// it asks which id a namespace has (RTM_GETNSID). sel names the namespace
// by exactly one of "nsid" (an id this namespace gave it), "pid" (a
// process in it), "fd" (an open descriptor of it) or "path" (a file
// naming it, opened for the request: "/var/run/netns/blue"), and may add
// "target_nsid": the id, in this namespace, of the namespace whose view
// to report. A missing or second selector, an unknown keyword or a bad
// value is a *codec.SpecError before anything is sent; the kernel's
// refusal is a *wire.OpError.
func (r *IPRoute) QueryNetNSID(ctx context.Context, sel Spec) (NetNSIDReply, error) {
	spec := Spec{}
	var n int
	for k, v := range sel {
		switch k {
		case "nsid", "target_nsid":
			u, neg, ok := asInt(v)
			if !ok || (!neg && u > 1<<31-1) || (neg && int64(u) < -1<<31) {
				return NetNSIDReply{}, kwErr("nsid", k, v, "is not a namespace id (an int32)")
			}
			spec[k] = int32(int64(u))
		case "pid", "fd":
			u, neg, ok := asInt(v)
			if !ok || neg || u > 1<<31-1 {
				return NetNSIDReply{}, kwErr("nsid", k, v, "is not a "+k)
			}
			spec[k] = uint32(u)
		case "path":
			p, ok := v.(string)
			if !ok || p == "" {
				return NetNSIDReply{}, kwErr("nsid", k, v, "is not a path")
			}
			f, err := os.Open(p)
			if err != nil {
				return NetNSIDReply{}, fmt.Errorf("rtnl: nsid get: %w", err)
			}
			defer f.Close()
			spec["fd"] = uint32(f.Fd())
		default:
			return NetNSIDReply{}, kwErr("nsid", k, v, "is not a selector (nsid, pid, fd, path, target_nsid)")
		}
		if k != "target_nsid" {
			n++
		}
	}
	if n != 1 {
		return NetNSIDReply{}, kwErr("nsid", "nsid", sel, "needs exactly one of nsid, pid, fd, path")
	}
	msgs, err := r.Request(ctx, "nsid get", uapi.RTM_GETNSID, wire.FlagRequest, codec.NSID, spec)
	if err != nil {
		return NetNSIDReply{}, err
	}
	out := NetNSIDReply{NSID: NSIDNotAssigned, CurrentNSID: NSIDNotAssigned}
	for _, m := range msgs {
		a, ok := m.RawAttr(uapi.NETNSA_NSID)
		if !ok {
			continue
		}
		id, ok := a.Int32()
		if !ok {
			break
		}
		out.NSID = id
		if c, ok := m.RawAttr(uapi.NETNSA_CURRENT_NSID); ok {
			if id, ok := c.Int32(); ok {
				out.CurrentNSID = id
			}
		}
		return out, nil
	}
	return NetNSIDReply{}, errors.New("rtnl: nsid get: the kernel's answer holds no NETNSA_NSID")
}

func (r *IPRoute) getNSID(ctx context.Context, spec Spec) (int32, error) {
	msgs, err := r.Request(ctx, "nsid get", uapi.RTM_GETNSID, wire.FlagRequest, codec.NSID, spec)
	if err != nil {
		return 0, err
	}
	for _, m := range msgs {
		if a, ok := m.RawAttr(uapi.NETNSA_NSID); ok {
			if id, ok := a.Int32(); ok {
				return id, nil
			}
		}
	}
	return 0, errors.New("rtnl: nsid get: the kernel's answer holds no NETNSA_NSID")
}

// NetNSEntry describes one named namespace as NetNSInfo sees it.
type NetNSEntry struct {
	Name string // the name under netns.Dir
	Path string
	// NSID is the id this namespace gives it, or NSIDNotAssigned.
	NSID int32
	// Links are the indexes of this namespace's links whose other end
	// lives there (veth peers, tunnels created in it): links whose
	// IFLA_LINK_NETNSID is NSID.
	Links []int
	// PIDs are the processes inside it, sorted, when NetNSInfo was asked
	// for them (NetNSInfoConfig.ListProc); nil otherwise.
	PIDs []int
}

// NetNSInfoConfig selects what NetNSInfo adds to each namespace.
type NetNSInfoConfig struct {
	// ListProc lists the processes inside each namespace (pyroute2's
	// list_proc=True): NetNSEntry.PIDs, read from /proc/*/ns/net.
	ListProc bool
}

// NetNSInfo lists the named namespaces (those bound under netns.Dir, as
// `ip netns list`), each with the id this namespace gives it and the
// links of this namespace whose peers live in it — pyroute2's
// get_netns_info — and, with cfg.ListProc, the processes in it.
// Namespaces are sorted by name. A missing netns.Dir is an empty list,
// not an error; a namespace that cannot be opened is skipped.
func (r *IPRoute) NetNSInfo(ctx context.Context, cfg NetNSInfoConfig) ([]NetNSEntry, error) {
	names, err := os.ReadDir(netns.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("rtnl: netns info: %w", err)
	}
	var out []NetNSEntry
	byID := map[int32]int{}
	for _, d := range names {
		p := filepath.Join(netns.Dir, d.Name())
		id, err := r.GetNetNSID(ctx, p)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				continue
			}
			return nil, err
		}
		if id != NSIDNotAssigned {
			byID[id] = len(out)
		}
		out = append(out, NetNSEntry{Name: d.Name(), Path: p, NSID: id})
	}
	if len(byID) > 0 {
		it := r.Links(ctx)
		for it.Next() {
			l := it.View()
			if id, ok := l.LinkNetNSID(); ok {
				if i, ok := byID[id]; ok {
					out[i].Links = append(out[i].Links, l.Index())
				}
			}
		}
		if err := it.Err(); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	if cfg.ListProc {
		listProcs(out)
	}
	return out, nil
}

// listProcs fills the PIDs of each entry: the processes whose
// /proc/PID/ns/net is the same file as the entry's path. Processes that
// end or cannot be read meanwhile are left out.
func listProcs(out []NetNSEntry) {
	fis := make([]os.FileInfo, len(out))
	for i := range out {
		fis[i], _ = os.Stat(out[i].Path)
	}
	procs, _ := os.ReadDir("/proc")
	for _, d := range procs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		fi, err := os.Stat(filepath.Join("/proc", d.Name(), "ns", "net"))
		if err != nil {
			continue
		}
		for i := range out {
			if fis[i] != nil && os.SameFile(fi, fis[i]) {
				out[i].PIDs = append(out[i].PIDs, pid)
			}
		}
	}
	for i := range out {
		sort.Ints(out[i].PIDs)
	}
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
