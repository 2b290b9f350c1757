package codec

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// catalogue lists every netlink capture in ../testdata/kernel whose
// messages a schema decodes; each message is decoded with
// SchemaFor(its type).
var catalogue = []string{
	"links.bin", "addrs.bin", "routes.bin", "routes6.bin",
	"links-full.bin", "brlinks.bin", "addrs-full.bin", "routes-full.bin",
	"rules.bin", "neigh.bin", "neigh-proxy.bin", "fdb.bin",
	"nexthops.bin", "nhbuckets.bin", "neightbl.bin", "nsid.bin",
	"qdiscs.bin", "classes.bin", "filters.bin", "filters-ingress.bin",
	"filters-clsact.bin", "filters-clsact-egress.bin", "stats.bin",
}

// seam reports whether an attribute's value is left to another package
// on purpose: TCA_OPTIONS of a kind the tc package has not registered.
func seam(sp *AttrSpec) bool {
	return sp.Select != nil && sp.Select.Sibling == uapi.TCA_KIND && sp.Type == uapi.TCA_OPTIONS
}

// unknowns walks every attribute of it at every nesting level (nested
// chains, kind-selected tables, records) and returns the path of each
// one the schema does not know, of each nested value whose table could
// not be resolved, and of each value whose bytes are not what its kind
// encodes (a sign of a wrong kind in a table).
func unknowns(path string, it AttrIter) []string {
	var bad []string
	for it.Next() {
		v := it.Value()
		if v.Spec == nil {
			bad = append(bad, path+"/UNKNOWN_"+strconv.Itoa(int(v.Attr.Kind())))
			continue
		}
		p := path + "/" + v.Spec.Name
		if seam(v.Spec) && v.Nest().Table() == nil {
			continue
		}
		if !canonical(v) {
			bad = append(bad, fmt.Sprintf("%s (%d bytes not a canonical %s)", p, len(v.Value), v.Spec.Kind))
			continue
		}
		switch v.Spec.Kind {
		case KindNested:
			n := v.Nest()
			if n.Table() == nil {
				bad = append(bad, p+" (no table)")
				continue
			}
			bad = append(bad, unknowns(p, n.Attrs())...)
		case KindRecords:
			rs := v.Records()
			for i := 0; rs.Next(); i++ {
				bad = append(bad, unknowns(fmt.Sprintf("%s[%d]", p, i), rs.Record().Attrs())...)
			}
			if err := rs.Err(); err != nil {
				bad = append(bad, p+": "+err.Error())
			}
		}
		if err := it.Err(); err != nil {
			bad = append(bad, p+": "+err.Error())
		}
	}
	return bad
}

// TestZeroUnknown decodes every message of every capture with its schema
// and requires every attribute at every level to be known, and the
// pyroute2-style rendering to hold no UNKNOWN_. TCA_OPTIONS of kinds the
// tc package has not registered (none, in this package) is exempt.
func TestZeroUnknown(t *testing.T) {
	for _, name := range catalogue {
		t.Run(name, func(t *testing.T) {
			msgs := messages(t, capture(t, name))
			if len(msgs) == 0 {
				t.Fatal("no messages")
			}
			for i, raw := range msgs {
				s := SchemaFor(wire.MsgType(ne16(raw[4:])))
				if s == nil {
					t.Fatalf("message %d: no schema for type %d", i, ne16(raw[4:]))
				}
				m := mustMsg(t, s, raw)
				who := fmt.Sprintf("message %d (%s)", i, m.Event())
				for _, p := range unknowns(s.Name, m.Attrs()) {
					t.Errorf("%s: %s", who, p)
				}
				it := m.Attrs()
				for it.Next() {
					v := it.Value()
					if v.Spec != nil && seam(v.Spec) {
						continue
					}
					if js := appendAttr(nil, v); bytes.Contains(js, []byte("UNKNOWN_")) {
						t.Errorf("%s: JSON has UNKNOWN_: %s", who, js)
					}
				}
				if err := it.Err(); err != nil {
					t.Errorf("%s: %v", who, err)
				}
			}
		})
	}
}

// TestCatalogueRoundTrip re-encodes every message of every capture
// (decode → Encode, and decode → JSON → EncodeDict) and requires the
// kernel's bytes back.
func TestCatalogueRoundTrip(t *testing.T) {
	for _, name := range catalogue {
		t.Run(name, func(t *testing.T) {
			for i, raw := range messages(t, capture(t, name)) {
				s := SchemaFor(wire.MsgType(ne16(raw[4:])))
				if got := reencode(t, s, raw); !bytes.Equal(got, raw) {
					t.Fatalf("message %d: Encode differs:\n got % x\nwant % x", i, got, raw)
				}
				if got, js := viaJSON(t, s, raw); !bytes.Equal(got, raw) {
					t.Fatalf("message %d: EncodeDict of %s differs:\n got % x\nwant % x", i, js, got, raw)
				}
			}
		})
	}
}

// TestSchemaFor checks that every message type of every schema finds
// its schema, and that the names are the kernel's.
func TestSchemaFor(t *testing.T) {
	for _, s := range Schemas() {
		for _, e := range s.Events {
			if got := SchemaFor(e.Type); got != s {
				t.Errorf("SchemaFor(%s) = %v, want %s", e.Name, got, s.Name)
			}
			if !strings.HasPrefix(e.Name, "RTM_") {
				t.Errorf("%s: event %q", s.Name, e.Name)
			}
		}
	}
	if SchemaFor(wire.TypeError) != nil {
		t.Error("SchemaFor(NLMSG_ERROR) is not nil")
	}
}

func ne16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
