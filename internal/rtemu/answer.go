package rtemu

import (
	"encoding/binary"
	"errors"
	"syscall"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// The answers to one request, appended to t.reply. Every message carries
// the request's sequence number and the transport's port id, as the
// kernel's replies do.

// Offsets in the request payloads: every rtnetlink family header starts
// with its family byte; ifinfomsg holds the index at 4 and is 16 bytes.
const (
	offFamily   = 0
	offIfiIndex = 4
	sizeIfinfo  = 16
)

// answer answers the request m.
func (t *Transport) answer(m wire.Message) {
	h := m.Header
	if h.Flags&wire.FlagRequest == 0 {
		return // the kernel ignores what is not a request
	}
	if h.Type < wire.TypeMinType {
		t.ack(h) // NLMSG_NOOP and the other control messages
		return
	}
	fn := t.source(h.Type)
	dump := h.Flags&wire.FlagDump == wire.FlagDump
	switch {
	case fn != nil && dump:
		t.dump(h, m.Data, fn)
	case fn != nil && h.Type == uapi.RTM_GETLINK:
		t.getLink(h, m.Data, fn)
	default:
		t.refuse(h, syscall.EOPNOTSUPP, "not supported on "+t.tab.GOOS)
	}
}

// source returns the table function of a GET request type, or nil.
func (t *Transport) source(typ wire.MsgType) AppendFunc {
	switch typ {
	case uapi.RTM_GETLINK:
		return t.tab.Links
	case uapi.RTM_GETADDR:
		return t.tab.Addrs
	case uapi.RTM_GETROUTE:
		return t.tab.Routes
	case uapi.RTM_GETNEIGH:
		return t.tab.Neighbours
	}
	return nil
}

// read runs fn into t.table and returns the messages, or the error that
// refuses the request.
func (t *Transport) read(fn AppendFunc, seq uint32) ([]byte, error) {
	t.table.Reset(t.table.Bytes()[:0])
	if err := fn(&t.table, seq); err != nil {
		return nil, err
	}
	if err := t.table.Err(); err != nil {
		return nil, err
	}
	return t.table.Bytes(), nil
}

// dump answers a dump request: the table's messages of the requested
// family, then NLMSG_DONE. A link dump of family AF_BRIDGE asks for
// bridge ports, which these platforms do not have: it is empty.
func (t *Transport) dump(h wire.Header, payload []byte, fn AppendFunc) {
	msgs, err := t.read(fn, h.Seq)
	if err != nil {
		t.fail(h, err)
		return
	}
	var fam uint8
	if len(payload) > offFamily {
		fam = payload[offFamily]
	}
	it := wire.NewMessages(msgs)
	for it.Next() {
		m := it.Message()
		switch {
		case h.Type == uapi.RTM_GETLINK && fam == uapi.AF_BRIDGE:
			continue
		case h.Type != uapi.RTM_GETLINK && fam != uapi.AF_UNSPEC && (len(m.Data) <= offFamily || m.Data[offFamily] != fam):
			continue
		}
		t.copyMsg(m.Raw(msgs), wire.FlagMulti)
	}
	if err := it.Err(); err != nil {
		t.reply = t.reply[:0]
		t.fail(h, err)
		return
	}
	t.begin(wire.TypeDone, wire.FlagMulti, h.Seq)
	t.reply = append(t.reply, 0, 0, 0, 0) // error 0
	t.end()
}

// getLink answers RTM_GETLINK without NLM_F_DUMP as the kernel does: by
// ifi_index when it is set, else by IFLA_IFNAME or IFLA_ALT_IFNAME; one
// RTM_NEWLINK (not multipart), then the ack. No such link is ENODEV;
// neither an index nor a name is EINVAL.
func (t *Transport) getLink(h wire.Header, payload []byte, fn AppendFunc) {
	if len(payload) < sizeIfinfo {
		t.refuse(h, syscall.EINVAL, "ifinfomsg too short")
		return
	}
	index := binary.NativeEndian.Uint32(payload[offIfiIndex:])
	name, alt := linkName(payload[sizeIfinfo:])
	switch {
	case index == 0 && alt:
		t.refuse(h, syscall.ENODEV, "") // our links have no alternative names
		return
	case index == 0 && name == nil:
		t.refuse(h, syscall.EINVAL, "no ifindex or ifname given")
		return
	}
	msgs, err := t.read(fn, h.Seq)
	if err != nil {
		t.fail(h, err)
		return
	}
	it := wire.NewMessages(msgs)
	for it.Next() {
		m := it.Message()
		if len(m.Data) < sizeIfinfo {
			continue
		}
		if index != 0 && binary.NativeEndian.Uint32(m.Data[offIfiIndex:]) == index ||
			index == 0 && string(nameOf(m.Data[sizeIfinfo:])) == string(name) {
			t.copyMsg(m.Raw(msgs), 0)
			t.ack(h)
			return
		}
	}
	t.refuse(h, syscall.ENODEV, "")
}

// linkName returns the IFLA_IFNAME of a get request's attrs (nil when
// it has none) and whether it names an IFLA_ALT_IFNAME instead.
func linkName(attrs []byte) (name []byte, alt bool) {
	it := wire.NewAttrs(attrs)
	for it.Next() {
		switch a := it.Attr(); a.Kind() {
		case uapi.IFLA_IFNAME:
			return a.StringBytes(), false
		case uapi.IFLA_ALT_IFNAME:
			alt = true
		}
	}
	return nil, alt
}

// nameOf returns the IFLA_IFNAME of a link's attrs, or nil.
func nameOf(attrs []byte) []byte {
	n, _ := linkName(attrs)
	return n
}

// copyMsg appends the message raw with its flags set to flags and the
// port id set to the transport's.
func (t *Transport) copyMsg(raw []byte, flags wire.HeaderFlags) {
	start := len(t.reply)
	t.reply = pad(append(t.reply, raw...))
	binary.NativeEndian.PutUint16(t.reply[start+6:], uint16(flags))
	binary.NativeEndian.PutUint32(t.reply[start+12:], t.port)
}

// begin starts a message in t.reply; end sets its length.
func (t *Transport) begin(typ wire.MsgType, flags wire.HeaderFlags, seq uint32) {
	t.reply = pad(t.reply)
	t.open = len(t.reply)
	t.reply = wire.Header{Type: typ, Flags: flags, Seq: seq, PID: t.port}.Append(t.reply)
}

func (t *Transport) end() {
	binary.NativeEndian.PutUint32(t.reply[t.open:], uint32(len(t.reply)-t.open))
}

// ack answers h with an NLMSG_ERROR of error 0 when it asked for one.
func (t *Transport) ack(h wire.Header) {
	if h.Flags&wire.FlagAck != 0 {
		t.refuse(h, 0, "")
	}
}

// refuse answers h with an NLMSG_ERROR of errno (0: an ack) echoing h,
// capped (NLM_F_CAPPED), with msg as the extended-ack text
// (NLMSGERR_ATTR_MSG) when it is not empty:
//
//	nlmsghdr | error s32 (-errno) | echoed nlmsghdr | [NLMSGERR_ATTR_MSG "text\0"]
func (t *Transport) refuse(h wire.Header, errno syscall.Errno, msg string) {
	flags := wire.FlagCapped
	if msg != "" {
		flags |= wire.FlagAckTLVs
	}
	t.begin(wire.TypeError, flags, h.Seq)
	t.reply = binary.NativeEndian.AppendUint32(t.reply, uint32(-int32(errno)))
	t.reply = h.Append(t.reply)
	if msg != "" {
		n := wire.AttrHeaderLen + len(msg) + 1
		t.reply = binary.NativeEndian.AppendUint16(t.reply, uint16(n))
		t.reply = binary.NativeEndian.AppendUint16(t.reply, wire.ExtAckMsg)
		t.reply = append(t.reply, msg...)
		t.reply = pad(append(t.reply, 0))
	}
	t.end()
}

// fail refuses h for a failed table read: with err's errno when it has
// one (EIO otherwise), and err's text as the extended-ack message.
func (t *Transport) fail(h wire.Header, err error) {
	errno := syscall.EIO
	var e syscall.Errno
	if errors.As(err, &e) && e != 0 {
		errno = e
	}
	t.refuse(h, errno, err.Error())
}
