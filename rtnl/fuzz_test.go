package rtnl

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
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
		views, err := ReadRouteDump(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, v := range views {
			callAll(t, "route dump", v)
		}
	})
}
