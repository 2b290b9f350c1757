//go:build linux

package sys

import (
	"encoding/binary"
	"os"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// Just enough netlink for the tests; the real encoder lives in wire/.
const (
	nlmsgNoop  = 0x1 // NLMSG_NOOP
	nlmsgError = 0x2 // NLMSG_ERROR
	nlmsgDone  = 0x3 // NLMSG_DONE

	rtmNewlink = 16 // RTM_NEWLINK
	rtmGetlink = 18 // RTM_GETLINK

	flagRequest = 0x1   // NLM_F_REQUEST
	flagMulti   = 0x2   // NLM_F_MULTI
	flagAck     = 0x4   // NLM_F_ACK
	flagDump    = 0x300 // NLM_F_DUMP

	iflaIfname = 3 // IFLA_IFNAME

	rtnlgrpLink = 1 // RTNLGRP_LINK
)

var ne = binary.NativeEndian

// request builds one netlink message: the 16-byte nlmsghdr, then payload.
func request(typ, flags uint16, seq uint32, payload []byte) []byte {
	b := make([]byte, 16, 16+len(payload))
	ne.PutUint32(b[0:], uint32(16+len(payload))) // nlmsg_len
	ne.PutUint16(b[4:], typ)                     // nlmsg_type
	ne.PutUint16(b[6:], flags)                   // nlmsg_flags
	ne.PutUint32(b[8:], seq)                     // nlmsg_seq
	ne.PutUint32(b[12:], 0)                      // nlmsg_pid
	return append(b, payload...)
}

// linkDump is an RTM_GETLINK dump request with an empty ifinfomsg.
func linkDump(seq uint32) []byte {
	return request(rtmGetlink, flagRequest|flagDump, seq, make([]byte, 16))
}

type msg struct {
	typ, flags uint16
	seq, pid   uint32
	body       []byte
}

// parse splits a datagram into messages, failing t on a malformed one.
func parse(t testing.TB, b []byte) []msg {
	t.Helper()
	var out []msg
	for len(b) > 0 {
		if len(b) < 16 {
			t.Fatalf("parse: %d trailing bytes", len(b))
		}
		l := int(ne.Uint32(b))
		if l < 16 || l > len(b) {
			t.Fatalf("parse: nlmsg_len %d with %d bytes left", l, len(b))
		}
		out = append(out, msg{
			typ: ne.Uint16(b[4:]), flags: ne.Uint16(b[6:]),
			seq: ne.Uint32(b[8:]), pid: ne.Uint32(b[12:]),
			body: b[16:l],
		})
		b = b[min((l+3)&^3, len(b)):]
	}
	return out
}

// ifname returns IFLA_IFNAME of an RTM_NEWLINK body.
func ifname(body []byte) string {
	attrs := body[16:] // after ifinfomsg
	for len(attrs) >= 4 {
		l, typ := int(ne.Uint16(attrs)), ne.Uint16(attrs[2:])
		if l < 4 || l > len(attrs) {
			return ""
		}
		if typ&0x3fff == iflaIfname {
			v := attrs[4:l]
			for i, c := range v {
				if c == 0 {
					return string(v[:i])
				}
			}
			return string(v)
		}
		attrs = attrs[min((l+3)&^3, len(attrs)):]
	}
	return ""
}

// errnoOf returns the error code of an NLMSG_ERROR body.
func errnoOf(body []byte) int32 { return int32(ne.Uint32(body)) }

// openIn opens a NETLINK_ROUTE socket in ns, closed when t ends.
func openIn(t testing.TB, ns *testutil.NetNS) *Socket {
	t.Helper()
	s, err := Open(ProtoRoute, Config{NetNS: NetNSPath(ns.Path)})
	if err != nil {
		t.Fatalf("Open in %s: %v", ns.Name, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openHere opens a NETLINK_ROUTE socket in the test's own namespace. The
// tests that use it only send NLMSG_NOOP, which changes nothing.
func openHere(t testing.TB) *Socket {
	t.Helper()
	s, err := Open(ProtoRoute, Config{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// threadNetNS returns the inode of the calling thread's network namespace.
func threadNetNS(t testing.TB) uint64 {
	t.Helper()
	fi, err := os.Stat("/proc/thread-self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}
