package codectest

import (
	"fmt"
	"slices"

	"github.com/nlroute/nlroute/codec"
)

// Conform reports the first attribute of m, nests included, that its
// schema does not know, or whose value does not have the width the
// schema gives it (an integer of another size, an address that is
// neither 4 nor 16 bytes, a flag with a value). A producer of messages
// — a typed encoder, a translator — conforms when its every attribute
// decodes as the kernel's own would. Widths are not checked for the
// attributes named in asymmetric: those a request carries in another
// form than the replies the schema decodes (IFLA_VXLAN_TTL_INHERIT is a
// flag in requests, a u8 in replies).
func Conform(m *codec.Msg, asymmetric ...string) error { return conform(m.Attrs(), "", asymmetric) }

func conform(it codec.AttrIter, path string, asym []string) error {
	for it.Next() {
		v := it.Value()
		name := v.Name()
		if name == "" {
			return fmt.Errorf("%sattribute type %d at offset %d: not in the schema", path, v.Attr.Kind(), it.Offset())
		}
		n, k := len(v.Bytes()), v.Kind()
		bad := false
		switch {
		case slices.Contains(asym, name):
		case k.Width() != 0:
			bad = n != k.Width()
		case k == codec.KindUint:
			bad = n != 4 && n != 8
		case k == codec.KindAddr:
			bad = n != 4 && n != 16
		case k == codec.KindFlag:
			bad = n != 0
		case k == codec.KindNested:
			if err := conform(v.Nest().Attrs(), path+name+".", asym); err != nil {
				return err
			}
		}
		if bad {
			return fmt.Errorf("%s%s: %d bytes for a %s", path, name, n, k)
		}
	}
	return it.Err()
}
