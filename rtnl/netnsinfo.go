package rtnl

import (
	"context"
	"errors"
	"fmt"
	"github.com/nlroute/nlroute/netns"
	"os"
	"path/filepath"
	"sort"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
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
}

// NetNSInfo lists the named namespaces (those bound under netns.Dir, as
// `ip netns list`), each with the id this namespace gives it and the
// links of this namespace whose peers live in it — pyroute2's
// get_netns_info. Namespaces are sorted by name. A missing netns.Dir is an
// empty list, not an error; a namespace that cannot be opened is skipped.
func (r *IPRoute) NetNSInfo(ctx context.Context) ([]NetNSEntry, error) {
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
	return out, nil
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
