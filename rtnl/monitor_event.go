package rtnl

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"github.com/nlroute/nlroute/netns"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// Event is one notification received by a [Monitor], or an overrun. The
// Event a Monitor yields borrows its receive buffer until the next call
// to Next; Clone copies it out. Its typed accessors (Link, Route …)
// report false for an event of another object.
type Event struct {
	typ wire.MsgType
	msg *codec.Msg
	raw wire.Message
	dg  ring.Datagram
	ov  Overrun
}

// Overrun describes a receive queue overflow: notifications were lost.
type Overrun struct {
	// Drops is the kernel's count of datagrams the socket dropped (the
	// Drops column of /proc/net/netlink for its port), valid when
	// HasDrops is set: /proc not mounted, or a socket in a namespace
	// that cannot be entered, leaves it unset.
	Drops    uint64
	HasDrops bool

	// Count numbers the Monitor's overruns, this one included.
	Count uint64

	// PortID is the port of the socket that overflowed.
	PortID uint32
}

// Type returns the message type (RTM_NEWROUTE …), or wire.TypeOverrun
// (NLMSG_OVERRUN) for an overrun.
func (e *Event) Type() wire.MsgType { return e.typ }

// IsOverrun reports whether the event is an overrun rather than a
// notification.
func (e *Event) IsOverrun() bool { return e.typ == wire.TypeOverrun }

// Overrun describes the overrun of an overrun event; zero otherwise.
func (e *Event) Overrun() Overrun { return e.ov }

// Msg returns the notification decoded with its schema, or nil for an
// overrun or a message type no schema knows (Raw still has it). It
// borrows as the Event does.
func (e *Event) Msg() *codec.Msg { return e.msg }

// Raw returns the notification's netlink message undecoded. It borrows.
func (e *Event) Raw() wire.Message { return e.raw }

// NSID returns the id of the namespace the notification came from, when
// the Monitor listens to all namespaces (MonitorConfig.ListenAllNSID)
// and the kernel tagged it.
func (e *Event) NSID() (int32, bool) { return e.dg.NSID, e.dg.HasNSID }

// Groups returns the multicast mask the datagram was sent to (groups 1 to
// 32; 0 for the groups above).
func (e *Event) Groups() uint32 { return e.dg.Groups }

// IsDel reports whether the notification removes an object (RTM_DEL*).
func (e *Event) IsDel() bool {
	return e.typ >= uapi.RTM_BASE && !e.IsOverrun() && (e.typ-uapi.RTM_BASE)%4 == 1
}

// Object returns the name of the object the notification is about
// ("link", "addr", "route", "neigh", "rule", "nexthop", "qdisc", "class",
// "filter", "nsid", "netconf", "mdb", "vlan", "stats" …), "overrun" for
// an overrun, or "" for a type it does not know.
func (e *Event) Object() string {
	if e.IsOverrun() {
		return "overrun"
	}
	return objectOf(e.typ)
}

func objectOf(t wire.MsgType) string {
	if t < uapi.RTM_BASE {
		return ""
	}
	switch (t - uapi.RTM_BASE) &^ 3 {
	case uapi.RTM_NEWLINK - uapi.RTM_BASE:
		return "link"
	case uapi.RTM_NEWADDR - uapi.RTM_BASE:
		return "addr"
	case uapi.RTM_NEWROUTE - uapi.RTM_BASE:
		return "route"
	case uapi.RTM_NEWNEIGH - uapi.RTM_BASE:
		return "neigh"
	case uapi.RTM_NEWRULE - uapi.RTM_BASE:
		return "rule"
	case uapi.RTM_NEWQDISC - uapi.RTM_BASE:
		return "qdisc"
	case uapi.RTM_NEWTCLASS - uapi.RTM_BASE:
		return "class"
	case uapi.RTM_NEWTFILTER - uapi.RTM_BASE:
		return "filter"
	case uapi.RTM_NEWACTION - uapi.RTM_BASE:
		return "action"
	case uapi.RTM_NEWPREFIX - uapi.RTM_BASE:
		return "prefix"
	case uapi.RTM_NEWNEIGHTBL - uapi.RTM_BASE:
		return "neightbl"
	case uapi.RTM_NEWNDUSEROPT - uapi.RTM_BASE:
		return "nduseropt"
	case uapi.RTM_NEWNETCONF - uapi.RTM_BASE:
		return "netconf"
	case uapi.RTM_NEWMDB - uapi.RTM_BASE:
		return "mdb"
	case uapi.RTM_NEWNSID - uapi.RTM_BASE:
		return "nsid"
	case uapi.RTM_NEWSTATS - uapi.RTM_BASE:
		return "stats"
	case uapi.RTM_NEWCHAIN - uapi.RTM_BASE:
		return "chain"
	case uapi.RTM_NEWNEXTHOP - uapi.RTM_BASE:
		return "nexthop"
	case uapi.RTM_NEWVLAN - uapi.RTM_BASE:
		return "vlan"
	case uapi.RTM_NEWNEXTHOPBUCKET - uapi.RTM_BASE:
		return "nexthop_bucket"
	case uapi.RTM_NEWTUNNEL - uapi.RTM_BASE:
		return "tunnel"
	}
	return ""
}

// is reports whether the event carries a decoded message of object obj.
func (e *Event) is(obj string) bool { return e.msg != nil && objectOf(e.typ) == obj }

