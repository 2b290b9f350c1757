package rtnl

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"syscall"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Route dumps in the format of `ip route save` and `ip route restore`:
//
//	+--------------------+---------------------+---------------------+--
//	| magic 0x45311224   | RTM_NEWROUTE msg    | RTM_NEWROUTE msg    | …
//	| u32, host order    | nlmsghdr + rtmsg +  | as the kernel sent  |
//	|                    | attributes, aligned | it in a dump        |
//	+--------------------+---------------------+---------------------+--

// RouteDumpMagic opens a route dump (iproute2's ROUTE_DUMP_MAGIC).
const RouteDumpMagic = 0x45311224

// ErrRouteDumpMagic is returned for input that is not a route dump.
var ErrRouteDumpMagic = errors.New("rtnl: not a route dump (bad magic)")

// RouteSave writes the routes that pass the filters (those of
// [IPRoute.Routes]; `ip route save` alone saves table main, which is
// Match{"table": 254}) to w in `ip route save` format, and returns how
// many it wrote. Errors are the dump's or w's.
func (r *IPRoute) RouteSave(ctx context.Context, w io.Writer, filters ...Matcher) (int, error) {
	var magic [4]byte
	binary.NativeEndian.PutUint32(magic[:], RouteDumpMagic)
	if _, err := w.Write(magic[:]); err != nil {
		return 0, fmt.Errorf("rtnl: route save: %w", err)
	}
	it := r.Routes(ctx, filters...)
	defer it.Close()
	var buf []byte
	n := 0
	for it.Next() {
		buf = it.View().Msg().AppendRaw(buf[:0])
		buf = append(buf, make([]byte, wire.Align(len(buf))-len(buf))...)
		if _, err := w.Write(buf); err != nil {
			return n, fmt.Errorf("rtnl: route save: %w", err)
		}
		n++
	}
	return n, it.Err()
}

// ReadRouteDump reads a route dump (what `ip route save` writes, or
// RouteSave) and returns its routes as owned views. A dump that does not
// open with RouteDumpMagic is ErrRouteDumpMagic; a truncated or
// malformed message is an error naming its position.
func ReadRouteDump(rd io.Reader) ([]RouteView, error) {
	br := bufio.NewReader(rd)
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil || binary.NativeEndian.Uint32(magic[:]) != RouteDumpMagic {
		return nil, ErrRouteDumpMagic
	}
	var out []RouteView
	for i := 0; ; i++ {
		var h [wire.HeaderLen]byte
		if _, err := io.ReadFull(br, h[:]); err == io.EOF {
			return out, nil
		} else if err != nil {
			return out, fmt.Errorf("rtnl: route dump: message %d: %w", i, err)
		}
		n := int(binary.NativeEndian.Uint32(h[:]))
		if n < wire.HeaderLen+codec.RtMsg.Size || n > 1<<20 {
			return out, fmt.Errorf("rtnl: route dump: message %d: bad length %d", i, n)
		}
		msg := make([]byte, wire.Align(n))
		copy(msg, h[:])
		if _, err := io.ReadFull(br, msg[wire.HeaderLen:]); err != nil {
			return out, fmt.Errorf("rtnl: route dump: message %d: %w", i, err)
		}
		m := new(codec.Msg)
		if err := m.ResetBytes(codec.Route, msg[:n]); err != nil {
			return out, fmt.Errorf("rtnl: route dump: message %d: %w", i, err)
		}
		out = append(out, RouteView{m})
	}
}

// restorePass reports whether route v belongs to pass p of a restore,
// in the order `ip route restore` uses: routes to local addresses (no
// gateway, no metric, or IPv6 host routes), then local networks (no
// gateway, a metric), then the rest (through gateways), so every
// gateway is reachable when its route arrives.
func restorePass(v RouteView, p int) bool {
	_, gw := v.Msg().RawAttr(uapi.RTA_GATEWAY)
	_, prio := v.Msg().RawAttr(uapi.RTA_PRIORITY)
	switch p {
	case 0:
		return !gw && (!prio || v.Family() == uapi.AF_INET6 && v.DstLen() >= 128)
	case 1:
		return !gw && prio && !(v.Family() == uapi.AF_INET6 && v.DstLen() >= 128)
	}
	return gw
}

// RouteRestore reads a route dump from rd (as `ip route restore`: what
// `ip route save` or RouteSave wrote) and creates its routes, in three
// batches ordered as restorePass describes. A route that exists already
// is no error. It returns how many routes it created, and the first
// refusal other than EEXIST.
func (r *IPRoute) RouteRestore(ctx context.Context, rd io.Reader) (int, error) {
	const op = "route restore"
	routes, err := ReadRouteDump(rd)
	if err != nil {
		return 0, err
	}
	n := 0
	var first error
	for p := range 3 {
		var buf []byte
		count := 0
		for _, v := range routes {
			if !restorePass(v, p) {
				continue
			}
			start := len(buf)
			buf = v.Msg().AppendRaw(buf)
			h := wire.Header{Len: uint32(len(buf) - start), Type: uapi.RTM_NEWROUTE,
				Flags: wire.FlagRequest | wire.FlagAck | wire.FlagCreate | wire.FlagExcl}
			h.Put(buf[start:])
			buf = append(buf, make([]byte, wire.Align(len(buf))-len(buf))...)
			count++
		}
		if count == 0 {
			continue
		}
		results := make([]error, count)
		if _, err := r.c.Batch(ctx, op, buf, results); err != nil {
			return n, wrap(op, err)
		}
		for _, err := range results {
			switch {
			case err == nil:
				n++
			case errors.Is(err, syscall.EEXIST):
			case first == nil:
				first = wrap(op, err)
			}
		}
	}
	return n, first
}
