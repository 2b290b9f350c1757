package rtnl

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/nlroute/nlroute/wire"
)

// TestXDPEncode checks the IFLA_XDP request byte for byte (little-endian
// host) and that it reads back through LinkView.XDP's decoder layout.
func TestXDPEncode(t *testing.T) {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Skip("the byte literals are a little-endian host's")
	}
	for _, tt := range []struct {
		name string
		x    XDP
		want []byte // the message after the 16-byte header
	}{
		{"attach generic", XDP{FD: 7, Flags: XDPGeneric}, []byte{
			0, 0, 0, 0, // ifi_family, pad, ifi_type
			3, 0, 0, 0, // ifi_index 3
			0, 0, 0, 0, // ifi_flags
			0, 0, 0, 0, // ifi_change
			20, 0, 43, 0x80, // IFLA_XDP, nested
			8, 0, 1, 0, 7, 0, 0, 0, // IFLA_XDP_FD 7
			8, 0, 3, 0, 2, 0, 0, 0, // IFLA_XDP_FLAGS SKB_MODE
		}},
		{"detach", XDP{FD: -1}, []byte{
			0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			12, 0, 43, 0x80, // IFLA_XDP, nested
			8, 0, 1, 0, 0xff, 0xff, 0xff, 0xff, // IFLA_XDP_FD -1
		}},
		{"replace", XDP{FD: 7, Flags: XDPReplace, ExpectedFD: 9}, []byte{
			0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			28, 0, 43, 0x80, // IFLA_XDP, nested
			8, 0, 1, 0, 7, 0, 0, 0, // IFLA_XDP_FD 7
			8, 0, 3, 0, 16, 0, 0, 0, // IFLA_XDP_FLAGS REPLACE
			8, 0, 8, 0, 9, 0, 0, 0, // IFLA_XDP_EXPECTED_FD 9
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b wire.Builder
			b.Reset(nil)
			if err := tt.x.Encode(&b, 3, wire.FlagRequest|wire.FlagAck, 1); err != nil {
				t.Fatal(err)
			}
			got := b.Bytes()
			if len(got) < 16 || !bytes.Equal(got[16:], tt.want) {
				t.Fatalf("encoded\n% x\nwant\n% x", got[min(16, len(got)):], tt.want)
			}
		})
	}
	var b wire.Builder
	if err := (XDP{FD: 7}).Encode(&b, 0, 0, 0); err == nil {
		t.Fatal("index 0 accepted")
	}
}

func TestXDPEncodeAllocs(t *testing.T) {
	buf := make([]byte, 0, 256)
	var b wire.Builder
	x := XDP{FD: 7, Flags: XDPReplace | XDPGeneric, ExpectedFD: 9}
	if n := testing.AllocsPerRun(100, func() {
		b.Reset(buf)
		_ = x.Encode(&b, 3, wire.FlagRequest, 1)
	}); n != 0 {
		t.Fatalf("XDP.Encode allocates %v times", n)
	}
}
