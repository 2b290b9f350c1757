package tc

import (
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/wire"
)

// TestQdiscCaptures: with this package's kinds registered, every qdisc
// and class of the kernel captures (htb, tbf, pfifo, ingress, clsact,
// noqueue, htb classes with their xstats) decodes with nothing unknown or
// raw in TCA_OPTIONS, and re-encodes to the kernel's bytes through
// Msg.Encode and the JSON dict form. codec's own zero-unknown test
// exempts TCA_OPTIONS, which it cannot know.
func TestQdiscCaptures(t *testing.T) {
	for _, name := range []string{"qdiscs.bin", "classes.bin"} {
		t.Run(name, func(t *testing.T) {
			it := wire.NewMessages(testutil.Capture(t, name))
			n := 0
			for it.Next() {
				m := it.Message()
				if m.Header.Type == wire.TypeDone {
					continue
				}
				raw := append(m.Header.Append(nil), m.Data...)
				qdiscCodecCheck(t, raw)
				n++
				h, _ := parseMsg(m)
				if h.kind == "htb" && m.Header.Type == msgNewClass {
					if _, ok := h.stats.App.(HTBXStats); !ok {
						t.Errorf("htb class %x: xstats %+v", h.handle, h.stats.App)
					}
				}
			}
			if err := it.Err(); err != nil || n == 0 {
				t.Fatalf("%d messages, %v", n, err)
			}
		})
	}
}
