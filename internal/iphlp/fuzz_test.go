package iphlp

import (
	"errors"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// The fuzz targets feed arbitrary bytes to the parser they name.
// Properties: no panic; an error wraps ErrMalformed; a parsed row
// translates into a message that decodes cleanly through codec and
// re-encodes to the same bytes (decodeAll).

func checkErr(t *testing.T, err error) bool {
	if err != nil && !errors.Is(err, ErrMalformed) {
		t.Fatalf("error %v does not wrap ErrMalformed", err)
	}
	return err == nil
}

func FuzzParseAddressPrefix(f *testing.F) {
	f.Add(defaultRoute[offFwdDest : offFwdDest+SizeofAddressPrefix])
	f.Add(onLinkRoute6[offFwdDest : offFwdDest+SizeofAddressPrefix])
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseAddressPrefix(b)
		if checkErr(t, err) && (!p.IsValid() || p.Bits() > p.Addr().BitLen()) {
			t.Fatalf("invalid prefix %v without an error", p)
		}
	})
}

func FuzzParseUnicastAddressRow(f *testing.F) {
	f.Add(unicastRow)
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseUnicastAddressRow(b)
		if checkErr(t, err) {
			var w wire.Builder
			AppendAddr(&w, &r, 1)
			decodeAll(t, codec.Addr, w.Bytes())
		}
	})
}

func FuzzParseForwardRow(f *testing.F) {
	f.Add(defaultRoute)
	f.Add(onLinkRoute6)
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseForwardRow(b)
		if checkErr(t, err) {
			var w wire.Builder
			AppendRoute(&w, &r, 1)
			decodeAll(t, codec.Route, w.Bytes())
		}
	})
}

func FuzzParseNeighbourRow(f *testing.F) {
	f.Add(neighbourRow)
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseNeighbourRow(b)
		if checkErr(t, err) {
			var w wire.Builder
			AppendNeighbour(&w, &r, 1)
			decodeAll(t, codec.Neigh, w.Bytes())
		}
	})
}

// FuzzAppendLink translates arbitrary MIB_IF_ROW2 field values.
func FuzzAppendLink(f *testing.F) {
	f.Add(uint32(12), "Ethernet", "Intel", []byte{0, 0x0c, 0x29, 0xaa, 0xbb, 0xcc}, uint32(1500), uint32(6), uint32(1), uint32(1))
	f.Fuzz(func(t *testing.T, idx uint32, alias, descr string, phys []byte, mtu, typ, oper, admin uint32) {
		if len(alias) > 1024 || len(descr) > 1024 || len(phys) > 32 {
			return // MIB_IF_ROW2 holds 257 WCHARs and 32 address bytes
		}
		r := IfRow{idx, alias, descr, phys, mtu, typ, oper, admin}
		var w wire.Builder
		AppendLink(&w, &r, 1)
		if w.Err() != nil {
			t.Fatal(w.Err())
		}
		decodeAll(t, codec.Link, w.Bytes())
	})
}

func TestTranslateAllocs(t *testing.T) {
	buf := make([]byte, 0, 4096)
	var b wire.Builder
	link := IfRow{InterfaceIndex: 1, Alias: "Ethernet", PhysicalAddress: []byte{1, 2, 3, 4, 5, 6}, Type: 6}
	n := testing.AllocsPerRun(100, func() {
		b.Reset(buf)
		a, _ := ParseUnicastAddressRow(unicastRow)
		r, _ := ParseForwardRow(defaultRoute)
		nb, _ := ParseNeighbourRow(neighbourRow)
		AppendLink(&b, &link, 1)
		AppendAddr(&b, &a, 1)
		AppendRoute(&b, &r, 1)
		AppendNeighbour(&b, &nb, 1)
	})
	if n != 0 {
		t.Fatalf("%v allocations, want 0", n)
	}
}
