package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/nlroute/nlroute/internal/sys"
)

// Fixed port ids, one per socket, so that the nlmsg_pid of every reply is
// the same on every run.
const (
	portDump   = 0x6e6c0001
	portExtAck = 0x6e6c0002
	portCapped = 0x6e6c0003
	portAck    = 0x6e6c0004
	portOffset = 0x6e6c0005
	portTenK   = 0x6e6c0006
)

// file describes one written file for the README.
type file struct {
	name      string
	what      string
	datagrams int // 0 for non-netlink files
	messages  int
	size      int // as written
	rawSize   int // before gzip, when gzipped
}

// openIn opens a NETLINK_ROUTE socket in ns bound to port, with
// NETLINK_EXT_ACK on (as nlroute runs) and NETLINK_CAP_ACK as asked.
func openIn(ns *netns, port uint32, capAck bool) (*sys.Socket, error) {
	s, err := sys.Open(sys.ProtoRoute, sys.Config{NetNS: sys.NetNSPath(ns.path), PortID: port})
	if err != nil {
		return nil, err
	}
	if err := s.SetExtAck(true); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.SetCapAck(capAck); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// captureMain fills the main namespace and captures its dumps, its
// iproute2 JSON and the error replies.
func captureMain(ctx context.Context, ns *netns, dir string) ([]file, error) {
	for _, script := range [][]string{linksScript(), routes4Script(), routes6Script()} {
		if err := ns.batch(ctx, script); err != nil {
			return nil, err
		}
	}
	if err := ns.settle(ctx, "br0", 30*time.Second); err != nil {
		return nil, err
	}
	s, err := openIn(ns, portDump, false)
	if err != nil {
		return nil, err
	}
	defer s.Close()

	var files []file
	dumps := []struct {
		name, what string
		req        []byte
	}{
		{"links", "RTM_GETLINK dump (AF_UNSPEC, IFLA_EXT_MASK=RTEXT_FILTER_VF)", linkDumpReq()},
		{"addrs", "RTM_GETADDR dump (AF_UNSPEC)", addrDumpReq()},
		{"routes", "RTM_GETROUTE dump (AF_INET): every table", routeDumpReq(afInet, 3)},
		{"routes6", "RTM_GETROUTE dump (AF_INET6): every table", routeDumpReq(afInet6, 4)},
	}
	for _, d := range dumps {
		c, err := request(s, d.req)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.name, err)
		}
		if err := c.write(dir, d.name); err != nil {
			return nil, err
		}
		files = append(files, c.files(d.name, d.what)...)
	}

	// iproute2's view, right after the dumps.
	views := []struct {
		name string
		args []string
	}{
		{"ip-link.json", []string{"-j", "-d", "link", "show"}},
		{"ip-addr.json", []string{"-j", "addr"}},
		{"ip-route.json", []string{"-j", "-4", "route", "show", "table", "all"}},
		{"ip-route6.json", []string{"-j", "-6", "route", "show", "table", "all"}},
	}
	for _, v := range views {
		out, err := ns.ip(ctx, v.args...)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(dir+"/"+v.name, out, 0o644); err != nil {
			return nil, err
		}
		files = append(files, file{name: v.name, what: "`ip " + strings.Join(v.args, " ") + "`", size: len(out)})
	}

	errs, err := captureErrors(ns, dir)
	if err != nil {
		return nil, err
	}
	return append(files, errs...), nil
}

