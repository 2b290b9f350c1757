package rtnl

import (
	"context"
	"errors"
	"fmt"

	"github.com/nlroute/nlroute/internal/sys"
	"github.com/nlroute/nlroute/wire"
)

// TunMode is a tuntap device's mode.
type TunMode uint8

// The tuntap modes; the zero value is TunModeTun.
const (
	TunModeTun TunMode = iota // IFF_TUN: layer 3, IP packets
	TunModeTap                // IFF_TAP: layer 2, Ethernet frames
)

// Tuntap is kind "tun": a tun or tap device. The kernel cannot create one
// over rtnetlink, so LinkAdd (and Do's link "add" with kind "tuntap")
// creates it as pyroute2 and ip-tuntap(8) do, through /dev/net/tun's
// TUNSETIFF ioctl, persistent, in the connection's namespace; the Link's
// other fields are then set with LinkSet. LinkDel deletes it as any link.
type Tuntap struct {
	Mode       TunMode
	Owner      uint32 // uid allowed to attach; 0 sets none (root may always attach)
	Group      uint32 // gid allowed to attach; 0 sets none
	MultiQueue bool   // IFF_MULTI_QUEUE
	NoPI       bool   // IFF_NO_PI: no packet information header
	VnetHdr    bool   // IFF_VNET_HDR
}

// Kind returns "tun", the kind the kernel reports for tun and tap devices.
func (Tuntap) Kind() string { return "tun" }

func (Tuntap) appendData(*wire.Builder, linkEnc) error { return nil }

func (t Tuntap) sysTun(name string) sys.Tun {
	st := sys.Tun{Name: name, Flags: sys.TunFlagTun, Owner: -1, Group: -1}
	if t.Mode == TunModeTap {
		st.Flags = sys.TunFlagTap
	}
	if t.MultiQueue {
		st.Flags |= sys.TunFlagMultiQueue
	}
	if t.NoPI {
		st.Flags |= sys.TunFlagNoPI
	}
	if t.VnetHdr {
		st.Flags |= sys.TunFlagVnetHdr
	}
	if t.Owner != 0 {
		st.Owner = int(t.Owner)
	}
	if t.Group != 0 {
		st.Group = int(t.Group)
	}
	return st
}

// tuntapAdd creates the device through the ioctl in the connection's
// namespace, then sets l's other fields on it.
func (r *IPRoute) tuntapAdd(ctx context.Context, l Link, t Tuntap) error {
	if l.Name == "" {
		return wrap(opLinkAdd, linkSpecError("ifname", "", "is required for a tuntap"))
	}
	if len(l.Name) > maxIfName {
		return wrap(opLinkAdd, linkSpecError("ifname", l.Name, "is longer than 15 bytes"))
	}
	if err := r.createTun(t.sysTun(l.Name)); err != nil {
		return wrap(opLinkAdd, err)
	}
	rest := l
	rest.Info = nil
	if !rest.changes() {
		return nil
	}
	return r.LinkSet(ctx, rest)
}

// changes reports whether l sets anything beyond selecting a link by
// name.
func (l *Link) changes() bool {
	return l.Index != 0 || l.Flags != 0 || l.Change != 0 || l.State != LinkStateUnchanged ||
		len(l.Address) > 0 || len(l.Broadcast) > 0 || l.MTU != 0 || l.Link != 0 ||
		l.Master != 0 || l.NoMaster || l.TxQLen != 0 || l.Alias != "" || l.Group != 0 ||
		l.NetNSFD != 0 || l.NetNSPID != 0 || l.NetNS != "" || len(l.VFs) > 0 || l.SlaveInfo != nil
}

// createTun runs TUNSETIFF in the namespace of r's socket.
func (r *IPRoute) createTun(t sys.Tun) error {
	if name, ok := r.NetNS(); ok {
		ns := sys.NetNS{}
		if name != "" {
			ns = sys.NetNSPath(netNSPath(name))
		}
		if _, err := sys.TunCreate(ns, t); err != nil {
			return fmt.Errorf("tuntap: %w", err)
		}
		return nil
	}
	ns, done, err := sys.NetlinkNetNS(r.c.PortID())
	if errors.Is(err, sys.ErrNetNSAmbiguous) {
		return fmt.Errorf("tuntap: cannot tell the connection's namespace: %w", err)
	}
	if err != nil {
		return fmt.Errorf("tuntap: find the connection's namespace: %w", err)
	}
	defer done()
	if _, err := sys.TunCreate(ns, t); err != nil {
		return fmt.Errorf("tuntap: %w", err)
	}
	return nil
}

// tuntapSpec reads pyroute2's tuntap keywords out of a link Spec: "mode"
// ("tun" or "tap"), "uid", "gid", "ifr" (a dict of flags) and the flags
// as keywords. For "add" the Spec then carries the Tuntap to runLink;
// for other commands the keywords are dropped and the kind becomes the
// kernel's "tun".
func tuntapSpec(out Spec, path string, create bool) error {
	var t Tuntap
	flags := map[string]*bool{"multi_queue": &t.MultiQueue, "no_pi": &t.NoPI, "vnet_hdr": &t.VnetHdr}
	if v, ok := out["ifr"]; ok {
		m, isMap := v.(map[string]any)
		if s, isSpec := v.(Spec); isSpec {
			m, isMap = s, true
		}
		if !isMap {
			return linkSpecError(path+"ifr", v, "is not a dict of tuntap flags")
		}
		for k, fv := range m {
			out[k] = fv
		}
		delete(out, "ifr")
	}
	for _, k := range tuntapKeys {
		v, ok := out[k]
		if !ok {
			continue
		}
		delete(out, k)
		switch k {
		case "mode":
			switch v {
			case "tun":
				t.Mode = TunModeTun
			case "tap":
				t.Mode = TunModeTap
			default:
				return linkSpecError(path+k, v, `is not "tun" or "tap"`)
			}
		case "uid", "gid":
			n, neg, ok := asInt(v)
			if !ok || neg || n > 0xffffffff {
				return linkSpecError(path+k, v, "is not an id")
			}
			if k == "uid" {
				t.Owner = uint32(n)
			} else {
				t.Group = uint32(n)
			}
		case "persistent":
			if on, ok := lkTruthy(v); !ok || !on {
				return linkSpecError(path+k, v, "must be true: the device is made persistent, its descriptor is not kept")
			}
		case "one_queue":
			// IFF_ONE_QUEUE is obsolete; the kernel ignores it.
		default:
			on, ok := lkTruthy(v)
			if !ok {
				return linkSpecError(path+k, v, "is not a bool")
			}
			*flags[k] = on
		}
	}
	delete(out, "linkinfo")
	if create {
		out[tuntapKey] = t
	}
	return nil
}
