package pfroute

import "github.com/nlroute/nlroute/wire"

// The translation of whole sysctl buffers. Each function walks buf with
// Records, translates the messages it is about into b (stamped with seq)
// and skips the others. It stops at the first malformed message or
// unknown version and returns the error (wrapping ErrMalformed or
// ErrVersion and naming the offset); the messages appended before it
// stay in b. Builder errors are b.Err's. Nothing allocates once b has
// room, except an error.

// AppendLinks translates the RTM_IFINFO messages of a NET_RT_IFLIST
// buffer of the system o into RTM_NEWLINK messages.
func AppendLinks(b *wire.Builder, o OS, buf []byte, seq uint32) error {
	rs := NewRecords(buf)
	for rs.Next() {
		if rs.Record().Type != rtmIfInfo {
			continue
		}
		l, err := ParseLink(o, rs.Record().Bytes)
		if err != nil {
			return recordError(rs.Offset(), err)
		}
		AppendLink(b, &l, seq)
	}
	return rs.Err()
}

// AppendAddrs translates the RTM_NEWADDR messages of a NET_RT_IFLIST
// buffer of the system o into RTM_NEWADDR messages. The RTM_IFINFO
// message that precedes an interface's addresses supplies the label
// (the interface name) and tells whether RTA_BRD is a broadcast address
// or a point-to-point peer. Addresses of other families are skipped.
func AppendAddrs(b *wire.Builder, o OS, buf []byte, seq uint32) error {
	var link Link
	rs := NewRecords(buf)
	for rs.Next() {
		r := rs.Record()
		switch r.Type {
		case rtmIfInfo:
			l, err := ParseLink(o, r.Bytes)
			if err != nil {
				return recordError(rs.Offset(), err)
			}
			link = l
		case rtmNewAddr:
			a, err := ParseAddr(o, r.Bytes)
			if err != nil {
				return recordError(rs.Offset(), err)
			}
			var label []byte
			p2p := false
			if a.Index == link.Index {
				label, p2p = link.Name, link.Flags&iffPointToPt != 0
			}
			AppendAddr(b, &a, p2p, label, seq)
		}
	}
	return rs.Err()
}

// AppendRoutes translates the RTM_GET messages of a NET_RT_DUMP buffer
// of the system o into RTM_NEWROUTE messages. Routes to other families
// and the RTF_LLINFO entries (ARP and NDP cache entries, which Linux
// keeps out of its routing tables: see AppendNeighbours) are skipped.
func AppendRoutes(b *wire.Builder, o OS, buf []byte, seq uint32) error {
	rs := NewRecords(buf)
	for rs.Next() {
		if rs.Record().Type != rtmGet {
			continue
		}
		r, err := ParseRoute(o, rs.Record().Bytes)
		if err != nil {
			return recordError(rs.Offset(), err)
		}
		if r.Flags&rtfLLInfo == 0 {
			AppendRoute(b, &r, seq)
		}
	}
	return rs.Err()
}

// AppendNeighbours translates the RTM_GET messages of a NET_RT_FLAGS
// buffer (flags RTF_LLINFO) of the system o into RTM_NEWNEIGH messages.
// Messages without an IPv4 or IPv6 destination and an AF_LINK gateway
// are skipped.
func AppendNeighbours(b *wire.Builder, o OS, buf []byte, seq uint32) error {
	rs := NewRecords(buf)
	for rs.Next() {
		if rs.Record().Type != rtmGet {
			continue
		}
		n, err := ParseNeigh(o, rs.Record().Bytes)
		if err != nil {
			return recordError(rs.Offset(), err)
		}
		AppendNeigh(b, &n, seq)
	}
	return rs.Err()
}
