package pfroute

import (
	"errors"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// The fuzz targets feed arbitrary buffers, read as each system's layout,
// to the function they name. Properties: no panic; an error wraps
// ErrMalformed or ErrVersion; whatever was translated decodes cleanly
// through codec and re-encodes to the same bytes (decodeAll).

var seeds = [][]byte{freebsdIfList, openbsdDump, darwinNeigh, darwinIfList}

func addSeeds(f *testing.F) {
	for _, s := range seeds {
		for o := FreeBSD; o <= Darwin; o++ {
			f.Add(uint8(o), s)
		}
	}
}

func fuzzAppend(t *testing.T, s *codec.Schema, o uint8, buf []byte,
	fn func(*wire.Builder, OS, []byte, uint32) error) {
	var b wire.Builder
	err := fn(&b, OS(o%4), buf, 1)
	if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrVersion) && !errors.Is(err, ErrOS) {
		t.Fatalf("error %v wraps no sentinel", err)
	}
	if b.Err() != nil {
		t.Fatalf("builder: %v", b.Err())
	}
	decodeAll(t, s, b.Bytes())
}

func FuzzAppendLinks(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, o uint8, buf []byte) { fuzzAppend(t, codec.Link, o, buf, AppendLinks) })
}

func FuzzAppendAddrs(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, o uint8, buf []byte) { fuzzAppend(t, codec.Addr, o, buf, AppendAddrs) })
}

func FuzzAppendRoutes(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, o uint8, buf []byte) { fuzzAppend(t, codec.Route, o, buf, AppendRoutes) })
}

func FuzzAppendNeighbours(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, o uint8, buf []byte) { fuzzAppend(t, codec.Neigh, o, buf, AppendNeighbours) })
}