// captureErrors captures the replies to requests that fail, or succeed,
// with NLM_F_ACK. None of them changes the namespace.
func captureErrors(ns *netns, dir string) ([]file, error) {
	cases := []struct {
		name, what string
		port       uint32
		capAck     bool
		req        []byte
		wantErr    int32 // negative errno
		wantAttr   uint16
	}{
		{"error-extack", "RTM_NEWLINK of kind \"nosuchkind\", NETLINK_EXT_ACK on: whole request echoed, then NLMSGERR_ATTR_MSG",
			portExtAck, false, unknownKindReq(10), -95, nlmsgerrAttrMsg},
		{"error-extack-capped", "same request with NETLINK_CAP_ACK on too: only the request header echoed",
			portCapped, true, unknownKindReq(11), -95, nlmsgerrAttrMsg},
		{"ack", "RTM_NEWLINK setting lo's MTU to its current 65536, NLM_F_ACK: error 0",
			portAck, false, setLoMTUReq(12), 0, 0},
		{"error-offset", "RTM_NEWLINK with a 2-byte IFLA_MTU: ERANGE, NLMSGERR_ATTR_MSG and NLMSGERR_ATTR_OFFS naming the attribute",
			portOffset, false, shortMTUReq(13), -34, nlmsgerrAttrOffs},
	}
	var files []file
	for _, tc := range cases {
		s, err := openIn(ns, tc.port, tc.capAck)
		if err != nil {
			return nil, err
		}
		c, err := request(s, tc.req)
		s.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", tc.name, err)
		}
		if code, ok := c.errorCode(); !ok || code != tc.wantErr {
			return nil, fmt.Errorf("%s: kernel answered error %d (found %v), want %d", tc.name, code, ok, tc.wantErr)
		}
		if tc.wantAttr != 0 {
			if _, ok := c.extAckAttr(tc.wantAttr); !ok {
				return nil, fmt.Errorf("%s: no extended-ack attribute %d in the reply", tc.name, tc.wantAttr)
			}
		}
		if err := c.write(dir, tc.name); err != nil {
			return nil, err
		}
		what := tc.what
		if msg, ok := c.extAckAttr(nlmsgerrAttrMsg); ok {
			what += fmt.Sprintf(" %q", strings.TrimRight(string(msg), "\x00"))
		}
		files = append(files, c.files(tc.name, what)...)
	}
	return files, nil
}

// capture10k fills the big namespace with exactly tenKRoutes routes and
// writes its gzipped IPv4 route dump.
func capture10k(ctx context.Context, ns *netns, dir string) ([]file, error) {
	if err := ns.batch(ctx, tenKScript()); err != nil {
		return nil, err
	}
	if err := ns.settle(ctx, "", 30*time.Second); err != nil {
		return nil, err
	}
	s, err := openIn(ns, portTenK, false)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	c, err := request(s, routeDumpReq(afInet, 5))
	if err != nil {
		return nil, fmt.Errorf("routes10k: %w", err)
	}
	if n := c.countRoutes(rtTableMain); n < tenKRoutes {
		return nil, fmt.Errorf("routes10k: %d routes in table main, want at least %d", n, tenKRoutes)
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression) // no name, no mtime: reproducible
	if err != nil {
		return nil, err
	}
	zw.Write(c.reply)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if err := os.WriteFile(dir+"/routes10k.bin.gz", gz.Bytes(), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(dir+"/routes10k-req.bin", c.req, 0o644); err != nil {
		return nil, err
	}
	return []file{
		{name: "routes10k.bin.gz", what: fmt.Sprintf("gzip of an RTM_GETROUTE dump (AF_INET) of a namespace with %d extra routes (6000 dev, 2800 gateway, 600 multipath, 600 with metrics); %d in table main",
			tenKRoutes, c.countRoutes(rtTableMain)), datagrams: c.datagrams, messages: c.messages, size: gz.Len(), rawSize: len(c.reply)},
		{name: "routes10k-req.bin", what: "its request", datagrams: 1, messages: 1, size: len(c.req)},
	}, nil
}

// files describes the two files c.write made.
func (c *capture) files(name, what string) []file {
	return []file{
		{name: name + ".bin", what: what, datagrams: c.datagrams, messages: c.messages, size: len(c.reply)},
		{name: name + "-req.bin", what: "its request", datagrams: 1, messages: 1, size: len(c.req)},
	}
}