// Link views a link notification (RTM_NEWLINK, RTM_DELLINK).
func (e *Event) Link() (LinkView, bool) { return LinkView{e.msg}, e.is("link") }

// Addr views an address notification.
func (e *Event) Addr() (AddrView, bool) { return AddrView{e.msg}, e.is("addr") }

// Route views a route notification.
func (e *Event) Route() (RouteView, bool) { return RouteView{e.msg}, e.is("route") }

// Neigh views a neighbour (or FDB) notification.
func (e *Event) Neigh() (NeighView, bool) { return NeighView{e.msg}, e.is("neigh") }

// Rule views a rule notification.
func (e *Event) Rule() (RuleView, bool) { return RuleView{e.msg}, e.is("rule") }

// Nexthop views a next-hop notification.
func (e *Event) Nexthop() (NexthopView, bool) { return NexthopView{e.msg}, e.is("nexthop") }

// Clone returns a copy of e that owns its message: valid forever. It
// allocates.
func (e *Event) Clone() Event {
	c := *e
	if e.raw.Data != nil {
		c.raw.Data = bytes.Clone(e.raw.Data)
	}
	if e.msg != nil {
		c.msg = e.msg.Clone()
	}
	return c
}

// String describes the event in one line for logs: "RTM_NEWROUTE" or
// "overrun #2 (drops 1234)".
func (e *Event) String() string {
	if e.IsOverrun() {
		s := "overrun #" + strconv.FormatUint(e.ov.Count, 10)
		if e.ov.HasDrops {
			s += " (drops " + strconv.FormatUint(e.ov.Drops, 10) + ")"
		}
		return s
	}
	if e.msg != nil {
		if n := e.msg.Event(); n != "" {
			return n
		}
	}
	return "type " + strconv.Itoa(int(e.typ))
}

// netlinkSock is one line of /proc/net/netlink.
type netlinkSock struct {
	proto, port  uint32
	drops, inode uint64
}

// readNetlinkTable reads /proc/net/netlink as the namespace ns ("" the
// caller's) sees it.
//
//	sk  Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
func readNetlinkTable(ns string) ([]netlinkSock, error) {
	var text []byte
	read := func() (err error) {
		text, err = os.ReadFile("/proc/thread-self/net/netlink")
		return err
	}
	var err error
	if ns == "" {
		text, err = os.ReadFile("/proc/self/net/netlink")
	} else {
		err = netns.Of(ns).Do(read)
	}
	if err != nil {
		return nil, err
	}
	var out []netlinkSock
	sc := bufio.NewScanner(bytes.NewReader(text))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 10 || f[0] == "sk" {
			continue
		}
		var s netlinkSock
		p, e1 := strconv.ParseUint(f[1], 10, 32)
		port, e2 := strconv.ParseUint(f[2], 10, 32)
		d, e3 := strconv.ParseUint(f[8], 10, 64)
		ino, e4 := strconv.ParseUint(f[9], 10, 64)
		if e1 != nil || e2 != nil || e3 != nil || e4 != nil {
			continue
		}
		s.proto, s.port, s.drops, s.inode = uint32(p), uint32(port), d, ino
		out = append(out, s)
	}
	return out, sc.Err()
}

func netNSPath(ns string) string {
	if strings.ContainsRune(ns, '/') {
		return ns
	}
	return filepath.Join(netns.Dir, ns)
}

// socketDrops returns the Drops column of the NETLINK_ROUTE socket with
// port id port in namespace ns (port ids are unique per namespace).
func socketDrops(ns string, port uint32) (uint64, bool) {
	if port == 0 {
		return 0, false
	}
	tab, err := readNetlinkTable(ns)
	if err != nil {
		return 0, false
	}
	for _, s := range tab {
		if s.proto == 0 && s.port == port {
			return s.drops, true
		}
	}
	return 0, false
}

// ownSocketInodes returns the inodes of this process's sockets.
func ownSocketInodes() map[uint64]bool {
	out := map[uint64]bool{}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return out
	}
	for _, e := range ents {
		l, err := os.Readlink("/proc/self/fd/" + e.Name())
		if err != nil || !strings.HasPrefix(l, "socket:[") {
			continue
		}
		if ino, err := strconv.ParseUint(strings.TrimSuffix(l[len("socket:["):], "]"), 10, 64); err == nil {
			out[ino] = true
		}
	}
	return out
}

// errNetNSUnknown is returned when no namespace holds the IPRoute's socket.
var errNetNSUnknown = errors.New("cannot find the namespace of the IPRoute's socket; name it in MonitorConfig.NetNS")

// findNetNS returns the namespace holding our NETLINK_ROUTE socket with
// port id port: "" for the caller's; want when given (checked); else the
// named namespace that holds it.
func findNetNS(port uint32, want string) (string, error) {
	ours := ownSocketInodes()
	holds := func(ns string) bool {
		tab, err := readNetlinkTable(ns)
		if err != nil {
			return false
		}
		for _, s := range tab {
			if s.proto == 0 && s.port == port && ours[s.inode] {
				return true
			}
		}
		return false
	}
	if want != "" {
		if holds(want) {
			return want, nil
		}
		return "", fmt.Errorf("namespace %q does not hold the IPRoute's socket (port %d)", want, port)
	}
	if holds("") {
		return "", nil
	}
	ents, _ := os.ReadDir(netns.Dir)
	for _, e := range ents {
		if holds(e.Name()) {
			return e.Name(), nil
		}
	}
	return "", errNetNSUnknown
}
