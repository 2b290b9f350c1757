package codec

import (
	"testing"

	"github.com/nlroute/nlroute/wire"
)

func BenchmarkDecodeDump10k(b *testing.B) {
	buf := capture(b, "routes10k.bin.gz")
	b.Run("index", func(b *testing.B) {
		var m Msg
		b.SetBytes(int64(len(buf)))
		b.ReportAllocs()
		for b.Loop() {
			it := wire.NewMessages(buf)
			for it.Next() {
				m.Reset(Route, it.Message())
			}
			if err := it.Err(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("every-attr", func(b *testing.B) {
		var m Msg
		b.SetBytes(int64(len(buf)))
		b.ReportAllocs()
		for b.Loop() {
			visitAll(&m, buf)
		}
	})
}

func BenchmarkAttrIter(b *testing.B) {
	m := mustMsg(b, Link, linkMsg)
	b.ReportAllocs()
	for b.Loop() {
		it := m.Attrs()
		for it.Next() {
			_ = it.Value()
		}
		if err := it.Err(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetAttr(b *testing.B) {
	m := mustMsg(b, Link, linkMsg)
	b.Run("name", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m.GetAttr("mtu")
		}
	})
	b.Run("type", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m.GetAttrType(4)
		}
	})
	b.Run("path", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m.Get("linkinfo", "data", "br_stp_state")
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	var w wire.Builder
	w.Reset(make([]byte, 0, 4096))
	b.Run("typed-route", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			putRoute(&w, 1)
		}
	})
	b.Run("reencode-link", func(b *testing.B) {
		m := mustMsg(b, Link, linkMsg)
		b.ReportAllocs()
		for b.Loop() {
			w.Reset(w.Bytes()[:0])
			m.Encode(&w)
		}
	})
	b.Run("spec-route", func(b *testing.B) {
		spec := Spec{"dst": "10.1.0.0/16", "gateway": "192.168.0.1", "oif": 2, "table": 254, "priority": 100}
		b.ReportAllocs()
		for b.Loop() {
			w.Reset(w.Bytes()[:0])
			Route.Encode(&w, 24, 0, 1, spec)
		}
	})
	b.Run("json-link", func(b *testing.B) {
		m := mustMsg(b, Link, linkMsg)
		dst := make([]byte, 0, 4096)
		b.ReportAllocs()
		for b.Loop() {
			dst = m.AppendJSON(dst[:0])
		}
	})
}
