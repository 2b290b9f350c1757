package codec

import (
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// visitAll decodes every attribute of every message in buf, as a dump
// consumer would, and returns a checksum so nothing is optimised away.
func visitAll(m *Msg, buf []byte) uint64 {
	var sum uint64
	it := wire.NewMessages(buf)
	for it.Next() {
		msg := it.Message()
		if msg.Header.Type < wire.TypeMinType {
			continue
		}
		m.Reset(Route, msg)
		sum += visitChain(m.Attrs())
	}
	if it.Err() != nil {
		return 0 // the captures are well-formed: a zero sum fails the caller
	}
	return sum
}

// visitChain takes the iterator by value: a pointer passed down a
// recursion makes escape analysis move it to the heap.
func visitChain(ai AttrIter) uint64 {
	var sum uint64
	for ai.Next() {
		v := ai.Value()
		switch k := v.Kind(); {
		case k.IsInt():
			n, _ := v.Uint()
			sum += n
		case k == KindAddr:
			a, _ := v.Addr()
			sum += uint64(a.BitLen())
		case k == KindNested:
			sum += visitChain(v.Nest().Attrs())
		case k == KindRecords:
			rs := v.Records()
			for rs.Next() {
				r := rs.Record()
				n, _ := r.Field("oif")
				sum += n + visitChain(r.Attrs())
			}
			if rs.Err() != nil {
				return 0
			}
		default:
			sum += uint64(len(v.Bytes()))
		}
	}
	if ai.Err() != nil {
		return 0
	}
	return sum
}

func TestAllocsDecodeDump(t *testing.T) {
	buf := capture(t, "routes10k.bin.gz")
	var m Msg
	if visitAll(&m, buf) == 0 {
		t.Fatal("decoding the 10k dump: an iterator failed (zero sum)")
	}
	if n := testing.AllocsPerRun(5, func() { visitAll(&m, buf) }); n != 0 {
		t.Errorf("decoding the 10k dump: %v allocs", n)
	}
}

func TestAllocsLookups(t *testing.T) {
	lm := mustMsg(t, Link, linkMsg)
	rm := mustMsg(t, Route, routeMsg)
	var b wire.Builder
	b.Reset(make([]byte, 0, 4096))
	var sink uint64
	for name, f := range map[string]func(){
		"Reset": func() { lm.ResetBytes(Link, linkMsg) },
		"GetAttr": func() {
			v, _ := lm.GetAttr("mtu")
			n, _ := v.Uint()
			sink += n
		},
		"Get path": func() {
			v, _ := lm.Get("linkinfo", "data", "br_stp_state")
			n, _ := v.Uint()
			sink += n
		},
		"GetAttrs": func() {
			v, _ := lm.GetAttr("prop_list")
			it := v.Nest().GetAttrs("alt_ifname")
			for it.Next() {
				sink += uint64(len(it.Value().StringBytes()))
			}
			if it.Err() != nil {
				sink = 0
			}
		},
		"All": func() {
			it := rm.Attrs()
			for v := range it.All() {
				sink += uint64(v.Type)
			}
		},
		"Prefix": func() {
			p, _ := rm.Prefix("dst")
			sink += uint64(p.Bits())
		},
		"AppendJSON": func() { b.Reset(lm.AppendJSON(b.Bytes()[:0])) },
		"Encode": func() {
			b.Reset(b.Bytes()[:0])
			rm.Encode(&b)
		},
		"typed route": func() { putRoute(&b, 7) },
	} {
		f() // warm
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocs", name, n)
		}
	}
	_ = sink
}

var (
	routeDst = netip.MustParsePrefix("10.1.0.0/16")
	routeGw  = netip.MustParseAddr("192.168.0.1")
)

// putRoute is the typed fast path a route installer uses: the schema's
// family header filled by field index, attributes put by type.
func putRoute(b *wire.Builder, seq uint32) {
	b.Reset(b.Bytes()[:0])
	b.Begin(uapi.RTM_NEWROUTE, wire.FlagRequest|wire.FlagAck|wire.FlagCreate, seq)
	var hdr [uapi.SizeofRtMsg]byte
	RtMsg.Put(hdr[:], 0, uapi.AF_INET)
	RtMsg.Put(hdr[:], 1, uint64(routeDst.Bits()))
	RtMsg.Put(hdr[:], 4, uapi.RT_TABLE_MAIN)
	RtMsg.Put(hdr[:], 5, uapi.RTPROT_STATIC)
	RtMsg.Put(hdr[:], 7, uapi.RTN_UNICAST)
	b.PutFixed(hdr[:])
	b.PutAddr(uapi.RTA_DST, routeDst.Addr())
	b.PutUint32(uapi.RTA_OIF, 2)
	b.PutAddr(uapi.RTA_GATEWAY, routeGw)
	b.PutUint32(uapi.RTA_PRIORITY, 100)
	b.PutUint32(uapi.RTA_TABLE, uapi.RT_TABLE_MAIN)
	b.End()
}

func TestTypedRouteMatchesSpec(t *testing.T) {
	var typed, spec wire.Builder
	typed.Reset(nil)
	putRoute(&typed, 7)
	spec.Reset(nil)
	err := Route.Encode(&spec, uapi.RTM_NEWROUTE, wire.FlagRequest|wire.FlagAck|wire.FlagCreate, 7, Spec{
		"dst": "10.1.0.0/16", "gateway": "192.168.0.1", "oif": 2, "table": 254,
		"priority": 100, "proto": uapi.RTPROT_STATIC, "type": uapi.RTN_UNICAST,
	})
	if err != nil {
		t.Fatal(err)
	}
	if string(typed.Bytes()) != string(spec.Bytes()) {
		t.Errorf("typed % x\n spec % x", typed.Bytes(), spec.Bytes())
	}
}

func TestRawAttr(t *testing.T) {
	m := mustMsg(t, Route, routeMsg)
	for typ := uint16(0); typ < 200; typ++ {
		v, ok := m.GetAttrType(typ)
		a, ok2 := m.RawAttr(typ)
		if ok != ok2 || a.Type != v.Type || string(a.Value) != string(v.Value) {
			t.Fatalf("type %d: RawAttr %+v %v, GetAttrType %+v %v", typ, a, ok2, v.Attr, ok)
		}
	}
	var empty Msg
	if _, ok := empty.RawAttr(1); ok {
		t.Error("RawAttr on an empty Msg found something")
	}
	if n := testing.AllocsPerRun(100, func() { m.RawAttr(1) }); n != 0 {
		t.Errorf("RawAttr: %v allocs", n)
	}
}
