package rtnl

import "github.com/nlroute/nlroute/wire"

// nestedAttr returns the first attribute of type t in the chain b,
// without a schema: the fast path of typed accessors.
func nestedAttr(b []byte, t uint16) (wire.Attr, bool) {
	it := wire.NewAttrs(b)
	for it.Next() {
		if a := it.Attr(); a.Kind() == t {
			return a, true
		}
	}
	return wire.Attr{}, false
}
