package wire

import (
	"net/netip"
	"strconv"
	"testing"
)

func BenchmarkIterate(b *testing.B) {
	for _, n := range []int{1, 64, 4096} {
		buf := routeDump(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			for b.Loop() {
				walk(buf)
			}
		})
	}
}

func BenchmarkBuildRoute(b *testing.B) {
	var bl Builder
	buf := make([]byte, 0, 4096)
	dst := netip.MustParseAddr("10.0.0.0")
	b.ReportAllocs()
	for b.Loop() {
		bl.Reset(buf)
		bl.Begin(24, FlagRequest|FlagAck|FlagCreate, 1)
		bl.PutFixed([]byte{2, 24, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0})
		bl.PutAddr(1, dst)
		bl.PutAddr(5, dst)
		bl.PutUint32(4, 2)
		bl.PutUint32(15, 254)
		bl.End()
	}
}
