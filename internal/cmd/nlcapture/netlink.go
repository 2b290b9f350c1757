package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/nlroute/nlroute/internal/sys"
)

// The few kernel numbers this tool needs. They are written out here, with
// the kernel's names, so that the tool depends on internal/sys alone.
const (
	nlmsgError = 0x2 // NLMSG_ERROR
	nlmsgDone  = 0x3 // NLMSG_DONE

	flagRequest  = 0x1   // NLM_F_REQUEST
	flagAck      = 0x4   // NLM_F_ACK
	flagDumpIntr = 0x10  // NLM_F_DUMP_INTR
	flagExcl     = 0x200 // NLM_F_EXCL
	flagCreate   = 0x400 // NLM_F_CREATE
	flagDump     = 0x300 // NLM_F_DUMP (NLM_F_ROOT|NLM_F_MATCH)

	rtmNewlink  = 16 // RTM_NEWLINK
	rtmGetlink  = 18 // RTM_GETLINK
	rtmGetaddr  = 22 // RTM_GETADDR
	rtmGetroute = 26 // RTM_GETROUTE

	afUnspec = 0  // AF_UNSPEC
	afInet   = 2  // AF_INET
	afInet6  = 10 // AF_INET6

	nlaFNested = 0x8000 // NLA_F_NESTED

	iflaIfname   = 3  // IFLA_IFNAME
	iflaMTU      = 4  // IFLA_MTU
	iflaLinkinfo = 18 // IFLA_LINKINFO
	iflaExtMask  = 29 // IFLA_EXT_MASK
	iflaInfoKind = 1  // IFLA_INFO_KIND

	rtextFilterVF = 1 // RTEXT_FILTER_VF

	sizeofIfinfomsg = 16 // struct ifinfomsg
	sizeofIfaddrmsg = 8  // struct ifaddrmsg
	sizeofRtmsg     = 12 // struct rtmsg
)

var ne = binary.NativeEndian

// msg builds netlink messages: a header, a fixed family struct, then
// attributes.
type msg struct{ b []byte }

func newMsg(typ, flags uint16, seq uint32, fixed []byte) *msg {
	m := &msg{b: make([]byte, 16, 256)}
	ne.PutUint16(m.b[4:], typ)   // nlmsg_type
	ne.PutUint16(m.b[6:], flags) // nlmsg_flags
	ne.PutUint32(m.b[8:], seq)   // nlmsg_seq; nlmsg_pid stays 0
	m.b = append(m.b, fixed...)
	return m
}

// attr appends an attribute with payload v, padded to 4 bytes.
func (m *msg) attr(typ uint16, v []byte) *msg {
	var h [4]byte
	ne.PutUint16(h[0:], uint16(4+len(v)))
	ne.PutUint16(h[2:], typ)
	m.b = append(append(m.b, h[:]...), v...)
	for len(m.b)%4 != 0 {
		m.b = append(m.b, 0)
	}
	return m
}

func (m *msg) bytes() []byte {
	ne.PutUint32(m.b[0:], uint32(len(m.b))) // nlmsg_len
	return m.b
}

func u32(v uint32) []byte  { return ne.AppendUint32(nil, v) }
func cstr(s string) []byte { return append([]byte(s), 0) }

// ifinfomsg returns a struct ifinfomsg for family and ifindex, the other
// fields zero.
func ifinfomsg(family uint8, index int32) []byte {
	b := make([]byte, sizeofIfinfomsg)
	b[0] = family                      // ifi_family
	ne.PutUint32(b[4:], uint32(index)) // ifi_index
	return b
}

// rtmsg returns a struct rtmsg with only rtm_family set.
func rtmsg(family uint8) []byte {
	b := make([]byte, sizeofRtmsg)
	b[0] = family
	return b
}

// The requests the tool captures replies to. Sequence numbers are fixed so
// the captures come out the same.

func linkDumpReq() []byte {
	return newMsg(rtmGetlink, flagRequest|flagDump, 1, ifinfomsg(afUnspec, 0)).
		attr(iflaExtMask, u32(rtextFilterVF)).bytes()
}

func addrDumpReq() []byte {
	return newMsg(rtmGetaddr, flagRequest|flagDump, 2, make([]byte, sizeofIfaddrmsg)).bytes()
}

func routeDumpReq(family uint8, seq uint32) []byte {
	return newMsg(rtmGetroute, flagRequest|flagDump, seq, rtmsg(family)).bytes()
}

// unknownKindReq asks to create link bad0 of kind "nosuchkind".
func unknownKindReq(seq uint32) []byte {
	info := (&msg{}).attr(iflaInfoKind, cstr("nosuchkind")).b
	return newMsg(rtmNewlink, flagRequest|flagAck|flagCreate|flagExcl, seq, ifinfomsg(afUnspec, 0)).
		attr(iflaIfname, cstr("bad0")).
		attr(iflaLinkinfo|nlaFNested, info).bytes()
}

// setLoMTUReq sets lo's MTU to the value it already has: it succeeds and
// changes nothing.
func setLoMTUReq(seq uint32) []byte {
	return newMsg(rtmNewlink, flagRequest|flagAck, seq, ifinfomsg(afUnspec, 1)).
		attr(iflaMTU, u32(65536)).bytes()
}

