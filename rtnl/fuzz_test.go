package rtnl

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/wire"
)

// FuzzMPLSLabels parses label stacks in every notation: no panic, labels
// within 20 bits, and a parsed stack written back as "a/b/c" parses to
// the same labels.
func FuzzMPLSLabels(f *testing.F) {
	for _, s := range []string{"300", "200/300", "1048575", "1048576", "0/0/0", "", "/", "a/1", "-1", "16/17/18/19"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		labels, err := ParseMPLSLabels("newdst", s)
		if err != nil {
			if !strings.Contains(err.Error(), "newdst") {
				t.Fatalf("error %q does not name the keyword", err)
			}
			return
		}
		parts := make([]string, len(labels))
		for i, l := range labels {
			if l.Label > MPLSLabelMax {
				t.Fatalf("label %d above 20 bits from %q", l.Label, s)
			}
			parts[i] = fmt.Sprint(l.Label)
		}
		if len(labels) == 0 {
			return
		}
		again, err := ParseMPLSLabels("newdst", strings.Join(parts, "/"))
		if err != nil || len(again) != len(labels) {
			t.Fatalf("%q → %v → %v, %v", s, labels, again, err)
		}
		for i := range again {
			if again[i].Label != labels[i].Label {
				t.Fatalf("%q: label %d reads back as %d", s, labels[i].Label, again[i].Label)
			}
		}
	})
}

// FuzzReadRouteDump reads arbitrary `ip route save` files: no panic, and
// whatever parses gives routes whose accessors are all safe.
func FuzzReadRouteDump(f *testing.F) {
	var magic [4]byte
	binary.NativeEndian.PutUint32(magic[:], RouteDumpMagic)
	routes := testutil.Capture(f, "routes.bin")
	f.Add(append(magic[:], routes[:min(len(routes), 2048)]...))
	f.Add(magic[:])
	f.Add([]byte("not a dump"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := routeDumpProperty(b, ReadRouteDump); err != nil {
			t.Fatal(err)
		}
		views, _ := ReadRouteDump(bytes.NewReader(b))
		for _, v := range views {
			callAll(t, "route dump", v)
		}
	})
}

// routeDumpProperty is FuzzReadRouteDump's property for read: an error
// is ErrRouteDumpMagic or names the message; the routes read, written
// back as a dump (magic, then each message's bytes), read back to the
// same routes, byte for byte.
func routeDumpProperty(b []byte, read func(io.Reader) ([]RouteView, error)) error {
	views, err := read(bytes.NewReader(b))
	if err != nil && err != ErrRouteDumpMagic && !strings.HasPrefix(err.Error(), "rtnl: route dump: message ") {
		return fmt.Errorf("error %q names no message", err)
	}
	if err == ErrRouteDumpMagic {
		return nil
	}
	out := binary.NativeEndian.AppendUint32(nil, RouteDumpMagic)
	for _, v := range views {
		out = v.Msg().AppendRaw(out)
		out = append(out, make([]byte, wire.Align(len(out))-len(out))...)
	}
	again, err := read(bytes.NewReader(out))
	if err != nil || len(again) != len(views) {
		return fmt.Errorf("%d routes read, written back and read again: %d, %v", len(views), len(again), err)
	}
	for i := range views {
		if x, y := views[i].Msg().AppendRaw(nil), again[i].Msg().AppendRaw(nil); !bytes.Equal(x, y) {
			return fmt.Errorf("route %d: read % x, read again % x", i, x, y)
		}
	}
	return nil
}

// TestRouteDumpPropertyCatches: the property fails on a reader that
// drops a route or changes one.
func TestRouteDumpPropertyCatches(t *testing.T) {
	var magic [4]byte
	binary.NativeEndian.PutUint32(magic[:], RouteDumpMagic)
	dump := append(magic[:], testutil.Capture(t, "routes.bin")...)
	if err := routeDumpProperty(dump, ReadRouteDump); err != nil {
		t.Fatalf("the real reader: %v", err)
	}
	dropLast := func(r io.Reader) ([]RouteView, error) {
		vs, err := ReadRouteDump(r)
		if len(vs) > 0 {
			vs = vs[:len(vs)-1]
		}
		return vs, err
	}
	if err := routeDumpProperty(dump, dropLast); err == nil {
		t.Error("a reader dropping the last route passes")
	}
	misnames := func(r io.Reader) ([]RouteView, error) {
		vs, err := ReadRouteDump(r)
		if err != nil {
			err = errors.New("something went wrong")
		}
		return vs, err
	}
	if err := routeDumpProperty(append(dump, 1, 2, 3), misnames); err == nil {
		t.Error("a reader whose error names no message passes")
	}
}
