package bench

import (
	"bytes"
	"encoding/binary"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"

	"github.com/mdlayher/netlink"
	"github.com/nlroute/nlroute/wire"
	"github.com/vishvananda/netlink/nl"
)

// routeDump is the 10,000-route RTM_GETROUTE dump captured from a real
// kernel (testdata/kernel/routes10k.bin.gz): the same bytes for every peer.
func routeDump(tb testing.TB) []byte {
	tb.Helper()
	return testutil.Capture(tb, "routes10k.bin.gz")
}

// result is what every decoder extracts from each route, so all do the
// same work: count routes and sum the values of RTA_OIF, RTA_TABLE and
// RTA_PRIORITY and the first byte of RTA_DST/RTA_GATEWAY.
type result struct{ routes, sum uint64 }

const (
	rtaDst      = 1
	rtaOif      = 4
	rtaGateway  = 5
	rtaPriority = 6
	rtaTable    = 15
	rtmNewRoute = 24
	rtmsgLen    = 12
)

func (r *result) attr(typ uint16, v []byte) {
	switch typ {
	case rtaOif, rtaPriority, rtaTable:
		if len(v) == 4 {
			r.sum += uint64(binary.NativeEndian.Uint32(v))
		}
	case rtaDst, rtaGateway:
		if len(v) > 0 {
			r.sum += uint64(v[0])
		}
	}
}

func decodeWire(buf []byte) (r result) {
	it := wire.NewMessages(buf)
	for it.Next() {
		m := it.Message()
		if m.Header.Type != rtmNewRoute || len(m.Data) < rtmsgLen {
			continue
		}
		r.routes++
		at := wire.NewAttrs(m.Data[rtmsgLen:])
		for at.Next() {
			a := at.Attr()
			r.attr(a.Kind(), a.Value)
		}
	}
	return r
}

func decodeStdlib(buf []byte) (r result) {
	msgs, err := syscall.ParseNetlinkMessage(buf)
	if err != nil {
		panic(err)
	}
	for i := range msgs {
		if msgs[i].Header.Type != rtmNewRoute {
			continue
		}
		r.routes++
		attrs, err := syscall.ParseNetlinkRouteAttr(&msgs[i])
		if err != nil {
			panic(err)
		}
		for _, a := range attrs {
			r.attr(a.Attr.Type, a.Value)
		}
	}
	return r
}

func decodeMdlayher(buf []byte) (r result) {
	for len(buf) >= 16 {
		n := int(binary.NativeEndian.Uint32(buf))
		var m netlink.Message
		if err := m.UnmarshalBinary(buf[:n]); err != nil {
			panic(err)
		}
		buf = buf[min((n+3)&^3, len(buf)):]
		if m.Header.Type != rtmNewRoute {
			continue
		}
		r.routes++
		ad, err := netlink.NewAttributeDecoder(m.Data[rtmsgLen:])
		if err != nil {
			panic(err)
		}
		for ad.Next() {
			r.attr(ad.Type(), ad.Bytes())
		}
	}
	return r
}

func decodeVishvananda(buf []byte) (r result) {
	msgs, err := syscall.ParseNetlinkMessage(buf)
	if err != nil {
		panic(err)
	}
	for i := range msgs {
		if msgs[i].Header.Type != rtmNewRoute {
			continue
		}
		r.routes++
		_ = nl.DeserializeRtMsg(msgs[i].Data)
		attrs, err := nl.ParseRouteAttr(msgs[i].Data[rtmsgLen:])
		if err != nil {
			panic(err)
		}
		for _, a := range attrs {
			r.attr(a.Attr.Type, a.Value)
		}
	}
	return r
}

var decoders = []struct {
	name string
	fn   func([]byte) result
}{
	{"nlroute-wire", decodeWire},
	{"nlroute-codec", decodeCodec},
	{"stdlib-syscall", decodeStdlib},
	{"mdlayher-netlink", decodeMdlayher},
	{"vishvananda-nl", decodeVishvananda},
}

// TestDecodersAgree makes sure every peer does the same work on the same
// bytes before their speeds are compared.
func TestDecodersAgree(t *testing.T) {
	buf := routeDump(t)
	want := decodeWire(buf)
	if want.routes < 10000 {
		t.Fatalf("dump has %d routes, want at least 10000", want.routes)
	}
	for _, d := range decoders {
		if got := d.fn(bytes.Clone(buf)); got != want {
			t.Errorf("%s: %+v, want %+v", d.name, got, want)
		}
	}
}

// BenchmarkDecodeRouteDump decodes the 10,000-route dump with each peer.
func BenchmarkDecodeRouteDump(b *testing.B) {
	buf := routeDump(b)
	for _, d := range decoders {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			for b.Loop() {
				d.fn(buf)
			}
		})
	}
}