// shortMTUReq sends IFLA_MTU with a 2-byte payload instead of 4: the
// policy check rejects it and names the attribute's offset.
func shortMTUReq(seq uint32) []byte {
	return newMsg(rtmNewlink, flagRequest|flagAck, seq, ifinfomsg(afUnspec, 1)).
		attr(iflaMTU, []byte{0xdc, 0x05}).bytes()
}

// capture is the raw reply to one request.
type capture struct {
	req       []byte
	reply     []byte // the datagrams, concatenated in order
	datagrams int
	messages  int
}

// request sends req on s and collects datagrams until the reply is
// complete: NLMSG_DONE or NLMSG_ERROR for dumps, any NLMSG_ERROR for the
// others. A dump interrupted by a concurrent change (NLM_F_DUMP_INTR) is
// retried, since its contents would be inconsistent.
func request(s *sys.Socket, req []byte) (*capture, error) {
	for try := 0; try < 5; try++ {
		c, intr, err := requestOnce(s, req)
		if err != nil || !intr {
			return c, err
		}
	}
	return nil, errors.New("dump interrupted five times in a row")
}

func requestOnce(s *sys.Socket, req []byte) (c *capture, intr bool, err error) {
	if _, err := s.Sendmsg(req, 0); err != nil {
		return nil, false, err
	}
	seq := ne.Uint32(req[8:])
	c = &capture{req: req}
	buf := make([]byte, 64<<10)
	s.SetReadDeadline(time.Now().Add(30 * time.Second))
	defer s.SetReadDeadline(time.Time{})
	for {
		d, err := s.Recvmsg(buf, 0)
		if err != nil {
			return nil, false, err
		}
		if d.Flags&sys.MsgTrunc != 0 {
			return nil, false, fmt.Errorf("datagram of %d bytes truncated", d.N)
		}
		if d.PortID != 0 {
			continue // not from the kernel
		}
		c.reply = append(c.reply, buf[:d.N]...)
		c.datagrams++
		done := false
		for b := buf[:d.N]; len(b) >= 16; {
			l := int(ne.Uint32(b))
			if l < 16 || l > len(b) {
				return nil, false, fmt.Errorf("malformed message: nlmsg_len %d of %d bytes", l, len(b))
			}
			typ, flags := ne.Uint16(b[4:]), ne.Uint16(b[6:])
			if ne.Uint32(b[8:]) != seq {
				return nil, false, fmt.Errorf("reply with sequence %d, want %d", ne.Uint32(b[8:]), seq)
			}
			c.messages++
			intr = intr || flags&flagDumpIntr != 0
			done = done || typ == nlmsgDone || typ == nlmsgError
			b = b[min((l+3)&^3, len(b)):]
		}
		if done {
			return c, intr, nil
		}
	}
}

// write saves the capture as NAME.bin and NAME-req.bin in dir.
func (c *capture) write(dir, name string) error {
	if err := os.WriteFile(dir+"/"+name+".bin", c.reply, 0o644); err != nil {
		return err
	}
	return os.WriteFile(dir+"/"+name+"-req.bin", c.req, 0o644)
}

// errorCode returns the error field of the first NLMSG_ERROR in the reply.
func (c *capture) errorCode() (int32, bool) {
	for b := c.reply; len(b) >= 20; {
		l := int(ne.Uint32(b))
		if ne.Uint16(b[4:]) == nlmsgError {
			return int32(ne.Uint32(b[16:])), true
		}
		if l < 16 {
			break
		}
		b = b[min((l+3)&^3, len(b)):]
	}
	return 0, false
}

const (
	rtmNewroute = 24  // RTM_NEWROUTE
	rtTableMain = 254 // RT_TABLE_MAIN

	flagCapped  = 0x100 // NLM_F_CAPPED: the error echoes only the request header
	flagAckTLVs = 0x200 // NLM_F_ACK_TLVS: extended-ack attributes follow

	nlmsgerrAttrMsg  = 1 // NLMSGERR_ATTR_MSG
	nlmsgerrAttrOffs = 2 // NLMSGERR_ATTR_OFFS
)

// extAckAttr returns the payload of extended-ack attribute typ of the
// reply's NLMSG_ERROR:
//
//	nlmsghdr | int error | echoed request (header only if NLM_F_CAPPED) | TLVs
func (c *capture) extAckAttr(typ uint16) ([]byte, bool) {
	b := c.reply
	if len(b) < 36 || ne.Uint16(b[4:]) != nlmsgError || ne.Uint16(b[6:])&flagAckTLVs == 0 {
		return nil, false
	}
	end := min(int(ne.Uint32(b)), len(b))
	off := 20 + 16
	if ne.Uint16(b[6:])&flagCapped == 0 {
		off = 20 + (int(ne.Uint32(b[20:]))+3)&^3
	}
	for off+4 <= end {
		l, t := int(ne.Uint16(b[off:])), ne.Uint16(b[off+2:])
		if l < 4 || off+l > end {
			return nil, false
		}
		if t == typ {
			return b[off+4 : off+l], true
		}
		off += (l + 3) &^ 3
	}
	return nil, false
}

// countRoutes counts the RTM_NEWROUTE messages of the reply in table.
func (c *capture) countRoutes(table uint8) int {
	n := 0
	for b := c.reply; len(b) >= 16; {
		l := int(ne.Uint32(b))
		if l < 16 || l > len(b) {
			break
		}
		if ne.Uint16(b[4:]) == rtmNewroute && l >= 16+sizeofRtmsg && b[16+4] == table { // rtm_table
			n++
		}
		b = b[min((l+3)&^3, len(b)):]
	}
	return n
}
