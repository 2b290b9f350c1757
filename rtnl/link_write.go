package rtnl

import (
	"context"
	"encoding/binary"
	"github.com/nlroute/nlroute/netns"
	"net"
	"os"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Link is the typed spec of a link request: what LinkAdd creates, what
// LinkSet/LinkUpdate/LinkReplace change, what LinkDel and LinkGet select.
// Zero fields are left out of the request (the kernel keeps or picks its
// default); see each field for the exceptions. Info holds the kind and
// its settings (Bridge, Veth, VXLAN …); SlaveInfo the settings of the
// link as a port of its master (BridgeSlave, BondSlave).
//
// A Link is encoded with the same attribute layout as the equivalent
// Spec through the "link" object of IPRoute.Do, byte for byte: attributes
// in type order, nests flagged NLA_F_NESTED.
type Link struct {
	Index  int32  // ifi_index: selects the link, or asks for that index on create
	Flags  uint32 // ifi_flags (IFF_UP …), applied under Change
	Change uint32 // ifi_change: the flags to change
	// State is pyroute2's "state" shortcut: LinkUp sets IFF_UP in Flags
	// and Change, LinkDown clears it in Flags and sets it in Change.
	State LinkState

	Name      string           // IFLA_IFNAME: at most 15 bytes; on a set by Index, a rename
	Address   net.HardwareAddr // IFLA_ADDRESS
	Broadcast net.HardwareAddr // IFLA_BROADCAST
	MTU       uint32           // IFLA_MTU
	Link      uint32           // IFLA_LINK: the lower device (vlan, macvlan, ipoib …)
	Master    uint32           // IFLA_MASTER: enslave to this link
	NoMaster  bool             // send IFLA_MASTER 0: release from the master
	TxQLen    uint32           // IFLA_TXQLEN
	Alias     string           // IFLA_IFALIAS
	Group     uint32           // IFLA_GROUP
	// NumTxQueues and NumRxQueues (IFLA_NUM_TX_QUEUES, _RX_) apply at
	// creation only.
	NumTxQueues, NumRxQueues uint32

	// The namespace to create the link in, or to move it to: NetNSFD an
	// open descriptor of it (owned by the caller; 0 is none), NetNSPID a
	// process living in it, NetNS a name made by `ip netns add` or a path,
	// which the Link methods open for the request and close after.
	NetNSFD  int32
	NetNSPID uint32
	NetNS    string

	// ExtMask is IFLA_EXT_MASK of a LinkGet: RTEXT_FILTER_VF (1) asks
	// for the SR-IOV virtual functions.
	ExtMask uint32

	// VFs are SR-IOV virtual function settings (IFLA_VFINFO_LIST), for
	// LinkSet on a physical function.
	VFs []VF

	Info      LinkInfo      // the kind: IFLA_INFO_KIND and IFLA_INFO_DATA
	SlaveInfo LinkSlaveInfo // IFLA_INFO_SLAVE_KIND and IFLA_INFO_SLAVE_DATA
}

// LinkState is the "state" shortcut of a Link: unchanged, up or down.
type LinkState uint8

// The link states.
const (
	LinkStateUnchanged LinkState = iota
	LinkUp
	LinkDown
)

// Toggle is an on/off setting that may be left unset, so the kernel's
// default stays. It is encoded as a u8 0 or 1.
type Toggle uint8

// The values of a Toggle.
const (
	ToggleUnset Toggle = iota
	ToggleOn
	ToggleOff
)

func (t Toggle) put(b *wire.Builder, typ uint16) {
	if t != ToggleUnset {
		b.PutUint8(typ, uint8(2-t))
	}
}

// LinkInfo is the kind of a link and its settings, IFLA_INFO_KIND and
// IFLA_INFO_DATA: one type per kind (Bridge, Veth, VLAN, VXLAN …), and
// RawLinkInfo for any other. The interface is sealed: only this package
// implements it.
type LinkInfo interface {
	// Kind returns IFLA_INFO_KIND ("bridge", "vxlan" …).
	Kind() string
	// appendData appends the IFLA_INFO_DATA attributes, in type order.
	appendData(b *wire.Builder, e linkEnc) error
}

// LinkSlaveInfo is the port settings of a link under its master,
// IFLA_INFO_SLAVE_KIND and IFLA_INFO_SLAVE_DATA (BridgeSlave, BondSlave).
// The interface is sealed.
type LinkSlaveInfo interface {
	// SlaveKind returns IFLA_INFO_SLAVE_KIND ("bridge", "bond").
	SlaveKind() string
	appendSlaveData(b *wire.Builder) error
}

// RawLinkInfo is a kind this package has no type for: its IFLA_INFO_DATA
// is sent as Data, raw attributes built by the caller (nil sends none).
type RawLinkInfo struct {
	Name string
	Data []byte
}

// Kind returns r.Name.
func (r RawLinkInfo) Kind() string { return r.Name }

func (r RawLinkInfo) appendData(*wire.Builder, linkEnc) error { return nil }

// linkEnc carries what encoding a link needs beyond the Link: the
// descriptors of namespaces the methods opened.
type linkEnc struct {
	nsFD   int32 // for the link, from Link.NetNS
	peerFD int32 // for a veth/netkit peer, from its Link.NetNS
}

const maxIfName = 15 // IFNAMSIZ - 1

func linkSpecError(key string, v any, why string) error {
	return &codec.SpecError{Schema: "link", Keyword: key, Value: v, Reason: why}
}

// Encode appends one link request of message type t (RTM_NEWLINK,
// RTM_SETLINK, RTM_DELLINK, RTM_GETLINK) with flags to b. A bad field (a
// name longer than 15 bytes, a kind setting out of range) is a
// *codec.SpecError naming the keyword, and b is left as it was. l.NetNS
// must be empty here (the Link methods open it); use NetNSFD.
//
// With b's buffer warm, Encode allocates nothing.
func (l *Link) encodeMsg(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32) error {
	if l.NetNS != "" {
		return linkSpecError("net_ns_fd", l.NetNS, "must be opened first: use the Link methods, or NetNSFD")
	}
	return l.encode(b, t, flags, seq, linkEnc{})
}

func (l *Link) encode(b *wire.Builder, t wire.MsgType, flags wire.HeaderFlags, seq uint32, e linkEnc) error {
	if err := b.Err(); err != nil {
		return err
	}
	mark := b.Mark()
	b.Begin(t, flags, seq)
	if err := l.body(b, e, e.nsFD); err != nil {
		b.Rollback(mark)
		return err
	}
	b.End()
	if err := b.Err(); err != nil {
		b.Rollback(mark)
		return err
	}
	return nil
}

// body appends the ifinfomsg and the attributes; veth and netkit peers
// reuse it inside their nest.
func (l *Link) body(b *wire.Builder, e linkEnc, nsFD int32) error {
	if len(l.Name) > maxIfName {
		return linkSpecError("ifname", l.Name, "is longer than 15 bytes")
	}
	if err := l.checkLimits(); err != nil {
		return err
	}
	flags, change := l.Flags, l.Change
	switch l.State {
	case LinkUp:
		flags |= uapi.IFF_UP
		change |= uapi.IFF_UP
	case LinkDown:
		flags &^= uapi.IFF_UP
		change |= uapi.IFF_UP
	}
	h := b.Reserve(16)
	lkNE32(h[4:], uint32(l.Index))
	lkNE32(h[8:], flags)
	lkNE32(h[12:], change)
	if len(l.Address) > 0 {
		b.PutBytes(uapi.IFLA_ADDRESS, l.Address)
	}
	if len(l.Broadcast) > 0 {
		b.PutBytes(uapi.IFLA_BROADCAST, l.Broadcast)
	}
	if l.Name != "" {
		b.PutString(uapi.IFLA_IFNAME, l.Name)
	}
	lkU32(b, uapi.IFLA_MTU, l.MTU)
	lkU32(b, uapi.IFLA_LINK, l.Link)
	if l.Master != 0 || l.NoMaster {
		b.PutUint32(uapi.IFLA_MASTER, l.Master)
	}
	lkU32(b, uapi.IFLA_TXQLEN, l.TxQLen)
	if l.Info != nil || l.SlaveInfo != nil {
		if err := l.linkInfo(b, e); err != nil {
			return err
		}
	}
	lkU32(b, uapi.IFLA_NET_NS_PID, l.NetNSPID)
	if l.Alias != "" {
		b.PutString(uapi.IFLA_IFALIAS, l.Alias)
	}
	if len(l.VFs) > 0 {
		if err := appendVFs(b, l.VFs); err != nil {
			return err
		}
	}
	lkU32(b, uapi.IFLA_GROUP, l.Group)
	if fd := max(l.NetNSFD, nsFD); fd > 0 {
		b.PutUint32(uapi.IFLA_NET_NS_FD, uint32(fd))
	}
	lkU32(b, uapi.IFLA_EXT_MASK, l.ExtMask)
	lkU32(b, uapi.IFLA_NUM_TX_QUEUES, l.NumTxQueues)
	lkU32(b, uapi.IFLA_NUM_RX_QUEUES, l.NumRxQueues)
	return nil
}

func (l *Link) linkInfo(b *wire.Builder, e linkEnc) error {
	tok := b.Nest(uapi.IFLA_LINKINFO | wire.AttrNested)
	if l.Info != nil {
		b.PutString(uapi.IFLA_INFO_KIND, l.Info.Kind())
		if raw, ok := l.Info.(RawLinkInfo); ok {
			// Raw data goes out as given, unflagged, as the Spec
			// encoder sends {"hex": …}.
			if raw.Data != nil {
				b.PutBytes(uapi.IFLA_INFO_DATA, raw.Data)
			}
		} else {
			// The nest is dropped again when the kind appends nothing:
			// the Spec encoder sends no empty IFLA_INFO_DATA either. (No
			// closure here: it would make the encoder allocate.)
			mark, start := b.Mark(), 0
			data := b.Nest(uapi.IFLA_INFO_DATA | wire.AttrNested)
			start = b.Len()
			if err := l.Info.appendData(b, e); err != nil {
				return err
			}
			if b.Len() == start {
				b.Rollback(mark)
			} else {
				b.EndNest(data)
			}
		}
	}
	if l.SlaveInfo != nil {
		b.PutString(uapi.IFLA_INFO_SLAVE_KIND, l.SlaveInfo.SlaveKind())
		mark := b.Mark()
		data := b.Nest(uapi.IFLA_INFO_SLAVE_DATA | wire.AttrNested)
		start := b.Len()
		if err := l.SlaveInfo.appendSlaveData(b); err != nil {
			return err
		}
		if b.Len() == start {
			b.Rollback(mark)
		} else {
			b.EndNest(data)
		}
	}
	b.EndNest(tok)
	return nil
}

func lkNE32(p []byte, v uint32) { binary.NativeEndian.PutUint32(p, v) }

func lkU32(b *wire.Builder, typ uint16, v uint32) {
	if v != 0 {
		b.PutUint32(typ, v)
	}
}

func lkU16(b *wire.Builder, typ uint16, v uint16) {
	if v != 0 {
		b.PutUint16(typ, v)
	}
}

func lkU8(b *wire.Builder, typ uint16, v uint8) {
	if v != 0 {
		b.PutUint8(typ, v)
	}
}

// The operations of the typed link methods, as errors name them.
const (
	opLinkAdd     = "link add"
	opLinkSet     = "link set"
	opLinkReplace = "link replace"
	opLinkUpdate  = "link update"
	opLinkDel     = "link del"
	opLinkGet     = "link get"
)

// LinkAdd creates the link l describes (RTM_NEWLINK with
// NLM_F_CREATE|NLM_F_EXCL), pyroute2's link("add"). A kind is required
// (l.Info); a Tuntap is created through its ioctl in the connection's
// namespace, then the other fields are set as LinkSet would. A link that
// exists already is a *wire.OpError matching syscall.EEXIST; bad fields a
// *codec.SpecError, and nothing is sent. With warm buffers, a
// context.Background() and no NetNS name to open, LinkAdd allocates
// nothing. Safe for concurrent use.
func (r *IPRoute) LinkAdd(ctx context.Context, l Link) error {
	if t, ok := l.Info.(Tuntap); ok {
		return r.tuntapAdd(ctx, l, t)
	}
	return r.linkExec(ctx, opLinkAdd, uapi.RTM_NEWLINK, wire.FlagCreate|wire.FlagExcl, &l)
}

// LinkSet changes the existing link selected by l.Index (or by l.Name
// when Index is 0): RTM_NEWLINK without NLM_F_CREATE, pyroute2's
// link("set"). A missing link is a *wire.OpError matching
// syscall.ENODEV.
func (r *IPRoute) LinkSet(ctx context.Context, l Link) error {
	return r.linkExec(ctx, opLinkSet, uapi.RTM_NEWLINK, 0, &l)
}

// LinkReplace creates the link, or changes it when it exists
// (NLM_F_CREATE|NLM_F_REPLACE).
func (r *IPRoute) LinkReplace(ctx context.Context, l Link) error {
	return r.linkExec(ctx, opLinkReplace, uapi.RTM_NEWLINK, wire.FlagCreate|wire.FlagReplace, &l)
}

// LinkUpdate changes the existing link with RTM_SETLINK, pyroute2's
// link("update"): the older message, which takes no kind settings.
func (r *IPRoute) LinkUpdate(ctx context.Context, l Link) error {
	return r.linkExec(ctx, opLinkUpdate, uapi.RTM_SETLINK, 0, &l)
}

// LinkDel deletes the link selected by l.Index, or l.Name when Index is
// 0 (RTM_DELLINK). Deleting one end of a veth pair deletes both.
func (r *IPRoute) LinkDel(ctx context.Context, l Link) error {
	q := Link{Index: l.Index, Name: l.Name}
	if l.Index != 0 {
		q.Name = ""
	}
	return r.linkExec(ctx, opLinkDel, uapi.RTM_DELLINK, 0, &q)
}

// LinkGet returns the link selected by l.Index, or l.Name when Index is
// 0, with l.ExtMask as IFLA_EXT_MASK (RTEXT_FILTER_VF for SR-IOV data).
// The view is over a copy and valid forever. A missing link is a
// *wire.OpError matching syscall.ENODEV.
func (r *IPRoute) LinkGet(ctx context.Context, l Link) (LinkView, error) {
	q := Link{Index: l.Index, Name: l.Name, ExtMask: l.ExtMask}
	if l.Index != 0 {
		q.Name = ""
	}
	b := r.getBuilder()
	defer r.putBuilder(b)
	if err := q.encodeMsg(b, uapi.RTM_GETLINK, 0, 0); err != nil {
		return LinkView{}, wrap(opLinkGet, err)
	}
	var it Iter
	it.start(ctx, r, opLinkGet, codec.Link, b.Bytes(), false, filterSet{})
	defer it.Close()
	var out LinkView
	for it.Next() {
		if out.m == nil {
			out = LinkView{ownedCopy(it.Msg())}
		}
	}
	if err := it.Err(); err != nil {
		return LinkView{}, err
	}
	return out, nil
}

// linkExec encodes l into a pooled buffer and runs it, waiting for the
// ack. It opens the namespaces l names (NetNS, a peer's NetNS) for the
// time of the request.
func (r *IPRoute) linkExec(ctx context.Context, op string, t wire.MsgType, flags wire.HeaderFlags, l *Link) error {
	var e linkEnc
	if l.NetNS != "" || peerNetNS(l) != "" {
		closeNS, err := openLinkNetNS(l, &e)
		if err != nil {
			return wrap(op, err)
		}
		defer closeNS()
	}
	b := r.getBuilder()
	defer r.putBuilder(b)
	if err := l.encode(b, t, flags|wire.FlagAck, 0, e); err != nil {
		return wrap(op, err)
	}
	return wrapReq(op, b.Bytes(), r.c.Exec(ctx, op, b.Bytes()))
}

// openNetNSFile opens a namespace by name (under netns.Dir) or path.
func openNetNSFile(name string) (*os.File, error) {
	path := name
	if !strings.ContainsRune(name, '/') {
		path = netns.Dir + "/" + name
	}
	return os.Open(path)
}

// openLinkNetNS opens the namespaces named by l and its peer into e and
// returns the function that closes them.
func openLinkNetNS(l *Link, e *linkEnc) (func(), error) {
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	if l.NetNS != "" {
		f, err := openNetNSFile(l.NetNS)
		if err != nil {
			return nil, linkSpecError("net_ns_fd", l.NetNS, "is not a network namespace: "+err.Error())
		}
		files = append(files, f)
		e.nsFD = int32(f.Fd())
	}
	if n := peerNetNS(l); n != "" {
		f, err := openNetNSFile(n)
		if err != nil {
			closeAll()
			return nil, linkSpecError("peer.net_ns_fd", n, "is not a network namespace: "+err.Error())
		}
		files = append(files, f)
		e.peerFD = int32(f.Fd())
	}
	return closeAll, nil
}

// peerNetNS returns the NetNS name of l's veth or netkit peer.
func peerNetNS(l *Link) string {
	switch i := l.Info.(type) {
	case Veth:
		return i.Peer.NetNS
	case *Veth:
		return i.Peer.NetNS
	case Netkit:
		return i.Peer.NetNS
	}
	return ""
}
